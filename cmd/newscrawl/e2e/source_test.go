package e2e

import (
	"database/sql"
	"strings"
	"testing"
	"time"
)

// TestFetchKeepsCrawledSource: a one-off `fetch --db` of an article a crawl stored, whose
// text changed since, updates the row (same id) but must not take it away from its source:
// `export --source` and stats per source would lose it.
func TestFetchKeepsCrawledSource(t *testing.T) {
	s := newsSite(t, 3, 0, true)
	cfg, dbPath := siteConfig(t, s, 2)
	if r := newscrawl(t, 30*time.Second, "crawl", "--config", cfg); r.code != 0 {
		t.Fatalf("crawl: exit %d; stderr:\n%s", r.code, tail(r.stderr, 2000))
	}
	// The next sitemap request starts revision 2: fetch sees a changed text.
	s.Client().Get(s.URL + "/sitemap.xml")
	u := s.URL + "/a/1"
	db := openRO(t, dbPath)
	var id1 int64
	if err := db.QueryRow(`SELECT id FROM articles WHERE url = ?`, u).Scan(&id1); err != nil {
		t.Fatal(err)
	}
	if r := newscrawl(t, 30*time.Second, "fetch", "--allow-private", "--db", dbPath, "--format", "text", u); r.code != 0 {
		t.Fatalf("fetch --db: exit %d; stderr:\n%s", r.code, tail(r.stderr, 2000))
	}
	var id2 int64
	var source sql.NullString
	var text string
	if err := db.QueryRow(`SELECT id, source, text FROM articles WHERE url = ?`, u).Scan(&id2, &source, &text); err != nil {
		t.Fatal(err)
	}
	if id2 != id1 {
		t.Errorf("fetch gave the article a new id %d (was %d)", id2, id1)
	}
	if !strings.Contains(text, "revision 2 ") {
		t.Fatalf("the fetch did not update the text (test broken): %q", clip(text, 100))
	}
	checkDB(t, dbPath)
	if !source.Valid || source.String != "site" {
		t.Errorf("after fetch --db, source = %v, want \"site\" (the first source that stored an article owns it)", source)
	}
}
