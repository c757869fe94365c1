package testscripts

// The script command
//
//	session [-strace] [-noinit] [-rc FILE] INPUTFILE
//
// starts the shell of this run ($GOHOOK_SHELL) interactively in a
// pseudo-terminal, sources FILE (rc lines for that shell, e.g. `set -u`)
// and then gohook's init line, types each line of INPUTFILE, waiting for the
// next prompt every time, and finally types `exit`. Its stdout is a
// transcript that scenarios check with cmp, cmpenv or stdout:
//
//	# startup              only if start-up (rc, init, first prompt's hook) printed
//	hello from the rc file
//	$ showenv GOROOT       each typed line, after "$ "
//	GOROOT is unset        what it printed, stdout and stderr merged (a tty)
//	[0]                    the exit status the next prompt saw
//	$ status 3
//	[3]
//	$                      an empty line: just Enter, one more prompt
//	[3]
//
// The status is what the user's own prompt sees after gohook's hook ran:
// bash and zsh $?, fish $status. For pwsh it is $LASTEXITCODE ("-" while it
// is $null), followed by " ok" or " err" only when $? disagrees with it
// ($? false with status 0 or -, or true with a non-zero status): `[1]` after a
// failing program, `[0 err]` after a failing cmdlet, `[- err]` if no program
// has run yet.
//
// Output is cleaned: terminal escape sequences, carriage returns, other
// control characters, spaces at line ends, the shell's echo of the typed line
// and fish's "⏎" padding before a prompt are removed. Output without a final
// newline still makes a line of its own.
//
// With -strace the shell runs under strace, and each status line gets the
// number of processes created (forks and clones, not threads, by the shell or
// anything it ran) from pressing Enter on that line until Enter on the next,
// so it includes the hook at the following prompt: `[0] procs=0` is a line
// and a prompt that spawned nothing. The test log then lists the programs
// each line ran. If strace cannot trace here, the scenario is skipped and
// says so.
//
// -noinit (or GOHOOK_TEST_NOINIT=1 in the environment) leaves out gohook's
// init line: for scenarios about the harness itself. Without it the command
// first checks that `gohook init <shell>` works and fails clearly if not.
//
// Writing a scenario: a few comment lines saying what it shows, the commands,
// then the files. Type only what every shell understands (showenv, status,
// writefile, mkgoroot, cd, plain programs), or restrict the scenario with
// `[!shell:zsh] skip 'why'`, or give per-shell rc files as -rc rc/$GOHOOK_SHELL.
//
//	# Leaving a project restores GOROOT.
//
//	mkgoroot home/sdk/go1.22.3 go1.22.3
//	session keys
//	cmpenv stdout want
//
//	-- keys --
//	cd proj
//	showenv GOROOT
//	cd ..
//	showenv GOROOT
//	-- want --
//	$ cd proj
//	[0]
//	$ showenv GOROOT
//	GOROOT=$WORK/home/sdk/go1.22.3
//	...
//
// In fish, `status N` is typed as `command status N` (fish's own status
// builtin cannot be shadowed); the transcript shows the line as written. A
// line may hold a tab (completion), no other control character.
//
// How the shells start: bash --norc --noprofile -i with a bare sentinel
// prompt; its first typed line (not in the transcript; its output counts as
// start-up) sources a generated file with FILE, the init line and the
// sentinel prompt. zsh -d -i with ZDOTDIR holding a generated .zshrc that does
// the same (so `exec zsh` reloads it). fish --no-config --private -i -C with a
// generated file. pwsh -NoLogo -NoProfile -NoExit -Command with a generated
// file that defines the sentinel prompt before FILE and the init line, so
// gohook's hook wraps it as it would the user's prompt; the other shells set
// the prompt after them, in case FILE sets its own. The shell runs in the
// script's current directory with the script's environment.
//
// The session synchronises on prompts only, never on time: after typing a
// line it waits for the shell's echo and the newline Enter prints, checks
// that the echo is the line (fish keeps an unfinished line in its editor
// with no continuation prompt; the next line then shows up appended to it),
// then waits for the sentinel prompt @@GHP[status]@@. Each wait fails after
// 20 s (GOHOOK_TEST_TIMEOUT, a Go duration, changes that) with the transcript
// so far and the raw terminal output in the log; a continuation prompt or
// the shell exiting early fails at once.

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/creack/pty"
	"github.com/rogpeppe/go-internal/testscript"
)

