package hooks

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/toolchain"
)

func host(root, v string) toolchain.Toolchain {
	return toolchain.Toolchain{Root: root, Version: v, GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, Source: "test"}
}

// apply returns env with changes applied, as a shell would.
func apply(env config.Env, changes []Change) config.Env {
	out := env.Clone()
	for _, c := range changes {
		if c.Unset {
			delete(out, c.Name)
		} else {
			out[c.Name] = c.Value
		}
	}
	return out
}

func join(entries ...string) string { return strings.Join(entries, string(filepath.ListSeparator)) }

type world struct {
	t    *testing.T
	root string
	in   Input
}

func newWorld(t *testing.T, files map[string]string, tcs ...toolchain.Toolchain) *world {
	root := tree(t, files)
	return &world{t, root, Input{FS: OS{}, Global: &config.Global{GOBIN: "shared"}, Toolchains: tcs}}
}

// visit computes the environment for dir from env and applies it.
func (w *world) visit(env config.Env, dir string) (config.Env, Result) {
	w.t.Helper()
	w.in.Dir = filepath.Join(w.root, dir)
	w.in.Env = env
	r, err := Compute(w.in)
	if err != nil {
		w.t.Fatal(err)
	}
	return apply(env, r.Changes), r
}

func TestEnterLeaveRestoresExactly(t *testing.T) {
	w := newWorld(t, map[string]string{"p/go.mod": "module p\ngo 1.22.0\n", "out/": ""},
		host("/sdk/go1.21.9", "go1.21.9"), host("/sdk/go1.22.3", "go1.22.3"), host("/sdk/go1.22.1", "go1.22.1"))
	before := config.Env{"HOME": "/home/u", "PATH": join("/usr/bin", "/bin"), "GOBIN": "/mine/bin", "GOROOT": "/stale"}
	in, r := w.visit(before, "p")
	if r.Toolchain == nil || r.Toolchain.Version != "go1.22.3" {
		t.Fatalf("selected %+v, want the newest satisfying go1.22.3", r.Toolchain)
	}
	if in["GOROOT"] != "/sdk/go1.22.3" || in["GOBIN"] != "/mine/bin" {
		t.Errorf("GOROOT=%q GOBIN=%q", in["GOROOT"], in["GOBIN"])
	}
	if want := join("/sdk/go1.22.3/bin", "/mine/bin", "/usr/bin", "/bin"); in["PATH"] != want {
		t.Errorf("PATH=%q\nwant %q", in["PATH"], want)
	}
	out, _ := w.visit(in, "out")
	if !maps(out, before) {
		t.Errorf("after leaving: %v\nwant exactly %v", out, before)
	}
}

// maps compares two environments, ignoring gohook's own state variable,
// which remembers recent toolchain bins even after leaving (see State.Hist).
func maps(a, b config.Env) bool {
	a, b = a.Clone(), b.Clone()
	delete(a, StateVar)
	delete(b, StateVar)
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if bv, ok := b[k]; !ok || bv != v {
			return false
		}
	}
	return true
}

func TestSwitchBetweenProjects(t *testing.T) {
	w := newWorld(t, map[string]string{"a/.go-version": "1.21.9\n", "b/.go-version": "1.22\n"},
		host("/sdk/go1.21.9", "go1.21.9"), host("/sdk/go1.22.3", "go1.22.3"), host("/sdk/go1.22.1", "go1.22.1"))
	before := config.Env{"PATH": join("/usr/bin", "/bin"), "GOPATH": "/gp"}
	a, _ := w.visit(before, "a")
	b, _ := w.visit(a, "b")
	if b["GOROOT"] != "/sdk/go1.22.3" {
		t.Errorf("GOROOT=%q", b["GOROOT"])
	}
	if want := join("/sdk/go1.22.3/bin", "/gp/bin", "/usr/bin", "/bin"); b["PATH"] != want {
		t.Errorf("PATH=%q\nwant %q (go1.21.9's bin gone)", b["PATH"], want)
	}
	// The user changes PATH while in b; leaving keeps their change.
	b["PATH"] = join(b["PATH"], "/opt/tool")
	out, _ := w.visit(b, "")
	if want := join("/usr/bin", "/bin", "/opt/tool"); out["PATH"] != want {
		t.Errorf("PATH=%q, want %q", out["PATH"], want)
	}
	if _, ok := out["GOROOT"]; ok {
		t.Errorf("GOROOT still set: %q", out["GOROOT"])
	}
}

