package install

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/gohook/gohook/config"
	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb"
	"golang.org/x/mod/sumdb/note"
)

// knownGOSUMDB holds the keys of the databases GOSUMDB can name by host
// alone, as in the go command (cmd/go/internal/modfetch/key.go).
var knownGOSUMDB = map[string]string{
	"sum.golang.org": "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8",
}

// A checker looks up a toolchain's expected h1: hash in the checksum
// database named by $GOSUMDB.
//
// golang.org/toolchain is public and its versions are executed, so like the
// go command gohook verifies it even when GONOSUMDB or GOPRIVATE match it;
// only GOSUMDB=off or an unreachable database stops verification, and then
// the install is refused unless the user asked to skip verification.
type checker struct {
	name   string
	client *sumdb.Client
	ops    *sumdbOps
}

func newChecker(ctx context.Context, env config.Env, f *fetcher) (*checker, error) {
	gosumdb := goEnv(env, "GOSUMDB")
	if gosumdb == "sum.golang.google.cn" {
		// An alias of sum.golang.org reachable in mainland China.
		gosumdb = "sum.golang.org https://sum.golang.google.cn"
	}
	if gosumdb == "off" {
		return nil, errors.New("the checksum database is disabled (GOSUMDB=off), so the toolchain cannot be verified; gohook refuses to install unverified toolchains unless you pass --insecure-skip-verify")
	}
	fields := strings.Fields(gosumdb)
	if len(fields) == 0 || len(fields) > 2 {
		return nil, fmt.Errorf("invalid GOSUMDB %q: want a database name or key, optionally followed by its URL", gosumdb)
	}
	if k := knownGOSUMDB[fields[0]]; k != "" {
		fields[0] = k
	}
	vkey, err := note.NewVerifier(fields[0])
	if err != nil {
		return nil, fmt.Errorf("invalid GOSUMDB %q: %v", gosumdb, err)
	}
	name := vkey.Name()
	direct, err := url.Parse("https://" + name)
	if err != nil || strings.HasSuffix(name, "/") || direct.Host == "" || direct.RawPath != "" ||
		*direct != (url.URL{Scheme: "https", Host: direct.Host, Path: direct.Path}) {
		return nil, fmt.Errorf("invalid GOSUMDB: database name %q must be host[/path]", name)
	}
	ops := &sumdbOps{
		ctx:       ctx,
		fetch:     f,
		key:       fields[0],
		name:      name,
		direct:    direct.String(),
		configDir: filepath.Join(env.DataHome(), "sumdb"),
		cacheDir:  filepath.Join(env.CacheDir(), "sumdb"),
	}
	if len(fields) == 2 {
		u, err := url.Parse(fields[1])
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
			return nil, fmt.Errorf("invalid GOSUMDB URL %q", fields[1])
		}
		// An explicit URL bypasses the proxies, as in the go command.
		ops.base = strings.TrimSuffix(fields[1], "/")
		ops.baseOnce.Do(func() {})
	}
	return &checker{name: name, client: sumdb.NewClient(ops), ops: ops}, nil
}

// sum returns the h1: hash the checksum database records for mod's zip.
func (c *checker) sum(mod module.Version) (string, error) {
	lines, err := c.client.Lookup(mod.Path, mod.Version)
	if err != nil {
		if msg := c.ops.securityError(); msg != "" {
			return "", fmt.Errorf("checksum database %s: SECURITY ERROR: %s", c.name, msg)
		}
		// Lookup's errors start with path@version, which the caller says.
		msg := strings.TrimPrefix(err.Error(), mod.String()+": ")
		return "", fmt.Errorf("cannot verify against the checksum database %s: %s (gohook refuses to install unverified toolchains; fix the network or GOSUMDB, or pass --insecure-skip-verify)", c.name, msg)
	}
	prefix := mod.Path + " " + mod.Version + " h1:"
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return l[len(prefix)-3:], nil
		}
	}
	return "", fmt.Errorf("the checksum database %s has no hash for %s", c.name, mod)
}

// sumdbOps is the sumdb.ClientOps the checksum database client runs on:
// HTTP through the proxies, the signed tree head in gohook's data dir, and
// verified tiles in its cache dir.
type sumdbOps struct {
	ctx       context.Context
	fetch     *fetcher
	key, name string
	direct    string // https://<name>
	configDir string // <configDir>/<name>/latest is the newest tree head seen
	cacheDir  string

	baseOnce sync.Once
	base     string // where the database's endpoints are
	baseErr  error

	mu       sync.Mutex
	security string
}

// initBase finds how to reach the database, as the go command does:
// through the first proxy whose /sumdb/<name>/supported answers 200; past
// proxies that say 404/410 (or any error when followed by '|'); directly
// when no proxy supports it or the list ends in direct or off; and not at
// all when a proxy fails otherwise.
func (o *sumdbOps) initBase() {
	err := o.fetch.try(o.ctx, func(base string) error {
		if strings.HasPrefix(base, "file:") {
			return fs.ErrNotExist
		}
		if _, err := o.fetch.get(o.ctx, base+"/sumdb/"+o.name+"/supported", 1<<10); err != nil {
			return err
		}
		o.base = base + "/sumdb/" + o.name
		return nil
	})
	if err == nil {
		return
	}
	if errors.Is(err, fs.ErrNotExist) || err == errDirect || err == errProxyOff {
		o.base = o.direct
		return
	}
	o.baseErr = err
}

func (o *sumdbOps) ReadRemote(path string) ([]byte, error) {
	o.baseOnce.Do(o.initBase)
	if o.baseErr != nil {
		return nil, o.baseErr
	}
	// Tiles are 8 KiB; lookups and tree heads far less.
	return o.fetch.get(o.ctx, o.base+path, 1<<20)
}

func (o *sumdbOps) ReadConfig(file string) ([]byte, error) {
	if file == "key" {
		return []byte(o.key), nil
	}
	data, err := os.ReadFile(o.configFile(file))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil // start from the empty tree
	}
	return data, err
}

func (o *sumdbOps) configFile(file string) string {
	return filepath.Join(o.configDir, filepath.FromSlash(file))
}

// WriteConfig replaces the stored tree head if it is still old, under a file
// lock so concurrent gohook processes cannot lose each other's updates.
func (o *sumdbOps) WriteConfig(file string, old, new []byte) error {
	name := o.configFile(file)
	if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
		return err
	}
	unlock, err := lock(o.ctx, name+".lock", nil)
	if err != nil {
		return err
	}
	defer unlock()
	cur, err := os.ReadFile(name)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if !bytes.Equal(cur, old) {
		return sumdb.ErrWriteConflict
	}
	return writeFileAtomic(name, new)
}

func (o *sumdbOps) ReadCache(file string) ([]byte, error) {
	return os.ReadFile(filepath.Join(o.cacheDir, filepath.FromSlash(file)))
}

func (o *sumdbOps) WriteCache(file string, data []byte) {
	name := filepath.Join(o.cacheDir, filepath.FromSlash(file))
	if os.MkdirAll(filepath.Dir(name), 0o777) == nil {
		writeFileAtomic(name, data) // a cache: failing to write it is fine
	}
}

func (o *sumdbOps) Log(msg string) {}

// SecurityError records that the database contradicted itself (a forked
// log); the lookup then fails and the message is reported with it.
func (o *sumdbOps) SecurityError(msg string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.security = msg
}

func (o *sumdbOps) securityError() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.security
}

// writeFileAtomic writes data to name through a temporary file and a rename,
// so readers see the old or the new contents, never a mix.
func writeFileAtomic(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
