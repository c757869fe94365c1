// Command prompt times gohook, direnv and mise side by side in real
// interactive bash, zsh, fish (and pwsh, where installed) sessions driven in
// a pseudo-terminal, plus the whole-process time of what each runs on a
// change, and prints a markdown table. See bench/README.md.
//
//	go run ./bench/prompt [-n 300] [-m 500] [-shells bash,zsh,fish,pwsh] …
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// meta describes the run, for the table's header and the JSON.
type meta struct {
	Date     string            `json:"date"`
	CPU      string            `json:"cpu"`
	NumCPU   int               `json:"nproc"`
	Kernel   string            `json:"kernel"`
	GOOS     string            `json:"goos"`
	GOARCH   string            `json:"goarch"`
	Command  string            `json:"command"`
	N        int               `json:"n"`
	M        int               `json:"m"`
	Warmup   int               `json:"warmup"`
	Block    int               `json:"block"`
	Versions map[string]string `json:"versions"`
	Notes    []string          `json:"notes,omitempty"`
}

type result struct {
	Meta        meta        `json:"meta"`
	Summary     summary     `json:"summary"`
	Interactive []*shellRun `json:"interactive"`
	Processes   []*procRun  `json:"processes"`
	Strace      []straceRun `json:"strace,omitempty"`
}

func main() {
	n := flag.Int("n", 300, "round trips per tool and scenario in each interactive shell")
	m := flag.Int("m", 500, "runs of each whole-process command")
	warm := flag.Int("warmup", 30, "untimed round trips (and process runs) before timing")
	block := flag.Int("block", 10, "round trips one tool's shell makes before the next tool's takes its turn")
	shellList := flag.String("shells", "bash,zsh,fish,pwsh", "shells to time, comma-separated (missing ones are skipped)")
	toolList := flag.String("tools", "gohook,direnv,mise", "tools to compare with the bare shell, comma-separated")
	straceN := flag.Int("strace", 100, "Enter presses to count processes for under strace -f, per shell and tool (0: skip)")
	straceCDs := flag.Int("strace-cds", 20, "cds between the projects to count processes for under strace")
	noProcs := flag.Bool("noprocs", false, "skip the whole-process timings")
	outDir := flag.String("out", "", "directory for the JSON and markdown results (default bench/out in the module)")
	keep := flag.Bool("keep", false, "keep the temporary world (HOME, rc files, traces) and print where it is")
	timeout := flag.Duration("timeout", 30*time.Second, "longest wait for one prompt before giving up")
	flag.Parse()
	if *n < 1 || *m < 1 || *block < 1 || *warm < 0 {
		fmt.Fprintln(os.Stderr, "prompt: -n, -m and -block must be positive, -warmup not negative")
		os.Exit(2)
	}
	if err := run(*n, *m, *warm, *block, split(*shellList), split(*toolList), *straceN, *straceCDs, !*noProcs, *outDir, *keep, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "prompt:", err)
		os.Exit(1)
	}
}

func split(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "# "+format+"\n", args...)
}

