package pwsh

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gohook/gohook/hooks"
)

// generated is PowerShell gohook can print: the init snippet for an awkward
// install path, and exports of values that stress quoting.
func generated() map[string]string {
	values := []string{"C:\\Program Files\\Go", "it's", "\u2018a\u2019 \u201a\u201b", "$env:HOME", "`n", "a\nb", "$(calc)", "@(1)", "#", "\"", ""}
	var changes []hooks.Change
	for i, v := range values {
		changes = append(changes, hooks.Change{Name: "GOHOOK_T" + string(rune('A'+i)), Value: v})
	}
	changes = append(changes, hooks.Change{Name: "GOBIN", Unset: true})
	return map[string]string{
		"init.ps1":   Shell{}.Init(`C:\Users\O'Brien\go tools\gohook.exe`),
		"export.ps1": Shell{}.Export(changes, &hooks.Prompt{Watch: values, Stamp: `C:\cache\stamps\1`}),
		"shell.ps1":  Shell{}.Export([]hooks.Change{{Name: "GOHOOK_GO", Value: "1.22"}}, nil),
	}
}

// TestGeneratedPowerShellParses checks the PowerShell gohook prints with
// tree-sitter-powershell (via node; .ci/run installs it), and with the real
// PowerShell parser where pwsh is installed.
func TestGeneratedPowerShellParses(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for name, code := range generated() {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(code), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	// The checker must notice a broken file, or it proves nothing.
	broken := filepath.Join(dir, "broken.ps1")
	os.WriteFile(broken, []byte("if ($x {\n"), 0o644)

	ran := false
	if node, err := exec.LookPath("node"); err == nil && haveParser() {
		ran = true
		cmd := exec.Command(node, append([]string{"--liftoff-only", filepath.Join("parse", "check.mjs")}, files...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("tree-sitter-powershell: %v\n%s", err, out)
		}
		if err := exec.Command(node, "--liftoff-only", filepath.Join("parse", "check.mjs"), broken).Run(); err == nil {
			t.Error("the checker accepted a broken file")
		}
	}
	if pwsh, err := exec.LookPath("pwsh"); err == nil {
		ran = true
		for _, f := range files {
			script := "$e = $null; [void][System.Management.Automation.Language.Parser]::ParseFile('" + strings.ReplaceAll(f, "'", "''") + "', [ref]$null, [ref]$e); if ($e) { $e | ForEach-Object { $_.ToString() }; exit 1 }"
			if out, err := exec.Command(pwsh, "-NoProfile", "-NonInteractive", "-Command", script).CombinedOutput(); err != nil {
				t.Errorf("pwsh parser: %s: %v\n%s", f, err, out)
			}
		}
	}
	if !ran {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must check the PowerShell: neither node with shells/pwsh/parse/node_modules nor pwsh is installed (.ci/run installs them)")
		}
		t.Skip("no PowerShell parser here: run `npm install --prefix shells/pwsh/parse --no-package-lock` (node) or install pwsh")
	}
}

func haveParser() bool {
	_, err := os.Stat(filepath.Join("parse", "node_modules", "tree-sitter-powershell", "tree-sitter-powershell.wasm"))
	return err == nil
}

func TestQuoteDoublesEveryQuoteCharacter(t *testing.T) {
	for in, want := range map[string]string{
		"plain":         "'plain'",
		"it's":          "'it''s'",
		"\u2018x\u2019": "'\u2018\u2018x\u2019\u2019'",
		"\u201a\u201b":  "'\u201a\u201a\u201b\u201b'",
		"$x `n \"q\"":   "'$x `n \"q\"'",
		"bad\xffutf8":   "'bad\xffutf8'",
	} {
		if got := Quote(in); got != want {
			t.Errorf("Quote(%q) = %q, want %q", in, got, want)
		}
	}
}
