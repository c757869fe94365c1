// Package install downloads Go toolchains the way the go command's
// GOTOOLCHAIN switch does — the golang.org/toolchain module, through the
// module proxy, verified against the checksum database — and unpacks them
// atomically into gohook's toolchains directory. It needs no Go on the
// machine.
package install

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/toolchain"
	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"
	modzip "golang.org/x/mod/zip"
)

// Options says where Install writes and how it reports.
type Options struct {
	// Env is the environment (GOPROXY, GOSUMDB, GOHOOK_HOME, …); nil means
	// the process environment.
	Env config.Env
	// Log receives progress and notes, such as the warning that
	// verification is skipped; nil discards them.
	Log io.Writer
	// Terminal says Log is a terminal: downloads draw a progress bar there
	// instead of plain lines.
	Terminal bool
	// InsecureSkipVerify installs without consulting the checksum
	// database. Only an explicit user request may set it.
	InsecureSkipVerify bool
	// Client makes the HTTP requests; nil means one like http.DefaultClient.
	Client *http.Client
	// Existing are the toolchains already on the machine, whoever
	// installed them (gohook's discovery): a release among them for this
	// machine is not installed again.
	Existing []toolchain.Toolchain
}

// Result says what Install did.
type Result struct {
	Version string // the release installed, "go1.23.4"
	Root    string // its GOROOT
	Already bool   // it was installed before: nothing was done
	Source  string // with Already: who installed it ("gohook", "sdk", "modcache", …)
	// Reused is the module-cache zip that was unpacked instead of
	// downloading, when there was one.
	Reused string
}

// Install installs the Go release that v names — "1.23.4" (or "go1.23.4"),
// "1.23" for the newest 1.23.x, or "latest" — into env.ToolchainsDir().
// Concurrent installs of one release do the work once and all succeed; a
// failed or interrupted one leaves nothing behind.
func Install(ctx context.Context, v string, o Options) (Result, error) {
	if o.Env == nil {
		o.Env = config.Environ()
	}
	q, err := parseQuery(v)
	if err != nil {
		return Result{}, err
	}
	if q.exact != "" {
		// Already there: no need for the network, or for GOPROXY to be usable.
		if res, ok := have(o, q.exact); ok {
			return res, nil
		}
	}
	in, err := newInstaller(o)
	if err != nil {
		return Result{}, err
	}
	if v, err = in.resolve(ctx, q); err != nil {
		return Result{}, err
	}
	if res, ok := have(o, v); ok {
		return res, nil
	}
	res, err := in.install(ctx, v)
	if err != nil && ctx.Err() != nil || errors.Is(err, context.Canceled) {
		// Whatever failed, it failed because the user interrupted.
		return res, fmt.Errorf("install %s: interrupted; nothing was installed", v)
	}
	if err != nil {
		return res, fmt.Errorf("install %s: %w", v, err)
	}
	return res, nil
}

// installer holds what one Install or Remote needs.
type installer struct {
	opts  Options
	env   config.Env
	fetch *fetcher
}

func newInstaller(o Options) (*installer, error) {
	if o.Env == nil {
		o.Env = config.Environ()
	}
	f, err := newFetcher(o.Env, o.Client)
	if err != nil {
		return nil, err
	}
	return &installer{opts: o, env: o.Env, fetch: f}, nil
}

func (in *installer) logf(format string, args ...any) {
	if in.opts.Log != nil {
		fmt.Fprintf(in.opts.Log, format+"\n", args...)
	}
}

// have finds release v for this machine in gohook's own directory or among
// the toolchains other tools installed: gohook never needs a second copy.
func have(o Options, v string) (Result, bool) {
	if dest := filepath.Join(o.Env.ToolchainsDir(), v); installed(dest, v) {
		return Result{Version: v, Root: dest, Already: true, Source: "gohook"}, true
	}
	for _, t := range o.Existing {
		if t.Version == v && t.Host() {
			return Result{Version: v, Root: t.Root, Already: true, Source: t.Source}, true
		}
	}
	return Result{}, false
}

// installed reports whether dir holds release v for this machine.
func installed(dir, v string) bool {
	t, ok := toolchain.Inspect(dir)
	return ok && t.Version == v && t.Host()
}

