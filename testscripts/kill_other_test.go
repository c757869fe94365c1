//go:build !unix

package testscripts

import "os/exec"

// killAll kills a session's shell. (Sessions need a Unix pseudo-terminal;
// this keeps the package building elsewhere.)
func killAll(cmd *exec.Cmd) {
	cmd.Process.Kill()
}
