package doctor

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/gohook/gohook/rcfile"
)

// shellVar is what the hook exports each time it runs (set in each
// shell's snippet): a child process can tell that the shell it was started
// from runs the hook, and which shell that is. The snippets' other state
// is shell-local and invisible here.
const shellVar = "_GOHOOK_SHELL"

// maxRC bounds how much of one rc file doctor reads.
const maxRC = 1 << 20

// shellFiles is where one shell reads its startup code, per kind of
// interactive session.
type shellFiles struct {
	Shell    string
	Sessions []sessionFiles
	// Unread are files people put the init line in that this shell does
	// not read as configured (~/.profile next to ~/.bash_profile, ~/.zshrc
	// with ZDOTDIR elsewhere), each with the reason.
	Unread []unreadFile
}

type sessionFiles struct {
	Kind  string   // "non-login", "login", "interactive"
	Files []string // read in this order
}

type unreadFile struct{ File, Why string }

// userShells are the shells to check: $SHELL's (pwsh on Windows), and the
// one the hook says it runs in when that is another.
func (s *survey) userShells() []*shellFiles {
	var names []string
	if s.goos == "windows" {
		names = append(names, "pwsh")
	} else if sh := shellBase(s.env.Get("SHELL")); sh != "" {
		names = append(names, sh)
	}
	if sh := s.env.Get(shellVar); sh != "" && (len(names) == 0 || names[0] != sh) {
		names = append(names, sh)
	}
	var out []*shellFiles
	for _, n := range names {
		if f := s.filesOf(n); f != nil {
			out = append(out, f)
		}
	}
	return out
}

func shellBase(p string) string {
	b := strings.TrimPrefix(filepath.Base(p), "-")
	b = strings.TrimSuffix(strings.ToLower(b), ".exe")
	switch b {
	case ".", "/":
		return ""
	case "powershell":
		return "pwsh"
	}
	return b
}

// shellName is the shell the user works in, for fixes: the hook's, else
// $SHELL's, else bash.
func (s *survey) shellName() string {
	if sh := s.env.Get(shellVar); sh != "" {
		return sh
	}
	if len(s.shells) > 0 {
		return s.shells[0].Shell
	}
	return "bash"
}

// filesOf lists a shell's startup files; nil for a shell gohook has no
// hook for.
func (s *survey) filesOf(shell string) *shellFiles {
	home := s.home
	h := func(parts ...string) string { return filepath.Join(append([]string{home}, parts...)...) }
	sf := &shellFiles{Shell: shell}
	switch shell {
	case "bash":
		// A login shell reads the first of these that exists, and no other.
		login := []string{h(".bash_profile"), h(".bash_login"), h(".profile")}
		var read []string
		for i, f := range login {
			if exists(f) {
				read = []string{f}
				for _, other := range login[i+1:] {
					sf.Unread = append(sf.Unread, unreadFile{other, "bash login shells read only the first of ~/.bash_profile, ~/.bash_login and ~/.profile, and " + s.tilde(f) + " exists"})
				}
				break
			}
		}
		sf.Sessions = []sessionFiles{{"non-login", []string{h(".bashrc")}}, {"login", read}}
	case "zsh":
		zd := s.env.Get("ZDOTDIR")
		if zd == "" {
			zd = home
		}
		env := dedupe([]string{h(".zshenv"), filepath.Join(zd, ".zshenv")})
		rc := filepath.Join(zd, ".zshrc")
		sf.Sessions = []sessionFiles{
			{"non-login", slices.Concat(env, []string{rc})},
			{"login", slices.Concat(env, []string{filepath.Join(zd, ".zprofile"), rc, filepath.Join(zd, ".zlogin")})},
		}
		if !sameFile(zd, home) {
			for _, f := range []string{".zshrc", ".zprofile", ".zlogin"} {
				sf.Unread = append(sf.Unread, unreadFile{h(f), "zsh reads $ZDOTDIR/" + f + " instead, and ZDOTDIR=" + zd})
			}
		}
	case "fish":
		dir := filepath.Join(s.configHome(), "fish")
		files := append([]string{filepath.Join(dir, "config.fish")}, glob(filepath.Join(dir, "conf.d"), ".fish")...)
		sf.Sessions = []sessionFiles{{"interactive", files}}
		for _, f := range glob(filepath.Join(dir, "conf.d"), "") {
			if !strings.HasSuffix(f, ".fish") {
				sf.Unread = append(sf.Unread, unreadFile{f, "fish reads only conf.d files whose names end in .fish"})
			}
		}
		if def := h(".config", "fish"); !sameFile(def, dir) {
			for _, f := range append([]string{filepath.Join(def, "config.fish")}, glob(filepath.Join(def, "conf.d"), ".fish")...) {
				sf.Unread = append(sf.Unread, unreadFile{f, "fish reads " + dir + " instead, since XDG_CONFIG_HOME=" + s.env.Get("XDG_CONFIG_HOME")})
			}
		}
	case "pwsh":
		var dirs []string
		if s.goos == "windows" {
			for _, d := range []string{h("Documents"), filepath.Join(s.env.Get("OneDrive"), "Documents")} {
				if filepath.IsAbs(d) {
					dirs = append(dirs, filepath.Join(d, "PowerShell"))
					for _, f := range []string{"profile.ps1", "Microsoft.PowerShell_profile.ps1"} {
						sf.Unread = append(sf.Unread, unreadFile{filepath.Join(d, "WindowsPowerShell", f), "that is Windows PowerShell 5.1's profile; PowerShell 7 (pwsh) reads Documents\\PowerShell"})
					}
				}
			}
		} else {
			dirs = []string{filepath.Join(s.configHome(), "powershell")}
		}
		var files []string
		for _, d := range dedupe(dirs) {
			files = append(files, filepath.Join(d, "profile.ps1"), filepath.Join(d, "Microsoft.PowerShell_profile.ps1"))
		}
		sf.Sessions = []sessionFiles{{"interactive", files}}
	default:
		return nil
	}
	return sf
}

