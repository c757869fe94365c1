package install

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// statusServer answers every request with code.
func statusServer(t *testing.T, code int) string {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, http.StatusText(code), code)
	}))
	t.Cleanup(s.Close)
	return s.URL
}

// GOPROXY list semantics, as the go command has them: after ',' the next
// proxy is tried only when this one said "not found" (404 or 410); after
// '|' it is tried after any error.
func TestGOPROXYFallThrough(t *testing.T) {
	tests := []struct {
		first string // 404, 410, 500 or down
		sep   string
		ok    bool
		want  string // in the error when !ok
	}{
		{"404", ",", true, ""},
		{"410", ",", true, ""},
		{"500", ",", false, "500 Internal Server Error"},
		{"down", ",", false, "connection refused"},
		{"404", "|", true, ""},
		{"500", "|", true, ""},
		{"down", "|", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.first+tt.sep, func(t *testing.T) {
			w := newWorld(t)
			w.publish("go1.23.4")
			var first string
			switch tt.first {
			case "404":
				first = statusServer(t, http.StatusNotFound)
			case "410":
				first = statusServer(t, http.StatusGone)
			case "500":
				first = statusServer(t, http.StatusInternalServerError)
			case "down":
				first = closedURL(t)
			}
			w.env["GOPROXY"] = first + tt.sep + w.srv.URL
			_, err := w.install("1.23.4", Options{})
			if tt.ok {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			w.mustFail(err, tt.want)
			if n := w.hitsOf(zipPath("go1.23.4")); n != 0 {
				t.Errorf("second proxy asked for the zip %d times after a hard failure", n)
			}
		})
	}
}

// off refuses; direct cannot serve toolchains and says so; either one
// after a proxy that lacks the release still reports the proxy's answer.
func TestGOPROXYOffAndDirect(t *testing.T) {
	w := newWorld(t)
	w.publish("go1.23.4")
	for _, tt := range []struct{ goproxy, want string }{
		{"off", "GOPROXY=off: module downloads are disabled"},
		{"direct", "GOPROXY=direct: toolchains can only be downloaded from a module proxy"},
		{"off," + w.srv.URL, "GOPROXY=off"}, // off ends the list
		{w.srv.URL + ",direct", "not available for"},
		{" , ", "GOPROXY is set but lists no proxy"},
		{"ftp://mirror.example", "invalid proxy URL"},
	} {
		w.env["GOPROXY"] = tt.goproxy
		_, err := w.install("1.99.1", Options{})
		w.mustFail(err, tt.want)
	}
}

// A GONOPROXY (or GOPRIVATE) pattern that covers golang.org/toolchain
// would send the go command to the origin, which cannot serve toolchains.
func TestGONOPROXYCoveringToolchainIsRefused(t *testing.T) {
	for _, env := range []map[string]string{
		{"GONOPROXY": "golang.org"},
		{"GOPRIVATE": "golang.org/toolchain"},
		{"GOPRIVATE": "*.example.com,golang.org/*"},
	} {
		w := newWorld(t)
		w.publish("go1.23.4")
		for k, v := range env {
			w.env[k] = v
		}
		_, err := w.install("1.23.4", Options{})
		w.mustFail(err, "toolchains can only be downloaded from a module proxy")
	}
	// Patterns for other modules change nothing.
	w := newWorld(t)
	w.publish("go1.23.4")
	w.env["GOPRIVATE"] = "github.com/acme,*.corp.example"
	if _, err := w.install("1.23.4", Options{}); err != nil {
		t.Fatal(err)
	}
}

// Private mirrors get the credentials .netrc holds for their host, and a
// password in GOPROXY never appears in messages.
func TestNetrcCredentials(t *testing.T) {
	w := newWorld(t)
	w.publish("go1.23.4")
	target, _ := url.Parse(w.srv.URL)
	rp := httputil.NewSingleHostReverseProxy(target)
	mirror := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "gopher" || p != "s3cret" {
			http.Error(rw, "Unauthorized", http.StatusUnauthorized)
			return
		}
		rp.ServeHTTP(rw, r)
	}))
	defer mirror.Close()
	mu, _ := url.Parse(mirror.URL)
	w.env["GOPROXY"] = mirror.URL

	netrc := filepath.Join(w.root, "netrc")
	w.env["NETRC"] = netrc
	_, err := w.install("1.23.4", Options{})
	w.mustFail(err, "401 Unauthorized")

	os.WriteFile(netrc, []byte("machine other.example login x password y\nmachine "+mu.Host+"\n  login gopher\n  password s3cret\n"), 0o600)
	w.env["GOAUTH"] = "off"
	_, err = w.install("1.23.4", Options{})
	w.mustFail(err, "401 Unauthorized")
	w.env["GOAUTH"] = "git /nowhere; netrc"
	if _, err := w.install("1.23.4", Options{}); err != nil {
		t.Fatalf("with .netrc: %v", err)
	}

	w2 := newWorld(t)
	w2.env["GOPROXY"] = "http://gopher:wrongpass@" + mu.Host
	_, err = w2.install("1.23.4", Options{})
	w2.mustFail(err, "401 Unauthorized")
	if strings.Contains(err.Error(), "wrongpass") {
		t.Errorf("error shows the password: %q", err)
	}
}