func TestToolchainBinAlreadyOnPathIsMovedAndPutBack(t *testing.T) {
	w := newWorld(t, map[string]string{"p/.go-version": "1.22.3\n"}, host("/usr/local/go", "go1.22.3"))
	before := config.Env{"PATH": join("/home/u/go/bin", "/usr/bin", "/usr/local/go/bin", "/bin"), "GOPATH": "/home/u/go"}
	in, _ := w.visit(before, "p")
	if want := join("/usr/local/go/bin", "/home/u/go/bin", "/usr/bin", "/bin"); in["PATH"] != want {
		t.Errorf("PATH=%q\nwant %q (no duplicate, GOBIN kept in place)", in["PATH"], want)
	}
	out, _ := w.visit(in, "")
	if out["PATH"] != before["PATH"] {
		t.Errorf("PATH=%q\nwant %q", out["PATH"], before["PATH"])
	}
}

// TestStaleBinPutBackByAnotherTool is direnv's restore: after gohook left
// the project, another hook restored a PATH that still had the toolchain.
func TestStaleBinPutBackByAnotherTool(t *testing.T) {
	w := newWorld(t, map[string]string{"p/.go-version": "1.22.3\n"}, host("/sdk/go1.22.3", "go1.22.3"))
	before := config.Env{"PATH": join("/usr/bin", "/bin"), "GOBIN": "/gb"}
	in, _ := w.visit(before, "p")
	out, _ := w.visit(in, "")
	out["PATH"] = in["PATH"] // direnv puts back the PATH it saw on entry
	again, _ := w.visit(out, "")
	if strings.Contains(again["PATH"], "go1.22.3") {
		t.Errorf("PATH=%q still has the toolchain", again["PATH"])
	}
}

func TestMissingToolchainSaysOnceAndChangesNothing(t *testing.T) {
	w := newWorld(t, map[string]string{"p/go.mod": "module p\ngo 1.23.0\n"}, host("/sdk/go1.22.3", "go1.22.3"))
	before := config.Env{"PATH": join("/usr/bin", "/bin")}
	in, r := w.visit(before, "p")
	if len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "gohook install 1.23") || !strings.Contains(r.Notes[0], "go.mod:2") {
		t.Fatalf("notes %q", r.Notes)
	}
	if in["PATH"] != before["PATH"] || in["GOROOT"] != "" {
		t.Errorf("environment changed: %v", in)
	}
	_, r2 := w.visit(in, "p")
	if len(r2.Notes) != 0 {
		t.Errorf("said again: %q", r2.Notes)
	}
}

func TestForeignToolchainNeverSelected(t *testing.T) {
	other := toolchain.Toolchain{Root: "/sdk/go1.23.0", Version: "go1.23.0", GOOS: runtime.GOOS, GOARCH: "riscv64"}
	if runtime.GOARCH == "riscv64" {
		other.GOARCH = "amd64"
	}
	w := newWorld(t, map[string]string{"p/.go-version": "1.23.0\n"}, other)
	_, r := w.visit(config.Env{"PATH": "/bin"}, "p")
	if r.Toolchain != nil {
		t.Fatalf("selected %v", r.Toolchain)
	}
}

func TestUntrustedProjectEnvBlocked(t *testing.T) {
	files := map[string]string{"p/.gohook.toml": "go = \"1.22.3\"\npath = [\"./bin\"]\n[env]\nGOFLAGS = \"-toolexec=/tmp/evil\"\n"}
	w := newWorld(t, files, host("/sdk/go1.22.3", "go1.22.3"))
	before := config.Env{"PATH": "/bin"}
	in, r := w.visit(before, "p")
	if in["GOFLAGS"] != "" || strings.Contains(in["PATH"], "/p/bin") {
		t.Errorf("untrusted env applied: %v", in)
	}
	if in["GOROOT"] != "/sdk/go1.22.3" {
		t.Errorf("the pin must still apply: GOROOT=%q", in["GOROOT"])
	}
	if len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "gohook allow") {
		t.Errorf("notes %q", r.Notes)
	}
	w.in.Trusted = func(*config.Project) (bool, error) { return true, nil }
	in2, _ := w.visit(in, "p")
	if in2["GOFLAGS"] != "-toolexec=/tmp/evil" || !strings.HasPrefix(in2["PATH"], join("/sdk/go1.22.3/bin", "/gp")) && !strings.Contains(in2["PATH"], filepath.Join(w.root, "p", "bin")) {
		t.Errorf("trusted env not applied: %v", in2)
	}
	out, _ := w.visit(in2, "")
	if !maps(out, before) {
		t.Errorf("after leaving: %v, want %v", out, before)
	}
}

