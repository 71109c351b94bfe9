package store

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestSchemaDocQueries runs every ```sql block of docs/schema.md against a
// freshly migrated database holding a few articles, a duplicate, runs and
// failures, and requires each to succeed and return at least one row.
func TestSchemaDocQueries(t *testing.T) {
	doc, err := os.ReadFile("../docs/schema.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```sql\n(.*?)```").FindAllStringSubmatch(string(doc), -1)
	if len(blocks) < 5 {
		t.Fatalf("found %d sql blocks in docs/schema.md, want the examples", len(blocks))
	}
	if !strings.Contains(string(doc), "**version "+itoa(SchemaVersion)+"**") {
		t.Errorf("docs/schema.md does not describe version %d", SchemaVersion)
	}

	ctx := context.Background()
	db := newTestDB(t)
	now := time.Now().UTC().Add(-time.Hour)
	harbour := longText("the harbour", 21, 24)
	for _, a := range []Article{
		{URL: "https://alpha.example/harbour", Aliases: []string{"https://alpha.example/harbour?utm_source=rss"}, Source: "alpha",
			Title: "Harbour reopens", Text: harbour, PublishedAt: now.Add(-2 * time.Hour)},
		{URL: "https://alpha.example/markets", Source: "alpha", Title: "Markets", Text: longText("markets", 22, 24)},
		{URL: "https://beta.example/harbour-copy", Source: "beta", Title: "Harbour open again", Text: "By a staff writer. " + harbour},
		{URL: "https://fetch.example/one", Title: "Fetched by hand", Text: longText("weather", 23, 24)},
	} {
		a.FetchedAt = now
		if _, err := db.SaveArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	for _, src := range []string{"alpha", "beta"} {
		id, err := db.StartRun(ctx, src)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.RecordFailure(ctx, id, "https://"+src+".example/broken", 500, "server error"); err != nil {
			t.Fatal(err)
		}
		if err := db.FinishRun(ctx, id, RunCounts{Pages: 3, New: 2, Errors: 1}); err != nil {
			t.Fatal(err)
		}
	}
	ro, err := OpenReadOnly(ctx, db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()

	for i, b := range blocks {
		q := b[1]
		name := strings.TrimSpace(strings.SplitN(strings.TrimSpace(q), "\n", 2)[0])
		t.Run(itoa(i+1), func(t *testing.T) {
			rows, err := ro.db.QueryContext(ctx, q)
			if err != nil {
				t.Fatalf("query %d (%s): %v", i+1, name, err)
			}
			defer rows.Close()
			n := 0
			for rows.Next() {
				n++
			}
			if err := rows.Err(); err != nil {
				t.Fatalf("query %d (%s): %v", i+1, name, err)
			}
			if n == 0 {
				t.Errorf("query %d (%s) returned no rows on the sample database", i+1, name)
			}
		})
	}
}
