package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

// readFixture stores six articles and returns a read-only handle on the
// same file and the ids by name. original, copyB and copyFetch share a
// text (copyB and copyFetch are its duplicates); alone has aliases.
func readFixture(t *testing.T) (*DB, *DB, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	db := newTestDB(t)
	ids := map[string]int64{}
	save := func(name, url, source string, text string, aliases ...string) {
		a := article(url, text)
		a.Source, a.Aliases = source, aliases
		a.Excerpt = "excerpt of " + name
		a.PublishedAt = time.Date(2025, 5, 1, 10, 0, 0, 0, time.UTC)
		ids[name] = mustSave(t, db, a).ID
	}
	story := longText("harbour", 1, 40)
	save("original", "https://a.example/1", "alpha", story)
	save("alone", "https://a.example/2", "alpha", longText("rail", 2, 30), "https://a.example/2?utm_source=rss", "https://a.example/amp/2")
	save("copyB", "https://b.example/1", "beta", story)
	save("fetched", "https://c.example/1", "", longText("school", 3, 30))
	save("copyFetch", "https://d.example/1", "", story)
	save("beta2", "https://b.example/2", "beta", longText("bridge", 4, 30))
	// A source written as '' by hand counts with the fetched ones.
	if _, err := db.db.Exec(`UPDATE articles SET source = '' WHERE id = ?`, ids["fetched"]); err != nil {
		t.Fatal(err)
	}
	ro, err := OpenReadOnly(ctx, db.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ro.Close() })
	return db, ro, ids
}

func summaryIDs(s []ArticleSummary) []int64 {
	var out []int64
	for _, a := range s {
		out = append(out, a.ID)
	}
	return out
}

func TestLatest(t *testing.T) {
	_, ro, id := readFixture(t)
	tests := []struct {
		name string
		f    LatestFilter
		want []string
	}{
		{"all", LatestFilter{}, []string{"beta2", "copyFetch", "fetched", "copyB", "alone", "original"}},
		{"limit", LatestFilter{Limit: 2}, []string{"beta2", "copyFetch"}},
		{"before", LatestFilter{Before: id["fetched"], Limit: 2}, []string{"copyB", "alone"}},
		{"source", LatestFilter{Source: "beta", BySource: true}, []string{"beta2", "copyB"}},
		{"fetched by hand", LatestFilter{BySource: true}, []string{"copyFetch", "fetched"}},
		{"source and before", LatestFilter{Source: "alpha", BySource: true, Before: id["alone"]}, []string{"original"}},
		{"unknown source", LatestFilter{Source: "nope", BySource: true}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ro.Latest(context.Background(), tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var want []int64
			for _, n := range tc.want {
				want = append(want, id[n])
			}
			if !slices.Equal(summaryIDs(got), want) {
				t.Errorf("Latest(%+v) = %v, want %v (%v)", tc.f, summaryIDs(got), want, tc.want)
			}
		})
	}
	got, err := ro.Latest(context.Background(), LatestFilter{Limit: 1, Before: id["copyB"]})
	if err != nil || len(got) != 1 {
		t.Fatalf("Latest: %v, %v", got, err)
	}
	want := ArticleSummary{ID: id["alone"], URL: "https://a.example/2", Source: "alpha", Title: "Title of https://a.example/2",
		Excerpt: "excerpt of alone", PublishedAt: time.Date(2025, 5, 1, 10, 0, 0, 0, time.UTC),
		FetchedAt: time.Date(2025, 5, 6, 7, 8, 9, 0, time.UTC), WordCount: wordCount(longText("rail", 2, 30))}
	if got[0] != want {
		t.Errorf("summary:\n got %+v\nwant %+v", got[0], want)
	}
	got, err = ro.Latest(context.Background(), LatestFilter{BySource: true, Source: "beta", Limit: 1})
	if err != nil || len(got) != 1 || got[0].DuplicateOf != 0 {
		t.Fatalf("Latest beta: %+v, %v", got, err)
	}
	got, err = ro.Latest(context.Background(), LatestFilter{Before: id["fetched"], Limit: 1})
	if err != nil || len(got) != 1 || got[0].DuplicateOf != id["original"] {
		t.Errorf("copyB's DuplicateOf: %+v, %v; want %d", got, err, id["original"])
	}
}

func TestSourceCounts(t *testing.T) {
	_, ro, _ := readFixture(t)
	got, err := ro.SourceCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []SourceCount{{"alpha", 2}, {"beta", 2}, {"", 2}}
	if !slices.Equal(got, want) {
		t.Errorf("SourceCounts = %v, want %v", got, want)
	}
	empty := newTestDB(t)
	if got, err := empty.SourceCounts(context.Background()); err != nil || len(got) != 0 {
		t.Errorf("SourceCounts of an empty store = %v, %v", got, err)
	}
}

