module github.com/gohook/gohook

go 1.26.0

require (
	github.com/BurntSushi/toml v1.6.0
	github.com/alecthomas/kong v1.17.0
	github.com/mattn/go-isatty v0.0.24
	golang.org/x/mod v0.42.0
	golang.org/x/sys v0.48.0
)
