package doctor

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"
	"unicode/utf8"
)

// maxGoEnvFile bounds how much of the `go env -w` file doctor reads; the
// go command writes a few lines.
const maxGoEnvFile = 1 << 20

// goEnvFile is the file `go env -w` writes, line by line.
type goEnvFile struct {
	Name  string
	Vars  []goEnvVar
	Bad   []int // lines that are neither KEY=value, blank nor # comments
	Err   error // unreadable (a missing file is no error)
	Large bool  // over maxGoEnvFile: only the start was read
}

type goEnvVar struct {
	Key, Value string
	Line       int
}

// readGoEnvFile reads and parses name ("" = no file: GOENV=off).
func readGoEnvFile(name string) goEnvFile {
	g := goEnvFile{Name: name}
	if name == "" {
		return g
	}
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return g
	}
	if err != nil {
		g.Err = err
		return g
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxGoEnvFile+1))
	if err != nil {
		g.Err = err
		return g
	}
	if len(data) > maxGoEnvFile {
		g.Large, data = true, data[:maxGoEnvFile]
	}
	for i, line := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		k, v, ok := strings.Cut(t, "=")
		if !ok || k == "" || strings.ContainsAny(k, " \t") || !utf8.ValidString(t) || bytes.IndexByte([]byte(t), 0) >= 0 {
			g.Bad = append(g.Bad, i+1)
			continue
		}
		g.Vars = append(g.Vars, goEnvVar{k, v, i + 1})
	}
	return g
}

// lookup returns the last setting of key, as the go command reads it.
func (g goEnvFile) lookup(key string) (goEnvVar, bool) {
	for i := len(g.Vars) - 1; i >= 0; i-- {
		if g.Vars[i].Key == key {
			return g.Vars[i], true
		}
	}
	return goEnvVar{}, false
}

// setting is a Go variable's effective value and where it comes from: the
// environment wins over the go env file, as in the go command.
type setting struct {
	Name, Value string
	File        string // "" when from the environment
	Line        int
}

func (st setting) where() string {
	if st.File == "" {
		return "in the environment"
	}
	return "in " + st.File + ":" + itoa(st.Line) + " (go env -w)"
}

// goSetting returns name's effective value; ok is false when it is unset.
func (s *survey) goSetting(name string) (setting, bool) {
	if v := s.env.Get(name); v != "" {
		return setting{Name: name, Value: v}, true
	}
	if v, ok := s.goEnv.lookup(name); ok && v.Value != "" {
		return setting{Name: name, Value: v.Value, File: s.goEnv.Name, Line: v.Line}, true
	}
	return setting{}, false
}

// unsetFix says how to get rid of a setting where it comes from.
func (s *survey) unsetFix(st setting) string {
	if st.File != "" {
		return "go env -u " + st.Name
	}
	return s.unsetEnvFix(st.Name)
}

// unsetEnvFix says how to stop setting an environment variable: in this
// shell, and in the startup file that sets it when one does.
func (s *survey) unsetEnvFix(name string) string {
	var unset string
	switch s.shellName() {
	case "fish":
		unset = "set -e " + name
	case "pwsh":
		unset = "Remove-Item Env:" + name
	default:
		unset = "unset " + name
	}
	if at := s.whereSet(name); at != "" {
		return "delete the line that sets " + name + " at " + at + ", then " + unset
	}
	return unset + ", and stop setting it in your shell's startup files"
}
