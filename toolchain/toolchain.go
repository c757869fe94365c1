// Package toolchain finds the Go toolchains already on the machine — gohook's
// own, the module cache's, golang.org/dl's, other version managers', the
// system's and PATH's — and caches what it found so the prompt never scans.
package toolchain

import (
	"bytes"
	"go/version"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Toolchain is one Go installation (a GOROOT).
type Toolchain struct {
	Root    string `json:"root"`
	Version string `json:"version"` // "go1.23.4", from VERSION
	GOOS    string `json:"goos"`    // from pkg/tool/GOOS_GOARCH
	GOARCH  string `json:"goarch"`
	Source  string `json:"source"` // which source found it: "gohook", "modcache", "sdk", …
	// Unfinished marks a module-cache toolchain the go command downloaded
	// but never ran; Finish makes it usable.
	Unfinished bool `json:"unfinished,omitempty"`
}

// Host reports whether t runs on this machine's OS and architecture.
func (t Toolchain) Host() bool { return t.GOOS == runtime.GOOS && t.GOARCH == runtime.GOARCH }

// Bin is the directory holding t's go and gofmt.
func (t Toolchain) Bin() string { return filepath.Join(t.Root, "bin") }

// Go is the path of t's go command.
func (t Toolchain) Go() string { return filepath.Join(t.Root, "bin", "go"+exeSuffix) }

var exeSuffix = func() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}()

// Inspect reads a GOROOT's version and platform without running anything.
// ok is false when dir is not a Go tree.
func Inspect(dir string) (t Toolchain, ok bool) {
	data, err := readSmall(filepath.Join(dir, "VERSION"), 4096)
	if err != nil {
		return t, false
	}
	line, _, _ := bytes.Cut(data, []byte("\n"))
	v := strings.TrimSpace(string(line))
	if !version.IsValid(v) {
		return t, false
	}
	t = Toolchain{Root: dir, Version: v}
	ents, _ := os.ReadDir(filepath.Join(dir, "pkg", "tool"))
	for _, e := range ents {
		goos, goarch, ok := strings.Cut(e.Name(), "_")
		if !ok || !e.IsDir() {
			continue
		}
		// A tree can hold tools for several platforms (cross-compiled
		// distributions); prefer the host's.
		if t.GOOS == "" || (goos == runtime.GOOS && goarch == runtime.GOARCH) {
			t.GOOS, t.GOARCH = goos, goarch
		}
	}
	if t.GOOS == "" {
		// A source tree without built tools: it cannot build anything.
		return t, false
	}
	return t, true
}

func readSmall(name string, max int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, max)
	n, _ := f.Read(buf)
	return buf[:n], nil
}

// Newest returns the newest of ts satisfying match, preferring host
// toolchains only; ok is false when none does.
func Newest(ts []Toolchain, match func(v string) bool) (best Toolchain, ok bool) {
	for _, t := range ts {
		if !t.Host() || !match(t.Version) {
			continue
		}
		if !ok || version.Compare(t.Version, best.Version) > 0 {
			best, ok = t, true
		}
	}
	return best, ok
}
