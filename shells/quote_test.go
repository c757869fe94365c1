package shells_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/hooks"
	"github.com/gohook/gohook/shells"
)

// nasty are values that have broken shell quoting somewhere.
var nasty = []string{
	"", " ", "plain", "with space", "it's", `"double"`, `back\slash`, `\'`, `\\'`,
	"$HOME", "${HOME}", "$(echo pwned)", "`echo pwned`", "a\nb", "trailing\n", "\n",
	"tab\there", "*", "?", "[a]", "~", "~/x", "=cmd", "-e", "--", "!", "!!", "#x", "a;b", "a|b", "a&b",
	"{a,b}", "%self", "\x01\x7f", "\xff\xfe", "caf\xc3\xa9", "日本語", "\u2018smart\u2019 \u201a\u201b",
	"'\u2018'\u2019", "C:\\Program Files\\Go", "a:b:c", "\r\n", "(", ")", "<", ">", "^",
}

// printers print the variable GOHOOK_FUZZ_<i> for i in 0..n-1, each
// followed by a NUL, in the shell's own syntax.
var printers = map[string]func(n int) string{
	"bash": func(n int) string { return posixPrinter(n) },
	"zsh":  func(n int) string { return posixPrinter(n) },
	"fish": func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "printf '%%s\\0' \"$GOHOOK_FUZZ_%d\"\n", i)
		}
		return b.String()
	},
	"pwsh": func(n int) string {
		var b strings.Builder
		b.WriteString("$o = [Console]::OpenStandardOutput()\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "$x = [Text.Encoding]::UTF8.GetBytes(${env:GOHOOK_FUZZ_%d} + [char]0); $o.Write($x, 0, $x.Length)\n", i)
		}
		return b.String()
	},
}

func posixPrinter(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "printf '%%s\\0' \"$GOHOOK_FUZZ_%d\"\n", i)
	}
	return b.String()
}

func shellArgs(name string) []string {
	switch name {
	case "pwsh":
		return []string{"-NoLogo", "-NoProfile", "-NonInteractive", "-Command", "-"}
	case "fish":
		return []string{"--no-config", "--private"}
	case "zsh":
		return []string{"-f"}
	}
	return []string{"--norc", "--noprofile"}
}

// roundTrip exports values with sh's Export, evals that in the real
// shell, and returns what the shell then holds.
func roundTrip(t testing.TB, sh shells.Shell, values []string) []string {
	t.Helper()
	var changes []hooks.Change
	for i, v := range values {
		changes = append(changes, hooks.Change{Name: fmt.Sprintf("GOHOOK_FUZZ_%d", i), Value: v})
	}
	script := sh.Export(changes, &hooks.Prompt{Watch: values, Stamp: "x"}) + printers[sh.Name()](len(values))
	cmd := exec.Command(sh.Name(), shellArgs(sh.Name())...)
	cmd.Stdin = strings.NewReader(script)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s\nscript:\n%q", sh.Name(), err, stderr.String(), script)
	}
	got := strings.Split(string(out), "\x00")
	return got[:len(got)-1]
}

func installed(t testing.TB, name string) {
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not installed: its quoting was not checked here", name)
	}
}

func TestQuotingRoundTrips(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	values := append([]string(nil), nasty...)
	for i := 0; i < 300; i++ {
		b := make([]byte, rng.IntN(24))
		for j := range b {
			b[j] = byte(1 + rng.IntN(255)) // any byte an env var can hold
		}
		values = append(values, string(b))
	}
	for _, sh := range shells.All {
		t.Run(sh.Name(), func(t *testing.T) {
			installed(t, sh.Name())
			values := values
			if sh.Name() == "pwsh" {
				// .NET strings (and Windows' UTF-16 environment) cannot
				// hold invalid UTF-8, so pwsh is held to valid text.
				values = slices.DeleteFunc(slices.Clone(values), func(v string) bool { return !utf8.ValidString(v) })
			}
			got := roundTrip(t, sh, values)
			if len(got) != len(values) {
				t.Fatalf("got %d values back, want %d", len(got), len(values))
			}
			for i, v := range values {
				if got[i] != v {
					t.Errorf("value %q came back as %q", v, got[i])
				}
			}
		})
	}
}

// FuzzQuoting: go test ./shells -fuzz FuzzQuoting
func FuzzQuoting(f *testing.F) {
	for _, v := range nasty {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if strings.IndexByte(v, 0) >= 0 {
			t.Skip("environment values cannot hold NUL")
		}
		for _, sh := range shells.All {
			if _, err := exec.LookPath(sh.Name()); err != nil || sh.Name() == "pwsh" && !utf8.ValidString(v) {
				continue
			}
			if got := roundTrip(t, sh, []string{v}); len(got) != 1 || got[0] != v {
				t.Errorf("%s: %q came back as %q", sh.Name(), v, got)
			}
		}
	})
}

// TestProjectEnvRoundTrips takes [env] values from a real .gohook.toml
// through the engine and each shell's export into the real shell: what
// the shell holds afterwards is exactly what the file said.
func TestProjectEnvRoundTrips(t *testing.T) {
	dir := t.TempDir()
	var values []string
	for _, v := range nasty {
		if utf8.ValidString(v) { // TOML files are UTF-8
			values = append(values, v)
		}
	}
	var toml strings.Builder
	toml.WriteString("[env]\n")
	for i, v := range values {
		fmt.Fprintf(&toml, "PROJECT_%d = %s\n", i, tomlQuote(v))
	}
	if err := os.WriteFile(filepath.Join(dir, ".gohook.toml"), []byte(toml.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := hooks.Compute(hooks.Input{FS: hooks.OS{}, Dir: dir, Env: config.Env{"PATH": "/usr/bin:/bin"}, Global: &config.Global{},
		Trusted: func(*config.Project) (bool, error) { return true, nil }})
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range shells.All {
		t.Run(sh.Name(), func(t *testing.T) {
			installed(t, sh.Name())
			var changes []hooks.Change
			for _, c := range r.Changes {
				// Renamed for the printers; the values are what is tested.
				if n, ok := strings.CutPrefix(c.Name, "PROJECT_"); ok {
					c.Name = "GOHOOK_FUZZ_" + n
					changes = append(changes, c)
				}
			}
			slices.SortFunc(changes, func(a, b hooks.Change) int {
				ai, _ := strconv.Atoi(strings.TrimPrefix(a.Name, "GOHOOK_FUZZ_"))
				bi, _ := strconv.Atoi(strings.TrimPrefix(b.Name, "GOHOOK_FUZZ_"))
				return ai - bi
			})
			if len(changes) != len(values) {
				t.Fatalf("%d [env] changes, want %d", len(changes), len(values))
			}
			script := sh.Export(changes, nil) + printers[sh.Name()](len(values))
			cmd := exec.Command(sh.Name(), shellArgs(sh.Name())...)
			cmd.Stdin = strings.NewReader(script)
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("%v\n%s", err, script)
			}
			got := strings.Split(string(out), "\x00")
			for i, v := range values {
				if i >= len(got) || got[i] != v {
					t.Errorf("[env] value %q came back as %q", v, got[min(i, len(got)-1)])
				}
			}
		})
	}
}

// tomlQuote writes v as a TOML basic string.
func tomlQuote(v string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range v {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
