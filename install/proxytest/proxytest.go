// Package proxytest serves fake Go releases the way proxy.golang.org and
// sum.golang.org serve real ones: a module proxy for golang.org/toolchain
// with a checksum database behind its /sumdb/ endpoint, all in-process. It
// lets tests of `gohook install` — Go tests and testscripts alike — run
// without the network and still exercise verification. Like
// net/http/httptest, it is only for tests.
//
//	srv, _ := proxytest.NewServer()
//	defer srv.Close()
//	srv.Publish("go1.23.4")
//	env["GOPROXY"], env["GOSUMDB"] = srv.URL, srv.GOSUMDB
package proxytest

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/mod/sumdb"
	"golang.org/x/mod/sumdb/dirhash"
	"golang.org/x/mod/sumdb/note"
)

// DB is the name of the test checksum database.
const DB = "sumdb.test"

const modulePath = "golang.org/toolchain"

// A Server is a module proxy and checksum database for fake releases of
// this machine's GOOS/GOARCH.
type Server struct {
	// URL is the proxy's base URL, for GOPROXY.
	URL string
	// GOSUMDB names the test database by its verifier key, for GOSUMDB.
	GOSUMDB string

	srv *httptest.Server

	mu        sync.Mutex
	zips      map[string][]byte // served, by module version
	truth     map[string]string // the database's h1, by module version
	list      []string
	hits      map[string]int
	zipStatus int
	supported int
	serveZip  func(w http.ResponseWriter, r *http.Request, data []byte)
}

// NewServer starts a Server. Close it when done.
func NewServer() (*Server, error) {
	skey, vkey, err := note.GenerateKey(rand.Reader, DB)
	if err != nil {
		return nil, err
	}
	s := &Server{
		GOSUMDB: vkey,
		zips:    map[string][]byte{},
		truth:   map[string]string{},
		hits:    map[string]int{},
	}
	db := sumdb.NewServer(sumdb.NewTestServer(skey, s.gosum))
	mux := http.NewServeMux()
	mux.Handle("/sumdb/"+DB+"/", http.StripPrefix("/sumdb/"+DB, db))
	mux.HandleFunc("/sumdb/"+DB+"/supported", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		code := s.supported
		s.mu.Unlock()
		if code == 0 {
			code = http.StatusOK
		}
		w.WriteHeader(code)
	})
	mux.HandleFunc("/"+modulePath+"/@v/", s.serveModule)
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	s.URL = s.srv.URL
	return s, nil
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// ModuleVersion is the golang.org/toolchain version holding release v
// (go1.23.4) for this machine.
func ModuleVersion(v string) string {
	return "v0.0.1-" + v + "." + runtime.GOOS + "-" + runtime.GOARCH
}

// ZipPath is the proxy path of release v's zip, for Hits.
func ZipPath(v string) string {
	return "/" + modulePath + "/@v/" + ModuleVersion(v) + ".zip"
}

// Release returns the files of a tiny fake Go release v for this machine:
// enough for gohook to recognise and finish it, with bin/go a shell script
// that prints "go version <v> <goos>/<goarch>".
func Release(v string) map[string]string {
	return map[string]string{
		"VERSION":          v + "\ntime 2024-12-03T00:00:00Z\n",
		"bin/go":           fmt.Sprintf("#!/bin/sh\necho go version %s %s/%s\n", v, runtime.GOOS, runtime.GOARCH),
		"bin/gofmt":        "#!/bin/sh\n",
		"src/_go.mod":      "module std\n",
		"src/cmd/_go.mod":  "module cmd\n",
		"src/fmt/print.go": "package fmt\n",
		"pkg/tool/" + runtime.GOOS + "_" + runtime.GOARCH + "/compile": "#!/bin/sh\n",
	}
}

// Zip packs files as the module zip of release v. Names starting with "/"
// or "../" are stored as they are, outside the module's directory, to test
// that they are refused.
func Zip(v string, files map[string]string) ([]byte, error) {
	prefix := modulePath + "@" + ModuleVersion(v) + "/"
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range names {
		full := prefix + name
		if strings.HasPrefix(name, "/") || strings.HasPrefix(name, "../") {
			full = name
		}
		w, err := zw.Create(full)
		if err != nil {
			return nil, err
		}
		io.WriteString(w, files[name])
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Hash is the checksum database's h1: hash of a module zip.
func Hash(data []byte) (string, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", err
	}
	files := make(map[string]*zip.File)
	var names []string
	for _, f := range z.File {
		names = append(names, f.Name)
		files[f.Name] = f
	}
	return dirhash.Hash1(names, func(name string) (io.ReadCloser, error) { return files[name].Open() })
}

// Publish makes release v (go1.23.4) available from the proxy, recorded in
// the database, and returns its zip.
func (s *Server) Publish(v string) ([]byte, error) {
	data, err := Zip(v, Release(v))
	if err != nil {
		return nil, err
	}
	return data, s.PublishZip(v, data)
}

// PublishZip serves data as release v's zip and records its hash in the
// database.
func (s *Server) PublishZip(v string, data []byte) error {
	h, err := Hash(data)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.zips[ModuleVersion(v)] = data
	s.truth[ModuleVersion(v)] = h
	return nil
}

// Tamper makes the proxy serve data for release v while the database keeps
// the hash of what was published: a compromised proxy.
func (s *Server) Tamper(v string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.zips[ModuleVersion(v)] = data
}

// Record sets the hash the database records for release v, before anyone
// has looked it up (the database's log is append-only).
func (s *Server) Record(v, h1 string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.truth[ModuleVersion(v)] = h1
}

// List adds lines to the proxy's @v/list, after the published versions.
func (s *Server) List(lines ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.list = append(s.list, lines...)
}

// FailZips makes every zip request fail with HTTP status code (0 restores).
func (s *Server) FailZips(code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.zipStatus = code
}

// FailSupported makes /sumdb/<DB>/supported answer code (0 restores 200).
func (s *Server) FailSupported(code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.supported = code
}

// ServeZips replaces how published zips are served (nil restores the
// default), to cut responses short, stall them, and so on.
func (s *Server) ServeZips(f func(w http.ResponseWriter, r *http.Request, data []byte)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.serveZip = f
}

// Hits reports how many requests path received.
func (s *Server) Hits(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// Requests reports how many requests the server received in all.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.hits {
		n += c
	}
	return n
}

func (s *Server) gosum(path, vers string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.truth[vers]
	if path != modulePath || !ok {
		return nil, fs.ErrNotExist
	}
	// The go.mod hash is never checked by gohook; any well-formed one does.
	return fmt.Appendf(nil, "%s %s %s\n%s %s/go.mod h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", path, vers, h, path, vers), nil
}

func (s *Server) serveModule(w http.ResponseWriter, r *http.Request) {
	file := strings.TrimPrefix(r.URL.Path, "/"+modulePath+"/@v/")
	s.mu.Lock()
	if file == "list" {
		var lines []string
		for mv := range s.zips {
			lines = append(lines, mv)
		}
		sort.Strings(lines)
		lines = append(lines, s.list...)
		s.mu.Unlock()
		io.WriteString(w, strings.Join(lines, "\n")+"\n")
		return
	}
	data, ok := s.zips[strings.TrimSuffix(file, ".zip")]
	status, serve := s.zipStatus, s.serveZip
	s.mu.Unlock()
	isZip := strings.HasSuffix(file, ".zip")
	switch {
	case isZip && status != 0:
		http.Error(w, http.StatusText(status), status)
	case !isZip || !ok:
		http.NotFound(w, r)
	case serve != nil:
		serve(w, r, data)
	default:
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		w.Write(data)
	}
}
