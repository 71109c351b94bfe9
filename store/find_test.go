package store

import (
	"context"
	"testing"
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
