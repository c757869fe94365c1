package formats

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/hooks"
	"github.com/gohook/gohook/toolchain"
)

// parseGitHubEnv reads a $GITHUB_ENV file the way the Actions runner does:
// NAME=value lines, or NAME<<DELIM, value lines, then DELIM alone.
func parseGitHubEnv(t *testing.T, data string) map[string]string {
	t.Helper()
	out := map[string]string{}
	lines := strings.Split(strings.TrimSuffix(data, "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if name, delim, ok := strings.Cut(line, "<<"); ok && !strings.Contains(name, "=") {
			var val []string
			for i++; ; i++ {
				if i == len(lines) {
					t.Fatalf("%s: delimiter %s never closes", name, delim)
				}
				if lines[i] == delim {
					break
				}
				val = append(val, lines[i])
			}
			out[name] = strings.Join(val, "\n")
			continue
		}
		name, val, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("line %q is neither NAME=value nor NAME<<DELIM", line)
		}
		out[name] = val
	}
	return out
}

// fixedRandom returns its chunks in turn, then zeros.
type fixedRandom struct{ chunks [][]byte }

func (f *fixedRandom) Read(p []byte) (int, error) {
	if len(f.chunks) == 0 {
		clear(p)
		return len(p), nil
	}
	n := copy(p, f.chunks[0])
	f.chunks = f.chunks[1:]
	return n, nil
}

