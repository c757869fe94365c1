// Package config reads gohook's global config file and a project's
// .gohook.toml, and knows where gohook keeps its files (config, data, cache).
package config

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Env is a snapshot of environment variables. The engine works on a copy of
// the process environment so that it stays a pure function of its inputs.
// On Windows, where variable names are case-insensitive, keys are upper case.
type Env map[string]string

// Environ returns the process environment as an Env.
func Environ() Env {
	return ParseEnviron(os.Environ())
}

// ParseEnviron turns KEY=value strings into an Env.
func ParseEnviron(kvs []string) Env {
	env := make(Env, len(kvs))
	for _, kv := range kvs {
		// Windows has variables like "=C:" that start with '='.
		i := strings.IndexByte(kv[min(1, len(kv)):], '=') + min(1, len(kv))
		if i <= 0 {
			continue
		}
		env[envKey(kv[:i])] = kv[i+1:]
	}
	return env
}

// Get returns the value of key, or "".
func (e Env) Get(key string) string { return e[envKey(key)] }

// Lookup returns the value of key and whether it is set.
func (e Env) Lookup(key string) (string, bool) {
	v, ok := e[envKey(key)]
	return v, ok
}

// Environ returns the Env as KEY=value strings, for os/exec.
func (e Env) Environ() []string {
	out := make([]string, 0, len(e))
	for k, v := range e {
		out = append(out, k+"="+v)
	}
	return out
}

// Clone returns a copy that can be changed independently.
func (e Env) Clone() Env {
	c := make(Env, len(e))
	for k, v := range e {
		c[k] = v
	}
	return c
}

func envKey(k string) string {
	if runtime.GOOS == "windows" {
		return strings.ToUpper(k)
	}
	return k
}

// Home returns the user's home directory as the environment says.
func (e Env) Home() string {
	if runtime.GOOS == "windows" {
		if h := e.Get("USERPROFILE"); h != "" {
			return h
		}
	}
	return e.Get("HOME")
}

// Expand expands a leading ~ and $VAR / ${VAR} references in a path.
func (e Env) Expand(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") || (runtime.GOOS == "windows" && strings.HasPrefix(p, `~\`)) {
		p = e.Home() + p[1:]
	}
	if !strings.Contains(p, "$") {
		return p
	}
	return os.Expand(p, e.Get)
}

// xdg returns $name, or ~/fallback when it is unset or relative (the XDG
// spec says relative values are to be ignored).
func (e Env) xdg(name, fallback string) string {
	if d := e.Get(name); filepath.IsAbs(d) {
		return d
	}
	return filepath.Join(e.Home(), fallback)
}

// ConfigFile is the global config: $GOHOOK_CONFIG, else
// $XDG_CONFIG_HOME/gohook/config.toml (%AppData% on Windows).
func (e Env) ConfigFile() string {
	if f := e.Get("GOHOOK_CONFIG"); f != "" {
		return e.Expand(f)
	}
	if runtime.GOOS == "windows" && e.Get("XDG_CONFIG_HOME") == "" {
		if d := e.Get("APPDATA"); d != "" {
			return filepath.Join(d, "gohook", "config.toml")
		}
	}
	return filepath.Join(e.xdg("XDG_CONFIG_HOME", ".config"), "gohook", "config.toml")
}

// DataHome is $GOHOOK_HOME, else $XDG_DATA_HOME/gohook: installed
// toolchains, per-minor GOBINs and the trust store live there.
func (e Env) DataHome() string {
	if d := e.Get("GOHOOK_HOME"); d != "" {
		return e.Expand(d)
	}
	if runtime.GOOS == "windows" && e.Get("XDG_DATA_HOME") == "" {
		if d := e.Get("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "gohook")
		}
	}
	return filepath.Join(e.xdg("XDG_DATA_HOME", filepath.Join(".local", "share")), "gohook")
}

// ToolchainsDir is where gohook installs toolchains, one goX.Y.Z directory each.
func (e Env) ToolchainsDir() string { return filepath.Join(e.DataHome(), "toolchains") }

// TrustDir holds the records of `gohook allow`.
func (e Env) TrustDir() string {
	// Trust is user data, not something a project can point elsewhere, so it
	// follows XDG_DATA_HOME even when GOHOOK_HOME moves the toolchains.
	if runtime.GOOS == "windows" && e.Get("XDG_DATA_HOME") == "" {
		if d := e.Get("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "gohook", "trust")
		}
	}
	return filepath.Join(e.xdg("XDG_DATA_HOME", filepath.Join(".local", "share")), "gohook", "trust")
}

// CacheDir is $XDG_CACHE_HOME/gohook: the discovery cache and prompt stamps.
func (e Env) CacheDir() string {
	if runtime.GOOS == "windows" && e.Get("XDG_CACHE_HOME") == "" {
		if d := e.Get("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "gohook", "cache")
		}
	}
	return filepath.Join(e.xdg("XDG_CACHE_HOME", ".cache"), "gohook")
}

// GOPATH returns the first GOPATH entry, defaulting like the go command.
func (e Env) GOPATH() string {
	gp := e.Get("GOPATH")
	if gp == "" {
		gp = e.GoEnvFile()["GOPATH"]
	}
	if gp == "" {
		return filepath.Join(e.Home(), "go")
	}
	first, _, _ := strings.Cut(gp, string(os.PathListSeparator))
	return first
}

// GOMODCACHE returns the module cache directory, as the go command would.
func (e Env) GOMODCACHE() string {
	if d := e.Get("GOMODCACHE"); d != "" {
		return d
	}
	if d := e.GoEnvFile()["GOMODCACHE"]; d != "" {
		return d
	}
	return filepath.Join(e.GOPATH(), "pkg", "mod")
}

// GoEnvFilePath is the file `go env -w` writes: $GOENV, else
// os.UserConfigDir()/go/env.
func (e Env) GoEnvFilePath() string {
	if f := e.Get("GOENV"); f != "" {
		if f == "off" {
			return ""
		}
		return f
	}
	var dir string
	switch runtime.GOOS {
	case "windows":
		dir = e.Get("APPDATA")
	case "darwin", "ios":
		dir = filepath.Join(e.Home(), "Library", "Application Support")
	default:
		dir = e.xdg("XDG_CONFIG_HOME", ".config")
	}
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "go", "env")
}

// GoEnvFile reads the `go env -w` file. Unreadable or malformed lines are
// ignored here, as the go command ignores them; doctor reports them.
func (e Env) GoEnvFile() map[string]string {
	f := e.GoEnvFilePath()
	if f == "" {
		return nil
	}
	data, err := os.ReadFile(f)
	if err != nil || len(data) > 1<<20 {
		return nil
	}
	m := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if ok && k != "" && !strings.HasPrefix(k, "#") {
			m[k] = v
		}
	}
	return m
}
