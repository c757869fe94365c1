package hooks

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/gohook/gohook/config"
)

// tree writes files (path → content) under a new temp dir and returns it.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		dir   string     // relative to the tree
		env   config.Env // GOWORK=<root> is replaced by the tree's root
		def   string     // global default
		want  string     // "version kind file:line" or "none"
	}{
		{"go line 1.N≥21 means 1.N.0", map[string]string{"p/go.mod": "module p\n\ngo 1.22\n"}, "p", nil, "", "go1.22.0 minimum p/go.mod:3"},
		{"old go line stays a language version", map[string]string{"p/go.mod": "module p\ngo 1.19\n"}, "p", nil, "", "go1.19 minimum p/go.mod:2"},
		{"toolchain line raises", map[string]string{"p/go.mod": "module p\ngo 1.22.1\ntoolchain go1.23.4\n"}, "p", nil, "", "go1.23.4 minimum p/go.mod:3"},
		{"toolchain line never lowers", map[string]string{"p/go.mod": "module p\ngo 1.23.2\ntoolchain go1.22.0\n"}, "p", nil, "", "go1.23.2 minimum p/go.mod:2"},
		{"toolchain default is no suggestion", map[string]string{"p/go.mod": "module p\ngo 1.22.1\ntoolchain default\n"}, "p", nil, "", "go1.22.1 minimum p/go.mod:2"},
		{"custom toolchain suffix", map[string]string{"p/go.mod": "module p\ngo 1.21.0\ntoolchain go1.21.3-corp\n"}, "p", nil, "", "go1.21.3 minimum p/go.mod:3"},
		{"subdirectory walks up", map[string]string{"p/go.mod": "module p\ngo 1.22.1\n", "p/a/b/": ""}, "p/a/b", nil, "", "go1.22.1 minimum p/go.mod:2"},
		{"go.work beats go.mod", map[string]string{"w/go.work": "go 1.23.0\nuse ./m\n", "w/m/go.mod": "module m\ngo 1.21.0\n"}, "w/m", nil, "", "go1.23.0 minimum w/go.work:1"},
		{"GOWORK=off reads go.mod", map[string]string{"w/go.work": "go 1.23.0\n", "w/m/go.mod": "module m\ngo 1.21.0\n"}, "w/m", config.Env{"GOWORK": "off"}, "", "go1.21.0 minimum w/m/go.mod:2"},
		{"GOWORK=path", map[string]string{"x/other.work": "go 1.24.1\n", "m/go.mod": "module m\ngo 1.21.0\n"}, "m", config.Env{"GOWORK": "<root>/x/other.work"}, "", "go1.24.1 minimum x/other.work:1"},
		{"nearest pin beats go.mod", map[string]string{"p/go.mod": "module p\ngo 1.23.0\n", "p/.go-version": "1.22.3\n"}, "p", nil, "", "go1.22.3 exact p/.go-version:1"},
		{"go-prefixed pin", map[string]string{"p/.go-version": "go1.22.3\n"}, "p", nil, "", "go1.22.3 exact p/.go-version:1"},
		{"minor pin", map[string]string{"p/.go-version": "# team pin\n\n1.22\n"}, "p", nil, "", "go1.22 minor p/.go-version:3"},
		{".gohook.toml beats .go-version in one dir", map[string]string{"p/.gohook.toml": "go = \"1.21.5\"\n", "p/.go-version": "1.22.3\n"}, "p", nil, "", "go1.21.5 exact p/.gohook.toml:1"},
		{".go-version beats .tool-versions", map[string]string{"p/.tool-versions": "golang 1.20.1\n", "p/.go-version": "1.22.3\n"}, "p", nil, "", "go1.22.3 exact p/.go-version:1"},
		{"tool-versions golang line", map[string]string{"p/.tool-versions": "nodejs 20.1.0\ngolang 1.21.6 1.20.1\n"}, "p", nil, "", "go1.21.6 exact p/.tool-versions:2"},
		{"tool-versions go line", map[string]string{"p/.tool-versions": "go 1.21.6\n"}, "p", nil, "", "go1.21.6 exact p/.tool-versions:1"},
		{"tool-versions without go is no pin", map[string]string{"p/.tool-versions": "nodejs 20.1.0\n", "p/go.mod": "module p\ngo 1.22.0\n"}, "p", nil, "", "go1.22.0 minimum p/go.mod:2"},
		{"nearer dir wins over stronger file", map[string]string{"p/.gohook.toml": "go = \"1.21.5\"\n", "p/sub/.tool-versions": "golang 1.20.2\n"}, "p/sub", nil, "", "go1.20.2 exact p/sub/.tool-versions:1"},
		{"pin above go.mod is outside the project", map[string]string{".go-version": "1.20.1\n", "p/go.mod": "module p\ngo 1.22.0\n"}, "p", nil, "", "go1.22.0 minimum p/go.mod:2"},
		{"pin between module and workspace counts", map[string]string{"w/go.work": "go 1.23.0\n", "w/.go-version": "1.22.7\n", "w/m/go.mod": "module m\ngo 1.21.0\n"}, "w/m", nil, "", "go1.22.7 exact w/.go-version:1"},
		{"broken pin above the module is not read", map[string]string{".go-version": "garbage\n", "p/go.mod": "module p\ngo 1.22.0\n"}, "p", nil, "", "go1.22.0 minimum p/go.mod:2"},
		{"pin outside any project walks to the top", map[string]string{".go-version": "1.20.1\n", "a/b/": ""}, "a/b", nil, "", "go1.20.1 exact .go-version:1"},
		{"GOHOOK_GO beats everything", map[string]string{"p/.go-version": "1.22.3\n"}, "p", config.Env{"GOHOOK_GO": "1.21"}, "", "go1.21 minor $GOHOOK_GO (gohook shell)"},
		{"exact GOTOOLCHAIN", map[string]string{"p/.go-version": "1.22.3\n"}, "p", config.Env{"GOTOOLCHAIN": "go1.23.4+auto"}, "", "go1.23.4 exact $GOTOOLCHAIN"},
		{"GOTOOLCHAIN=auto names none", map[string]string{"p/.go-version": "1.22.3\n"}, "p", config.Env{"GOTOOLCHAIN": "auto"}, "", "go1.22.3 exact p/.go-version:1"},
		{"GOTOOLCHAIN=local+auto names none", map[string]string{"p/.go-version": "1.22.3\n"}, "p", config.Env{"GOTOOLCHAIN": "local+auto"}, "", "go1.22.3 exact p/.go-version:1"},
		{"default when nothing else", map[string]string{"a/": ""}, "a", nil, "1.22", "go1.22 minor default"},
		{"go.mod without go line falls to default", map[string]string{"p/go.mod": "module p\n"}, "p", nil, "1.21.1", "go1.21.1 exact default"},
		{"nothing", map[string]string{"a/": ""}, "a", nil, "", "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := tree(t, tt.files)
			env := config.Env{}
			for k, v := range tt.env {
				env[k] = strings.ReplaceAll(v, "<root>", root)
			}
			var g *config.Global
			if tt.def != "" {
				g = &config.Global{Default: tt.def}
			}
			d, err := Resolve(OS{}, filepath.Join(root, tt.dir), env, g)
			if err != nil {
				t.Fatal(err)
			}
			got := "none"
			if d.Want != nil {
				src := d.Want.Source.What
				if d.Want.Source.File != "" {
					rel, _ := filepath.Rel(root, d.Want.Source.File)
					src = filepath.ToSlash(rel) + ":" + itoa(d.Want.Source.Line)
				}
				got = d.Want.Version + " " + d.Want.Kind.String() + " " + src
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestResolveErrors(t *testing.T) {
	huge := strings.Repeat("1.22.3\n", 20000)
	tests := []struct {
		name  string
		files map[string]string
		want  string // substring of the one-line error, after the tree root
	}{
		{"bad go line", map[string]string{"go.mod": "module p\n\ngo 1.2x\n"}, "go.mod:3: invalid go version '1.2x'"},
		{"bad toolchain line", map[string]string{"go.mod": "module p\ngo 1.22.0\ntoolchain go1.2x\n"}, "go.mod:3:"},
		{"bad go.work", map[string]string{"go.work": "go 1.x\n"}, "go.work:1: invalid go version"},
		{"garbage .go-version", map[string]string{".go-version": "latest-and-greatest\n"}, `.go-version:1: "latest-and-greatest" is not a Go version`},
		{"two versions on a line", map[string]string{".go-version": "1.22.1 1.21.0\n"}, `.go-version:1: "1.22.1 1.21.0" is not a Go version`},
		{"empty .go-version", map[string]string{".go-version": "\n\n"}, ".go-version: empty"},
		{"binary .go-version", map[string]string{".go-version": "\x7fELF\x00\x01"}, ".go-version: not a text file"},
		{"huge .go-version", map[string]string{".go-version": huge}, ".go-version: file too large"},
		{"tool-versions without version", map[string]string{".tool-versions": "golang\n"}, ".tool-versions:1: golang has no version"},
		{"bad toml", map[string]string{".gohook.toml": "go = 1.22\n"}, ".gohook.toml"},
		{"unknown toml key", map[string]string{".gohook.toml": "go = \"1.22.1\"\ngobinn = \"x\"\n"}, `.gohook.toml:2: unknown key "gobinn"`},
		{"bad pin in toml", map[string]string{".gohook.toml": "\ngo = \"one\"\n"}, `.gohook.toml:2: "one" is not a Go version`},
		{"newline in garbage stays one line", map[string]string{".go-version": "x\\ny\n"}, `is not a Go version`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := tree(t, tt.files)
			_, err := Resolve(OS{}, root, config.Env{}, nil)
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("error spans lines: %q", msg)
			}
			if !strings.Contains(msg, root) || !strings.Contains(msg, tt.want) {
				t.Errorf("error %q\nwant it to name the file and say %q", msg, tt.want)
			}
		})
	}
}

func TestResolveEnvErrors(t *testing.T) {
	root := tree(t, map[string]string{"a/": ""})
	for env, want := range map[string]string{
		"GOHOOK_GO=banana":     `GOHOOK_GO: "banana" is not a Go version`,
		"GOTOOLCHAIN=go1.2x":   `GOTOOLCHAIN="go1.2x": not a toolchain name`,
		"GOWORK=relative/work": "GOWORK=relative/work: not an absolute path",
	} {
		k, v, _ := strings.Cut(env, "=")
		_, err := Resolve(OS{}, root, config.Env{k: v}, nil)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", env, err, want)
		}
	}
}

