//go:build !unix && !windows

package trust

import "os"

// lock is a no-op where the OS has no file locks (js, wasip1, plan9):
// there is no shell there for gohook to serve concurrently.
func lock(f *os.File) error { return nil }
