package install

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/install/proxytest"
	"github.com/gohook/gohook/toolchain"
)

// A good install: downloaded through the proxy, verified against the
// checksum database, unpacked into <ToolchainsDir>/go1.23.4 with bin/go
// runnable and the _go.mod files in place — and nothing else left behind.
func TestInstallRelease(t *testing.T) {
	w := newWorld(t)
	w.publish("go1.23.4")
	cache := w.discoveryCache()

	var log bytes.Buffer
	res, err := w.install("1.23.4", Options{Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(w.env.ToolchainsDir(), "go1.23.4")
	if res.Version != "go1.23.4" || res.Root != root || res.Already || res.Reused != "" {
		t.Errorf("Result = %+v", res)
	}
	tc, ok := toolchain.Inspect(root)
	if !ok || tc.Version != "go1.23.4" || !tc.Host() {
		t.Fatalf("Inspect(%s) = %+v, %v", root, tc, ok)
	}
	for _, f := range []string{"src/go.mod", "src/cmd/go.mod"} {
		if _, err := os.Stat(filepath.Join(root, f)); err != nil {
			t.Errorf("%s missing after install: %v", f, err)
		}
	}
	if runtime.GOOS != "windows" {
		out, err := exec.Command(filepath.Join(root, "bin", "go"), "version").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "go1.23.4") {
			t.Errorf("bin/go version = %q, %v", out, err)
		}
	}
	if got := w.toolchainsDir(); len(got) != 1 || got[0] != "go1.23.4" {
		t.Errorf("toolchains dir holds %v; want only go1.23.4", got)
	}
	w.forgotten(cache)
	for _, want := range []string{"downloading go1.23.4", "verified go1.23.4", testDB} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, log.String())
		}
	}

	// Installing it again is a no-op that needs no network at all.
	w.env["GOPROXY"] = "off"
	res, err = w.install("go1.23.4", Options{})
	if err != nil || !res.Already {
		t.Fatalf("second install = %+v, %v; want Already", res, err)
	}
	if n := w.hitsOf(zipPath("go1.23.4")); n != 1 {
		t.Errorf("zip fetched %d times; want 1", n)
	}
}

// A zip whose contents differ from what the checksum database records (a
// compromised proxy) is refused.
func TestInstallRefusesTamperedZip(t *testing.T) {
	w := newWorld(t)
	w.publish("go1.23.4")
	files := fakeRelease("go1.23.4")
	files["bin/go"] = "#!/bin/sh\necho pwned\n"
	w.srv.Tamper("go1.23.4", moduleZip(t, "go1.23.4", files))

	_, err := w.install("1.23.4", Options{})
	w.mustFail(err, "checksum mismatch")
}

// The database's record, not the proxy's zip, is what decides: a record
// that does not match the served zip refuses the install.
func TestInstallRefusesWrongChecksum(t *testing.T) {
	w := newWorld(t)
	w.publish("go1.23.4")
	w.srv.Record("go1.23.4", "h1:Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm8=")

	_, err := w.install("1.23.4", Options{})
	w.mustFail(err, "h1:Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm8=")
}

// When the checksum database cannot be reached, nothing is installed.
func TestInstallRefusesWhenSumdbUnreachable(t *testing.T) {
	t.Run("explicit URL down", func(t *testing.T) {
		w := newWorld(t)
		w.publish("go1.23.4")
		w.env["GOSUMDB"] = w.srv.GOSUMDB + " " + closedURL(t)
		_, err := w.install("1.23.4", Options{})
		w.mustFail(err, "cannot verify against the checksum database "+testDB)
	})
	t.Run("proxy fails the supported check", func(t *testing.T) {
		// A proxy error other than 404/410 on /supported stops the go
		// command from trying anything else; so does gohook.
		w := newWorld(t)
		w.publish("go1.23.4")
		w.srv.FailSupported(http.StatusInternalServerError)
		_, err := w.install("1.23.4", Options{})
		w.mustFail(err, "500 Internal Server Error")
	})
}

