// Package store keeps newscrawl's articles in SQLite: the schema of
// CONTRACT.md "Database", migrated forward on Open, with one transaction per
// public method so a reader never sees half an article.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3" // the SQLite driver; build with -tags sqlite_fts5
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Sentinel errors callers may branch on with errors.Is.
var (
	// ErrSchemaTooNew: the database was written by a newer newscrawl.
	ErrSchemaTooNew = errors.New("store: database schema is newer than this program")
	// ErrSchemaTooOld: a read-only open of a database older than
	// minReadVersion; opening it once for writing migrates it.
	ErrSchemaTooOld = errors.New("store: database schema is older than this program reads; open it once read-write (crawl, or fetch --db) to migrate it")
	// ErrNotMigrated: a read-only open of a file that holds no newscrawl schema.
	ErrNotMigrated = errors.New("store: not a newscrawl database (no schema)")
	// ErrEmptyText: SaveArticle of an article without text.
	ErrEmptyText = errors.New("store: article has no text")
	// ErrNoURL: SaveArticle of an article without URL.
	ErrNoURL = errors.New("store: article has no URL")
)

// DB is an open newscrawl database. It is safe for concurrent use.
type DB struct {
	db       *sql.DB
	path     string
	readOnly bool
	// hasCheckedAt: the file has articles.checked_at (version 5 on); false
	// only for a read-only handle on an older file.
	hasCheckedAt bool

	// near is the near-duplicate index's in-process state (see pending.go).
	near nearIndex

	// snap is a read-only pool on the same file for the read transactions
	// of a read-write handle (see readTx), opened on first use.
	snapOnce sync.Once
	snap     *sql.DB
	snapErr  error

	// Now returns the current time; tests may replace it. Used for run and
	// failure timestamps and for the articles-per-day window of Stats.
	Now func() time.Time
}

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []migration
	for i, name := range names {
		base := filepath.Base(name)
		num, _, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if err != nil || v != i+1 {
			return nil, fmt.Errorf("store: migration %s: want version %d in its name", base, i+1)
		}
		data, err := migrationFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: base, sql: string(data)})
	}
	return out, nil
}

// minReadVersion is the oldest schema the queries of a read-only handle
// work on: versions after it changed only internal tables.
const minReadVersion = 2

// checkedAtVersion is the schema version that added articles.checked_at.
const checkedAtVersion = 5

// afterMigration holds Go steps that run in a migration's transaction right
// after its SQL file, for work SQL cannot do (fingerprints).
var afterMigration = map[int]func(context.Context, *sql.Tx) error{
	// 3 filled dedup_lsh, which 4 dropped; 4 and 6 filled versions of
	// dedup_bands that 6 and 7 dropped: only 7 is filled, so a file of
	// version 5 or 6 is indexed once.
	7: reindexNearDup,
}

// SchemaVersion is the schema version this program writes: the number of
// embedded migrations, stored in PRAGMA user_version.
var SchemaVersion = func() int {
	m, err := migrations()
	if err != nil {
		panic(err) // embedded files: a broken name is a build mistake
	}
	return len(m)
}()

// driverName is go-sqlite3 with every connection's WAL file capped at
// walSizeLimit once checkpointed: a merge of the near-duplicate buffer
// writes a WAL as large as the index (hundreds of MB at a million
// articles), which SQLite would otherwise keep at that size for good.
const driverName = "sqlite3_newscrawl"

const walSizeLimit = 64 << 20

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			_, err := c.Exec(fmt.Sprintf("PRAGMA journal_size_limit = %d", walSizeLimit), nil)
			return err
		},
	})
}

// fileURI makes an SQLite URI filename of path: characters that the URI
// syntax gives a meaning are percent-encoded.
func fileURI(path string) string {
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return "file:" + r.Replace(path)
}

// Open opens (creating if needed) the database at path for reading and
// writing and migrates it to SchemaVersion. The parent directory is created.
// Every connection runs in WAL mode with a 30 s busy timeout (another
// writer's transaction may be a merge of the near-duplicate buffer, seconds
// long in a large store; see pending.go), foreign keys on, immediate write
// transactions and synchronous=NORMAL.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("store: open: empty database path")
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("store: open %s: is a directory", path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("store: open %s: create directory: %w", path, err)
		}
	}
	dsn := fileURI(path) + "?_journal_mode=WAL&_busy_timeout=30000&_foreign_keys=on&_txlock=immediate&_synchronous=NORMAL&_stmt_cache_size=64"
	db, err := openDSN(ctx, path, dsn, false)
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.hasCheckedAt = true
	return db, nil
}

// OpenReadOnly opens an existing, migrated database for reading only
// (search, export, stats). It may be open while a crawl writes.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("store: open: empty database path")
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("store: open %s: is a directory", path)
	}
	db, err := openDSN(ctx, path, readOnlyDSN(path), true)
	if err != nil {
		return nil, err
	}
	v, err := db.userVersion(ctx)
	switch {
	case err != nil:
	case v == 0:
		err = ErrNotMigrated
	case v > SchemaVersion:
		err = fmt.Errorf("%w (version %d, this program knows up to %d)", ErrSchemaTooNew, v, SchemaVersion)
	case v < minReadVersion:
		err = fmt.Errorf("%w (version %d, want at least %d)", ErrSchemaTooOld, v, minReadVersion)
	}
	if err != nil {
		db.db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.hasCheckedAt = v >= checkedAtVersion
	return db, nil
}

