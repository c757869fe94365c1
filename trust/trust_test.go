package trust

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func TestAllowDenyRoundTrip(t *testing.T) {
	s := New(filepath.Join(t.TempDir(), "trust"))
	file := "/work/proj/.gohook.toml"

	// No store yet: nothing trusted, no error.
	if ok, err := s.Allowed(file, sum("a")); ok || err != nil {
		t.Fatalf("empty store: Allowed = %v, %v; want false, nil", ok, err)
	}
	if err := s.Allow(file, sum("a")); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.Allowed(file, sum("a")); !ok || err != nil {
		t.Fatalf("after Allow: Allowed = %v, %v; want true, nil", ok, err)
	}
	// Any edit revokes: another hash is not allowed.
	if ok, _ := s.Allowed(file, sum("b")); ok {
		t.Fatal("a different content hash is allowed")
	}
	// Another path with the same contents is not allowed either.
	if ok, _ := s.Allowed("/work/other/.gohook.toml", sum("a")); ok {
		t.Fatal("a different path with the same hash is allowed")
	}
	had, err := s.Deny(file)
	if err != nil || !had {
		t.Fatalf("Deny = %v, %v; want true, nil", had, err)
	}
	if ok, _ := s.Allowed(file, sum("a")); ok {
		t.Fatal("still allowed after Deny")
	}
	if had, err := s.Deny(file); err != nil || had {
		t.Fatalf("second Deny = %v, %v; want false, nil", had, err)
	}
}

// Paths can hold any byte but NUL; the store must give them back exactly.
func TestOddPathsRoundTrip(t *testing.T) {
	s := New(t.TempDir())
	paths := []string{
		"/p/with space/.gohook.toml",
		"/p/new\nline/.gohook.toml",
		"/p/quote\"and'/.gohook.toml",
		"/p/\xff\xfe not utf-8/.gohook.toml",
		"/p/back\\slash/$HOME/.gohook.toml",
	}
	if runtime.GOOS == "windows" {
		t.Skip("these are Unix paths")
	}
	for i, p := range paths {
		if err := s.Allow(p, sum(p)); err != nil {
			t.Fatalf("Allow(%q): %v", p, err)
		}
		for _, q := range paths[:i+1] {
			if ok, err := s.Allowed(q, sum(q)); !ok || err != nil {
				t.Fatalf("after allowing %q: Allowed(%q) = %v, %v", p, q, ok, err)
			}
		}
	}
	recs, err := s.Load()
	if err != nil || len(recs) != len(paths) {
		t.Fatalf("Load = %d records, %v; want %d", len(recs), err, len(paths))
	}
}

// A store gohook did not write, or one it cannot read, trusts nothing and
// says why in one line; it never panics.
func TestCorruptStore(t *testing.T) {
	cases := map[string]string{
		"empty":          "",
		"no header":      sum("a") + ` "/p/.gohook.toml"` + "\n",
		"bad hash":       header + "\nzz \"/p/.gohook.toml\"\n",
		"short hash":     header + "\nabc \"/p/.gohook.toml\"\n",
		"unquoted path":  header + "\n" + sum("a") + " /p/.gohook.toml\n",
		"relative path":  header + "\n" + sum("a") + ` "p/.gohook.toml"` + "\n",
		"no path":        header + "\n" + sum("a") + "\n",
		"binary garbage": "\x00\x01\x02\xff\xfe",
		"json":           `{"allowed": {}}`,
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			s := New(t.TempDir())
			if err := os.WriteFile(s.File(), []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			ok, err := s.Allowed("/p/.gohook.toml", sum("a"))
			if ok || err == nil {
				t.Fatalf("Allowed = %v, %v; want false and an error", ok, err)
			}
			if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, s.File()) {
				t.Errorf("error %q: want one line naming %s", msg, s.File())
			}
			// Allow and deny refuse to overwrite it: it may hold records
			// the user wants back, and they must fix or remove it first.
			if err := s.Allow("/p/.gohook.toml", sum("a")); err == nil || !strings.Contains(err.Error(), "delete it") {
				t.Errorf("Allow on a corrupt store: %v; want an error saying to fix or delete it", err)
			}
			if _, err := s.Deny("/p/.gohook.toml"); err == nil {
				t.Error("Deny on a corrupt store succeeded")
			}
			data, _ := os.ReadFile(s.File())
			if string(data) != content {
				t.Error("the corrupt store was rewritten")
			}
			if ents, _ := os.ReadDir(s.Dir); len(ents) != 1 {
				t.Errorf("refusing a corrupt store left %d files in its directory (the hook watches it)", len(ents))
			}
		})
	}
}

func TestUnreadableStore(t *testing.T) {
	s := New(t.TempDir())
	// A directory where the file should be: unreadable on every OS, even as root.
	if err := os.Mkdir(s.File(), 0o700); err != nil {
		t.Fatal(err)
	}
	ok, err := s.Allowed("/p/.gohook.toml", sum("a"))
	if ok || err == nil || strings.Contains(err.Error(), "\n") {
		t.Fatalf("Allowed = %v, %v; want false and a one-line error", ok, err)
	}

	if runtime.GOOS == "windows" || os.Geteuid() == 0 {
		return // permission bits don't stop root
	}
	s = New(t.TempDir())
	if err := s.Allow("/p/.gohook.toml", sum("a")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(s.File(), 0); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.Allowed("/p/.gohook.toml", sum("a")); ok || err == nil {
		t.Fatalf("unreadable store: Allowed = %v, %v; want false and an error", ok, err)
	}
}

// Every write must be visible to the hook's builtin mtime checks: the file
// gets a new mtime and the directory changes.
func TestWritesChangeWatchedMtimes(t *testing.T) {
	s := New(filepath.Join(t.TempDir(), "trust"))
	w := s.Watch()
	if len(w) != 2 || w[0] != s.Dir || w[1] != s.File() {
		t.Fatalf("Watch = %q", w)
	}
	if err := s.Allow("/p/.gohook.toml", sum("a")); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	for _, p := range w {
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Deny("/p/.gohook.toml"); err != nil {
		t.Fatal(err)
	}
	for _, p := range w {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if !fi.ModTime().After(old) {
			t.Errorf("%s: mtime unchanged by deny", p)
		}
	}
	// No temporary files are left behind.
	ents, _ := os.ReadDir(s.Dir)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "allowed allowed.lock" {
		t.Errorf("store dir holds %q, want only allowed and allowed.lock", names)
	}
}

// Concurrent allows of different files must all land.
func TestConcurrentAllows(t *testing.T) {
	s := New(t.TempDir())
	var wg sync.WaitGroup
	const n = 8
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.Allow("/p/"+string(rune('a'+i))+"/.gohook.toml", sum("x"))
		}()
	}
	wg.Wait()
	recs, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	for i, err := range errs {
		if err != nil {
			t.Errorf("allow %d: %v", i, err)
		}
		if recs["/p/"+string(rune('a'+i))+"/.gohook.toml"] == "" {
			t.Errorf("allow %d returned nil but its record is missing", i)
		}
	}
}

func TestRelativePathIsMadeAbsolute(t *testing.T) {
	s := New(t.TempDir())
	t.Chdir(t.TempDir())
	if err := s.Allow(".gohook.toml", sum("a")); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(".gohook.toml")
	if ok, _ := s.Allowed(abs, sum("a")); !ok {
		t.Fatal("a record made from a relative path does not match its absolute path")
	}
}
