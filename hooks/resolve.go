// Package hooks is gohook's engine: it finds which Go a directory wants,
// picks an installed toolchain for it, and computes the environment change
// (and the state that undoes it) that a shell hook applies. Its functions
// are pure — files come through an FS, the environment as a config.Env — so
// the command line and the shells do all the I/O.
package hooks

import (
	"bytes"
	"errors"
	"fmt"
	"go/version"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"unicode/utf8"

	"golang.org/x/mod/modfile"

	"github.com/gohook/gohook/config"
)

// FS is the view of the filesystem the engine reads through.
type FS interface {
	Stat(name string) (fs.FileInfo, error)
	ReadFile(name string) ([]byte, error)
}

// Kind says how a wanted version is matched against installed toolchains.
type Kind int

const (
	Exact   Kind = iota // a pin naming one release: go1.23.4
	Minor               // a pin naming a minor: the newest installed go1.23.x
	Minimum             // a go.mod/go.work requirement: the newest installed ≥ it
)

func (k Kind) String() string {
	return [...]string{"exact", "minor", "minimum"}[k]
}

// Source is where a decision came from, so `gohook current` can say why.
type Source struct {
	File string `json:"file,omitempty"` // the file, or "" for an environment variable
	Line int    `json:"line,omitempty"`
	What string `json:"what"` // e.g. "go line", ".go-version", "$GOHOOK_GO"
}

func (s Source) String() string {
	switch {
	case s.File == "":
		return s.What
	case s.Line > 0:
		return fmt.Sprintf("%s:%d (%s)", s.File, s.Line, s.What)
	default:
		return fmt.Sprintf("%s (%s)", s.File, s.What)
	}
}

// Want is a version request: Version is "go1.23.4" (Exact, Minimum) or
// "go1.23" (Minor).
type Want struct {
	Version string `json:"version"`
	Kind    Kind   `json:"-"`
	Source  Source `json:"source"`
}

// String describes w for people: "go1.23.4", "the newest go1.23.x",
// "go1.22.0 or newer".
func (w Want) String() string {
	switch w.Kind {
	case Minor:
		return "the newest " + w.Version + ".x"
	case Minimum:
		return w.Version + " or newer"
	}
	return w.Version
}

// Matches reports whether toolchain version v satisfies w.
func (w Want) Matches(v string) bool {
	switch w.Kind {
	case Exact:
		return version.Compare(v, w.Version) == 0
	case Minor:
		return version.Lang(v) == w.Version
	default:
		return version.Compare(v, w.Version) >= 0
	}
}

// Decision is what a directory asks for, with what it depends on.
type Decision struct {
	Want    *Want           // nil: the directory asks for nothing
	Root    string          // the project root (go.work or go.mod directory), if any
	Project *config.Project // the nearest .gohook.toml within the project, if any
	// Watch lists what the decision depends on: the directories searched
	// until it was decided, the missing go.work paths above a module, and
	// the files read. When none of them changes, neither does the decision.
	Watch []string
}

