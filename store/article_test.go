package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"newscrawl/store/dedup"
)

// longText builds an article of n sentences about topic; seed varies the
// wording so different seeds give unrelated texts.
func longText(topic string, seed, n int) string {
	subjects := []string{"The council", "Officials", "Residents", "The minister", "Analysts", "Local traders", "The company", "Police"}
	verbs := []string{"said", "warned", "argued", "confirmed", "reported", "denied", "suggested", "announced"}
	objects := []string{"the plan would cost more than expected", "talks would resume next week", "the figures were revised in March",
		"a review of the decision was under way", "demand had fallen sharply", "the vote was delayed again",
		"new rules take effect in the spring", "the project was running late"}
	var b strings.Builder
	for i := range n {
		k := seed*7919 + i*31
		fmt.Fprintf(&b, "%s %s on day %d that %s about %s number %d.", subjects[k%len(subjects)], verbs[(k/3)%len(verbs)],
			(seed*13+i)%28+1, objects[(k/7)%len(objects)], topic, seed*1000+i)
		if i%4 == 3 {
			b.WriteString("\n\n")
		} else {
			b.WriteString(" ")
		}
	}
	return strings.TrimSpace(b.String())
}

func article(url, text string) Article {
	return Article{
		URL: url, Source: "test", Title: "Title of " + url, Text: text,
		FetchedAt: time.Date(2025, 5, 6, 7, 8, 9, 0, time.UTC),
	}
}

func mustSave(t *testing.T, db *DB, a Article) Saved {
	t.Helper()
	s, err := db.SaveArticle(context.Background(), a)
	if err != nil {
		t.Fatalf("SaveArticle(%s): %v", a.URL, err)
	}
	return s
}

// indexRows counts the near-duplicate index's band keys of article id (0:
// of every article) in both its levels, dedup_bands and dedup_pending.
func indexRows(t *testing.T, db *DB, id int64) int {
	t.Helper()
	return count(t, db, `SELECT (SELECT count(*) FROM dedup_bands WHERE ?1 = 0 OR article_id = ?1)
		+ (SELECT coalesce(sum(length(keys) / 4), 0) FROM dedup_pending WHERE ?1 = 0 OR article_id = ?1)`, id)
}

