// Package testscripts runs gohook's end-to-end scenarios: every
// testscripts/*.txtar file, once in each real shell (bash, zsh, fish, pwsh).
//
// Running:
//
//	go test ./testscripts                                  # everything
//	go test ./testscripts -run 'TestScripts/zsh'           # one shell
//	go test ./testscripts -run 'TestScripts/.*/harness_transcript'   # one scenario, every shell
//	go test ./testscripts -run 'TestScripts/zsh/harness_transcript$' -v   # one scenario, one shell
//	go test ./testscripts -run TestScripts -testwork      # keep $WORK (testscript's flag)
//
// A shell that is not installed is skipped with a message that says its
// scenarios did not run (pwsh on most Linux machines).
//
// Environment knobs, all optional:
//
//	GOHOOK_TEST_BIN=/path/to/gohook   test that binary instead of building ./cmd/gohook
//	GOHOOK_TEST_NOINIT=1              start sessions without the gohook init line
//	                                  (to check the harness itself while init is broken)
//	GOHOOK_TEST_RAW=1                 log every session's raw pseudo-terminal bytes
//
// What a scenario sees is set up in [setup]: a private HOME and XDG dirs
// under $WORK, TERM=dumb, GOHOOK_SHELL naming the shell of this run, and a
// PATH of only the helper commands, gohook, /usr/bin and /bin. The real Go
// is not on PATH (so toolchain discovery is hermetic); $REALGO is its GOROOT
// for a scenario that needs it.
//
// Helper commands on PATH, in scripts and in the shells they start:
//
//	showenv NAME...                prints NAME=value or "NAME is unset" for each
//	showenv -path                  prints PATH one entry a line: PATH[0]=...
//	status N                       exits with status N (fish sessions type it
//	                               as `command status N`: fish has a builtin status)
//	mkgoroot DIR VERSION [GOOS_GOARCH]   makes a fake toolchain (see mkgoroot)
//	writefile PATH WORD...         writes the words and a newline, making parents
//
// The script command "session" drives an interactive shell; see session_test.go.
// The condition [shell:bash] (also zsh, fish, pwsh) is true in that shell's
// run: `[!shell:zsh] skip 'only zsh has KSH_ARRAYS'`.
package testscripts

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// shells lists the shells every scenario runs in, in this order.
var shells = []string{"bash", "zsh", "fish", "pwsh"}

// Set by TestMain for the test process (never in the helper commands).
var (
	gohookBin  string // the gohook binary under test
	realGOROOT string // GOROOT of the Go that runs the tests, exposed as $REALGO
	buildErr   error  // why gohookBin could not be built
)

func TestMain(m *testing.M) {
	testscript.Main(buildFirst{m}, map[string]func(){
		"showenv":   showenvMain,
		"status":    statusMain,
		"exitwith":  statusMain, // status under another name: fish has a builtin status
		"mkgoroot":  mkgorootMain,
		"writefile": writefileMain,
		// envdump is how the session command learns the script's whole
		// environment (testscript exposes it only to the processes it runs).
		"envdump": envdumpMain,
	})
}

// buildFirst builds gohook before the tests run. It is a testscript.TestingM
// so that the build happens only in the test process, not every time the
// test binary runs as one of the helper commands.
type buildFirst struct{ m *testing.M }

