package doctor

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/gohook/gohook/toolchain"
)

// hit is one executable found on PATH.
type hit struct {
	Index int    // its PATH entry's position, from 0
	Dir   string // the PATH entry
	File  string // the executable
	root  string // the GOROOT it belongs to, "" when not inside one
}

// lookPath finds every executable called name on PATH, in the order a
// shell tries them: the first is the one `name` runs. It walks PATH itself,
// with PATHEXT on Windows, instead of asking a shell. Entries that cannot
// be read are skipped; relative ones are taken from the directory examined,
// as a shell started there would.
func (s *survey) lookPath(name string) []hit {
	var out []hit
	for i, dir := range s.path {
		d := dir
		if d == "" {
			d = "."
		}
		if !filepath.IsAbs(d) {
			d = filepath.Join(s.dir, d)
		}
		for _, cand := range s.candidates(name) {
			f := filepath.Join(d, cand)
			if !s.executable(f) {
				continue
			}
			out = append(out, hit{Index: i, Dir: dir, File: f, root: goroot(f)})
			break
		}
	}
	return out
}

// candidates are the file names that `name` can run: name itself, or on
// Windows name with each PATHEXT extension.
func (s *survey) candidates(name string) []string {
	if s.goos != "windows" {
		return []string{name}
	}
	exts := s.env.Get("PATHEXT")
	if exts == "" {
		exts = ".COM;.EXE;.BAT;.CMD"
	}
	var out []string
	for _, e := range strings.Split(exts, ";") {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, name+strings.ToLower(e))
		}
	}
	return out
}

// executable reports whether f is a file a shell would run: a regular file
// (through symlinks) with an exec bit, or on Windows any regular file.
func (s *survey) executable(f string) bool {
	fi, err := os.Stat(f)
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	return s.goos == "windows" || fi.Mode()&0o111 != 0
}

// goroot returns the Go tree a go or gofmt binary belongs to, found as the
// go command finds its own GOROOT: the executable's grandparent, first as
// named, then with symlinks resolved.
func goroot(exe string) string {
	for _, f := range []string{exe, resolve(exe)} {
		dir := filepath.Dir(filepath.Dir(f))
		if _, ok := toolchain.Inspect(dir); ok {
			return dir
		}
	}
	return ""
}

func resolve(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

// onPath returns the index of dir in PATH, or -1.
func (s *survey) onPath(dir string) int {
	for i, e := range s.path {
		if e != "" && sameFile(e, dir) {
			return i
		}
	}
	return -1
}
