// Package rcfile adds gohook's init line to the file each shell really
// reads for interactive sessions, for `gohook setup`. It only ever appends:
// the user's own lines are never rewritten, and a file that already has
// the line (written by hand or by an earlier setup) is left alone.
package rcfile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/shells/bash"
	"github.com/gohook/gohook/shells/fish"
	"github.com/gohook/gohook/shells/pwsh"
)

// Options says where and how to set up.
type Options struct {
	Env  config.Env // HOME, ZDOTDIR, XDG_CONFIG_HOME come from here
	GOOS string     // runtime.GOOS, or another for tests
	// Exe is how the rc line runs gohook: "gohook" when PATH finds this
	// binary, else its absolute path (quoted by this package).
	Exe string
	// PwshProfile is $PROFILE as pwsh itself reports it; "" computes the
	// platform default (Windows users may have moved Documents).
	PwshProfile string
}

// Step is one file setup looked at: an append to make, or a file that is
// already right (Append == "").
type Step struct {
	File   string // absolute path
	Create bool   // the file does not exist yet
	Append string // the text to append, "" when nothing is needed
	Why    string // one line: what the file is for, or why nothing is needed
}

// Plan reads the shell's rc files and returns what setup must do, without
// changing anything.
func Plan(shell string, o Options) ([]Step, error) {
	home := o.Env.Home()
	if home == "" {
		return nil, errors.New("cannot tell where your home directory is ($HOME is not set)")
	}
	switch shell {
	case "bash":
		return planBash(o, home)
	case "zsh":
		zdot := o.Env.Get("ZDOTDIR")
		if zdot == "" {
			zdot = home
		}
		s, err := lineStep(filepath.Join(zdot, ".zshrc"), "zsh", initLine("zsh", o.Exe), "interactive zsh reads it")
		return []Step{s}, err
	case "fish":
		conf := configHome(o.Env)
		// A hand-written line in config.fish counts: adding conf.d's
		// would only run the init twice.
		cf := filepath.Join(conf, "fish", "config.fish")
		data, _, err := read(cf)
		if err != nil || hasLine(data, hasInit("fish")) {
			return []Step{{File: cf, Why: "already has the gohook line"}}, err
		}
		s, err := lineStep(filepath.Join(conf, "fish", "conf.d", "gohook.fish"), "fish", initLine("fish", o.Exe), "fish sources every file in conf.d at start-up")
		return []Step{s}, err
	case "pwsh":
		s, err := lineStep(pwshProfile(o, home), "pwsh", initLine("pwsh", o.Exe), "PowerShell runs $PROFILE at start-up")
		return []Step{s}, err
	}
	return nil, fmt.Errorf("unknown shell %q (want bash, zsh, fish or pwsh)", shell)
}