func (b buildFirst) Run() int {
	dir, err := os.MkdirTemp("", "gohook-test-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, "testscripts:", err)
		return 1
	}
	defer os.RemoveAll(dir)

	goCmd, err := exec.LookPath("go")
	if err != nil {
		fmt.Fprintln(os.Stderr, "testscripts: the go command is not on PATH:", err)
		return 1
	}
	out, err := exec.Command(goCmd, "env", "GOROOT").Output()
	if err != nil {
		fmt.Fprintln(os.Stderr, "testscripts: go env GOROOT:", err)
		return 1
	}
	realGOROOT = strings.TrimSpace(string(out))

	binDir := filepath.Join(dir, "bin")
	gohookBin = filepath.Join(binDir, "gohook"+exeSuffix())
	if prebuilt := os.Getenv("GOHOOK_TEST_BIN"); prebuilt != "" {
		// Copy it, so that PATH holds a directory with gohook and nothing else.
		data, err := os.ReadFile(prebuilt)
		if err == nil {
			err = os.MkdirAll(binDir, 0o777)
		}
		if err == nil {
			err = os.WriteFile(gohookBin, data, 0o777)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "testscripts: GOHOOK_TEST_BIN:", err)
			return 1
		}
	} else {
		build := exec.Command(goCmd, "build", "-o", gohookBin, "github.com/gohook/gohook/cmd/gohook")
		if out, err := build.CombinedOutput(); err != nil {
			// TestScripts reports it; the other tests need no gohook.
			buildErr = fmt.Errorf("cannot build gohook, so no scenario can run:\n%s%v", out, err)
		}
	}
	return b.m.Run()
}

func exeSuffix() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}

// TestScripts runs every scenario in every shell: TestScripts/<shell>/<scenario>.
func TestScripts(t *testing.T) {
	files, err := filepath.Glob("*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testscripts/*.txtar scenarios")
	}
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	for _, sh := range shells {
		t.Run(sh, func(t *testing.T) {
			if _, err := exec.LookPath(sh); err != nil {
				if os.Getenv("CI") != "" && sh != "pwsh" {
					// .ci/run installs bash, zsh and fish; pwsh cannot be.
					t.Fatalf("%s not installed in CI: .ci/run should have installed it", sh)
				}
				t.Skipf("%s not installed: its scenarios did not run", sh)
			}
			testscript.Run(t, params(sh, files))
		})
	}
}

