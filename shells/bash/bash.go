// Package bash is gohook's bash support: the prompt hook snippet
// (hook.bash, embedded) and bash quoting.
package bash

import (
	_ "embed"
	"strings"

	"github.com/gohook/gohook/hooks"
)

//go:embed hook.bash
var snippet string

// Shell is bash.
type Shell struct{}

func (Shell) Name() string { return "bash" }

// Init returns hook.bash with gohook's path filled in.
func (Shell) Init(exe string) string {
	return strings.Replace(snippet, "@GOHOOK_EXE@", Quote(exe), 1)
}

// Export renders changes as bash code; the prompt state goes into
// shell-local variables, never exported, so child processes don't see them.
func (Shell) Export(changes []hooks.Change, p *hooks.Prompt) string {
	return Render(changes, p)
}

// Render is shared with zsh, whose syntax for this subset is the same.
func Render(changes []hooks.Change, p *hooks.Prompt) string {
	var b strings.Builder
	for _, c := range changes {
		if c.Unset {
			b.WriteString("unset " + c.Name + ";\n")
		} else {
			b.WriteString("export " + c.Name + "=" + Quote(c.Value) + ";\n")
		}
	}
	if p != nil {
		b.WriteString("_GOHOOK_WATCH=(")
		for i, w := range p.Watch {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(Quote(w))
		}
		b.WriteString(");\n_GOHOOK_STAMP=" + Quote(p.Stamp) + ";\n")
	}
	return b.String()
}

// Quote returns s as one bash word that evaluates to exactly s, for any
// bytes but NUL (which no environment value can hold).
func Quote(s string) string {
	if s == "" {
		return "''"
	}
	if strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:@%+,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