// Resolve decides which Go dir wants. It returns the Decision even with an
// error, so the hook can watch the broken file and retry once it changes.
func Resolve(fsys FS, dir string, env config.Env, global *config.Global) (Decision, error) {
	var d Decision
	// A per-shell override decides the version, but the walk still runs:
	// the project's .gohook.toml (env, gobin) and root apply as usual.
	override, err := fromEnv(env)
	if err != nil {
		return d, err
	}

	var (
		pin      *Want
		project  *config.Project
		modDir   string // nearest go.mod
		modFile  string
		workFile string // the go.work that applies
		workDir  string
	)
	autoWork := false
	switch gowork := env.Get("GOWORK"); gowork {
	case "", "auto":
		autoWork = true
	case "off":
	default:
		if !filepath.IsAbs(gowork) {
			return d, fmt.Errorf("GOWORK=%s: not an absolute path", gowork)
		}
		workFile = gowork
	}
	// pinsIn reads dir's pin files until a pin and a .gohook.toml are found.
	wantPin := override == nil
	pinsIn := func(dir string) error {
		if (pin != nil || !wantPin) && project != nil {
			return nil
		}
		p, w, err := readPins(fsys, dir, &d, pin == nil && wantPin, project == nil)
		if project == nil {
			project = p
		}
		if pin == nil {
			pin = w
		}
		return err
	}

	if _, err := fsys.Stat(dir); err != nil {
		return d, fmt.Errorf("%s: %w", dir, unwrap(err))
	}
	// Walk up, as the go command does, to the nearest go.mod and (when
	// GOWORK is auto) the nearest go.work. Pins count up to the project's
	// root; above go.mod that is only known once a go.work turns up, so
	// those directories are checked for pins then, not before: a broken
	// ~/.go-version must not break every module below it.
	//
	// What to watch: the directories still undecided — up to the pin, or
	// to go.mod — whose mtime changes when a pin or go.mod appears or
	// vanishes there, and the files read. Above go.mod only a new go.work
	// could change the answer, so the hook watches that one (missing) path
	// rather than the directories; above a pin, nothing can. /tmp and $HOME
	// change all the time, and each change would cost an export.
	deciding := func() bool { return pin == nil && wantPin }
	var aboveMod []string
	for cur := filepath.Clean(dir); ; {
		if modDir == "" {
			if deciding() {
				d.Watch = append(d.Watch, cur)
			}
			if err := pinsIn(cur); err != nil {
				return d, err
			}
		} else {
			aboveMod = append(aboveMod, cur)
			if autoWork && deciding() {
				d.Watch = append(d.Watch, filepath.Join(cur, "go.work"))
			}
		}
		if autoWork {
			if workFile, err = existing(fsys, cur, "go.work"); err != nil {
				return d, err
			} else if workFile != "" {
				workDir = cur
				break
			}
		}
		if modDir == "" {
			if modFile, err = existing(fsys, cur, "go.mod"); err != nil {
				return d, err
			} else if modFile != "" {
				modDir = cur
				if !autoWork {
					break // nothing above go.mod can matter
				}
			}
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			break
		}
		cur = parent
	}
	if workDir != "" {
		if deciding() {
			d.Watch = append(d.Watch, aboveMod...)
		}
		for _, dir := range aboveMod {
			if err := pinsIn(dir); err != nil {
				return d, err
			}
		}
	}

	switch {
	case workDir != "":
		d.Root = workDir
	case modDir != "":
		d.Root = modDir
	case pin != nil:
		d.Root = filepath.Dir(pin.Source.File)
	case project != nil:
		d.Root = filepath.Dir(project.File)
	}
	d.Project = project
	if override != nil {
		d.Want = override
		return d, nil
	}
	if pin != nil {
		d.Want = pin
		return d, nil
	}

	// Go's own files, with the go command's rules: a go.work that applies
	// wins and go.mod is then not read.
	var (
		req *Want
	)
	switch {
	case workFile != "":
		req, err = goFile(fsys, workFile, &d, func(data []byte) (*modfile.Go, *modfile.Toolchain, error) {
			f, err := modfile.ParseWork(workFile, data, nil)
			if err != nil {
				return nil, nil, err
			}
			return f.Go, f.Toolchain, nil
		})
		if workDir == "" && errors.Is(err, fs.ErrNotExist) {
			return d, fmt.Errorf("GOWORK=%s: file does not exist", workFile)
		}
	case modFile != "":
		req, err = goFile(fsys, modFile, &d, func(data []byte) (*modfile.Go, *modfile.Toolchain, error) {
			f, err := modfile.Parse(modFile, data, nil)
			if err != nil {
				return nil, nil, err
			}
			return f.Go, f.Toolchain, nil
		})
	}
	if err != nil {
		return d, err
	}
	if req != nil {
		d.Want = req
		return d, nil
	}
	if global != nil && global.Default != "" {
		w, err := ParsePin(global.Default, Source{File: global.File, Line: global.DefaultLine, What: "default"})
		if err != nil {
			return d, err
		}
		d.Want = &w
	}
	return d, nil
}

// fromEnv reads the per-shell override GOHOOK_GO and an exact GOTOOLCHAIN.
func fromEnv(env config.Env) (*Want, error) {
	if v := env.Get("GOHOOK_GO"); v != "" {
		w, err := ParsePin(v, Source{What: "$GOHOOK_GO (gohook shell)"})
		if err != nil {
			return nil, fmt.Errorf("GOHOOK_GO: %w", err)
		}
		return &w, nil
	}
	tc := env.Get("GOTOOLCHAIN")
	name, _, _ := strings.Cut(tc, "+")
	switch name {
	case "", "local", "auto", "path":
		return nil, nil
	}
	v := toolchainVersion(name)
	if !validVersion(v) {
		return nil, fmt.Errorf("GOTOOLCHAIN=%s: not a toolchain name (want go1.23.4, local, auto or path)", strconv.QuoteToASCII(trunc(tc)))
	}
	k := Exact
	if version.Lang(v) == v {
		k = Minor
	}
	return &Want{Version: v, Kind: k, Source: Source{What: "$GOTOOLCHAIN"}}, nil
}