// params is the testscript configuration for running files in shell sh.
func params(sh string, files []string) testscript.Params {
	return testscript.Params{
		Files:              files,
		RequireUniqueNames: true,
		Setup:              func(env *testscript.Env) error { return setup(env, sh) },
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"session": cmdSession,
			"proxy":   cmdProxy,
		},
		Condition: func(cond string) (bool, error) {
			if name, ok := strings.CutPrefix(cond, "shell:"); ok {
				if !knownShell(name) {
					return false, fmt.Errorf("unknown shell %q (want one of %v)", name, shells)
				}
				return name == sh, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
	}
}

func knownShell(name string) bool {
	for _, sh := range shells {
		if sh == name {
			return true
		}
	}
	return false
}

// setup gives each scenario a hermetic environment for shell sh.
func setup(env *testscript.Env, sh string) error {
	work := env.WorkDir
	home := filepath.Join(work, "home")
	for _, dir := range []string{home, filepath.Join(work, "gopath")} {
		if err := os.MkdirAll(dir, 0o777); err != nil {
			return err
		}
	}
	helpers, err := exec.LookPath("showenv")
	if err != nil {
		return fmt.Errorf("testscript's helper commands are not on PATH: %v", err)
	}
	path := strings.Join([]string{
		filepath.Dir(helpers),
		filepath.Dir(gohookBin),
		"/usr/bin",
		"/bin",
	}, string(os.PathListSeparator))

	// testscript starts from an almost empty environment, so GOHOOK_CONFIG,
	// GOFLAGS, GOROOT, GOBIN and the like are unset unless a scenario sets them.
	env.Setenv("PATH", path)
	env.Setenv("HOME", home)
	env.Setenv("XDG_CONFIG_HOME", filepath.Join(work, ".config"))
	env.Setenv("XDG_DATA_HOME", filepath.Join(work, ".local", "share"))
	env.Setenv("XDG_CACHE_HOME", filepath.Join(work, ".cache"))
	env.Setenv("GOHOOK_SHELL", sh)
	env.Setenv("TERM", "dumb")
	env.Setenv("LANG", "C.UTF-8")
	env.Setenv("GOTOOLCHAIN", "local")
	env.Setenv("GOPATH", filepath.Join(work, "gopath"))
	env.Setenv("GOMODCACHE", filepath.Join(work, "gopath", "pkg", "mod"))
	env.Setenv("REALGO", realGOROOT)
	env.Values[testingTKey{}] = env.T()
	if os.Getenv("GOHOOK_TEST_NOINIT") != "" {
		env.Setenv("GOHOOK_TEST_NOINIT", "1")
	}
	return nil
}

// The helper commands. Each runs as its own process (a copy of the test
// binary named after the command), so they print and exit like any tool.

func showenvMain() {
	args := os.Args[1:]
	if len(args) == 1 && args[0] == "-path" {
		for i, dir := range filepath.SplitList(os.Getenv("PATH")) {
			fmt.Printf("PATH[%d]=%s\n", i, dir)
		}
		return
	}
	if len(args) == 0 {
		fatalf("usage: showenv NAME... | showenv -path")
	}
	for _, name := range args {
		if v, ok := os.LookupEnv(name); ok {
			fmt.Printf("%s=%s\n", name, v)
		} else {
			fmt.Printf("%s is unset\n", name)
		}
	}
}

func statusMain() {
	if len(os.Args) != 2 {
		fatalf("usage: %s N", filepath.Base(os.Args[0]))
	}
	n, err := strconv.Atoi(os.Args[1])
	if err != nil {
		fatalf("status: %v", err)
	}
	os.Exit(n)
}

// mkgorootMain makes a fake GOROOT that looks installed to anyone reading
// it (VERSION, pkg/tool/GOOS_GOARCH) and whose bin/go answers `go version`
// and `go env GOROOT` the way a real one would.
func mkgorootMain() {
	args := os.Args[1:]
	if len(args) < 2 || len(args) > 3 {
		fatalf("usage: mkgoroot DIR VERSION [GOOS_GOARCH]")
	}
	dir, version := args[0], args[1]
	platform := runtime.GOOS + "_" + runtime.GOARCH
	if len(args) == 3 {
		platform = args[2]
	}
	goos, goarch, ok := strings.Cut(platform, "_")
	if !ok {
		fatalf("mkgoroot: %q is not GOOS_GOARCH", platform)
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		fatalf("mkgoroot: %v", err)
	}
	goScript := fmt.Sprintf(`#!/bin/sh
# A fake go command made by the gohook tests' mkgoroot helper.
case "$1 $2" in
"version "*) echo %s ;;
"env GOROOT") echo %s ;;
*) echo "fake go %s: $*" >&2; exit 2 ;;
esac
`, shQuote("go version "+version+" "+goos+"/"+goarch), shQuote(dir), version)
	files := []struct {
		name string
		data string
		perm os.FileMode
	}{
		{"VERSION", version + "\ntime 2024-01-01T00:00:00Z\n", 0o666},
		{"bin/go", goScript, 0o777},
		{"bin/gofmt", "#!/bin/sh\necho 'fake gofmt " + version + "'\n", 0o777},
		{"pkg/tool/" + platform + "/compile", "", 0o777},
	}
	for _, f := range files {
		name := filepath.Join(dir, filepath.FromSlash(f.name))
		if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
			fatalf("mkgoroot: %v", err)
		}
		if err := os.WriteFile(name, []byte(f.data), f.perm); err != nil {
			fatalf("mkgoroot: %v", err)
		}
	}
}

func writefileMain() {
	if len(os.Args) < 2 {
		fatalf("usage: writefile PATH WORD...")
	}
	name := os.Args[1]
	data := strings.Join(os.Args[2:], " ") + "\n"
	if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
		fatalf("writefile: %v", err)
	}
	if err := os.WriteFile(name, []byte(data), 0o666); err != nil {
		fatalf("writefile: %v", err)
	}
}

// envdumpMain writes its environment to the file named by its argument,
// NUL-separated.
func envdumpMain() {
	if len(os.Args) != 2 {
		fatalf("usage: envdump FILE")
	}
	var b bytes.Buffer
	for _, kv := range os.Environ() {
		b.WriteString(kv)
		b.WriteByte(0)
	}
	if err := os.WriteFile(os.Args[1], b.Bytes(), 0o666); err != nil {
		fatalf("envdump: %v", err)
	}
}

// shQuote quotes s for a POSIX shell.
func shQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(2)
}
