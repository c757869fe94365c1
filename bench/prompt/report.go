package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// stats summarises samples in µs.
type stats struct {
	N      int     `json:"n"`
	Mean   float64 `json:"mean_us"`
	Median float64 `json:"median_us"`
	P10    float64 `json:"p10_us"`
	P90    float64 `json:"p90_us"`
	Min    float64 `json:"min_us"`
}

func summarize(xs []float64) stats {
	if len(xs) == 0 {
		return stats{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	sum := 0.0
	for _, x := range s {
		sum += x
	}
	q := func(p float64) float64 {
		pos := p * float64(len(s)-1)
		i := int(pos)
		if i+1 >= len(s) {
			return s[len(s)-1]
		}
		return s[i] + (pos-float64(i))*(s[i+1]-s[i])
	}
	return stats{N: len(s), Mean: sum / float64(len(s)), Median: q(0.5), P10: q(0.1), P90: q(0.9), Min: s[0]}
}

// fmtUs prints a duration in µs the way a person reads it: µs below 10 ms,
// ms above.
func fmtUs(us float64) string {
	a := math.Abs(us)
	switch {
	case a >= 10000:
		return fmt.Sprintf("%.1f ms", us/1000)
	case a >= 1000:
		return fmt.Sprintf("%.2f ms", us/1000)
	default:
		return fmt.Sprintf("%.0f µs", us)
	}
}

func fmtOver(us float64) string {
	if us >= 0 {
		return "+" + fmtUs(us)
	}
	return "−" + fmtUs(-us)
}

// fmtRatio prints a/b as a percentage (both overheads over the bare shell).
func fmtRatio(a, b float64) string {
	if b <= 0 {
		return "n/a"
	}
	r := 100 * a / b
	switch {
	case math.Abs(r) < 10:
		return fmt.Sprintf("%.1f%%", r)
	default:
		return fmt.Sprintf("%.0f%%", r)
	}
}

// summary holds every summarised number, for the table and the JSON.
type summary struct {
	Interactive []interactiveRow `json:"interactive"`
	Processes   []processRow     `json:"processes"`
}

type interactiveRow struct {
	Shell    string `json:"shell"`
	Scenario string `json:"scenario"`
	Tool     string `json:"tool"`
	stats
	// Overhead over the bare shell in the same run.
	OverheadMedian float64 `json:"overhead_median_us"`
	OverheadMean   float64 `json:"overhead_mean_us"`
}

type processRow struct {
	Name string `json:"name"`
	stats
	// Ratio to the empty Go program.
	RatioMedian float64 `json:"ratio_median"`
	RatioMean   float64 `json:"ratio_mean"`
}

func summarizeAll(runs []*shellRun, procs []*procRun) summary {
	var sum summary
	for _, r := range runs {
		for _, scen := range []string{scenEnter, scenSwitch} {
			bare := summarize(r.Samples[scen]["bare"])
			for _, tool := range r.Tools {
				st := summarize(r.Samples[scen][tool])
				sum.Interactive = append(sum.Interactive, interactiveRow{
					Shell: r.Shell, Scenario: scen, Tool: tool, stats: st,
					OverheadMedian: st.Median - bare.Median,
					OverheadMean:   st.Mean - bare.Mean,
				})
			}
		}
	}
	var empty stats
	for i, p := range procs {
		st := summarize(p.Samples)
		if i == 0 {
			empty = st
		}
		sum.Processes = append(sum.Processes, processRow{
			Name: p.Name, stats: st,
			RatioMedian: st.Median / empty.Median,
			RatioMean:   st.Mean / empty.Mean,
		})
	}
	return sum
}

func (s summary) row(shell, scen, tool string) (interactiveRow, bool) {
	for _, r := range s.Interactive {
		if r.Shell == shell && r.Scenario == scen && r.Tool == tool {
			return r, true
		}
	}
	return interactiveRow{}, false
}

// markdown renders the tables for the README.
func markdown(s summary, runs []*shellRun, straces []straceRun, m meta) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Measured %s on %s (%d CPUs, Linux %s) with `%s`: ", m.Date, m.CPU, m.NumCPU, m.Kernel, m.Command)
	var vs []string
	for _, k := range []string{"gohook", "direnv", "mise"} {
		if v, ok := m.Versions[k]; ok {
			vs = append(vs, k+" "+v)
		}
	}
	for _, r := range runs {
		vs = append(vs, r.Shell+" "+r.Version)
	}
	b.WriteString(strings.Join(vs, ", ") + ".\n\n")

	fmt.Fprintf(&b, "**Per prompt, in real interactive shells** (pty, %d round trips per cell after %d warm-up, tools interleaved in blocks of %d): "+
		"the bare shell's time from typing the line to the next prompt, and each tool's overhead over it in the same run, as median (mean). "+
		"*enter* = Enter in a project (nothing changed); *switch* = `cd` between two projects with different Go versions.\n\n", m.N, m.Warmup, m.Block)
	tools := []string{"gohook", "direnv", "mise"}
	b.WriteString("| shell | scenario | bare shell | gohook | direnv | mise | gohook ÷ direnv | gohook ÷ mise |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|\n")
	for _, r := range runs {
		for _, scen := range []string{scenEnter, scenSwitch} {
			bare, ok := s.row(r.Shell, scen, "bare")
			if !ok {
				continue
			}
			cells := []string{r.Shell, scen, fmt.Sprintf("%s (%s)", fmtUs(bare.Median), fmtUs(bare.Mean))}
			over := map[string]interactiveRow{}
			for _, t := range tools {
				if x, ok := s.row(r.Shell, scen, t); ok {
					over[t] = x
					cells = append(cells, fmt.Sprintf("%s (%s)", fmtOver(x.OverheadMedian), fmtOver(x.OverheadMean)))
				} else {
					cells = append(cells, "—")
				}
			}
			g, hasG := over["gohook"]
			for _, t := range []string{"direnv", "mise"} {
				x, ok := over[t]
				if !hasG || !ok {
					cells = append(cells, "—")
					continue
				}
				cells = append(cells, fmt.Sprintf("%s (%s)", fmtRatio(g.OverheadMedian, x.OverheadMedian), fmtRatio(g.OverheadMean, x.OverheadMean)))
			}
			b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
		}
	}

	if len(s.Processes) > 0 {
		fmt.Fprintf(&b, "\n**Whole process, on a change** (fork to exit, %d runs each after %d warm-up, taking turns; in project A with a fresh shell's environment, gohook's discovery cache warm):\n\n", m.M, m.Warmup)
		b.WriteString("| command | median | mean | ÷ empty Go program (median, mean) |\n|---|---|---|---|\n")
		for _, p := range s.Processes {
			fmt.Fprintf(&b, "| %s | %s | %s | %.2f× / %.2f× |\n", "`"+p.Name+"`", fmtUs(p.Median), fmtUs(p.Mean), p.RatioMedian, p.RatioMean)
		}
	}

	if len(straces) > 0 {
		b.WriteString("\n**Processes spawned** (`strace -f -e trace=execve,clone,clone3,fork,vfork`; forks and non-thread clones by the shell and everything it ran):\n\n")
		b.WriteString("| shell | tool | unchanged prompts | processes | switching cds | processes |\n|---|---|---|---|---|---|\n")
		for _, st := range straces {
			if st.Error != "" {
				fmt.Fprintf(&b, "| %s | %s | — | error: %s | — | — |\n", st.Shell, st.Tool, st.Error)
				continue
			}
			fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %d |\n", st.Shell, st.Tool, st.EnterPrompts, st.EnterProcs, st.SwitchCDs, st.SwitchProcs)
		}
	}
	return b.String()
}
