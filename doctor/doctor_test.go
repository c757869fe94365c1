package doctor

import (
	"bytes"
	le "encoding/binary"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/gohook/gohook/config"
)

var hostPlat = runtime.GOOS + "_" + runtime.GOARCH

// world is a hermetic machine: a home, a GOPATH, gohook's dirs, an empty
// PATH, and a config that finds toolchains only in gohook's own dir.
type world struct {
	t    *testing.T
	tmp  string
	home string
	dir  string // the directory diagnosed
	env  config.Env
}

func newWorld(t *testing.T) *world {
	tmp := t.TempDir()
	w := &world{t: t, tmp: tmp, home: filepath.Join(tmp, "home"), dir: filepath.Join(tmp, "proj")}
	w.env = config.Env{
		"HOME":            w.home,
		"XDG_CONFIG_HOME": filepath.Join(tmp, "config"),
		"XDG_DATA_HOME":   filepath.Join(tmp, "data"),
		"XDG_CACHE_HOME":  filepath.Join(tmp, "cache"),
		"GOPATH":          filepath.Join(tmp, "gopath"),
		"GOENV":           filepath.Join(tmp, "goenv"),
		"GOTOOLCHAIN":     "local",
		"PATH":            "",
	}
	w.write("config/gohook/config.toml", "[toolchains]\nsearch = [\"gohook\"]\n", 0o644)
	w.mkdir("home")
	w.mkdir("proj")
	return w
}

func (w *world) path(rel string) string { return filepath.Join(w.tmp, filepath.FromSlash(rel)) }

func (w *world) mkdir(rel string) string {
	p := w.path(rel)
	if err := os.MkdirAll(p, 0o755); err != nil {
		w.t.Fatal(err)
	}
	return p
}

func (w *world) write(rel, data string, perm os.FileMode) string {
	p := w.path(rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		w.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), perm); err != nil {
		w.t.Fatal(err)
	}
	return p
}

// goroot makes a fake toolchain (scripts for go and gofmt) under rel.
func (w *world) goroot(rel, version, plat string) string {
	w.write(rel+"/VERSION", version+"\ntime 2024-01-01T00:00:00Z\n", 0o644)
	w.write(rel+"/bin/go", "#!/bin/sh\n", 0o755)
	w.write(rel+"/bin/gofmt", "#!/bin/sh\n", 0o755)
	w.mkdir(rel + "/pkg/tool/" + plat)
	return w.path(rel)
}

// installed makes a toolchain where gohook's search finds it.
func (w *world) installed(version string) string {
	return w.goroot("data/gohook/toolchains/"+version, version, hostPlat)
}

func (w *world) setPath(entries ...string) {
	w.env["PATH"] = strings.Join(entries, string(os.PathListSeparator))
}

func (w *world) run() Report {
	w.t.Helper()
	return Run(Input{Env: w.env, Dir: w.dir})
}

func find(r Report, id string) (Finding, bool) {
	for _, f := range r.Findings {
		if f.ID == id {
			return f, true
		}
	}
	return Finding{}, false
}

func ids(r Report) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.ID)
	}
	return out
}

// want asserts that r has finding id with severity sev, whose message and
// fix contain the given strings.
func want(t *testing.T, r Report, id string, sev Severity, contains ...string) Finding {
	t.Helper()
	f, ok := find(r, id)
	if !ok {
		t.Fatalf("no %s finding; got %v", id, r.Findings)
	}
	if f.Severity != sev {
		t.Errorf("%s is %s, want %s", id, f.Severity, sev)
	}
	for _, c := range contains {
		if !strings.Contains(f.Message+"\n"+f.Fix, c) {
			t.Errorf("%s: %q / fix %q lacks %q", id, f.Message, f.Fix, c)
		}
	}
	return f
}

func wantNone(t *testing.T, r Report, id string) {
	t.Helper()
	if f, ok := find(r, id); ok {
		t.Errorf("unexpected %s: %s", id, f.Message)
	}
}

// healthy makes a setup with nothing to report: a pinned, installed Go
// first on PATH, GOBIN on PATH, the hook active and in every bash rc file.
func healthy(t *testing.T) (*world, string) {
	w := newWorld(t)
	root := w.installed("go1.22.3")
	w.write("proj/.go-version", "1.22.3\n", 0o644)
	w.setPath(filepath.Join(root, "bin"), w.path("gopath/bin"), "/usr/bin")
	w.env["GOROOT"] = root
	w.env["SHELL"] = "/bin/bash"
	w.env[shellVar] = "bash"
	w.write("home/.bashrc", "# mine\neval \"$(gohook init bash)\"\n", 0o644)
	w.write("home/.bash_profile", "[ -f ~/.bashrc ] && . ~/.bashrc\n", 0o644)
	return w, root
}

