package toolchain

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/gohook/gohook/config"
)

// A place is somewhere one source keeps toolchains: either a directory whose
// children (matching prefix) are roots once sub is appended, or one fixed root.
type place struct {
	source string
	dir    string // a container directory, or a fixed root when fixed is set
	prefix string // children must start with this
	sub    string // appended to each child to reach its GOROOT
	fixed  bool
}

// Options says which sources to scan and where they live.
type Options struct {
	Env    config.Env
	Search []string // source names, in order; nil = config.Sources
	Dirs   []string // extra roots from the config
	PATH   string   // the PATH to scan for go (gohook's own additions removed)
}

// NewOptions builds Options from the environment and the global config.
func NewOptions(env config.Env, g *config.Global, path string) Options {
	return Options{Env: env, Search: g.Search, Dirs: g.Dirs, PATH: path}
}

func or(v, def string) string {
	if v != "" {
		return v
	}
	return def
}

func (o Options) places() []place {
	env := o.Env
	home := env.Home()
	search := o.Search
	if search == nil {
		search = config.Sources
	}
	var ps []place
	add := func(p place) { ps = append(ps, p) }
	for _, s := range search {
		switch s {
		case "gohook":
			add(place{source: s, dir: env.ToolchainsDir(), prefix: "go"})
		case "modcache":
			add(place{source: s, dir: filepath.Join(env.GOMODCACHE(), "golang.org"), prefix: "toolchain@v0.0.1-go"})
		case "sdk":
			add(place{source: s, dir: filepath.Join(home, "sdk"), prefix: "go"})
		case "goenv":
			add(place{source: s, dir: filepath.Join(or(env.Get("GOENV_ROOT"), filepath.Join(home, ".goenv")), "versions")})
		case "gvm":
			add(place{source: s, dir: filepath.Join(or(env.Get("GVM_ROOT"), filepath.Join(home, ".gvm")), "gos")})
		case "asdf":
			add(place{source: s, dir: filepath.Join(or(env.Get("ASDF_DATA_DIR"), filepath.Join(home, ".asdf")), "installs", "golang"), sub: "go"})
		case "mise":
			add(place{source: s, dir: filepath.Join(or(env.Get("MISE_DATA_DIR"), filepath.Join(home, ".local", "share", "mise")), "installs", "go")})
		case "gobrew":
			add(place{source: s, dir: filepath.Join(home, ".gobrew", "versions"), sub: "go"})
		case "g":
			add(place{source: s, dir: filepath.Join(home, ".g", "versions")})
		case "homebrew":
			if runtime.GOOS == "windows" {
				continue
			}
			for _, cellar := range []string{"/opt/homebrew/Cellar", "/usr/local/Cellar", "/home/linuxbrew/.linuxbrew/Cellar"} {
				// Cellar/go/1.23.4/libexec and Cellar/go@1.22/1.22.10/libexec.
				add(place{source: s, dir: filepath.Join(cellar, "go"), sub: "libexec"})
				for _, f := range globDirs(cellar, "go@") {
					add(place{source: s, dir: f, sub: "libexec"})
				}
			}
		case "system":
			if runtime.GOOS == "windows" {
				add(place{source: s, dir: `C:\Program Files\Go`, fixed: true})
				continue
			}
			add(place{source: s, dir: "/usr/local/go", fixed: true})
			add(place{source: s, dir: "/usr/lib", prefix: "go-1."})
		case "path":
			for _, d := range filepath.SplitList(o.PATH) {
				if filepath.IsAbs(d) {
					add(place{source: s, dir: d, sub: "go" + exeSuffix, fixed: true})
				}
			}
		}
	}
	for _, d := range o.Dirs {
		if _, ok := Inspect(d); ok {
			add(place{source: "dirs", dir: d, fixed: true})
		} else {
			add(place{source: "dirs", dir: d, prefix: "go"})
		}
	}
	return ps
}

func globDirs(dir, prefix string) []string {
	ents, _ := os.ReadDir(dir)
	var out []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), prefix) {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out
}

// Scan walks every place and returns the toolchains found, first source
// first; a root reached twice (symlinks, PATH) is listed once.
func Scan(o Options) []Toolchain { return scan(o.places()) }

func scan(ps []place) []Toolchain {
	var out []Toolchain
	seen := map[string]bool{}
	found := func(src, root string) {
		t, ok := Inspect(root)
		if !ok {
			return
		}
		key := root
		if r, err := filepath.EvalSymlinks(root); err == nil {
			key = r
		}
		if seen[key] {
			return
		}
		seen[key] = true
		t.Source = src
		if src == "modcache" {
			t.Unfinished = unfinished(root)
		}
		out = append(out, t)
	}
	for _, p := range ps {
		if p.source == "path" {
			// A go on PATH may be a symlink (/usr/bin/go -> ../lib/go-1.22/bin/go).
			exe := filepath.Join(p.dir, p.sub)
			if real, err := filepath.EvalSymlinks(exe); err == nil {
				found(p.source, filepath.Dir(filepath.Dir(real)))
			}
			continue
		}
		if p.fixed {
			found(p.source, p.dir)
			continue
		}
		ents, _ := os.ReadDir(p.dir)
		for _, e := range ents {
			if strings.HasPrefix(e.Name(), p.prefix) && !strings.HasPrefix(e.Name(), ".") {
				found(p.source, filepath.Join(p.dir, e.Name(), p.sub))
			}
		}
	}
	return out
}