const defaultTimeout = 20 * time.Second

// maxLine is the longest line a session types: the terminal is 1000 columns
// wide, so that no line wraps.
const maxLine = 900

// testingTKey is the key of the scenario's testscript.T in its Values, so
// that a command can skip the scenario.
type testingTKey struct{}

func cmdSession(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! session (a session either runs every line or fails)")
	}
	flags := flag.NewFlagSet("session", flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	useStrace := flags.Bool("strace", false, "count the processes each line creates")
	noInit := flags.Bool("noinit", false, "do not source gohook's init line")
	rc := flags.String("rc", "", "file of rc lines to source before the init line")
	if err := flags.Parse(args); err != nil || flags.NArg() != 1 {
		ts.Fatalf("usage: session [-strace] [-noinit] [-rc FILE] INPUTFILE")
	}
	name := ts.Getenv("GOHOOK_SHELL")
	sh, ok := shellsByName[name]
	if !ok {
		ts.Fatalf("session: GOHOOK_SHELL=%q is not a shell the tests know", name)
	}
	input := ts.ReadFile(flags.Arg(0))
	lines := strings.Split(strings.TrimSuffix(input, "\n"), "\n")
	if input == "" {
		lines = nil
	}
	for i, l := range lines {
		if len(l) > maxLine {
			ts.Fatalf("session: %s:%d: lines longer than %d bytes cannot be typed", flags.Arg(0), i+1, maxLine)
		}
		// Tab is allowed: it asks for completion.
		if strings.ContainsFunc(l, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }) {
			ts.Fatalf("session: %s:%d: control characters cannot be typed: %q", flags.Arg(0), i+1, l)
		}
	}
	rcFile := ""
	if *rc != "" {
		rcFile = ts.MkAbs(*rc)
		if _, err := os.Stat(rcFile); err != nil {
			ts.Fatalf("session: %v", err)
		}
	}
	init := !*noInit && ts.Getenv("GOHOOK_TEST_NOINIT") == ""
	if init {
		cmd := exec.Command(gohookBin, "init", name)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			ts.Fatalf("session: `gohook init %s` does not work (%v), so no hook can be installed:\n%s"+
				"(session -noinit, or GOHOOK_TEST_NOINIT=1, runs sessions without it)",
				name, err, stderr.String())
		}
	}
	if *useStrace {
		if err := exec.Command("strace", "-f", "-o", os.DevNull, "true").Run(); err != nil {
			ts.Value(testingTKey{}).(testscript.T).Skip(fmt.Sprintf(
				"session -strace: strace cannot trace here (%v), so this scenario did not run", err))
		}
	}

	dir, err := os.MkdirTemp(ts.Getenv("TMPDIR"), "session-"+name)
	ts.Check(err)
	env := scriptEnv(ts, dir)

	s := &session{
		sh:      sh,
		dir:     dir,
		rc:      rcFile,
		init:    init,
		strace:  *useStrace,
		env:     env,
		cwd:     ts.MkAbs("."),
		timeout: timeout(ts),
		logRaw:  os.Getenv("GOHOOK_TEST_RAW") != "",
	}
	out, err := s.run(lines)
	if s.logRaw || err != nil {
		ts.Logf("raw terminal output of the %s session:\n%s", name, quoteLines(s.raw()))
	}
	if s.execs != "" {
		ts.Logf("programs the session ran (strace):\n%s", s.execs)
	}
	fmt.Fprint(ts.Stdout(), out)
	if err != nil {
		ts.Fatalf("session in %s: %v\n(the transcript so far is the [stdout] above)", name, err)
	}
}

func timeout(ts *testscript.TestScript) time.Duration {
	if v := os.Getenv("GOHOOK_TEST_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			ts.Fatalf("GOHOOK_TEST_TIMEOUT: %v", err)
		}
		return d
	}
	return defaultTimeout
}

// scriptEnv returns the environment the script gives the commands it runs.
// testscript shows it only to processes, so a helper process writes it out.
func scriptEnv(ts *testscript.TestScript, dir string) []string {
	file := filepath.Join(dir, "env")
	if err := ts.Exec("envdump", file); err != nil {
		ts.Fatalf("session: cannot read the script's environment: %v", err)
	}
	data, err := os.ReadFile(file)
	ts.Check(err)
	return strings.Split(strings.TrimSuffix(string(data), "\x00"), "\x00")
}

