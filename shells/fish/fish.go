// Package fish is gohook's fish support: the fish_prompt hook snippet
// (hook.fish, embedded) and fish quoting.
package fish

import (
	_ "embed"
	"path/filepath"
	"strings"

	"github.com/gohook/gohook/hooks"
)

//go:embed hook.fish
var snippet string

// Shell is fish.
type Shell struct{}

func (Shell) Name() string { return "fish" }

// Init returns hook.fish with gohook's path filled in.
func (Shell) Init(exe string) string {
	return strings.Replace(snippet, "@GOHOOK_EXE@", Quote(exe), 1)
}

// Export renders changes as fish code. Variables are always global: a bare
// `set -e` would erase a universal variable of the same name for good.
func (Shell) Export(changes []hooks.Change, p *hooks.Prompt) string {
	var b strings.Builder
	for _, c := range changes {
		switch {
		case c.Unset:
			b.WriteString("set -e -g " + c.Name + ";\n")
		case c.Name == "PATH":
			// fish's PATH is a list; it joins it with ':' for children.
			b.WriteString("set -gx PATH")
			for _, e := range filepath.SplitList(c.Value) {
				b.WriteString(" " + Quote(e))
			}
			b.WriteString(";\n")
		default:
			b.WriteString("set -gx " + c.Name + " " + Quote(c.Value) + ";\n")
		}
	}
	if p != nil {
		b.WriteString("set -g _GOHOOK_WATCH")
		for _, w := range p.Watch {
			b.WriteString(" " + Quote(w))
		}
		b.WriteString(";\nset -g _GOHOOK_STAMP " + Quote(p.Stamp) + ";\n")
	}
	return b.String()
}

// Quote returns s as one fish word that evaluates to exactly s: inside
// single quotes fish only interprets \\ and \'.
func Quote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:@+,=") == "" {
		return s
	}
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
