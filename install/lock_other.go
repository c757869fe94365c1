//go:build !unix && !windows

package install

import "os"

// tryLock always succeeds where the OS has no file locks (js, wasip1,
// plan9): there is no shell there for gohook to serve concurrently.
func tryLock(f *os.File) (bool, error) { return true, nil }

const lockRemovable = true
