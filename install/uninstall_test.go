package install

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// uninstall removes what gohook installed, and nothing else: not another
// tool's copy of the same release, not a stray file.
func TestUninstall(t *testing.T) {
	w := newWorld(t)
	w.publish("go1.23.4")
	w.publish("go1.22.0")
	for _, v := range []string{"1.23.4", "1.22.0"} {
		if _, err := w.install(v, Options{}); err != nil {
			t.Fatal(err)
		}
	}
	// The go command's copy of go1.23.4 in the module cache, unfinished.
	modRoot := filepath.Join(w.env.GOMODCACHE(), modulePath+"@"+moduleVersion("go1.23.4").Version)
	for name, data := range fakeRelease("go1.23.4") {
		os.MkdirAll(filepath.Join(modRoot, filepath.Dir(name)), 0o777)
		os.WriteFile(filepath.Join(modRoot, name), []byte(data), 0o444)
	}
	cache := w.discoveryCache()

	dir, err := Uninstall(context.Background(), w.env, "go1.23.4")
	if err != nil {
		t.Fatal(err)
	}
	if dir != filepath.Join(w.env.ToolchainsDir(), "go1.23.4") {
		t.Errorf("Uninstall returned %q", dir)
	}
	if got := w.toolchainsDir(); strings.Join(got, " ") != "go1.22.0" {
		t.Errorf("after uninstall, toolchains dir = %v; want only go1.22.0", got)
	}
	if _, err := os.Stat(filepath.Join(modRoot, "VERSION")); err != nil {
		t.Errorf("uninstall touched the module cache's copy: %v", err)
	}
	w.forgotten(cache)

	// Now only the module cache has go1.23.4: uninstall says whose it is.
	_, err = Uninstall(context.Background(), w.env, "1.23.4")
	if err == nil || !strings.Contains(err.Error(), "go1.23.4 is not installed by gohook; the one at "+modRoot+" comes from modcache") ||
		!strings.Contains(err.Error(), "(gohook installed: go1.22.0)") {
		t.Errorf("second uninstall: %v", err)
	}
	if _, err := os.Stat(filepath.Join(modRoot, "VERSION")); err != nil {
		t.Errorf("uninstall touched the module cache's copy: %v", err)
	}

	// A file that happens to have a toolchain's name is not gohook's.
	os.WriteFile(filepath.Join(w.env.ToolchainsDir(), "go1.21.0"), []byte("x"), 0o666)
	if _, err := Uninstall(context.Background(), w.env, "1.21.0"); err == nil || !strings.Contains(err.Error(), "leaving it alone") {
		t.Errorf("uninstall of a stray file: %v", err)
	}

	for _, bad := range []string{"1.22", "latest", "../gohook", "go1.22.0/..", ""} {
		if _, err := Uninstall(context.Background(), w.env, bad); err == nil {
			t.Errorf("Uninstall(%q) succeeded", bad)
		}
	}
	if got := w.toolchainsDir(); strings.Join(got, " ") != "go1.21.0 go1.22.0" {
		t.Errorf("toolchains dir = %v after refused uninstalls", got)
	}
}
