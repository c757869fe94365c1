package doctor

import (
	"go/version"
	"strings"

	"github.com/gohook/gohook/hooks"
)

// checkGoEnvFile: the `go env -w` file must be readable, and must not set
// what gohook exports (GOROOT, GOTOOLCHAIN, GOBIN, GOPATH): there it wins
// wherever the hook is not running — IDEs, cron, `sudo go` — and fights
// gohook's choice.
func (s *survey) checkGoEnvFile() {
	g := s.goEnv
	switch {
	case g.Err != nil:
		s.add("goenv-file-unreadable", Warning, g.Name, "fix the permissions of "+g.Name+", or delete it and redo your `go env -w` settings",
			"The go env file %s cannot be read (%v), so the go command fails or ignores it.", g.Name, g.Err)
		return
	case g.Large:
		s.add("goenv-file-malformed", Warning, g.Name, "delete "+g.Name+" and redo your `go env -w` settings",
			"The go env file %s is over 1 MiB: it is not something `go env -w` wrote.", g.Name)
	case len(g.Bad) > 0:
		more := ""
		if len(g.Bad) > 1 {
			more = " (and " + itoa(len(g.Bad)-1) + " more)"
		}
		s.add("goenv-file-malformed", Warning, g.Name, "delete line "+itoa(g.Bad[0])+" of "+g.Name,
			"Line %d of the go env file %s is not KEY=value%s; the go command ignores it.", g.Bad[0], g.Name, more)
	}
	overridden := func(name string) (Severity, string) {
		if s.env.Get(name) != "" {
			return Warning, "; this shell overrides it, but go commands started elsewhere (IDEs, cron) use it"
		}
		return Error, ""
	}
	if v, ok := g.lookup("GOROOT"); ok && v.Value != "" {
		sev, note := overridden("GOROOT")
		s.add("goenv-goroot", sev, g.Name, "go env -u GOROOT",
			"%s:%d sets GOROOT=%s for every go command, whichever toolchain PATH runs, which breaks builds with \"compile: version … does not match go tool version …\"%s.", g.Name, v.Line, v.Value, note)
	}
	if v, ok := g.lookup("GOTOOLCHAIN"); ok && namesVersion(v.Value) {
		sev, note := overridden("GOTOOLCHAIN")
		s.add("goenv-gotoolchain", sev, g.Name, "go env -u GOTOOLCHAIN",
			"%s:%d sets GOTOOLCHAIN=%s, so the go command switches to that toolchain whatever gohook selects%s.", g.Name, v.Line, v.Value, note)
	}
	if v, ok := g.lookup("GOBIN"); ok && v.Value != "" && s.selected() != nil {
		if hb := s.result.Env.Get("GOBIN"); hb != "" && !sameFile(hb, v.Value) {
			s.add("goenv-gobin", Warning, g.Name, "go env -u GOBIN (and set gobin = \""+v.Value+"\" in "+s.env.ConfigFile()+" if you want tools there)",
				"%s:%d sets GOBIN=%s but the hook exports GOBIN=%s, so tools land in one or the other depending on where `go install` runs.", g.Name, v.Line, v.Value, hb)
		}
	}
	if v, ok := g.lookup("GOPATH"); ok && v.Value != "" {
		if ev := s.env.Get("GOPATH"); ev != "" && ev != v.Value {
			s.add("goenv-gopath", Warning, g.Name, "go env -u GOPATH, or stop setting GOPATH in your shell's startup file: keep one",
				"%s:%d sets GOPATH=%s but this shell has GOPATH=%s, so the module cache and tools differ between this shell and go commands started elsewhere.", g.Name, v.Line, v.Value, ev)
		}
	}
}

// namesVersion reports whether a GOTOOLCHAIN value names a toolchain
// (go1.21.0, go1.21.0+auto) rather than a policy (local, auto, path).
func namesVersion(tc string) bool {
	name, _, _ := strings.Cut(tc, "+")
	return strings.HasPrefix(name, "go")
}

