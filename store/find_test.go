package store

import (
	"context"
	"testing"

	"newscrawl/store/dedup"
)

// TestFindArticlePrecedence: SaveArticle finds the stored row by the
// canonical URL first, then by the first alias (in the order given) that
// is known, and never by a later one.
func TestFindArticlePrecedence(t *testing.T) {
	db := newTestDB(t)
	a := article("https://a.example/story", longText("rail strike", 31, 20))
	a.Aliases = []string{"https://a.example/story?utm_source=rss"}
	b := article("https://b.example/report", longText("harbour fire", 32, 20))
	b.Aliases = []string{"https://b.example/amp/report"}
	ida := mustSave(t, db, a).ID
	idb := mustSave(t, db, b).ID

	tests := []struct {
		name    string
		url     string
		aliases []string
		want    int64 // 0: a new row
	}{
		{"canonical of b, alias of a", b.URL, []string{a.Aliases[0]}, idb},
		{"unknown canonical, alias of b first", "https://c.example/x", []string{b.Aliases[0], a.Aliases[0]}, idb},
		{"unknown canonical, alias of a first", "https://c.example/y", []string{a.Aliases[0], b.Aliases[0]}, ida},
		{"unknown canonical, unknown then known alias", "https://c.example/z", []string{"https://c.example/unknown", a.URL}, ida},
		{"nothing known", "https://d.example/new", []string{"https://d.example/new?ref=x"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tx, err := db.db.BeginTx(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			got, err := findArticle(context.Background(), tx, articleURLs(Article{URL: tt.url, Aliases: tt.aliases}))
			if err != nil || got != tt.want {
				t.Errorf("findArticle = %d, %v; want %d", got, err, tt.want)
			}
		})
	}
}

// TestLazyFingerprintInsideTransaction: when the pre-check outside the
// transaction saw the same text but the row changed before the transaction
// (another writer), or the article is new, the fingerprints are computed
// inside it: the row, its bands and its duplicate are right.
func TestLazyFingerprintInsideTransaction(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	orig := mustSave(t, db, article("https://a.example/1", longText("flood defences", 41, 20)))
	stored := article("https://b.example/1", longText("tram line", 42, 20))
	mustSave(t, db, stored)

	for _, tt := range []struct {
		name       string
		a          Article
		wantStatus SaveStatus
		wantDup    int64
	}{
		{"changed row", article("https://b.example/1", "A new first line. "+longText("flood defences", 41, 20)), Updated, orig.ID},
		{"new row", article("https://c.example/1", longText("flood defences", 41, 20)+" A last line."), New, orig.ID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			lazy := &lazyFingerprint{text: tt.a.Text, hash: dedup.ContentHash(tt.a.Text)} // as if the pre-check matched
			tx, err := db.db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			s, err := saveArticle(ctx, tx, tt.a, lazy)
			if err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			if s.Status != tt.wantStatus || s.DuplicateOf != tt.wantDup {
				t.Errorf("saved %+v, want %v duplicate of %d", s, tt.wantStatus, tt.wantDup)
			}
			var simhash int64
			var hash string
			if err := db.db.QueryRow(`SELECT content_hash, simhash FROM articles WHERE id = ?`, s.ID).Scan(&hash, &simhash); err != nil {
				t.Fatal(err)
			}
			if want := dedup.Fingerprints(tt.a.Text); hash != want.ContentHash || uint64(simhash) != want.SimHash {
				t.Errorf("stored hash %s simhash %x, want %s %x", hash, simhash, want.ContentHash, want.SimHash)
			}
			if n := count(t, db, `SELECT count(*) FROM dedup_bands WHERE article_id = ?`, s.ID); n != dedup.Bands {
				t.Errorf("%d band rows, want %d", n, dedup.Bands)
			}
		})
	}
}
