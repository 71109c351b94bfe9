package crawler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newscrawl/config"
)

func TestParseSitemap(t *testing.T) {
	base, _ := url.Parse("http://news.example/sitemap.xml")
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "site", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name         string
		body         []byte
		max          int
		wantURLs     []string
		wantSitemaps []string
		wantLastMod  map[string]time.Time
		wantTrunc    bool
		wantErr      bool
	}{
		{name: "index", body: read("sitemap.xml"), max: 100,
			wantSitemaps: []string{"http://news.example/sitemap-news.xml", "http://news.example/sitemap-archive.xml.gz"},
			wantLastMod:  map[string]time.Time{"http://news.example/sitemap-archive.xml.gz": time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)}},
		{name: "google news", body: read("sitemap-news.xml"), max: 100,
			wantURLs:    []string{"http://news.example/2026/11/chipmaker-earnings.html", "http://news.example/2026/10/battery-recycling-plant.html"},
			wantLastMod: map[string]time.Time{"http://news.example/2026/10/battery-recycling-plant.html": time.Date(2026, 10, 30, 12, 0, 0, 0, time.UTC)}},
		{name: "urlset lastmod", body: read("sitemap-archive.xml"), max: 100,
			wantURLs: []string{"http://news.example/2026/11/satellite-internet-rural.html", "http://news.example/2026/11/open-source-license-change.html",
				"http://news.example/wire/2026/11/port-strike-enters-second-week.html"},
			wantLastMod: map[string]time.Time{"http://news.example/2026/11/open-source-license-change.html": time.Date(2026, 11, 20, 18, 0, 0, 0, time.UTC)}},
		{name: "capped", body: read("sitemap-archive.xml"), max: 2, wantTrunc: true,
			wantURLs: []string{"http://news.example/2026/11/satellite-internet-rural.html", "http://news.example/2026/11/open-source-license-change.html"}},
		{name: "relative loc", body: []byte(`<urlset><url><loc>/a.html</loc></url></urlset>`), max: 10, wantURLs: []string{"http://news.example/a.html"}},
		{name: "latin-1", body: []byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><urlset><url><loc>/caf\xe9.html</loc></url></urlset>"), max: 10,
			wantURLs: []string{"http://news.example/caf%C3%A9.html"}},
		{name: "utf-8 BOM", body: []byte("\ufeff<?xml version=\"1.0\" encoding=\"UTF-8\"?><urlset><url><loc>/a.html</loc></url></urlset>"), max: 10,
			wantURLs: []string{"http://news.example/a.html"}},
		{name: "unknown charset", body: []byte(`<?xml version="1.0" encoding="x-no-such"?><urlset><url><loc>/a.html</loc></url></urlset>`), max: 10, wantErr: true},
		{name: "html is not a sitemap", body: []byte(`<html><body>hi</body></html>`), max: 10, wantErr: true},
		{name: "truncated xml", body: []byte(`<urlset><url><loc>http://news.example/a.html</loc></url><url><loc>http`), max: 10, wantErr: true},
		{name: "empty", body: nil, max: 10, wantErr: true},
		{name: "billion laughs", body: billionLaughs("urlset", "<url><loc>&lol9;</loc></url>"), max: 10, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sm, err := parseSitemap(tt.body, base, tt.max)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("want error, got %+v", sm)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := locs(sm.URLs); fmt.Sprint(got) != fmt.Sprint(tt.wantURLs) {
				t.Errorf("URLs = %v, want %v", got, tt.wantURLs)
			}
			if got := locs(sm.Sitemaps); fmt.Sprint(got) != fmt.Sprint(tt.wantSitemaps) {
				t.Errorf("Sitemaps = %v, want %v", got, tt.wantSitemaps)
			}
			if sm.Truncated != tt.wantTrunc {
				t.Errorf("Truncated = %v", sm.Truncated)
			}
			for _, e := range append(sm.URLs, sm.Sitemaps...) {
				if want, ok := tt.wantLastMod[e.Loc]; ok && !e.LastMod.Equal(want) {
					t.Errorf("%s lastmod = %v, want %v", e.Loc, e.LastMod, want)
				}
			}
		})
	}
}

