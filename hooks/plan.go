package hooks

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/version"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/toolchain"
)

// Input is everything the engine needs to compute one directory's environment.
type Input struct {
	FS         FS
	Dir        string
	Env        config.Env // the current environment, gohook's earlier changes included
	Global     *config.Global
	Toolchains []toolchain.Toolchain
	// Trusted says whether a .gohook.toml's env and path may apply; an
	// error (an unreadable trust store) trusts nothing and becomes a note.
	Trusted func(*config.Project) (bool, error)
	// Watch is what the caller's own inputs depend on (the config file);
	// it joins the result's. TrustWatch joins it only when a project asks
	// for trust, ToolchainWatch only when a new toolchain could change the
	// selection: every watched path costs a stat on every prompt.
	Watch, TrustWatch, ToolchainWatch []string
}

// Change is one variable to set or unset.
type Change struct {
	Name  string
	Value string
	Unset bool
}

// Result is the environment a directory gets, as changes to apply.
type Result struct {
	Decision  Decision
	Toolchain *toolchain.Toolchain // nil when nothing is wanted or nothing installed satisfies it
	Changes   []Change             // in a stable order; StateVar last
	Env       config.Env           // the environment once Changes are applied
	// Notes are one-line messages for the user (a missing toolchain, a
	// blocked .gohook.toml), already filtered to the ones not said yet.
	Notes []string
	// Said is set with an error that the previous export already reported.
	Said  bool
	Watch []string
}

// Compute is the engine: from a directory and the current environment to
// the changes that give it the environment its project asks for, undoing
// whatever gohook did for the previous directory. On error the environment
// stays as it was (the only change is to gohook's own state) and the result
// still says what to watch.
func Compute(in Input) (Result, error) {
	st, stErr := DecodeState(in.Env.Get(StateVar))
	base := Undo(in.Env, st)

	dec, err := Resolve(in.FS, in.Dir, base, in.Global)
	r := Result{Decision: dec, Env: in.Env, Watch: append(slices.Clip(dec.Watch), in.Watch...)}
	if err != nil {
		// What would be watched had it worked: the fix may be an install.
		r.Watch = append(r.Watch, in.ToolchainWatch...)
		// The environment stays as it is; only the state learns that this
		// error was said, so an export that reruns for an unrelated change
		// (a watched directory's mtime) does not say it again.
		next := st
		next.Note = hash([]string{err.Error()})
		r.Said = next.Note == st.Note
		want := in.Env.Clone()
		want[StateVar] = next.Encode()
		r.Changes = diff(in.Env, want)
		r.Env = want
		return r, err
	}

	want := base.Clone()
	next := State{Hist: st.Hist}
	var notes []string
	var front []string // PATH entries that go first, in order

	if dec.Want != nil {
		t, ok := toolchain.Newest(in.Toolchains, dec.Want.Matches)
		if !ok || dec.Want.Kind != Exact {
			// A toolchain installed later could be the one, or a newer one.
			r.Watch = append(r.Watch, in.ToolchainWatch...)
		} else {
			// The selected one could be removed (gohook uninstall): its
			// parent directory's mtime says so, the vanished root cannot.
			r.Watch = append(r.Watch, filepath.Dir(t.Root))
		}
		if ok {
			r.Toolchain = &t
			want["GOROOT"] = t.Root
			front = append(front, t.Bin())
			if gobin := gobinFor(in, dec, base, t); gobin != "" {
				want["GOBIN"] = gobin
				front = append(front, gobin)
			}
		} else {
			notes = append(notes, missingNote(*dec.Want))
		}
	}
	if p := dec.Project; p != nil && p.Runs() {
		r.Watch = append(r.Watch, in.TrustWatch...)
		trusted, terr := false, error(nil)
		if in.Trusted != nil {
			trusted, terr = in.Trusted(p)
		}
		if terr != nil {
			notes = append(notes, terr.Error())
		}
		if trusted {
			for _, v := range p.Env {
				want[v.Name] = v.Value
			}
			for _, e := range p.Path {
				e = base.Expand(e)
				if !filepath.IsAbs(e) {
					e = filepath.Join(filepath.Dir(p.File), e)
				}
				front = append(front, e)
			}
		} else {
			notes = append(notes, fmt.Sprintf("%s sets [env] or path, which can run code: not applied until you run `gohook allow` there", p.File))
		}
	}

	path, added, moved := prepend(base.Get("PATH"), front)
	if len(front) > 0 {
		want["PATH"] = path
	}
	next.Added, next.Moved = added, moved
	for _, a := range added {
		next.remember(a)
	}
	for _, name := range sortedKeys(want) {
		if name == "PATH" {
			continue
		}
		if old, had := base.Lookup(name); !had || old != want[name] {
			next.Prev = append(next.Prev, Prev{Name: name, Value: old, Unset: !had})
		}
	}
	if stErr != nil {
		notes = append(notes, stErr.Error())
	}
	if len(notes) > 0 {
		next.Note = hash(notes)
		if next.Note == st.Note {
			notes = nil
		}
	}
	r.Notes = notes
	if !next.Empty() {
		want[StateVar] = next.Encode()
	} else {
		delete(want, StateVar)
	}
	r.Changes = diff(in.Env, want)
	r.Env = want
	return r, nil
}

