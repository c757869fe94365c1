//go:build unix

package testscripts

import (
	"os/exec"
	"syscall"
)

// killAll kills a session's shell: its process group (the pseudo-terminal
// made it a session leader) and the process itself. Jobs the shell put in
// groups of their own get SIGHUP when the terminal closes.
func killAll(cmd *exec.Cmd) {
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	cmd.Process.Kill()
}
