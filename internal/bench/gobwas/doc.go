// Package gobwas holds only benchmarks: wsdemo's frame decoder against
// gobwas/ws on the same bytes, in the same run, so the README can quote a
// ratio that does not depend on how busy the machine was. See bench_test.go.
package gobwas
