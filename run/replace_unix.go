//go:build unix

package run

import "syscall"

// replace execs path in place of this process: the command gets gohook's
// pid, terminal and signals, and its exit status is the process's.
func replace(path string, argv, env []string) (int, error) {
	return 0, syscall.Exec(path, argv, env)
}