func TestParseNetrc(t *testing.T) {
	got := parseNetrc(`machine a.example login alice password one
macdef init
  machine evil.example login x password y

machine b.example:8080
	login bob
	password two
default login anon password guest
machine c.example login carol password three
`)
	want := []netrcLine{{"a.example", "alice", "one"}, {"b.example:8080", "bob", "two"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseNetrc = %+v; want %+v", got, want)
	}
}

func TestParseGOPROXY(t *testing.T) {
	got, err := parseGOPROXY("proxy.example.com|https://b.example/x/, file:///srv/mirror ,direct,https://ignored.example")
	if err != nil {
		t.Fatal(err)
	}
	want := []proxy{
		{url: "https://proxy.example.com", fallBackOnError: true},
		{url: "https://b.example/x"},
		{url: "file:///srv/mirror"},
		{url: "direct"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseGOPROXY = %+v; want %+v", got, want)
	}
}

// A file:// GOPROXY works like the go command's, checksum database and all.
func TestFileGOPROXY(t *testing.T) {
	w := newWorld(t)
	data := w.publish("go1.23.4")
	dir := filepath.Join(w.root, "mirror", modulePath, "@v")
	os.MkdirAll(dir, 0o777)
	os.WriteFile(filepath.Join(dir, moduleVersion("go1.23.4").Version+".zip"), data, 0o666)
	os.WriteFile(filepath.Join(dir, "list"), []byte(moduleVersion("go1.23.4").Version+"\n"), 0o666)
	// The database is reached through the explicit URL: a file mirror
	// serves no /sumdb/.
	w.env["GOSUMDB"] = w.srv.GOSUMDB + " " + w.srv.URL + "/sumdb/" + testDB
	w.env["GOPROXY"] = "file://" + filepath.ToSlash(filepath.Join(w.root, "mirror"))
	if !strings.HasPrefix(w.env["GOPROXY"], "file:///") {
		w.env["GOPROXY"] = "file:///" + strings.TrimPrefix(w.env["GOPROXY"], "file://")
	}
	res, err := w.install("1.23", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Version != "go1.23.4" || w.hitsOf(zipPath("go1.23.4")) != 0 {
		t.Errorf("res = %+v, proxy zip hits %d; want go1.23.4 from the file mirror", res, w.hitsOf(zipPath("go1.23.4")))
	}
}

// The checksum database is reached through the first proxy that supports
// it, past proxies that say 404 — and directly when none does.
func TestSumdbReachedThroughProxyOrDirectly(t *testing.T) {
	w := newWorld(t)
	w.publish("go1.23.4")
	notFound := statusServer(t, http.StatusNotFound)

	w.env["GOPROXY"] = notFound + "," + w.srv.URL
	f, err := newFetcher(w.env, nil)
	if err != nil {
		t.Fatal(err)
	}
	chk, err := newChecker(context.Background(), w.env, f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chk.sum(moduleVersion("go1.23.4")); err != nil {
		t.Fatal(err)
	}
	if chk.ops.base != w.srv.URL+"/sumdb/"+testDB {
		t.Errorf("database reached at %q; want through the second proxy", chk.ops.base)
	}

	// No proxy supports it: the go command goes to https://<name>
	// directly; here "directly" is pointed at the test database.
	w.srv.FailSupported(http.StatusNotFound)
	w.env["XDG_CACHE_HOME"] = filepath.Join(w.root, "cache2") // no cached lookup
	chk, err = newChecker(context.Background(), w.env, f)
	if err != nil {
		t.Fatal(err)
	}
	chk.ops.direct = w.srv.URL + "/sumdb/" + testDB
	if _, err := chk.sum(moduleVersion("go1.23.4")); err != nil {
		t.Fatal(err)
	}
	if chk.ops.base != chk.ops.direct {
		t.Errorf("database reached at %q; want directly", chk.ops.base)
	}
	if n := w.hitsOf("/sumdb/" + testDB + "/supported"); n != 2 {
		t.Errorf("supported asked %d times; want once per checker", n)
	}
}

// The well-known database needs no key in GOSUMDB, and a bad GOSUMDB is
// an error, not a silent skip.
func TestGOSUMDBParsing(t *testing.T) {
	w := newWorld(t)
	f, err := newFetcher(w.env, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ gosumdb, name, err string }{
		{"sum.golang.org", "sum.golang.org", ""},
		{"sum.golang.google.cn", "sum.golang.org", ""},
		{"sum.golang.org https://mirror.example/sumdb/sum.golang.org", "sum.golang.org", ""},
		{"sum.example.com", "", "invalid GOSUMDB"},
		{"a b c", "", "invalid GOSUMDB"},
		{"off", "", "GOSUMDB=off"},
	} {
		w.env["GOSUMDB"] = tt.gosumdb
		chk, err := newChecker(context.Background(), w.env, f)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("GOSUMDB=%q: err = %v; want %q", tt.gosumdb, err, tt.err)
			}
			continue
		}
		if err != nil || chk.name != tt.name {
			t.Errorf("GOSUMDB=%q: %v, %v; want database %s", tt.gosumdb, chk, err, tt.name)
		}
	}
}

// Settings saved with `go env -w` count when the environment has none.
func TestGoEnvFileDefaults(t *testing.T) {
	w := newWorld(t)
	w.publish("go1.23.4")
	envFile := filepath.Join(w.root, "goenv")
	os.WriteFile(envFile, []byte("GOPROXY="+w.srv.URL+"\nGOSUMDB="+w.srv.GOSUMDB+"\n"), 0o666)
	w.env["GOENV"] = envFile
	delete(w.env, "GOPROXY")
	delete(w.env, "GOSUMDB")
	if _, err := w.install("1.23.4", Options{}); err != nil {
		t.Fatal(err)
	}
	if w.hitsOf(zipPath("go1.23.4")) != 1 {
		t.Errorf("the go env file's GOPROXY was not used")
	}
}
