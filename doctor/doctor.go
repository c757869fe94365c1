// Package doctor diagnoses a Go setup the way a person would with `which
// go`, `go env` and a look at PATH and the rc files — but without running
// anything: binaries are read with debug/buildinfo and their executable
// headers, PATH is walked by hand. Each problem is a Finding with a stable
// id, a severity, one sentence naming the exact path or variable, and a fix.
package doctor

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/hooks"
	"github.com/gohook/gohook/toolchain"
)

// Severity says how bad a finding is.
type Severity string

const (
	// Error: builds break, or use another Go than the project's.
	Error Severity = "error"
	// Warning: likely trouble, but builds use the right Go.
	Warning Severity = "warning"
)

// Finding is one problem and how to fix it.
type Finding struct {
	ID       string   `json:"id"` // stable, for scripts: "go-shadowed"
	Severity Severity `json:"severity"`
	Subject  string   `json:"subject,omitempty"` // the path, file or variable involved
	Message  string   `json:"message"`           // one sentence
	Fix      string   `json:"fix"`               // a command to run or an edit to make
}

// Fact is one line of context the text report starts with (which go runs,
// what the project wants); it is not a problem.
type Fact struct{ Name, Value string }

// Report is what Run found.
type Report struct {
	Facts    []Fact
	Findings []Finding // errors first, then warnings, each in check order
}

// HasErrors reports whether any finding is an error.
func (r Report) HasErrors() bool {
	return slices.ContainsFunc(r.Findings, func(f Finding) bool { return f.Severity == Error })
}

// Input is what doctor examines.
type Input struct {
	Env config.Env // the environment doctor runs in: the shell's
	Dir string     // the directory to diagnose
	// Trusted says whether a .gohook.toml's env may apply, as the hook
	// decides it; nil trusts none.
	Trusted func(*config.Project) (bool, error)
	// GOOS and GOARCH are the host's; empty means runtime's.
	GOOS, GOARCH string
}

// survey is everything the checks share, gathered once.
type survey struct {
	env          config.Env
	dir          string
	home         string
	goos, goarch string

	global    *config.Global
	globalErr error
	result    hooks.Result // what the hook gives this directory
	resultErr error
	trusted   func(*config.Project) (bool, error)
	inventory []toolchain.Toolchain

	path  []string // PATH entries, as written
	goes  []hit    // every go on PATH, in PATH order
	fmts  []hit    // every gofmt on PATH
	goEnv goEnvFile

	shells []*shellFiles // rc files of the user's shell(s)

	facts    []Fact
	findings []Finding
}

// Run examines the setup and returns what is wrong with it. It reads
// files and never starts a process.
func Run(in Input) Report {
	s := &survey{env: in.Env, dir: in.Dir, goos: in.GOOS, goarch: in.GOARCH, trusted: in.Trusted}
	if s.goos == "" {
		s.goos, s.goarch = runtime.GOOS, runtime.GOARCH
	}
	s.home = s.env.Home()
	s.gather()
	for _, check := range []func(){
		s.checkConfig,
		s.checkProject,
		s.checkGoOnPath,
		s.checkGOROOT,
		s.checkGoBinary,
		s.checkGofmt,
		s.checkManagers,
		s.checkGOBIN,
		s.checkGoEnvFile,
		s.checkModuleEnv,
		s.checkGOTOOLCHAIN,
		s.checkTools,
		s.checkForeignToolchains,
		s.checkHook,
	} {
		check()
	}
	fs := s.findings
	slices.SortStableFunc(fs, func(a, b Finding) int { return cmp.Compare(rank(a.Severity), rank(b.Severity)) })
	return Report{Facts: s.facts, Findings: fs}
}

func rank(s Severity) int {
	if s == Error {
		return 0
	}
	return 1
}

func (s *survey) add(id string, sev Severity, subject, fix, format string, args ...any) {
	s.findings = append(s.findings, Finding{ID: id, Severity: sev, Subject: subject, Message: fmt.Sprintf(format, args...), Fix: fix})
}

func (s *survey) fact(name, format string, args ...any) {
	s.facts = append(s.facts, Fact{name, fmt.Sprintf(format, args...)})
}

// gather computes what several checks need: the config, the toolchain
// inventory, the hook's answer for the directory, the go and gofmt on PATH.
func (s *survey) gather() {
	s.global, s.globalErr = config.LoadGlobal(s.env)
	if s.globalErr != nil {
		s.global = &config.Global{GOBIN: "shared", Search: config.Sources}
	}
	s.inventory = hooks.Inventory(s.env, s.global)
	// Compute, not hooks.Load: a diagnosis must not finish module-cache
	// toolchains or otherwise change the machine.
	s.result, s.resultErr = hooks.Compute(hooks.Input{
		FS: hooks.OS{}, Dir: s.dir, Env: s.env, Global: s.global,
		Toolchains: s.inventory, Trusted: s.trusted,
	})
	s.path = filepath.SplitList(s.env.Get("PATH"))
	s.goes = s.lookPath("go")
	s.fmts = s.lookPath("gofmt")
	s.goEnv = readGoEnvFile(s.env.GoEnvFilePath())
	s.shells = s.userShells()

	if len(s.goes) > 0 {
		g := s.goes[0]
		s.fact("go on PATH", "%s%s", g.File, versionSuffix(g.root))
	} else {
		s.fact("go on PATH", "none")
	}
	if t := s.result.Toolchain; t != nil {
		s.fact("selected", "%s %s (%s)", t.Version, t.Root, t.Source)
	}
	if w := s.result.Decision.Want; w != nil {
		s.fact("wanted", "%s, by %s", w.String(), w.Source)
	}
	if sh := s.env.Get(shellVar); sh != "" {
		s.fact("hook", "active (%s)", sh)
	} else {
		s.fact("hook", "not active in this shell")
	}
}

// selected is the toolchain the hook picks for the directory, or nil.
func (s *survey) selected() *toolchain.Toolchain { return s.result.Toolchain }

// active is the toolchain `go` runs now: the go on PATH's tree.
func (s *survey) active() (toolchain.Toolchain, bool) {
	if len(s.goes) == 0 || s.goes[0].root == "" {
		return toolchain.Toolchain{}, false
	}
	return toolchain.Inspect(s.goes[0].root)
}

func versionSuffix(root string) string {
	if root == "" {
		return " (not inside a Go tree)"
	}
	if t, ok := toolchain.Inspect(root); ok {
		return " (" + t.Version + ", " + root + ")"
	}
	return ""
}

// sameFile reports whether two paths name the same file or directory.
func sameFile(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(fa, fb)
}
