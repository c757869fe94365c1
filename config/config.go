package config

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// MaxFileSize bounds every config or version file gohook reads: a pin is a
// few bytes, and a huge file is a mistake we report rather than slurp.
const MaxFileSize = 64 << 10

// Sources lists the toolchain sources in their default scan order.
var Sources = []string{"gohook", "modcache", "sdk", "goenv", "gvm", "asdf", "mise", "gobrew", "g", "homebrew", "system", "path"}

// Global is the user's config file.
type Global struct {
	File        string   // where it was read from ("" when absent)
	Default     string   // default Go version, a pin
	DefaultLine int      // line of `default` in File
	GOBIN       string   // "shared" (default), "per-minor", or a path
	Search      []string // toolchain sources to scan, in order
	Dirs        []string // extra toolchain roots, expanded
}

type globalFile struct {
	Default    string `toml:"default"`
	GOBIN      string `toml:"gobin"`
	Toolchains struct {
		Search *[]string `toml:"search"`
		Dirs   []string  `toml:"dirs"`
	} `toml:"toolchains"`
}

// LoadGlobal reads the global config. A missing file is the default config.
func LoadGlobal(env Env) (*Global, error) {
	file := env.ConfigFile()
	data, err := ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return &Global{GOBIN: "shared", Search: Sources}, nil
	}
	if err != nil {
		return nil, err
	}
	return ParseGlobal(file, data, env)
}

// ParseGlobal parses the contents of a global config file.
func ParseGlobal(file string, data []byte, env Env) (*Global, error) {
	var raw globalFile
	if err := decode(file, data, &raw); err != nil {
		return nil, err
	}
	g := &Global{File: file, Default: strings.TrimSpace(raw.Default), GOBIN: raw.GOBIN, Search: Sources}
	if g.GOBIN == "" {
		g.GOBIN = "shared"
	}
	if g.Default != "" {
		g.DefaultLine = keyLine(data, nil, "default")
	}
	if raw.Toolchains.Search != nil {
		g.Search = nil
		for _, s := range *raw.Toolchains.Search {
			if !contains(Sources, s) {
				return nil, fmt.Errorf("%s:%d: unknown toolchain source %q (known: %s)", file, keyLine(data, []string{"toolchains"}, "search"), s, strings.Join(Sources, ", "))
			}
			g.Search = append(g.Search, s)
		}
	}
	for _, d := range raw.Toolchains.Dirs {
		g.Dirs = append(g.Dirs, env.Expand(d))
	}
	return g, nil
}

// Project is a .gohook.toml.
type Project struct {
	File   string
	Hash   string // sha256 of the contents, what `gohook allow` records
	Go     string // version pin ("" when absent)
	GoLine int
	GOBIN  string
	Env    []Var    // [env], in file order
	Path   []string // path additions as written (resolved by the engine)
}

// Var is one variable from a project's [env] table.
type Var struct{ Name, Value string }

// Runs reports whether the file asks for anything that can run code — [env]
// or path — and so needs `gohook allow`.
func (p *Project) Runs() bool { return len(p.Env) > 0 || len(p.Path) > 0 }

type projectFile struct {
	Go    string            `toml:"go"`
	GOBIN string            `toml:"gobin"`
	Env   map[string]string `toml:"env"`
	Path  []string          `toml:"path"`
}

// validName reports whether s is a portable environment variable name,
// [A-Za-z_][A-Za-z0-9_]*: one every shell can set.
func validName(s string) bool {
	for i, c := range s {
		if c != '_' && !('a' <= c && c <= 'z') && !('A' <= c && c <= 'Z') && (i == 0 || !('0' <= c && c <= '9')) {
			return false
		}
	}
	return s != ""
}

// ParseProject parses a .gohook.toml.
func ParseProject(file string, data []byte) (*Project, error) {
	var raw projectFile
	if err := decode(file, data, &raw); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	p := &Project{File: file, Hash: hex.EncodeToString(sum[:]), Go: strings.TrimSpace(raw.Go), GOBIN: raw.GOBIN, Path: raw.Path}
	if p.Go != "" {
		p.GoLine = keyLine(data, nil, "go")
	}
	names := make([]string, 0, len(raw.Env))
	for k := range raw.Env {
		names = append(names, k)
	}
	// Keep the file's order so exports are stable and readable.
	order := tableKeysInOrder(data, "env")
	sortByOrder(names, order)
	for _, k := range names {
		line := keyLine(data, []string{"env"}, k)
		switch {
		case !validName(k):
			return nil, fmt.Errorf("%s:%d: [env] key %q is not a valid variable name", file, line, k)
		case reserved(k):
			return nil, fmt.Errorf("%s:%d: [env] cannot set %s: gohook manages it (use `go`, `gobin` or `path` instead)", file, line, k)
		case strings.IndexByte(raw.Env[k], 0) >= 0:
			return nil, fmt.Errorf("%s:%d: [env] %s contains a NUL byte", file, line, k)
		}
		p.Env = append(p.Env, Var{k, raw.Env[k]})
	}
	for _, d := range p.Path {
		if d == "" || strings.IndexByte(d, 0) >= 0 {
			return nil, fmt.Errorf("%s:%d: path has an empty or invalid entry", file, keyLine(data, nil, "path"))
		}
	}
	return p, nil
}

