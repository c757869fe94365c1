package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// world is a hermetic home for the benchmark: its own HOME and XDG dirs,
// two projects, two fake Go toolchains, and the tools' configs, all under
// one temp dir so nothing on the machine (or in the user's home) matters.
type world struct {
	root      string
	home      string
	gohook    string // statically built gohook
	empty     string // statically built empty Go program
	projA     string // wants go1.22.3
	projB     string // wants go1.23.4
	gorootA   string
	gorootB   string
	env       []string
	tools     map[string]string // tool → executable; bare → ""
	notes     []string          // why a tool or shell is missing
	versions  map[string]string // tool/shell → version, for the report
	shellExes map[string]string
}

const (
	goA = "go1.22.3"
	goB = "go1.23.4"
)

// newWorld builds gohook and the empty program and lays out the world.
func newWorld(modRoot, root, miseCache string, wantTools []string, logf func(string, ...any)) (*world, error) {
	w := &world{
		root:      root,
		home:      filepath.Join(root, "home"),
		tools:     map[string]string{"bare": ""},
		versions:  map[string]string{},
		shellExes: map[string]string{},
	}
	bin := filepath.Join(root, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return nil, err
	}

	// 1. Static binaries: a dynamically linked one pays ~1 ms per process
	// here for the loader, which would swamp what we measure.
	logf("building gohook and an empty Go program (CGO_ENABLED=0)")
	w.gohook = filepath.Join(bin, "gohook")
	if err := goBuild(modRoot, w.gohook, "./cmd/gohook"); err != nil {
		return nil, err
	}
	emptyDir := filepath.Join(root, "emptyprog")
	if err := writeFiles(emptyDir, map[string]string{
		"go.mod":  "module empty\n\ngo 1.22\n",
		"main.go": "package main\n\nfunc main() {}\n",
	}); err != nil {
		return nil, err
	}
	w.empty = filepath.Join(bin, "empty")
	if err := goBuild(emptyDir, w.empty, "."); err != nil {
		return nil, err
	}

	// 2. The home: XDG dirs, two fake GOROOTs in ~/sdk (golang.org/dl's
	// layout), two projects.
	xdg := map[string]string{
		"XDG_CONFIG_HOME": filepath.Join(w.home, ".config"),
		"XDG_DATA_HOME":   filepath.Join(w.home, ".local", "share"),
		"XDG_STATE_HOME":  filepath.Join(w.home, ".local", "state"),
		"XDG_CACHE_HOME":  filepath.Join(w.home, ".cache"),
		"XDG_RUNTIME_DIR": filepath.Join(root, "run"),
	}
	for _, d := range xdg {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
	}
	w.gorootA = filepath.Join(w.home, "sdk", goA)
	w.gorootB = filepath.Join(w.home, "sdk", goB)
	for _, g := range []struct{ dir, v string }{{w.gorootA, goA}, {w.gorootB, goB}} {
		if err := fakeGoroot(g.dir, g.v); err != nil {
			return nil, err
		}
	}
	// Only ~/sdk: the machine's own Go installations stay out of it.
	if err := writeFiles(filepath.Join(xdg["XDG_CONFIG_HOME"], "gohook"), map[string]string{
		"config.toml": "[toolchains]\nsearch = [\"sdk\"]\n",
	}); err != nil {
		return nil, err
	}
	projects := filepath.Join(w.home, "projects")
	w.projA = filepath.Join(projects, "a")
	w.projB = filepath.Join(projects, "b")
	for _, p := range []struct{ dir, mod, goroot, v string }{
		{w.projA, "1.22.0", w.gorootA, goA},
		{w.projB, "1.23.0", w.gorootB, goB},
	} {
		// go.mod's go line is a minimum (both toolchains satisfy it), so
		// an exact .go-version pin decides, as a real project would pin.
		err := writeFiles(p.dir, map[string]string{
			"go.mod":      "module example.com/" + filepath.Base(p.dir) + "\n\ngo " + p.mod + "\n",
			".go-version": strings.TrimPrefix(p.v, "go") + "\n",
			"main.go":     "package main\n\nfunc main() {}\n",
			// direnv's stdlib: PATH_add puts the dir first on PATH.
			".envrc": "export GOROOT=" + sq(p.goroot) + "\nPATH_add \"$GOROOT/bin\"\n",
			// mise: the same environment from its [env] table.
			".mise.toml": "[env]\nGOROOT = " + tomlQuote(p.goroot) + "\n_.path = [" + tomlQuote(filepath.Join(p.goroot, "bin")) + "]\n",
		})
		if err != nil {
			return nil, err
		}
	}

	// 3. The environment every shell and process gets: nothing from ours
	// but a plain PATH and the locale.
	w.env = []string{
		"HOME=" + w.home,
		"USER=" + os.Getenv("USER"),
		"LOGNAME=" + os.Getenv("USER"),
		"SHELL=/bin/sh",
		"TERM=dumb",
		"LANG=C.UTF-8",
		"PATH=/usr/local/bin:/usr/bin:/bin",
		"TMPDIR=" + filepath.Join(root, "tmp"),
		"DIRENV_WARN_TIMEOUT=1h",
	}
	for k, v := range xdg {
		w.env = append(w.env, k+"="+v)
	}
	if err := os.MkdirAll(filepath.Join(root, "tmp"), 0o755); err != nil {
		return nil, err
	}

	w.versions["gohook"] = strings.TrimPrefix(firstLine(w.output(w.gohook, "version")), "gohook ")

	// 4. The tools, when wanted and available.
	want := func(t string) bool {
		for _, x := range wantTools {
			if x == t {
				return true
			}
		}
		return false
	}
	if want("gohook") {
		w.tools["gohook"] = w.gohook
	}
	if want("direnv") {
		if exe, err := exec.LookPath("direnv"); err != nil {
			w.notes = append(w.notes, "direnv: not available (apt-get install -y direnv)")
		} else if err := w.allow(exe, "allow"); err != nil {
			w.notes = append(w.notes, "direnv: not available: "+err.Error())
		} else {
			w.tools["direnv"] = exe
			w.versions["direnv"] = firstLine(w.output(exe, "version"))
		}
	}
	if want("mise") {
		exe, err := installMise(miseCache, logf)
		if err == nil {
			err = w.allow(exe, "trust")
		}
		if err != nil {
			w.notes = append(w.notes, "mise: not available: "+err.Error())
		} else {
			w.tools["mise"] = exe
			w.versions["mise"], _, _ = strings.Cut(firstLine(w.output(exe, "--version")), " ")
		}
	}
	return w, nil
}

