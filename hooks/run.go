package hooks

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/toolchain"
)

// OS is the real filesystem, with gohook's size limit on reads.
type OS struct{}

func (OS) Stat(name string) (fs.FileInfo, error)  { return os.Stat(name) }
func (OS) ReadFile(name string) ([]byte, error)   { return config.ReadFile(name) }
func (OS) Lstat(name string) (fs.FileInfo, error) { return os.Lstat(name) }

// Prompt is what a shell's prompt check compares with builtins only: the
// paths that decided the last result, and a stamp file whose mtime is the
// newest of theirs when it was computed.
type Prompt struct {
	Watch []string
	Stamp string
}

// Options are the effects Load may need beyond reading.
type Options struct {
	// Trusted says whether a .gohook.toml's env may apply; nil trusts none.
	Trusted func(*config.Project) (bool, error)
	// TrustWatch is what the trust decision depends on (the trust store).
	TrustWatch []string
}

// Load gathers the real inputs for dir — the global config, the toolchain
// inventory, the environment — and computes dir's environment. It is the
// edge around Compute: the one place the engine touches the disk for real.
func Load(dir string, env config.Env, opt Options) (Result, error) {
	watch := []string{env.ConfigFile()}
	global, err := config.LoadGlobal(env)
	if err != nil {
		return Result{Env: env, Watch: watch}, err
	}
	topts := toolchain.NewOptions(env, global, Base(env).Get("PATH"))
	tcs, tcWatch := toolchain.Load(topts, env.CacheDir())
	in := Input{FS: OS{}, Dir: dir, Env: env, Global: global, Toolchains: tcs, Trusted: opt.Trusted,
		Watch: watch, TrustWatch: opt.TrustWatch, ToolchainWatch: tcWatch}
	for {
		r, err := Compute(in)
		if err != nil || r.Toolchain == nil || !r.Toolchain.Unfinished {
			return r, err
		}
		// A toolchain `go mod download` fetched but the go command never
		// ran: finish it as the go command would before its first use.
		t := *r.Toolchain
		ferr := toolchain.Finish(t.Root)
		toolchain.Forget(env.CacheDir())
		in.Toolchains = slices.DeleteFunc(slices.Clone(in.Toolchains), func(x toolchain.Toolchain) bool { return x.Root == t.Root })
		if ferr == nil {
			t.Unfinished = false
			in.Toolchains = append(in.Toolchains, t)
			continue
		}
		r2, err := Compute(in)
		r2.Notes = append([]string{fmt.Sprintf("skipping %s: cannot finish its module-cache setup: %v", t.Root, ferr)}, r2.Notes...)
		return r2, err
	}
}

// Base returns env without gohook's changes: what the user had before the
// hook exported anything.
func Base(env config.Env) config.Env {
	st, _ := DecodeState(env.Get(StateVar))
	return Undo(env, st)
}

// Inventory returns the toolchains on this machine, from the discovery
// cache when it is still true. PATH is scanned without gohook's additions.
func Inventory(env config.Env, g *config.Global) []toolchain.Toolchain {
	ts, _ := toolchain.Load(toolchain.NewOptions(env, g, Base(env).Get("PATH")), env.CacheDir())
	return ts
}

// WantedVersion returns what dir asks for as a version string for
// `gohook install`: "go1.23.4" (exact or a minimum) or "go1.23" (the newest
// 1.23.x).
func WantedVersion(dir string, env config.Env) (string, error) {
	global, err := config.LoadGlobal(env)
	if err != nil {
		return "", err
	}
	d, err := Resolve(OS{}, dir, Base(env), global)
	if err != nil {
		return "", err
	}
	if d.Want == nil {
		return "", errors.New("this directory asks for no Go version (no go.mod, go.work, pin file or default)")
	}
	return d.Want.Version, nil
}

// NewPrompt stats the watched paths and returns the Prompt for them, with a
// stamp file (under cacheDir) whose mtime is the newest mtime seen. A stamp
// of "now" would miss an edit landing in the same coarse kernel tick as the
// export; the newest mtime actually seen misses none (SHELLS.md).
func NewPrompt(cacheDir string, watch []string) Prompt {
	watch = dedupe(watch)
	var newest time.Time
	for _, w := range watch {
		if fi, err := os.Stat(w); err == nil && fi.ModTime().After(newest) {
			newest = fi.ModTime()
		}
	}
	p := Prompt{Watch: watch}
	if newest.IsZero() {
		return p
	}
	// Named after the mtime, so any number of shells share one stamp per
	// instant and no shell's stamp is ever rewritten under it.
	dir := filepath.Join(cacheDir, "stamps")
	stamp := filepath.Join(dir, strconv.FormatInt(newest.UnixNano(), 10))
	if fi, err := os.Stat(stamp); err == nil && fi.ModTime().Equal(newest) {
		p.Stamp = stamp
		return p
	}
	if os.MkdirAll(dir, 0o755) != nil {
		return p
	}
	pruneStamps(dir)
	f, err := os.Create(stamp)
	if err != nil {
		return p
	}
	f.Close()
	if os.Chtimes(stamp, newest, newest) == nil {
		p.Stamp = stamp
	}
	return p
}

// maxStamps bounds the stamps directory. A shell whose stamp was pruned
// sees it missing at its next prompt and exports once, which recreates it.
const maxStamps = 512

// pruneStamps removes the older half of the stamps once there are too many.
// Their names are mtimes in nanoseconds, so the oldest sort first.
func pruneStamps(dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil || len(ents) < maxStamps {
		return
	}
	names := make([]string, 0, len(ents))
	for _, e := range ents {
		names = append(names, e.Name())
	}
	slices.SortFunc(names, func(a, b string) int {
		x, _ := strconv.ParseInt(a, 10, 64)
		y, _ := strconv.ParseInt(b, 10, 64)
		return cmp.Compare(x, y)
	})
	for _, n := range names[:len(names)/2] {
		os.Remove(filepath.Join(dir, n))
	}
}

func dedupe(list []string) []string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