func (in *installer) install(ctx context.Context, v string) (Result, error) {
	dir := in.env.ToolchainsDir()
	dest := filepath.Join(dir, v)
	res := Result{Version: v, Root: dest}
	if installed(dest, v) {
		res.Already = true
		return res, nil
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return res, unwritable(dir, err)
	}
	unlock, err := lock(ctx, filepath.Join(dir, "."+v+".lock"), func() {
		in.logf("waiting for another gohook install of %s to finish", v)
	})
	if err != nil {
		return res, unwritable(dir, err)
	}
	defer unlock()
	if installed(dest, v) {
		// Another install finished while we waited.
		res.Already = true
		return res, nil
	}
	if _, err := os.Lstat(dest); err == nil {
		return res, fmt.Errorf("%s exists but is not a %s toolchain for %s/%s; remove it and try again", dest, v, runtime.GOOS, runtime.GOARCH)
	}
	// Holding the lock, any temporary directory for v is a dead install's.
	removeStale(dir, v)

	var chk *checker
	if in.opts.InsecureSkipVerify {
		in.logf("WARNING: skipping checksum database verification of %s (--insecure-skip-verify): installing whatever the proxy serves", v)
	} else if chk, err = newChecker(ctx, in.env, in.fetch); err != nil {
		return res, err
	}

	tmp, err := os.MkdirTemp(dir, ".tmp-"+v+"-")
	if err != nil {
		return res, unwritable(dir, err)
	}
	defer removeAll(tmp)

	mod := moduleVersion(v)
	root := filepath.Join(tmp, v)
	reused, err := in.obtain(ctx, mod, v, tmp, root, chk)
	if err != nil {
		return res, err
	}
	if err := toolchain.Finish(root); err != nil {
		return res, fmt.Errorf("unpacking: %v", err)
	}
	if t, ok := toolchain.Inspect(root); !ok || t.Version != v || !t.Host() {
		return res, fmt.Errorf("the zip does not hold %s for %s/%s (found %q for %s/%s)", v, runtime.GOOS, runtime.GOARCH, t.Version, t.GOOS, t.GOARCH)
	}
	if err := ctx.Err(); err != nil {
		return res, err // interrupted: do not install after all
	}
	if err := os.Rename(root, dest); err != nil {
		return res, unwritable(dir, err)
	}
	toolchain.Forget(in.env.CacheDir())
	res.Reused = reused
	return res, nil
}

// obtain puts the verified contents of mod's zip into root, from the module
// cache's copy of the zip (left by an earlier GOTOOLCHAIN switch or go mod
// download) when it passes verification, else from the proxy. It returns
// the module-cache zip it used, if any.
func (in *installer) obtain(ctx context.Context, mod module.Version, v, tmp, root string, chk *checker) (reused string, err error) {
	file := filepath.Join(tmp, "download.zip")
	want := ""
	cached := filepath.Join(in.env.GOMODCACHE(), "cache", "download", modulePath, "@v", mod.Version+".zip")
	if fi, err := os.Stat(cached); err == nil && fi.Mode().IsRegular() {
		if chk != nil {
			if want, err = chk.sum(mod); err != nil {
				return "", err
			}
		}
		// Verify and unpack a private copy, so what is checked is what is
		// unpacked even if the module cache changes meanwhile.
		err := copyFile(file, cached)
		if err == nil {
			err = in.unpack(file, root, mod, want, chk)
		}
		if err == nil {
			in.logf("used %s from the module cache (%s)", v, cached)
			return cached, nil
		}
		in.logf("not using %s: %v", cached, err)
		os.Remove(file)
		if err := removeAll(root); err != nil {
			return "", err
		}
	}
	if err := in.download(ctx, mod, v, file, chk, &want); err != nil {
		return "", err
	}
	return "", in.unpack(file, root, mod, want, chk)
}

// unpack extracts file into root while it is being verified — both read
// the whole zip, so doing them side by side nearly halves the wait — and
// fails if either fails. Unverified bytes only ever reach the private
// temporary directory, through x/mod/zip's checks (no path escapes, size
// limits); the caller renames root into place only after unpack succeeds.
func (in *installer) unpack(file, root string, mod module.Version, want string, chk *checker) error {
	in.logf("unpacking into %s", filepath.Dir(filepath.Dir(root)))
	verified := make(chan error, 1)
	go func() { verified <- in.verify(file, mod, want, chk) }()
	uerr := modzip.Unzip(root, mod, file)
	if err := <-verified; err != nil {
		return err
	}
	if uerr != nil {
		return fmt.Errorf("unpacking: %v", trimZipPath(uerr, file))
	}
	return nil
}

