package crawler

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestParseFeed(t *testing.T) {
	feedURL, _ := url.Parse("http://news.example/feeds/x")
	tests := []struct {
		file     string
		wantURLs []string
		wantUpd  map[string]time.Time
		wantErr  bool
	}{
		{file: "site/feeds/world.rss", wantURLs: []string{
			"http://news.example/2026/11/central-bank-holds-rates.html?utm_source=rss&utm_medium=feed",
			"http://news.example/2026/11/election-observers-report.html",
			"http://news.example/2026/11/floods-northern-provinces.html"},
			wantUpd: map[string]time.Time{"http://news.example/2026/11/election-observers-report.html": time.Date(2026, 11, 18, 8, 0, 0, 0, time.UTC)}},
		{file: "site/feeds/tech.atom", wantURLs: []string{
			"http://news.example/2026/11/chipmaker-earnings.html",
			"http://news.example/2026/11/open-source-license-change.html"},
			wantUpd: map[string]time.Time{"http://news.example/2026/11/open-source-license-change.html": time.Date(2026, 11, 20, 18, 0, 0, 0, time.UTC)}},
		{file: "feeds/json-feed.json", wantURLs: []string{
			"http://news.example/2026/11/chipmaker-earnings.html",
			"http://news.example/2026/10/battery-recycling-plant.html"},
			wantUpd: map[string]time.Time{"http://news.example/2026/11/chipmaker-earnings.html": time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC)}},
		{file: "feeds/relative-links.rss", wantURLs: []string{
			"http://news.example/2026/11/floods-northern-provinces.html",
			"http://news.example/2026/11/election-observers-report.html"}},
		{file: "feeds/empty.atom"},
		{file: "feeds/broken-xml.rss", wantErr: true},
		// gofeed does not expand custom entities: the feed parses, nothing blows up.
		{file: "feeds/billion-laughs.rss", wantURLs: []string{"http://news.example/2026/11/chipmaker-earnings.html"}},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("..", "testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			items, err := parseFeed(b, feedURL)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("want error, got %v", items)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range items {
				got = append(got, it.URL)
				if want, ok := tt.wantUpd[it.URL]; ok && !it.Updated.Equal(want) {
					t.Errorf("%s updated = %v, want %v", it.URL, it.Updated, want)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.wantURLs) {
				t.Errorf("items = %v\nwant %v", got, tt.wantURLs)
			}
		})
	}
}

func FuzzParseFeed(f *testing.F) {
	for _, name := range []string{"site/feeds/world.rss", "site/feeds/tech.atom", "feeds/json-feed.json", "feeds/broken-xml.rss", "feeds/billion-laughs.rss"} {
		if b, err := os.ReadFile(filepath.Join("..", "testdata", name)); err == nil {
			f.Add(b)
		}
	}
	base, _ := url.Parse("http://news.example/feed")
	f.Fuzz(func(t *testing.T, b []byte) {
		items, err := parseFeed(b, base)
		if err != nil {
			return
		}
		for _, it := range items {
			if u, perr := url.Parse(it.URL); perr != nil || (u.Scheme != "http" && u.Scheme != "https") {
				t.Fatalf("item URL %q not http(s)", it.URL)
			}
		}
	})
}
