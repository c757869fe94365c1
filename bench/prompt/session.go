package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// sentinel is what every benchmark shell prints as its whole prompt. Nothing
// typed ever contains it, so seeing it means the shell is ready again.
const sentinel = "@@GHB@@ "

// debug (GHB_DEBUG=1) logs everything the shells print, with timestamps.
var debug = os.Getenv("GHB_DEBUG") != ""

// session is one interactive shell in a pseudo-terminal.
//
// Reads go straight to the master's file descriptor in blocking mode (no Go
// poller, no goroutine hand-off): the time from writing a line to seeing the
// next prompt is then the shell's cost plus two tty hops, nothing else.
type session struct {
	name string
	cmd  *exec.Cmd
	f    *os.File // the pty master; kept so its finalizer never closes fd
	fd   int
	buf  []byte // bytes read but not yet consumed
	tmp  []byte
	// extra counts prompts that arrived although nothing was typed (a
	// repaint): each would make a later round trip look too short.
	extra int

	opStart atomic.Int64 // unix nanos of the pending wait, 0 when idle
	timeout time.Duration
	killed  atomic.Bool
	done    chan struct{}
}

// startSession starts argv in dir with env in a new pty and waits for its
// first prompt. Each input line in setup is typed and its prompt awaited
// before the session is returned (bash has no rc file but what it's told to
// source).
func startSession(name string, argv, env []string, dir string, timeout time.Duration, setup ...string) (*session, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = env
	cmd.Dir = dir
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 400})
	if err != nil {
		return nil, fmt.Errorf("%s: start %v: %w", name, argv, err)
	}
	s := &session{
		name: name, cmd: cmd, f: f,
		fd:      int(f.Fd()), // Fd puts the descriptor in blocking mode
		tmp:     make([]byte, 64<<10),
		timeout: timeout,
		done:    make(chan struct{}),
	}
	go s.watchdog()
	// bash --norc shows its default prompt first; the others show ours.
	if len(setup) == 0 {
		if err := s.waitPrompt(); err != nil {
			s.close()
			return nil, err
		}
	}
	for _, line := range setup {
		if _, err := s.roundTrip(line + "\r"); err != nil {
			s.close()
			return nil, err
		}
	}
	// Settle: Enter twice more, so start-up output and first-prompt hooks
	// are behind us.
	for range 2 {
		if _, err := s.roundTrip("\r"); err != nil {
			s.close()
			return nil, err
		}
	}
	return s, nil
}

// watchdog kills the shell when a wait takes longer than the timeout, which
// makes the blocked read return (EIO) instead of hanging the benchmark.
func (s *session) watchdog() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-s.done:
			return
		case <-t.C:
			start := s.opStart.Load()
			if start != 0 && time.Since(time.Unix(0, start)) > s.timeout {
				s.killed.Store(true)
				_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
				return
			}
		}
	}
}

// drain consumes output that is already waiting without blocking (for
// example the escape sequences zsh writes after its prompt), counting any
// stray prompt in it.
func (s *session) drain() error {
	for {
		fds := []unix.PollFd{{Fd: int32(s.fd), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		if n == 0 || fds[0].Revents&unix.POLLIN == 0 {
			break
		}
		if err := s.read(); err != nil {
			return err
		}
	}
	s.extra += bytes.Count(s.buf, []byte(sentinel))
	s.buf = s.buf[:0]
	return nil
}

func (s *session) read() error {
	for {
		n, err := unix.Read(s.fd, s.tmp)
		if err == unix.EINTR {
			continue
		}
		if n > 0 {
			if debug {
				fmt.Fprintf(os.Stderr, "%s %s: %q\n", time.Now().Format("15:04:05.000000"), s.name, s.tmp[:n])
			}
			s.buf = append(s.buf, s.tmp[:n]...)
			return nil
		}
		if err == nil || errors.Is(err, unix.EIO) {
			err = errors.New("shell exited")
		}
		if s.killed.Load() {
			err = fmt.Errorf("no prompt within %v", s.timeout)
		}
		return err
	}
}

// waitPrompt reads until the next sentinel.
func (s *session) waitPrompt() error {
	_, err := s.until(false)
	return err
}

// until reads until the next sentinel and returns what came before it. With
// afterNewline, only a sentinel after the first newline counts: the shell
// prints that newline when it reads Enter, and before it fish repaints the
// edited line, prompt and all, for every chunk of input.
func (s *session) until(afterNewline bool) ([]byte, error) {
	s.opStart.Store(time.Now().UnixNano())
	defer s.opStart.Store(0)
	from, start := 0, 0
	for {
		if afterNewline {
			if i := bytes.IndexByte(s.buf[from:], '\n'); i >= 0 {
				afterNewline = false
				from += i + 1
				start = from
			} else {
				from = len(s.buf)
			}
		}
		if !afterNewline {
			if i := bytes.Index(s.buf[from:], []byte(sentinel)); i >= 0 {
				i += from
				out := bytes.Clone(s.buf[start:i])
				s.buf = append(s.buf[:0], s.buf[i+len(sentinel):]...)
				return out, nil
			}
			from = max(start, len(s.buf)-len(sentinel)+1)
		}
		if err := s.read(); err != nil {
			return nil, fmt.Errorf("%s: %w; last output: %q", s.name, err, tail(s.buf, 400))
		}
	}
}

// roundTrip types input (a line ending in Enter, "\r") and returns the time
// until the next prompt.
func (s *session) roundTrip(input string) (time.Duration, error) {
	if err := s.drain(); err != nil {
		return 0, fmt.Errorf("%s: %w", s.name, err)
	}
	in := []byte(input)
	t0 := time.Now()
	if _, err := unix.Write(s.fd, in); err != nil {
		return 0, fmt.Errorf("%s: write: %w", s.name, err)
	}
	if _, err := s.until(true); err != nil {
		return 0, err
	}
	d := time.Since(t0)
	runtime.KeepAlive(s.f)
	return d, nil
}

// run types line and returns what the shell printed before the next prompt.
func (s *session) run(line string) (string, error) {
	if err := s.drain(); err != nil {
		return "", fmt.Errorf("%s: %w", s.name, err)
	}
	if _, err := unix.Write(s.fd, []byte(line+"\r")); err != nil {
		return "", fmt.Errorf("%s: write: %w", s.name, err)
	}
	out, err := s.until(true)
	return string(out), err
}

// close ends the shell: `exit`, then SIGKILL to its process group if it
// does not go within a few seconds.
func (s *session) close() {
	if s.cmd.ProcessState == nil {
		_, _ = unix.Write(s.fd, []byte("exit\r"))
		exited := make(chan struct{})
		go func() { _ = s.cmd.Wait(); close(exited) }()
		// Keep reading so the shell never blocks on a full tty; the read
		// fails (EIO) once nothing holds the terminal any more.
		drained := make(chan struct{})
		go func() {
			defer close(drained)
			buf := make([]byte, 4096)
			for {
				if _, err := unix.Read(s.fd, buf); err != nil && err != unix.EINTR {
					return
				}
			}
		}()
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
		}
		// Also whatever the shell left behind in its process group.
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		<-exited
		select {
		case <-drained:
		case <-time.After(2 * time.Second):
		}
	}
	select {
	case <-s.done:
	default:
		close(s.done)
	}
	_ = s.f.Close()
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}