// download streams mod's zip from the first proxy that has it into file,
// and verifies it. The checksum database is consulted as soon as the proxy
// has answered, so a database that cannot be reached fails the install
// before the long transfer.
func (in *installer) download(ctx context.Context, mod module.Version, v, file string, chk *checker, want *string) error {
	ev, err := module.EscapeVersion(mod.Version)
	if err != nil {
		return err
	}
	// dctx is cancelled, with errStalled, when the body stops arriving.
	dctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var (
		body io.ReadCloser
		size int64
		from string
	)
	err = in.fetch.try(ctx, func(base string) error {
		rc, n, err := in.fetch.open(dctx, base+"/"+modulePath+"/@v/"+ev+".zip")
		if err != nil {
			return err
		}
		body, size, from = rc, n, base
		return nil
	})
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || in.unlisted(ctx, v, err) {
			return fmt.Errorf("not available for %s/%s: %w", runtime.GOOS, runtime.GOARCH, err)
		}
		return fmt.Errorf("downloading: %w", err)
	}
	defer body.Close()
	if chk != nil && *want == "" {
		if *want, err = chk.sum(mod); err != nil {
			return err
		}
	}

	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	p := newProgress(in.opts.Log, in.opts.Terminal, v, host(from), size)
	watchdog := time.AfterFunc(stallTimeout, func() { cancel(errStalled) })
	defer watchdog.Stop()
	n, err := io.Copy(io.MultiWriter(f, p, resetter{watchdog}), body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && size >= 0 && n != size {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		p.fail()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if errors.Is(context.Cause(dctx), errStalled) {
			err = fmt.Errorf("no data received for %v: %w", stallTimeout, errStalled)
		}
		return fmt.Errorf("download from %s failed after %s: %w", host(from), formatBytes(n), err)
	}
	p.done()
	return nil
}

// stallTimeout is how long a download may go without receiving a byte
// before it is abandoned, rather than hanging until Ctrl-C.
var stallTimeout = time.Minute

var errStalled = errors.New("the connection stalled")

// resetter restarts the stall timer whenever data arrives.
type resetter struct{ t *time.Timer }

func (r resetter) Write(p []byte) (int, error) {
	r.t.Reset(stallTimeout)
	return len(p), nil
}

// unlisted reports whether a proxy error for v's zip (such as a mirror's
// 403 for a release it never had) is because the proxy does not offer v.
func (in *installer) unlisted(ctx context.Context, v string, err error) bool {
	var he *httpError
	if !errors.As(err, &he) {
		return false // a network error: the list would fail the same way
	}
	vs, lerr := in.remote(ctx)
	return lerr == nil && !slices.Contains(vs, v)
}

// verify checks that file is a well-formed module zip for mod whose hash
// is want (when there is a checksum database to compare with).
func (in *installer) verify(file string, mod module.Version, want string, chk *checker) error {
	if _, err := modzip.CheckZip(mod, file); err != nil {
		if errors.Is(err, zip.ErrFormat) || errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("the zip is corrupt or truncated: %v", err)
		}
		return fmt.Errorf("the zip breaks the module zip rules, so it is not unpacked: %v", trimZipPath(err, file))
	}
	got, err := dirhash.HashZip(file, dirhash.Hash1)
	if err != nil {
		return fmt.Errorf("the zip is corrupt or truncated: %v", trimZipPath(err, file))
	}
	if chk == nil {
		return nil
	}
	if got != want {
		return fmt.Errorf("SECURITY ERROR: checksum mismatch: the zip hashes to %s but the checksum database %s says %s; it was not installed", got, chk.name, want)
	}
	v := strings.TrimSuffix(strings.TrimPrefix(mod.Version, "v0.0.1-"), "."+platform())
	in.logf("verified %s (%s) against %s", v, got, chk.name)
	return nil
}

// trimZipPath removes the temporary zip's name from x/mod/zip's errors.
func trimZipPath(err error, file string) string {
	return strings.ReplaceAll(err.Error(), file+": ", "")
}

// unwritable adds the fix to errors about gohook's own directory.
func unwritable(dir string, err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	if errors.As(err, &pe) || errors.As(err, &le) {
		return fmt.Errorf("%w (gohook installs into %s; set GOHOOK_HOME to a writable directory)", err, dir)
	}
	return err
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// removeStale removes what a killed install of v left in dir.
func removeStale(dir, v string) {
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".tmp-"+v+"-") {
			removeAll(filepath.Join(dir, e.Name()))
		}
	}
}

// removeAll is os.RemoveAll that also removes read-only trees (the go
// command makes module trees read-only; Windows will not delete read-only
// files) by making them writable first. It never follows symlinks.
func removeAll(p string) error {
	if err := os.RemoveAll(p); err == nil {
		return nil
	}
	filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil, d.Type()&fs.ModeSymlink != 0:
		case d.IsDir():
			os.Chmod(path, 0o777)
		default:
			os.Chmod(path, 0o666)
		}
		return nil
	})
	return os.RemoveAll(p)
}