// A shell describes how to start one shell interactively with the sentinel
// prompt, the rc file and gohook's init line.
type shell struct {
	name string
	// keys, if not nil, rewrites a line before it is typed; the transcript
	// shows the line as written.
	keys func(line string) string
	// start writes the start-up files into dir and returns the command
	// line, extra environment, and a line to type at the first prompt
	// before anything else ("" if none).
	start func(dir, rc string, init bool) (argv, env []string, boot string, err error)
}

var shellsByName = map[string]shell{
	"bash": {name: "bash", start: startBash},
	"zsh":  {name: "zsh", start: startZsh},
	"fish": {name: "fish", start: startFish, keys: fishKeys},
	"pwsh": {name: "pwsh", start: startPwsh},
}

// bash: no rc files at all (--norc also skips /etc/bash.bashrc); the first
// prompt is a bare sentinel set through the environment, and the first typed
// line sources the boot file, whose output counts as start-up output.
func startBash(dir, rc string, init bool) (argv, env []string, boot string, err error) {
	var b strings.Builder
	b.WriteString("# Written by the gohook tests' session command.\n")
	b.WriteString("unset HISTFILE INPUTRC\n")
	b.WriteString("export -n PS1\n")
	if rc != "" {
		fmt.Fprintf(&b, ". %s\n", shQuote(rc))
	}
	if init {
		b.WriteString(`eval "$(gohook init bash)"` + "\n")
	}
	b.WriteString("PS1='@@GHP[$?]@@ '\n")
	b.WriteString("PS2='@@GHP[more]@@ '\n")
	bootFile := filepath.Join(dir, "boot.bash")
	inputrc := filepath.Join(dir, "inputrc")
	if err := os.WriteFile(bootFile, []byte(b.String()), 0o666); err != nil {
		return nil, nil, "", err
	}
	if err := os.WriteFile(inputrc, []byte("set enable-bracketed-paste off\nset bell-style none\n"), 0o666); err != nil {
		return nil, nil, "", err
	}
	argv = []string{"bash", "--norc", "--noprofile", "-i"}
	env = []string{"PS1=@@GHP[boot]@@ ", "INPUTRC=" + inputrc}
	return argv, env, ". " + shQuote(bootFile), nil
}

// zsh: -d skips /etc/zsh/*; ZDOTDIR holds the only rc file it reads.
func startZsh(dir, rc string, init bool) (argv, env []string, boot string, err error) {
	var b strings.Builder
	b.WriteString("# Written by the gohook tests' session command.\n")
	b.WriteString("unsetopt PROMPT_SP\n")
	b.WriteString("PS1='@@GHP[%?]@@ '\n")
	b.WriteString("PS2='@@GHP[more]@@ '\n")
	if rc != "" {
		fmt.Fprintf(&b, "source %s\n", shQuote(rc))
	}
	if init {
		b.WriteString(`eval "$(gohook init zsh)"` + "\n")
	}
	// Again, in case the rc file set its own prompt.
	b.WriteString("PS1='@@GHP[%?]@@ '\n")
	b.WriteString("PS2='@@GHP[more]@@ '\n")
	if err := os.WriteFile(filepath.Join(dir, ".zshrc"), []byte(b.String()), 0o666); err != nil {
		return nil, nil, "", err
	}
	return []string{"zsh", "-d", "-i"}, []string{"ZDOTDIR=" + dir}, "", nil
}

// fish: --no-config reads no config file, --private keeps no history; the
// boot file runs as the init command.
func startFish(dir, rc string, init bool) (argv, env []string, boot string, err error) {
	const prompt = "function fish_prompt; printf '@@GHP[%s]@@ ' $status; end\n"
	var b strings.Builder
	b.WriteString("# Written by the gohook tests' session command.\n")
	b.WriteString("function fish_greeting; end\n")
	b.WriteString("function fish_title; end\n")
	b.WriteString("function fish_right_prompt; end\n")
	b.WriteString("function fish_mode_prompt; end\n")
	b.WriteString(prompt)
	if rc != "" {
		fmt.Fprintf(&b, "source %s\n", fishQuote(rc))
	}
	if init {
		b.WriteString("gohook init fish | source\n")
	}
	// Again, in case the rc file set its own prompt.
	b.WriteString(prompt)
	bootFile := filepath.Join(dir, "boot.fish")
	if err := os.WriteFile(bootFile, []byte(b.String()), 0o666); err != nil {
		return nil, nil, "", err
	}
	argv = []string{"fish", "--no-config", "--private", "-i", "-C", "source " + fishQuote(bootFile)}
	return argv, nil, "", nil
}

