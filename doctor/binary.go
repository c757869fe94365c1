package doctor

import (
	"debug/buildinfo"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"strings"
)

// binary is what an executable's file says about it; doctor never runs one.
type binary struct {
	Format string // "elf", "macho", "pe"; "" when not an executable we know
	GOOS   string // from build info, or implied by the format ("" for ELF without build info)
	GOARCH string // from the header (every slice, for a universal Mach-O)
	Arches []string
	Go     string // the Go that built it, "go1.23.4"; "" when not a Go binary
	Path   string // its main package, for `go install PATH@latest`
}

// readBinary reads file's executable header and Go build info. Whatever
// the file holds — a script, garbage, a truncated binary — it returns what
// it could read and never panics.
func readBinary(file string) (b binary) {
	defer func() {
		if recover() != nil {
			b = binary{}
		}
	}()
	b.Format, b.Arches = header(file)
	if len(b.Arches) > 0 {
		b.GOARCH = b.Arches[0]
	}
	switch b.Format {
	case "macho":
		b.GOOS = "darwin"
	case "pe":
		b.GOOS = "windows"
	}
	if b.Format == "" {
		return b
	}
	bi, err := buildinfo.ReadFile(file)
	if err != nil {
		return b
	}
	b.Go = strings.Fields(bi.GoVersion + " ")[0] // drop " X:experiment" suffixes
	b.Path = bi.Path
	for _, st := range bi.Settings {
		switch st.Key {
		case "GOOS":
			b.GOOS = st.Value
		case "GOARCH":
			if b.GOARCH == "" {
				b.GOARCH = st.Value
			}
		}
	}
	return b
}

// runsOn reports whether the binary can run natively on goos/goarch; ok is
// false when the file says too little to tell.
func (b binary) runsOn(goos, goarch string) (runs, ok bool) {
	if b.Format == "" || len(b.Arches) == 0 {
		return false, false
	}
	want := "elf"
	switch goos {
	case "darwin", "ios":
		want = "macho"
	case "windows":
		want = "pe"
	}
	if b.Format != want || (b.GOOS != "" && b.GOOS != goos) {
		return false, true
	}
	for _, a := range b.Arches {
		if a == goarch {
			return true, true
		}
	}
	return false, true
}

// platform is "GOOS/GOARCH" as far as known.
func (b binary) platform() string {
	goos := b.GOOS
	if goos == "" {
		goos = b.Format
	}
	return goos + "/" + strings.Join(b.Arches, "+")
}

// header returns the executable format and the architectures in it.
func header(file string) (string, []string) {
	if f, err := elf.Open(file); err == nil {
		defer f.Close()
		return "elf", []string{elfArch(f)}
	}
	if f, err := macho.OpenFat(file); err == nil {
		defer f.Close()
		var arches []string
		for _, a := range f.Arches {
			arches = append(arches, machoArch(a.Cpu))
		}
		return "macho", arches
	}
	if f, err := macho.Open(file); err == nil {
		defer f.Close()
		return "macho", []string{machoArch(f.Cpu)}
	}
	if f, err := pe.Open(file); err == nil {
		defer f.Close()
		return "pe", []string{peArch(f.Machine)}
	}
	return "", nil
}

func elfArch(f *elf.File) string {
	le := f.ByteOrder.String() == "LittleEndian"
	is64 := f.Class == elf.ELFCLASS64
	switch f.Machine {
	case elf.EM_X86_64:
		return "amd64"
	case elf.EM_386:
		return "386"
	case elf.EM_AARCH64:
		return "arm64"
	case elf.EM_ARM:
		return "arm"
	case elf.EM_RISCV:
		if is64 {
			return "riscv64"
		}
		return "riscv"
	case elf.EM_PPC64:
		if le {
			return "ppc64le"
		}
		return "ppc64"
	case elf.EM_S390:
		return "s390x"
	case elf.EM_LOONGARCH:
		return "loong64"
	case elf.EM_MIPS, elf.EM_MIPS_RS3_LE:
		a := "mips"
		if is64 {
			a = "mips64"
		}
		if le {
			a += "le"
		}
		return a
	}
	return strings.ToLower(strings.TrimPrefix(f.Machine.String(), "EM_"))
}

func machoArch(c macho.Cpu) string {
	switch c {
	case macho.CpuAmd64:
		return "amd64"
	case macho.CpuArm64:
		return "arm64"
	case macho.Cpu386:
		return "386"
	case macho.CpuArm:
		return "arm"
	case macho.CpuPpc64:
		return "ppc64"
	}
	return strings.ToLower(strings.TrimPrefix(c.String(), "Cpu"))
}

func peArch(m uint16) string {
	switch m {
	case pe.IMAGE_FILE_MACHINE_AMD64:
		return "amd64"
	case pe.IMAGE_FILE_MACHINE_I386:
		return "386"
	case pe.IMAGE_FILE_MACHINE_ARM64:
		return "arm64"
	case pe.IMAGE_FILE_MACHINE_ARMNT:
		return "arm"
	}
	return "unknown"
}
