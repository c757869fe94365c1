package hooks

import (
	"errors"
	"slices"
	"strconv"
	"strings"
)

// StateVar is the environment variable that carries the undo state. It is
// exported, so the state survives subshells and `exec zsh`.
const StateVar = "_GOHOOK_STATE"

// maxHistory bounds how many added PATH entries the state remembers;
// it keeps the variable a few hundred bytes (a large environment breaks exec
// with E2BIG for other tools).
const maxHistory = 8

// State is what gohook changed, so it can be undone exactly.
type State struct {
	Prev  []Prev   // variables gohook set, with what they were before
	Added []string // PATH entries gohook added
	Moved []Moved  // PATH entries gohook moved to the front, with their old index
	// Hist holds the PATH entries gohook added recently (toolchain bins,
	// GOBIN): the leave path removes them even when another tool's restore
	// (direnv's) put one back after gohook removed it.
	Hist []string
	Note string // a hash of the last note printed, to say each thing once
}

// Prev is a variable's value before gohook set it.
type Prev struct {
	Name  string
	Value string
	Unset bool // it was not set at all
}

// Moved is a PATH entry the user already had that gohook moved to the front.
type Moved struct {
	Entry string
	Index int
}

// Empty reports whether there is nothing to remember.
func (s State) Empty() bool {
	return len(s.Prev) == 0 && len(s.Added) == 0 && len(s.Moved) == 0 && len(s.Hist) == 0 && s.Note == ""
}

// Encode writes the state as one line of space-separated records, each a
// letter and Go-quoted fields: compact, and exact for any bytes, which JSON
// is not (it mangles invalid UTF-8).
func (s State) Encode() string {
	var b strings.Builder
	b.WriteString("1")
	field := func(v string) {
		b.WriteByte(' ')
		b.WriteString(strconv.Quote(v))
	}
	for _, p := range s.Prev {
		if p.Unset {
			b.WriteString(" u")
			field(p.Name)
		} else {
			b.WriteString(" s")
			field(p.Name)
			field(p.Value)
		}
	}
	for _, a := range s.Added {
		b.WriteString(" a")
		field(a)
	}
	for _, m := range s.Moved {
		b.WriteString(" m")
		field(m.Entry)
		b.WriteString(" " + strconv.Itoa(m.Index))
	}
	for _, h := range s.Hist {
		b.WriteString(" h")
		field(h)
	}
	if s.Note != "" {
		b.WriteString(" n")
		field(s.Note)
	}
	return b.String()
}

var errState = errors.New("unreadable " + StateVar + " (ignored)")

// DecodeState parses Encode's output. A state that doesn't parse (edited by
// hand, or from a future gohook) is reported and treated as empty: gohook
// then changes nothing it cannot undo.
func DecodeState(v string) (State, error) {
	var s State
	if v == "" {
		return s, nil
	}
	rest, ok := strings.CutPrefix(v, "1")
	if !ok {
		return State{}, errState
	}
	str := func() (string, bool) {
		rest = strings.TrimPrefix(rest, " ")
		q, err := strconv.QuotedPrefix(rest)
		if err != nil {
			return "", false
		}
		rest = rest[len(q):]
		u, err := strconv.Unquote(q)
		return u, err == nil
	}
	for rest != "" {
		rest = strings.TrimPrefix(rest, " ")
		if rest == "" {
			break
		}
		op := rest[0]
		rest = rest[1:]
		a, ok := str()
		if !ok {
			return State{}, errState
		}
		switch op {
		case 'u':
			s.Prev = append(s.Prev, Prev{Name: a, Unset: true})
		case 's':
			v, ok := str()
			if !ok {
				return State{}, errState
			}
			s.Prev = append(s.Prev, Prev{Name: a, Value: v})
		case 'a':
			s.Added = append(s.Added, a)
		case 'm':
			rest = strings.TrimPrefix(rest, " ")
			n := strings.IndexByte(rest, ' ')
			if n < 0 {
				n = len(rest)
			}
			i, err := strconv.Atoi(rest[:n])
			if err != nil {
				return State{}, errState
			}
			rest = rest[n:]
			s.Moved = append(s.Moved, Moved{a, i})
		case 'h':
			s.Hist = append(s.Hist, a)
		case 'n':
			s.Note = a
		default:
			return State{}, errState
		}
	}
	return s, nil
}

// remember adds bin to the history, most recent last, bounded.
func (s *State) remember(bin string) {
	s.Hist = slices.DeleteFunc(s.Hist, func(h string) bool { return h == bin })
	s.Hist = append(s.Hist, bin)
	if len(s.Hist) > maxHistory {
		s.Hist = s.Hist[len(s.Hist)-maxHistory:]
	}
}
