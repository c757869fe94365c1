package testscripts

import (
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/gohook/gohook/install/proxytest"
)

// cmdProxy is the script command
//
//	proxy VERSION...
//
// It starts a local module proxy with a checksum database (install/proxytest)
// serving a tiny fake Go release for each VERSION (go1.23.4, …) for this
// machine, and points the script's GOPROXY and GOSUMDB at it, so `gohook
// install` runs for real without the network. The server stops with the
// scenario.
func cmdProxy(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! proxy")
	}
	if len(args) == 0 {
		ts.Fatalf("usage: proxy VERSION...")
	}
	srv, err := proxytest.NewServer()
	ts.Check(err)
	ts.Defer(srv.Close)
	for _, v := range args {
		_, err := srv.Publish(v)
		ts.Check(err)
	}
	ts.Setenv("GOPROXY", srv.URL)
	ts.Setenv("GOSUMDB", srv.GOSUMDB)
}