// Apply makes the step's change: it appends, creating the file (and its
// directory) if needed. Appending through a symlink changes its target,
// as dotfile managers expect.
func (s Step) Apply() error {
	if s.Append == "" {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(s.File), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(s.File, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	_, err = f.WriteString(s.Append)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

const marker = "# Added by `gohook setup`: each directory gets the Go it asks for."

// initLine is the rc line for shell, running gohook as exe.
func initLine(shell, exe string) string {
	switch shell {
	case "bash", "zsh":
		return `eval "$(` + bash.Quote(exe) + ` init ` + shell + `)"`
	case "fish":
		// conf.d files run in every fish, scripts included: spawn
		// nothing there.
		return "status is-interactive; and " + fish.Quote(exe) + " init fish | source"
	case "pwsh":
		cmd := exe
		if exe != "gohook" {
			cmd = pwsh.Quote(exe)
		}
		return "Invoke-Expression (& " + cmd + " init pwsh | Out-String)"
	}
	return ""
}

// hasInit matches a line that runs `gohook init <shell>` in any form:
// bare, by path, quoted, with .exe.
func hasInit(shell string) *regexp.Regexp {
	return regexp.MustCompile(`gohook(\.exe)?['"]?\s+init\s+` + shell + `\b`)
}

// lineStep checks file for shell's init line and plans appending line
// (with the marker comment) when it is missing.
func lineStep(file, shell, line, why string) (Step, error) {
	data, exists, err := read(file)
	if err != nil {
		return Step{File: file}, err
	}
	if has(data, shell, line) {
		return Step{File: file, Why: "already has the gohook line"}, nil
	}
	return Step{File: file, Create: !exists, Append: appendText(data, marker, line), Why: why}, nil
}

// planBash: interactive non-login bash reads ~/.bashrc; login bash
// (macOS terminals, ssh) reads the first of ~/.bash_profile, ~/.bash_login
// and ~/.profile instead, so that one must source ~/.bashrc.
func planBash(o Options, home string) ([]Step, error) {
	rc, err := lineStep(filepath.Join(home, ".bashrc"), "bash", initLine("bash", o.Exe), "interactive bash reads it")
	if err != nil {
		return nil, err
	}
	steps := []Step{rc}
	sources := regexp.MustCompile(`(^|[\s;&|({])(\.|source)\s+["']?(~|\$HOME|\$\{HOME\}|` + regexp.QuoteMeta(home) + `)/\.bashrc\b`)
	for _, name := range []string{".bash_profile", ".bash_login", ".profile"} {
		f := filepath.Join(home, name)
		data, exists, err := read(f)
		if err != nil {
			return nil, err
		}
		if !exists {
			continue
		}
		if hasLine(data, sources) {
			return append(steps, Step{File: f, Why: "login shells read it, and it already sources ~/.bashrc"}), nil
		}
		return append(steps, Step{File: f, Append: appendText(data, sourceMarker, sourceLine),
			Why: "login shells read it instead of ~/.bashrc"}), nil
	}
	f := filepath.Join(home, ".bash_profile")
	return append(steps, Step{File: f, Create: true, Append: appendText(nil, sourceMarker, sourceLine),
		Why: "login shells read it instead of ~/.bashrc"}), nil
}

const (
	sourceMarker = "# Added by `gohook setup`: login shells read this file, not ~/.bashrc."
	// Guarded, since sh and dash also read ~/.profile.
	sourceLine = `if [ -n "${BASH_VERSION-}" ] && [ -f "$HOME/.bashrc" ]; then . "$HOME/.bashrc"; fi`
)

// has reports whether data runs shell's init: any `gohook init <shell>`
// line, or the exact line setup writes, whatever gohook's file is called.
func has(data []byte, shell, line string) bool {
	return hasLine(data, hasInit(shell)) || hasLine(data, regexp.MustCompile(regexp.QuoteMeta(line)))
}

// hasLine reports whether a line that is not a comment matches re.
func hasLine(data []byte, re *regexp.Regexp) bool {
	for _, line := range strings.Split(string(data), "\n") {
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "#") && re.MatchString(line) {
			return true
		}
	}
	return false
}

// appendText is what to append to a file holding data: a blank line to
// set it apart, then the lines, with the file's own line endings.
func appendText(data []byte, lines ...string) string {
	nl := "\n"
	if bytes.Contains(data, []byte("\r\n")) {
		nl = "\r\n"
	}
	var b strings.Builder
	if len(data) > 0 {
		if !bytes.HasSuffix(data, []byte("\n")) {
			b.WriteString(nl)
		}
		b.WriteString(nl)
	}
	for _, l := range lines {
		b.WriteString(l + nl)
	}
	return b.String()
}

func read(file string) (data []byte, exists bool, err error) {
	data, err = os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return data, true, nil
}

func configHome(env config.Env) string {
	if d := env.Get("XDG_CONFIG_HOME"); filepath.IsAbs(d) {
		return d
	}
	return filepath.Join(env.Home(), ".config")
}

// pwshProfile is $PROFILE (CurrentUserCurrentHost) for PowerShell 7: under
// Documents on Windows, under $XDG_CONFIG_HOME elsewhere.
func pwshProfile(o Options, home string) string {
	if o.PwshProfile != "" {
		return o.PwshProfile
	}
	const name = "Microsoft.PowerShell_profile.ps1"
	if o.GOOS == "windows" {
		return filepath.Join(home, "Documents", "PowerShell", name)
	}
	return filepath.Join(configHome(o.Env), "powershell", name)
}

// Tilde shows path with a leading home directory as ~, as users write it.
func Tilde(path, home string) string {
	if home == "" {
		return path
	}
	if rel, ok := strings.CutPrefix(path, home); ok && (rel == "" || rel[0] == filepath.Separator) {
		return "~" + filepath.ToSlash(rel)
	}
	return path
}
