package store

import (
	"context"
	"fmt"
	"slices"
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
			nd := &pendingIndex{}
			if err := nd.sync(ctx, tx); err != nil {
				t.Fatal(err)
			}
			s, err := saveArticle(ctx, tx, nd, tt.a, lazy)
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
			if n := indexRows(t, db, s.ID); n != dedup.Bands {
				t.Errorf("%d band rows, want %d", n, dedup.Bands)
			}
		})
	}
}

// TestNearCandidates: candidates come from the index alone: an article
// sharing band keys is dropped when its sketch agrees with the text's in
// fewer than MinSketchMatches groups, the rest are ranked by shared keys,
// then id, and cut at maxCandidates.
func TestNearCandidates(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	fp := dedup.Fingerprints(longText("ferry timetable", 51, 20))
	var ids []int64
	for i := range 24 {
		// short texts: saved without band rows of their own
		ids = append(ids, mustSave(t, db, article(fmt.Sprintf("https://c.example/%d", i), fmt.Sprintf("Brief %d.", i))).ID)
	}
	// agreeing: fp's sketch with all but n of its groups changed
	agreeing := func(n int) int64 {
		s := fp.Sketch
		for g := range dedup.Bands*dedup.Rows - n {
			s ^= 1 << (dedup.SketchBits * g)
		}
		return int64(s)
	}
	index := func(id int64, keys int, sketch int64) {
		for _, k := range fp.BandKeys[:keys] {
			if _, err := db.db.Exec(`INSERT INTO dedup_bands(key, article_id, sketch) VALUES (?, ?, ?)`, k, id, sketch); err != nil {
				t.Fatal(err)
			}
		}
	}
	candidates := func() []int64 {
		t.Helper()
		tx, err := db.db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		nd := &pendingIndex{}
		if err := nd.sync(ctx, tx); err != nil {
			t.Fatal(err)
		}
		got, err := nearCandidates(ctx, tx, nd, 0, fp)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, id := range got {
			out = append(out, id.(int64))
		}
		return out
	}

	index(ids[0], 1, agreeing(MinSketchMatches))
	index(ids[1], 5, agreeing(MinSketchMatches-1))
	if got := candidates(); !slices.Equal(got, []int64{ids[0]}) {
		t.Fatalf("candidates %v, want only %d (the one whose sketch agrees in %d groups)", got, ids[0], MinSketchMatches)
	}

	// ids[2..23] share 1, 2 or 3 keys, same sketch: most shared keys
	// first, then lowest id (ids[0] shares one), cut at maxCandidates
	var want3, want2 []int64
	want1 := []int64{ids[0]}
	for _, id := range ids[2:] {
		n := int(id%3) + 1
		index(id, n, int64(fp.Sketch))
		switch n {
		case 3:
			want3 = append(want3, id)
		case 2:
			want2 = append(want2, id)
		default:
			want1 = append(want1, id)
		}
	}
	want := slices.Concat(want3, want2, want1)[:maxCandidates]
	if got := candidates(); !slices.Equal(got, want) {
		t.Errorf("candidates %v, want %v", got, want)
	}
}

// TestHotBandKeys: when a copy's band keys are shared by hundreds of
// index rows of older articles (boilerplate common to a site's pages does
// that), the original is still found: a probe reads a key's newest rows,
// not its oldest.
func TestHotBandKeys(t *testing.T) {
	db := newTestDB(t)
	db.near.limit = limitTo(1 << 30) // everything stays in the buffer until merged below
	var others []int64
	for i := range 300 {
		others = append(others, mustSave(t, db, article(fmt.Sprintf("https://brief.example/%d", i), fmt.Sprintf("Brief %d.", i))).ID)
	}
	text := randomText(42, 300)
	orig := mustSave(t, db, article("https://a.example/orig", text))
	tx, err := db.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mergePending(context.Background(), tx); err != nil {
		t.Fatal(err)
	}
	fp := dedup.Fingerprints(text)
	for _, k := range fp.BandKeys {
		for _, id := range others {
			if _, err := tx.Exec(`INSERT INTO dedup_bands(key, article_id, sketch) VALUES (?, ?, ?)`, k, id, int64(^fp.Sketch)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	cp := article("https://b.example/copy", "A new first line. "+text)
	cp.Source = "other"
	if s := mustSave(t, db, cp); s.DuplicateOf != orig.ID {
		t.Errorf("copy behind %d older rows per band key: %+v, want duplicate_of %d", len(others), s, orig.ID)
	}
}
