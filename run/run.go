// Package run starts a command with a computed environment, for
// `gohook exec`: IDEs, scripts and CI get a directory's Go without a shell.
package run

import (
	"errors"
	"fmt"
	"os"
	"os/exec"

	"github.com/gohook/gohook/config"
)

// Command runs argv in dir (when not empty) with env, and returns its exit
// status. Where the OS can, it replaces gohook with the command (see
// replace), so signals and the exit status pass through untouched.
func Command(dir string, env config.Env, argv []string) (int, error) {
	if len(argv) == 0 {
		return 0, errors.New("exec: no command given (usage: gohook exec [-C dir] -- cmd args…)")
	}
	if dir != "" {
		if err := os.Chdir(dir); err != nil {
			return 0, err
		}
		// Tools that trust $PWD (shells, the go command) must agree with
		// the directory they start in.
		env = env.Clone()
		env["PWD"] = dir
	}
	// Look the command up in the new PATH: the toolchain's go, not ours.
	os.Setenv("PATH", env.Get("PATH"))
	path, err := exec.LookPath(argv[0])
	if err != nil {
		return 0, fmt.Errorf("exec: %w", err)
	}
	return replace(path, argv, env.Environ())
}
