// Package e2e holds end-to-end tests of the newscrawl binary: it is built once and run as a
// real process against hostile httptest servers on loopback, killed at random points, and
// read by other processes while it writes. The package has no code of its own; see the
// *_test.go files (go test -tags sqlite_fts5 ./cmd/newscrawl/e2e).
package e2e
