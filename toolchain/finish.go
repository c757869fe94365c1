package toolchain

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// unfinished reports whether a module-cache toolchain still needs the setup
// the go command does on its first switch to it (see Finish).
func unfinished(root string) bool {
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(filepath.Join(root, "bin", "go"))
		if err != nil || fi.Mode()&0o111 == 0 {
			return true
		}
	}
	return size(filepath.Join(root, "src", "go.mod")) != size(filepath.Join(root, "src", "_go.mod"))
}

// Finish makes a toolchain that `go mod download` unpacked into the module
// cache runnable, exactly as cmd/go/internal/toolchain does on first use:
// module zips carry no exec bits and cannot contain go.mod files below the
// module root, so the toolchain ships them as _go.mod. It is safe to race
// with a go command doing the same: each step is idempotent and src/go.mod,
// the signal that the work is done, is written last.
func Finish(root string) error {
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(filepath.Join(root, "bin", "go"))
		if err != nil {
			return err
		}
		if fi.Mode()&0o111 == 0 {
			// pkg/tool and lib before bin, so a racing go command that sees
			// bin/go executable never runs a tool that is not yet.
			for _, d := range []struct{ dir, pattern string }{
				{"pkg/tool", ""}, {"lib", "go_?*_?*_exec"}, {"bin/gofmt", ""}, {"bin", ""},
			} {
				if err := allowExec(filepath.Join(root, d.dir), d.pattern); err != nil {
					return err
				}
			}
		}
	}
	srcUGoMod := filepath.Join(root, "src", "_go.mod")
	srcGoMod := filepath.Join(root, "src", "go.mod")
	if size(srcGoMod) == size(srcUGoMod) {
		return nil
	}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path == srcUGoMod {
			return nil // last, below
		}
		if dir, name := filepath.Split(path); name == "_go.mod" {
			return copyReadOnly(path, dir+"go.mod")
		}
		return nil
	})
	if err != nil {
		return err
	}
	return copyReadOnly(srcUGoMod, srcGoMod)
}

func allowExec(dir, pattern string) error {
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if pattern != "" {
			if ok, _ := filepath.Match(pattern, d.Name()); !ok {
				return nil
			}
		}
		fi, err := os.Stat(path)
		if err != nil {
			return err
		}
		return os.Chmod(path, fi.Mode()&0o777|0o111)
	})
	if os.IsNotExist(err) {
		return nil // lib/ is absent in some releases
	}
	return err
}

func size(p string) int64 {
	fi, err := os.Stat(p)
	if err != nil {
		return -1
	}
	return fi.Size()
}

// copyReadOnly copies old to new inside the read-only module cache: it lends
// the directory a write bit for the copy and takes it back afterwards.
func copyReadOnly(old, new string) error {
	if size(new) == size(old) {
		return nil
	}
	data, err := os.ReadFile(old)
	if err != nil {
		return err
	}
	dir := filepath.Dir(new)
	fi, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if err := os.Chmod(dir, fi.Mode()|0o200); err != nil {
		return err
	}
	defer os.Chmod(dir, fi.Mode())
	f, err := os.OpenFile(new, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o444)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
