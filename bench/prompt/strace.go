package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// straceRun counts the processes a shell and everything it runs create
// (forks, vforks and clones that are not threads), under strace -f.
type straceRun struct {
	Shell string `json:"shell"`
	Tool  string `json:"tool"`
	// Enter: processes created over EnterPrompts prompts in project A
	// where nothing changed.
	EnterPrompts int `json:"enter_prompts"`
	EnterProcs   int `json:"enter_procs"`
	// Switch: processes created over SwitchCDs cds between the projects
	// and the prompts that follow them.
	SwitchCDs   int    `json:"switch_cds"`
	SwitchProcs int    `json:"switch_procs"`
	Error       string `json:"error,omitempty"`
}

var (
	procLineRE = regexp.MustCompile(`^\d+\s+(clone3?|v?fork)\(`)
	markRE     = regexp.MustCompile(`^\d+\s+execve\("/bin/true", \["/bin/true", "ghb-mark-(\d)"\]`)
)

// straceShell runs one tool's shell under `strace -f -e
// trace=execve,clone,clone3,fork,vfork`, presses Enter n times and cds
// between the projects cds times, separated by /bin/true marker commands
// whose execve calls cut the trace into the two parts.
func straceShell(w *world, sh shell, exe, tool string, n, cds int, timeout time.Duration) straceRun {
	res := straceRun{Shell: sh.name, Tool: tool, EnterPrompts: n, SwitchCDs: cds}
	fail := func(err error) straceRun {
		res.Error = err.Error()
		return res
	}
	straceExe, err := exec.LookPath("strace")
	if err != nil {
		return fail(fmt.Errorf("strace is not installed"))
	}
	trace := filepath.Join(w.root, fmt.Sprintf("strace-%s-%s.txt", sh.name, tool))
	prefix := []string{straceExe, "-f", "-qq", "-o", trace, "-e", "trace=execve,clone,clone3,fork,vfork"}
	s, err := startToolShell(w, sh, exe, tool, prefix, timeout)
	if err != nil {
		return fail(err)
	}
	// Part 1: the prompt after marker 1 and n-1 more Enters = n unchanged
	// prompts. Part 2: marker 2 then the first cd on one line (so that
	// zsh's and fish's cd-time hooks fire after the marker), then cds-1
	// more = cds switching prompts. Each part also holds the fork that
	// runs the next marker.
	script := []string{"/bin/true ghb-mark-1"}
	for range n - 1 {
		script = append(script, "")
	}
	script = append(script, "/bin/true ghb-mark-2; cd ../b")
	for i := range cds - 1 {
		script = append(script, map[bool]string{true: "cd ../b", false: "cd ../a"}[i%2 == 1])
	}
	script = append(script, "/bin/true ghb-mark-3")
	for _, line := range script {
		if _, err := s.run(line); err != nil {
			s.close()
			return fail(err)
		}
	}
	s.close() // strace writes its last lines when the shell is gone
	f, err := os.Open(trace)
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	part, counts := 0, [4]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		if m := markRE.FindStringSubmatch(line); m != nil {
			part = int(m[1][0] - '0')
			continue
		}
		if procLineRE.MatchString(line) && !strings.Contains(line, "CLONE_THREAD") {
			counts[part]++
		}
	}
	if err := sc.Err(); err != nil {
		return fail(err)
	}
	if part != 3 {
		return fail(fmt.Errorf("markers missing from the trace %s", trace))
	}
	// Each part ends with the fork that runs the next marker.
	res.EnterProcs = counts[1] - 1
	res.SwitchProcs = counts[2] - 1
	return res
}