func TestArticleDetail(t *testing.T) {
	db, ro, id := readFixture(t)
	ctx := context.Background()

	a, err := ro.Article(ctx, id["alone"])
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != id["alone"] || a.URL != "https://a.example/2" || a.Source != "alpha" || a.Excerpt != "excerpt of alone" ||
		a.Text != longText("rail", 2, 30) || !a.PublishedAt.Equal(time.Date(2025, 5, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("Article(alone) = %+v", a.ArticleSummary)
	}
	if want := []string{"https://a.example/2?utm_source=rss", "https://a.example/amp/2"}; !slices.Equal(a.Aliases, want) {
		t.Errorf("aliases = %q, want %q (sorted, without the canonical URL)", a.Aliases, want)
	}
	if a.Original != nil || len(a.Copies) != 0 {
		t.Errorf("an article without copies: original %+v, copies %v", a.Original, summaryIDs(a.Copies))
	}

	// The original lists its copies; a copy lists its original and the other copies.
	orig, err := ro.Article(ctx, id["original"])
	if err != nil {
		t.Fatal(err)
	}
	if orig.Original != nil || !slices.Equal(summaryIDs(orig.Copies), []int64{id["copyB"], id["copyFetch"]}) {
		t.Errorf("original: original %+v, copies %v, want none and [copyB copyFetch]", orig.Original, summaryIDs(orig.Copies))
	}
	cp, err := ro.Article(ctx, id["copyB"])
	if err != nil {
		t.Fatal(err)
	}
	if cp.DuplicateOf != id["original"] || cp.Original == nil || cp.Original.ID != id["original"] ||
		cp.Original.Source != "alpha" || !slices.Equal(summaryIDs(cp.Copies), []int64{id["copyFetch"]}) {
		t.Errorf("copy: duplicate_of %d, original %+v, copies %v", cp.DuplicateOf, cp.Original, summaryIDs(cp.Copies))
	}

	// An original deleted by hand: the copy still reads, without it.
	if _, err := db.db.Exec(`PRAGMA foreign_keys = OFF; DELETE FROM articles WHERE id = ?`, id["original"]); err != nil {
		t.Fatal(err)
	}
	cp, err = ro.Article(ctx, id["copyFetch"])
	if err != nil {
		t.Fatal(err)
	}
	if cp.Original != nil || !slices.Equal(summaryIDs(cp.Copies), []int64{id["copyB"]}) {
		t.Errorf("copy of a deleted original: original %+v, copies %v", cp.Original, summaryIDs(cp.Copies))
	}

	if _, err := ro.Article(ctx, 9999); !errors.Is(err, ErrNotFound) {
		t.Errorf("Article(9999) error = %v, want ErrNotFound", err)
	}
}

func TestRunSource(t *testing.T) {
	db := newTestDB(t)
	ctx := context.Background()
	named, err := db.StartRun(ctx, "alpha")
	if err != nil {
		t.Fatal(err)
	}
	unnamed, err := db.StartRun(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		run  int64
		want string
	}{{named, "alpha"}, {unnamed, ""}, {unnamed + 10, ""}} {
		if got, err := db.RunSource(ctx, tc.run); err != nil || got != tc.want {
			t.Errorf("RunSource(%d) = %q, %v; want %q", tc.run, got, err, tc.want)
		}
	}
}

// Article (and Stats) on a read-write handle reads while a save holds the write lock:
// its read transaction must not take the write lock itself (the handle's
// own transactions begin IMMEDIATE), or a page view would wait for a crawl.
func TestArticleReadsDuringWrite(t *testing.T) {
	db, _, id := readFixture(t)
	ctx := context.Background()
	tx, err := db.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE: holds the write lock
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`UPDATE articles SET title = 'changed' WHERE id = ?`, id["alone"]); err != nil {
		t.Fatal(err)
	}
	rctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	a, err := db.Article(rctx, id["alone"])
	if err != nil {
		t.Fatalf("Article during a write transaction: %v", err)
	}
	if a.Title != "Title of https://a.example/2" {
		t.Errorf("title = %q: read the uncommitted write", a.Title)
	}
	if st, err := db.Stats(rctx); err != nil || st.Articles != 6 {
		t.Errorf("Stats during a write transaction: %d articles, %v; want 6", st.Articles, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Article(ctx, id["alone"]); err == nil {
		t.Error("Article on a closed handle: no error")
	}
}
