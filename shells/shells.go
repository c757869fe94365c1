// Package shells maps shell names to their implementations, one package per
// shell below this one: its init snippet as an embedded file and how it
// quotes, sets and unsets. Adding a shell means adding a folder and a line
// in All.
package shells

import (
	"fmt"
	"strings"

	"github.com/gohook/gohook/hooks"
	"github.com/gohook/gohook/shells/bash"
	"github.com/gohook/gohook/shells/fish"
	"github.com/gohook/gohook/shells/pwsh"
	"github.com/gohook/gohook/shells/zsh"
)

// Shell is what gohook needs to know about one shell.
type Shell interface {
	// Name is what the user types: gohook init <name>.
	Name() string
	// Init returns the rc snippet that installs the prompt hook; exe is
	// gohook's own absolute path, which the snippet quotes.
	Init(exe string) string
	// Export renders environment changes as code for the shell to eval,
	// then, when p is not nil, the prompt state the hook compares with.
	Export(changes []hooks.Change, p *hooks.Prompt) string
}

// All lists every supported shell.
var All = []Shell{bash.Shell{}, zsh.Shell{}, fish.Shell{}, pwsh.Shell{}}

// Get returns the shell called name.
func Get(name string) (Shell, error) {
	for _, s := range All {
		if s.Name() == name {
			return s, nil
		}
	}
	return nil, fmt.Errorf("unknown shell %q (want %s)", name, strings.Join(Names(), ", "))
}

// Names lists the supported shells' names.
func Names() []string {
	var out []string
	for _, s := range All {
		out = append(out, s.Name())
	}
	return out
}