func TestHealthy(t *testing.T) {
	w, root := healthy(t)
	r := w.run()
	if len(r.Findings) != 0 || r.HasErrors() {
		t.Fatalf("healthy setup has findings: %v", r.Findings)
	}
	if !slices.Contains(r.Facts, Fact{"selected", "go1.22.3 " + root + " (gohook)"}) {
		t.Errorf("facts: %v", r.Facts)
	}
}

func TestGoShadowedByGOBIN(t *testing.T) {
	w, root := healthy(t)
	stray := w.write("gopath/bin/go", "#!/bin/sh\n", 0o755)
	w.setPath(w.path("gopath/bin"), filepath.Join(root, "bin"))
	r := w.run()
	want(t, r, "go-shadowed", Error, stray+" (PATH entry 0) shadows", "rm "+stray)
	if !r.HasErrors() {
		t.Error("HasErrors is false")
	}
}

func TestGoNotSelected(t *testing.T) {
	w, _ := healthy(t)
	other := w.goroot("opt/go", "go1.21.0", hostPlat)
	w.setPath(filepath.Join(other, "bin"), w.path("gopath/bin"))
	delete(w.env, "GOROOT")
	delete(w.env, shellVar)
	r := w.run()
	want(t, r, "go-not-selected", Error, "go1.21.0 from "+other, "wants go1.22.3", "hook")
}

func TestGoMissing(t *testing.T) {
	w, _ := healthy(t)
	w.setPath(w.path("gopath/bin"))
	delete(w.env, "GOROOT")
	want(t, w.run(), "go-missing", Error, "go1.22.3 is selected")
	os.Remove(w.path("proj/.go-version"))
	want(t, w.run(), "go-missing", Warning)
}

func TestGOROOT(t *testing.T) {
	w, root := healthy(t)
	w.env["GOROOT"] = w.path("nowhere")
	want(t, w.run(), "goroot-missing", Error, "GOROOT="+w.path("nowhere"), "unset GOROOT")

	w.env["GOROOT"] = w.mkdir("empty")
	want(t, w.run(), "goroot-not-go", Error, "not a Go tree")

	// Where the rc file sets it, the fix says so.
	other := w.goroot("opt/go", "go1.21.0", hostPlat)
	w.env["GOROOT"] = other
	w.write("home/.bashrc", "eval \"$(gohook init bash)\"\nexport GOROOT="+other+"\n", 0o644)
	f := want(t, w.run(), "goroot-mismatch", Error, "GOROOT="+other+" (go1.21.0)", "go1.22.3 from "+root, "does not match go tool version")
	if !strings.Contains(f.Fix, filepath.Join(w.home, ".bashrc")+":2") {
		t.Errorf("fix does not name the rc line: %q", f.Fix)
	}
}

// testBinary copies this test's own executable — a Go binary with build
// info, for this machine — to dst.
func testBinary(t *testing.T, dst string) []byte {
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Skip(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o755); err != nil {
		t.Fatal(err)
	}
	return data
}

// olderGo returns the test binary's bytes claiming an older Go in its
// build info (same length, so nothing else moves).
func olderGo(t *testing.T, data []byte) ([]byte, string) {
	v := runtime.Version()
	older := map[int]string{8: "go1.10.0", 9: "go1.10.10"}[len(v)]
	if older == "" || !strings.HasPrefix(v, "go1.") {
		t.Skipf("cannot rewrite the build info of a %s binary", v)
	}
	i := bytes.Index(data, []byte("\xff Go buildinf:"))
	j := bytes.Index(data[i:], []byte(v))
	if i < 0 || j < 0 {
		t.Skip("no build info found")
	}
	out := slices.Clone(data)
	copy(out[i+j:], older)
	return out, older
}

func TestGoBuildMismatch(t *testing.T) {
	w, root := healthy(t)
	testBinary(t, filepath.Join(root, "bin", "go"))
	want(t, w.run(), "go-build-mismatch", Error, "was built as "+runtime.Version(), "says go1.22.3")
}

