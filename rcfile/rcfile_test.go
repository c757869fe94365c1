package rcfile

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gohook/gohook/config"
)

// setup runs Plan and applies every step, as `gohook setup` does.
func setup(t *testing.T, shell string, o Options) []Step {
	t.Helper()
	steps, err := Plan(shell, o)
	if err != nil {
		t.Fatalf("Plan(%s): %v", shell, err)
	}
	for _, s := range steps {
		if err := s.Apply(); err != nil {
			t.Fatalf("Apply %s: %v", s.File, err)
		}
	}
	return steps
}

func changed(steps []Step) []string {
	var out []string
	for _, s := range steps {
		if s.Append != "" {
			out = append(out, s.File)
		}
	}
	return out
}

func opts(t *testing.T, extra ...string) (Options, string) {
	home := filepath.Join(t.TempDir(), "home dir") // a space, on purpose
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	env := config.Env{"HOME": home, "USERPROFILE": home}
	for i := 0; i+1 < len(extra); i += 2 {
		env[extra[i]] = extra[i+1]
	}
	// Not named gohook: the line setup wrote must be recognised anyway.
	return Options{Env: env, GOOS: "linux", Exe: "/opt/bin/gh-renamed"}, home
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// Every shell: the first setup writes the file that shell reads, the
// second changes nothing, and the user's lines stay as they were.
func TestIdempotentEveryShell(t *testing.T) {
	for _, tc := range []struct {
		shell string
		extra []string
		file  func(home string) string
	}{
		{"bash", nil, func(h string) string { return filepath.Join(h, ".bashrc") }},
		{"zsh", nil, func(h string) string { return filepath.Join(h, ".zshrc") }},
		{"zsh", []string{"ZDOTDIR", "@/zdot"}, func(h string) string { return filepath.Join(filepath.Dir(h), "zdot", ".zshrc") }},
		{"fish", nil, func(h string) string { return filepath.Join(h, ".config", "fish", "conf.d", "gohook.fish") }},
		{"fish", []string{"XDG_CONFIG_HOME", "@/xdg"}, func(h string) string { return filepath.Join(filepath.Dir(h), "xdg", "fish", "conf.d", "gohook.fish") }},
		{"pwsh", nil, func(h string) string {
			return filepath.Join(h, ".config", "powershell", "Microsoft.PowerShell_profile.ps1")
		}},
	} {
		name := tc.shell
		if tc.extra != nil {
			name += "/" + tc.extra[0]
		}
		t.Run(name, func(t *testing.T) {
			o, home := opts(t)
			for i := 0; i+1 < len(tc.extra); i += 2 {
				o.Env[tc.extra[i]] = strings.Replace(tc.extra[i+1], "@", filepath.Dir(home), 1)
			}
			file := tc.file(home)
			const mine = "# my own settings\nalias ll='ls -l'\nexport FOO=bar" // no final newline
			if tc.shell != "fish" {
				if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, []byte(mine), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			first := setup(t, tc.shell, o)
			if got := changed(first); len(got) == 0 || got[0] != file {
				t.Fatalf("first setup changed %q, want %s first", got, file)
			}
			after := readFile(t, file)
			if tc.shell != "fish" && !strings.HasPrefix(after, mine+"\n") {
				t.Errorf("the user's lines were not kept as they were:\n%s", after)
			}
			if !has([]byte(after), tc.shell, initLine(tc.shell, o.Exe)) {
				t.Errorf("no init line in %s:\n%s", file, after)
			}
			if strings.Count(after, marker) != 1 {
				t.Errorf("want the marker comment once:\n%s", after)
			}
			snapshot := snapshotDir(t, filepath.Dir(home))
			second := setup(t, tc.shell, o)
			if got := changed(second); len(got) != 0 {
				t.Errorf("second setup changed %q", got)
			}
			if snapshotDir(t, filepath.Dir(home)) != snapshot {
				t.Error("second setup changed files")
			}
		})
	}
}

// snapshotDir is every file's path and contents under dir.
func snapshotDir(t *testing.T, dir string) string {
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			b.WriteString(p + "\n" + string(data) + "\n")
		}
		return nil
	})
	return b.String()
}

