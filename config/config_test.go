package config

import (
	"strings"
	"testing"
)

func TestParseGlobal(t *testing.T) {
	env := Env{"HOME": "/home/u", "OPT": "/opt"}
	g, err := ParseGlobal("cfg.toml", []byte("# mine\ndefault = \"1.22\"\ngobin = \"per-minor\"\n\n[toolchains]\nsearch = [\"gohook\", \"sdk\"]\ndirs = [\"~/go-roots\", \"$OPT/go\"]\n"), env)
	if err != nil {
		t.Fatal(err)
	}
	if g.Default != "1.22" || g.DefaultLine != 2 || g.GOBIN != "per-minor" {
		t.Errorf("%+v", g)
	}
	if strings.Join(g.Search, ",") != "gohook,sdk" || strings.Join(g.Dirs, ",") != "/home/u/go-roots,/opt/go" {
		t.Errorf("search %q dirs %q", g.Search, g.Dirs)
	}
}

func TestConfigErrorsNameFileLineKey(t *testing.T) {
	for _, tt := range []struct{ data, want string }{
		{"default = \"1.22\"\ngobinn = \"x\"\n", `cfg.toml:2: unknown key "gobinn"`},
		{"[toolchains]\nserch = []\n", `cfg.toml:2: unknown key "toolchains.serch"`},
		{"[toolchains]\nsearch = [\"gohook\", \"brew\"]\n", `cfg.toml:2: unknown toolchain source "brew"`},
		{"default = \n", "cfg.toml:1:"},
		{"default = 1.22\n", "cfg.toml"},
		{"\x00\x01", "cfg.toml: not a text file"},
	} {
		_, err := ParseGlobal("cfg.toml", []byte(tt.data), Env{})
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: got %v, want one line containing %q", tt.data, err, tt.want)
		}
	}
}

func TestParseProject(t *testing.T) {
	p, err := ParseProject("/p/.gohook.toml", []byte("go = \"1.22.3\"\npath = [\"./bin\"]\n\n[env]\nGOPRIVATE = \"corp.example/*\"\nCGO_ENABLED = \"0\"\nGOFLAGS = \"-mod=mod\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Go != "1.22.3" || p.GoLine != 1 || !p.Runs() || len(p.Hash) != 64 {
		t.Errorf("%+v", p)
	}
	var names []string
	for _, v := range p.Env {
		names = append(names, v.Name)
	}
	if strings.Join(names, ",") != "GOPRIVATE,CGO_ENABLED,GOFLAGS" {
		t.Errorf("env order %q, want the file's", names)
	}
	for _, tt := range []struct{ data, want string }{
		{"[env]\n\"A=B\" = \"x\"\n", `:2: [env] key "A=B" is not a valid variable name`},
		{"[env]\nPATH = \"/evil\"\n", ":2: [env] cannot set PATH"},
		{"[env]\nGOROOT = \"/x\"\n", "cannot set GOROOT"},
		{"[env]\nGOHOOK_GO = \"1.2\"\n", "cannot set GOHOOK_GO"},
		{"go = \"1.22\"\n[envv]\nX = \"1\"\n", `.gohook.toml:2: unknown key "envv"`},
	} {
		_, err := ParseProject("/p/.gohook.toml", []byte(tt.data))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: got %v, want %q", tt.data, err, tt.want)
		}
	}
}

func TestExpand(t *testing.T) {
	env := Env{"HOME": "/home/u", "X": "x"}
	for in, want := range map[string]string{"~": "/home/u", "~/a": "/home/u/a", "$X/b": "x/b", "${X}c": "xc", "a~b": "a~b"} {
		if got := env.Expand(in); got != want {
			t.Errorf("Expand(%q) = %q, want %q", in, got, want)
		}
	}
}