func TestCompileMismatch(t *testing.T) {
	w := newWorld(t)
	v := runtime.Version()
	root := w.installed(v)
	w.write("proj/.go-version", strings.TrimPrefix(v, "go")+"\n", 0o644)
	data := testBinary(t, filepath.Join(root, "bin", "go"))
	old, oldV := olderGo(t, data)
	w.write("data/gohook/toolchains/"+v+"/pkg/tool/"+hostPlat+"/compile", string(old), 0o755)
	w.setPath(filepath.Join(root, "bin"))
	want(t, w.run(), "go-build-mismatch", Error, "compile was built as "+oldV)
}

func TestGoOutsideGOROOT(t *testing.T) {
	w := newWorld(t)
	testBinary(t, w.path("bin/go"))
	w.setPath(w.path("bin"))
	want(t, w.run(), "go-outside-goroot", Error, "cannot find GOROOT")
	w.env["GOROOT"] = w.installed("go1.22.0")
	wantNone(t, w.run(), "go-outside-goroot")
}

func TestGofmtShadowed(t *testing.T) {
	w, root := healthy(t)
	stray := w.write("gopath/bin/gofmt", "#!/bin/sh\n", 0o755)
	w.setPath(w.path("gopath/bin"), filepath.Join(root, "bin"))
	want(t, w.run(), "gofmt-shadowed", Warning, stray, "rm "+stray)
}

func TestManagerShims(t *testing.T) {
	w, root := healthy(t)
	shims := w.path("home/.goenv/shims")
	w.write("home/.goenv/shims/go", "#!/bin/sh\nexec goenv exec go \"$@\"\n", 0o755)
	w.setPath(shims, filepath.Join(root, "bin"), w.path("gopath/bin"))
	r := w.run()
	want(t, r, "manager-on-path", Warning, "goenv's "+shims)
	want(t, r, "go-shadowed", Error, "stop goenv")
	// After gohook's choice it decides nothing.
	w.setPath(filepath.Join(root, "bin"), shims, w.path("gopath/bin"))
	wantNone(t, w.run(), "manager-on-path")
}

func TestGOBINNotOnPath(t *testing.T) {
	w, root := healthy(t)
	w.setPath(filepath.Join(root, "bin"))
	want(t, w.run(), "gobin-not-on-path", Warning, w.path("gopath/bin"))
	w.env["GOBIN"] = w.path("tools")
	want(t, w.run(), "gobin-not-on-path", Warning, "GOBIN="+w.path("tools")+" in the environment")
}

func TestGoEnvFile(t *testing.T) {
	w, _ := healthy(t)
	w.write("goenv", "GOROOT=/opt/go\nGOTOOLCHAIN=go1.21.0+auto\nnot a setting\n\x00\x01garbage\nGOBIN=/elsewhere\nGOPATH=/gp\n", 0o644)
	r := w.run()
	want(t, r, "goenv-goroot", Warning, w.path("goenv")+":1 sets GOROOT=/opt/go", "go env -u GOROOT", "this shell overrides it")
	want(t, r, "goenv-gotoolchain", Warning, ":2 sets GOTOOLCHAIN=go1.21.0+auto")
	want(t, r, "goenv-file-malformed", Warning, "Line 3", "and 1 more")
	want(t, r, "goenv-gobin", Warning, "GOBIN=/elsewhere", w.path("gopath/bin"))
	want(t, r, "goenv-gopath", Warning, "GOPATH=/gp")

	// Without the environment overriding them, they decide: errors.
	delete(w.env, "GOROOT")
	delete(w.env, "GOTOOLCHAIN")
	r = w.run()
	want(t, r, "goenv-goroot", Error)
	want(t, r, "goenv-gotoolchain", Error)

	// Policies are no override.
	w.write("goenv", "GOTOOLCHAIN=local\n", 0o644)
	wantNone(t, w.run(), "goenv-gotoolchain")
}

func TestGoEnvFileBad(t *testing.T) {
	w, _ := healthy(t)
	w.mkdir("goenv") // a directory: unreadable as a file
	want(t, w.run(), "goenv-file-unreadable", Warning, w.path("goenv"))

	os.Remove(w.path("goenv"))
	big := strings.Repeat("GOFLAGS=-v\n", maxGoEnvFile/10)
	w.write("goenv", big, 0o644)
	want(t, w.run(), "goenv-file-malformed", Warning, "over 1 MiB")
}