func TestBashLoginFile(t *testing.T) {
	t.Run("none: create ~/.bash_profile", func(t *testing.T) {
		o, home := opts(t)
		setup(t, "bash", o)
		got := readFile(t, filepath.Join(home, ".bash_profile"))
		if !strings.Contains(got, sourceLine) {
			t.Errorf(".bash_profile:\n%s", got)
		}
	})
	t.Run("debian .profile already sources it", func(t *testing.T) {
		o, home := opts(t)
		profile := "# ~/.profile\nif [ -n \"$BASH_VERSION\" ]; then\n    if [ -f \"$HOME/.bashrc\" ]; then\n\t. \"$HOME/.bashrc\"\n    fi\nfi\n"
		os.WriteFile(filepath.Join(home, ".profile"), []byte(profile), 0o644)
		steps := setup(t, "bash", o)
		if got := changed(steps); len(got) != 1 || filepath.Base(got[0]) != ".bashrc" {
			t.Errorf("changed %q, want only .bashrc", got)
		}
		if readFile(t, filepath.Join(home, ".profile")) != profile {
			t.Error(".profile was changed")
		}
		if _, err := os.Stat(filepath.Join(home, ".bash_profile")); err == nil {
			t.Error("created .bash_profile, which would hide .profile from login shells")
		}
	})
	t.Run("bash_profile wins over profile", func(t *testing.T) {
		o, home := opts(t)
		os.WriteFile(filepath.Join(home, ".bash_profile"), []byte("export A=1\n"), 0o644)
		os.WriteFile(filepath.Join(home, ".profile"), []byte(". ~/.bashrc\n"), 0o644)
		setup(t, "bash", o)
		if got := readFile(t, filepath.Join(home, ".bash_profile")); !strings.HasPrefix(got, "export A=1\n\n") || !strings.Contains(got, sourceLine) {
			t.Errorf(".bash_profile:\n%s", got)
		}
		second := setup(t, "bash", o)
		if got := changed(second); len(got) != 0 {
			t.Errorf("second setup changed %q", got)
		}
	})
	t.Run("commented-out source does not count", func(t *testing.T) {
		o, home := opts(t)
		os.WriteFile(filepath.Join(home, ".bash_profile"), []byte("# . ~/.bashrc\n"), 0o644)
		steps := setup(t, "bash", o)
		if len(changed(steps)) != 2 {
			t.Errorf("changed %q, want .bashrc and .bash_profile", changed(steps))
		}
	})
}

// The files setup writes are valid, and a login bash that reads them gets
// the line from ~/.bashrc exactly once.
func TestBashResultRuns(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	o, home := opts(t)
	o.Exe = "/opt/go hook/gohook" // a path that needs quoting
	setup(t, "bash", o)
	rc := readFile(t, filepath.Join(home, ".bashrc"))
	if !strings.Contains(rc, `eval "$('/opt/go hook/gohook' init bash)"`) {
		t.Errorf(".bashrc:\n%s", rc)
	}
	// Replace the init line's command with an echo to count the runs.
	fake := filepath.Join(t.TempDir(), "gohook")
	os.WriteFile(fake, []byte("#!/bin/sh\necho 'echo gohook-ran'\n"), 0o755)
	os.WriteFile(filepath.Join(home, ".bashrc"), []byte(strings.ReplaceAll(rc, "/opt/go hook/gohook", fake)), 0o644)
	cmd := exec.Command(bash, "-l", "-c", "true")
	cmd.Env = []string{"HOME=" + home, "PATH=/usr/bin:/bin"}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bash -l: %v\n%s", err, out)
	}
	if strings.Count(string(out), "gohook-ran") != 1 {
		t.Errorf("login bash output %q, want the init line run once", out)
	}
}

// Each generated line passes its shell's own syntax check.
func TestGeneratedLinesParse(t *testing.T) {
	for _, tc := range []struct{ shell, prog string }{
		{"bash", "bash -n"}, {"zsh", "zsh -n"}, {"fish", "fish --no-execute"},
	} {
		argv := strings.Fields(tc.prog)
		if _, err := exec.LookPath(argv[0]); err != nil {
			t.Logf("%s not installed: not checked", argv[0])
			continue
		}
		for _, exe := range []string{"gohook", "/p/with space/it's $x/gohook"} {
			f := filepath.Join(t.TempDir(), "rc")
			os.WriteFile(f, []byte(marker+"\n"+initLine(tc.shell, exe)+"\n"), 0o644)
			if out, err := exec.Command(argv[0], append(argv[1:], f)...).CombinedOutput(); err != nil {
				t.Errorf("%s rejects %q: %v\n%s", tc.prog, initLine(tc.shell, exe), err, out)
			}
		}
	}
	if got := initLine("pwsh", `C:\Program Files\it's\gohook.exe`); got != `Invoke-Expression (& 'C:\Program Files\it''s\gohook.exe' init pwsh | Out-String)` {
		t.Errorf("pwsh line: %s", got)
	}
}

