package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"text/tabwriter"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/hooks"
	"github.com/gohook/gohook/install"
)

// listRemote prints the releases the module proxy offers for this platform,
// newest first, marking the ones installed on this machine (by anyone).
func listRemote(env config.Env) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	versions, err := install.Remote(ctx, env)
	if err != nil {
		return err
	}
	g, err := config.LoadGlobal(env)
	if err != nil {
		return err
	}
	have := map[string]string{}
	for _, t := range hooks.Inventory(env, g) {
		if t.Host() {
			have[t.Version] = t.Source
		}
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	for _, v := range versions {
		if src, ok := have[v]; ok {
			fmt.Fprintf(w, "%s\tinstalled (%s)\n", v, src)
		} else {
			fmt.Fprintln(w, v) // no cell: no trailing padding
		}
	}
	return w.Flush()
}