// GOSUMDB=off cannot verify anything: the install is refused unless the
// user passes the explicit flag, and then it says it is skipping.
func TestInstallWithoutChecksumDatabaseNeedsFlag(t *testing.T) {
	w := newWorld(t)
	w.publish("go1.23.4")
	w.env["GOSUMDB"] = "off"
	_, err := w.install("1.23.4", Options{})
	w.mustFail(err, "--insecure-skip-verify")
	if n := w.hitsOf(zipPath("go1.23.4")); n != 0 {
		t.Errorf("refused install still fetched the zip %d times", n)
	}

	var log bytes.Buffer
	if _, err := w.install("1.23.4", Options{Log: &log, InsecureSkipVerify: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "WARNING: skipping checksum database verification of go1.23.4") {
		t.Errorf("no warning about skipping verification in:\n%s", log.String())
	}
}

// GONOSUMDB and GOPRIVATE are about private modules; golang.org/toolchain
// is public and executed, so — like the go command — gohook verifies it
// anyway, and a tampered zip is still refused.
func TestInstallVerifiesDespiteGONOSUMDB(t *testing.T) {
	w := newWorld(t)
	w.publish("go1.23.4")
	w.srv.Record("go1.23.4", "h1:Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm8=")
	w.env["GONOSUMDB"] = "golang.org"
	w.env["GOPRIVATE"] = "*"
	w.env["GONOPROXY"] = "none.example"
	_, err := w.install("1.23.4", Options{})
	w.mustFail(err, "checksum mismatch")
}

// A download cut off midway (the server closes the connection before the
// declared length) fails cleanly, and a later install succeeds.
func TestInstallInterruptedDownload(t *testing.T) {
	w := newWorld(t)
	w.publish("go1.23.4")
	w.srv.ServeZips(func(rw http.ResponseWriter, r *http.Request, data []byte) {
		rw.Header().Set("Content-Length", strconv.Itoa(len(data)))
		rw.Write(data[:len(data)/2])
		rw.(http.Flusher).Flush()
		conn, _, err := http.NewResponseController(rw).Hijack()
		if err == nil {
			conn.Close()
		}
	})
	_, err := w.install("1.23.4", Options{})
	w.mustFail(err, "download from 127.0.0.1")
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("error %q is not an unexpected EOF", err)
	}

	w.srv.ServeZips(nil)
	if _, err := w.install("1.23.4", Options{}); err != nil {
		t.Fatalf("install after an interrupted one: %v", err)
	}
}

// A response that is complete but holds a truncated zip is caught before
// anything is unpacked.
func TestInstallTruncatedZip(t *testing.T) {
	w := newWorld(t)
	w.publish("go1.23.4")
	w.srv.ServeZips(func(rw http.ResponseWriter, r *http.Request, data []byte) {
		rw.Write(data[:len(data)-30])
	})
	_, err := w.install("1.23.4", Options{})
	w.mustFail(err, "the zip is corrupt or truncated")
}

// Even a zip the database vouches for is unpacked with x/mod/zip's rules:
// a file outside the module directory is refused, and nothing escapes.
func TestInstallRejectsPathEscape(t *testing.T) {
	w := newWorld(t)
	files := fakeRelease("go1.23.4")
	files["../../../escaped"] = "boo"
	data := moduleZip(t, "go1.23.4", files)
	if err := w.srv.PublishZip("go1.23.4", data); err != nil {
		t.Fatal(err)
	}

	_, err := w.install("1.23.4", Options{})
	w.mustFail(err, "breaks the module zip rules")
	if !strings.Contains(err.Error(), "path does not have prefix") {
		t.Errorf("error does not say which rule: %q", err)
	}
	filepath.WalkDir(w.root, func(p string, d fs.DirEntry, err error) error {
		if d != nil && d.Name() == "escaped" {
			t.Errorf("zip entry escaped to %s", p)
		}
		return nil
	})
}

