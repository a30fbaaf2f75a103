package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkStartup measures how long `wsdemo --help` takes from exec to
// exit, against an empty Go program built by the same go command in the
// same run, and reports the ratio of their medians: start-up is paid by
// every command, and absolute times on a shared machine move from run to
// run while the ratio holds better. The two are run alternately, so a busy
// moment slows both. Each iteration runs each binary once. cpu-ratio is the
// same for the CPU time the processes used, which waiting for a busy CPU
// does not inflate: on a loaded machine it is the steadier of the two.
//
//	go test -run '^$' -bench Startup -benchtime 40x ./cmd/wsdemo
//
// It also reports the time the package initialisers take in one run of
// wsdemo (GODEBUG=inittrace=1), which is where a heavy dependency shows.
func BenchmarkStartup(b *testing.B) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		b.Skip("no go command to build with")
	}
	dir := b.TempDir()
	wsdemo := filepath.Join(dir, "wsdemo")
	empty := filepath.Join(dir, "empty")
	build := func(out, pkgDir string) {
		b.Helper()
		cmd := exec.Command(goCmd, "build", "-o", out, ".")
		cmd.Dir = pkgDir
		if msg, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("go build in %s: %v\n%s", pkgDir, err, msg)
		}
	}
	build(wsdemo, ".")
	emptyDir := filepath.Join(dir, "emptysrc")
	if err := os.MkdirAll(emptyDir, 0o755); err != nil {
		b.Fatal(err)
	}
	for name, content := range map[string]string{
		"go.mod":  "module empty\n\ngo 1.21\n",
		"main.go": "package main\n\nfunc main() {}\n",
	} {
		if err := os.WriteFile(filepath.Join(emptyDir, name), []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	build(empty, emptyDir)

	// run returns the wall time from exec to exit, and the CPU time the
	// process used (user + system), which a busy machine disturbs less.
	run := func(path string, args ...string) (wall, cpu time.Duration) {
		cmd := exec.Command(path, args...)
		cmd.Env = append(os.Environ(), "NO_COLOR=1")
		start := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatalf("%s: %v", path, err)
		}
		return time.Since(start), cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	// One of each first: the page cache and the loader warm up.
	run(empty)
	run(wsdemo, "--help")

	var wEmpty, wWsdemo, cEmpty, cWsdemo []time.Duration
	b.ResetTimer()
	for b.Loop() {
		w, c := run(empty)
		wEmpty, cEmpty = append(wEmpty, w), append(cEmpty, c)
		w, c = run(wsdemo, "--help")
		wWsdemo, cWsdemo = append(wWsdemo, w), append(cWsdemo, c)
	}
	b.StopTimer()
	me, mw := median(wEmpty), median(wWsdemo)
	b.ReportMetric(ms(me), "empty-ms")
	b.ReportMetric(ms(mw), "wsdemo-help-ms")
	b.ReportMetric(float64(mw)/float64(me), "ratio")
	b.ReportMetric(float64(median(cWsdemo))/float64(median(cEmpty)), "cpu-ratio")
	b.ReportMetric(0, "ns/op") // the pair's time says nothing on its own
	if init, ok := initTime(wsdemo); ok {
		b.ReportMetric(init, "init-ms")
	}
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// initTime sums the clock time of every package initialiser in one run of
// path --help, from the runtime's inittrace.
func initTime(path string) (float64, bool) {
	cmd := exec.Command(path, "--help")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1", "NO_COLOR=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return 0, false
	}
	total := 0.0
	sc := bufio.NewScanner(&stderr)
	for sc.Scan() {
		// init net/http @2.1 ms, 0.31 ms clock, 45536 bytes, 324 allocs
		f := strings.Fields(sc.Text())
		if len(f) >= 7 && f[0] == "init" && f[6] == "clock," {
			if v, err := strconv.ParseFloat(f[4], 64); err == nil {
				total += v
			}
		}
	}
	return total, total > 0
}