// Undo returns env as it was before gohook changed it: previous values
// back, gohook's PATH entries gone (every one it added recently, even if
// another tool put it back), moved entries back in place.
func Undo(env config.Env, st State) config.Env {
	base := env.Clone()
	delete(base, StateVar)
	for _, p := range st.Prev {
		if p.Unset {
			delete(base, p.Name)
		} else {
			base[p.Name] = p.Value
		}
	}
	if _, ok := env.Lookup("PATH"); !ok || len(st.Added)+len(st.Hist)+len(st.Moved) == 0 {
		return base
	}
	var entries []string
	for _, e := range filepath.SplitList(env.Get("PATH")) {
		if !slices.Contains(st.Added, e) && !slices.Contains(st.Hist, e) {
			entries = append(entries, e)
		}
	}
	for _, m := range st.Moved {
		entries = slices.DeleteFunc(entries, func(e string) bool { return e == m.Entry })
		entries = slices.Insert(entries, min(max(m.Index, 0), len(entries)), m.Entry)
	}
	base["PATH"] = strings.Join(entries, string(filepath.ListSeparator))
	return base
}

// prepend puts front's entries first in path, in order and without
// duplicates. The first (the toolchain's bin) must come first to win: if
// the user's PATH already has it further down, it is moved, and remembered
// so Undo can put it back. Any other entry already on PATH stays where the
// user put it.
func prepend(path string, front []string) (string, []string, []Moved) {
	if len(front) == 0 {
		return path, nil, nil
	}
	entries := filepath.SplitList(path)
	var added []string
	var moved []Moved
	var head []string
	for i, f := range front {
		if slices.Contains(head, f) {
			continue
		}
		at := slices.Index(entries, f)
		switch {
		case at < 0:
			added = append(added, f)
		case i == 0:
			if at > 0 {
				moved = append(moved, Moved{f, at})
			}
			entries = slices.Delete(entries, at, at+1)
		default:
			continue
		}
		head = append(head, f)
	}
	return strings.Join(append(head, entries...), string(filepath.ListSeparator)), added, moved
}

// gobinFor is the GOBIN for toolchain t: the config's gobin (project over
// global): "shared" keeps the user's GOBIN or uses $GOPATH/bin, so tools
// survive a Go switch; "per-minor" gives each Go minor its own; anything
// else is a path, relative to the project root.
func gobinFor(in Input, dec Decision, base config.Env, t toolchain.Toolchain) string {
	mode := ""
	if in.Global != nil {
		mode = in.Global.GOBIN
	}
	if dec.Project != nil && dec.Project.GOBIN != "" {
		mode = dec.Project.GOBIN
	}
	switch mode {
	case "", "shared":
		if g := base.Get("GOBIN"); g != "" {
			return g
		}
		return filepath.Join(base.GOPATH(), "bin")
	case "per-minor":
		return filepath.Join(base.DataHome(), "bin", version.Lang(t.Version))
	default:
		p := base.Expand(mode)
		if !filepath.IsAbs(p) && dec.Root != "" {
			p = filepath.Join(dec.Root, p)
		}
		return p
	}
}

// missingNote says what is wanted and the command that installs it.
func missingNote(w Want) string {
	arg := strings.TrimPrefix(w.Version, "go")
	what := "go" + arg
	switch w.Kind {
	case Minor:
		what = "a go" + arg + ".x"
	case Minimum:
		what = "go ≥ " + arg
		// The newest patch of that minor satisfies a .0 minimum.
		if strings.HasSuffix(arg, ".0") {
			arg = strings.TrimSuffix(arg, ".0")
		}
	}
	return fmt.Sprintf("%s wants %s, which is not installed: run `gohook install %s` (until then the go command's GOTOOLCHAIN rules apply)", w.Source, what, arg)
}

// diff lists the changes that turn env into want, for the variables that
// differ.
func diff(env, want config.Env) []Change {
	var out []Change
	names := map[string]bool{}
	for k := range want {
		names[k] = true
	}
	for k := range env {
		names[k] = true
	}
	for _, k := range sortedKeys(names) {
		old, had := env[k]
		nv, has := want[k]
		switch {
		case has && (!had || old != nv):
			out = append(out, Change{Name: k, Value: nv})
		case !has && had:
			out = append(out, Change{Name: k, Unset: true})
		}
	}
	// The state goes last: a shell that fails half-way through applying
	// the changes keeps the old state, which still undoes what it had.
	sort.SliceStable(out, func(i, j int) bool { return out[j].Name == StateVar && out[i].Name != StateVar })
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func hash(lines []string) string {
	h := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(h[:4])
}
