package doctor

import (
	"go/version"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/hooks"
	"github.com/gohook/gohook/toolchain"
)

func itoa(n int) string { return strconv.Itoa(n) }

// checkConfig: the global config must parse, or the hook does nothing.
func (s *survey) checkConfig() {
	if s.globalErr != nil {
		s.add("config-invalid", Error, s.env.ConfigFile(), "edit "+s.env.ConfigFile()+" to fix the line named",
			"The gohook config cannot be read, so the hook changes nothing: %v.", s.globalErr)
	}
}

// checkProject: what the directory asks for, whether something installed
// satisfies it, and whether its .gohook.toml is blocked.
func (s *survey) checkProject() {
	if s.resultErr != nil {
		s.add("project-invalid", Error, "", "fix the file named; `gohook current` shows the same error",
			"The hook cannot decide which Go %s wants and leaves the environment as it is: %v.", s.dir, s.resultErr)
		return
	}
	d := s.result.Decision
	if w := d.Want; w != nil && s.result.Toolchain == nil {
		arg := strings.TrimPrefix(w.Version, "go")
		if w.Kind == hooks.Minimum { //: the newest patch of that minor will do
			arg = strings.TrimSuffix(arg, ".0")
		}
		sev, why := Error, "and GOTOOLCHAIN lets the go command fail instead of downloading it"
		if tc, _ := s.goSetting("GOTOOLCHAIN"); switches(tc.Value) {
			sev, why = Warning, "so the go command downloads it on every switch (GOTOOLCHAIN)"
		}
		s.add("project-not-installed", sev, w.Source.File, "gohook install "+arg,
			"%s wants %s, which no installed toolchain satisfies, %s.", w.Source, w.String(), why)
	}
	if p := d.Project; p != nil && p.Runs() && !s.allowed(p) {
		s.add("project-untrusted", Warning, p.File, "read "+p.File+", then run `gohook allow` in "+filepath.Dir(p.File),
			"%s sets [env] or path, which can run code, so the hook does not apply them until you allow it.", p.File)
	}
}

// switches reports whether a GOTOOLCHAIN value lets the go command switch
// to a newer toolchain when go.mod asks for one.
func switches(tc string) bool {
	if tc == "" || tc == "auto" {
		return true
	}
	_, suffix, _ := strings.Cut(tc, "+")
	return suffix == "auto" || suffix == "path"
}

// checkGoOnPath: the go that PATH runs must be the toolchain the hook
// selected; nothing earlier on PATH may shadow it.
func (s *survey) checkGoOnPath() {
	sel := s.selected()
	if len(s.goes) == 0 {
		if sel != nil {
			s.add("go-missing", Error, "PATH", s.hookFix(),
				"No go command is on PATH, although %s is selected for %s: the hook has not put %s on PATH.", sel.Version, s.dir, sel.Bin())
		} else {
			s.add("go-missing", Warning, "PATH", "gohook install latest, then set default = \"1.N\" in "+s.env.ConfigFile()+" or pin a version with `gohook use`",
				"No go command is on PATH and %s asks for no Go version.", s.dir)
		}
		return
	}
	if sel == nil {
		return
	}
	first := s.goes[0]
	if sameFile(first.root, sel.Root) {
		return
	}
	runs := describeGo(first)
	for _, h := range s.goes[1:] {
		if sameFile(h.root, sel.Root) {
			fix := "remove " + first.Dir + " from PATH, or the go in it"
			if m := s.manager(first.Dir); m != "" {
				fix = "stop " + m + " from putting " + first.Dir + " on PATH (remove its init line from your shell's startup file)"
			} else if s.isGOBIN(first.Dir) {
				fix = "rm " + first.File + " (a go in GOBIN shadows every toolchain; gohook puts the right one on PATH)"
			}
			s.add("go-shadowed", Error, first.File, fix,
				"%s (PATH entry %d) shadows %s (entry %d), so `go` runs %s instead of %s, which %s selects.",
				first.File, first.Index, h.File, h.Index, runs, sel.Version, s.result.Decision.Want.Source)
			return
		}
	}
	s.add("go-not-selected", Error, first.File, s.hookFix(),
		"`go` runs %s, but %s wants %s and the hook selects %s, whose bin is not on PATH.",
		runs, s.result.Decision.Want.Source, s.result.Decision.Want.String(), sel.Root)
}