// Two installs of one release at once: one downloads, the other waits for
// it and then finds it installed; both succeed, and the zip is fetched once.
func TestConcurrentInstallsDoTheWorkOnce(t *testing.T) {
	w := newWorld(t)
	w.publish("go1.23.4")
	entered := make(chan struct{})
	release := make(chan struct{})
	var requests atomic.Int32
	w.srv.ServeZips(func(rw http.ResponseWriter, r *http.Request, data []byte) {
		if requests.Add(1) == 1 {
			close(entered)
			<-release
		}
		rw.Write(data)
	})

	results := make([]Result, 2)
	errs := make([]error, 2)
	first, second := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(first)
		results[0], errs[0] = w.install("1.23.4", Options{})
	}()
	<-entered // the first install holds the lock and is downloading

	waiting := &signalWriter{match: "waiting for another gohook install of go1.23.4", c: make(chan struct{})}
	go func() {
		defer close(second)
		results[1], errs[1] = w.install("1.23.4", Options{Log: waiting})
	}()
	select {
	case <-waiting.c: // the second install is blocked on the lock
	case <-second:
		close(release)
		<-first
		t.Fatalf("second install did not wait for the first: %+v, %v", results[1], errs[1])
	}
	close(release)
	<-first
	<-second

	for i, err := range errs {
		if err != nil {
			t.Fatalf("install %d: %v", i, err)
		}
	}
	if results[0].Already || !results[1].Already {
		t.Errorf("results = %+v; want the first to install and the second to find it done", results)
	}
	if got := w.toolchainsDir(); len(got) != 1 {
		t.Errorf("toolchains dir holds %v; want only go1.23.4", got)
	}
	if n := w.hitsOf(zipPath("go1.23.4")); n != 1 {
		t.Errorf("zip fetched %d times; want once", n)
	}
}

// signalWriter closes c once something containing match is written to it.
type signalWriter struct {
	mu    sync.Mutex
	buf   strings.Builder
	match string
	c     chan struct{}
	done  bool
}

func (s *signalWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf.Write(p)
	if !s.done && strings.Contains(s.buf.String(), s.match) {
		s.done = true
		close(s.c)
	}
	return len(p), nil
}

// A zip the go command already downloaded into the module cache is used
// after verification, without downloading; one that fails verification is
// ignored and the proxy's copy installed instead.
func TestInstallReusesModuleCacheZip(t *testing.T) {
	cacheZip := func(w *world, data []byte) string {
		f := filepath.Join(w.env.GOMODCACHE(), "cache", "download", modulePath, "@v", moduleVersion("go1.23.4").Version+".zip")
		os.MkdirAll(filepath.Dir(f), 0o777)
		if err := os.WriteFile(f, data, 0o444); err != nil {
			t.Fatal(err)
		}
		return f
	}
	t.Run("verified", func(t *testing.T) {
		w := newWorld(t)
		cached := cacheZip(w, w.publish("go1.23.4"))
		w.srv.FailZips(http.StatusInternalServerError) // must not be asked
		res, err := w.install("1.23.4", Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Reused != cached {
			t.Errorf("Reused = %q; want %q", res.Reused, cached)
		}
		if n := w.hitsOf(zipPath("go1.23.4")); n != 0 {
			t.Errorf("zip downloaded %d times despite the module cache copy", n)
		}
		if _, err := os.Stat(cached); err != nil {
			t.Errorf("module cache zip gone after reuse: %v", err)
		}
	})
	t.Run("tampered", func(t *testing.T) {
		w := newWorld(t)
		w.publish("go1.23.4")
		files := fakeRelease("go1.23.4")
		files["bin/go"] = "#!/bin/sh\necho pwned\n"
		cacheZip(w, moduleZip(t, "go1.23.4", files))
		var log bytes.Buffer
		res, err := w.install("1.23.4", Options{Log: &log})
		if err != nil {
			t.Fatal(err)
		}
		if res.Reused != "" || w.hitsOf(zipPath("go1.23.4")) != 1 {
			t.Errorf("tampered module cache zip was used: %+v", res)
		}
		if !strings.Contains(log.String(), "checksum mismatch") {
			t.Errorf("log does not say why the cached zip was not used:\n%s", log.String())
		}
		data, _ := os.ReadFile(filepath.Join(res.Root, "bin", "go"))
		if strings.Contains(string(data), "pwned") {
			t.Errorf("installed the tampered bin/go")
		}
	})
}

// The proxy not having a release (404) is "not available", distinct from a
// proxy failing (500), which is reported as such.
func TestInstallNotFoundVersusServerError(t *testing.T) {
	w := newWorld(t)
	w.publish("go1.23.4")
	_, err := w.install("1.23.5", Options{})
	w.mustFail(err, "install go1.23.5: not available for "+runtime.GOOS+"/"+runtime.GOARCH)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("404 error %q is not fs.ErrNotExist", err)
	}

	w.srv.FailZips(http.StatusInternalServerError)
	_, err = w.install("1.23.4", Options{})
	w.mustFail(err, "500 Internal Server Error")
	if errors.Is(err, fs.ErrNotExist) || strings.Contains(err.Error(), "not available") {
		t.Errorf("500 reported as not found: %q", err)
	}
}