func TestResolveSymlinkLoop(t *testing.T) {
	root := tree(t, map[string]string{"p/": ""})
	if err := os.Symlink(".go-version", filepath.Join(root, "p", ".go-version")); err != nil {
		t.Skip(err)
	}
	_, err := Resolve(OS{}, filepath.Join(root, "p"), config.Env{}, nil)
	if err == nil || !strings.Contains(err.Error(), ".go-version") {
		t.Fatalf("got %v, want an error naming the looping .go-version", err)
	}
}

func TestResolveUnreadableDir(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every directory; TestResolveUnreadableDirectoryFakeFS shows the same error through a fake FS")
	}
	root := tree(t, map[string]string{"p/q/": ""})
	os.Chmod(filepath.Join(root, "p"), 0)
	defer os.Chmod(filepath.Join(root, "p"), 0o755)
	_, err := Resolve(OS{}, filepath.Join(root, "p", "q"), config.Env{}, nil)
	if err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Fatalf("got %v", err)
	}
}

func TestWatchCoversWalkAndFiles(t *testing.T) {
	root := tree(t, map[string]string{"p/go.mod": "module p\ngo 1.22.1\n", "p/a/": ""})
	d, err := Resolve(OS{}, filepath.Join(root, "p", "a"), config.Env{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Inside the project the directories; above it only where a go.work
	// could appear (the directories themselves change too often).
	for _, w := range []string{filepath.Join(root, "p", "a"), filepath.Join(root, "p"), filepath.Join(root, "go.work"), filepath.Join(root, "p", "go.mod")} {
		found := false
		for _, x := range d.Watch {
			found = found || x == w
		}
		if !found {
			t.Errorf("watch list %q lacks %s", d.Watch, w)
		}
	}
	if slices.Contains(d.Watch, root) {
		t.Errorf("watch list %q has %s, above the project", d.Watch, root)
	}
}

func TestValidVersion(t *testing.T) {
	for v, want := range map[string]bool{
		"go1.22": true, "go1.22.3": true, "go1.21rc1": true, "go1.18beta2": true, "go1.9": true, "go1.0": true, "go2.0": true,
		"go1.2x": false, "go1": false, "1.22": false, "go1.22.x": false, "go01.2": false, "go1.02": false, "go1.22rc0": false,
		"go1.22.3.4": false, "go1.22rc": false, "go1.22.3rc1": false, "go1.22 ": false, "": false, "go": false, "go1.": false,
	} {
		if got := validVersion(v); got != want {
			t.Errorf("validVersion(%q) = %v, want %v", v, got, want)
		}
	}
}

// deniedFS is the real filesystem except that everything under one
// directory fails as an unreadable directory would (root, which runs CI,
// can read every directory, so chmod cannot show this).
type deniedFS struct {
	OS
	dir string
}

func (f deniedFS) Stat(name string) (fs.FileInfo, error) {
	if strings.HasPrefix(name, f.dir+string(filepath.Separator)) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: syscall.EACCES}
	}
	return f.OS.Stat(name)
}

func TestResolveUnreadableDirectoryFakeFS(t *testing.T) {
	root := tree(t, map[string]string{"p/q/": "", "p/go.mod": "module p\ngo 1.22.0\n"})
	_, err := Resolve(deniedFS{dir: filepath.Join(root, "p", "q")}, filepath.Join(root, "p", "q"), config.Env{}, nil)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(root, "p", "q")) || !strings.Contains(err.Error(), "permission denied") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("got %v, want one line naming the directory and the permission problem", err)
	}
}
