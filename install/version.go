package install

import (
	"context"
	"fmt"
	"go/version"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/gohook/gohook/config"
	"golang.org/x/mod/module"
)

// modulePath is the module the Go project publishes its binary
// distributions as, one version per release and platform.
const modulePath = "golang.org/toolchain"

// query is what the user asked for, parsed.
type query struct {
	exact  string // "go1.23.4": that release
	minor  string // "go1.23": the newest release of that minor
	latest bool   // the newest release
}

// Regexps here compile on first use (sync.OnceValue): a package-level
// regexp.MustCompile runs at every gohook start, the hook's export included.
// queryRE accepts 1.23.4, go1.23.4, 1.23, go1.23rc1 and go1.18beta2.
var queryRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:go)?1\.(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*)|(?:rc|beta)[1-9][0-9]*)?$`)
})

// minorRE matches a language version, go1.N, which names no single release.
var minorRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^go1\.(?:0|[1-9][0-9]*)$`) })

// stableRE matches releases: go1.N and go1.N.M, no betas or release candidates.
var stableRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^go1\.(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))?$`) })

func parseQuery(s string) (query, error) {
	s = strings.TrimSpace(s)
	if s == "latest" {
		return query{latest: true}, nil
	}
	if !queryRE().MatchString(s) {
		return query{}, fmt.Errorf("invalid Go version %q (want a release like 1.23.4, a minor like 1.23, or latest)", s)
	}
	v := "go" + strings.TrimPrefix(s, "go")
	if !version.IsValid(v) {
		return query{}, fmt.Errorf("invalid Go version %q", s)
	}
	if minorRE().MatchString(v) {
		return query{minor: v}, nil
	}
	return query{exact: v}, nil
}

// platform is the GOOS-GOARCH suffix of toolchain module versions.
func platform() string { return runtime.GOOS + "-" + runtime.GOARCH }

// moduleVersion is the golang.org/toolchain module holding Go release v
// (go1.23.4) for this machine.
func moduleVersion(v string) module.Version {
	return module.Version{Path: modulePath, Version: "v0.0.1-" + v + "." + platform()}
}

// goVersion extracts the Go release from a toolchain module version, or
// returns "" when mv is not one for this machine.
func goVersion(mv string) string {
	v, ok := strings.CutPrefix(mv, "v0.0.1-")
	if !ok {
		return ""
	}
	v, ok = strings.CutSuffix(v, "."+platform())
	if !ok || !version.IsValid(v) {
		return ""
	}
	return v
}

// Remote lists the Go releases the module proxy offers for this machine's
// GOOS/GOARCH, newest first, as "go1.23.4" strings. It is what
// `gohook list --remote` shows.
func Remote(ctx context.Context, env config.Env) ([]string, error) {
	in, err := newInstaller(Options{Env: env})
	if err != nil {
		return nil, err
	}
	return in.remote(ctx)
}

func (in *installer) remote(ctx context.Context) ([]string, error) {
	var body []byte
	err := in.fetch.try(ctx, func(base string) error {
		// Every release for every platform is a few hundred KiB.
		var err error
		body, err = in.fetch.get(ctx, base+"/"+modulePath+"/@v/list", 16<<20)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("listing %s versions: %w", modulePath, err)
	}
	var vs []string
	for _, line := range strings.Split(string(body), "\n") {
		if v := goVersion(strings.TrimSpace(line)); v != "" && !slices.Contains(vs, v) {
			vs = append(vs, v)
		}
	}
	slices.SortFunc(vs, func(a, b string) int { return version.Compare(b, a) })
	return vs, nil
}

// resolve turns a query into one release, asking the proxy's list only when
// the query names more than one.
func (in *installer) resolve(ctx context.Context, q query) (string, error) {
	if q.exact != "" {
		return q.exact, nil
	}
	vs, err := in.remote(ctx)
	if err != nil {
		return "", err
	}
	var pre []string
	for _, v := range vs { // newest first
		if q.minor != "" && version.Lang(v) != q.minor {
			continue
		}
		if stableRE().MatchString(v) {
			return v, nil
		}
		pre = append(pre, v)
	}
	what := "Go release"
	if q.minor != "" {
		what = q.minor + ".x release"
	}
	if len(pre) > 0 {
		return "", fmt.Errorf("the module proxy has no %s for %s/%s yet, only %s (install one by name)", what, runtime.GOOS, runtime.GOARCH, strings.Join(pre, ", "))
	}
	return "", fmt.Errorf("the module proxy offers no %s for %s/%s", what, runtime.GOOS, runtime.GOARCH)
}
