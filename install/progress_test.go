package install

import (
	"strings"
	"testing"
	"time"
)

// On a terminal the bar shows size, speed and ETA, redrawn in place; it
// is computed from a fake clock here, so the test does not depend on time.
func TestProgressBar(t *testing.T) {
	var out strings.Builder
	clock := time.Unix(1000, 0)
	p := newProgress(&out, true, "go1.23.4", "proxy.golang.org", 4<<20)
	p.now = func() time.Time { return clock }
	p.start = clock

	clock = clock.Add(2 * time.Second)
	p.Write(make([]byte, 1<<20))
	want := "\r\033[Kgo1.23.4 [======                  ] 1.0 MiB / 4.0 MiB  512.0 KiB/s  ETA 6s"
	if out.String() != want {
		t.Errorf("bar = %q\nwant  %q", out.String(), want)
	}

	out.Reset()
	p.Write(make([]byte, 1<<20)) // same instant: not redrawn
	if out.Len() != 0 {
		t.Errorf("redrawn within 100ms: %q", out.String())
	}

	clock = clock.Add(2 * time.Second)
	p.Write(make([]byte, 2<<20))
	p.done()
	if !strings.HasSuffix(out.String(), "\r\033[Kdownloaded 4.0 MiB in 4s\n") {
		t.Errorf("end = %q", out.String())
	}
}

// Elsewhere (logs, CI) there is no bar: one line at the start, one at the end.
func TestProgressPlain(t *testing.T) {
	var out strings.Builder
	p := newProgress(&out, false, "go1.23.4", "proxy.golang.org", 72845395)
	p.Write(make([]byte, 1000))
	p.done()
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "downloading go1.23.4 for ") ||
		!strings.HasSuffix(lines[0], " from proxy.golang.org (69.5 MiB)") || !strings.HasPrefix(lines[1], "downloaded 1000 B in ") {
		t.Errorf("plain progress = %q", out.String())
	}
	if strings.ContainsAny(out.String(), "\r\033") {
		t.Errorf("plain progress has terminal controls: %q", out.String())
	}
}
