package crawler

import (
	"slices"
	"testing"
	"time"

	"newscrawl/readability"
)

func TestToStoreArticle(t *testing.T) {
	fetched := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name        string
		url, final  string
		canonical   string
		wantURL     string
		wantAliases []string
	}{
		{name: "canonical on the same site",
			url: "https://www.example.com/amp/2026/11/story.html", final: "https://www.example.com/amp/2026/11/story.html",
			canonical: "https://www.example.com/2026/11/story.html",
			wantURL:   "https://www.example.com/2026/11/story.html", wantAliases: []string{"https://www.example.com/amp/2026/11/story.html"}},
		{name: "canonical on a sibling host",
			url: "https://amp.example.com/story", final: "https://amp.example.com/story", canonical: "https://www.example.com/story",
			wantURL: "https://www.example.com/story", wantAliases: []string{"https://amp.example.com/story"}},
		{name: "canonical on another site is ignored",
			url: "https://blog.example.org/copy", final: "https://blog.example.org/copy", canonical: "https://www.example.com/original",
			wantURL: "https://blog.example.org/copy"},
		{name: "home page canonical of a deep page is ignored",
			url: "https://www.example.com/2026/11/story.html", final: "https://www.example.com/2026/11/story.html", canonical: "https://www.example.com/",
			wantURL: "https://www.example.com/2026/11/story.html"},
		{name: "relative canonical",
			url: "https://www.example.com/x?print=1", final: "https://www.example.com/x?print=1", canonical: "/x",
			wantURL: "https://www.example.com/x", wantAliases: []string{"https://www.example.com/x?print=1"}},
		{name: "no canonical: AMP marker stripped, tracking and fragment gone",
			url: "https://www.example.com/amp/story?utm_source=x#top", final: "https://www.example.com/amp/story",
			wantURL: "https://www.example.com/story", wantAliases: []string{"https://www.example.com/amp/story"}},
		{name: "redirect: requested and final are aliases",
			url: "http://example.com/s/123", final: "https://www.example.com/2026/story", canonical: "https://www.example.com/2026/story",
			wantURL: "https://www.example.com/2026/story", wantAliases: []string{"http://example.com/s/123"}},
		{name: "javascript canonical ignored",
			url: "https://www.example.com/a", final: "https://www.example.com/a", canonical: "javascript:alert(1)",
			wantURL: "https://www.example.com/a"},
		{name: "no page URL: canonical if absolute",
			canonical: "https://www.example.com/a", wantURL: "https://www.example.com/a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &readability.Article{Title: "T", Text: "text", CanonicalURL: tt.canonical}
			got := ToStoreArticle(&Page{URL: tt.url, FinalURL: tt.final, FetchedAt: fetched}, a, "src")
			if got.URL != tt.wantURL {
				t.Errorf("URL = %q, want %q", got.URL, tt.wantURL)
			}
			if !slices.Equal(got.Aliases, tt.wantAliases) {
				t.Errorf("Aliases = %q, want %q", got.Aliases, tt.wantAliases)
			}
			if got.Source != "src" || got.Title != "T" || got.Text != "text" || !got.FetchedAt.Equal(fetched) {
				t.Errorf("fields not copied: %+v", got)
			}
		})
	}
}
