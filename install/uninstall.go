package install

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/toolchain"
)

// Uninstall removes release v ("1.23.4" or "go1.23.4") from gohook's
// toolchains directory and returns the directory it removed. It never
// touches a toolchain another tool installed (the module cache,
// golang.org/dl, a package manager), even of the same version.
func Uninstall(ctx context.Context, env config.Env, v string) (string, error) {
	q, err := parseQuery(v)
	if err != nil {
		return "", err
	}
	if q.exact == "" {
		return "", fmt.Errorf("uninstall needs an exact release, like 1.23.4, not %q", v)
	}
	v = q.exact
	dir := env.ToolchainsDir()
	dest := filepath.Join(dir, v)
	fi, err := os.Lstat(dest)
	if err != nil {
		return "", notInstalled(env, v)
	}
	if !fi.IsDir() {
		return "", fmt.Errorf("%s is not a toolchain directory gohook made; leaving it alone", dest)
	}
	unlock, err := lock(ctx, filepath.Join(dir, "."+v+".lock"), nil)
	if err != nil {
		return "", err
	}
	defer unlock()
	// Move it out of sight first, so discovery never sees half a tree and
	// a removal that fails midway leaves only a hidden directory, which the
	// next install of v cleans up.
	tmp, err := os.MkdirTemp(dir, ".tmp-"+v+"-")
	if err != nil {
		return "", err
	}
	if err := os.Rename(dest, filepath.Join(tmp, v)); err != nil {
		os.Remove(tmp)
		return "", err
	}
	toolchain.Forget(env.CacheDir())
	if err := removeAll(tmp); err != nil {
		return dest, fmt.Errorf("removed %s from use but could not delete all of it: %v", dest, err)
	}
	return dest, nil
}

// notInstalled explains which toolchains gohook did install, and who
// installed v if someone else did.
func notInstalled(env config.Env, v string) error {
	dir := env.ToolchainsDir()
	var mine []string
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if _, ok := toolchain.Inspect(filepath.Join(dir, e.Name())); ok && !strings.HasPrefix(e.Name(), ".") {
			mine = append(mine, e.Name())
		}
	}
	var others []toolchain.Toolchain
	for _, t := range toolchain.Scan(toolchain.Options{Env: env, Search: slices.DeleteFunc(slices.Clone(config.Sources), func(s string) bool { return s == "gohook" }), PATH: env.Get("PATH")}) {
		if t.Version == v {
			others = append(others, t)
		}
	}
	msg := fmt.Sprintf("%s is not installed by gohook", v)
	if len(others) > 0 {
		msg += fmt.Sprintf("; the one at %s comes from %s: remove it with the tool that installed it", others[0].Root, others[0].Source)
	}
	if len(mine) > 0 {
		msg += fmt.Sprintf(" (gohook installed: %s)", strings.Join(mine, ", "))
	}
	return fmt.Errorf("%s", msg)
}