func TestModuleEnv(t *testing.T) {
	w, _ := healthy(t)
	w.env["GO111MODULE"] = "off"
	w.env["GOPROXY"] = "off"
	w.env["GOSUMDB"] = "off"
	w.env["GONOSUMDB"] = "git.corp.example,*"
	r := w.run()
	want(t, r, "go111module-off", Error, "GO111MODULE=off in the environment", "unset GO111MODULE")
	want(t, r, "goproxy-off", Warning, "GOPROXY=off")
	want(t, r, "gosumdb-off", Warning, "GOSUMDB=off")
	want(t, r, "gonosumdb-broad", Warning, `pattern "*"`)

	w.env["GOPROXY"] = "direct"
	want(t, w.run(), "goproxy-direct", Warning, "GOPROXY=direct")
	w.env["GOPROXY"] = "https://proxy.golang.org,direct"
	wantNone(t, w.run(), "goproxy-direct")

	// From the go env file, the fix is go env -u.
	delete(w.env, "GO111MODULE")
	w.write("goenv", "GO111MODULE=off\n", 0o644)
	want(t, w.run(), "go111module-off", Error, w.path("goenv")+":1", "go env -u GO111MODULE")
}

func TestBroad(t *testing.T) {
	for p, b := range map[string]bool{
		"*": true, "*.com": true, "*/*": true, "github.com": true, "github.com/*": true,
		"*.corp.example.com": false, "github.com/myorg": false, "git.corp.example": false, "": false,
	} {
		if broad(p) != b {
			t.Errorf("broad(%q) = %v", p, !b)
		}
	}
}

func TestGOTOOLCHAINTooOld(t *testing.T) {
	w := newWorld(t)
	w.installed("go1.21.0")
	w.write("proj/go.mod", "module m\n\ngo 1.23.0\n", 0o644)
	w.env["GOTOOLCHAIN"] = "go1.21.0"
	want(t, w.run(), "gotoolchain-too-old", Error, "GOTOOLCHAIN=go1.21.0 in the environment", "go1.23.0", "go.mod:3")
	w.env["GOTOOLCHAIN"] = "go1.21.0+path"
	want(t, w.run(), "gotoolchain-too-old", Warning)
	w.env["GOTOOLCHAIN"] = "go1.21.0+auto"
	wantNone(t, w.run(), "gotoolchain-too-old")
	w.env["GOTOOLCHAIN"] = "go1.24.0"
	wantNone(t, w.run(), "gotoolchain-too-old")
}

func TestProject(t *testing.T) {
	w := newWorld(t)
	w.write("proj/go.mod", "module m\n\ngo 1.23.0\n", 0o644)
	want(t, w.run(), "project-not-installed", Error, "go.mod:3", "go1.23.0 or newer", "gohook install 1.23")
	w.env["GOTOOLCHAIN"] = "auto"
	want(t, w.run(), "project-not-installed", Warning)

	w.write("proj/.gohook.toml", "[env]\nGOFLAGS = \"-mod=mod\"\n", 0o644)
	want(t, w.run(), "project-untrusted", Warning, "gohook allow")
	trusted := Run(Input{Env: w.env, Dir: w.dir, Trusted: func(*config.Project) (bool, error) { return true, nil }})
	wantNone(t, trusted, "project-untrusted")

	w.write("proj/go.mod", "module m\n\ngo 1.2x\n", 0o644)
	want(t, w.run(), "project-invalid", Error, "go.mod")
}

func TestConfigInvalid(t *testing.T) {
	w, _ := healthy(t)
	w.write("config/gohook/config.toml", "gobinn = 1\n", 0o644)
	want(t, w.run(), "config-invalid", Error, `unknown key "gobinn"`)
}

// elfHeader is a minimal ELF64 executable header for machine.
func elfHeader(machine elfMachine) []byte {
	h := make([]byte, 64)
	copy(h, "\x7fELF")
	h[4], h[5], h[6] = 2, 1, 1 // 64-bit, little-endian, version 1
	le.LittleEndian.PutUint16(h[16:], 2)
	le.LittleEndian.PutUint16(h[18:], uint16(machine))
	le.LittleEndian.PutUint32(h[20:], 1)
	le.LittleEndian.PutUint16(h[52:], 64)
	return h
}

type elfMachine uint16