func readOnlyDSN(path string) string {
	return fileURI(path) + "?mode=ro&_busy_timeout=5000&_foreign_keys=on"
}

func openDSN(ctx context.Context, path, dsn string, readOnly bool) (*DB, error) {
	sqldb, err := sql.Open(driverName, dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db := &DB{db: sqldb, path: path, readOnly: readOnly, Now: time.Now}
	var mode string
	// The first connection of a new file switches it to WAL mode (a DSN
	// parameter). SQLite answers SQLITE_BUSY at once, without waiting for
	// the busy timeout, to a connection that opens while another one is in
	// that switch, so a few tries follow within the same 5 s.
	err = retryBusy(ctx, 5*time.Second, func() error {
		return sqldb.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode)
	})
	if err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// A read-only handle on a fresh, never-written file reports "delete";
	// everything newscrawl wrote is in WAL mode.
	if !strings.EqualFold(mode, "wal") && !readOnly {
		sqldb.Close()
		return nil, fmt.Errorf("store: open %s: journal mode is %q, want wal", path, mode)
	}
	return db, nil
}

// retryBusy runs f until it does not fail with SQLITE_BUSY or SQLITE_LOCKED,
// for at most max, with short growing pauses.
func retryBusy(ctx context.Context, max time.Duration, f func() error) error {
	deadline := time.Now().Add(max)
	pause := 5 * time.Millisecond
	for {
		err := f()
		var se sqlite3.Error
		if err == nil || !errors.As(err, &se) || (se.Code != sqlite3.ErrBusy && se.Code != sqlite3.ErrLocked) ||
			time.Now().Add(pause).After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(pause):
		}
		pause = min(2*pause, 100*time.Millisecond)
	}
}

// Close closes the database.
func (db *DB) Close() error {
	err := db.db.Close()
	db.snapOnce.Do(func() {}) // no snapshot pool opens after Close
	if db.snap != nil {
		err = errors.Join(err, db.snap.Close())
	}
	if err != nil {
		return fmt.Errorf("store: close %s: %w", db.path, err)
	}
	return nil
}

// readTx begins a read transaction: one snapshot for several queries.
// A read-write handle begins every transaction with BEGIN IMMEDIATE, which
// takes the write lock: a page view would queue behind a crawl's saves and
// hold theirs up. Its read transactions run on a small read-only pool of
// its own on the same file instead, opened on first use.
func (db *DB) readTx(ctx context.Context) (*sql.Tx, error) {
	if db.readOnly {
		return db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	}
	db.snapOnce.Do(func() {
		snap, err := sql.Open(driverName, readOnlyDSN(db.path))
		if err != nil {
			db.snapErr = err
			return
		}
		snap.SetMaxOpenConns(4)
		snap.SetMaxIdleConns(2)
		snap.SetConnMaxIdleTime(time.Minute)
		db.snap = snap
	})
	if db.snapErr != nil {
		return nil, db.snapErr
	}
	if db.snap == nil {
		return nil, sql.ErrConnDone // closed
	}
	return db.snap.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
}

// Path is the file the database was opened from.
func (db *DB) Path() string { return db.path }

func (db *DB) userVersion(ctx context.Context) (int, error) {
	var v int
	if err := db.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("read user_version: %w", err)
	}
	return v, nil
}

// migrate applies every migration newer than the file's user_version, all
// in one transaction that also sets user_version: a file is at the version
// it had or at the newest, never in between (an upgrade from version 5
// interrupted after 6 left the index that 7 fills empty, which a program
// of version 6 would have used as it was). The version is read again inside
// the transaction, so two processes opening one file at once migrate it
// once; the second waits for the first, up to migrationWait, since an
// upgrade of a large file outlasts the busy timeout.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	v, err := db.userVersion(ctx)
	if err != nil {
		return err
	}
	if v > len(ms) {
		return fmt.Errorf("%w (version %d, this program knows up to %d)", ErrSchemaTooNew, v, len(ms))
	}
	if v == len(ms) {
		return nil
	}
	// An upgrade may rebuild an index over every article: seconds per
	// hundred thousand. Say so before the pause, and when it ends.
	upgrade := v > 0
	start := time.Now()
	if upgrade {
		slog.Info("store: upgrading database schema", "path", db.path, "from", v, "to", len(ms))
	}
	var tx *sql.Tx
	if err := retryBusy(ctx, migrationWait, func() (err error) {
		tx, err = db.db.BeginTx(ctx, nil)
		return err
	}); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	var cur int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&cur); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if cur >= len(ms) {
		return nil // another process got here first
	}
	for _, m := range ms[cur:] {
		if err := applyMigration(ctx, tx, m); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate: commit: %w", err)
	}
	if upgrade {
		slog.Info("store: database schema upgraded", "path", db.path, "took", time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// migrationWait is how long Open waits for another process's migration.
const migrationWait = 10 * time.Minute

func applyMigration(ctx context.Context, tx *sql.Tx, m migration) error {
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if hook := afterMigration[m.version]; hook != nil {
		if err := hook(ctx, tx); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
		return fmt.Errorf("migration %s: set user_version: %w", m.name, err)
	}
	return nil
}