func (s *survey) configHome() string {
	if d := s.env.Get("XDG_CONFIG_HOME"); filepath.IsAbs(d) {
		return d
	}
	return filepath.Join(s.home, ".config")
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func dedupe(list []string) []string {
	var out []string
	for _, s := range list {
		dup := false
		for _, o := range out {
			dup = dup || o == s
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}

// glob lists dir's files ending in suffix, sorted.
func glob(dir, suffix string) []string {
	ents, _ := os.ReadDir(dir)
	var out []string
	for _, e := range ents {
		if !e.IsDir() && strings.HasSuffix(e.Name(), suffix) {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out
}

// initRE matches gohook's init line in any shell's syntax: `eval "$(gohook
// init bash)"`, `gohook init fish | source`, `& gohook init pwsh`, also
// with a path to gohook.
// Regexps here compile on first use (sync.OnceValue): a package-level
// regexp.MustCompile runs at every gohook start, the hook's export included.
var initRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`gohook(?:\.exe)?['"]?\s+init\s+['"]?([a-z]+)`) })

// sourceRE matches a line that runs another file: `. FILE`, `source FILE`
// (with `[ -f F ] && . F` and `then . F` forms).
var sourceRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:^|[;&|{]\s*|\bthen\s+|\bdo\s+)(?:\.|source)\s+("[^"]+"|'[^']+'|[^\s;&|)]+)`)
})

// rcLine is a place in a startup file.
type rcLine struct {
	File string
	Line int
	Text string
}

// scan reads files (and the files they source, a few levels deep) and
// calls fn with each non-comment line until fn returns true.
func (s *survey) scan(files []string, fn func(rcLine) bool) bool {
	seen := map[string]bool{}
	var walk func(f string, depth int) bool
	walk = func(f string, depth int) bool {
		if depth > 4 || seen[f] {
			return false
		}
		seen[f] = true
		data := readRC(f)
		for i, line := range strings.Split(string(data), "\n") {
			t := strings.TrimSpace(line)
			if t == "" || strings.HasPrefix(t, "#") {
				continue
			}
			if fn(rcLine{f, i + 1, t}) {
				return true
			}
			for _, m := range sourceRE().FindAllStringSubmatch(t, -1) {
				if p := s.expandRC(m[1]); p != "" && walk(p, depth+1) {
					return true
				}
			}
		}
		return false
	}
	for _, f := range files {
		if walk(f, 0) {
			return true
		}
	}
	return false
}