const (
	emX86_64  elfMachine = 62
	emAARCH64 elfMachine = 183
)

// machoHeader is a minimal 64-bit Mach-O executable header for cpu.
func machoHeader(cpu uint32) []byte {
	h := make([]byte, 32)
	le.LittleEndian.PutUint32(h[0:], 0xfeedfacf)
	le.LittleEndian.PutUint32(h[4:], cpu)
	le.LittleEndian.PutUint32(h[12:], 2) // MH_EXECUTE
	return h
}

func foreignMachine() (elfMachine, string) {
	if runtime.GOARCH == "arm64" {
		return emX86_64, "amd64"
	}
	return emAARCH64, "arm64"
}

func TestReadBinaryHeaders(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "x")
	os.WriteFile(f, elfHeader(emAARCH64), 0o755)
	b := readBinary(f)
	if b.Format != "elf" || b.GOARCH != "arm64" || b.Go != "" {
		t.Errorf("ELF arm64: %+v", b)
	}
	if runs, ok := b.runsOn("linux", "amd64"); !ok || runs {
		t.Errorf("ELF arm64 runs on linux/amd64: %v %v", runs, ok)
	}
	if runs, _ := b.runsOn("linux", "arm64"); !runs {
		t.Error("ELF arm64 does not run on linux/arm64")
	}
	// The Rosetta trap: an amd64 Mach-O on an arm64 Mac.
	os.WriteFile(f, machoHeader(0x01000007), 0o755)
	b = readBinary(f)
	if runs, ok := b.runsOn("darwin", "arm64"); b.Format != "macho" || !ok || runs {
		t.Errorf("Mach-O amd64 on darwin/arm64: %+v %v %v", b, runs, ok)
	}
	if runs, _ := b.runsOn("darwin", "amd64"); !runs {
		t.Error("Mach-O amd64 does not run on darwin/amd64")
	}
	for _, junk := range []string{"", "#!/bin/sh\n", "\x7fELF", "\x7fELF\x02\x01\x01" + strings.Repeat("\xff", 200), "MZ" + strings.Repeat("\x00", 100)} {
		os.WriteFile(f, []byte(junk), 0o755)
		if b := readBinary(f); b.Go != "" {
			t.Errorf("%q: %+v", junk, b)
		}
	}
	testBinary(t, f)
	if b := readBinary(f); b.Go != runtime.Version() || b.GOARCH != runtime.GOARCH || b.Path == "" {
		t.Errorf("test binary: %+v", b)
	}
}

func TestTools(t *testing.T) {
	w := newWorld(t)
	root := w.installed("go1.99.0") // newer than whatever built this test
	w.write("proj/.go-version", "1.99.0\n", 0o644)
	w.setPath(filepath.Join(root, "bin"), w.path("gopath/bin"))
	gopls := filepath.Join(w.path("gopath/bin"), "gopls")
	testBinary(t, gopls)
	m, arch := foreignMachine()
	dlv := w.write("gopath/bin/dlv", string(elfHeader(m)), 0o755)
	w.write("gopath/bin/notes.txt", "not a program", 0o644)
	w.write("gopath/bin/script", "#!/bin/sh\n", 0o755)
	w.write("gopath/bin/junk", "\x7fELF\x02garbage", 0o755)
	w.mkdir("gopath/bin/subdir")
	r := w.run()
	want(t, r, "tool-old-go", Warning, gopls+" was built by "+runtime.Version(), "older than the active go1.99.0", "go install ")
	if runtime.GOOS == "linux" {
		want(t, r, "tool-foreign-arch", Warning, dlv+" is a elf/"+arch)
	}
	for _, f := range r.Findings {
		if strings.HasPrefix(f.ID, "tool-") && f.Subject != gopls && f.Subject != dlv {
			t.Errorf("unexpected finding: %+v", f)
		}
	}
	// Same minor: not old.
	w2 := newWorld(t)
	v := runtime.Version()
	root2 := w2.installed(v)
	w2.write("proj/.go-version", strings.TrimPrefix(v, "go")+"\n", 0o644)
	w2.setPath(filepath.Join(root2, "bin"), w2.path("gopath/bin"))
	testBinary(t, w2.path("gopath/bin/gopls"))
	wantNone(t, w2.run(), "tool-old-go")
}

