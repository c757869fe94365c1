package install

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// A progress reports a download: on a terminal, a bar redrawn in place with
// size, speed and ETA; elsewhere, one line when it starts and one when it
// ends, so logs stay readable.
type progress struct {
	w        io.Writer // nil: report nothing
	terminal bool
	label    string // "go1.23.4"
	total    int64  // -1 when unknown
	n        int64
	start    time.Time
	drawn    time.Time
	now      func() time.Time
}

func newProgress(w io.Writer, terminal bool, label, from string, total int64) *progress {
	p := &progress{w: w, terminal: terminal, label: label, total: total, now: time.Now}
	p.start = p.now()
	if w != nil && !terminal {
		size := ""
		if total >= 0 {
			size = " (" + formatBytes(total) + ")"
		}
		fmt.Fprintf(w, "downloading %s for %s from %s%s\n", label, strings.Replace(platform(), "-", "/", 1), from, size)
	}
	return p
}

// Write counts bytes as they are written to the download file.
func (p *progress) Write(b []byte) (int, error) {
	p.n += int64(len(b))
	if p.w != nil && p.terminal {
		if t := p.now(); t.Sub(p.drawn) >= 100*time.Millisecond {
			p.drawn = t
			p.draw(t)
		}
	}
	return len(b), nil
}

func (p *progress) draw(t time.Time) {
	elapsed := t.Sub(p.start).Seconds()
	var speed float64
	if elapsed > 0 {
		speed = float64(p.n) / elapsed
	}
	var line string
	if p.total > 0 {
		const width = 24
		frac := min(float64(p.n)/float64(p.total), 1)
		done := int(frac * width)
		bar := strings.Repeat("=", done) + strings.Repeat(" ", width-done)
		eta := "--"
		if speed > 0 {
			eta = time.Duration(float64(p.total-p.n) / speed * float64(time.Second)).Round(time.Second).String()
		}
		line = fmt.Sprintf("%s [%s] %s / %s  %s/s  ETA %s", p.label, bar, formatBytes(p.n), formatBytes(p.total), formatBytes(int64(speed)), eta)
	} else {
		line = fmt.Sprintf("%s %s  %s/s", p.label, formatBytes(p.n), formatBytes(int64(speed)))
	}
	fmt.Fprintf(p.w, "\r\033[K%s", line) // \033[K clears what a longer line left
}

// done ends the report: the bar gives way to a summary line.
func (p *progress) done() {
	if p.w == nil {
		return
	}
	if p.terminal {
		fmt.Fprint(p.w, "\r\033[K")
	}
	d := p.now().Sub(p.start)
	fmt.Fprintf(p.w, "downloaded %s in %s\n", formatBytes(p.n), d.Round(100*time.Millisecond))
}

// fail clears a half-drawn bar so the error is printed on a clean line.
func (p *progress) fail() {
	if p.w != nil && p.terminal {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
