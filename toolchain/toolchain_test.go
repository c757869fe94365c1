package toolchain

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"

	"github.com/gohook/gohook/config"
)

var hostPlat = runtime.GOOS + "_" + runtime.GOARCH

// fakeRoot makes a minimal GOROOT: VERSION, pkg/tool/<plat>, bin/go.
func fakeRoot(t *testing.T, dir, version, plat string) {
	t.Helper()
	for _, d := range []string{filepath.Join(dir, "pkg", "tool", plat), filepath.Join(dir, "bin")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "VERSION"), []byte(version+"\ntime 2024-01-01T00:00:00Z\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "bin", "go"+exeSuffix), []byte("#!/bin/sh\n"), 0o755)
}

func TestScanEverySource(t *testing.T) {
	home := t.TempDir()
	env := config.Env{"HOME": home, "XDG_DATA_HOME": filepath.Join(home, "data"), "GOPATH": filepath.Join(home, "gp")}
	roots := map[string]string{
		"gohook":   filepath.Join(home, "data", "gohook", "toolchains", "go1.20.1"),
		"modcache": filepath.Join(home, "gp", "pkg", "mod", "golang.org", "toolchain@v0.0.1-go1.20.2."+runtime.GOOS+"-"+runtime.GOARCH),
		"sdk":      filepath.Join(home, "sdk", "go1.20.3"),
		"goenv":    filepath.Join(home, ".goenv", "versions", "1.20.4"),
		"gvm":      filepath.Join(home, ".gvm", "gos", "go1.20.5"),
		"asdf":     filepath.Join(home, ".asdf", "installs", "golang", "1.20.6", "go"),
		"mise":     filepath.Join(home, ".local", "share", "mise", "installs", "go", "1.20.7"),
		"gobrew":   filepath.Join(home, ".gobrew", "versions", "1.20.8", "go"),
		"g":        filepath.Join(home, ".g", "versions", "1.20.9"),
		"dirs":     filepath.Join(home, "opt", "go1.20.10"),
	}
	i := 1
	for _, src := range []string{"gohook", "modcache", "sdk", "goenv", "gvm", "asdf", "mise", "gobrew", "g", "dirs"} {
		fakeRoot(t, roots[src], "go1.20."+strconv.Itoa(i), hostPlat)
		i++
	}
	// A go on PATH through a symlink, as Debian's /usr/bin/go.
	pathRoot := filepath.Join(home, "lib", "go-1.19")
	fakeRoot(t, pathRoot, "go1.19.13", hostPlat)
	os.MkdirAll(filepath.Join(home, "usrbin"), 0o755)
	os.Symlink(filepath.Join(pathRoot, "bin", "go"), filepath.Join(home, "usrbin", "go"))

	search := []string{"gohook", "modcache", "sdk", "goenv", "gvm", "asdf", "mise", "gobrew", "g", "path"}
	got := Scan(Options{Env: env, Search: search, Dirs: []string{filepath.Join(home, "opt")}, PATH: filepath.Join(home, "usrbin")})
	bySource := map[string]Toolchain{}
	for _, tc := range got {
		bySource[tc.Source] = tc
	}
	for src, root := range roots {
		if bySource[src].Root != root {
			t.Errorf("%s: found %+v, want root %s", src, bySource[src], root)
		}
	}
	if bySource["path"].Root != pathRoot || bySource["path"].Version != "go1.19.13" {
		t.Errorf("path: %+v", bySource["path"])
	}

	// search restricts, and keeps its order.
	only := Scan(Options{Env: env, Search: []string{"sdk"}})
	if len(only) != 1 || only[0].Source != "sdk" {
		t.Errorf("search=[sdk] found %+v", only)
	}
}

func TestInspect(t *testing.T) {
	dir := t.TempDir()
	if _, ok := Inspect(dir); ok {
		t.Error("an empty dir is a toolchain")
	}
	fakeRoot(t, dir, "go1.22.3", "linux_arm64")
	tc, ok := Inspect(dir)
	if !ok || tc.Version != "go1.22.3" || tc.GOOS != "linux" || tc.GOARCH != "arm64" {
		t.Errorf("%+v %v", tc, ok)
	}
	os.WriteFile(filepath.Join(dir, "VERSION"), []byte("devel +abc\n"), 0o644)
	if _, ok := Inspect(dir); ok {
		t.Error("a devel VERSION is taken as a release")
	}
}

func TestNewestSkipsForeign(t *testing.T) {
	ts := []Toolchain{
		{Root: "a", Version: "go1.22.1", GOOS: runtime.GOOS, GOARCH: runtime.GOARCH},
		{Root: "b", Version: "go1.23.0", GOOS: runtime.GOOS, GOARCH: "foreign"},
		{Root: "c", Version: "go1.22.9", GOOS: runtime.GOOS, GOARCH: runtime.GOARCH},
	}
	got, ok := Newest(ts, func(string) bool { return true })
	if !ok || got.Root != "c" {
		t.Errorf("got %+v", got)
	}
}

func TestCacheSeesNewInstall(t *testing.T) {
	home := t.TempDir()
	env := config.Env{"HOME": home, "GOHOOK_HOME": filepath.Join(home, "gh")}
	o := Options{Env: env, Search: []string{"gohook", "sdk"}}
	cache := filepath.Join(home, "cache")
	fakeRoot(t, filepath.Join(home, "sdk", "go1.21.0"), "go1.21.0", hostPlat)
	got, watch := Load(o, cache)
	if len(got) != 1 {
		t.Fatalf("first load: %+v", got)
	}
	// gohook's own dir is watched even before it exists; ~/sdk because it does.
	if want := []string{filepath.Join(home, "gh", "toolchains"), filepath.Join(home, "sdk")}; !slices.Equal(watch, want) {
		t.Errorf("watch %q, want %q", watch, want)
	}
	if _, err := os.Stat(filepath.Join(cache, "inventory")); err != nil {
		t.Fatal("no cache written")
	}
	fakeRoot(t, filepath.Join(home, "gh", "toolchains", "go1.22.0"), "go1.22.0", hostPlat)
	got, _ = Load(o, cache)
	if len(got) != 2 {
		t.Fatalf("after an install: %+v", got)
	}
}

func TestFinishModcacheToolchain(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no exec bits on Windows")
	}
	root := filepath.Join(t.TempDir(), "toolchain@v0.0.1-go1.22.0."+runtime.GOOS+"-"+runtime.GOARCH)
	fakeRoot(t, root, "go1.22.0", hostPlat)
	tool := filepath.Join(root, "pkg", "tool", hostPlat, "compile")
	os.WriteFile(tool, []byte("x"), 0o444)
	os.Chmod(filepath.Join(root, "bin", "go"), 0o444) // zips carry no exec bits
	os.MkdirAll(filepath.Join(root, "src", "cmd"), 0o755)
	os.WriteFile(filepath.Join(root, "src", "_go.mod"), []byte("module std\n"), 0o444)
	os.WriteFile(filepath.Join(root, "src", "cmd", "_go.mod"), []byte("module cmd\n"), 0o444)
	// The module cache is read-only.
	filepath.Walk(root, func(p string, fi os.FileInfo, err error) error {
		if fi.IsDir() {
			os.Chmod(p, 0o555)
		}
		return nil
	})
	t.Cleanup(func() {
		filepath.Walk(root, func(p string, fi os.FileInfo, err error) error { os.Chmod(p, 0o755); return nil })
	})
	if !unfinished(root) {
		t.Fatal("not seen as unfinished")
	}
	if err := Finish(root); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{filepath.Join(root, "bin", "go"), tool} {
		if fi, _ := os.Stat(f); fi.Mode()&0o111 == 0 {
			t.Errorf("%s not executable", f)
		}
	}
	for _, f := range []string{"src/go.mod", "src/cmd/go.mod"} {
		if _, err := os.Stat(filepath.Join(root, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if fi, _ := os.Stat(filepath.Join(root, "src")); fi.Mode()&0o200 != 0 {
		t.Error("src left writable")
	}
	if unfinished(root) {
		t.Error("still unfinished")
	}
}

func TestInventoryEncoding(t *testing.T) {
	inv := Inventory{Key: "k\x00ey\xff", Stamps: []int64{-1, 1700000000123456789}, Toolchains: []Toolchain{
		{Root: "/a b/\"go\"\n", Version: "go1.22.3", GOOS: "linux", GOARCH: "amd64", Source: "sdk"},
		{Root: "/m", Version: "go1.23.0", GOOS: "darwin", GOARCH: "arm64", Source: "modcache", Unfinished: true},
	}}
	got, ok := decodeInventory(string(inv.encode()))
	if !ok || got.Key != inv.Key || !slices.Equal(got.Stamps, inv.Stamps) || !slices.Equal(got.Toolchains, inv.Toolchains) {
		t.Errorf("round trip: %+v, %v", got, ok)
	}
	for _, bad := range []string{"", "gohook inventory 2\n", inventoryHeader + "\"k\" x\n", inventoryHeader + "\"k\"\n\"/a\" \"go1\"\n"} {
		if _, ok := decodeInventory(bad); ok {
			t.Errorf("%q decoded", bad)
		}
	}
}
