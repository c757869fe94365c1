package doctor

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// WriteJSON writes the findings as a JSON array (empty, not null, when
// there are none), for tools.
func (r Report) WriteJSON(w io.Writer) error {
	fs := r.Findings
	if fs == nil {
		fs = []Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(fs)
}

// WriteText writes the report for a person: the facts, then one aligned
// block per finding with its fix below it. color adds ANSI colours to the
// severities; the caller decides (a terminal, and no NO_COLOR).
func (r Report) WriteText(w io.Writer, color bool) error {
	var b strings.Builder
	width := 0
	for _, f := range r.Facts {
		width = max(width, len(f.Name))
	}
	for _, f := range r.Facts {
		fmt.Fprintf(&b, "%-*s  %s\n", width, f.Name, f.Value)
	}
	if len(r.Facts) > 0 {
		b.WriteByte('\n')
	}
	if len(r.Findings) == 0 {
		b.WriteString("no problems found\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	idWidth := 0
	for _, f := range r.Findings {
		idWidth = max(idWidth, len(f.ID))
	}
	const sevWidth = len("warning")
	indent := strings.Repeat(" ", sevWidth+2+idWidth+2)
	for _, f := range r.Findings {
		sev := fmt.Sprintf("%-*s", sevWidth, f.Severity)
		if color {
			code := "33" // yellow
			if f.Severity == Error {
				code = "1;31" // bold red
			}
			sev = "\x1b[" + code + "m" + sev + "\x1b[0m"
		}
		fmt.Fprintf(&b, "%s  %-*s  %s\n", sev, idWidth, f.ID, oneLine(f.Message))
		fmt.Fprintf(&b, "%sfix: %s\n", indent, oneLine(f.Fix))
	}
	errs, warns := 0, 0
	for _, f := range r.Findings {
		if f.Severity == Error {
			errs++
		} else {
			warns++
		}
	}
	fmt.Fprintf(&b, "\n%s, %s\n", plural(errs, "error"), plural(warns, "warning"))
	_, err := io.WriteString(w, b.String())
	return err
}

// oneLine keeps a message to one terminal line, whatever a path or an
// error in it contains.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return '?'
		}
		return r
	}, s)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