func TestGOBINModes(t *testing.T) {
	for mode, want := range map[string]string{
		"shared":    "/gp/bin",
		"per-minor": "/data/bin/go1.22",
		"tools/bin": "<root>/p/tools/bin",
		"/abs/bin":  "/abs/bin",
	} {
		w := newWorld(t, map[string]string{"p/go.mod": "module p\ngo 1.22.0\n"}, host("/sdk/go1.22.3", "go1.22.3"))
		w.in.Global.GOBIN = mode
		in, _ := w.visit(config.Env{"PATH": "/bin", "GOPATH": "/gp", "GOHOOK_HOME": "/data"}, "p")
		want := strings.ReplaceAll(want, "<root>", w.root)
		if in["GOBIN"] != want {
			t.Errorf("gobin=%s: GOBIN=%q, want %q", mode, in["GOBIN"], want)
		}
		if !strings.HasPrefix(in["PATH"], join("/sdk/go1.22.3/bin", want)) {
			t.Errorf("gobin=%s: PATH=%q", mode, in["PATH"])
		}
	}
}

func TestErrorLeavesEnvironment(t *testing.T) {
	w := newWorld(t, map[string]string{"good/.go-version": "1.22.3\n", "bad/go.mod": "module x\ngo 1.2x\n"}, host("/sdk/go1.22.3", "go1.22.3"))
	in, _ := w.visit(config.Env{"PATH": "/bin"}, "good")
	w.in.Dir, w.in.Env = filepath.Join(w.root, "bad"), in
	r, err := Compute(w.in)
	if err == nil || r.Said {
		t.Fatalf("err=%v said=%v", err, r.Said)
	}
	for _, c := range r.Changes {
		if c.Name != StateVar {
			t.Errorf("changed %s on error", c.Name)
		}
	}
	if !maps(apply(in, r.Changes), in) {
		t.Errorf("environment changed on error")
	}
	w.in.Env = apply(in, r.Changes)
	if r2, err := Compute(w.in); err == nil || !r2.Said {
		t.Errorf("the same error again: err=%v said=%v, want it marked as said", err, r2.Said)
	}
	if !slices.Contains(r.Watch, filepath.Join(w.root, "bad", "go.mod")) {
		t.Errorf("the broken file must be watched: %q", r.Watch)
	}
}