func TestForeignToolchains(t *testing.T) {
	w, root := healthy(t)
	foreign := w.goroot("data/gohook/toolchains/go1.23.0", "go1.23.0", "plan9_mips")
	want(t, w.run(), "toolchain-foreign", Warning, foreign, "plan9/mips", "gohook uninstall 1.23.0")

	// The one PATH runs: an error, reported once.
	w.setPath(filepath.Join(foreign, "bin"), filepath.Join(root, "bin"), w.path("gopath/bin"))
	delete(w.env, "GOROOT")
	os.Remove(w.path("proj/.go-version"))
	r := w.run()
	want(t, r, "toolchain-foreign-active", Error, foreign, "plan9/mips")
	wantNone(t, r, "toolchain-foreign")
}

func TestHookInactive(t *testing.T) {
	w, _ := healthy(t)
	delete(w.env, shellVar)
	f := want(t, w.run(), "hook-inactive", Warning, "_GOHOOK_SHELL is unset", "start a new shell", ".bashrc:2", "PROMPT_COMMAND")
	os.WriteFile(filepath.Join(w.home, ".bashrc"), nil, 0o644)
	f = want(t, w.run(), "hook-inactive", Warning, "gohook setup bash")
	_ = f
	w.env["SHELL"] = "/bin/tcsh"
	want(t, w.run(), "shell-unsupported", Warning, "SHELL=/bin/tcsh")
}

func TestHookRCBash(t *testing.T) {
	w, _ := healthy(t)
	// Login shells read ~/.bash_profile, which must source ~/.bashrc.
	w.write("home/.bash_profile", "export EDITOR=vi\n", 0o644)
	want(t, w.run(), "hook-missing-login", Warning, "~/.bash_profile", "gohook setup bash")
	os.Remove(filepath.Join(w.home, ".bash_profile"))
	want(t, w.run(), "hook-missing-login", Warning, "read none of")

	// Only in the login file: non-login shells (Linux terminals) miss it.
	w.write("home/.bashrc", "alias ll='ls -l'\n", 0o644)
	w.write("home/.bash_profile", "eval \"$(gohook init bash)\"\n", 0o644)
	want(t, w.run(), "hook-missing-non-login", Warning, "~/.bashrc")

	// In ~/.profile, which bash skips when ~/.bash_profile exists.
	w.write("home/.bash_profile", "export EDITOR=vi\n", 0o644)
	w.write("home/.profile", "eval \"$(gohook init bash)\"\n", 0o644)
	want(t, w.run(), "hook-unread-file", Warning, "~/.profile:1", "~/.bash_profile exists")

	// Nowhere at all; and the zsh line in ~/.bashrc is the wrong one.
	os.Remove(filepath.Join(w.home, ".profile"))
	w.write("home/.bashrc", "eval \"$(gohook init zsh)\"\n", 0o644)
	r := w.run()
	want(t, r, "hook-missing", Warning, "~/.bashrc")
	want(t, r, "hook-wrong-shell", Warning, "~/.bashrc:1", `eval "$(gohook init bash)"`)

	// A sourced file counts.
	w.write("home/.bashrc", "source ~/.config/bash/go.sh\n", 0o644)
	w.write("home/.config/bash/go.sh", "eval \"$(/opt/bin/gohook init bash)\"\n", 0o644)
	w.write("home/.bash_profile", "if [ -f \"$HOME/.bashrc\" ]; then . \"$HOME/.bashrc\"; fi\n", 0o644)
	r = w.run()
	if len(r.Findings) != 0 {
		t.Errorf("sourced init line not followed: %v", r.Findings)
	}
}

func TestHookRCZsh(t *testing.T) {
	w, _ := healthy(t)
	w.env["SHELL"] = "/usr/bin/zsh"
	w.env[shellVar] = "zsh"
	w.write("home/.zshrc", "eval \"$(gohook init zsh)\"\n", 0o644)
	if r := w.run(); len(r.Findings) != 0 {
		t.Errorf("zsh with ~/.zshrc: %v", r.Findings)
	}
	w.env["ZDOTDIR"] = w.path("home/.config/zsh")
	want(t, w.run(), "hook-unread-file", Warning, "~/.zshrc:1", "ZDOTDIR="+w.path("home/.config/zsh"))
	os.Remove(filepath.Join(w.home, ".zshrc"))
	w.write("home/.config/zsh/.zprofile", "eval \"$(gohook init zsh)\"\n", 0o644)
	want(t, w.run(), "hook-missing-non-login", Warning, "~/.config/zsh/.zshrc")
}

