package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/rcfile"
)

type setupCmd struct {
	Shell  string `arg:"" enum:"bash,zsh,fish,pwsh" help:"bash, zsh, fish or pwsh."`
	DryRun bool   `help:"Say what would change, and change nothing."`
}

func (c *setupCmd) Run() error {
	env := config.Environ()
	o := rcfile.Options{Env: env, GOOS: runtime.GOOS, Exe: selfCommand()}
	if runtime.GOOS == "windows" && c.Shell == "pwsh" {
		o.PwshProfile = askPwshProfile()
	}
	steps, err := rcfile.Plan(c.Shell, o)
	if err != nil {
		return fmt.Errorf("setup %s: %w", c.Shell, err)
	}
	home := env.Home()
	changed := ""
	for _, s := range steps {
		name := rcfile.Tilde(s.File, home)
		if s.Append == "" {
			fmt.Printf("%s: %s: nothing to do\n", name, s.Why)
			continue
		}
		verb := map[bool]string{false: "appended to", true: "created"}[s.Create]
		if c.DryRun {
			verb = map[bool]string{false: "would append to", true: "would create"}[s.Create]
		}
		fmt.Printf("%s %s (%s):\n", verb, name, s.Why)
		for _, l := range strings.Split(strings.TrimRight(s.Append, "\r\n"), "\n") {
			if l = strings.TrimRight(l, "\r"); l != "" {
				fmt.Println("    " + l)
			}
		}
		if c.DryRun {
			continue
		}
		if err := s.Apply(); err != nil {
			return fmt.Errorf("setup %s: %w", c.Shell, err)
		}
		if changed == "" {
			changed = name
		}
	}
	if changed != "" {
		fmt.Printf("gohook is set up for %s: open a new %s, or load it here with: %s\n", c.Shell, c.Shell, reload(c.Shell, changed))
	}
	return nil
}

// reload is the command that loads file into the running shell.
func reload(shell, file string) string {
	if shell == "pwsh" {
		return ". $PROFILE"
	}
	return "source " + file
}

// selfCommand is how an rc file should run gohook: plain "gohook" when
// PATH finds this very binary (it survives upgrades that move it), else
// this binary's absolute path.
func selfCommand() string {
	exe, err := os.Executable()
	if err != nil {
		return "gohook"
	}
	if found, err := exec.LookPath("gohook"); err == nil {
		a, aerr := os.Stat(found)
		b, berr := os.Stat(exe)
		if aerr == nil && berr == nil && os.SameFile(a, b) {
			return "gohook"
		}
	}
	if abs, err := filepath.Abs(exe); err == nil {
		return abs
	}
	return exe
}

// askPwshProfile asks PowerShell for $PROFILE, which follows a moved
// Documents folder (OneDrive); "" when pwsh cannot say.
func askPwshProfile() string {
	out, err := exec.Command("pwsh", "-NoLogo", "-NoProfile", "-NonInteractive", "-Command", "$PROFILE.CurrentUserCurrentHost").Output()
	if err != nil {
		return ""
	}
	p := strings.TrimSpace(string(out))
	if !filepath.IsAbs(p) {
		return ""
	}
	return p
}