// describeGo says which go a hit is: its file, version and tree.
func describeGo(h hit) string {
	if t, ok := toolchain.Inspect(h.root); ok && h.root != "" {
		return h.File + " (" + t.Version + " from " + h.root + ")"
	}
	return h.File
}

// hookFix is the fix when the hook's environment is not in effect.
func (s *survey) hookFix() string {
	if s.env.Get(shellVar) == "" {
		return "make the hook run in this shell (see hook-inactive), or run Go through `gohook exec -- go …`"
	}
	return "press Enter for a new prompt so the hook runs again; if that does not help, run `gohook export " + s.shellName() + "` to see its error"
}

// checkGOROOT: a GOROOT that is set must be a Go tree, and the tree of the
// go that PATH runs; otherwise builds fail with "compile: version X does
// not match go tool version Y".
func (s *survey) checkGOROOT() {
	gr := s.env.Get("GOROOT")
	if gr == "" {
		return
	}
	fi, err := os.Stat(gr)
	switch {
	case err != nil:
		s.add("goroot-missing", Error, "GOROOT", s.unsetEnvFix("GOROOT"),
			"GOROOT=%s does not exist, so every go command fails.", gr)
		return
	case !fi.IsDir():
		s.add("goroot-not-go", Error, "GOROOT", s.unsetEnvFix("GOROOT"),
			"GOROOT=%s is not a directory.", gr)
		return
	}
	t, ok := toolchain.Inspect(gr)
	if !ok {
		s.add("goroot-not-go", Error, "GOROOT", s.unsetEnvFix("GOROOT"),
			"GOROOT=%s is not a Go tree (no VERSION file or no pkg/tool), so every go command fails.", gr)
		return
	}
	if len(s.goes) == 0 || s.goes[0].root == "" || sameFile(s.goes[0].root, gr) {
		return
	}
	first := s.goes[0]
	fix := s.unsetEnvFix("GOROOT") + " (gohook sets GOROOT for each project)"
	s.add("goroot-mismatch", Error, "GOROOT",
		fix, "GOROOT=%s (%s) is not the tree of the go PATH runs, %s, so builds mix two toolchains and fail with \"compile: version … does not match go tool version …\".",
		gr, t.Version, describeGo(first))
}

