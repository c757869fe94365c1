package install

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/gohook/gohook/config"
	"golang.org/x/mod/module"
)

// goEnv reads a go command setting the way the go command does: the
// environment, then the `go env -w` file, then the go command's default.
func goEnv(env config.Env, key string) string {
	if v := env.Get(key); v != "" {
		return v
	}
	if v := env.GoEnvFile()[key]; v != "" {
		return v
	}
	switch key {
	case "GOPROXY":
		return "https://proxy.golang.org,direct"
	case "GOSUMDB":
		return "sum.golang.org"
	case "GONOPROXY", "GONOSUMDB":
		return goEnv(env, "GOPRIVATE")
	}
	return ""
}

// A proxy is one entry of $GOPROXY.
type proxy struct {
	url string // an http(s):// or file:// URL, or "direct" or "off"
	// fallBackOnError is set when the entry is followed by '|': the next
	// entry is tried after any error, not only after "not found".
	fallBackOnError bool
}

// parseGOPROXY splits $GOPROXY as the go command does (cmd/go/internal/modfetch).
func parseGOPROXY(goproxy string) ([]proxy, error) {
	var list []proxy
	for goproxy != "" {
		var u string
		fallBack := false
		if i := strings.IndexAny(goproxy, ",|"); i >= 0 {
			u, fallBack, goproxy = goproxy[:i], goproxy[i] == '|', goproxy[i+1:]
		} else {
			u, goproxy = goproxy, ""
		}
		u = strings.TrimSpace(u)
		switch u {
		case "":
			continue
		case "off", "direct":
			// Both end the list: off always fails, and the go command
			// reserves what follows direct for future use.
			return append(list, proxy{url: u}), nil
		}
		// Like the go command, a bare host gets https://.
		if strings.ContainsAny(u, ".:/") && !strings.Contains(u, ":/") && !filepath.IsAbs(u) && !path.IsAbs(u) {
			u = "https://" + u
		}
		pu, err := url.Parse(u)
		if err != nil {
			return nil, fmt.Errorf("GOPROXY: invalid proxy URL %q: %v", u, err)
		}
		switch pu.Scheme {
		case "http", "https", "file":
		default:
			return nil, fmt.Errorf("GOPROXY: invalid proxy URL %q: want https://, http:// or file://", pu.Redacted())
		}
		list = append(list, proxy{url: strings.TrimSuffix(u, "/"), fallBackOnError: fallBack})
	}
	if len(list) == 0 {
		return nil, errors.New("GOPROXY is set but lists no proxy")
	}
	return list, nil
}

// Errors for the GOPROXY keywords that cannot serve a toolchain.
var (
	errProxyOff = errors.New("GOPROXY=off: module downloads are disabled")
	errDirect   = errors.New("GOPROXY=direct: toolchains can only be downloaded from a module proxy (golang.org/toolchain has no source repository to fetch directly); set GOPROXY to a proxy such as https://proxy.golang.org")
)

// A fetcher makes the requests to the proxies, with .netrc credentials.
type fetcher struct {
	client  *http.Client
	proxies []proxy
	netrc   []netrcLine
}

func newFetcher(env config.Env, client *http.Client) (*fetcher, error) {
	proxies, err := parseGOPROXY(goEnv(env, "GOPROXY"))
	if err != nil {
		return nil, err
	}
	if pat := goEnv(env, "GONOPROXY"); module.MatchPrefixPatterns(pat, modulePath) {
		return nil, fmt.Errorf("GONOPROXY (or GOPRIVATE) %q matches %s, which would make the go command fetch it directly; toolchains can only be downloaded from a module proxy, so remove that pattern", pat, modulePath)
	}
	if client == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		// A proxy that accepts the connection but never answers should not
		// hang the install; the body has its own stall timer (download).
		t.ResponseHeaderTimeout = time.Minute
		client = &http.Client{Transport: t}
	}
	nrc, err := readNetrc(env)
	if err != nil {
		return nil, err
	}
	return &fetcher{client: client, proxies: proxies, netrc: nrc}, nil
}

// try calls fn with each proxy's base URL in GOPROXY order until one
// succeeds. As in the go command, ',' moves on only when the proxy said
// "not found" (404 or 410), '|' moves on after any error, and the most
// useful error is returned when every proxy failed.
func (f *fetcher) try(ctx context.Context, fn func(base string) error) error {
	var best error
	bestRank := -1
	for _, p := range f.proxies {
		var err error
		rank := 0 // off, direct: only when nothing better was said
		switch p.url {
		case "off":
			err = errProxyOff
		case "direct":
			err = errDirect
		default:
			err = fn(p.url)
			if err == nil {
				return nil
			}
			rank = 2
			if errors.Is(err, fs.ErrNotExist) {
				rank = 1
			}
		}
		if rank >= bestRank {
			best, bestRank = err, rank
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if rank == 2 && !p.fallBackOnError {
			break
		}
	}
	return best
}

// An httpError is a response other than 200 OK. 404 and 410 mean "not
// found" (errors.Is(err, fs.ErrNotExist)), which lets GOPROXY fall through.
type httpError struct {
	url    string // redacted
	status string
}

func (e *httpError) Error() string { return e.url + ": " + e.status }

func (e *httpError) Is(target error) bool {
	return target == fs.ErrNotExist && (strings.HasPrefix(e.status, "404") || strings.HasPrefix(e.status, "410"))
}

// open starts reading rawURL and returns its body and length (-1 when
// unknown).
func (f *fetcher) open(ctx context.Context, rawURL string) (io.ReadCloser, int64, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, 0, err
	}
	if u.Scheme == "file" {
		return openFile(u)
	}
	req, err := http.NewRequestWithContext(ctx, "GET", u.String(), nil)
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("User-Agent", "gohook (+https://github.com/gohook/gohook)")
	if u.User == nil {
		if l, ok := f.credentials(u.Host); ok {
			req.SetBasicAuth(l.login, l.password)
		}
	}
	resp, err := f.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			// "Get "https://…": dial tcp: …" → "https://…: dial tcp: …"
			return nil, 0, fmt.Errorf("%s: %w", u.Redacted(), ue.Err)
		}
		return nil, 0, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, 0, &httpError{url: u.Redacted(), status: resp.Status}
	}
	return resp.Body, resp.ContentLength, nil
}

// openFile serves a file:// GOPROXY, as the go command allows.
func openFile(u *url.URL) (io.ReadCloser, int64, error) {
	name := u.Path
	if runtime.GOOS == "windows" {
		// file:///C:/mirror → C:/mirror
		name = strings.TrimPrefix(name, "/")
	}
	f, err := os.Open(filepath.FromSlash(name))
	if err != nil {
		return nil, 0, err
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, 0, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return f, fi.Size(), nil
}

// get reads a small response whole.
func (f *fetcher) get(ctx context.Context, rawURL string, limit int64) ([]byte, error) {
	rc, _, err := f.open(ctx, rawURL)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: response larger than %d bytes", redact(rawURL), limit)
	}
	return data, nil
}

// host is what to call a proxy in messages: its host, or the URL for files.
func host(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return base
	}
	return u.Host
}

// redact hides the password of a URL with credentials in messages.
func redact(rawURL string) string {
	if u, err := url.Parse(rawURL); err == nil {
		return u.Redacted()
	}
	return rawURL
}