// allow runs `exe verb` (direnv allow, mise trust) in both projects.
func (w *world) allow(exe, verb string) error {
	for _, dir := range []string{w.projA, w.projB} {
		cmd := exec.Command(exe, verb)
		cmd.Dir = dir
		cmd.Env = w.env
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("%s %s in %s: %v: %s", filepath.Base(exe), verb, dir, err, bytes.TrimSpace(out))
		}
	}
	return nil
}

// installMise installs the npm package @jdxcode/mise-linux-x64 (or the
// build for this machine) into cache, once, and returns its mise binary.
func installMise(cache string, logf func(string, ...any)) (string, error) {
	arch := map[string]string{"amd64": "x64", "arm64": "arm64"}[runtime.GOARCH]
	if runtime.GOOS != "linux" || arch == "" {
		return "", fmt.Errorf("no npm package for %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	pkg := "@jdxcode/mise-linux-" + arch
	pkgDir := filepath.Join(cache, "node_modules", filepath.FromSlash(pkg))
	if exe, err := findMise(pkgDir); err == nil {
		return exe, nil
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return "", errors.New("npm is not installed")
	}
	logf("installing %s with npm into %s", pkg, cache)
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return "", err
	}
	cmd := exec.Command(npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", cache, pkg)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("npm install %s: %v: %s", pkg, err, tail(bytes.TrimSpace(out), 300))
	}
	return findMise(pkgDir)
}

func findMise(pkgDir string) (string, error) {
	var found string
	err := filepath.WalkDir(pkgDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && d.Name() == "mise" {
			if fi, err := d.Info(); err == nil && fi.Mode()&0o111 != 0 {
				found = p
				return fs.SkipAll
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	if found == "" {
		return "", fmt.Errorf("no mise binary in %s", pkgDir)
	}
	return found, nil
}

// fakeGoroot makes dir look like an installed Go v: VERSION, the host's
// pkg/tool dir, and bin/go and bin/gofmt scripts that say who they are.
func fakeGoroot(dir, v string) error {
	script := "#!/bin/sh\necho \"FAKEGO " + v + " $*\"\n"
	if err := writeFiles(dir, map[string]string{
		"VERSION":    v + "\ntime 2024-01-01T00:00:00Z\n",
		"bin/go":     script,
		"bin/gofmt":  script,
		"src/go.mod": "module std\n",
	}); err != nil {
		return err
	}
	for _, f := range []string{"bin/go", "bin/gofmt"} {
		if err := os.Chmod(filepath.Join(dir, f), 0o755); err != nil {
			return err
		}
	}
	return os.MkdirAll(filepath.Join(dir, "pkg", "tool", runtime.GOOS+"_"+runtime.GOARCH), 0o755)
}

func writeFiles(dir string, files map[string]string) error {
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func goBuild(dir, out, pkg string) error {
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOFLAGS=-trimpath")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %v\n%s", pkg, err, b)
	}
	return nil
}

func tomlQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// output runs exe in the world and returns its stdout ("?" on failure).
func (w *world) output(exe string, args ...string) string {
	cmd := exec.Command(exe, args...)
	cmd.Env = w.env
	cmd.Dir = w.home
	out, err := cmd.Output()
	if err != nil {
		return "?"
	}
	return string(out)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}
