package testscripts

// The transcript a session writes, and how raw pseudo-terminal output becomes
// it. Everything here is a pure function of bytes, tested in
// TestTranscriptClean and friends below.

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// promptRE matches the sentinel prompt every session shell is given. Group 1
// is the exit status the user's prompt saw ("more" for the continuation
// prompt, "boot" for bash's prompt before its rc file is sourced).
var promptRE = regexp.MustCompile(`@@GHP\[([^\]\r\n]*)\]@@ `)

// escapeRE matches terminal control sequences: CSI (colours, cursor moves,
// bracketed paste on/off), OSC (titles, cwd reports) ended by BEL or ST,
// and two-byte escapes such as keypad modes.
var escapeRE = regexp.MustCompile(`\x1b\[[0-?]*[ -/]*[@-~]` + // CSI
	`|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)` + // OSC
	`|\x1b[PX^_][^\x1b]*\x1b\\` + // DCS, SOS, PM, APC
	`|\x1b[()*+][0-9A-Za-z]` + // character sets
	`|\x1b[@-Z\\-_=>78]`) // two-byte escapes

// fishAbandonLineRE matches what fish prints before each prompt to make
// sure it starts on a line of its own: the "omitted newline" mark, spaces to
// the end of the terminal line, a carriage return, the mark again, spaces
// and another carriage return. On a terminal it leaves the mark visible
// only after output that did not end in a newline; here it is dropped, so
// that output reads the same in every shell.
var fishAbandonLineRE = regexp.MustCompile(`(?:⏎|~|\^J) *\r(?:⏎|~|\^J) *\r`)

// clean turns raw terminal output into plain text: it removes escape
// sequences, fish's line-abandoning padding, carriage returns and other
// control characters except newline and tab, and spaces at the ends of lines
// (shells pad lines they repaint).
func clean(raw string) string {
	s := escapeRE.ReplaceAllString(raw, "")
	s = fishAbandonLineRE.ReplaceAllString(s, "")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || r >= ' ' && r != 0x7f {
			return r
		}
		return -1
	}, s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// outputLines is the cleaned output of one step, one element per line. A
// last line without a newline (the prompt followed it directly) counts as
// a line.
func outputLines(raw string) []string {
	s := clean(raw)
	if s == "" {
		return nil
	}
	s = strings.TrimSuffix(s, "\n")
	return strings.Split(s, "\n")
}

// step is one typed line and what came of it.
type step struct {
	input  string
	output []string
	status string // what the next prompt showed
	procs  int    // processes created while handling it; -1 if not counted
}

// transcript formats a session:
//
//	# startup            (only when start-up printed something)
//	...lines printed before the first prompt...
//	$ INPUT
//	...lines it printed...
//	[STATUS]             or [STATUS] procs=K with -strace
func transcript(startup []string, steps []step) string {
	var b strings.Builder
	if len(startup) > 0 {
		b.WriteString("# startup\n")
		for _, l := range startup {
			b.WriteString(l + "\n")
		}
	}
	for _, s := range steps {
		b.WriteString("$ " + s.input + "\n")
		for _, l := range s.output {
			b.WriteString(l + "\n")
		}
		b.WriteString("[" + s.status + "]")
		if s.procs >= 0 {
			fmt.Fprintf(&b, " procs=%d", s.procs)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// straceLineRE parses one line of `strace -f -y -e status=successful` output:
// pid, syscall name, the rest.
var straceLineRE = regexp.MustCompile(`^(\d+) +([a-z0-9_]+)\((.*)$`)

// straceTTYReadRE matches a read from the terminal; group 1 is the data as
// strace quotes it.
var straceTTYReadRE = regexp.MustCompile(`^\d+</dev/(?:pts/\d+|tty[^>]*)>, "((?:[^"\\]|\\.)*)"`)

// An enter is what strace saw after one Enter the shell read.
type enter struct {
	procs int      // processes created
	execs []string // programs executed, as strace quotes their paths
}

// countProcs reads a strace log of a session and returns, for each Enter
// the shell read from its terminal (a read holding \r or \n), how many
// processes were created after it and before the next Enter (after the last
// one: before the log ends), and what they executed. A process is a fork,
// vfork, or clone/clone3 without CLONE_THREAD, made by the shell or anything
// it started. The first execve in the log is the shell's own; its pid is the
// one whose terminal reads count as Enters.
func countProcs(log string) (enters []enter, err error) {
	shellPid := ""
	for _, line := range strings.Split(log, "\n") {
		m := straceLineRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		pid, call, rest := m[1], m[2], m[3]
		switch call {
		case "execve":
			if shellPid == "" {
				shellPid = pid
			} else if len(enters) > 0 {
				prog, _, _ := strings.Cut(rest, ",")
				e := &enters[len(enters)-1]
				e.execs = append(e.execs, prog)
			}
		case "read":
			if pid != shellPid {
				continue
			}
			r := straceTTYReadRE.FindStringSubmatch(rest)
			if r == nil || !hasEnter(r[1]) {
				continue
			}
			enters = append(enters, enter{})
		case "fork", "vfork", "clone", "clone3":
			if strings.Contains(rest, "CLONE_THREAD") {
				continue
			}
			if len(enters) > 0 {
				enters[len(enters)-1].procs++
			}
		}
	}
	if shellPid == "" {
		return nil, fmt.Errorf("strace log has no execve of the shell")
	}
	return enters, nil
}

// hasEnter reports whether s, a string as strace quotes it, holds Enter:
// a carriage return, or the newline it becomes when the terminal translates
// it (zsh reads with ICRNL on). Typed lines hold neither.
func hasEnter(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			if s[i+1] == 'r' || s[i+1] == 'n' {
				return true
			}
			i++
		}
	}
	return false
}

func TestTranscriptClean(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{"plain\r\n", "plain\n"},
		{"\x1b[?2004lGOROOT is unset\r\n", "GOROOT is unset\n"},
		{"\x1b]0;title\x07out\x1b]7;file://host/dir\x1b\\put\n", "output\n"},
		{"\x1b[1;31mred\x1b[0m\x1b[K\n", "red\n"},
		{"\x1b=\x1b>keypad\x1b(B\n", "keypad\n"},
		{"bell\x07 and tab\tkept   \n", "bell and tab\tkept\n"},
		{"no newline", "no newline"},
		// fish, after output with and without a final newline
		{"out\r\n⏎" + strings.Repeat(" ", 999) + "\r⏎ \r\r", "out\n"},
		{"out⏎" + strings.Repeat(" ", 999) + "\r⏎ \r\r", "out"},
		// zsh returns to column 0 before its prompt
		{"partial\r", "partial"},
	} {
		if got := clean(tc.raw); got != tc.want {
			t.Errorf("clean(%q) = %q, want %q", tc.raw, got, tc.want)
		}
	}
}

