// Package formats renders a directory's Go environment for tools rather
// than shells: JSON for tools and editors, dotenv files, GitHub Actions'
// $GITHUB_ENV and $GITHUB_PATH, and a VS Code settings fragment.
package formats

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/hooks"
)

// Env is what a directory's environment sets, for a tool that starts from
// scratch rather than from gohook's previous directory.
type Env struct {
	GOROOT string       // the selected toolchain's root, "" when none is
	Vars   []config.Var // every variable gohook sets here (PATH included), sorted by name
	Unset  []string     // variables of the current environment to remove (gohook's for another directory)
	Path   []string     // the entries gohook puts first on PATH, in PATH order
}

// FromResult extracts the Env from the engine's result for the current
// environment env. Variables are those that differ from env with gohook's
// earlier changes undone, plus GOROOT and GOBIN whenever a toolchain is
// selected, so a tool gets them even if the user already had them.
func FromResult(env config.Env, r hooks.Result) Env {
	base := hooks.Base(env)
	var out Env
	if r.Toolchain != nil {
		out.GOROOT = r.Toolchain.Root
	}
	for name, v := range r.Env {
		if name == hooks.StateVar {
			continue
		}
		old, had := base.Lookup(name)
		always := r.Toolchain != nil && (name == "GOROOT" || name == "GOBIN")
		if always || !had || old != v {
			out.Vars = append(out.Vars, config.Var{Name: name, Value: v})
		}
	}
	sort.Slice(out.Vars, func(i, j int) bool { return out.Vars[i].Name < out.Vars[j].Name })
	for _, c := range r.Changes {
		if c.Unset && c.Name != hooks.StateVar {
			out.Unset = append(out.Unset, c.Name)
		}
	}
	next, _ := hooks.DecodeState(r.Env.Get(hooks.StateVar))
	front := slices.Clone(next.Added)
	for _, m := range next.Moved {
		front = append(front, m.Entry)
	}
	if r.Toolchain != nil {
		// Already first for this shell, but a tool that prepends the rest
		// (GITHUB_PATH) must get it too, or GOBIN would end up before it.
		front = append(front, r.Toolchain.Bin())
	}
	for _, e := range filepath.SplitList(r.Env.Get("PATH")) {
		if slices.Contains(front, e) && !slices.Contains(out.Path, e) {
			out.Path = append(out.Path, e)
		}
	}
	return out
}

// JSON writes one object mapping each variable to its value, and each
// variable to remove to null — the shape direnv's `export json` uses, so
// editor plugins built for it can read it.
func JSON(w io.Writer, e Env) error {
	m := make(map[string]*string, len(e.Vars)+len(e.Unset))
	for _, n := range e.Unset {
		m[n] = nil
	}
	for _, v := range e.Vars {
		m[v.Name] = &v.Value
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(m) // encoding/json sorts the keys
}

// Dotenv writes KEY=value lines. Dotenv has no standard, so values are
// quoted as plainly as they allow: bare when they hold only safe
// characters; else in single quotes, which node's dotenv, python-dotenv,
// godotenv, Docker Compose and `set -a; . ./.env` all take literally (no
// $ expansion); else — a value holding a single quote or a line break —
// in double quotes with the \\ \" \$ \n \r escapes python-dotenv and
// godotenv decode. Variables to unset cannot be expressed and are left out.
func Dotenv(w io.Writer, e Env) error {
	bw := bufio.NewWriter(w)
	for _, v := range e.Vars {
		fmt.Fprintf(bw, "%s=%s\n", v.Name, DotenvQuote(v.Value))
	}
	return bw.Flush()
}

// DotenvQuote quotes one dotenv value; see [Dotenv].
func DotenvQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:@%+,=") == "" {
		return s
	}
	if !strings.ContainsAny(s, "'\n\r") {
		return "'" + s + "'"
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, `$`, `\$`, "\n", `\n`, "\r", `\r`)
	return `"` + r.Replace(s) + `"`
}

// GHA writes the environment for later steps of a GitHub Actions job:
// every variable but PATH to env (for $GITHUB_ENV), each as
//
//	NAME<<ghadelim_<random hex>
//	value
//	ghadelim_<same hex>
//
// with a delimiter drawn from random (crypto/rand when nil) and drawn
// again while the value contains it, so no value can end its own entry
// early or inject another variable; and the PATH entries to path (for
// $GITHUB_PATH), which puts the last line written first, so they are
// written last first. Variables to unset cannot be expressed in either
// file; the steps that follow start without gohook's state, so there are
// none in practice.
func GHA(env, path io.Writer, e Env, random io.Reader) error {
	if random == nil {
		random = rand.Reader
	}
	var eb bytes.Buffer
	for _, v := range e.Vars {
		if v.Name == "PATH" {
			continue
		}
		delim, err := delimiter(v.Value, random)
		if err != nil {
			return err
		}
		fmt.Fprintf(&eb, "%s<<%s\n%s\n%s\n", v.Name, delim, v.Value, delim)
	}
	var pb bytes.Buffer
	for i := len(e.Path) - 1; i >= 0; i-- {
		p := e.Path[i]
		if strings.ContainsAny(p, "\r\n") {
			return fmt.Errorf("PATH entry %q holds a line break, which $GITHUB_PATH cannot express", p)
		}
		pb.WriteString(p + "\n")
	}
	// Nothing is written unless everything could be rendered.
	if _, err := env.Write(eb.Bytes()); err != nil {
		return err
	}
	_, err := path.Write(pb.Bytes())
	return err
}

// delimiter returns a heredoc delimiter that does not occur in value.
func delimiter(value string, random io.Reader) (string, error) {
	b := make([]byte, 16)
	for range 100 {
		if _, err := io.ReadFull(random, b); err != nil {
			return "", fmt.Errorf("drawing a random delimiter: %w", err)
		}
		d := "ghadelim_" + hex.EncodeToString(b)
		if !strings.Contains(value, d) {
			return d, nil
		}
	}
	return "", errors.New("no delimiter that the value does not contain (is the random source broken?)")
}

// VSCode writes the settings fragment that makes VS Code's Go extension
// use the same toolchain as the terminal: go.goroot, and in
// go.toolsEnvVars the variables the go command and gopls must see (GOBIN
// and the project's [env]; PATH and GOROOT are the extension's to set from
// go.goroot).
func VSCode(w io.Writer, e Env) error {
	type settings struct {
		GOROOT string            `json:"go.goroot,omitempty"`
		Tools  map[string]string `json:"go.toolsEnvVars"`
	}
	s := settings{GOROOT: e.GOROOT, Tools: map[string]string{}}
	for _, v := range e.Vars {
		if v.Name != "PATH" && v.Name != "GOROOT" {
			s.Tools[v.Name] = v.Value
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}
