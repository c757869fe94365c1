module github.com/gohook/gohook

go 1.24.0

require (
	github.com/BurntSushi/toml v1.6.0
	github.com/alecthomas/kong v1.17.0
	github.com/creack/pty v1.1.24
	github.com/mattn/go-isatty v0.0.24
	github.com/rogpeppe/go-internal v1.14.1
	golang.org/x/mod v0.30.0
	golang.org/x/sys v0.38.0
)

require golang.org/x/tools v0.39.0 // indirect
