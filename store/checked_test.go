package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"
)

// ftsState is every block of the FTS5 index: any write to articles_fts
// (a new segment, a delete marker, the structure record) changes it.
func ftsState(t *testing.T, db *DB) string {
	t.Helper()
	var s sql.NullString
	if err := db.db.QueryRow(`SELECT group_concat(id || ':' || hex(block), ',') FROM (SELECT id, block FROM articles_fts_data ORDER BY id)`).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s.String
}

func columns(t *testing.T, db *DB, id int64) (fetched, checked string) {
	t.Helper()
	var c sql.NullString
	if err := db.db.QueryRow(`SELECT fetched_at, checked_at FROM articles WHERE id = ?`, id).Scan(&fetched, &c); err != nil {
		t.Fatal(err)
	}
	return fetched, c.String
}

// TestUnchangedSaveMovesCheckedAt: a re-fetch with the same text leaves the
// row's fetched_at (what pollers key on) and the FTS index alone, records
// the fetch in checked_at, and LookupURL reports it, so the crawler does not
// fetch the page again on every pass.
func TestUnchangedSaveMovesCheckedAt(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	t0 := time.Date(2025, 5, 6, 7, 8, 9, 0, time.UTC)
	a := article("https://news.example/2025/story", longText("budget", 1, 20))
	a.Aliases = []string{"https://news.example/2025/story?utm_source=rss"}
	a.FetchedAt = t0
	first := mustSave(t, db, a)
	if f, c := columns(t, db, first.ID); f != "2025-05-06T07:08:09Z" || c != f {
		t.Errorf("new row: fetched_at %q, checked_at %q; want both the fetch time", f, c)
	}
	fts := ftsState(t, db)

	steps := []struct {
		name        string
		fetched     time.Time
		wantLookup  time.Time
		wantChecked string
	}{
		{"an hour later", t0.Add(time.Hour), t0.Add(time.Hour), "2025-05-06T08:08:09Z"},
		{"a day later", t0.Add(24 * time.Hour), t0.Add(24 * time.Hour), "2025-05-07T07:08:09Z"},
		{"an older fetch arriving late", t0.Add(2 * time.Hour), t0.Add(24 * time.Hour), "2025-05-07T07:08:09Z"},
	}
	for _, st := range steps {
		b := a
		b.FetchedAt = st.fetched
		s := mustSave(t, db, b)
		if s.Status != Unchanged || s.ID != first.ID {
			t.Fatalf("%s: %+v, want Unchanged id %d", st.name, s, first.ID)
		}
		f, c := columns(t, db, first.ID)
		if f != "2025-05-06T07:08:09Z" {
			t.Errorf("%s: fetched_at = %q, want it untouched", st.name, f)
		}
		if c != st.wantChecked {
			t.Errorf("%s: checked_at = %q, want %q", st.name, c, st.wantChecked)
		}
		for _, u := range []string{a.URL, a.Aliases[0]} {
			id, at, ok, err := db.LookupURL(ctx, u)
			if err != nil || !ok || id != first.ID || !at.Equal(st.wantLookup) {
				t.Errorf("%s: LookupURL(%s) = %d, %v, %v, %v; want %d, %v", st.name, u, id, at, ok, err, first.ID, st.wantLookup)
			}
		}
		if got := ftsState(t, db); got != fts {
			t.Errorf("%s: an unchanged save rewrote the FTS index", st.name)
		}
	}

	// changed text: fetched_at and checked_at both move to the new fetch
	c := a
	c.Text += "\n\nUpdate: the vote was moved to Friday."
	c.FetchedAt = t0.Add(48 * time.Hour)
	if s := mustSave(t, db, c); s.Status != Updated {
		t.Fatalf("changed text: %v, want Updated", s.Status)
	}
	if f, ch := columns(t, db, first.ID); f != "2025-05-08T07:08:09Z" || ch != f {
		t.Errorf("updated row: fetched_at %q, checked_at %q; want both the new fetch time", f, ch)
	}
	if ftsState(t, db) == fts {
		t.Errorf("an update did not reach the FTS index")
	}
}

// TestLookupURLBeforeCheckedAt: a read-only handle on a version-4 file
// (no checked_at; a read-only open cannot migrate) still looks URLs up.
func TestLookupURLBeforeCheckedAt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news.db")
	raw, err := sql.Open("sqlite3", fileURI(path)+"?_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms[:checkedAtVersion-1] {
		if _, err := raw.Exec(m.sql); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
	}
	if _, err := raw.Exec(`PRAGMA user_version = 4;
		INSERT INTO articles(id, url, fetched_at, text, content_hash) VALUES (7, 'https://a.example/1', '2024-01-01T00:00:00Z', 'text', 'x');
		INSERT INTO article_urls(url, article_id) VALUES ('https://a.example/1?utm_source=x', 7)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	ro, err := OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	for _, u := range []string{"https://a.example/1", "https://a.example/1?utm_source=x"} {
		id, at, ok, err := ro.LookupURL(context.Background(), u)
		if err != nil || !ok || id != 7 || !at.Equal(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("LookupURL(%s) on a version-4 file = %d, %v, %v, %v", u, id, at, ok, err)
		}
	}
}