func reserved(name string) bool {
	u := strings.ToUpper(name)
	return u == "PATH" || u == "GOROOT" || u == "GOBIN" || strings.HasPrefix(u, "GOHOOK_") || strings.HasPrefix(u, "_GOHOOK")
}

// decode parses TOML strictly: syntax errors and unknown keys are errors
// naming the file, line and key.
func decode(file string, data []byte, v any) error {
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return fmt.Errorf("%s: not a text file (TOML must be UTF-8)", file)
	}
	md, err := toml.Decode(string(data), v)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return fmt.Errorf("%s:%d: %s", file, pe.Position.Line, pe.Message)
		}
		// Type mismatches ("incompatible types") carry no position.
		return fmt.Errorf("%s: %s", file, strings.TrimPrefix(err.Error(), "toml: "))
	}
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0]
		return fmt.Errorf("%s:%d: unknown key %q", file, keyLine(data, k[:len(k)-1], k[len(k)-1]), k.String())
	}
	return nil
}

// keyLine finds the line where key is defined inside table (nil = top
// level), as `key = …` or as a [table.key] header. BurntSushi/toml keeps key
// positions private, so this is a small line scanner for the forms people
// write by hand (bare and quoted keys, dotted keys); 0 when unsure.
func keyLine(data []byte, table []string, key string) int {
	target := strings.Join(append(append([]string(nil), table...), key), ".")
	line := 0
	eachKey(data, func(n int, k string) bool {
		if k == target {
			line = n
			return false
		}
		return true
	})
	return line
}

// eachKey calls f with the line number and full dotted name of each key
// definition and table header in data, until f returns false.
func eachKey(data []byte, f func(line int, key string) bool) {
	cur := ""
	for i, line := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(line)
		k, ok := header(t)
		if ok {
			cur = k
		} else if k, ok = lineKey(t); !ok {
			continue
		} else if cur != "" {
			k = cur + "." + k
		}
		if !f(i+1, k) {
			return
		}
	}
}

// header returns the table name of a [table] or [[table]] line.
func header(t string) (string, bool) {
	if !strings.HasPrefix(t, "[") {
		return "", false
	}
	h, _, _ := strings.Cut(t, "#")
	return normalizeKey(strings.Trim(strings.TrimSpace(h), "[]")), true
}

// lineKey returns the (dotted, unquoted) key of a `key = value` line.
func lineKey(t string) (string, bool) {
	var parts []string
	for {
		t = strings.TrimLeft(t, " \t")
		var part string
		if t != "" && (t[0] == '"' || t[0] == '\'') {
			end := strings.IndexByte(t[1:], t[0])
			if end < 0 {
				return "", false
			}
			part, t = t[1:1+end], t[2+end:]
		} else {
			end := strings.IndexAny(t, " \t.=")
			if end <= 0 {
				return "", false
			}
			part, t = t[:end], t[end:]
		}
		parts = append(parts, part)
		t = strings.TrimLeft(t, " \t")
		switch {
		case strings.HasPrefix(t, "."):
			t = t[1:]
		case strings.HasPrefix(t, "="):
			return strings.Join(parts, "."), true
		default:
			return "", false
		}
	}
}

func normalizeKey(k string) string {
	parts := strings.Split(strings.TrimSpace(k), ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

// tableKeysInOrder lists the keys of table in the order the file has them.
func tableKeysInOrder(data []byte, table string) []string {
	var keys []string
	eachKey(data, func(_ int, k string) bool {
		if rest, ok := strings.CutPrefix(k, table+"."); ok {
			keys = append(keys, rest)
		}
		return true
	})
	return keys
}

func sortByOrder(names, order []string) {
	pos := func(n string) int {
		for i, o := range order {
			if o == n {
				return i
			}
		}
		return len(order)
	}
	for i := 1; i < len(names); i++ {
		for j := i; j > 0 && (pos(names[j]) < pos(names[j-1]) || (pos(names[j]) == pos(names[j-1]) && names[j] < names[j-1])); j-- {
			names[j], names[j-1] = names[j-1], names[j]
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ReadFile reads a small text file gohook depends on, refusing huge ones
// and directories with an error that names the file.
func ReadFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%s: file too large (over %d KiB)", name, MaxFileSize>>10)
	}
	return data, nil
}