// checkGoBinary: the go that PATH runs must match the tree it sits in —
// its build info against VERSION, its platform against pkg/tool, and the
// compiler's build info against its own.
func (s *survey) checkGoBinary() {
	if len(s.goes) == 0 {
		return
	}
	first := s.goes[0]
	b := readBinary(first.File)
	if first.root == "" {
		if s.env.Get("GOROOT") == "" && b.Go != "" {
			s.add("go-outside-goroot", Error, first.File, "rm "+first.File+" (put a toolchain's bin directory on PATH instead of copying its go)",
				"%s is not inside a Go tree (no %s), so it cannot find its GOROOT: \"go: cannot find GOROOT directory\".",
				first.File, filepath.Join(filepath.Dir(filepath.Dir(first.File)), "VERSION"))
		}
		return
	}
	if gr := s.env.Get("GOROOT"); gr != "" && !sameFile(gr, first.root) {
		return // checkGOROOT reports it
	}
	t, ok := toolchain.Inspect(first.root)
	if !ok {
		return
	}
	if runs, known := b.runsOn(s.goos, s.goarch); known && !runs || !s.host(t) {
		plat := t.GOOS + "/" + t.GOARCH
		if known && !runs {
			plat = b.platform()
		}
		s.add("toolchain-foreign-active", Error, first.root, s.nativeFix(t),
			"The go PATH runs, %s, is a %s toolchain on this %s/%s machine, so it runs emulated if at all and builds for the wrong platform by default.",
			first.File, plat, s.goos, s.goarch)
		return
	}
	if b.Go == "" {
		return // not a Go binary (a wrapper script): nothing to compare
	}
	if version.IsValid(b.Go) && version.Compare(b.Go, t.Version) != 0 {
		s.add("go-build-mismatch", Error, first.File, s.reinstallFix(t),
			"%s was built as %s but its tree %s says %s (VERSION), so builds fail with \"compile: version … does not match go tool version …\".",
			first.File, b.Go, first.root, t.Version)
		return
	}
	if b.GOARCH != "" && b.GOOS != "" {
		tools := filepath.Join(first.root, "pkg", "tool", b.GOOS+"_"+b.GOARCH)
		if _, err := os.Stat(tools); err != nil {
			s.add("go-build-mismatch", Error, first.File, s.reinstallFix(t),
				"%s is a %s/%s binary but its tree has no %s, so it has no compiler to run.", first.File, b.GOOS, b.GOARCH, tools)
			return
		}
		compile := filepath.Join(tools, "compile")
		if s.goos == "windows" {
			compile += ".exe"
		}
		if c := readBinary(compile); c.Go != "" && version.IsValid(c.Go) && version.Compare(c.Go, b.Go) != 0 {
			s.add("go-build-mismatch", Error, compile, s.reinstallFix(t),
				"%s was built as %s but %s is %s, so builds fail with \"compile: version %q does not match go tool version %q\".",
				compile, c.Go, first.File, b.Go, c.Go, b.Go)
		}
	}
}

// host reports whether t is a toolchain for the machine doctor runs on.
func (s *survey) host(t toolchain.Toolchain) bool { return t.GOOS == s.goos && t.GOARCH == s.goarch }

// reinstallFix is how to replace a broken tree.
func (s *survey) reinstallFix(t toolchain.Toolchain) string {
	v := strings.TrimPrefix(t.Version, "go")
	if t.Source == "gohook" {
		return "gohook uninstall " + v + " && gohook install " + v
	}
	return "reinstall Go in " + t.Root + " from one archive (remove the directory first), or `gohook install " + v + "` and take it off PATH"
}

// nativeFix is how to get a toolchain for this machine instead of t.
func (s *survey) nativeFix(t toolchain.Toolchain) string {
	v := strings.TrimPrefix(t.Version, "go")
	return "gohook install " + v + " (the " + s.goos + "/" + s.goarch + " build), and take " + t.Bin() + " off PATH"
}

// checkGofmt: gofmt must come from the same tree as go, or formatting
// differs between the editor, CI and the command line.
func (s *survey) checkGofmt() {
	want := ""
	if sel := s.selected(); sel != nil {
		want = sel.Root
	} else if len(s.goes) > 0 {
		want = s.goes[0].root
	}
	if want == "" || len(s.fmts) == 0 || sameFile(s.fmts[0].root, want) {
		return
	}
	first := s.fmts[0]
	fix := "remove " + first.File + ", or " + first.Dir + " from PATH"
	if s.isGOBIN(first.Dir) {
		fix = "rm " + first.File
	}
	s.add("gofmt-shadowed", Warning, first.File, fix,
		"`gofmt` runs %s (PATH entry %d), not the gofmt of %s, so formatting can differ from the toolchain's.", first.File, first.Index, want)
}

// isGOBIN reports whether dir is a GOBIN or some GOPATH's bin.
func (s *survey) isGOBIN(dir string) bool {
	if sameFile(dir, s.gobin().Value) || sameFile(dir, s.result.Env.Get("GOBIN")) {
		return true
	}
	gp, _ := s.goSetting("GOPATH")
	list := filepath.SplitList(gp.Value)
	if len(list) == 0 {
		list = []string{filepath.Join(s.home, "go")}
	}
	for _, p := range list {
		if sameFile(dir, filepath.Join(p, "bin")) {
			return true
		}
	}
	return false
}