// pwsh: the sentinel prompt is defined before the rc file and the init line,
// so that gohook's hook wraps it as it would wrap the user's prompt.
// (Not run here: pwsh is not installed on the machines this was written on.)
func startPwsh(dir, rc string, init bool) (argv, env []string, boot string, err error) {
	var b strings.Builder
	b.WriteString(`# Written by the gohook tests' session command.
try { $PSStyle.OutputRendering = 'PlainText' } catch {}
# A fresh pwsh has no $LASTEXITCODE; start at 0 so that a transcript's
# first status reads like the other shells' (a cd sets none in pwsh).
$global:LASTEXITCODE = 0
try { Set-PSReadLineOption -HistorySaveStyle SaveNothing -ContinuationPrompt '@@GHP[more]@@ ' } catch {}
function global:prompt {
    $ok = $global:?   # first, before any statement changes it
    $code = $global:LASTEXITCODE
    $n = if ($null -eq $code) { '-' } else { "$code" }
    $agree = if ($ok) { $null -eq $code -or $code -eq 0 } else { $null -ne $code -and $code -ne 0 }
    if ($agree) { "@@GHP[$n]@@ " } elseif ($ok) { "@@GHP[$n ok]@@ " } else { "@@GHP[$n err]@@ " }
}
`)
	if rc != "" {
		fmt.Fprintf(&b, ". %s\n", pwshQuote(rc))
	}
	if init {
		b.WriteString("Invoke-Expression (& gohook init pwsh | Out-String)\n")
	}
	bootFile := filepath.Join(dir, "boot.ps1")
	if err := os.WriteFile(bootFile, []byte(b.String()), 0o666); err != nil {
		return nil, nil, "", err
	}
	argv = []string{"pwsh", "-NoLogo", "-NoProfile", "-NoExit", "-Command", ". " + pwshQuote(bootFile)}
	env = []string{"POWERSHELL_TELEMETRY_OPTOUT=1", "POWERSHELL_UPDATECHECK=Off"}
	return argv, env, "", nil
}

// fishStatusRE matches a call of the status helper: "status" in command
// position followed by a number, which fish's own status builtin never takes.
var fishStatusRE = regexp.MustCompile(`(^|[;&|(]|\b(?:and|or|not|begin|then|else|time)\s)(\s*)status(\s+-?[0-9])`)

// fishKeys makes the status helper reachable in fish, whose builtin of the
// same name cannot be shadowed: `status 3` is typed as `command status 3`.
func fishKeys(line string) string {
	return fishStatusRE.ReplaceAllString(line, "${1}${2}command status${3}")
}

func fishQuote(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return "'" + strings.ReplaceAll(s, "'", `\'`) + "'"
}

// pwshQuote single-quotes s for PowerShell, which also ends single-quoted
// strings at the typographic quotes U+2018–U+201B.
func pwshQuote(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		if r == '\'' || r >= '\u2018' && r <= '\u201b' {
			b.WriteRune(r)
		}
		b.WriteRune(r)
	}
	b.WriteByte('\'')
	return b.String()
}

// A session is one interactive shell in a pseudo-terminal.
type session struct {
	sh      shell
	dir     string // private files: boot file, strace log
	rc      string
	init    bool
	strace  bool
	env     []string
	cwd     string
	timeout time.Duration
	logRaw  bool

	term  *term
	execs string // with strace: which lines ran which programs
}

var errExited = errors.New("the shell exited")

