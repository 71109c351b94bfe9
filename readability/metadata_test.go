package readability

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestCleanTitle(t *testing.T) {
	tests := []struct{ title, site, host, want string }{
		{"Port strike enters second week - Metro Wire Today", "Metro Wire Today", "www.metrowiretoday.com", "Port strike enters second week"},
		{"Port strike enters second week | Metro Wire", "", "www.metrowire.com", "Port strike enters second week"},
		{"BBC News - Assange probe dropped by Sweden", "BBC News", "www.bbc.com", "Assange probe dropped by Sweden"},
		{"Storm live: rail services suspended – The Northern Dispatch", "The Northern Dispatch", "", "Storm live: rail services suspended"},
		{"Russia warns - World Nation News", "World Nation News", "", "Russia warns"},
		{"Pros - and cons - of raised beds", "Notes from the Allotment", "notes.example", "Pros - and cons - of raised beds"},
		{"Short", "Site", "", "Short"},
		{"Privacy | The Daily Example", "The Daily Example", "", "Privacy"},
		{"Privacy | Daily", "", "news.example", "Privacy | Daily"},
	}
	for _, tt := range tests {
		if got := cleanTitle(tt.title, tt.site, tt.host); got != tt.want {
			t.Errorf("cleanTitle(%q, %q, %q) = %q, want %q", tt.title, tt.site, tt.host, got, tt.want)
		}
	}
}

