//go:build !sqlite_fts5

package main

// withFTS5 reports whether go-sqlite3 was built with FTS5 (the sqlite_fts5 build tag).
const withFTS5 = false