// run types lines into the shell and returns the transcript, complete or,
// with an error, as far as it got.
func (s *session) run(lines []string) (string, error) {
	argv, extraEnv, boot, err := s.sh.start(s.dir, s.rc, s.init)
	if err != nil {
		return "", err
	}
	straceLog := filepath.Join(s.dir, "strace.log")
	if s.strace {
		// -s: long enough for a whole typed line, which fish reads at once.
		argv = append([]string{"strace", "-f", "-qq", "-y", "-s", "4096",
			"-e", "trace=execve,clone,clone3,fork,vfork,read",
			"-e", "status=successful",
			"-o", straceLog, "--"}, argv...)
	}
	path, err := lookPath(argv[0], s.env)
	if err != nil {
		return "", err
	}
	cmd := exec.Command(path, argv[1:]...)
	cmd.Env = append(s.env, extraEnv...) // s.env has PWD
	cmd.Dir = s.cwd
	// Wide enough that no typed line or output wraps.
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 1000})
	if err != nil {
		return "", fmt.Errorf("starting %s: %v", strings.Join(argv, " "), err)
	}
	t := newTerm(ptmx)
	s.term = t
	exited := make(chan struct{}) // closed when the shell has exited
	go func() {
		cmd.Wait()
		close(exited)
	}()
	defer func() {
		// Whatever happened, leave nothing running. A shell still running
		// here has failed the test already.
		select {
		case <-exited:
		default:
			killAll(cmd)
			<-exited
		}
		ptmx.Close()
		t.wait()
	}()

	var startup []string
	var steps []step
	fail := func(err error) (string, error) {
		if errors.Is(err, errExited) {
			select {
			case <-exited:
				err = fmt.Errorf("%v (%v)", err, cmd.ProcessState)
			case <-time.After(s.timeout):
			}
		}
		return transcript(startup, steps), err
	}

	// Start-up: everything before the first prompt, and for bash what
	// sourcing the boot file prints.
	p, err := t.waitPrompt(0, s.timeout)
	if err != nil {
		return fail(fmt.Errorf("waiting for the first prompt: %v", err))
	}
	startup = outputLines(t.text(0, p.start))
	if boot != "" {
		out, q, err := s.typeLine(boot, p)
		if err != nil {
			return fail(fmt.Errorf("sourcing the start-up files: %v", err))
		}
		startup = append(startup, out...)
		p = q
	}

	for i, line := range lines {
		out, q, err := s.typeLine(line, p)
		status := q.status
		if err != nil && status != "more" {
			status = "?" // no prompt came
		}
		steps = append(steps, step{input: line, output: out, status: status, procs: -1})
		if err != nil {
			return fail(fmt.Errorf("line %d, %q: %v", i+1, line, err))
		}
		p = q
	}

	// The shell may exit before its echo of `exit` reaches us (Linux drops
	// what a closing terminal had not yet passed on), so only the exit
	// itself is waited for; the echo explains a shell that did not exit.
	if _, err := t.write("exit\r"); err != nil {
		return fail(err)
	}
	select {
	case <-exited:
	case <-time.After(s.timeout):
		why := ""
		if _, err := s.checkEcho("exit", p); err != nil {
			why = ": " + err.Error()
		}
		return fail(fmt.Errorf("the shell did not exit %v after `exit`%s", s.timeout, why))
	}

	if s.strace {
		data, err := os.ReadFile(straceLog)
		if err != nil {
			return fail(err)
		}
		counts, err := countProcs(string(data))
		if err != nil {
			return fail(err)
		}
		// Enters: the boot line (bash), every line, then exit.
		first, what := 0, ""
		if boot != "" {
			first, what = 1, "the boot line, "
		}
		if len(counts) != first+len(lines)+1 {
			return fail(fmt.Errorf("strace saw %d Enters from the terminal, want %d (%s%d lines, exit); log in %s",
				len(counts), first+len(lines)+1, what, len(lines), straceLog))
		}
		var execs strings.Builder
		for i := range steps {
			e := counts[first+i]
			steps[i].procs = e.procs
			if len(e.execs) > 0 {
				fmt.Fprintf(&execs, "\tline %d, %q: %s\n", i+1, steps[i].input, strings.Join(e.execs, " "))
			}
		}
		s.execs = execs.String()
	}
	return transcript(startup, steps), nil
}

// typeLine types line and Enter at prompt p and waits for the next prompt.
// It returns the cleaned output and that prompt.
func (s *session) typeLine(line string, p prompt) ([]string, prompt, error) {
	t := s.term
	nl, err := s.enter(line, p)
	if err != nil {
		return outputLines(t.text(p.end, t.len())), p, err
	}
	q, err := t.waitPrompt(nl, s.timeout)
	if err != nil {
		return outputLines(t.text(nl, t.len())), p, fmt.Errorf("waiting for the prompt: %v", err)
	}
	out := outputLines(t.text(nl, q.start))
	if q.status == "more" {
		return out, q, fmt.Errorf("the shell wants more input (continuation prompt): an unfinished line")
	}
	return out, q, nil
}