// gobin is where `go install` puts tools in this environment: GOBIN, else
// the first GOPATH entry's bin.
func (s *survey) gobin() setting {
	if st, ok := s.goSetting("GOBIN"); ok {
		return st
	}
	return setting{Name: "GOPATH", Value: filepath.Join(s.env.GOPATH(), "bin")}
}

// checkGOBIN: what `go install` installs must be on PATH.
func (s *survey) checkGOBIN() {
	st := s.gobin()
	if s.onPath(st.Value) >= 0 {
		return
	}
	what := "GOBIN=" + st.Value + " " + st.where()
	if st.Name == "GOPATH" {
		what = st.Value + " ($GOPATH/bin, where `go install` puts tools)"
	}
	fix := "add " + st.Value + " to PATH in your shell's startup file"
	if s.selected() != nil && s.env.Get(shellVar) == "" {
		fix = "make the hook run in this shell (it puts GOBIN on PATH), or " + fix
	}
	s.add("gobin-not-on-path", Warning, st.Value, fix,
		"%s is not on PATH, so tools you `go install` are not found.", what)
}

// managers are other Go version managers, by the directory they keep
// their shims or toolchains in.
func (s *survey) managers() []struct{ name, dir string } {
	env, home := s.env, s.home
	or := func(v, def string) string {
		if v != "" {
			return v
		}
		return def
	}
	data := env.Get("XDG_DATA_HOME")
	if !filepath.IsAbs(data) {
		data = filepath.Join(home, ".local", "share")
	}
	return []struct{ name, dir string }{
		{"goenv", or(env.Get("GOENV_ROOT"), filepath.Join(home, ".goenv"))},
		{"asdf", or(env.Get("ASDF_DATA_DIR"), filepath.Join(home, ".asdf"))},
		{"mise", or(env.Get("MISE_DATA_DIR"), filepath.Join(data, "mise"))},
		{"gvm", or(env.Get("GVM_ROOT"), filepath.Join(home, ".gvm"))},
		{"gobrew", filepath.Join(home, ".gobrew")},
		{"g", filepath.Join(home, ".g")},
		{"proto", or(env.Get("PROTO_HOME"), filepath.Join(home, ".proto"))},
		{"aqua", filepath.Join(data, "aquaproj-aqua")},
	}
}

// manager names the version manager that owns a PATH entry, or "".
func (s *survey) manager(dir string) string {
	for _, m := range s.managers() {
		if within(dir, m.dir) {
			return m.name
		}
	}
	if filepath.Base(dir) == "shims" {
		return "a version manager"
	}
	return ""
}

func within(p, root string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// checkManagers: another version manager's go (shims, or its current
// toolchain's bin) earlier on PATH than gohook's choice decides `go` behind
// gohook's back, and shims cost 20–200 ms per call.
func (s *survey) checkManagers() {
	sel := s.selected()
	limit := len(s.path)
	if sel != nil {
		if i := s.onPath(sel.Bin()); i >= 0 {
			limit = i
		}
	}
	for _, h := range s.goes {
		if h.Index >= limit || (sel != nil && sameFile(h.root, sel.Root)) {
			continue
		}
		m := s.manager(h.Dir)
		if m == "" {
			continue
		}
		s.add("manager-on-path", Warning, h.Dir,
			"remove "+m+"'s init line (or the PATH edit that adds "+h.Dir+") from your shell's startup file; gohook finds its installed toolchains without it",
			"%s's %s (PATH entry %d) puts its own go on PATH ahead of gohook's choice.", m, h.Dir, h.Index)
	}
}

// allowed reports whether p's env applies; an unreadable trust store trusts
// nothing (the project check says so).
func (s *survey) allowed(p *config.Project) bool {
	if s.trusted == nil {
		return false
	}
	ok, err := s.trusted(p)
	return ok && err == nil
}