func count(t *testing.T, db *DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func TestSaveArticleNewUnchangedUpdated(t *testing.T) {
	db := newTestDB(t)
	a := article("https://news.example/2025/story", longText("budget", 1, 20))
	a.Aliases = []string{"https://news.example/2025/story?utm_source=x", "https://news.example/amp/2025/story", ""}
	a.PublishedAt = time.Date(2025, 5, 1, 12, 0, 0, 0, time.FixedZone("CEST", 2*3600))

	first := mustSave(t, db, a)
	if first.Status != New || first.ID == 0 || first.DuplicateOf != 0 {
		t.Fatalf("first save = %+v, want New", first)
	}
	again := mustSave(t, db, a)
	if again != (Saved{ID: first.ID, Status: Unchanged}) {
		t.Errorf("same article again = %+v, want Unchanged id %d", again, first.ID)
	}
	// same text up to case and spacing is unchanged too (content_hash is over normalised text)
	b := a
	b.Text = strings.ToUpper(a.Text) + "  "
	if s := mustSave(t, db, b); s.Status != Unchanged {
		t.Errorf("re-spaced text: %v, want unchanged", s.Status)
	}
	if n := count(t, db, `SELECT count(*) FROM articles`); n != 1 {
		t.Errorf("%d article rows, want 1", n)
	}
	if n := count(t, db, `SELECT count(*) FROM article_urls WHERE article_id = ?`, first.ID); n != 3 {
		t.Errorf("%d article_urls rows, want 3 (canonical + 2 aliases)", n)
	}
	var published string
	db.db.QueryRow(`SELECT published_at FROM articles`).Scan(&published)
	if published != "2025-05-01T10:00:00Z" {
		t.Errorf("published_at = %q, want RFC 3339 UTC", published)
	}

	// found by an alias, with changed text: updated in place
	c := article("https://news.example/amp/2025/story", a.Text+"\n\nUpdate: the vote was moved to Friday.")
	c.FetchedAt = a.FetchedAt.Add(time.Hour)
	up := mustSave(t, db, c)
	if up.Status != Updated || up.ID != first.ID {
		t.Errorf("changed text = %+v, want Updated id %d", up, first.ID)
	}
	if n := count(t, db, `SELECT count(*) FROM articles`); n != 1 {
		t.Errorf("%d article rows after update, want 1", n)
	}
	if n := count(t, db, `SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'friday'`); n != 1 {
		t.Errorf("FTS does not see the updated text: %d hits", n)
	}
	if n := count(t, db, `SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?`, `"vote was moved"`); n != 1 {
		t.Errorf("FTS phrase of updated text: %d hits", n)
	}

	for _, u := range append([]string{a.URL}, a.Aliases[:2]...) {
		id, fetched, ok, err := db.LookupURL(context.Background(), u)
		if err != nil || !ok || id != first.ID || !fetched.Equal(c.FetchedAt) {
			t.Errorf("LookupURL(%s) = %d, %v, %v, %v", u, id, fetched, ok, err)
		}
	}
	if _, _, ok, err := db.LookupURL(context.Background(), "https://news.example/other"); ok || err != nil {
		t.Errorf("LookupURL of an unknown URL: ok=%v err=%v", ok, err)
	}
}

func TestSaveArticleRejects(t *testing.T) {
	db := newTestDB(t)
	if _, err := db.SaveArticle(context.Background(), article("https://a.example/1", " \n ")); !errors.Is(err, ErrEmptyText) {
		t.Errorf("empty text: err = %v, want ErrEmptyText", err)
	}
	if _, err := db.SaveArticle(context.Background(), article("", "text")); !errors.Is(err, ErrNoURL) {
		t.Errorf("empty URL: err = %v, want ErrNoURL", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := db.SaveArticle(ctx, article("https://a.example/2", "text")); err == nil {
		t.Errorf("cancelled context: saved anyway")
	}
	if n := count(t, db, `SELECT count(*) FROM articles`); n != 0 {
		t.Errorf("%d rows after rejected saves", n)
	}
}

func TestDuplicateOfNeverChains(t *testing.T) {
	db := newTestDB(t)
	base := longText("the harbour bridge", 2, 30)
	sentences := strings.SplitAfter(base, ". ")

	orig := mustSave(t, db, article("https://wire.example/story", base))
	// a copy with a new first sentence: near duplicate of orig
	copy1 := "Our reporter adds a short note here first. " + base
	s1 := mustSave(t, db, article("https://site-a.example/copy", copy1))
	if s1.DuplicateOf != orig.ID {
		t.Fatalf("copy1.DuplicateOf = %d, want %d", s1.DuplicateOf, orig.ID)
	}
	// a copy of copy1 with a sentence removed: nearest to copy1, must point at orig
	copy2 := strings.Replace(copy1, sentences[5], "", 1)
	s2 := mustSave(t, db, article("https://site-b.example/copy", copy2))
	if s2.DuplicateOf != orig.ID {
		t.Errorf("copy2.DuplicateOf = %d, want the root %d (never a chain)", s2.DuplicateOf, orig.ID)
	}
	// an exact copy
	s3 := mustSave(t, db, article("https://site-c.example/copy", base))
	if s3.DuplicateOf != orig.ID {
		t.Errorf("exact copy DuplicateOf = %d, want %d", s3.DuplicateOf, orig.ID)
	}
	// an unrelated article
	s4 := mustSave(t, db, article("https://site-a.example/other", longText("the harbour bridge", 3, 30)))
	if s4.DuplicateOf != 0 {
		t.Errorf("unrelated article on the same topic DuplicateOf = %d, want 0", s4.DuplicateOf)
	}
	if n := count(t, db, `SELECT count(*) FROM articles a JOIN articles b ON b.id = a.duplicate_of WHERE b.duplicate_of IS NOT NULL`); n != 0 {
		t.Errorf("%d chained duplicates", n)
	}
	if n := count(t, db, `SELECT count(*) FROM unique_articles`); n != 2 {
		t.Errorf("unique_articles has %d rows, want 2", n)
	}
	// updating the root keeps it a root even if its text now resembles another
	up := mustSave(t, db, article("https://wire.example/story", base+" A late paragraph is added."))
	if up.Status != Updated || up.DuplicateOf != 0 {
		t.Errorf("root update = %+v, want Updated with no duplicate_of", up)
	}
}

func TestShortTextsOnlyExact(t *testing.T) {
	db := newTestDB(t)
	// two briefs of one site: same template sentences, different news
	brief := func(what string) string {
		return "In brief: " + what + " Follow us for more local news. Send tips to the newsroom. Subscribe to our newsletter today."
	}
	a := mustSave(t, db, article("https://town.example/brief-1", brief("The library reopens on Monday after repairs to the roof.")))
	b := mustSave(t, db, article("https://town.example/brief-2", brief("The bakery on Main Street closes for the summer holidays.")))
	if b.DuplicateOf != 0 {
		t.Errorf("two different briefs sharing a footer: DuplicateOf = %d, want 0", b.DuplicateOf)
	}
	// a short text differing by one word is not matched on fingerprints
	c := mustSave(t, db, article("https://other.example/brief", brief("The library reopens on Tuesday after repairs to the roof.")))
	if c.DuplicateOf != 0 {
		t.Errorf("short near copy matched on fingerprints: DuplicateOf = %d", c.DuplicateOf)
	}
	// but an exact copy of a short text is a duplicate
	d := mustSave(t, db, article("https://other.example/brief-copy", brief("The library reopens on Monday after repairs to the roof.")))
	if d.DuplicateOf != a.ID {
		t.Errorf("exact short copy DuplicateOf = %d, want %d", d.DuplicateOf, a.ID)
	}
	if n := indexRows(t, db, 0); n != 0 {
		t.Errorf("short texts were indexed: %d band rows", n)
	}
}

func TestBandsFollowUpdates(t *testing.T) {
	db := newTestDB(t)
	s := mustSave(t, db, article("https://a.example/1", longText("trains", 5, 20)))
	n1 := indexRows(t, db, s.ID)
	if n1 != dedup.Bands {
		t.Fatalf("long article has %d band rows, want %d", n1, dedup.Bands)
	}
	mustSave(t, db, article("https://a.example/1", longText("planes", 6, 20)))
	if n := indexRows(t, db, 0); n != dedup.Bands {
		t.Errorf("band rows after update = %d, want %d (old ones removed)", n, dedup.Bands)
	}
	// the old text no longer matches anything
	old := mustSave(t, db, article("https://b.example/1", longText("trains", 5, 20)))
	if old.DuplicateOf != 0 {
		t.Errorf("old text still matched the updated article: %d", old.DuplicateOf)
	}
}

// TestSharedFooterIsNotADuplicate: two different articles of one site whose
// extracted text kept the same long footer are not duplicates, though the
// footer makes most of their text; the same pair on two sites would be.
func TestSharedFooterIsNotADuplicate(t *testing.T) {
	db := newTestDB(t)
	footer := longText("our newsroom policies and corrections", 50, 12) // ~190 words of boilerplate
	body1 := longText("a school board vote", 51, 6)
	body2 := longText("a new bus route", 52, 6)
	a := article("https://site.example/school", body1+"\n\n"+footer)
	b := article("https://site.example/bus", body2+"\n\n"+footer)
	mustSave(t, db, a)
	if s := mustSave(t, db, b); s.DuplicateOf != 0 {
		t.Errorf("two articles of one site sharing a footer: DuplicateOf = %d, want 0", s.DuplicateOf)
	}
	// a re-post of the same story on the same site still is one
	c := article("https://site.example/school-repost", strings.Replace(a.Text, "The council", "The board", 1))
	if s := mustSave(t, db, c); s.DuplicateOf == 0 {
		t.Errorf("same-site re-post not found as a duplicate")
	}
}

// TestFooterLongerThanTheStories: a site whose extracted texts end in a
// footer ten times as long as each story (Jaccard 0.83 between any two),
// found by two sources of the config (its world and business feeds):
// none is a copy of another, since none shares another's lede, while a
// re-post of one of them still is.
func TestFooterLongerThanTheStories(t *testing.T) {
	db := newTestDB(t)
	footer := randomText(999, 1000)
	n := 0
	save := func(url, text string) Saved {
		a := article(url, text)
		a.Source = []string{"world", "business"}[n%2]
		n++
		return mustSave(t, db, a)
	}
	var bodies []string
	for i := range 12 {
		bodies = append(bodies, randomText(uint64(i+1), 100))
		if s := save(fmt.Sprintf("https://site.example/%d", i), bodies[i]+"\n\n"+footer); s.DuplicateOf != 0 {
			t.Errorf("article %d of the site: duplicate of %d, want none", i, s.DuplicateOf)
		}
	}
	if s := save("https://site.example/5-repost", "Updated. "+bodies[5]+"\n\n"+footer); s.DuplicateOf == 0 {
		t.Error("a re-post on the site under a new URL is not found as a duplicate")
	}
	// an update under a new URL with a new paragraph on top: its lede is
	// new, but it holds the old one
	if s := save("https://site.example/7-update", randomText(77, 70)+"\n\n"+bodies[7]+"\n\n"+footer); s.DuplicateOf == 0 {
		t.Error("an update with a new first paragraph is not found as a duplicate")
	}
}

func TestSameSite(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"https://www.site.example/a", "https://site.example/b", true},
		{"https://site.example/a", "http://SITE.example:8080/b", true},
		{"https://site.example/a", "https://other.example/a", false},
		{"https://news.site.example/a", "https://site.example/a", true},
		{"https://a.github.io/x", "https://b.github.io/x", false}, // public suffix: two sites
		{"http://127.0.0.1:8000/a", "http://127.0.0.1:9000/b", true},
		{"", "", false},
		{"::", "::", false},
	} {
		if got := siteOf(tt.a) != "" && siteOf(tt.a) == siteOf(tt.b); got != tt.want {
			t.Errorf("one site (%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
