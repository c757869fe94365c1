package install

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/gohook/gohook/config"
)

// A netrcLine is one machine's credentials from a .netrc file.
type netrcLine struct {
	machine, login, password string
}

// netrcPath is $NETRC, else ~/.netrc — on Windows ~/_netrc first — as for
// the go command.
func netrcPath(env config.Env) string {
	if p := env.Get("NETRC"); p != "" {
		return p
	}
	if runtime.GOOS == "windows" {
		if p := filepath.Join(env.Home(), "_netrc"); exists(p) {
			return p
		}
	}
	return filepath.Join(env.Home(), ".netrc")
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// readNetrc reads the credentials private module proxies need. A missing
// file means no credentials. As in the go command, GOAUTH (default
// "netrc") must list netrc among its ';'-separated methods; its other
// methods (git, custom commands) are not supported.
func readNetrc(env config.Env) ([]netrcLine, error) {
	if !usesNetrc(goEnv(env, "GOAUTH")) || env.Home() == "" && env.Get("NETRC") == "" {
		return nil, nil
	}
	data, err := os.ReadFile(netrcPath(env))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return parseNetrc(string(data)), nil
}

// parseNetrc reads the format as the go command does
// (https://www.gnu.org/software/inetutils/manual/html_node/The-_002enetrc-file.html):
// machine/login/password triples, macdef bodies skipped. The default entry,
// which must come last, is not used, and reading stops there.
func parseNetrc(data string) []netrcLine {
	var nrc []netrcLine
	var l netrcLine
	inMacro := false
	for _, line := range strings.Split(data, "\n") {
		if inMacro {
			if strings.TrimSpace(line) == "" {
				inMacro = false
			}
			continue
		}
		f := strings.Fields(line)
		for i := 0; i < len(f)-1; i += 2 {
			switch f[i] {
			case "machine":
				l = netrcLine{machine: f[i+1]}
			case "login":
				l.login = f[i+1]
			case "password":
				l.password = f[i+1]
			case "macdef":
				inMacro = true
			case "default":
				return nrc
			}
			if l.machine != "" && l.login != "" && l.password != "" {
				nrc = append(nrc, l)
				l = netrcLine{}
			}
		}
		if len(f)%2 == 1 && f[len(f)-1] == "default" {
			return nrc
		}
	}
	return nrc
}

// credentials returns the .netrc entry for host (which may include a port).
func (f *fetcher) credentials(host string) (netrcLine, bool) {
	for _, l := range f.netrc {
		if l.machine == host {
			return l, true
		}
	}
	return netrcLine{}, false
}

func usesNetrc(goauth string) bool {
	if goauth == "" {
		return true
	}
	for _, m := range strings.Split(goauth, ";") {
		if strings.TrimSpace(m) == "netrc" {
			return true
		}
	}
	return false
}
