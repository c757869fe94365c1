package main

import (
	"fmt"

	"github.com/gohook/gohook/config"
)

func listRemote(env config.Env) error { return fmt.Errorf("list --remote: not yet") }
