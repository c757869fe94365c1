package main

import (
	"fmt"
	"os"

	"github.com/mattn/go-isatty"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/doctor"
)

type doctorCmd struct {
	JSON bool   `help:"Print the findings as a JSON array."`
	Dir  string `short:"C" help:"Diagnose this directory instead of the current one." type:"existingdir"`
}

// Run prints what is wrong and exits 1 when anything is an error.
func (c *doctorCmd) Run() error {
	env := config.Environ()
	dir := c.Dir
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return fmt.Errorf("current directory: %w", err)
		}
		dir = wd
	}
	r := doctor.Run(doctor.Input{Env: env, Dir: dir, Trusted: trustOptions(env).Trusted})
	var err error
	if c.JSON {
		err = r.WriteJSON(os.Stdout)
	} else {
		fd := os.Stdout.Fd()
		color := (isatty.IsTerminal(fd) || isatty.IsCygwinTerminal(fd)) && os.Getenv("NO_COLOR") == ""
		err = r.WriteText(os.Stdout, color)
	}
	if err != nil {
		return err
	}
	if r.HasErrors() {
		return exitCode(1)
	}
	return nil
}
