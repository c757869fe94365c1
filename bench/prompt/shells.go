package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// shell says how to start one shell interactively with an rc file of ours,
// and how each tool's official hook line reads in it.
type shell struct {
	name string
	// rc is the rc file's text: the sentinel prompt, quiet start-up, and
	// hook (the tool's line, "" for the bare shell).
	rc func(hook string) string
	// rcFile is where the rc file goes, relative to the session's dir.
	rcFile string
	// argv starts the shell; dir holds rcFile. setup lines are typed first
	// (bash --norc reads no rc file, so it is sourced by hand).
	argv  func(exe, dir string) (argv, env, setup []string)
	hooks map[string]func(exe string) string // tool → hook line
	// showGoroot prints GOROOT as GR=[value]; typed to check each tool
	// really switches before anything is timed.
	showGoroot string
}

func sq(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

func psQuote(s string) string {
	for _, q := range []string{"'", "\u2018", "\u2019", "\u201a", "\u201b"} {
		s = strings.ReplaceAll(s, q, q+q)
	}
	return "'" + s + "'"
}

var shells = []shell{
	{
		name:   "bash",
		rcFile: "rc.bash",
		rc: func(hook string) string {
			return "PS1=" + sq(sentinel) + "\nPS2=\nunset HISTFILE\n" + hook + "\n"
		},
		argv: func(exe, dir string) ([]string, []string, []string) {
			return []string{exe, "--norc", "--noprofile", "-i"}, nil,
				[]string{"source " + sq(filepath.Join(dir, "rc.bash"))}
		},
		hooks: map[string]func(string) string{
			"gohook": func(exe string) string { return `eval "$(` + sq(exe) + ` init bash)"` },
			"direnv": func(exe string) string { return `eval "$(` + sq(exe) + ` hook bash)"` },
			"mise":   func(exe string) string { return `eval "$(` + sq(exe) + ` activate bash)"` },
		},
		showGoroot: `echo "GR=[$GOROOT]"`,
	},
	{
		name:   "zsh",
		rcFile: ".zshrc",
		rc: func(hook string) string {
			return "PS1=" + sq(sentinel) + "\nRPS1=\nPROMPT_EOL_MARK=\nunset HISTFILE\n" + hook + "\n"
		},
		argv: func(exe, dir string) ([]string, []string, []string) {
			return []string{exe, "-d", "-i"}, []string{"ZDOTDIR=" + dir}, nil
		},
		hooks: map[string]func(string) string{
			"gohook": func(exe string) string { return `eval "$(` + sq(exe) + ` init zsh)"` },
			"direnv": func(exe string) string { return `eval "$(` + sq(exe) + ` hook zsh)"` },
			"mise":   func(exe string) string { return `eval "$(` + sq(exe) + ` activate zsh)"` },
		},
		showGoroot: `echo "GR=[$GOROOT]"`,
	},
	{
		name:   "fish",
		rcFile: "rc.fish",
		rc: func(hook string) string {
			return "function fish_greeting; end\n" +
				"function fish_prompt; printf '%s' " + fishQuote(sentinel) + "; end\n" +
				"function fish_right_prompt; end\n" +
				"function fish_title; end\n" + hook + "\n"
		},
		argv: func(exe, dir string) ([]string, []string, []string) {
			return []string{exe, "--no-config", "--private", "-i", "-C", "source " + fishQuote(filepath.Join(dir, "rc.fish"))}, nil, nil
		},
		hooks: map[string]func(string) string{
			"gohook": func(exe string) string { return fishQuote(exe) + " init fish | source" },
			"direnv": func(exe string) string { return fishQuote(exe) + " hook fish | source" },
			"mise":   func(exe string) string { return fishQuote(exe) + " activate fish | source" },
		},
		showGoroot: `echo "GR=[$GOROOT]"`,
	},
	{
		// Not installed on the machine this was written on: untested.
		name:   "pwsh",
		rcFile: "rc.ps1",
		rc: func(hook string) string {
			return "function global:prompt { " + psQuote(sentinel) + " }\n" +
				"if (Get-Module PSReadLine) { Remove-Module PSReadLine }\n" + hook + "\n"
		},
		argv: func(exe, dir string) ([]string, []string, []string) {
			return []string{exe, "-NoLogo", "-NoProfile", "-NoExit", "-Command", ". " + psQuote(filepath.Join(dir, "rc.ps1"))}, nil, nil
		},
		hooks: map[string]func(string) string{
			"gohook": func(exe string) string {
				return "Invoke-Expression (& " + psQuote(exe) + " init pwsh | Out-String)"
			},
			// direnv has no PowerShell hook.
			"mise": func(exe string) string {
				return "(& " + psQuote(exe) + " activate pwsh) | Out-String | Invoke-Expression"
			},
		},
		showGoroot: `"GR=[$env:GOROOT]"`,
	},
}

// shellVersion asks a shell for its version, for the report.
func shellVersion(name, exe string) string {
	var out []byte
	var err error
	switch name {
	case "pwsh":
		out, err = exec.Command(exe, "-NoLogo", "-NoProfile", "-Command", "$PSVersionTable.PSVersion.ToString()").Output()
	case "bash":
		out, err = exec.Command(exe, "-c", "echo $BASH_VERSION").Output()
	case "zsh":
		out, err = exec.Command(exe, "-fc", "echo $ZSH_VERSION").Output()
	case "fish":
		out, err = exec.Command(exe, "--version").Output()
		out = []byte(strings.TrimPrefix(string(out), "fish, version "))
	}
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(out))
}

// writeRC writes sh's rc file for tool into dir and returns the session's
// argv, extra environment and setup lines.
func writeRC(sh shell, exe, dir, hook string) ([]string, []string, []string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, sh.rcFile), []byte(sh.rc(hook)), 0o644); err != nil {
		return nil, nil, nil, fmt.Errorf("write rc: %w", err)
	}
	argv, env, setup := sh.argv(exe, dir)
	return argv, env, setup, nil
}
