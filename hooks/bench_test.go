package hooks

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/gohook/gohook/config"
	"github.com/gohook/gohook/toolchain"
)

// benchWorld is a home with a few SDK toolchains and a project three levels
// deep, with discovery restricted to ~/sdk like a hermetic config would.
func benchWorld(b *testing.B) (dir string, env config.Env) {
	home := b.TempDir()
	for _, v := range []string{"go1.21.13", "go1.22.3", "go1.22.9", "go1.23.4", "go1.24.1"} {
		root := filepath.Join(home, "sdk", v)
		os.MkdirAll(filepath.Join(root, "pkg", "tool", runtime.GOOS+"_"+runtime.GOARCH), 0o755)
		os.MkdirAll(filepath.Join(root, "bin"), 0o755)
		os.WriteFile(filepath.Join(root, "VERSION"), []byte(v+"\ntime x\n"), 0o644)
	}
	dir = filepath.Join(home, "src", "example.com", "proj", "pkg")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(home, "src", "example.com", "proj", "go.mod"), []byte("module example.com/proj\n\ngo 1.22.1\n\nrequire golang.org/x/mod v0.20.0\n"), 0o644)
	cfg := filepath.Join(home, "config.toml")
	os.WriteFile(cfg, []byte("[toolchains]\nsearch = [\"sdk\", \"gohook\"]\n"), 0o644)
	env = config.Env{"HOME": home, "PATH": "/usr/bin:/bin", "GOHOOK_CONFIG": cfg, "XDG_CACHE_HOME": filepath.Join(home, "cache")}
	return dir, env
}

// BenchmarkLoadWarm is `gohook export` minus process start: config,
// the inventory from a warm cache, resolution and the plan.
func BenchmarkLoadWarm(b *testing.B) {
	dir, env := benchWorld(b)
	Load(dir, env, Options{})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Load(dir, env, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadCold rescans the toolchains every time (no cache).
func BenchmarkLoadCold(b *testing.B) {
	dir, env := benchWorld(b)
	for i := 0; i < b.N; i++ {
		toolchain.Forget(env.CacheDir())
		if _, err := Load(dir, env, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompute is the pure engine with the inventory in hand.
func BenchmarkCompute(b *testing.B) {
	dir, env := benchWorld(b)
	g, _ := config.LoadGlobal(env)
	tcs, _ := toolchain.Load(toolchain.NewOptions(env, g, env.Get("PATH")), env.CacheDir())
	in := Input{FS: OS{}, Dir: dir, Env: env, Global: g, Toolchains: tcs}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Compute(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewPrompt is the stat of every watched path and the stamp.
func BenchmarkNewPrompt(b *testing.B) {
	dir, env := benchWorld(b)
	r, _ := Load(dir, env, Options{})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		NewPrompt(env.CacheDir(), r.Watch)
	}
}
