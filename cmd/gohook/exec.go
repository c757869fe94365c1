package main

import (
	"fmt"
	"os"
	"runtime/debug"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/run"
)

type execCmd struct {
	Dir     string   `short:"C" help:"Use this directory's environment (and run there)." type:"existingdir"`
	Command []string `arg:"" passthrough:"" help:"The command and its arguments, after --."`
}

func (c *execCmd) Run() error {
	env := config.Environ()
	r, err := load(env, c.Dir)
	if err != nil {
		return err
	}
	for _, n := range notesOf(r) {
		fmt.Fprintln(os.Stderr, "gohook:", n)
	}
	// kong's passthrough keeps the "--" that ends gohook's own flags.
	argv := c.Command
	if len(argv) > 0 && argv[0] == "--" {
		argv = argv[1:]
	}
	code, err := run.Command(c.Dir, r.Env, argv)
	if err != nil || code == 0 {
		return err
	}
	return exitCode(code)
}

type versionCmd struct{}

func (versionCmd) Run() error {
	v, goV := "(devel)", ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		goV = bi.GoVersion
	}
	fmt.Printf("gohook %s (built with %s)\n", v, goV)
	return nil
}
