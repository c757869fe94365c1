package install

import (
	"context"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

func TestParseQuery(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want query
	}{
		{"1.23.4", query{exact: "go1.23.4"}},
		{"go1.23.4", query{exact: "go1.23.4"}},
		{"1.21rc2", query{exact: "go1.21rc2"}},
		{"go1.18beta1", query{exact: "go1.18beta1"}},
		{"1.23", query{minor: "go1.23"}},
		{"go1.20", query{minor: "go1.20"}},
		{"latest", query{latest: true}},
		{" 1.22.0 ", query{exact: "go1.22.0"}},
	} {
		got, err := parseQuery(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("parseQuery(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
}

// list --remote: the proxy's releases for this machine only, newest first
// in the go command's order (1.21 < 1.21rc1 < 1.21.0), once each.
func TestRemote(t *testing.T) {
	w := newWorld(t)
	w.publish("go1.21.0")
	w.srv.List(
		"v0.0.1-go1.21rc2."+platform(),
		"v0.0.1-go1.22.10."+platform(),
		"v0.0.1-go1.22.9."+platform(),
		"v0.0.1-go1.20."+platform(),
		"v0.0.1-go1.22.9."+platform(), // listed twice
		"v0.0.1-go1.99.0.plan9-mips",  // another platform
		"v0.0.1-go1.23.0.linux-amd64p32",
		"v0.0.1-gox.y."+platform(), // junk
		"",
	)
	got, err := Remote(context.Background(), w.env)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"go1.22.10", "go1.22.9", "go1.21.0", "go1.21rc2", "go1.20"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Remote = %v; want %v", got, want)
	}

	w.env["GOPROXY"] = closedURL(t)
	if _, err := Remote(context.Background(), w.env); err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("Remote with the proxy down = %v; want connection refused", err)
	}
}

// 1.23 is the newest 1.23.x; latest the newest release. Release
// candidates are never picked by these, only by name.
func TestInstallMinorAndLatest(t *testing.T) {
	w := newWorld(t)
	for _, v := range []string{"go1.22.12", "go1.23.3", "go1.23.4"} {
		w.publish(v)
	}
	w.srv.List("v0.0.1-go1.24rc1."+platform(), "v0.0.1-go1.23.9.plan9-386")
	for _, tt := range []struct{ q, want string }{
		{"1.23", "go1.23.4"},
		{"go1.22", "go1.22.12"},
		{"latest", "go1.23.4"},
	} {
		res, err := w.install(tt.q, Options{})
		if err != nil || res.Version != tt.want {
			t.Errorf("install %s = %+v, %v; want %s", tt.q, res, err, tt.want)
		}
	}
	w.env["GOHOOK_HOME"] = t.TempDir() // for mustFail's empty-directory check
	_, err := w.install("1.24", Options{})
	w.mustFail(err, "the module proxy has no go1.24.x release for "+runtime.GOOS+"/"+runtime.GOARCH+" yet, only go1.24rc1")
	_, err = w.install("1.25", Options{})
	w.mustFail(err, "the module proxy offers no go1.25.x release for "+runtime.GOOS+"/"+runtime.GOARCH)
}