func TestGHADelimiterNeverCollides(t *testing.T) {
	first := bytes.Repeat([]byte{0xab}, 16)
	collide := "ghadelim_" + strings.Repeat("ab", 16)
	hostile := strings.Join([]string{
		"line one",
		collide, // the delimiter the first draw would give
		"EVIL=injected",
		collide + "\nNEXT<<x",
		"",
		"last",
	}, "\n")
	e := Env{Vars: []config.Var{
		{Name: "GOFLAGS", Value: "-mod=mod"},
		{Name: "MULTI", Value: hostile},
		{Name: "TRAILING", Value: "ends in a newline\n"},
		{Name: "EMPTY", Value: ""},
		{Name: "PATH", Value: "/ignored"},
	}}
	var envBuf, pathBuf bytes.Buffer
	random := &fixedRandom{chunks: [][]byte{first, first, bytes.Repeat([]byte{0xcd}, 16)}}
	if err := GHA(&envBuf, &pathBuf, e, random); err != nil {
		t.Fatal(err)
	}
	got := parseGitHubEnv(t, envBuf.String())
	want := map[string]string{
		"GOFLAGS":  "-mod=mod",
		"MULTI":    hostile,
		"TRAILING": "ends in a newline\n",
		"EMPTY":    "",
	}
	if len(got) != len(want) {
		t.Errorf("parsed %d variables %q, want %d", len(got), got, len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if _, ok := got["EVIL"]; ok {
		t.Error("a value injected a variable")
	}
	// GOFLAGS got the first draw; MULTI, which contains it, a fresh one.
	if !strings.Contains(envBuf.String(), "GOFLAGS<<"+collide+"\n") {
		t.Errorf("GOFLAGS did not use the first delimiter:\n%s", envBuf.String())
	}
	if strings.Contains(envBuf.String(), "MULTI<<"+collide) {
		t.Errorf("MULTI used a delimiter its value contains:\n%s", envBuf.String())
	}
}

func TestGHABrokenRandomFailsCleanly(t *testing.T) {
	same := &fixedRandom{} // zeros forever
	value := "ghadelim_" + strings.Repeat("00", 16)
	var envBuf, pathBuf bytes.Buffer
	err := GHA(&envBuf, &pathBuf, Env{Vars: []config.Var{{Name: "X", Value: value}}}, same)
	if err == nil {
		t.Fatal("no error with a random source that always collides")
	}
	if envBuf.Len() != 0 || pathBuf.Len() != 0 {
		t.Error("wrote something despite the error")
	}
}

func TestGHAPathOrder(t *testing.T) {
	e := Env{Path: []string{"/go/bin", "/gopath/bin", "/proj/bin"}}
	var envBuf, pathBuf bytes.Buffer
	if err := GHA(&envBuf, &pathBuf, e, nil); err != nil {
		t.Fatal(err)
	}
	// The runner prepends each line in turn, so the last line ends up first.
	if got, want := pathBuf.String(), "/proj/bin\n/gopath/bin\n/go/bin\n"; got != want {
		t.Errorf("GITHUB_PATH got %q, want %q", got, want)
	}
	e.Path = []string{"/a\nb"}
	if err := GHA(&envBuf, &pathBuf, e, nil); err == nil {
		t.Error("a PATH entry with a newline was accepted")
	}
}

func TestDotenvQuote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain-1.2/x:y", "plain-1.2/x:y"},
		{"", "''"},
		{"has space", "'has space'"},
		{"$HOME and ${X}", "'$HOME and ${X}'"},
		{`back\slash "dq"`, `'back\slash "dq"'`},
		{"it's", `"it's"`},
		{"two\nlines", `"two\nlines"`},
		{"cr\r$x\\\"", `"cr\r\$x\\\""`},
		{"#not a comment", "'#not a comment'"},
	} {
		if got := DotenvQuote(tc.in); got != tc.want {
			t.Errorf("DotenvQuote(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// Values without a quote or line break come back exactly from the most
// literal reader there is: sh with `set -a; . file`.
func TestDotenvSourcedBySh(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil || runtime.GOOS == "windows" {
		t.Skip("no sh")
	}
	vals := []string{"plain", "", "a b", "$HOME", "${X:-y}", "`id`", `\n`, "tab\there", "ünïcode", "semi;colon&", "*"}
	var e Env
	for i, v := range vals {
		e.Vars = append(e.Vars, config.Var{Name: "V" + string(rune('A'+i)), Value: v})
	}
	var b bytes.Buffer
	if err := Dotenv(&b, e); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(f, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	script := `set -a; . "$1"; set +a; for n in ` + strings.Repeat("x ", 0)
	for _, v := range e.Vars {
		script += v.Name + " "
	}
	script += `; do eval "printf '%s\0' \"\$$n\""; done`
	out, err := exec.Command(sh, "-c", script, "sh", f).Output()
	if err != nil {
		t.Fatalf("sh: %v\n%s", err, b.String())
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	for i, v := range vals {
		if i >= len(got) || got[i] != v {
			t.Errorf("value %q came back as %q\nfile:\n%s", v, got, b.String())
			break
		}
	}
}

func TestJSONAndVSCode(t *testing.T) {
	e := Env{
		GOROOT: "/sdk/go1.23.4",
		Vars: []config.Var{
			{Name: "GOBIN", Value: "/gopath/bin"},
			{Name: "GOFLAGS", Value: "-tags=x \"q\""},
			{Name: "GOROOT", Value: "/sdk/go1.23.4"},
			{Name: "PATH", Value: "/sdk/go1.23.4/bin:/usr/bin"},
		},
		Unset: []string{"GOPRIVATE"},
	}
	var b bytes.Buffer
	if err := JSON(&b, e); err != nil {
		t.Fatal(err)
	}
	var m map[string]*string
	if err := json.Unmarshal(b.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	if len(m) != 5 || m["GOPRIVATE"] != nil || *m["GOFLAGS"] != `-tags=x "q"` {
		t.Errorf("json: %s", b.String())
	}

	b.Reset()
	if err := VSCode(&b, e); err != nil {
		t.Fatal(err)
	}
	var s struct {
		GOROOT string            `json:"go.goroot"`
		Tools  map[string]string `json:"go.toolsEnvVars"`
	}
	if err := json.Unmarshal(b.Bytes(), &s); err != nil {
		t.Fatal(err)
	}
	if s.GOROOT != "/sdk/go1.23.4" || len(s.Tools) != 2 || s.Tools["GOBIN"] != "/gopath/bin" || s.Tools["GOFLAGS"] != `-tags=x "q"` {
		t.Errorf("vscode: %s", b.String())
	}
}

// FromResult on a real engine result: a project with a toolchain and a
// trusted [env], computed from an environment that still carries gohook's
// changes for another project.
func TestFromResult(t *testing.T) {
	dir := t.TempDir()
	proj := filepath.Join(dir, "proj")
	other := filepath.Join(dir, "other")
	for _, d := range []string{proj, other} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(name, data string) {
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(proj, ".gohook.toml"), "go = \"1.23.4\"\npath = [\"./bin\"]\n[env]\nGOFLAGS = \"-mod=mod\"\n")
	write(filepath.Join(other, ".gohook.toml"), "go = \"1.22.1\"\n[env]\nGOPRIVATE = \"x.example\"\n")
	tcs := []toolchain.Toolchain{
		{Version: "go1.23.4", Root: "/sdk/go1.23.4", GOOS: runtime.GOOS, GOARCH: runtime.GOARCH},
		{Version: "go1.22.1", Root: "/sdk/go1.22.1", GOOS: runtime.GOOS, GOARCH: runtime.GOARCH},
	}
	global := &config.Global{GOBIN: "shared"}
	env := config.Env{"PATH": "/usr/bin:/bin", "HOME": "/home/u", "GOPATH": "/gopath"}
	trusted := func(*config.Project) (bool, error) { return true, nil }

	first, err := hooks.Compute(hooks.Input{FS: hooks.OS{}, Dir: other, Env: env, Global: global, Toolchains: tcs, Trusted: trusted})
	if err != nil {
		t.Fatal(err)
	}
	r, err := hooks.Compute(hooks.Input{FS: hooks.OS{}, Dir: proj, Env: first.Env, Global: global, Toolchains: tcs, Trusted: trusted})
	if err != nil {
		t.Fatal(err)
	}
	e := FromResult(first.Env, r)
	if e.GOROOT != "/sdk/go1.23.4" {
		t.Errorf("GOROOT = %q", e.GOROOT)
	}
	var names []string
	for _, v := range e.Vars {
		names = append(names, v.Name)
	}
	if got := strings.Join(names, " "); got != "GOBIN GOFLAGS GOROOT PATH" {
		t.Errorf("vars = %s", got)
	}
	if got := strings.Join(e.Unset, " "); got != "GOPRIVATE" {
		t.Errorf("unset = %q, want GOPRIVATE (the other project's)", got)
	}
	want := []string{"/sdk/go1.23.4/bin", "/gopath/bin", filepath.Join(proj, "bin")}
	if strings.Join(e.Path, "|") != strings.Join(want, "|") {
		t.Errorf("path = %q, want %q", e.Path, want)
	}
	// The rendered GITHUB_ENV round-trips through the runner's parser.
	var envBuf, pathBuf bytes.Buffer
	if err := GHA(&envBuf, &pathBuf, e, nil); err != nil {
		t.Fatal(err)
	}
	got := parseGitHubEnv(t, envBuf.String())
	if got["GOFLAGS"] != "-mod=mod" || got["GOROOT"] != "/sdk/go1.23.4" || got["PATH"] != "" {
		t.Errorf("GITHUB_ENV: %q", got)
	}
	sc := bufio.NewScanner(&pathBuf)
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) != 3 || lines[2] != "/sdk/go1.23.4/bin" {
		t.Errorf("GITHUB_PATH: %q", lines)
	}
}