// Lines the user wrote by hand, in any of the usual forms, count.
func TestHandWrittenLineCounts(t *testing.T) {
	for shell, line := range map[string]string{
		"bash": `eval "$(/usr/local/bin/gohook init bash)"`,
		"zsh":  `  eval "$(gohook init zsh)"   # gohook`,
		"pwsh": `Invoke-Expression (& 'C:\tools\gohook.exe' init pwsh | Out-String)`,
	} {
		o, home := opts(t)
		file := map[string]string{
			"bash": filepath.Join(home, ".bashrc"),
			"zsh":  filepath.Join(home, ".zshrc"),
			"pwsh": filepath.Join(home, ".config", "powershell", "Microsoft.PowerShell_profile.ps1"),
		}[shell]
		os.MkdirAll(filepath.Dir(file), 0o755)
		os.WriteFile(file, []byte(line+"\n"), 0o644)
		steps, err := Plan(shell, o)
		if err != nil {
			t.Fatal(err)
		}
		if steps[0].Append != "" {
			t.Errorf("%s: %q not recognised", shell, line)
		}
	}
	// fish: a line in config.fish means conf.d needs none.
	o, home := opts(t)
	cf := filepath.Join(home, ".config", "fish", "config.fish")
	os.MkdirAll(filepath.Dir(cf), 0o755)
	os.WriteFile(cf, []byte("if status is-interactive\n    gohook init fish | source\nend\n"), 0o644)
	steps := setup(t, "fish", o)
	if len(changed(steps)) != 0 {
		t.Errorf("fish with a config.fish line changed %q", changed(steps))
	}
}

func TestCRLFAndSymlink(t *testing.T) {
	o, home := opts(t)
	o.GOOS = "windows"
	o.PwshProfile = filepath.Join(home, "Documents", "PowerShell", "Microsoft.PowerShell_profile.ps1")
	os.MkdirAll(filepath.Dir(o.PwshProfile), 0o755)
	os.WriteFile(o.PwshProfile, []byte("Set-Alias ll ls\r\n"), 0o644)
	setup(t, "pwsh", o)
	got := readFile(t, o.PwshProfile)
	if strings.Count(got, "\r\n") != strings.Count(got, "\n") {
		t.Errorf("mixed line endings in a CRLF profile: %q", got)
	}

	// A dotfile manager's symlink stays a symlink; its target gets the line.
	o, home = opts(t)
	target := filepath.Join(t.TempDir(), "dotfiles-zshrc")
	os.WriteFile(target, []byte("setopt autocd\n"), 0o644)
	if err := os.Symlink(target, filepath.Join(home, ".zshrc")); err != nil {
		t.Skip("no symlinks:", err)
	}
	setup(t, "zsh", o)
	if fi, err := os.Lstat(filepath.Join(home, ".zshrc")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error(".zshrc is no longer a symlink")
	}
	if got := readFile(t, target); !strings.HasPrefix(got, "setopt autocd\n") || !has([]byte(got), "zsh", initLine("zsh", o.Exe)) {
		t.Errorf("symlink target:\n%s", got)
	}
}

func TestNoHome(t *testing.T) {
	if _, err := Plan("bash", Options{Env: config.Env{}, Exe: "gohook"}); err == nil {
		t.Error("no error without HOME")
	}
	o, _ := opts(t)
	if _, err := Plan("tcsh", o); err == nil {
		t.Error("no error for an unknown shell")
	}
}

func TestTilde(t *testing.T) {
	for _, tc := range [][3]string{
		{"/home/u/.bashrc", "/home/u", "~/.bashrc"},
		{"/home/user2/.bashrc", "/home/u", "/home/user2/.bashrc"},
		{"/etc/x", "", "/etc/x"},
	} {
		if got := Tilde(tc[0], tc[1]); got != tc[2] {
			t.Errorf("Tilde(%q, %q) = %q, want %q", tc[0], tc[1], got, tc[2])
		}
	}
}
