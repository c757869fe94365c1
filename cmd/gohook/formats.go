package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/formats"
	"github.com/gohook/gohook/hooks"
)

// exportFor prints (or, for gha, appends) the directory's environment in
// one of the formats for tools.
func exportFor(format string, env config.Env, r hooks.Result) error {
	e := formats.FromResult(env, r)
	switch format {
	case "json":
		return formats.JSON(os.Stdout, e)
	case "dotenv":
		return formats.Dotenv(os.Stdout, e)
	case "vscode":
		if e.GOROOT == "" {
			fmt.Fprintln(os.Stderr, "gohook: no toolchain is selected here, so the fragment has no go.goroot")
		}
		return formats.VSCode(os.Stdout, e)
	case "gha":
		return exportGHA(env, e)
	}
	return fmt.Errorf("export %s: unknown format", format)
}

// exportGHA appends to the files GitHub Actions reads after a step.
func exportGHA(env config.Env, e formats.Env) error {
	envFile, pathFile := env.Get("GITHUB_ENV"), env.Get("GITHUB_PATH")
	if envFile == "" || pathFile == "" {
		return errors.New("export gha: $GITHUB_ENV and $GITHUB_PATH are not set: run it in a GitHub Actions step (`gohook export gha`), or use `gohook export dotenv` elsewhere")
	}
	ef, err := os.OpenFile(envFile, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("export gha: %w", err)
	}
	defer ef.Close()
	pf, err := os.OpenFile(pathFile, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("export gha: %w", err)
	}
	defer pf.Close()
	if err := formats.GHA(ef, pf, e, nil); err != nil {
		return fmt.Errorf("export gha: %w", err)
	}
	if err := ef.Close(); err != nil {
		return fmt.Errorf("export gha: %w", err)
	}
	if err := pf.Close(); err != nil {
		return fmt.Errorf("export gha: %w", err)
	}
	// Say what later steps get: CI logs are read when something breaks.
	var names []string
	for _, v := range e.Vars {
		if v.Name != "PATH" {
			names = append(names, v.Name)
		}
	}
	if len(names) == 0 && len(e.Path) == 0 {
		fmt.Println("gohook: nothing to export here: this directory's environment is the job's as it is")
		return nil
	}
	fmt.Printf("gohook: later steps get %s", strings.Join(names, ", "))
	if len(e.Path) > 0 {
		fmt.Printf("; PATH starts with %s", strings.Join(e.Path, string(os.PathListSeparator)))
	}
	fmt.Println()
	return nil
}