// enter types line and Enter at prompt p and returns the offset after the
// shell's echo of it.
func (s *session) enter(line string, p prompt) (int, error) {
	if _, err := s.term.write(s.keys(line) + "\r"); err != nil {
		return 0, err
	}
	return s.checkEcho(line, p)
}

func (s *session) keys(line string) string {
	if s.sh.keys != nil {
		return s.sh.keys(line)
	}
	return line
}

// checkEcho waits for the shell's echo of line, typed at prompt p. The shell
// echoes the line (fish repaints it, prompt and all) and prints a newline
// when it reads Enter; only then does the command run. checkEcho returns
// the offset after that newline, once it has checked that the echo was the
// line itself and not the line appended to input the shell still held (an
// unfinished line before it, which fish keeps editing without a
// continuation prompt).
func (s *session) checkEcho(line string, p prompt) (int, error) {
	t := s.term
	keys := s.keys(line)
	nl, err := t.waitNewline(p.end, s.timeout)
	if err != nil {
		return 0, fmt.Errorf("waiting for the shell to read the line: %v", err)
	}
	echo := clean(t.text(p.end, nl))
	if m := promptRE.FindAllStringIndex(echo, -1); m != nil {
		echo = echo[m[len(m)-1][1]:] // the last repaint
	}
	echo = strings.TrimSpace(echo)
	if !strings.Contains(keys, "\t") && echo != strings.TrimSpace(keys) {
		return 0, fmt.Errorf("the shell echoed %q for this line: it still held earlier input (was the line before unfinished?)", echo)
	}
	return nl, nil
}

func (s *session) raw() string {
	if s.term == nil {
		return ""
	}
	return s.term.text(0, s.term.len())
}

// lookPath finds a program in the PATH of env.
func lookPath(prog string, env []string) (string, error) {
	path := ""
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "PATH="); ok {
			path = v
		}
	}
	for _, dir := range filepath.SplitList(path) {
		f := filepath.Join(dir, prog)
		if fi, err := os.Stat(f); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return f, nil
		}
	}
	return "", fmt.Errorf("%s not found in the script's PATH %s", prog, path)
}

// A prompt is one sentinel prompt in the output.
type prompt struct {
	start, end int // byte offsets in the raw output
	status     string
}

// term collects everything the shell writes to its terminal.
type term struct {
	f       *os.File
	mu      sync.Mutex
	buf     []byte
	readErr error // set when reading stopped
	changed chan struct{}
	done    chan struct{}
}

func newTerm(f *os.File) *term {
	t := &term{f: f, changed: make(chan struct{}, 1), done: make(chan struct{})}
	go t.read()
	return t
}

func (t *term) read() {
	defer close(t.done)
	b := make([]byte, 4096)
	for {
		n, err := t.f.Read(b)
		t.mu.Lock()
		t.buf = append(t.buf, b[:n]...)
		if err != nil {
			t.readErr = err
		}
		t.mu.Unlock()
		select {
		case t.changed <- struct{}{}:
		default:
		}
		if err != nil {
			return
		}
	}
}

func (t *term) wait() { <-t.done }

func (t *term) write(s string) (int, error) { return t.f.Write([]byte(s)) }

func (t *term) len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.buf)
}

func (t *term) text(from, to int) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf[from:to])
}

// waitFor waits until find, called with the output from offset from on,
// reports a match (>= 0), and returns it.
func (t *term) waitFor(from int, timeout time.Duration, find func([]byte) int) (int, error) {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		t.mu.Lock()
		i := find(t.buf[from:])
		readErr := t.readErr
		t.mu.Unlock()
		if i >= 0 {
			return from + i, nil
		}
		if readErr != nil {
			return 0, errExited
		}
		select {
		case <-t.changed:
		case <-timer.C:
			return 0, fmt.Errorf("timed out after %v", timeout)
		}
	}
}

func (t *term) waitNewline(from int, timeout time.Duration) (int, error) {
	i, err := t.waitFor(from, timeout, func(b []byte) int { return bytes.IndexByte(b, '\n') })
	return i + 1, err
}

func (t *term) waitPrompt(from int, timeout time.Duration) (prompt, error) {
	var m []int
	i, err := t.waitFor(from, timeout, func(b []byte) int {
		m = promptRE.FindSubmatchIndex(b)
		if m == nil {
			return -1
		}
		return m[0]
	})
	if err != nil {
		return prompt{}, err
	}
	return prompt{
		start:  i,
		end:    from + m[1],
		status: t.text(from+m[2], from+m[3]),
	}, nil
}
