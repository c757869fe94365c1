package shells_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/gohook/gohook/shells"
)

// TestSnippetsPassTheirShellsCheckers runs each init snippet, generated for
// an install path that needs quoting, through its shell's own checker.
func TestSnippetsPassTheirShellsCheckers(t *testing.T) {
	checkers := map[string][][]string{
		"bash": {{"bash", "-n"}, {"shellcheck", "--shell=bash", "--severity=style", "--exclude=SC2016"}},
		"zsh":  {{"zsh", "-n"}},
		"fish": {{"fish", "--no-execute"}},
		// pwsh: shells/pwsh's TestGeneratedPowerShellParses.
	}
	// An install path that needs quoting. (shellcheck's SC2016 — "$HOME
	// won't expand in single quotes" — is exactly what we want here.)
	exe := filepath.Join(t.TempDir(), "it's a \"dir\" $HOME", "gohook")
	for _, sh := range shells.All {
		for _, c := range checkers[sh.Name()] {
			t.Run(sh.Name()+"/"+c[0], func(t *testing.T) {
				if _, err := exec.LookPath(c[0]); err != nil {
					if os.Getenv("CI") != "" {
						t.Fatalf("%s is not installed; .ci/run installs it", c[0])
					}
					t.Skipf("%s not installed: %s snippet not checked with it", c[0], sh.Name())
				}
				f := filepath.Join(t.TempDir(), "init."+sh.Name())
				os.WriteFile(f, []byte(sh.Init(exe)), 0o644)
				if out, err := exec.Command(c[0], append(c[1:], f)...).CombinedOutput(); err != nil {
					t.Errorf("%s: %v\n%s", c[0], err, out)
				}
			})
		}
	}
}
