package cli

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
)

// Program returns the command that starts wsdemo as the learner can type
// it: "wsdemo" when it was installed, or "go run ./cmd/wsdemo" when it runs
// from `go run`, as the README's first command has it: a newcomer has no
// wsdemo command, and a hint naming one would fail. Every hint, usage line,
// example and lesson line that names a wsdemo command starts with it.
//
// The path given to go run is the one from the current directory to this
// module's cmd/wsdemo when the module's go.mod is found above it, else
// ./cmd/wsdemo (the README runs it from the module's root).
var Program = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil || !builtByGoRun(exe) {
		return "wsdemo"
	}
	return "go run " + goRunPath()
})

// command returns a wsdemo command line as the learner can type it:
// command("learn", "2") is "wsdemo learn 2" or "go run ./cmd/wsdemo learn 2".
func command(args ...string) string {
	return strings.Join(append([]string{Program()}, args...), " ")
}

// asTyped rewrites text written with "wsdemo" as the command (cobra's usage
// lines and examples) for Program: "  wsdemo learn 4" becomes
// "  go run ./cmd/wsdemo learn 4" under go run. Only "wsdemo" at the start
// of a line, after spaces, is a command.
func asTyped(s string) string { return asTypedFor(Program(), s) }

func asTypedFor(prog, s string) string {
	if prog == "wsdemo" {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		t := strings.TrimLeft(l, " ")
		if t == "wsdemo" || strings.HasPrefix(t, "wsdemo ") {
			lines[i] = l[:len(l)-len(t)] + prog + t[len("wsdemo"):]
		}
	}
	return strings.Join(lines, "\n")
}

// builtByGoRun reports whether exe was built by `go run`: either in the
// build's work directory ($GOTMPDIR or tmp, go-buildNNN/b001/exe/<name>)
// or, from Go 1.24 on, in the build cache (<2 hex>/<64 hex>-d/<name>), where
// a second go run of the same code finds it. A test binary (b001/x.test)
// and an installed command match neither.
func builtByGoRun(exe string) bool {
	dir := filepath.Dir(exe)
	if h, ok := strings.CutSuffix(filepath.Base(dir), "-d"); ok && len(h) == 64 && isHex(h) {
		parent := filepath.Base(filepath.Dir(dir))
		return len(parent) == 2 && isHex(parent)
	}
	if filepath.Base(dir) != "exe" {
		return false
	}
	for d := filepath.Dir(dir); d != filepath.Dir(d); d = filepath.Dir(d) {
		if strings.HasPrefix(filepath.Base(d), "go-build") {
			return true
		}
	}
	return false
}

func isHex(s string) bool { return strings.Trim(s, "0123456789abcdef") == "" }

// goRunPath returns the path to give go run from the current directory.
func goRunPath() string {
	info, ok := debug.ReadBuildInfo()
	wd, err := os.Getwd()
	if !ok || err != nil {
		return "./cmd/wsdemo"
	}
	return goRunPathFrom(info.Path, info.Main.Path, wd)
}

// goRunPathFrom returns the directory of the main package mainPkg, of the
// module modPath, relative to wd, with a leading "./": the module's root is
// the first directory above wd whose go.mod declares modPath. Without one
// it is ./cmd/wsdemo, as from the module's root.
func goRunPathFrom(mainPkg, modPath, wd string) string {
	const fallback = "./cmd/wsdemo"
	if modPath == "" || !strings.HasPrefix(mainPkg, modPath) {
		return fallback
	}
	pkgDir := strings.TrimPrefix(strings.TrimPrefix(mainPkg, modPath), "/")
	for d := wd; ; d = filepath.Dir(d) {
		if moduleAt(d) == modPath {
			rel, err := filepath.Rel(wd, filepath.Join(d, filepath.FromSlash(pkgDir)))
			if err != nil {
				return fallback
			}
			rel = filepath.ToSlash(rel)
			if rel != "." && !strings.HasPrefix(rel, "../") {
				rel = "./" + rel
			}
			return rel
		}
		if d == filepath.Dir(d) {
			return fallback
		}
	}
}

// moduleAt returns the module path declared by dir/go.mod, or "".
func moduleAt(dir string) string {
	f, err := os.Open(filepath.Join(dir, "go.mod"))
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}