func run(n, m, warm, block int, shellNames, toolNames []string, straceN, straceCDs int, procs bool, outDir string, keep bool, timeout time.Duration) error {
	modRoot, err := moduleRoot()
	if err != nil {
		return err
	}
	if outDir == "" {
		outDir = filepath.Join(modRoot, "bench", "out")
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	root, err := os.MkdirTemp("", "gohook-bench-")
	if err != nil {
		return err
	}
	// The world's paths are compared as strings with what the shells
	// print, so no symlink (macOS /var → /private/var) may sit in them.
	if root, err = filepath.EvalSymlinks(root); err != nil {
		return err
	}
	if keep {
		defer logf("kept the world in %s", root)
	} else {
		defer os.RemoveAll(root)
		// An interrupted run leaves no world behind either.
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
		go func() {
			<-sig
			os.RemoveAll(root)
			os.Exit(130)
		}()
	}

	tools := append([]string{"bare"}, toolNames...)
	w, err := newWorld(modRoot, root, filepath.Join(outDir, "npm"), tools, logf)
	if err != nil {
		return err
	}
	md := meta{
		Date:    time.Now().UTC().Format("2006-01-02 15:04 MST"),
		CPU:     cpuModel(),
		NumCPU:  runtime.NumCPU(),
		Kernel:  strings.TrimSpace(readFile("/proc/sys/kernel/osrelease")),
		GOOS:    runtime.GOOS,
		GOARCH:  runtime.GOARCH,
		Command: strings.TrimSpace("go run ./bench/prompt " + strings.Join(os.Args[1:], " ")),
		N:       n, M: m, Warmup: warm, Block: block,
		Versions: w.versions,
		Notes:    w.notes,
	}
	for _, note := range w.notes {
		logf("%s", note)
	}

	var shs []shell
	exes := map[string]string{}
	for _, name := range shellNames {
		var sh *shell
		for i := range shells {
			if shells[i].name == name {
				sh = &shells[i]
			}
		}
		if sh == nil {
			return fmt.Errorf("unknown shell %q (bash, zsh, fish, pwsh)", name)
		}
		exe, err := exec.LookPath(name)
		if err != nil {
			md.Notes = append(md.Notes, name+": not installed; skipped")
			logf("%s: not installed; skipped", name)
			continue
		}
		shs = append(shs, *sh)
		exes[name] = exe
	}

	res := &result{}
	if straceN > 0 {
		if _, err := exec.LookPath("strace"); err != nil {
			md.Notes = append(md.Notes, "strace: not installed; process counts skipped")
		} else {
			for _, sh := range shs {
				for _, tool := range tools {
					if _, ok := w.tools[tool]; !ok {
						continue
					}
					if _, ok := sh.hooks[tool]; !ok && tool != "bare" {
						continue
					}
					logf("%s+%s under strace: %d Enter, %d cd", sh.name, tool, straceN, straceCDs)
					st := straceShell(w, sh, exes[sh.name], tool, straceN, straceCDs, 2*timeout)
					if st.Error != "" {
						logf("%s+%s under strace: %s", sh.name, tool, st.Error)
					}
					res.Strace = append(res.Strace, st)
				}
			}
		}
	}
	for _, sh := range shs {
		r, err := benchShell(w, sh, exes[sh.name], tools, n, warm, block, timeout, logf)
		if err != nil {
			return err
		}
		for _, note := range r.Notes {
			logf("%s", note)
		}
		md.Notes = append(md.Notes, r.Notes...)
		for tool, k := range r.StrayPrompts {
			if k > 0 {
				note := fmt.Sprintf("%s+%s: %d prompts appeared with nothing typed; some round trips may be too short", sh.name, tool, k)
				logf("%s", note)
				md.Notes = append(md.Notes, note)
			}
		}
		res.Interactive = append(res.Interactive, r)
	}
	if procs {
		res.Processes, err = benchProcs(w, m, warm, logf)
		if err != nil {
			return err
		}
	}

	res.Meta = md
	res.Summary = summarizeAll(res.Interactive, res.Processes)
	table := markdown(res.Summary, res.Interactive, res.Strace, md)
	if len(md.Notes) > 0 {
		table += "\nNotes: " + strings.Join(md.Notes, "; ") + ".\n"
	}
	fmt.Print(table)

	stamp := time.Now().UTC().Format("20060102-150405")
	data, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	jsonFile := filepath.Join(outDir, "prompt-"+stamp+".json")
	if err := os.WriteFile(jsonFile, append(data, '\n'), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(outDir, "prompt-"+stamp+".md"), []byte(table), 0o644); err != nil {
		return err
	}
	logf("raw numbers: %s", jsonFile)
	return nil
}

// moduleRoot finds gohook's module root from the working directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(data, []byte("module github.com/gohook/gohook\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run this inside the gohook module (go run ./bench/prompt)")
		}
		dir = parent
	}
}

func cpuModel() string {
	for _, line := range strings.Split(readFile("/proc/cpuinfo"), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

func readFile(name string) string {
	data, _ := os.ReadFile(name)
	return string(data)
}
