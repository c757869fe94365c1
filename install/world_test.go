package install

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/install/proxytest"
	"github.com/gohook/gohook/toolchain"
)

// The world the tests install from: fake Go releases served by a local
// module proxy with a checksum database behind it (package proxytest),
// and a gohook environment of temporary directories pointed at them.

const testDB = proxytest.DB

var fakeRelease = proxytest.Release

// moduleZip packs files as the module zip of Go release v.
func moduleZip(t testing.TB, v string, files map[string]string) []byte {
	t.Helper()
	data, err := proxytest.Zip(v, files)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// zipPath is the proxy path of release v's zip.
var zipPath = proxytest.ZipPath

// A world is one test's proxy, checksum database and gohook environment.
type world struct {
	t    *testing.T
	root string
	env  config.Env
	srv  *proxytest.Server
}

func newWorld(t *testing.T) *world {
	t.Helper()
	srv, err := proxytest.NewServer()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	root := t.TempDir()
	home := filepath.Join(root, "home")
	return &world{t: t, root: root, srv: srv, env: config.Env{
		"HOME":            home,
		"USERPROFILE":     home,
		"GOHOOK_HOME":     filepath.Join(root, "gohook"),
		"XDG_CACHE_HOME":  filepath.Join(root, "cache"),
		"XDG_DATA_HOME":   filepath.Join(root, "data"),
		"XDG_CONFIG_HOME": filepath.Join(root, "config"),
		"GOMODCACHE":      filepath.Join(root, "modcache"),
		"GOENV":           "off",
		"GOPROXY":         srv.URL,
		"GOSUMDB":         srv.GOSUMDB,
	}}
}

// publish makes release v available from the proxy and the database.
func (w *world) publish(v string) []byte {
	w.t.Helper()
	data, err := w.srv.Publish(v)
	if err != nil {
		w.t.Fatal(err)
	}
	return data
}

func (w *world) hitsOf(path string) int { return w.srv.Hits(path) }

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
		if !lockRemovable && strings.HasSuffix(e.Name(), ".lock") {
			continue // Windows keeps its (empty) lock files
		}
		names = append(names, e.Name())
	}
	return names
}

// mustFail checks that an install failed with a one-line message
// containing want and left nothing in the toolchains directory.
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
