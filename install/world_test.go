package install

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/toolchain"
	"golang.org/x/mod/sumdb"
	"golang.org/x/mod/sumdb/dirhash"
	"golang.org/x/mod/sumdb/note"
)

// This file builds the world the tests install from: fake Go releases as
// module zips, a module proxy serving them, and a checksum database that
// vouches for them — all local, started per test.

const testDB = "sumdb.test"

// fakeRelease returns the files of a tiny Go release v for this machine:
// enough for toolchain.Inspect, Finish and running bin/go.
func fakeRelease(v string) map[string]string {
	script := fmt.Sprintf("#!/bin/sh\necho go version %s %s/%s\n", v, runtime.GOOS, runtime.GOARCH)
	return map[string]string{
		"VERSION":         v + "\ntime 2024-12-03T00:00:00Z\n",
		"bin/go":          script,
		"bin/gofmt":       "#!/bin/sh\n",
		"src/_go.mod":     "module std\n",
		"src/cmd/_go.mod": "module cmd\n",
		"pkg/tool/" + runtime.GOOS + "_" + runtime.GOARCH + "/compile": "#!/bin/sh\n",
		"src/fmt/print.go": "package fmt\n",
	}
}

// moduleZip packs files as the module zip of Go release v.
func moduleZip(t testing.TB, v string, files map[string]string) []byte {
	t.Helper()
	prefix := modulePath + "@" + moduleVersion(v).Version + "/"
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		full := prefix + name
		if strings.HasPrefix(name, "/") || strings.HasPrefix(name, "../") {
			full = name // deliberately outside the module
		}
		w, err := zw.Create(full)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[name]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// h1 is the checksum database hash of a module zip.
func h1(t testing.TB, data []byte) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "m.zip")
	if err := os.WriteFile(f, data, 0o666); err != nil {
		t.Fatal(err)
	}
	h, err := dirhash.HashZip(f, dirhash.Hash1)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// A world is one test's proxy, checksum database and gohook environment.
type world struct {
	t     *testing.T
	root  string
	env   config.Env
	proxy *httptest.Server

	mu        sync.Mutex
	zips      map[string][]byte // served by the proxy, by module version
	truth     map[string]string // h1 the checksum database records, by module version
	list      []string          // extra lines for @v/list
	hits      map[string]int    // requests by path
	zipStatus int               // when set, zip requests get this status
	supported int               // status of /sumdb/<db>/supported (default 200)
	// serveZip, when set, replaces the zip handler.
	serveZip func(w http.ResponseWriter, r *http.Request, data []byte)

	vkey string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{
		t:     t,
		root:  t.TempDir(),
		zips:  map[string][]byte{},
		truth: map[string]string{},
		hits:  map[string]int{},
	}
	skey, vkey, err := note.GenerateKey(rand.Reader, testDB)
	if err != nil {
		t.Fatal(err)
	}
	w.vkey = vkey
	db := sumdb.NewServer(sumdb.NewTestServer(skey, w.gosum))

	mux := http.NewServeMux()
	mux.Handle("/sumdb/"+testDB+"/", http.StripPrefix("/sumdb/"+testDB, db))
	mux.HandleFunc("/sumdb/"+testDB+"/supported", func(rw http.ResponseWriter, r *http.Request) {
		w.mu.Lock()
		code := w.supported
		w.mu.Unlock()
		if code == 0 {
			code = http.StatusOK
		}
		rw.WriteHeader(code)
	})
	mux.HandleFunc("/"+modulePath+"/@v/", w.serveModule)
	w.proxy = httptest.NewServer(w.count(mux))
	t.Cleanup(w.proxy.Close)

	home := filepath.Join(w.root, "home")
	w.env = config.Env{
		"HOME":            home,
		"USERPROFILE":     home,
		"GOHOOK_HOME":     filepath.Join(w.root, "gohook"),
		"XDG_CACHE_HOME":  filepath.Join(w.root, "cache"),
		"XDG_DATA_HOME":   filepath.Join(w.root, "data"),
		"XDG_CONFIG_HOME": filepath.Join(w.root, "config"),
		"GOMODCACHE":      filepath.Join(w.root, "modcache"),
		"GOENV":           "off",
		"GOPROXY":         w.proxy.URL,
		"GOSUMDB":         vkey,
	}
	return w
}

// count records every request's path, so tests can tell what was fetched.
func (w *world) count(h http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.mu.Lock()
		w.hits[r.URL.Path]++
		w.mu.Unlock()
		h.ServeHTTP(rw, r)
	})
}