func TestHookRCFish(t *testing.T) {
	w, _ := healthy(t)
	w.env["SHELL"] = "/usr/bin/fish"
	w.env[shellVar] = "fish"
	want(t, w.run(), "hook-missing", Warning, "config.fish")
	w.write("config/fish/conf.d/gohook", "gohook init fish | source\n", 0o644)
	want(t, w.run(), "hook-unread-file", Warning, "conf.d/gohook:1", "end in .fish")
	os.Rename(w.path("config/fish/conf.d/gohook"), w.path("config/fish/conf.d/gohook.fish"))
	wantNone(t, w.run(), "hook-missing")
}

func TestHookRCPwsh(t *testing.T) {
	w, _ := healthy(t)
	w.env["SHELL"] = "/usr/bin/pwsh"
	w.env[shellVar] = "pwsh"
	want(t, w.run(), "hook-missing", Warning, "Microsoft.PowerShell_profile.ps1")
	w.write("config/powershell/profile.ps1", "Invoke-Expression (& gohook init pwsh | Out-String)\n", 0o644)
	wantNone(t, w.run(), "hook-missing")
}

func TestLookPathWindows(t *testing.T) {
	w := newWorld(t)
	w.write("a/go.txt", "", 0o644)
	w.write("b/go.exe", "MZ", 0o644) // no exec bit needed on Windows
	s := &survey{env: config.Env{"PATHEXT": ".COM;.EXE;.BAT"}, goos: "windows", path: []string{w.path("a"), w.path("b")}}
	got := s.lookPath("go")
	if len(got) != 1 || got[0].File != w.path("b/go.exe") || got[0].Index != 1 {
		t.Errorf("lookPath: %+v", got)
	}
}

func TestBadInputNeverCrashes(t *testing.T) {
	w, root := healthy(t)
	long := "/" + strings.Repeat("x", 5000)
	w.write("afile", "x", 0o644)
	w.mkdir("noperm")
	os.Chmod(w.path("noperm"), 0)
	t.Cleanup(func() { os.Chmod(w.path("noperm"), 0o755) })
	os.Symlink("loop", w.path("loop"))
	w.setPath("", ".", "relative/dir", w.path("afile"), w.path("noperm"), w.path("loop"), long, "\x00bad", filepath.Join(root, "bin"), w.path("gopath/bin"))
	w.env["GOBIN"] = w.path("gopath/bin")
	for i := range 30 {
		w.write("gopath/bin/t"+itoa(i), strings.Repeat("\x7fELF\x02\x01\x01", i), 0o755)
	}
	w.write("goenv", strings.Repeat("\xff\xfe=\x00\n", 1000), 0o644)
	w.write("home/.bashrc", strings.Repeat("source ~/.bashrc\n", 100)+"\x00", 0o644) // a loop, and binary
	r := w.run()
	wantNone(t, r, "go-shadowed")
	want(t, r, "goenv-file-malformed", Warning)
	var buf bytes.Buffer
	if err := r.WriteText(&buf, false); err != nil || strings.Contains(buf.String(), "\x00") {
		t.Errorf("text report: %v %q", err, buf.String())
	}
}

func TestReport(t *testing.T) {
	r := Report{
		Facts: []Fact{{"go on PATH", "/x/bin/go"}},
		Findings: []Finding{
			{ID: "go-shadowed", Severity: Error, Message: "a\nb", Fix: "rm /x"},
			{ID: "gosumdb-off", Severity: Warning, Message: "c", Fix: "unset GOSUMDB"},
		},
	}
	var b bytes.Buffer
	r.WriteText(&b, false)
	want := "go on PATH  /x/bin/go\n\n" +
		"error    go-shadowed  a?b\n" +
		"                      fix: rm /x\n" +
		"warning  gosumdb-off  c\n" +
		"                      fix: unset GOSUMDB\n" +
		"\n1 error, 1 warning\n"
	if b.String() != want {
		t.Errorf("text:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	r.WriteText(&b, true)
	if !strings.Contains(b.String(), "\x1b[1;31merror  \x1b[0m  go-shadowed") {
		t.Errorf("colour: %q", b.String())
	}
	b.Reset()
	Report{}.WriteJSON(&b)
	if strings.TrimSpace(b.String()) != "[]" {
		t.Errorf("empty JSON: %q", b.String())
	}
}
