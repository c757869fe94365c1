// Package pwsh is gohook's PowerShell 7 support: the prompt wrapper and
// LocationChangedAction snippet (hook.ps1, embedded) and PowerShell quoting.
package pwsh

import (
	_ "embed"
	"strings"
	"unicode/utf8"

	"github.com/gohook/gohook/hooks"
)

//go:embed hook.ps1
var snippet string

// Shell is PowerShell (pwsh).
type Shell struct{}

func (Shell) Name() string { return "pwsh" }

// Init returns hook.ps1 with gohook's path filled in.
func (Shell) Init(exe string) string {
	return strings.Replace(snippet, "@GOHOOK_EXE@", Quote(exe), 1)
}

// Export renders changes as PowerShell code. On Windows, environment names
// are case-insensitive, so $env:PATH is the same variable as Path.
func (Shell) Export(changes []hooks.Change, p *hooks.Prompt) string {
	var b strings.Builder
	for _, c := range changes {
		if c.Unset {
			b.WriteString("Remove-Item -LiteralPath " + Quote("Env:"+c.Name) + " -ErrorAction Ignore\n")
		} else {
			b.WriteString("${env:" + c.Name + "} = " + Quote(c.Value) + "\n")
		}
	}
	if p != nil {
		b.WriteString("$global:_GOHOOK_WATCH = @(")
		for i, w := range p.Watch {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(Quote(w))
		}
		b.WriteString(")\n$global:_GOHOOK_STAMP = " + Quote(p.Stamp) + "\n")
	}
	return b.String()
}

// quotes are every character PowerShell ends a single-quoted string at:
// the ASCII quote and U+2018–U+201B. Each is escaped by doubling it.
const quotes = "'\u2018\u2019\u201a\u201b"

// Quote returns s as a PowerShell single-quoted string that evaluates to
// exactly s.
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if strings.ContainsRune(quotes, r) && r != utf8.RuneError {
			b.WriteString(s[:n])
		}
		b.WriteString(s[:n]) // invalid UTF-8 is copied byte for byte
		s = s[n:]
	}
	b.WriteByte('\'')
	return b.String()
}