// checkModuleEnv: settings that switch modules, downloads or checksum
// verification off.
func (s *survey) checkModuleEnv() {
	if st, ok := s.goSetting("GO111MODULE"); ok && st.Value == "off" {
		s.add("go111module-off", Error, "GO111MODULE", s.unsetFix(st),
			"GO111MODULE=off %s puts the go command in GOPATH mode, so it ignores go.mod and module builds fail.", st.where())
	}
	if st, ok := s.goSetting("GOPROXY"); ok {
		off, direct := true, true
		for _, p := range strings.FieldsFunc(st.Value, func(r rune) bool { return r == ',' || r == '|' }) {
			p = strings.TrimSpace(p)
			off = off && p == "off"
			direct = direct && (p == "direct" || p == "off")
		}
		switch {
		case off:
			s.add("goproxy-off", Warning, "GOPROXY", s.unsetFix(st),
				"GOPROXY=off %s forbids every download, so a missing module or toolchain (GOTOOLCHAIN, `gohook install`) fails.", st.where())
		case direct:
			s.add("goproxy-direct", Warning, "GOPROXY", s.unsetFix(st)+" (the default is https://proxy.golang.org,direct)",
				"GOPROXY=%s %s fetches every module from its version control system: slow, needs git, and no toolchain downloads (they come only from a proxy).", st.Value, st.where())
		}
	}
	if st, ok := s.goSetting("GOSUMDB"); ok && st.Value == "off" {
		s.add("gosumdb-off", Warning, "GOSUMDB", s.unsetFix(st),
			"GOSUMDB=off %s turns off checksum verification of every module download.", st.where())
	}
	nosum, ok := s.goSetting("GONOSUMDB")
	if !ok {
		nosum, ok = s.goSetting("GOPRIVATE") // GONOSUMDB defaults to it
	}
	if ok {
		for _, p := range strings.Split(nosum.Value, ",") {
			if broad(p) {
				s.add("gonosumdb-broad", Warning, nosum.Name, "list only your private module paths in "+nosum.Name+" (e.g. "+nosum.Name+"=git.corp.example.com,github.com/yourorg)",
					"%s=%s %s has the pattern %q, which turns off checksum verification for public modules too.", nosum.Name, nosum.Value, nosum.where(), p)
				break
			}
		}
	}
}

// broad reports whether a GONOSUMDB/GOPRIVATE pattern matches far more
// than one organisation's modules: "*", "*.com", or a public host whole.
func broad(pattern string) bool {
	p := strings.TrimSpace(pattern)
	if p == "" {
		return false
	}
	host, rest, _ := strings.Cut(p, "/")
	if !strings.ContainsAny(host, "*?[") {
		switch host {
		case "github.com", "gitlab.com", "bitbucket.org", "golang.org", "gopkg.in", "go.googlesource.com":
			return rest == "" || strings.ContainsAny(strings.SplitN(rest, "/", 2)[0], "*?[")
		}
		return false
	}
	literal := 0
	for _, label := range strings.Split(host, ".") {
		if label != "" && !strings.ContainsAny(label, "*?[") {
			literal++
		}
	}
	return literal < 2
}

// checkGOTOOLCHAIN: a GOTOOLCHAIN that names a toolchain older than the
// project's go.mod makes the go command refuse to build ("go.mod requires
// go >= …"); gohook takes it as a pin and selects it too.
func (s *survey) checkGOTOOLCHAIN() {
	st, ok := s.goSetting("GOTOOLCHAIN")
	if !ok || !namesVersion(st.Value) {
		return
	}
	name, suffix, _ := strings.Cut(st.Value, "+")
	v := name
	if i := strings.IndexByte(v, '-'); i >= 0 {
		v = v[:i]
	}
	if !version.IsValid(v) || suffix == "auto" {
		return
	}
	// What the project's files ask for, without the environment's say.
	env := s.env.Clone()
	delete(env, "GOTOOLCHAIN")
	delete(env, "GOHOOK_GO")
	d, err := hooks.Resolve(hooks.OS{}, s.dir, env, s.global)
	if err != nil || d.Want == nil || d.Want.Matches(v) {
		return
	}
	if d.Want.Kind != hooks.Minimum {
		s.add("gotoolchain-overrides-pin", Warning, "GOTOOLCHAIN", s.unsetFix(st),
			"GOTOOLCHAIN=%s %s overrides %s, which wants %s.", st.Value, st.where(), d.Want.Source, d.Want.String())
		return
	}
	sev := Error
	if suffix == "path" {
		sev = Warning
	}
	s.add("gotoolchain-too-old", sev, "GOTOOLCHAIN", s.unsetFix(st),
		"GOTOOLCHAIN=%s %s is older than the %s that %s requires, so the go command refuses to build here.",
		st.Value, st.where(), d.Want.Version, d.Want.Source)
}
