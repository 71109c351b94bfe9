package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"newscrawl/store/dedup"
)

// newTestDB opens a migrated database in a fresh temporary directory.
func newTestDB(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "news.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func pragma(t testing.TB, db *DB, name string) string {
	t.Helper()
	var v string
	if err := db.db.QueryRow("PRAGMA " + name).Scan(&v); err != nil {
		t.Fatalf("PRAGMA %s: %v", name, err)
	}
	return v
}

func TestOpenSetsWALAndVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "dir", "news.db") // parent directories created
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := pragma(t, db, "journal_mode"); got != "wal" {
		t.Errorf("journal_mode = %q, want wal", got)
	}
	if got := pragma(t, db, "user_version"); got != itoa(SchemaVersion) {
		t.Errorf("user_version = %s, want %d", got, SchemaVersion)
	}
	if got := pragma(t, db, "foreign_keys"); got != "1" {
		t.Errorf("foreign_keys = %s, want 1", got)
	}
	if got := pragma(t, db, "journal_size_limit"); got != itoa(walSizeLimit) {
		t.Errorf("journal_size_limit = %s, want %d", got, walSizeLimit)
	}
	if got := pragma(t, db, "busy_timeout"); got != "30000" {
		t.Errorf("busy_timeout = %s, want 30000", got)
	}
	if SchemaVersion < 2 {
		t.Errorf("SchemaVersion = %d, want ≥ 2", SchemaVersion)
	}
	// every table and view of the contract exists
	for _, name := range []string{"articles", "article_urls", "feeds", "runs", "failures", "articles_fts", "unique_articles", "dedup_bands"} {
		var n int
		if err := db.db.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE name = ?`, name).Scan(&n); err != nil || n != 1 {
			t.Errorf("schema object %s: count %d, err %v", name, n, err)
		}
	}
	// opening again is a no-op migration
	db2, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("second open: %v", err)
	}
	db2.Close()
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestMigrateFromOlderVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news.db")
	// a database at version 1: only the first migration applied, by hand
	raw, err := sql.Open("sqlite3", fileURI(path)+"?_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(ms[0].sql + "; PRAGMA user_version = 1;"); err != nil {
		t.Fatal(err)
	}
	old := longText("migrations", 1, 20)
	if _, err := raw.Exec(`INSERT INTO articles(url, fetched_at, text, content_hash) VALUES ('https://a.example/1', '2024-01-01T00:00:00Z', ?, 'x')`, old); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	if _, err := OpenReadOnly(context.Background(), path); !errors.Is(err, ErrSchemaTooOld) {
		t.Errorf("OpenReadOnly of a version-1 database: err = %v, want ErrSchemaTooOld", err)
	}
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open of a version-1 database: %v", err)
	}
	defer db.Close()
	if got := pragma(t, db, "user_version"); got != itoa(SchemaVersion) {
		t.Errorf("user_version = %s after migrating, want %d", got, SchemaVersion)
	}
	var n int
	if err := db.db.QueryRow(`SELECT count(DISTINCT article_id) FROM dedup_bands`).Scan(&n); err != nil || n != 1 {
		t.Errorf("dedup_bands after migration: %d articles, %v; want the old article indexed", n, err)
	}
	if err := db.db.QueryRow(`SELECT count(*) FROM articles`).Scan(&n); err != nil || n != 1 {
		t.Errorf("old rows lost: %d, %v", n, err)
	}
	if _, err := db.db.Exec(`UPDATE runs SET articles_duplicate = 1`); err != nil {
		t.Errorf("runs.articles_duplicate missing: %v", err)
	}
	// the article stored before the index existed is found as an original
	s, err := db.SaveArticle(context.Background(), Article{URL: "https://b.example/copy", Text: "A new first line. " + old})
	if err != nil || s.DuplicateOf != 1 {
		t.Errorf("copy of a pre-migration article: %+v, %v; want duplicate_of 1", s, err)
	}
}

// TestMigrateVersion5Bands: opening a version-5 file replaces its band
// rows (20 per article, 64-bit keys, no simhash) with the current ones, so
// copies of its articles are still found.
func TestMigrateVersion5Bands(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news.db")
	raw, err := sql.Open("sqlite3", fileURI(path)+"?_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms[:5] {
		if _, err := raw.Exec(m.sql); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
	}
	text := longText("version five", 61, 20)
	if _, err := raw.Exec(`PRAGMA user_version = 5;
		INSERT INTO articles(id, url, fetched_at, text, content_hash) VALUES (3, 'https://a.example/5', '2024-01-01T00:00:00Z', ?, 'x')`, text); err != nil {
		t.Fatal(err)
	}
	for k := range 20 {
		if _, err := raw.Exec(`INSERT INTO dedup_bands(key, article_id) VALUES (?, 3)`, int64(k)<<40|12345); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()

	// An upgrade that fails at its last step (here: 7's rebuild of the
	// index; a full disk, a kill) leaves the file as it was, at version 5:
	// never at 6 with the index that 7 fills left empty.
	rebuild := afterMigration[7]
	afterMigration[7] = func(context.Context, *sql.Tx) error { return errors.New("disk full") }
	if _, err := Open(context.Background(), path); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Open with a failing migration: %v, want the failure", err)
	}
	afterMigration[7] = rebuild
	ro, err := OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if v := pragma(t, ro, "user_version"); v != "5" {
		t.Errorf("user_version %s after a failed upgrade, want 5", v)
	}
	ro.Close()

	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fp := dedup.Fingerprints(text)
	for i, k := range fp.BandKeys {
		var sketch int64
		if err := db.db.QueryRow(`SELECT sketch FROM dedup_bands WHERE key = ? AND article_id = 3`, k).Scan(&sketch); err != nil || uint64(sketch) != fp.Sketch {
			t.Errorf("band %d after migration: sketch %x, %v; want a row with %x", i, sketch, err, fp.Sketch)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM dedup_bands`); n != dedup.Bands {
		t.Errorf("%d band rows after migration, want %d (the old ones gone)", n, dedup.Bands)
	}
	if _, indexed, _ := state(t, db); indexed != 1 {
		t.Errorf("dedup_state.indexed = %d after migration, want 1", indexed)
	}
	if n := count(t, db, `SELECT count(*) FROM pragma_foreign_key_list('dedup_bands')`); n != 0 {
		t.Errorf("dedup_bands keeps %d foreign keys after version 7, want none (a merge checked each row)", n)
	}
	if s := mustSave(t, db, article("https://b.example/5", "A new first line. "+text)); s.DuplicateOf != 3 {
		t.Errorf("copy of a version-5 article: %+v, want duplicate_of 3", s)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.db.Exec(`PRAGMA user_version = 999`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for name, open := range map[string]func(context.Context, string) (*DB, error){"Open": Open, "OpenReadOnly": OpenReadOnly} {
		_, err := open(context.Background(), path)
		if !errors.Is(err, ErrSchemaTooNew) {
			t.Errorf("%s of a version-999 database: err = %v, want ErrSchemaTooNew", name, err)
		}
	}
}

func TestOpenBadPaths(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notDB, []byte(strings.Repeat("this is not a database\n", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
	}{
		{"directory", dir},
		{"not a sqlite file", notDB},
		{"parent is a file", filepath.Join(blocker, "news.db")},
		{"empty", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := Open(context.Background(), tt.path)
			if err == nil {
				db.Close()
				t.Fatalf("Open(%q) succeeded", tt.path)
			}
			if !strings.HasPrefix(err.Error(), "store: open") {
				t.Errorf("error %q does not start with \"store: open\"", err)
			}
			if tt.path != "" && !strings.Contains(err.Error(), tt.path) {
				t.Errorf("error %q does not name the path", err)
			}
		})
	}
	if _, err := OpenReadOnly(context.Background(), filepath.Join(dir, "missing.db")); err == nil {
		t.Errorf("OpenReadOnly of a missing file succeeded")
	}
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o644)
	if _, err := OpenReadOnly(context.Background(), empty); !errors.Is(err, ErrNotMigrated) {
		t.Errorf("OpenReadOnly of an empty file: err = %v, want ErrNotMigrated", err)
	}
}

