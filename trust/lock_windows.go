//go:build windows

package trust

import (
	"os"

	"golang.org/x/sys/windows"
)

// lock takes an exclusive lock on f, waiting for other holders.
func lock(f *os.File) error {
	return windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, new(windows.Overlapped))
}
