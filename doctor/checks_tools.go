package doctor

import (
	"go/version"
	"os"
	"path/filepath"
	"strings"
)

// maxTools bounds how many files of a GOBIN doctor reads.
const maxTools = 1000

// checkTools: each Go program in GOBIN (gopls, dlv, staticcheck, …) must
// be built by a Go at least as new (same minor) as the active toolchain —
// gopls and analyzers cannot read newer language features — and for this
// machine's platform. Read from their files, never run.
func (s *survey) checkTools() {
	active := ""
	if sel := s.selected(); sel != nil {
		active = sel.Version
	} else if t, ok := s.active(); ok {
		active = t.Version
	}
	dirs := []string{s.gobin().Value}
	if hb := s.result.Env.Get("GOBIN"); hb != "" && !sameFile(hb, dirs[0]) {
		dirs = append(dirs, hb)
	}
	for _, dir := range dirs {
		ents, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		if len(ents) > maxTools {
			ents = ents[:maxTools]
		}
		for _, e := range ents {
			f := filepath.Join(dir, e.Name())
			if e.IsDir() || !s.executable(f) {
				continue
			}
			s.checkTool(f, readBinary(f), active)
		}
	}
}

func (s *survey) checkTool(f string, b binary, active string) {
	if runs, known := b.runsOn(s.goos, s.goarch); known && !runs {
		fix := "reinstall it for " + s.goos + "/" + s.goarch
		if b.Path != "" {
			fix = "go install " + b.Path + "@latest"
		}
		if ga := s.env.Get("GOARCH"); ga != "" && ga != s.goarch {
			fix = s.unsetEnvFix("GOARCH") + ", then " + fix
		}
		s.add("tool-foreign-arch", Warning, f, fix,
			"%s is a %s executable, but this machine is %s/%s: it runs emulated (Rosetta) or not at all.", f, b.platform(), s.goos, s.goarch)
		return
	}
	if b.Go == "" || active == "" || !version.IsValid(b.Go) {
		return
	}
	if version.Compare(version.Lang(b.Go), version.Lang(active)) < 0 {
		fix := "rebuild it with " + active
		if b.Path != "" {
			fix = "go install " + b.Path + "@latest (with " + active + " active)"
		}
		s.add("tool-old-go", Warning, f, fix,
			"%s was built by %s, older than the active %s, so it may not understand code written for %s.", f, b.Go, active, version.Lang(active))
	}
}

// checkForeignToolchains: toolchains for another OS or architecture are
// never selected; say so, since one on an arm64 Mac is usually an amd64
// install that runs under Rosetta. The one PATH runs is checkGoBinary's.
func (s *survey) checkForeignToolchains() {
	var activeRoot string
	if len(s.goes) > 0 {
		activeRoot = s.goes[0].root
	}
	for _, t := range s.inventory {
		if s.host(t) || sameFile(t.Root, activeRoot) {
			continue
		}
		v := strings.TrimPrefix(t.Version, "go")
		fix := "remove " + t.Root + " and run `gohook install " + v + "` for a native one"
		if t.Source == "gohook" {
			fix = "gohook uninstall " + v + " && gohook install " + v
		}
		s.add("toolchain-foreign", Warning, t.Root, fix,
			"%s (%s, found by %s) is a %s/%s toolchain on this %s/%s machine, so gohook never selects it.",
			t.Root, t.Version, t.Source, t.GOOS, t.GOARCH, s.goos, s.goarch)
	}
}
