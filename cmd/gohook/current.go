package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/hooks"
	"github.com/gohook/gohook/toolchain"
)

type currentCmd struct {
	JSON bool   `help:"Print as JSON."`
	Dir  string `short:"C" help:"Decide for this directory instead of the current one." type:"existingdir"`
}

// currentJSON is `gohook current --json`: stable field names for tools.
type currentJSON struct {
	Version   string         `json:"version,omitempty"` // selected toolchain
	GOROOT    string         `json:"goroot,omitempty"`
	Source    string         `json:"toolchain_source,omitempty"`
	Want      *hooks.Want    `json:"wanted,omitempty"`
	Kind      string         `json:"kind,omitempty"` // exact, minor, minimum
	Root      string         `json:"project_root,omitempty"`
	Installed bool           `json:"installed"`
	Notes     []string       `json:"notes,omitempty"`
	Env       []hooks.Change `json:"-"`
}

func (c *currentCmd) Run() error {
	env := config.Environ()
	r, err := load(env, c.Dir)
	if err != nil {
		return err
	}
	out := currentJSON{Want: r.Decision.Want, Root: r.Decision.Root, Installed: r.Toolchain != nil}
	if r.Decision.Want != nil {
		out.Kind = r.Decision.Want.Kind.String()
	}
	if t := r.Toolchain; t != nil {
		out.Version, out.GOROOT, out.Source = t.Version, t.Root, t.Source
	}
	if c.JSON {
		// Notes are repeated on every `current`, unlike the hook's.
		out.Notes = notesOf(r)
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	defer w.Flush()
	switch {
	case r.Decision.Want == nil:
		fmt.Fprintln(w, "no Go version asked for here (no go.mod, go.work, pin file, $GOHOOK_GO or default): environment left as is")
		return nil
	case r.Toolchain == nil:
		fmt.Fprintf(w, "%s\tnot installed\n", r.Decision.Want.String())
	default:
		fmt.Fprintf(w, "%s\t%s\t(%s)\n", r.Toolchain.Version, r.Toolchain.Root, r.Toolchain.Source)
	}
	fmt.Fprintf(w, "wanted:\t%s\n", r.Decision.Want.String())
	fmt.Fprintf(w, "decided by:\t%s\n", r.Decision.Want.Source)
	if r.Decision.Root != "" {
		fmt.Fprintf(w, "project:\t%s\n", r.Decision.Root)
	}
	for _, n := range notesOf(r) {
		fmt.Fprintf(w, "note:\t%s\n", n)
	}
	return nil
}

// notesOf recomputes the notes without the once-only filter.
func notesOf(r hooks.Result) []string {
	if len(r.Notes) > 0 {
		return r.Notes
	}
	if r.Decision.Want != nil && r.Toolchain == nil {
		return []string{"nothing installed satisfies it: run `gohook install " + strings.TrimPrefix(r.Decision.Want.Version, "go") + "`"}
	}
	return nil
}

type listCmd struct {
	Remote bool `help:"List the versions the module proxy offers for this OS and architecture."`
	JSON   bool `help:"Print as JSON."`
}

func (c *listCmd) Run() error {
	env := config.Environ()
	if c.Remote {
		return listRemote(env)
	}
	r, err := load(env, "")
	active := ""
	if err == nil && r.Toolchain != nil {
		active = r.Toolchain.Root
	}
	g, gerr := config.LoadGlobal(env)
	if gerr != nil {
		return gerr
	}
	tcs := hooks.Inventory(env, g)
	if c.JSON {
		type item struct {
			toolchain.Toolchain
			Active bool `json:"active"`
		}
		items := []item{}
		for _, t := range tcs {
			items = append(items, item{t, t.Root == active})
		}
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(items)
	}
	if len(tcs) == 0 {
		fmt.Println("no Go toolchains found: run `gohook install latest`")
		return nil
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	for _, t := range tcs {
		mark := " "
		if t.Root == active {
			mark = "*"
		}
		note := ""
		if !t.Host() {
			note = "\t(" + t.GOOS + "/" + t.GOARCH + ": not this machine's, never selected)"
		} else if t.Unfinished {
			note = "\t(module cache, finished on first use)"
		}
		fmt.Fprintf(w, "%s %s\t%s\t%s%s\n", mark, t.Version, t.Source, t.Root, note)
	}
	return w.Flush()
}
