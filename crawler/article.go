package crawler

import (
	"net"
	"net/url"
	"slices"
	"strings"

	"golang.org/x/net/publicsuffix"

	"newscrawl/crawler/urlnorm"
	"newscrawl/readability"
	"newscrawl/store"
)

// normalize is urlnorm.Normalize, or raw itself when it cannot be normalised.
func normalize(raw string) string {
	if n, err := urlnorm.Normalize(raw); err == nil {
		return n
	}
	return raw
}

// ToStoreArticle turns a fetched page and its extraction into the row to
// save. The canonical URL is the page's rel=canonical (og:url) when it is on
// the same site as the final URL and is not the home page of a deeper page;
// else the final URL with AMP/print markers removed; normalised either way.
// Aliases are the requested URL and the final URL, normalised, without the
// canonical one.
func ToStoreArticle(p *Page, a *readability.Article, source string) store.Article {
	final := p.FinalURL
	if final == "" {
		final = p.URL
	}
	var canon string
	if c := acceptCanonical(final, a.CanonicalURL); c != "" {
		canon = c
	} else if final != "" {
		canon = final
		if k, err := urlnorm.Key(final); err == nil {
			canon = k
		}
	}
	var aliases []string
	for _, raw := range []string{p.URL, p.FinalURL} {
		if raw == "" {
			continue
		}
		n := normalize(raw)
		if n != canon && !slices.Contains(aliases, n) {
			aliases = append(aliases, n)
		}
	}
	return store.Article{
		URL:         canon,
		Aliases:     aliases,
		Source:      source,
		Title:       a.Title,
		Byline:      a.Byline,
		SiteName:    a.SiteName,
		Lang:        a.Lang,
		PublishedAt: a.Published,
		ModifiedAt:  a.Modified,
		FetchedAt:   p.FetchedAt,
		Excerpt:     a.Excerpt,
		Image:       a.Image,
		Text:        a.Text,
		HTML:        a.HTML,
	}
}

// acceptCanonical returns the normalised canonical URL when it may stand for
// the page at final: http(s), on the same registrable domain (or the same
// host for IP addresses and single-label hosts), and not a site's home page
// claimed by a deeper page (a common template bug). "" otherwise.
func acceptCanonical(final, canonical string) string {
	canonical = strings.TrimSpace(canonical)
	if canonical == "" {
		return ""
	}
	c, err := url.Parse(canonical)
	if err != nil {
		return ""
	}
	if final == "" {
		if c.IsAbs() && checkScheme(c.Scheme) == nil {
			return normalize(c.String())
		}
		return ""
	}
	f, err := url.Parse(final)
	if err != nil {
		return ""
	}
	c = f.ResolveReference(c)
	if checkScheme(c.Scheme) != nil || c.Host == "" {
		return ""
	}
	if !sameSite(f.Hostname(), c.Hostname()) {
		return ""
	}
	if (c.Path == "" || c.Path == "/") && c.RawQuery == "" && f.Path != "" && f.Path != "/" {
		return ""
	}
	return normalize(c.String())
}

// sameSite: equal hosts, or hosts under the same registrable domain.
func sameSite(a, b string) bool {
	a, b = strings.ToLower(strings.TrimSuffix(a, ".")), strings.ToLower(strings.TrimSuffix(b, "."))
	if a == b {
		return true
	}
	if net.ParseIP(a) != nil || net.ParseIP(b) != nil {
		return false
	}
	ra, err1 := publicsuffix.EffectiveTLDPlusOne(a)
	rb, err2 := publicsuffix.EffectiveTLDPlusOne(b)
	return err1 == nil && err2 == nil && ra == rb
}
