package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"newscrawl/store"
)

// errNoFTS5: the binary was built without the sqlite_fts5 tag, so SQLite lacks the full-text
// index the schema needs. Said before touching a database, not as a failed migration.
var errNoFTS5 = errors.New("this newscrawl was built without the sqlite_fts5 build tag, which the database needs: " +
	"build it with 'CGO_ENABLED=1 go build -tags sqlite_fts5 ./cmd/newscrawl'")

// openDB opens (creating and migrating) the database of crawl, run and fetch --db.
func openDB(ctx context.Context, path string) (*store.DB, error) {
	if !withFTS5 {
		return nil, errNoFTS5
	}
	return store.Open(ctx, path)
}

// openReadOnly opens the database of export, search and stats, which never create one.
func openReadOnly(ctx context.Context, path string) (*store.DB, error) {
	if !withFTS5 {
		return nil, errNoFTS5
	}
	db, err := store.OpenReadOnly(ctx, path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no database at %s (crawl or fetch --db creates one)", path)
	}
	return db, err
}
