package install

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gohook/gohook/config"
)

// TestNetworkInstallBuildsAndRuns installs a real toolchain from the real
// module proxy and checksum database (GOPROXY/GOSUMDB as the environment
// sets them), then builds and runs a program with it. It downloads ~70 MB,
// so it runs only with GOHOOK_TEST_NETWORK=1; GOHOOK_TEST_VERSION picks
// the release (default 1.22.0).
func TestNetworkInstallBuildsAndRuns(t *testing.T) {
	if os.Getenv("GOHOOK_TEST_NETWORK") != "1" {
		t.Skip("set GOHOOK_TEST_NETWORK=1 to download a real toolchain")
	}
	v := os.Getenv("GOHOOK_TEST_VERSION")
	if v == "" {
		v = "1.22.0"
	}
	tmp := t.TempDir()
	env := config.Environ()
	env["GOHOOK_HOME"] = filepath.Join(tmp, "gohook")
	env["XDG_CACHE_HOME"] = filepath.Join(tmp, "cache")
	env["GOMODCACHE"] = filepath.Join(tmp, "modcache") // nothing to reuse

	start := time.Now()
	res, err := Install(context.Background(), v, Options{Env: env, Log: testLog{t}})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("installed %s in %s", res.Version, time.Since(start).Round(time.Millisecond))

	prog := filepath.Join(tmp, "hello")
	os.MkdirAll(prog, 0o777)
	os.WriteFile(filepath.Join(prog, "go.mod"), []byte("module hello\n\ngo 1.21\n"), 0o666)
	os.WriteFile(filepath.Join(prog, "main.go"), []byte("package main\n\nimport (\n\t\"fmt\"\n\t\"runtime\"\n)\n\nfunc main() { fmt.Println(\"hello from\", runtime.Version()) }\n"), 0o666)
	cmd := exec.Command(filepath.Join(res.Root, "bin", "go"), "run", ".")
	cmd.Dir = prog
	cmd.Env = append(os.Environ(),
		"GOTOOLCHAIN=local", // run exactly the installed go, never switch
		"GOROOT=",           // let it find its own root
		"GOFLAGS=",
		"GOCACHE="+filepath.Join(tmp, "gocache"),
		"GOPATH="+filepath.Join(tmp, "gopath"),
		"GOENV=off",
	)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run with the installed toolchain: %v\n%s", err, out)
	}
	if got, want := strings.TrimSpace(string(out)), "hello from "+res.Version; got != want {
		t.Errorf("program printed %q; want %q", got, want)
	}
}

// testLog sends Install's notes to the test log.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}
