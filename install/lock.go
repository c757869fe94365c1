package install

import (
	"context"
	"os"
	"time"
)

// lock takes the lock file name, waiting while another process holds it
// (calling waiting once, so the user knows why nothing happens). The
// returned func releases the lock and removes the file.
//
// Removing a lock file is only safe because a lock counts only while the
// file it is on is still the one at name: whoever loses that race sees a
// different file there after locking, and tries again.
func lock(ctx context.Context, name string, waiting func()) (unlock func(), err error) {
	for {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o666)
		if err != nil {
			return nil, err
		}
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, err
		}
		if ok {
			held, err1 := f.Stat()
			now, err2 := os.Stat(name)
			if err1 == nil && err2 == nil && os.SameFile(held, now) {
				return func() {
					if lockRemovable {
						os.Remove(name)
					}
					f.Close() // releases the lock
				}, nil
			}
			f.Close()
			continue
		}
		f.Close()
		if waiting != nil {
			waiting()
			waiting = nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}