// watchList picks, from the places and the mtimes stamps already took of
// them (-1: missing), the directories whose change means a toolchain
// appeared or vanished: the hook watches them so a new install is seen at
// the next prompt.
func watchList(ps []place, st []int64) []string {
	var out []string
	i := 0
	for _, p := range ps {
		mtime := st[i]
		i++
		if p.fixed && p.source != "path" {
			i++ // its VERSION file's stamp
		}
		switch {
		case p.source == "path", p.source == "system":
			// Changes there come with a PATH or package change; the
			// inventory revalidates them when the hook runs anyway.
		case p.source == "gohook" || !p.fixed && mtime >= 0:
			out = append(out, p.dir)
		}
	}
	return out
}

// Inventory is the cached result of a Scan with what it takes to tell
// whether it is still true: the mtime of every place scanned.
type Inventory struct {
	Key        string
	Stamps     []int64
	Toolchains []Toolchain
}

// Load returns the toolchains, from the cache in cacheDir when every place
// scanned is unchanged, else from a fresh scan that then refreshes the
// cache; and the directories to watch for new installs. The places are
// listed and stat'ed once: this runs on every export.
func Load(o Options, cacheDir string) (ts []Toolchain, watch []string) {
	ps := o.places()
	key := cacheKey(ps)
	file := filepath.Join(cacheDir, "inventory")
	st := stamps(ps)
	watch = watchList(ps, st)
	if data, err := os.ReadFile(file); err == nil {
		if inv, ok := decodeInventory(string(data)); ok && inv.Key == key && slices.Equal(inv.Stamps, st) {
			return inv.Toolchains, watch
		}
	}
	ts = scan(ps)
	save(file, Inventory{Key: key, Stamps: st, Toolchains: ts})
	return ts, watch
}

// Forget drops the cache, after gohook itself changed a toolchain.
func Forget(cacheDir string) { os.Remove(filepath.Join(cacheDir, "inventory")) }

const inventoryHeader = "gohook inventory 1\n"

// encode writes the inventory as quoted fields, a toolchain a line: it is
// read on every export, and this decodes several times faster than JSON
// (which would also mangle non-UTF-8 paths).
func (inv Inventory) encode() []byte {
	var b strings.Builder
	b.WriteString(inventoryHeader)
	b.WriteString(strconv.Quote(inv.Key))
	for _, s := range inv.Stamps {
		b.WriteString(" " + strconv.FormatInt(s, 10))
	}
	b.WriteByte('\n')
	for _, t := range inv.Toolchains {
		unfinished := "0"
		if t.Unfinished {
			unfinished = "1"
		}
		for i, f := range []string{t.Root, t.Version, t.GOOS, t.GOARCH, t.Source, unfinished} {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(strconv.Quote(f))
		}
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

func decodeInventory(data string) (inv Inventory, ok bool) {
	rest, ok := strings.CutPrefix(data, inventoryHeader)
	if !ok {
		return inv, false
	}
	field := func() (string, bool) {
		rest = strings.TrimPrefix(rest, " ")
		q, err := strconv.QuotedPrefix(rest)
		if err != nil {
			return "", false
		}
		rest = rest[len(q):]
		s, err := strconv.Unquote(q)
		return s, err == nil
	}
	if inv.Key, ok = field(); !ok {
		return inv, false
	}
	line, rest, _ := strings.Cut(rest, "\n")
	for _, f := range strings.Fields(line) {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return inv, false
		}
		inv.Stamps = append(inv.Stamps, n)
	}
	for rest != "" {
		var f [6]string
		for i := range f {
			if f[i], ok = field(); !ok {
				return inv, false
			}
		}
		if !strings.HasPrefix(rest, "\n") {
			return inv, false
		}
		rest = rest[1:]
		inv.Toolchains = append(inv.Toolchains, Toolchain{Root: f[0], Version: f[1], GOOS: f[2], GOARCH: f[3], Source: f[4], Unfinished: f[5] == "1"})
	}
	return inv, true
}

func save(file string, inv Inventory) {
	data := inv.encode()
	if os.MkdirAll(filepath.Dir(file), 0o755) != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), ".inventory-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), file) != nil {
		os.Remove(tmp.Name())
	}
}

func cacheKey(ps []place) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.source)
		b.WriteByte(0)
		b.WriteString(p.dir)
		b.WriteByte(0)
		b.WriteString(p.sub)
		b.WriteByte(0)
	}
	return b.String()
}

// stamps is one mtime per place (-1 when missing); a fixed root also
// contributes its VERSION file, which changes when it is upgraded in place.
func stamps(ps []place) []int64 {
	out := make([]int64, 0, 2*len(ps))
	for _, p := range ps {
		out = append(out, mtime(p.dir))
		if p.fixed && p.source != "path" {
			out = append(out, mtime(filepath.Join(p.dir, p.sub, "VERSION")))
		}
	}
	return out
}

func mtime(p string) int64 {
	fi, err := os.Stat(p)
	if err != nil {
		return -1
	}
	return fi.ModTime().UnixNano()
}