func TestNormalizeLang(t *testing.T) {
	for in, want := range map[string]string{
		"en": "en", "en-US": "en-US", "en_us": "en-US", "pt-br": "pt-BR", "pt_BR": "pt-BR",
		"ja": "ja", " de-DE ": "de-DE", "en-US,en;q=0.9": "en-US", "": "", "xx-invalid-@@": "",
	} {
		if got := normalizeLang(in); got != want {
			t.Errorf("normalizeLang(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2024-03-05T14:32:10.512Z", time.Date(2024, 3, 5, 14, 32, 10, 512e6, time.UTC)},
		{"2022-01-14T02:17:45+00:00", time.Date(2022, 1, 14, 2, 17, 45, 0, time.UTC)},
		{"2024-06-10", time.Date(2024, 6, 10, 0, 0, 0, 0, time.UTC)},
		{"2024-03-20T17:05:00+0900", time.Date(2024, 3, 20, 8, 5, 0, 0, time.UTC)},
		{"November 19, 2019", time.Date(2019, 11, 19, 0, 0, 0, 0, time.UTC)},
		{"not a date", time.Time{}},
		{"1870-01-01", time.Time{}},
		{"2999-01-01", time.Time{}},
	}
	for _, tt := range tests {
		if got := parseDate(tt.in); !got.Equal(tt.want) {
			t.Errorf("parseDate(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestDateFromURL(t *testing.T) {
	for raw, want := range map[string]string{
		"https://example.com/2024/05/17/slug/":       "2024-05-17",
		"https://example.com/news/2019/11/8/2094834": "2019-11-08",
		"https://example.com/2019-11-19-story.html":  "2019-11-19",
		"https://example.com/2019/11/story/":         "",
		"https://example.com/news/12345678/":         "",
	} {
		u, _ := url.Parse(raw)
		got := dateFromURL(u)
		if want == "" {
			if !got.IsZero() {
				t.Errorf("dateFromURL(%s) = %v, want none", raw, got)
			}
			continue
		}
		if got.Format("2006-01-02") != want {
			t.Errorf("dateFromURL(%s) = %v, want %s", raw, got, want)
		}
	}
}

func extractString(t *testing.T, page, pageURL string) *Article {
	t.Helper()
	var u *url.URL
	if pageURL != "" {
		var err error
		if u, err = url.Parse(pageURL); err != nil {
			t.Fatal(err)
		}
	}
	a, err := Extract(strings.NewReader(page), u, "text/html; charset=utf-8")
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	return a
}

var prose = []string{
	"The water utility will replace every known lead service line in the city by the end of 2030, officials said on Tuesday.",
	"The plan, approved by the board in a 6-1 vote, calls for crews to dig up and replace roughly 41,000 pipes.",
	"Most were installed before 1940, when lead was the material of choice for plumbers because it was cheap.",
}

func TestMetadata(t *testing.T) {
	head := `<title>Lead pipes to go by 2030 | The Courier</title>
<meta property="og:site_name" content="The Courier">
<meta property="og:title" content="Lead pipes to go by 2030">
<meta property="og:type" content="article">
<meta property="og:image" content="/img/lead.jpg">
<meta property="og:locale" content="en_GB">
<meta name="description" content="The city speeds up its plan.">
<link rel="canonical" href="/2024/03/05/lead-pipes.html">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Ignored"},{"@type":"NewsArticle","headline":"Lead pipes to go by 2030","datePublished":"2024-03-05T14:32:10Z","dateModified":"2024-03-06T09:00:00Z","author":[{"@type":"Person","name":"Maya Okafor"},{"@type":"Person","name":"Li Wei"}],"publisher":{"@type":"Organization","name":"The Courier Co"}}]}</script>`
	a := extractString(t, articleHTML(head, prose...), "https://www.courier.example/news/lead?utm_source=x")
	checks := []struct{ field, got, want string }{
		{"Title", a.Title, "Lead pipes to go by 2030"},
		{"SiteName", a.SiteName, "The Courier"},
		{"Byline", a.Byline, "Maya Okafor, Li Wei"},
		{"Lang", a.Lang, "en-GB"},
		{"Image", a.Image, "https://www.courier.example/img/lead.jpg"},
		{"CanonicalURL", a.CanonicalURL, "https://www.courier.example/2024/03/05/lead-pipes.html"},
		{"Type", a.Type, "article"},
		{"Excerpt", a.Excerpt, "The city speeds up its plan."},
		{"Published", a.Published.Format(time.RFC3339), "2024-03-05T14:32:10Z"},
		{"Modified", a.Modified.Format(time.RFC3339), "2024-03-06T09:00:00Z"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
	if !a.IsArticlePage() {
		t.Error("IsArticlePage = false for a NewsArticle")
	}
}

func TestPublishedFallbacks(t *testing.T) {
	dateBar := `<header><div class="date-bar"><time datetime="2026-01-24">Monday, January 24, 2026</time></div></header>`
	t.Run("time inside the article, not the date bar", func(t *testing.T) {
		page := `<html><head><title>T</title></head><body>` + dateBar + `<article><h1>T</h1><time datetime="2022-01-14T02:17:45Z">Jan 14</time>` +
			"<p>" + strings.Join(prose, "</p><p>") + "</p></article></body></html>"
		a := extractString(t, page, "https://example.com/story")
		if want := time.Date(2022, 1, 14, 2, 17, 45, 0, time.UTC); !a.Published.Equal(want) {
			t.Errorf("Published = %v, want %v", a.Published, want)
		}
	})
	t.Run("URL date when nothing else", func(t *testing.T) {
		page := `<html><head><title>T</title></head><body>` + dateBar + `<article><p>` + strings.Join(prose, "</p><p>") + "</p></article></body></html>"
		a := extractString(t, page, "https://example.com/2023/07/09/story/")
		if got := a.Published.Format("2006-01-02"); got != "2023-07-09" {
			t.Errorf("Published = %v, want 2023-07-09", a.Published)
		}
	})
	t.Run("html lang wins over og:locale", func(t *testing.T) {
		a := extractString(t, `<html lang="pt-BR"><head><meta property="og:locale" content="en_US"></head><body><article><p>`+strings.Join(prose, "</p><p>")+"</p></article></body></html>", "")
		if a.Lang != "pt-BR" {
			t.Errorf("Lang = %q, want pt-BR", a.Lang)
		}
	})
}

func TestCleanByline(t *testing.T) {
	for in, want := range map[string]string{
		"By Maya Okafor": "Maya Okafor",
		"Associated Press November 19, 2019, 9:02 AM":  "Associated Press",
		"Текст: Венера Ерофеева":                       "Венера Ерофеева",
		"Posted by Ruth Pennington":                    "Ruth Pennington",
		"https://www.example.com/profile/aisha":        "",
		"Amy Kuperinsky | NJ Advance Media for NJ.com": "Amy Kuperinsky | NJ Advance Media for NJ.com",
	} {
		if got := cleanByline(in); got != want {
			t.Errorf("cleanByline(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDateFromText(t *testing.T) {
	for in, want := range map[string]string{
		"Published 4:00 am CST, Wednesday, November 20, 2019": "2019-11-20",
		"PUBLISHED: 10:48, Tue, Nov 19, 2019":                 "2019-11-19",
		"Updated 13 March 2024, 09:40":                        "2024-03-13",
		"Posted: 2018-10-09":                                  "2018-10-09",
		"Updated at 1:23 p.m.":                                "",
	} {
		got := dateFromText(in)
		if want == "" {
			if !got.IsZero() {
				t.Errorf("dateFromText(%q) = %v, want none", in, got)
			}
			continue
		}
		if got.Format("2006-01-02") != want {
			t.Errorf("dateFromText(%q) = %v, want %s", in, got, want)
		}
	}
}
