// Command gohook makes every shell pick the Go toolchain the current
// directory asks for. This package is only the command line: each command
// parses its arguments, calls the packages that do the work, and prints.
package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/alecthomas/kong"
)

// CLI is the whole command line.
type CLI struct {
	Init      initCmd      `cmd:"" help:"Print the rc snippet that installs the prompt hook (bash, zsh, fish, pwsh)."`
	Export    exportCmd    `cmd:"" help:"Print the environment change for this directory, as the hook evals it (bash, zsh, fish, pwsh) or for tools (json, dotenv, gha, vscode)."`
	Current   currentCmd   `cmd:"" help:"Show the selected Go, its GOROOT, and which file and line decided it."`
	List      listCmd      `cmd:"" help:"List installed toolchains, who installed them, and which one is active here."`
	Exec      execCmd      `cmd:"" help:"Run a command with the environment of a directory (no shell needed)."`
	Install   installCmd   `cmd:"" help:"Download a Go toolchain from the module proxy and verify it."`
	Uninstall uninstallCmd `cmd:"" help:"Remove a toolchain gohook installed."`
	Use       useCmd       `cmd:"" help:"Pin a Go version here (.go-version), or the default with --global."`
	Shell     shellCmd     `cmd:"" help:"Use a Go version in this shell only (sets GOHOOK_GO), or --unset to stop."`
	Allow     allowCmd     `cmd:"" help:"Let this project's .gohook.toml set [env] and path, at its current contents."`
	Deny      denyCmd      `cmd:"" help:"Revoke gohook allow for this project's .gohook.toml."`
	Setup     setupCmd     `cmd:"" help:"Add the init line to the rc file your shell reads, once."`
	Doctor    doctorCmd    `cmd:"" help:"Diagnose the Go setup (which go runs, GOROOT, PATH, go env file, tools, the hook); exit 1 on errors."`
	Version   versionCmd   `cmd:"" help:"Print gohook's version."`
}

// exitCode is an error that carries the process exit status it asks for,
// for commands (exec, doctor) whose status means something.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

func main() {
	// The hook runs `gohook export <shell>` whenever the directory or a file
	// it depends on changes, so that path skips kong: building kong's model
	// by reflection costs more CPU than the whole export (bench/README.md).
	if len(os.Args) == 3 && os.Args[1] == "export" && !strings.HasPrefix(os.Args[2], "-") {
		exit((&exportCmd{Format: os.Args[2]}).Run())
	}
	var cli CLI
	parser := kong.Must(&cli, kong.Name("gohook"),
		kong.Description("gohook picks the Go toolchain each directory asks for, in bash, zsh, fish and PowerShell."),
		kong.UsageOnError())
	ctx, err := parser.Parse(os.Args[1:])
	if err != nil {
		parser.Errorf("%s", err)
		os.Exit(2)
	}
	exit(ctx.Run())
}

// exit ends the process with err's exit status: 0 for nil, the status an
// exitCode carries, else 1 after printing err as one line.
func exit(err error) {
	if err == nil {
		os.Exit(0)
	}
	var code exitCode
	if errors.As(err, &code) {
		os.Exit(int(code))
	}
	fmt.Fprintln(os.Stderr, "gohook:", err)
	os.Exit(1)
}