// readRC reads a startup file; text only, bounded, "" when unreadable.
func readRC(f string) []byte {
	fh, err := os.Open(f)
	if err != nil {
		return nil
	}
	defer fh.Close()
	if fi, err := fh.Stat(); err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	data, _ := io.ReadAll(io.LimitReader(fh, maxRC))
	if bytes.IndexByte(data, 0) >= 0 {
		return nil
	}
	return data
}

// defaultRE matches ${VAR:-default}.
var defaultRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\$\{(\w+):-([^}]*)\}`) })

// expandRC turns the file argument of a source line into a path, when it
// is one doctor can know: quotes, ~, $HOME, ${ZDOTDIR:-$HOME} and the
// like; "" for anything computed.
func (s *survey) expandRC(arg string) string {
	arg = strings.Trim(arg, `"'`)
	arg = defaultRE().ReplaceAllStringFunc(arg, func(m string) string {
		sub := defaultRE().FindStringSubmatch(m)
		if v := s.env.Get(sub[1]); v != "" {
			return v
		}
		return sub[2]
	})
	arg = strings.NewReplacer("$env:USERPROFILE", s.home, "$env:HOME", s.home).Replace(arg)
	p := s.env.Expand(arg)
	if strings.ContainsAny(p, "$*?[`(") {
		return ""
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(s.home, p)
	}
	return p
}

// findInit returns where files (or what they source) run gohook's init
// line for shell, and the first init line naming another shell.
func (s *survey) findInit(files []string, shell string) (found, wrong rcLine, ok bool) {
	ok = s.scan(files, func(l rcLine) bool {
		m := initRE().FindStringSubmatch(l.Text)
		if m == nil {
			return false
		}
		if m[1] == shell {
			found = l
			return true
		}
		if wrong.File == "" {
			wrong = l
		}
		return false
	})
	return found, wrong, ok
}

// initLine is the line that goes in a shell's startup file.
func initLine(shell string) string {
	switch shell {
	case "fish":
		return "gohook init fish | source"
	case "pwsh":
		return "Invoke-Expression (& gohook init pwsh | Out-String)"
	}
	return `eval "$(gohook init ` + shell + `)"`
}

// mainFile is the file the init line belongs in: the one every
// interactive session of the shell reads.
func (sf *shellFiles) mainFile() string {
	switch sf.Shell {
	case "bash":
		return sf.Sessions[0].Files[0] // ~/.bashrc
	case "zsh":
		f := sf.Sessions[0].Files
		return f[len(f)-1] // .zshrc
	}
	return sf.Sessions[0].Files[0]
}

// checkHook: the hook must be running in this shell, and every kind of
// session of the user's shell must read the init line.
func (s *survey) checkHook() {
	var main *shellFiles
	if len(s.shells) > 0 {
		main = s.shells[0]
	}
	if s.env.Get(shellVar) == "" {
		switch {
		case main == nil && s.env.Get("SHELL") != "":
			s.add("shell-unsupported", Warning, "SHELL", "use bash, zsh, fish or pwsh, or run Go through `gohook exec -- go …`",
				"SHELL=%s is not a shell gohook has a hook for (bash, zsh, fish, pwsh).", s.env.Get("SHELL"))
		case main == nil:
			s.add("hook-inactive", Warning, shellVar, "put gohook's init line in your shell's startup file (`gohook init bash|zsh|fish|pwsh` prints it), then start a new shell",
				"The gohook hook has not run in this shell (%s is unset), so `go`, GOROOT and GOBIN are not switched per directory.", shellVar)
		default:
			fix := "gohook setup " + main.Shell + ", then start a new shell"
			for _, sess := range main.Sessions {
				if l, _, ok := s.findInit(sess.Files, main.Shell); ok {
					fix = "start a new shell (or source " + s.tilde(l.File) + "); if the hook still does not run, a line after " + s.tilde(l.File) + ":" + itoa(l.Line) + " replaces the prompt hook gohook added (" + promptHook(main.Shell) + ") instead of adding to it"
					break
				}
			}
			s.add("hook-inactive", Warning, shellVar, fix,
				"The gohook hook has not run in this shell (%s is unset), so `go`, GOROOT and GOBIN are not switched per directory.", shellVar)
		}
	}
	for _, sf := range s.shells {
		s.checkRC(sf)
	}
}

