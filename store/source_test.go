package store

import (
	"database/sql"
	"testing"
	"time"
)

// TestUpdateKeepsSource: the first source that stored an article owns it.
// An update never changes a stored source (a one-off fetch has none, another
// source's crawl has another); a NULL source is filled in, whether or not
// the text changed.
func TestUpdateKeepsSource(t *testing.T) {
	tests := []struct {
		name          string
		first, second string // sources of the two saves ("" = fetch)
		sameText      bool
		want          sql.NullString
	}{
		{"fetch updates crawled", "site", "", false, sql.NullString{String: "site", Valid: true}},
		{"fetch re-fetches crawled unchanged", "site", "", true, sql.NullString{String: "site", Valid: true}},
		{"other source updates", "site", "other", false, sql.NullString{String: "site", Valid: true}},
		{"other source unchanged", "site", "other", true, sql.NullString{String: "site", Valid: true}},
		{"crawl updates fetched", "", "site", false, sql.NullString{String: "site", Valid: true}},
		{"crawl finds fetched unchanged", "", "site", true, sql.NullString{String: "site", Valid: true}},
		{"fetch updates fetched", "", "", false, sql.NullString{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := newTestDB(t)
			a := article("https://example.com/a/1", longText("harbour", 1, 40))
			a.Source = tc.first
			first := mustSave(t, db, a)

			b := a
			b.Source = tc.second
			b.FetchedAt = a.FetchedAt.Add(time.Hour)
			wantStatus := Unchanged
			if !tc.sameText {
				b.Text = longText("harbour", 2, 40)
				wantStatus = Updated
			}
			second := mustSave(t, db, b)
			if second.ID != first.ID || second.Status != wantStatus {
				t.Fatalf("second save: %+v, want id %d status %v", second, first.ID, wantStatus)
			}
			var got sql.NullString
			if err := db.db.QueryRow(`SELECT source FROM articles WHERE id = ?`, first.ID).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("source = %v, want %v", got, tc.want)
			}
			var checked string
			if err := db.db.QueryRow(`SELECT checked_at FROM articles WHERE id = ?`, first.ID).Scan(&checked); err != nil {
				t.Fatal(err)
			}
			if want := formatTime(b.FetchedAt).String; checked != want {
				t.Errorf("checked_at = %s, want %s", checked, want)
			}
		})
	}
}