// A mirror that answers 403 for releases it does not have still gets the
// "not available" message, because the release is not in its list; a 403
// for a release it lists is reported as the error it is.
func TestInstallUnlistedRelease(t *testing.T) {
	w := newWorld(t)
	w.publish("go1.23.4")
	w.srv.FailZips(http.StatusForbidden)
	_, err := w.install("1.99.0", Options{})
	w.mustFail(err, "install go1.99.0: not available for")
	_, err = w.install("1.23.4", Options{})
	w.mustFail(err, "install go1.23.4: downloading: ")
	if strings.Contains(err.Error(), "not available") {
		t.Errorf("listed release reported as not available: %q", err)
	}
}

func TestInstallInvalidVersion(t *testing.T) {
	for _, v := range []string{"", "banana", "1.x", "go1.23.4.5", "1.23.04", "../go1.23.4", "1.23.4/x", "2.0", "go1.21rc"} {
		w := newWorld(t)
		_, err := w.install(v, Options{})
		w.mustFail(err, "invalid Go version")
		if w.srv.Requests() != 0 {
			t.Errorf("%q: made %d requests", v, w.srv.Requests())
		}
	}
}

// An unwritable GOHOOK_HOME is one clear error naming the fix.
func TestInstallUnwritableHome(t *testing.T) {
	w := newWorld(t)
	w.publish("go1.23.4")
	file := filepath.Join(w.root, "file")
	os.WriteFile(file, nil, 0o666)
	w.env["GOHOOK_HOME"] = filepath.Join(file, "gohook") // a path through a file: fails even for root
	_, err := w.install("1.23.4", Options{})
	w.mustFail(err, "set GOHOOK_HOME to a writable directory")
}

// A killed install leaves a hidden temporary directory; the next install
// of that release, holding the lock, removes it.
func TestInstallCleansUpAfterKilledInstall(t *testing.T) {
	w := newWorld(t)
	w.publish("go1.23.4")
	stale := filepath.Join(w.env.ToolchainsDir(), ".tmp-go1.23.4-123", "go1.23.4", "bin")
	os.MkdirAll(stale, 0o777)
	os.WriteFile(filepath.Join(stale, "go"), []byte("half"), 0o444)
	other := filepath.Join(w.env.ToolchainsDir(), ".tmp-go1.22.0-456")
	os.MkdirAll(other, 0o777)

	if _, err := w.install("1.23.4", Options{}); err != nil {
		t.Fatal(err)
	}
	got := w.toolchainsDir()
	if strings.Join(got, " ") != ".tmp-go1.22.0-456 go1.23.4" {
		t.Errorf("toolchains dir = %v; want the stale go1.23.4 temp dir gone and go1.22.0's (maybe in use) kept", got)
	}
}

// Cancelling (Ctrl-C) mid-download removes everything written.
func TestInstallCancelled(t *testing.T) {
	w := newWorld(t)
	w.publish("go1.23.4")
	ctx, cancel := context.WithCancel(context.Background())
	w.srv.ServeZips(func(rw http.ResponseWriter, r *http.Request, data []byte) {
		rw.Header().Set("Content-Length", strconv.Itoa(len(data)))
		rw.Write(data[:100])
		rw.(http.Flusher).Flush()
		cancel()
		<-r.Context().Done()
	})
	_, err := Install(ctx, "1.23.4", Options{Env: w.env})
	w.mustFail(err, "install go1.23.4: interrupted; nothing was installed")
}

