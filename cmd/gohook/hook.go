package main

import (
	"fmt"
	"os"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/hooks"
	"github.com/gohook/gohook/shells"
)

type initCmd struct {
	Shell string `arg:"" enum:"bash,zsh,fish,pwsh" help:"bash, zsh, fish or pwsh."`
}

func (c *initCmd) Run() error {
	sh, err := shells.Get(c.Shell)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	// Not resolving symlinks on purpose: a package manager's stable link
	// (Homebrew's bin/gohook) survives upgrades, its target does not.
	fmt.Print(sh.Init(exe))
	return nil
}

type exportCmd struct {
	Format string `arg:"" enum:"bash,zsh,fish,pwsh,json,dotenv,gha,vscode" help:"A shell (bash, zsh, fish, pwsh) or a format for tools (json, dotenv, gha, vscode)."`
}

func (c *exportCmd) Run() error {
	env := config.Environ()
	r, err := load(env, "")
	for _, n := range r.Notes {
		fmt.Fprintln(os.Stderr, "gohook:", n)
	}
	sh, serr := shells.Get(c.Format)
	if serr != nil {
		if err != nil {
			return err
		}
		return exportFor(c.Format, env, r)
	}
	// Even on error the hook gets what to watch, so it stays quiet until
	// the broken file changes, and the environment stays as it was.
	p := hooks.NewPrompt(env.CacheDir(), r.Watch)
	fmt.Print(sh.Export(r.Changes, &p))
	if r.Said {
		return exitCode(1)
	}
	return err
}

// load computes the environment of dir ("" = the working directory).
func load(env config.Env, dir string) (hooks.Result, error) {
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return hooks.Result{Env: env}, fmt.Errorf("current directory: %w", err)
		}
		dir = wd
	}
	return hooks.Load(dir, env, trustOptions(env))
}
