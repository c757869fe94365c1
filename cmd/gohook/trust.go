package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/hooks"
	"github.com/gohook/gohook/trust"
)

// trustOptions lets the engine apply a .gohook.toml's env only when the
// trust store allows its current contents, and makes the hook watch the
// store so that allow and deny are seen at the next prompt. A store that
// cannot be read trusts nothing; the reason is printed once, on stderr.
func trustOptions(env config.Env) hooks.Options {
	s := trust.New(env.TrustDir())
	var (
		once sync.Once
		recs trust.Records
		err  error
	)
	return hooks.Options{
		TrustWatch: s.Watch(),
		Trusted: func(p *config.Project) (bool, error) {
			once.Do(func() {
				// Read only when a project asks: most prompts need no store.
				if recs, err = s.Load(); err != nil {
					err = fmt.Errorf("%v: no .gohook.toml is trusted until it is fixed or deleted", err)
				}
			})
			if err != nil {
				return false, err
			}
			abs, aerr := filepath.Abs(p.File)
			return aerr == nil && recs[abs] == p.Hash, nil
		},
	}
}

type allowCmd struct {
	Path string `arg:"" optional:"" type:"path" help:"A project directory or its .gohook.toml (default: the current directory)."`
}

func (c *allowCmd) Run() error {
	env := config.Environ()
	p, err := projectFor(env, c.Path)
	if err != nil {
		return err
	}
	if !p.Runs() {
		fmt.Printf("gohook: %s sets no [env] or path: nothing to allow (its go pin always applies)\n", p.File)
		return nil
	}
	if err := trust.New(env.TrustDir()).Allow(p.File, p.Hash); err != nil {
		return err
	}
	fmt.Printf("gohook: allowed %s (%s): it applies from the next prompt; any edit revokes it\n", p.File, summary(p))
	return nil
}

type denyCmd struct {
	Path string `arg:"" optional:"" type:"path" help:"A project directory or its .gohook.toml (default: the current directory)."`
}

func (c *denyCmd) Run() error {
	env := config.Environ()
	file, err := projectFileFor(env, c.Path)
	if err != nil {
		return err
	}
	had, err := trust.New(env.TrustDir()).Deny(file)
	if err != nil {
		return err
	}
	if !had {
		fmt.Printf("gohook: %s was not allowed: nothing to revoke\n", file)
		return nil
	}
	fmt.Printf("gohook: revoked %s: its [env] and path stop applying at the next prompt\n", file)
	return nil
}

// summary lists what a .gohook.toml sets, so the user sees what they allow.
func summary(p *config.Project) string {
	var parts []string
	for _, v := range p.Env {
		parts = append(parts, v.Name)
	}
	for _, d := range p.Path {
		parts = append(parts, "path "+d)
	}
	return "sets " + strings.Join(parts, ", ")
}

// projectFor returns the .gohook.toml that applies at arg (a directory,
// "" for the current one, or the file itself), parsed: exactly the file,
// and the contents, that the hook would read there.
func projectFor(env config.Env, arg string) (*config.Project, error) {
	file, err := projectFileFor(env, arg)
	if err != nil {
		return nil, err
	}
	data, err := config.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return config.ParseProject(file, data)
}

// projectFileFor finds the .gohook.toml that applies at arg the way the
// engine does: the nearest one within the project. The engine skips the
// search under $GOHOOK_GO or an exact $GOTOOLCHAIN, so both are ignored
// here: allowing must not depend on a shell's override.
func projectFileFor(env config.Env, arg string) (string, error) {
	if arg == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "", fmt.Errorf("current directory: %w", err)
		}
		arg = wd
	}
	fi, err := os.Stat(arg)
	if err != nil {
		return "", err
	}
	if !fi.IsDir() {
		return filepath.Abs(arg)
	}
	dir, err := filepath.Abs(arg)
	if err != nil {
		return "", err
	}
	base := hooks.Base(env)
	delete(base, "GOHOOK_GO")
	delete(base, "GOTOOLCHAIN")
	global, gerr := config.LoadGlobal(env)
	if gerr != nil {
		global = &config.Global{GOBIN: "shared", Search: config.Sources}
	}
	d, err := hooks.Resolve(hooks.OS{}, dir, base, global)
	if d.Project != nil {
		return d.Project.File, nil
	}
	if err != nil {
		return "", err
	}
	return "", errors.New("no .gohook.toml applies here (gohook allow and deny act on the nearest one within the project)")
}
