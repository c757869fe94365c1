// Package zsh is gohook's zsh support: the precmd hook snippet (hook.zsh,
// embedded). Its quoting is bash's.
package zsh

import (
	_ "embed"
	"strings"

	"github.com/gohook/gohook/hooks"
	"github.com/gohook/gohook/shells/bash"
)

//go:embed hook.zsh
var snippet string

// Shell is zsh.
type Shell struct{}

func (Shell) Name() string { return "zsh" }

// Init returns hook.zsh with gohook's path filled in.
func (Shell) Init(exe string) string {
	return strings.Replace(snippet, "@GOHOOK_EXE@", bash.Quote(exe), 1)
}

// Export renders changes as zsh code: for export, unset, single quotes and
// array assignment zsh reads bash's syntax exactly.
func (Shell) Export(changes []hooks.Change, p *hooks.Prompt) string {
	return bash.Render(changes, p)
}
