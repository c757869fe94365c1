package main

import (
	"fmt"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/hooks"
)

func trustOptions(env config.Env) hooks.Options { return hooks.Options{} }

func exportFor(format string, env config.Env, r hooks.Result) error {
	return fmt.Errorf("export %s: not yet", format)
}

func listRemote(env config.Env) error { return fmt.Errorf("list --remote: not yet") }