func TestTranscriptFormat(t *testing.T) {
	got := transcript([]string{"hello from rc"}, []step{
		{input: "showenv GOROOT", output: outputLines("\x1b[?2004lGOROOT is unset\r\n"), status: "0", procs: -1},
		{input: "", output: outputLines(""), status: "0", procs: -1},
		{input: "printf x", output: outputLines("x"), status: "3", procs: 2},
	})
	want := `# startup
hello from rc
$ showenv GOROOT
GOROOT is unset
[0]
$ 
[0]
$ printf x
x
[3] procs=2
`
	if got != want {
		t.Errorf("transcript:\n%s\nwant:\n%s", got, want)
	}
	if got := transcript(nil, nil); got != "" {
		t.Errorf("empty transcript = %q", got)
	}
}

func TestTranscriptPromptRE(t *testing.T) {
	for raw, want := range map[string]string{
		"out\r\n@@GHP[0]@@ ":       "0",
		"\x1b[?2004h@@GHP[127]@@ ": "127",
		"@@GHP[3 err]@@ ":          "3 err",
		"@@GHP[more]@@ ":           "more",
		"@@GHP[1]@@":               "", // not yet complete
	} {
		m := promptRE.FindStringSubmatch(raw)
		got := ""
		if m != nil {
			got = m[1]
		}
		if got != want {
			t.Errorf("prompt in %q: got %q, want %q", raw, got, want)
		}
	}
}

func TestTranscriptCountProcs(t *testing.T) {
	log := `100 execve("/usr/bin/bash", ["bash", "--norc"], 0x7ffc /* 30 vars */) = 0
100 read(0</dev/pts/4>, "s", 1) = 1
100 read(0</dev/pts/4>, "\r", 1) = 1
100 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 101
101 execve("/tmp/bin/status", ["status", "3"], 0x55 /* 30 vars */) = 0
101 clone(child_stack=0xc0000, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM) = 102
101 read(3</tmp/x>, "a\r", 4) = 2
100 read(0</dev/pts/4>, "\r", 1) = 1
100 read(0</dev/pts/4>, "e", 1) = 1
100 read(0</dev/pts/4>, "\\r\\n", 4) = 4
100 read(11</dev/pts/4>, "\n", 1) = 1
100 read(0</dev/pts/4>, "exit\r", 8) = 5
100 clone3({flags=CLONE_VM|CLONE_VFORK, exit_signal=SIGCHLD, stack=0x7f, stack_size=0x9000}, 88) = 103
100 vfork() = 104
`
	got, err := countProcs(log)
	if err != nil {
		t.Fatal(err)
	}
	want := []enter{{1, []string{`"/tmp/bin/status"`}}, {0, nil}, {0, nil}, {2, nil}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("countProcs = %v, want %v", got, want)
	}
	if _, err := countProcs(""); err == nil {
		t.Errorf("countProcs of an empty log: no error")
	}
}

// quoteLines is used in failure messages: raw output, one quoted line each.
func quoteLines(raw string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(raw, "\n") {
		if l != "" {
			b.WriteString("\t" + strconv.Quote(l) + "\n")
		}
	}
	return b.String()
}

func TestFishKeys(t *testing.T) {
	for in, want := range map[string]string{
		"status 3":                     "command status 3",
		"cd proj; status 4":            "cd proj; command status 4",
		"true && status 1 || status 2": "true && command status 1 || command status 2",
		"not status 0":                 "not command status 0",
		"status is-interactive":        "status is-interactive",
		"echo status 3":                "echo status 3",
		"showenv status":               "showenv status",
	} {
		if got := fishKeys(in); got != want {
			t.Errorf("fishKeys(%q) = %q, want %q", in, got, want)
		}
	}
}