// publish makes release v available from the proxy and the database.
func (w *world) publish(v string) []byte {
	data := moduleZip(w.t, v, fakeRelease(v))
	w.mu.Lock()
	defer w.mu.Unlock()
	mv := moduleVersion(v).Version
	w.zips[mv] = data
	w.truth[mv] = h1(w.t, data)
	return data
}

func (w *world) gosum(path, vers string) ([]byte, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	h, ok := w.truth[vers]
	if path != modulePath || !ok {
		return nil, fs.ErrNotExist
	}
	return []byte(fmt.Sprintf("%s %s %s\n%s %s/go.mod h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", path, vers, h, path, vers)), nil
}

func (w *world) serveModule(rw http.ResponseWriter, r *http.Request) {
	file := strings.TrimPrefix(r.URL.Path, "/"+modulePath+"/@v/")
	w.mu.Lock()
	if file == "list" {
		var lines []string
		for mv := range w.zips {
			lines = append(lines, mv)
		}
		lines = append(lines, w.list...)
		w.mu.Unlock()
		fmt.Fprintln(rw, strings.Join(lines, "\n"))
		return
	}
	data, ok := w.zips[strings.TrimSuffix(file, ".zip")]
	status, serve := w.zipStatus, w.serveZip
	w.mu.Unlock()
	switch {
	case status != 0 && strings.HasSuffix(file, ".zip"):
		http.Error(rw, http.StatusText(status), status)
	case !strings.HasSuffix(file, ".zip") || !ok:
		http.NotFound(rw, r)
	case serve != nil:
		serve(rw, r, data)
	default:
		rw.Header().Set("Content-Length", fmt.Sprint(len(data)))
		rw.Write(data)
	}
}

func (w *world) hitsOf(path string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.hits[path]
}

// zipPath is the proxy path of release v's zip.
func zipPath(v string) string {
	return "/" + modulePath + "/@v/" + moduleVersion(v).Version + ".zip"
}

func (w *world) install(v string, o Options) (Result, error) {
	w.t.Helper()
	o.Env = w.env
	return Install(context.Background(), v, o)
}

// toolchainsDir lists what is in gohook's install directory, hidden
// entries included: after a failed install it must hold nothing new.
func (w *world) toolchainsDir() []string {
	dir := w.env.ToolchainsDir()
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil // not even created
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		w.t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// mustFail checks that an install failed with a message containing want and
// left nothing in the toolchains directory.
func (w *world) mustFail(err error, want string) {
	w.t.Helper()
	if err == nil {
		w.t.Fatalf("install succeeded; want an error containing %q", want)
	}
	w.t.Logf("error: %v", err)
	if !strings.Contains(err.Error(), want) {
		w.t.Fatalf("error = %q; want it to contain %q", err, want)
	}
	if strings.Contains(err.Error(), "\n") {
		w.t.Errorf("error spans several lines: %q", err)
	}
	if left := w.toolchainsDir(); len(left) > 0 {
		w.t.Fatalf("failed install left %v in %s", left, w.env.ToolchainsDir())
	}
}

// closedURL is the URL of a server that is no longer listening.
func closedURL(t *testing.T) string {
	s := httptest.NewServer(http.NotFoundHandler())
	u := s.URL
	s.Close()
	return u
}

// discoveryCache has toolchain discovery cache its results and returns the
// files that wrote, for forgotten.
func (w *world) discoveryCache() []string {
	w.t.Helper()
	dir := w.env.CacheDir()
	before := map[string]bool{}
	for _, f := range regularFiles(dir) {
		before[f] = true
	}
	toolchain.Load(toolchain.Options{Env: w.env, Search: []string{"gohook"}}, dir)
	var made []string
	for _, f := range regularFiles(dir) {
		if !before[f] {
			made = append(made, f)
		}
	}
	if len(made) == 0 {
		w.t.Fatal("toolchain.Load wrote no cache file")
	}
	return made
}

// forgotten checks that the discovery cache files are gone, so discovery
// rescans at the next prompt.
func (w *world) forgotten(cache []string) {
	w.t.Helper()
	for _, f := range cache {
		if _, err := os.Stat(f); err == nil {
			w.t.Errorf("discovery cache %s not forgotten", f)
		}
	}
}

func regularFiles(dir string) []string {
	ents, _ := os.ReadDir(dir)
	var files []string
	for _, e := range ents {
		if e.Type().IsRegular() {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	return files
}
