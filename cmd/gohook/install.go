package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/hooks"
	"github.com/gohook/gohook/install"
	"github.com/mattn/go-isatty"
)

type installCmd struct {
	Version            string `arg:"" optional:"" help:"1.23.4, 1.23 (its newest patch) or latest; default: what the current directory asks for."`
	InsecureSkipVerify bool   `name:"insecure-skip-verify" help:"Install without verifying against the checksum database (GOSUMDB). Only for mirrors you trust."`
}

func (c *installCmd) Run() error {
	env := config.Environ()
	v := c.Version
	if v == "" {
		dir, err := os.Getwd()
		if err != nil {
			return err
		}
		if v, err = hooks.WantedVersion(dir, env); err != nil {
			return fmt.Errorf("%v; name a version: gohook install 1.23.4", err)
		}
	}
	// Ctrl-C cancels the download and removes what was written.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	g, err := config.LoadGlobal(env)
	if err != nil {
		return err
	}
	res, err := install.Install(ctx, v, install.Options{
		Env: env,
		Log: os.Stderr,
		// A dumb terminal cannot redraw a bar in place: plain lines there.
		Terminal:           (isatty.IsTerminal(os.Stderr.Fd()) || isatty.IsCygwinTerminal(os.Stderr.Fd())) && env.Get("TERM") != "dumb",
		InsecureSkipVerify: c.InsecureSkipVerify,
		Existing:           hooks.Inventory(env, g),
	})
	if err != nil {
		return err
	}
	if res.Already {
		fmt.Printf("%s is already installed in %s (%s): nothing to do\n", res.Version, res.Root, res.Source)
		return nil
	}
	fmt.Printf("installed %s in %s\n", res.Version, res.Root)
	return nil
}

type uninstallCmd struct {
	Version string `arg:"" help:"The release to remove, like 1.23.4."`
}

func (c *uninstallCmd) Run() error {
	dir, err := install.Uninstall(context.Background(), config.Environ(), c.Version)
	if err != nil {
		return err
	}
	fmt.Printf("removed %s\n", dir)
	return nil
}