// toolchainVersion strips the custom suffix the go command allows on
// toolchain names (go1.21.3-mycorp → go1.21.3).
func toolchainVersion(name string) string {
	if i := strings.IndexByte(name, '-'); i >= 0 {
		return name[:i]
	}
	return name
}

// readPins looks for the pin files in dir, strongest first. It also
// returns dir's .gohook.toml, whose env and gobin apply even when a nearer
// file decided the version.
func readPins(fsys FS, dir string, d *Decision, wantPin, wantProject bool) (*config.Project, *Want, error) {
	var project *config.Project
	var pin *Want
	f := filepath.Join(dir, ".gohook.toml")
	ok, err := isFile(fsys, f)
	if ok {
		var p *config.Project
		p, err = readProject(fsys, f, d)
		if p != nil {
			if wantProject {
				project = p
			}
			if wantPin && p.Go != "" {
				pin, err = pinOrErr(f, p.GoLine, p.Go, "go key")
			}
		}
	}
	if err != nil || pin != nil || !wantPin {
		return project, pin, err
	}
	for _, read := range []func(FS, string, *Decision) (*Want, error){goVersion, toolVersions} {
		if pin, err = read(fsys, dir, d); err != nil || pin != nil {
			break
		}
	}
	return project, pin, err
}

func readProject(fsys FS, f string, d *Decision) (*config.Project, error) {
	data, err := readWatched(fsys, f, d)
	if err != nil {
		return nil, err
	}
	return config.ParseProject(f, data)
}

func pinOrErr(file string, line int, v, what string) (*Want, error) {
	w, err := ParsePin(v, Source{File: file, Line: line, What: what})
	if err != nil {
		return nil, fmt.Errorf("%s:%d: %w", file, line, err)
	}
	return &w, nil
}

// goVersion reads a goenv/gvm .go-version: one version on the first line.
func goVersion(fsys FS, dir string, d *Decision) (*Want, error) {
	f := filepath.Join(dir, ".go-version")
	data, ok, err := readPinFile(fsys, f, d)
	if !ok || err != nil {
		return nil, err
	}
	line, n := firstLine(data)
	if line == "" {
		return nil, fmt.Errorf("%s: empty, want a Go version like 1.23.4", f)
	}
	return pinOrErr(f, n, line, ".go-version")
}

// toolVersions reads an asdf .tool-versions: the first version on its
// golang (or go) line.
func toolVersions(fsys FS, dir string, d *Decision) (*Want, error) {
	f := filepath.Join(dir, ".tool-versions")
	data, ok, err := readPinFile(fsys, f, d)
	if !ok || err != nil {
		return nil, err
	}
	for i, line := range strings.Split(string(data), "\n") {
		line, _, _ = strings.Cut(line, "#")
		fields := strings.Fields(line)
		switch {
		case len(fields) == 0 || fields[0] != "golang" && fields[0] != "go":
			continue
		case len(fields) < 2:
			return nil, fmt.Errorf("%s:%d: %s has no version", f, i+1, fields[0])
		case fields[1] == "system":
			return nil, nil // asdf's "whatever is on PATH": no pin
		}
		return pinOrErr(f, i+1, fields[1], ".tool-versions")
	}
	return nil, nil
}

// readPinFile reads f if it exists (ok), refusing binary content.
func readPinFile(fsys FS, f string, d *Decision) (data []byte, ok bool, err error) {
	if ok, err = isFile(fsys, f); !ok || err != nil {
		return nil, false, err
	}
	if data, err = readWatched(fsys, f, d); err != nil {
		return nil, true, err
	}
	if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
		return nil, true, fmt.Errorf("%s: not a text file", f)
	}
	return data, true, nil
}

// ParsePin parses a version as pin files write it: 1.23.4, go1.23.4,
// 1.23 (newest installed 1.23.x), 1.23rc1.
func ParsePin(s string, src Source) (Want, error) {
	v := strings.TrimSpace(s)
	if !strings.HasPrefix(v, "go") {
		v = "go" + v
	}
	if !validVersion(v) {
		// The caller names the file; the value is quoted so that garbage
		// (binary, newlines) cannot break the one-line message.
		return Want{}, fmt.Errorf("%s is not a Go version (want e.g. 1.23.4 or 1.23)", strconv.QuoteToASCII(trunc(s)))
	}
	k := Exact
	if version.Lang(v) == v {
		k = Minor
	}
	return Want{Version: v, Kind: k, Source: src}, nil
}