func promptHook(shell string) string {
	switch shell {
	case "bash":
		return "PROMPT_COMMAND"
	case "zsh":
		return "precmd_functions"
	case "fish":
		return "the fish_prompt event"
	}
	return "the prompt function"
}

// checkRC reports a shell whose sessions do not all run the init line.
func (s *survey) checkRC(sf *shellFiles) {
	var missing []sessionFiles
	var wrong rcLine
	for _, sess := range sf.Sessions {
		_, w, ok := s.findInit(sess.Files, sf.Shell)
		if !ok {
			missing = append(missing, sess)
		}
		if wrong.File == "" {
			wrong = w
		}
	}
	if wrong.File != "" {
		s.add("hook-wrong-shell", Warning, wrong.File, "change that line to `"+initLine(sf.Shell)+"`",
			"%s:%d runs `%s`, the hook for another shell, but %s reads that file.", s.tilde(wrong.File), wrong.Line, strings.TrimSpace(initRE().FindString(wrong.Text)), sf.Shell)
	}
	if len(missing) == 0 {
		return
	}
	// The line may be in a file this shell does not read.
	for _, u := range sf.Unread {
		if l, _, ok := s.findInit([]string{u.File}, sf.Shell); ok {
			s.add("hook-unread-file", Warning, u.File, "gohook setup "+sf.Shell+", then delete line "+itoa(l.Line)+" of "+s.tilde(l.File),
				"%s:%d has gohook's init line, but %s never runs it: %s.", s.tilde(l.File), l.Line, sf.Shell, u.Why)
			return
		}
	}
	if len(missing) == len(sf.Sessions) {
		s.add("hook-missing", Warning, sf.mainFile(), "gohook setup "+sf.Shell+" (or add `"+initLine(sf.Shell)+"` to "+s.tilde(sf.mainFile())+")",
			"No %s startup file runs gohook's init line (looked in %s).", sf.Shell, s.tildes(allFiles(sf)))
		return
	}
	for _, sess := range missing {
		switch {
		case sf.Shell == "bash" && sess.Kind == "login" && len(sess.Files) == 0:
			f := filepath.Join(s.home, ".bash_profile")
			s.add("hook-missing-login", Warning, f, "gohook setup bash (it creates ~/.bash_profile, sourcing ~/.bashrc)",
				"bash login shells (macOS Terminal, ssh, tmux) read none of ~/.bash_profile, ~/.bash_login, ~/.profile, so they never run the init line in %s.", s.tilde(sf.mainFile()))
		case sf.Shell == "bash" && sess.Kind == "login":
			f := sess.Files[0]
			s.add("hook-missing-login", Warning, f, "gohook setup bash (it makes "+s.tilde(f)+" source ~/.bashrc)",
				"bash login shells (macOS Terminal, ssh, tmux) read %s, which neither runs gohook's init line nor sources %s.", s.tilde(f), s.tilde(sf.mainFile()))
		default:
			s.add("hook-missing-"+sess.Kind, Warning, sf.mainFile(), "gohook setup "+sf.Shell+", then delete the init line from the other file",
				"%s %s shells read none of the files with gohook's init line (they read %s).", sf.Shell, sess.Kind, s.tildes(sess.Files))
		}
	}
}

// tilde shows a path under HOME as ~/…, as people write rc file names.
func (s *survey) tilde(p string) string { return rcfile.Tilde(p, s.home) }

func (s *survey) tildes(ps []string) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = s.tilde(p)
	}
	return strings.Join(out, ", ")
}

func allFiles(sf *shellFiles) []string {
	var out []string
	for _, sess := range sf.Sessions {
		out = append(out, sess.Files...)
	}
	return dedupe(out)
}

// whereSet finds the startup-file line that sets an environment variable,
// as "file:line", or "".
func (s *survey) whereSet(name string) string {
	q := regexp.QuoteMeta(name)
	re := regexp.MustCompile(`(?:^|[\s;])(?:export\s+|declare\s+-x\s+)?` + q + `=|\bset\s+(?:-\S+\s+)*` + q + `\b|\$env:` + q + `\s*=|setenv\s+` + q + `\b`)
	at := ""
	for _, sf := range s.shells {
		if s.scan(allFiles(sf), func(l rcLine) bool {
			if re.MatchString(l.Text) {
				at = l.File + ":" + itoa(l.Line)
				return true
			}
			return false
		}) {
			break
		}
	}
	return at
}
