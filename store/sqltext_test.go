package store

import "testing"

func TestPlaceholders(t *testing.T) {
	tests := []struct {
		name     string
		first, n int
		want     string
	}{
		{"none", 1, 0, ""},
		{"one", 1, 1, "?1"},
		{"from 1", 1, 3, "?1, ?2, ?3"},
		{"from 2", 2, 3, "?2, ?3, ?4"},
		{"two digits", 9, 3, "?9, ?10, ?11"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := placeholders(tc.first, tc.n); got != tc.want {
				t.Errorf("placeholders(%d, %d) = %q, want %q", tc.first, tc.n, got, tc.want)
			}
		})
	}
	// The statements built on it, as SQLite must see them.
	for _, tc := range []struct{ got, want string }{
		{bandDeleteSQL(2), "DELETE FROM dedup_bands WHERE article_id = ?1 AND key IN (?2, ?3)"},
		{candidateTextsSQL(2), "SELECT id, text, source, duplicate_of, url FROM articles WHERE id IN (?1, ?2)"},
	} {
		if tc.got != tc.want {
			t.Errorf("got  %q\nwant %q", tc.got, tc.want)
		}
	}
}
