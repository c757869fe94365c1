package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// SetDefault sets `default` in the global config file, creating it, or
// changing only that line (or adding it before the first table) so the
// user's comments and layout stay. The result must parse, or nothing is
// written.
func SetDefault(file, v string) error {
	data, err := os.ReadFile(file)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err == nil {
		if _, err := ParseGlobal(file, data, Env{}); err != nil {
			return fmt.Errorf("%w (fix it first; gohook use --global changes only the default line)", err)
		}
	}
	out := withDefault(data, "default = "+strconv.Quote(v))
	if _, err := ParseGlobal(file, out, Env{}); err != nil {
		return fmt.Errorf("%s: cannot set default: %w", file, err)
	}
	// Write through a symlink (dotfile managers) to its target.
	if real, err := filepath.EvalSymlinks(file); err == nil {
		file = real
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	return writeAtomic(file, out)
}

// withDefault returns data with its top-level default line replaced by
// line, or line added before the first [table] (or at the end).
func withDefault(data []byte, line string) []byte {
	nl := "\n"
	if bytes.Contains(data, []byte("\r\n")) {
		nl = "\r\n"
	}
	lines := strings.SplitAfter(string(data), "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") {
			// Tables start: insert before the first one.
			return []byte(strings.Join(lines[:i], "") + line + nl + strings.Join(lines[i:], ""))
		}
		if k, ok := lineKey(t); ok && k == "default" {
			lines[i] = line + nl
			return []byte(strings.Join(lines, ""))
		}
	}
	s := strings.Join(lines, "")
	if s != "" && !strings.HasSuffix(s, "\n") {
		s += nl
	}
	return []byte(s + line + nl)
}

// writeAtomic replaces file with data, keeping its permissions.
func writeAtomic(file string, data []byte) error {
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(file); err == nil {
		mode = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(mode)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), file)
}