func TestStateRoundTrip(t *testing.T) {
	s := State{
		Prev:  []Prev{{Name: "GOROOT", Unset: true}, {Name: "GOFLAGS", Value: "a \"b\"\n\xff"}},
		Added: []string{"/x y/bin", ""},
		Moved: []Moved{{"/usr/local/go/bin", 3}},
		Hist:  []string{"/a/bin"},
		Note:  "abcd",
	}
	got, err := DecodeState(s.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if got.Encode() != s.Encode() || len(got.Prev) != 2 || got.Prev[1].Value != s.Prev[1].Value || got.Moved[0].Index != 3 {
		t.Errorf("got %+v", got)
	}
	for _, bad := range []string{"2 a \"x\"", "1 a x", "1 m \"x\" y", "1 z \"x\""} {
		if _, err := DecodeState(bad); err == nil {
			t.Errorf("%q decoded", bad)
		}
	}
}

func FuzzDecodeState(f *testing.F) {
	f.Add(`1 u "GOROOT" a "/x" m "/y" 2 h "/z" n "q"`)
	f.Fuzz(func(t *testing.T, s string) {
		st, err := DecodeState(s)
		if err != nil {
			return
		}
		again, err := DecodeState(st.Encode())
		if err != nil || again.Encode() != st.Encode() {
			t.Errorf("%q: re-encoding is unstable", s)
		}
	})
}

// TestOverrideKeepsProjectEnv: `gohook shell` decides the version, and an
// allowed .gohook.toml's env still applies.
func TestOverrideKeepsProjectEnv(t *testing.T) {
	w := newWorld(t, map[string]string{"p/.gohook.toml": "go = \"1.22.3\"\n[env]\nGOFLAGS = \"-mod=mod\"\n", "p/go.mod": "module p\ngo 1.2x\n"},
		host("/sdk/go1.22.3", "go1.22.3"), host("/sdk/go1.21.13", "go1.21.13"))
	w.in.Trusted = func(*config.Project) (bool, error) { return true, nil }
	in, r := w.visit(config.Env{"PATH": "/bin", "GOHOOK_GO": "1.21.13"}, "p")
	if in["GOROOT"] != "/sdk/go1.21.13" || in["GOFLAGS"] != "-mod=mod" {
		t.Errorf("GOROOT=%q GOFLAGS=%q, want the override's Go and the project's env", in["GOROOT"], in["GOFLAGS"])
	}
	if r.Decision.Want.Source.What != "$GOHOOK_GO (gohook shell)" {
		t.Errorf("decided by %v", r.Decision.Want.Source)
	}
}

// TestWatchIsMinimal: an exact pin that is installed needs neither every
// toolchain directory (only the selected one's parent, to see it removed)
// nor anything above the pin watched, and no trust store when no
// .gohook.toml asks for trust.
func TestWatchIsMinimal(t *testing.T) {
	w := newWorld(t, map[string]string{"p/go.mod": "module p\ngo 1.22.0\n", "p/.go-version": "1.22.3\n"}, host("/sdk/go1.22.3", "go1.22.3"))
	w.in.Watch = []string{"/cfg.toml"}
	w.in.TrustWatch = []string{"/trust"}
	w.in.ToolchainWatch = []string{"/sdk", "/other"}
	_, r := w.visit(config.Env{"PATH": "/bin"}, "p")
	want := []string{filepath.Join(w.root, "p"), filepath.Join(w.root, "p", ".go-version"), "/cfg.toml", "/sdk"}
	if !slices.Equal(r.Watch, want) {
		t.Errorf("watch %q\nwant %q", r.Watch, want)
	}
	// A minimum (go.mod alone) could be met better by a new install.
	w2 := newWorld(t, map[string]string{"p/go.mod": "module p\ngo 1.22.0\n"}, host("/sdk/go1.22.3", "go1.22.3"))
	w2.in.ToolchainWatch = []string{"/sdk"}
	_, r2 := w2.visit(config.Env{"PATH": "/bin"}, "p")
	if !slices.Contains(r2.Watch, "/sdk") {
		t.Errorf("watch %q lacks the toolchain dir for a minimum", r2.Watch)
	}
}

func TestNewPromptStampAndPrune(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "go.mod")
	os.WriteFile(f, []byte("module x\n"), 0o644)
	when := time.Date(2024, 5, 1, 12, 0, 0, 123456789, time.UTC)
	os.Chtimes(f, when, when)
	cache := t.TempDir() // outside dir: creating it would change dir's mtime
	p := NewPrompt(cache, []string{dir, f, f, filepath.Join(dir, "missing")})
	if len(p.Watch) != 3 {
		t.Errorf("watch %q: duplicates kept", p.Watch)
	}
	fi, err := os.Stat(p.Stamp)
	if err != nil {
		t.Fatal(err)
	}
	dfi, _ := os.Stat(dir)
	newest := dfi.ModTime()
	if when.After(newest) {
		newest = when
	}
	if !fi.ModTime().Equal(newest) {
		t.Errorf("stamp mtime %v, want the newest watched mtime %v", fi.ModTime(), newest)
	}
	stamps := filepath.Join(cache, "stamps")
	for i := 0; i < maxStamps; i++ {
		os.WriteFile(filepath.Join(stamps, strconv.Itoa(1000+i)), nil, 0o644)
	}
	os.Chtimes(f, when.Add(time.Hour), when.Add(time.Hour))
	os.Chtimes(dir, when, when)
	p2 := NewPrompt(cache, []string{dir, f})
	ents, _ := os.ReadDir(stamps)
	if len(ents) > maxStamps/2+2 {
		t.Errorf("%d stamps left, want the older half pruned", len(ents))
	}
	if _, err := os.Stat(filepath.Join(stamps, "1000")); err == nil {
		t.Error("the oldest stamp survived")
	}
	if _, err := os.Stat(p2.Stamp); err != nil {
		t.Errorf("the new stamp is missing: %v", err)
	}
}