// The same across processes, which is what the lock is for: a second
// gohook (this test binary, re-run as a child) waits for the first and
// then finds the release installed.
func TestConcurrentInstallsAcrossProcesses(t *testing.T) {
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("no subprocesses")
	}
	w := newWorld(t)
	w.publish("go1.23.4")
	entered, release := make(chan struct{}), make(chan struct{})
	var requests atomic.Int32
	w.srv.ServeZips(func(rw http.ResponseWriter, r *http.Request, data []byte) {
		if requests.Add(1) == 1 {
			close(entered)
			<-release
		}
		rw.Write(data)
	})
	first := make(chan error, 1)
	go func() {
		_, err := w.install("1.23.4", Options{})
		first <- err
	}()
	<-entered

	child := exec.Command(os.Args[0], "-test.run=^TestChildInstall$")
	child.Env = append(os.Environ(), "GOHOOK_TEST_CHILD_INSTALL=1")
	for k, v := range w.env {
		child.Env = append(child.Env, k+"="+v)
	}
	var stdout bytes.Buffer
	child.Stdout = &stdout
	waiting := &signalWriter{match: "waiting for another gohook install of go1.23.4", c: make(chan struct{})}
	child.Stderr = waiting
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- child.Wait() }()
	select {
	case <-waiting.c:
	case err := <-exited:
		close(release)
		<-first
		t.Fatalf("child install did not wait for the first (%v):\n%s%s", err, stdout.String(), waiting.buf.String())
	}
	close(release)
	if err := <-first; err != nil {
		t.Fatalf("first install: %v", err)
	}
	if err := <-exited; err != nil {
		t.Fatalf("child install: %v\n%s%s", err, stdout.String(), waiting.buf.String())
	}
	if !strings.Contains(stdout.String(), "already installed") {
		t.Errorf("child did not find the release installed:\n%s", stdout.String())
	}
	if n := w.hitsOf(zipPath("go1.23.4")); n != 1 {
		t.Errorf("zip fetched %d times; want once", n)
	}
}

// TestChildInstall is the child process of
// TestConcurrentInstallsAcrossProcesses.
func TestChildInstall(t *testing.T) {
	if os.Getenv("GOHOOK_TEST_CHILD_INSTALL") != "1" {
		t.Skip("only run as a child of TestConcurrentInstallsAcrossProcesses")
	}
	res, err := Install(context.Background(), "1.23.4", Options{Env: config.Environ(), Log: os.Stderr})
	if err != nil {
		t.Fatal(err)
	}
	if res.Already {
		fmt.Println("already installed")
	}
}

// A download that stops delivering bytes is abandoned instead of hanging.
// The server never sends the rest, so the outcome does not depend on
// timing; the short timeout only keeps the test fast.
func TestInstallStalledDownload(t *testing.T) {
	defer func(d time.Duration) { stallTimeout = d }(stallTimeout)
	stallTimeout = 50 * time.Millisecond
	w := newWorld(t)
	w.publish("go1.23.4")
	w.srv.ServeZips(func(rw http.ResponseWriter, r *http.Request, data []byte) {
		rw.Header().Set("Content-Length", strconv.Itoa(len(data)))
		rw.Write(data[:100])
		rw.(http.Flusher).Flush()
		<-r.Context().Done() // stall until the client gives up
	})
	_, err := w.install("1.23.4", Options{})
	w.mustFail(err, "the connection stalled")
}

// TestInstallKeepsToolchainsOthersInstalled: a release that another tool
// already put on the machine (here ~/sdk, from golang.org/dl) is used
// where it is, without a download or a second copy.
func TestInstallKeepsToolchainsOthersInstalled(t *testing.T) {
	w := newWorld(t)
	w.publish("go1.23.4")
	sdk := toolchain.Toolchain{Root: filepath.Join(w.root, "home", "sdk", "go1.23.4"), Version: "go1.23.4", GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, Source: "sdk"}
	for _, q := range []string{"1.23.4", "1.23", "latest"} {
		res, err := w.install(q, Options{Existing: []toolchain.Toolchain{sdk}})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if !res.Already || res.Root != sdk.Root || res.Source != "sdk" {
			t.Errorf("%s: %+v, want the sdk copy, already there", q, res)
		}
	}
	if n := w.hitsOf(proxytest.ZipPath("go1.23.4")); n != 0 {
		t.Errorf("downloaded the zip %d times", n)
	}
	if names := w.toolchainsDir(); len(names) != 0 {
		t.Errorf("made a copy: %q", names)
	}
}
