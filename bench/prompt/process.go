package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// procRun is the whole-process time of one command run in project A.
type procRun struct {
	Name    string    `json:"name"`
	Argv    []string  `json:"argv"`
	Samples []float64 `json:"samples_us"`
}

// benchProcs times, from fork to exit, what each hook runs on a change —
// `gohook export bash`, `direnv export bash`, `mise hook-env -s bash` — and
// an empty static Go program, taking turns (the order rotating every round)
// m times after a warm-up, in project A with a fresh shell's environment
// (so each computes the full change of entering A). gohook's discovery
// cache is warm after the warm-up, as it is on any prompt but the first.
func benchProcs(w *world, m, warm int, logf func(string, ...any)) ([]*procRun, error) {
	runs := []*procRun{
		{Name: "empty Go program", Argv: []string{w.empty}},
		{Name: "gohook export bash", Argv: []string{w.gohook, "export", "bash"}},
	}
	if exe, ok := w.tools["direnv"]; ok {
		runs = append(runs, &procRun{Name: "direnv export bash", Argv: []string{exe, "export", "bash"}})
	}
	if exe, ok := w.tools["mise"]; ok {
		runs = append(runs, &procRun{Name: "mise hook-env -s bash", Argv: []string{exe, "hook-env", "-s", "bash"}})
	}
	// Each hook command must really produce the change, or we would be
	// timing an error path.
	for _, r := range runs[1:] {
		cmd := exec.Command(r.Argv[0], r.Argv[1:]...)
		cmd.Dir, cmd.Env = w.projA, w.env
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("%s: %v", r.Name, err)
		}
		if !strings.Contains(string(out), w.gorootA) {
			return nil, fmt.Errorf("%s does not set GOROOT to %s; it printed:\n%s", r.Name, w.gorootA, out)
		}
	}
	null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	defer null.Close()
	attr := &os.ProcAttr{Dir: w.projA, Env: w.env, Files: []*os.File{null, null, null}}
	once := func(argv []string) (time.Duration, error) {
		t0 := time.Now()
		p, err := os.StartProcess(argv[0], argv, attr)
		if err != nil {
			return 0, err
		}
		st, err := p.Wait()
		d := time.Since(t0)
		if err != nil {
			return 0, err
		}
		if !st.Success() {
			return 0, fmt.Errorf("%s: %v", strings.Join(argv, " "), st)
		}
		return d, nil
	}
	logf("timing whole processes: %d rounds of %d commands", m, len(runs))
	for i := range warm + m {
		for j := range runs {
			r := runs[(i+j)%len(runs)]
			d, err := once(r.Argv)
			if err != nil {
				return nil, err
			}
			if i >= warm {
				r.Samples = append(r.Samples, float64(d.Nanoseconds())/1e3)
			}
		}
	}
	return runs, nil
}