func locs(es []sitemapEntry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Loc)
	}
	return out
}

// billionLaughs wraps inner in root after a DTD whose entity expands to 10^9 "lol"s.
func billionLaughs(root, inner string) []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n")
	for i := 2; i <= 9; i++ {
		fmt.Fprintf(&b, " <!ENTITY lol%d \"%s\">\n", i, strings.Repeat(fmt.Sprintf("&lol%s;", map[bool]string{true: "", false: fmt.Sprint(i - 1)}[i == 2]), 10))
	}
	fmt.Fprintf(&b, "]>\n<%s>%s</%s>\n", root, inner, root)
	return b.Bytes()
}

func TestParseW3CTime(t *testing.T) {
	tests := map[string]time.Time{
		"2026-11-20":                time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC),
		"2026-11-20T18:00Z":         time.Date(2026, 11, 20, 18, 0, 0, 0, time.UTC),
		"2026-11-20T18:00:00+01:00": time.Date(2026, 11, 20, 17, 0, 0, 0, time.UTC),
		"2026-11-20T18:00:00.5Z":    time.Date(2026, 11, 20, 18, 0, 0, 5e8, time.UTC),
		"yesterday":                 {},
		"":                          {},
	}
	for in, want := range tests {
		if got := parseW3CTime(in); !got.Equal(want) {
			t.Errorf("parseW3CTime(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestSitemapErrNotSitemap(t *testing.T) {
	_, err := parseSitemap([]byte(`<rss><channel/></rss>`), nil, 10)
	if !errors.Is(err, errNotSitemap) {
		t.Errorf("err = %v, want errNotSitemap", err)
	}
}

func FuzzSitemap(f *testing.F) {
	for _, name := range []string{"sitemap.xml", "sitemap-news.xml", "sitemap-archive.xml"} {
		if b, err := os.ReadFile(filepath.Join("..", "testdata", "site", name)); err == nil {
			f.Add(b)
		}
	}
	f.Add(billionLaughs("urlset", "<url><loc>&lol9;</loc></url>"))
	base, _ := url.Parse("http://news.example/")
	f.Fuzz(func(t *testing.T, b []byte) {
		sm, err := parseSitemap(b, base, 100)
		if err == nil && sm == nil {
			t.Fatal("nil sitemap without error")
		}
		if err == nil && len(sm.URLs)+len(sm.Sitemaps) > 100 {
			t.Fatalf("cap exceeded: %d", len(sm.URLs)+len(sm.Sitemaps))
		}
	})
}

func TestSitemapGzipServedThroughTransport(t *testing.T) {
	site := newTestSite(t)
	src := config.Source{Name: "x", Timeout: 2 * time.Second, MaxBody: 1 << 20, Parallelism: 1, AllowPrivateNetworks: true}
	f := newFetcher(context.Background(), src, "newscrawl-test/1.0", slog.New(slog.DiscardHandler), nil)
	defer f.close()
	for _, p := range []string{"/sitemap-archive.xml.gz", "/sitemap-double.xml.gz", "/sitemap-news.xml"} {
		res, _, err := f.fetch(context.Background(), site.U(p), kindDoc, nil)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		sm, err := parseSitemap(res.body, nil, 100)
		if err != nil || len(sm.URLs) < 2 {
			t.Errorf("%s: %v, %+v", p, err, sm)
		}
	}
	src.MaxBody = 100 << 10
	f2 := newFetcher(context.Background(), src, "newscrawl-test/1.0", slog.New(slog.DiscardHandler), nil)
	defer f2.close()
	if _, _, err := f2.fetch(context.Background(), site.U("/bad/bomb-sitemap.xml.gz"), kindDoc, nil); !errors.Is(err, ErrTooLarge) {
		t.Errorf("gzip bomb sitemap: err = %v, want ErrTooLarge", err)
	}
}
