// Package trust is the record of `gohook allow`: which .gohook.toml files,
// at which exact contents, may set environment variables and PATH entries.
//
// The store is one text file, <dir>/allowed, one record a line (plus
// <dir>/allowed.lock, which serialises writers):
//
//	# gohook trust store v1
//	<sha256 of the file's contents> <the file's absolute path, Go-quoted>
//
// It is only ever replaced whole (a temporary file renamed over it), so a
// reader sees the old store or the new one, never half of one, and the
// file's mtime and its directory's change on every allow and deny. That is
// what lets the prompt hook see a decision at the next prompt by watching
// just [Watch]'s two paths. Paths are quoted with strconv.Quote so that any
// byte a path can hold (newlines, invalid UTF-8) round-trips exactly.
package trust

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// header is the first line of every store this version writes.
const header = "# gohook trust store v1"

// maxSize bounds how much of a store is read: thousands of records fit,
// and a store larger than this is not one gohook wrote.
const maxSize = 4 << 20

// Store is the trust store kept in one directory.
type Store struct {
	Dir string
}

// New returns the store in dir (config.Env.TrustDir()).
func New(dir string) Store { return Store{Dir: dir} }

// File is the store's one file.
func (s Store) File() string { return filepath.Join(s.Dir, "allowed") }

// Watch lists what the prompt hook must watch so that an allow or deny is
// seen at the next prompt: the store file, whose mtime changes on every
// write, and its directory, which also changes when the file is created
// or removed.
func (s Store) Watch() []string { return []string{s.Dir, s.File()} }

// Records maps a .gohook.toml's absolute path to the sha256 (hex) of the
// contents that were allowed.
type Records map[string]string

// Load reads the store. A store that does not exist yet is empty. One that
// cannot be read or is not a store gohook wrote is an error, which callers
// must treat as "nothing is trusted".
func (s Store) Load() (Records, error) {
	f, err := os.Open(s.File())
	if errors.Is(err, fs.ErrNotExist) {
		return Records{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("trust store: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSize+1))
	if err != nil {
		return nil, fmt.Errorf("trust store %s: %w", s.File(), bare(err))
	}
	if len(data) > maxSize {
		return nil, fmt.Errorf("trust store %s: too large (over %d MiB), not one gohook wrote", s.File(), maxSize>>20)
	}
	recs, err := parse(data)
	if err != nil {
		return nil, fmt.Errorf("trust store %s: %w", s.File(), err)
	}
	return recs, nil
}

func parse(data []byte) (Records, error) {
	recs := Records{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, maxSize+1)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if n == 1 {
			if line != header {
				return nil, fmt.Errorf("line 1: not a gohook trust store (want %q)", header)
			}
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		sum, quoted, ok := strings.Cut(line, " ")
		if !ok || !isHash(sum) {
			return nil, fmt.Errorf("line %d: corrupt record (want a sha256 and a quoted path)", n)
		}
		path, err := strconv.Unquote(quoted)
		if err != nil || !filepath.IsAbs(path) {
			return nil, fmt.Errorf("line %d: corrupt record (the path is not a quoted absolute path)", n)
		}
		recs[path] = sum
	}
	if n == 0 {
		return nil, errors.New("empty file, not a gohook trust store")
	}
	return recs, sc.Err()
}

func isHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// format renders records in a stable order, so the file diffs cleanly.
func format(recs Records) []byte {
	paths := make([]string, 0, len(recs))
	for p := range recs {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var b bytes.Buffer
	b.WriteString(header + "\n")
	for _, p := range paths {
		fmt.Fprintf(&b, "%s %s\n", recs[p], strconv.Quote(p))
	}
	return b.Bytes()
}

// Allowed reports whether file may apply at the contents whose hash is
// sum. It is false when the store cannot be read; err says why.
func (s Store) Allowed(file, sum string) (bool, error) {
	recs, err := s.Load()
	if err != nil {
		return false, err
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return false, err
	}
	return recs[abs] == sum, nil
}

// Allow records file at the contents whose hash is sum, replacing any
// earlier record for it.
func (s Store) Allow(file, sum string) error {
	if !isHash(sum) {
		return fmt.Errorf("allow %s: %q is not a sha256", file, sum)
	}
	return s.update(file, func(recs Records, abs string) bool {
		if recs[abs] == sum {
			return false
		}
		recs[abs] = sum
		return true
	})
}

// Deny removes file's record. It reports whether there was one.
func (s Store) Deny(file string) (bool, error) {
	had := false
	err := s.update(file, func(recs Records, abs string) bool {
		_, had = recs[abs]
		delete(recs, abs)
		return had
	})
	return had, err
}

// update applies change to the store and writes it back if change says
// it changed anything. Updates hold a lock (the file allowed.lock, kept
// for good: removing a lock file others may be waiting on is a race), so
// two `gohook allow` at once both land; readers need no lock since writes
// replace the file atomically.
func (s Store) update(file string, change func(Records, string) bool) error {
	abs, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	// Refuse a broken store before touching the directory: creating the
	// lock file would wake every shell's hook only to say so again.
	if _, err := s.Load(); err != nil {
		return fmt.Errorf("%w (fix or delete it; until then no .gohook.toml is trusted)", err)
	}
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return fmt.Errorf("trust store: %w", err)
	}
	lf, err := os.OpenFile(filepath.Join(s.Dir, "allowed.lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("trust store: %w", err)
	}
	defer lf.Close() // releases the lock
	if err := lock(lf); err != nil {
		return fmt.Errorf("trust store: locking %s: %w", lf.Name(), err)
	}
	recs, err := s.Load()
	if err != nil {
		return fmt.Errorf("%w (fix or delete it; until then no .gohook.toml is trusted)", err)
	}
	if !change(recs, abs) {
		return nil
	}
	return s.write(format(recs))
}

// write replaces the store with data: a temporary file in the same
// directory, synced, then renamed over the old one.
func (s Store) write(data []byte) error {
	tmp, err := os.CreateTemp(s.Dir, ".allowed-*")
	if err != nil {
		return fmt.Errorf("trust store: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), s.File())
	}
	if err != nil {
		return fmt.Errorf("trust store: %w", err)
	}
	return nil
}

// bare drops the path from a *fs.PathError, for messages that already
// name the file.
func bare(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