func TestOpenReadOnlyCannotWrite(t *testing.T) {
	db := newTestDB(t)
	ro, err := OpenReadOnly(context.Background(), db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	_, err = ro.SaveArticle(context.Background(), Article{URL: "https://a.example/x", Text: "text"})
	if err == nil {
		t.Errorf("SaveArticle through a read-only handle succeeded")
	}
}

func TestRunsAndFailures(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	now := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	db.Now = func() time.Time { return now }
	id, err := db.StartRun(ctx, "worldnation")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.RecordFailure(ctx, id, "https://a.example/broken", 503, "fetch: 503"); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordFailure(ctx, 0, "https://b.example/x", 0, "dial: refused"); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishRun(ctx, id, RunCounts{Pages: 10, New: 3, Updated: 1, Duplicates: 2, Errors: 1}); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishRun(ctx, id+100, RunCounts{}); err == nil {
		t.Errorf("FinishRun of an unknown run succeeded")
	}
	st, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r := st.LastRun
	if r == nil || r.ID != id || r.Source != "worldnation" || r.Pages != 10 || r.New != 3 || r.Updated != 1 ||
		r.Duplicates != 2 || r.Errors != 1 || !r.StartedAt.Equal(now) || !r.FinishedAt.Equal(now) {
		t.Errorf("LastRun = %+v", r)
	}
	if len(st.RecentFailures) != 2 || st.LastFailure == nil || st.LastFailure.URL != "https://b.example/x" ||
		st.RecentFailures[1].Status != 503 || st.RecentFailures[1].Source != "worldnation" || st.RecentFailures[1].RunID != id {
		t.Errorf("failures = %+v", st.RecentFailures)
	}
	if len(st.Sources) != 1 || st.Sources[0].Source != "worldnation" || st.Sources[0].LastRun == nil {
		t.Errorf("Sources = %+v", st.Sources)
	}
}

func TestFeedState(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	if _, ok, err := db.FeedState(ctx, "https://a.example/feed"); ok || err != nil {
		t.Fatalf("unknown feed: ok=%v err=%v", ok, err)
	}
	want := FeedState{URL: "https://a.example/feed", Source: "a", ETag: `"abc"`, LastModified: "Mon, 02 Jan 2006 15:04:05 GMT",
		LastCheckedAt: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), LastStatus: 200}
	if err := db.SaveFeedState(ctx, want); err != nil {
		t.Fatal(err)
	}
	want.ETag, want.LastStatus = `"def"`, 304
	if err := db.SaveFeedState(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, ok, err := db.FeedState(ctx, want.URL)
	if err != nil || !ok || got != want {
		t.Errorf("FeedState = %+v, %v, %v; want %+v", got, ok, err, want)
	}
}

// TestConcurrentOpenMigratesOnce opens one new file from several goroutines
// at once: each migration runs exactly once and every Open succeeds.
func TestConcurrentOpenMigratesOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news.db")
	const n = 4
	errs := make(chan error, n)
	dbs := make(chan *DB, n)
	for range n {
		go func() {
			db, err := Open(context.Background(), path)
			errs <- err
			dbs <- db
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Errorf("concurrent Open: %v", err)
		}
		if db := <-dbs; db != nil {
			defer db.Close()
		}
	}
	db, err := OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := pragma(t, db, "user_version"); got != itoa(SchemaVersion) {
		t.Errorf("user_version = %s, want %d", got, SchemaVersion)
	}
}

func TestOpenNoPermission(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores file permissions")
	}
	dir := filepath.Join(t.TempDir(), "locked")
	if err := os.Mkdir(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "news.db")
	db, err := Open(context.Background(), path)
	if err == nil {
		db.Close()
		t.Fatalf("Open in a read-only directory succeeded")
	}
	if !strings.HasPrefix(err.Error(), "store: open "+path) {
		t.Errorf("error %q does not start with \"store: open PATH\"", err)
	}
}
