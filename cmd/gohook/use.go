package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
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
		if err := setDefault(file, v); err != nil {
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
var defaultLine = regexp.MustCompile(`^\s*default\s*=`)

// setDefault sets `default` in the global config file, creating it, or
// changing only that line (or adding it before the first table) so the
// user's comments and layout stay. The result must parse, or nothing is
// written.
func setDefault(file, v string) error {
	data, err := os.ReadFile(file)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err == nil {
		if _, err := config.ParseGlobal(file, data, config.Env{}); err != nil {
			return fmt.Errorf("%w (fix it first; gohook use --global changes only the default line)", err)
		}
	}
	out := withDefault(data, "default = "+strconv.Quote(v))
	if _, err := config.ParseGlobal(file, out, config.Env{}); err != nil {
		return fmt.Errorf("%s: cannot set default: %w", file, err)
	}
	// Write through a symlink (dotfile managers) to its target.
	if real, err := filepath.EvalSymlinks(file); err == nil {
		file = real
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	return writeAtomic(file, out)
}

// withDefault returns data with its top-level default line replaced by
// line, or line added before the first [table] (or at the end).
func withDefault(data []byte, line string) []byte {
	nl := "\n"
	if bytes.Contains(data, []byte("\r\n")) {
		nl = "\r\n"
	}
	lines := strings.SplitAfter(string(data), "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") {
			// Tables start: insert before the first one.
			return []byte(strings.Join(lines[:i], "") + line + nl + strings.Join(lines[i:], ""))
		}
		if defaultLine.MatchString(l) {
			lines[i] = line + nl
			return []byte(strings.Join(lines, ""))
		}
	}
	s := strings.Join(lines, "")
	if s != "" && !strings.HasSuffix(s, "\n") {
		s += nl
	}
	return []byte(s + line + nl)
}

// writeAtomic replaces file with data, keeping its permissions.
func writeAtomic(file string, data []byte) error {
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(file); err == nil {
		mode = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(mode)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), file)
}

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
