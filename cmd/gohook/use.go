package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/hooks"
	"github.com/gohook/gohook/shells"
)

type useCmd struct {
	Version string `arg:"" help:"A Go release (1.23.4, go1.23.4) or a minor (1.23: its newest installed patch)."`
	Global  bool   `help:"Set the default for directories that ask for nothing, in the global config, instead."`
}

func (c *useCmd) Run() error {
	env := config.Environ()
	v := strings.TrimSpace(c.Version)
	if _, err := hooks.ParsePin(v, hooks.Source{What: "argument"}); err != nil {
		return fmt.Errorf("use %s: %w", c.Version, err)
	}
	if c.Global {
		file := env.ConfigFile()
		if err := config.SetDefault(file, v); err != nil {
			return err
		}
		fmt.Printf("gohook: default = %q in %s: directories that ask for no version get it from the next prompt\n", v, file)
		return nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("current directory: %w", err)
	}
	file := filepath.Join(wd, ".go-version")
	if err := os.WriteFile(file, []byte(v+"\n"), 0o644); err != nil {
		return err
	}
	fmt.Printf("gohook: wrote %s (%s): it applies from the next prompt\n", file, v)
	// Say so when something stronger still decides here.
	if r, err := load(env, wd); err == nil && r.Decision.Want != nil && r.Decision.Want.Source.File != file {
		fmt.Printf("gohook: note: %s still decides here, and comes first\n", r.Decision.Want.Source)
	}
	return nil
}

// defaultLine matches a top-level `default = …` line.
type shellCmd struct {
	Version string `arg:"" optional:"" help:"A Go release (1.23.4) or a minor (1.23) for this shell only."`
	Unset   bool   `help:"Drop this shell's override: the directory decides again."`
	Shell   string `hidden:"" help:"The shell to print code for; the init snippet's gohook function passes it."`
}

func (c *shellCmd) Run() error {
	if c.Shell == "" {
		return errors.New("gohook shell changes the current shell's environment, which only the shell itself can do: " +
			"it works through the gohook function that the init line defines. Add the init line to your shell's rc file " +
			"(`gohook setup bash|zsh|fish|pwsh` does it), start a new shell, then run `gohook shell` again")
	}
	sh, err := shells.Get(c.Shell)
	if err != nil {
		return err
	}
	switch {
	case c.Unset && c.Version != "":
		return errors.New("shell: give a version or --unset, not both")
	case c.Unset:
		fmt.Print(sh.Export([]hooks.Change{{Name: "GOHOOK_GO", Unset: true}}, nil))
		fmt.Fprintln(os.Stderr, "gohook: this shell's override is gone: the directory decides again from the next prompt")
		return nil
	case c.Version == "":
		return errors.New("shell: give a version (gohook shell 1.23.4) or --unset")
	}
	v := strings.TrimSpace(c.Version)
	if _, err := hooks.ParsePin(v, hooks.Source{What: "$GOHOOK_GO"}); err != nil {
		return fmt.Errorf("shell %s: %w", c.Version, err)
	}
	fmt.Print(sh.Export([]hooks.Change{{Name: "GOHOOK_GO", Value: v}}, nil))
	fmt.Fprintf(os.Stderr, "gohook: this shell uses %s from the next prompt, wherever it goes (gohook shell --unset ends it)\n", v)
	return nil
}