// goFile reads a go.mod or go.work with parse and returns the minimum its
// go and toolchain lines ask for (nil when it has no go line).
func goFile(fsys FS, name string, d *Decision, parse func([]byte) (*modfile.Go, *modfile.Toolchain, error)) (*Want, error) {
	data, err := readWatched(fsys, name, d)
	if err != nil {
		return nil, err
	}
	goLine, tcLine, err := parse(data)
	if err != nil {
		return nil, firstError(err)
	}
	return requirement(name, goLine, tcLine)
}

// requirement turns go.mod/go.work go and toolchain lines into a minimum,
// as the go command does: go 1.N for N ≥ 21 means go1.N.0, and a toolchain
// line raises the minimum but never lowers it.
func requirement(file string, goLine *modfile.Go, tcLine *modfile.Toolchain) (*Want, error) {
	if goLine == nil {
		return nil, nil
	}
	v := "go" + goLine.Version
	if version.Lang(v) == v && version.Compare(v, "go1.21") >= 0 {
		v += ".0"
	}
	w := &Want{Version: v, Kind: Minimum, Source: Source{File: file, Line: goLine.Syntax.Start.Line, What: "go line"}}
	if tcLine != nil && tcLine.Name != "default" {
		tv := toolchainVersion(tcLine.Name)
		if !validVersion(tv) {
			return nil, fmt.Errorf("%s:%d: invalid toolchain %q", file, tcLine.Syntax.Start.Line, tcLine.Name)
		}
		if version.Compare(tv, v) > 0 {
			w.Version = tv
			w.Source = Source{File: file, Line: tcLine.Syntax.Start.Line, What: "toolchain line"}
		}
	}
	return w, nil
}

// validVersion reports whether v has the shape of a Go release name,
// go1.N, go1.N.P, go1.NrcK or go1.NbetaK. go/version alone is too lenient
// for user input: it accepts "go1.2x". (Hand-written rather than a regexp:
// compiling one at start-up costs every `gohook export` measurably.)
func validVersion(v string) bool {
	rest, ok := strings.CutPrefix(v, "go")
	if !ok {
		return false
	}
	num := func(nonzero bool) bool {
		n := 0
		for n < len(rest) && '0' <= rest[n] && rest[n] <= '9' {
			n++
		}
		if n == 0 || n > 1 && rest[0] == '0' || nonzero && rest[0] == '0' {
			return false
		}
		rest = rest[n:]
		return true
	}
	if !num(true) || !strings.HasPrefix(rest, ".") {
		return false
	}
	rest = rest[1:]
	if !num(false) {
		return false
	}
	if strings.HasPrefix(rest, ".") {
		rest = rest[1:]
		if !num(false) {
			return false
		}
	} else if p, ok := strings.CutPrefix(rest, "rc"); ok {
		rest = p
		if !num(true) {
			return false
		}
	} else if p, ok := strings.CutPrefix(rest, "beta"); ok {
		rest = p
		if !num(true) {
			return false
		}
	}
	return rest == "" && version.IsValid(v)
}

func readWatched(fsys FS, name string, d *Decision) ([]byte, error) {
	d.Watch = append(d.Watch, name)
	data, err := fsys.ReadFile(name)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s: %w", name, pe.Err)
		}
		return nil, err
	}
	return data, nil
}

// firstLine returns the first line that is not blank or a # comment.
func firstLine(data []byte) (string, int) {
	for i, l := range strings.Split(string(data), "\n") {
		l, _, _ = strings.Cut(l, "#")
		if l = strings.TrimSpace(l); l != "" {
			return l, i + 1
		}
	}
	return "", 0
}

// existing returns dir/name if it is a file, else "".
func existing(fsys FS, dir, name string) (string, error) {
	f := filepath.Join(dir, name)
	ok, err := isFile(fsys, f)
	if !ok {
		f = ""
	}
	return f, err
}

// isFile reports whether name is a regular file (or a link to one). A
// missing file is no error; anything else (a permission problem, a symlink
// loop) is, so the user hears about it instead of gohook guessing.
func isFile(fsys FS, name string) (bool, error) {
	fi, err := fsys.Stat(name)
	switch {
	case err == nil:
		return !fi.IsDir(), nil
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR):
		return false, nil
	default:
		return false, fmt.Errorf("%s: %w", name, unwrap(err))
	}
}

// firstError keeps one line of a multi-error from modfile: the hook must
// print a single line.
func firstError(err error) error {
	var list modfile.ErrorList
	if errors.As(err, &list) && len(list) > 1 {
		return fmt.Errorf("%v (and %d more errors)", list[0], len(list)-1)
	}
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		return errors.New(msg[:i])
	}
	return err
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func trunc(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
