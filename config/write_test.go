package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWithDefault(t *testing.T) {
	line := `default = "1.23"`
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", line + "\n"},
		{"replace only that line",
			"# my config\ndefault = \"1.21\"   # old\ngobin = \"shared\"\n",
			"# my config\n" + line + "\ngobin = \"shared\"\n"},
		{"before the first table",
			"gobin = \"per-minor\"\n\n[toolchains]\ndefault = \"not top level\"\n",
			"gobin = \"per-minor\"\n\n" + line + "\n[toolchains]\ndefault = \"not top level\"\n"},
		{"no final newline", "gobin = \"shared\"", "gobin = \"shared\"\n" + line + "\n"},
		{"crlf", "gobin = \"shared\"\r\ndefault = \"1.2\"\r\n", "gobin = \"shared\"\r\n" + line + "\r\n"},
	} {
		if got := string(withDefault([]byte(tc.in), line)); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func TestSetDefault(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "gohook", "config.toml")
	if err := SetDefault(file, "1.22"); err != nil {
		t.Fatal(err)
	}
	if err := SetDefault(file, "go1.23.4"); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(file)
	if string(data) != "default = \"go1.23.4\"\n" {
		t.Errorf("config: %q", data)
	}
	// A broken config is not touched.
	bad := "default = \n"
	os.WriteFile(file, []byte(bad), 0o644)
	if err := SetDefault(file, "1.22"); err == nil || !strings.Contains(err.Error(), "fix it first") {
		t.Errorf("broken config: %v", err)
	}
	if data, _ := os.ReadFile(file); string(data) != bad {
		t.Error("a broken config was rewritten")
	}
}
