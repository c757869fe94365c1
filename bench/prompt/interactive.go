package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Scenarios timed in every interactive shell.
const (
	scenEnter  = "enter"  // Enter in project A: the prompt where nothing changed
	scenSwitch = "switch" // cd ../b, cd ../a, …: every prompt is a change
)

// shellRun is what one shell's interactive benchmark produced.
type shellRun struct {
	Shell   string                          `json:"shell"`
	Version string                          `json:"version"`
	Tools   []string                        `json:"tools"`
	Samples map[string]map[string][]float64 `json:"samples_us"` // scenario → tool → µs per round trip
	// StrayPrompts counts prompts that appeared with nothing typed; non-zero
	// would mean some round trips were cut short.
	StrayPrompts map[string]int `json:"stray_prompts"`
	Notes        []string       `json:"notes,omitempty"`
}

// toolSession is one tool's shell, and where it is.
type toolSession struct {
	tool string
	s    *session
	inB  bool
}

// startToolShell writes the rc file for tool in sh and starts the shell in
// project A. prefix (e.g. strace) goes before the shell's argv.
func startToolShell(w *world, sh shell, exe, tool string, prefix []string, timeout time.Duration) (*session, error) {
	hook := ""
	if tool != "bare" {
		h, ok := sh.hooks[tool]
		if !ok {
			return nil, fmt.Errorf("%s has no %s hook", tool, sh.name)
		}
		hook = h(w.tools[tool])
	}
	dir := filepath.Join(w.root, "rc", sh.name+"-"+tool)
	argv, extraEnv, setup, err := writeRC(sh, exe, dir, hook)
	if err != nil {
		return nil, err
	}
	env := append(append([]string{}, w.env...), extraEnv...)
	return startSession(sh.name+"+"+tool, append(append([]string{}, prefix...), argv...), env, w.projA, timeout, setup...)
}

var goroRE = regexp.MustCompile(`GR=\[([^$\]]*)\]`)

// checkSwitching makes sure the tool's hook really does its job in this
// shell before anything is timed: GOROOT and `go` follow the directory.
func checkSwitching(w *world, sh shell, ts *toolSession) error {
	want := func(dir string) (string, string) {
		if ts.tool == "bare" {
			return "", ""
		}
		if dir == w.projB {
			return w.gorootB, goB
		}
		return w.gorootA, goA
	}
	steps := []struct{ cd, dir string }{{"", w.projA}, {"cd ../b", w.projB}, {"cd ../a", w.projA}}
	for _, st := range steps {
		if st.cd != "" {
			if _, err := ts.s.run(st.cd); err != nil {
				return err
			}
		}
		out, err := ts.s.run(sh.showGoroot)
		if err != nil {
			return err
		}
		m := goroRE.FindStringSubmatch(out)
		root, ver := want(st.dir)
		if m == nil || m[1] != root {
			return fmt.Errorf("in %s GOROOT should be %q, the shell printed %q", filepath.Base(st.dir), root, out)
		}
		if ver == "" {
			continue
		}
		out, err = ts.s.run("go version")
		if err != nil {
			return err
		}
		if !strings.Contains(out, "FAKEGO "+ver) {
			return fmt.Errorf("in %s `go version` should run %s's go, the shell printed %q", filepath.Base(st.dir), ver, clean(out))
		}
	}
	return nil
}

var ansiRE = regexp.MustCompile(`\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])|\r`)

func clean(s string) string { return strings.TrimSpace(ansiRE.ReplaceAllString(s, "")) }

// benchShell times every tool in one shell. All the tools' shells stay open
// side by side and take turns in blocks of `block` round trips, the order
// rotating every block, so that noise on this shared machine falls on all
// of them alike.
func benchShell(w *world, sh shell, exe string, tools []string, n, warm, block int, timeout time.Duration, logf func(string, ...any)) (*shellRun, error) {
	run := &shellRun{
		Shell:        sh.name,
		Version:      shellVersion(sh.name, exe),
		Samples:      map[string]map[string][]float64{scenEnter: {}, scenSwitch: {}},
		StrayPrompts: map[string]int{},
	}
	var sessions []*toolSession
	defer func() {
		for _, ts := range sessions {
			ts.s.close()
		}
	}()
	for _, tool := range tools {
		if _, ok := w.tools[tool]; !ok {
			continue
		}
		if _, ok := sh.hooks[tool]; !ok && tool != "bare" {
			run.Notes = append(run.Notes, fmt.Sprintf("%s: %s has no hook for %s; skipped", sh.name, tool, sh.name))
			continue
		}
		s, err := startToolShell(w, sh, exe, tool, nil, timeout)
		if err == nil {
			ts := &toolSession{tool: tool, s: s}
			if err = checkSwitching(w, sh, ts); err == nil {
				sessions = append(sessions, ts)
				run.Tools = append(run.Tools, tool)
				continue
			}
			s.close()
		}
		if tool == "bare" {
			return nil, fmt.Errorf("%s: the bare shell does not work: %v", sh.name, err)
		}
		run.Notes = append(run.Notes, fmt.Sprintf("%s+%s: skipped: %v", sh.name, tool, err))
	}
	logf("%s %s: timing %s", sh.name, run.Version, strings.Join(run.Tools, ", "))

	step := func(ts *toolSession, scen string) (time.Duration, error) {
		if scen == scenEnter {
			return ts.s.roundTrip("\r")
		}
		line := "cd ../b\r"
		if ts.inB {
			line = "cd ../a\r"
		}
		ts.inB = !ts.inB
		return ts.s.roundTrip(line)
	}
	n += n % 2 // whole cd ../b, cd ../a pairs
	for _, scen := range []string{scenEnter, scenSwitch} {
		for _, ts := range sessions { // warm-up, not recorded
			for range warm + warm%2 {
				if _, err := step(ts, scen); err != nil {
					return nil, err
				}
			}
		}
		for b := 0; b*block < n; b++ {
			k := min(block, n-b*block)
			for i := range sessions {
				ts := sessions[(b+i)%len(sessions)]
				for range k {
					d, err := step(ts, scen)
					if err != nil {
						return nil, err
					}
					run.Samples[scen][ts.tool] = append(run.Samples[scen][ts.tool], float64(d.Nanoseconds())/1e3)
				}
			}
		}
	}
	for _, ts := range sessions {
		run.StrayPrompts[ts.tool] = ts.s.extra
	}
	return run, nil
}
