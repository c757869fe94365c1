package shells_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

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
