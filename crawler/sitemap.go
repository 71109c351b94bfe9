package crawler

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// Sitemap limits: sitemaps.org allows 50,000 URLs per file; indexes nest at
// most maxSitemapDepth levels and a source reads at most maxSitemaps files
// per pass.
const (
	maxSitemapURLs  = 50000
	maxSitemapDepth = 3
	maxSitemaps     = 200
)

// sitemapEntry is one <url> of a urlset or one <sitemap> of an index.
type sitemapEntry struct {
	Loc     string
	LastMod time.Time // lastmod, or news:publication_date when later; zero if unknown
}

// sitemap is a parsed sitemap file: URLs (urlset) or child sitemaps (index).
type sitemap struct {
	URLs      []sitemapEntry
	Sitemaps  []sitemapEntry
	Truncated bool // more than maxURLs entries; the rest were ignored
}

var errNotSitemap = errors.New("crawler: not a sitemap (want <urlset> or <sitemapindex>)")

type xmlSitemapItem struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
	News    struct {
		PublicationDate string `xml:"publication_date"`
	} `xml:"news"`
}

// parseSitemap reads a urlset or sitemapindex as a token stream, keeping at
// most maxURLs entries. Go's XML decoder never expands custom entities (a
// billion-laughs body is an error, not a memory blow-up) and we keep it so:
// Strict stays on and Entity stays nil. Relative locations resolve against base.
func parseSitemap(body []byte, base *url.URL, maxURLs int) (*sitemap, error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	d.Entity = nil
	d.CharsetReader = charset.NewReaderLabel // ISO-8859-1, windows-1252, ... declared in <?xml?>
	sm := &sitemap{}
	root := ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("crawler: parse sitemap: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if root == "" {
			root = se.Name.Local
			if root != "urlset" && root != "sitemapindex" {
				return nil, fmt.Errorf("%w: root <%s>", errNotSitemap, root)
			}
			continue
		}
		if se.Name.Local != "url" && se.Name.Local != "sitemap" {
			if err := d.Skip(); err != nil {
				return nil, fmt.Errorf("crawler: parse sitemap: %w", err)
			}
			continue
		}
		var it xmlSitemapItem
		if err := d.DecodeElement(&it, &se); err != nil {
			return nil, fmt.Errorf("crawler: parse sitemap: %w", err)
		}
		loc := strings.TrimSpace(it.Loc)
		if loc == "" {
			continue
		}
		if base != nil {
			ref, err := url.Parse(loc)
			if err != nil {
				continue
			}
			loc = base.ResolveReference(ref).String()
		}
		e := sitemapEntry{Loc: loc, LastMod: parseW3CTime(it.LastMod)}
		if pub := parseW3CTime(it.News.PublicationDate); pub.After(e.LastMod) {
			e.LastMod = pub
		}
		if len(sm.URLs)+len(sm.Sitemaps) >= maxURLs {
			sm.Truncated = true
			break
		}
		if root == "sitemapindex" {
			sm.Sitemaps = append(sm.Sitemaps, e)
		} else {
			sm.URLs = append(sm.URLs, e)
		}
	}
	if root == "" {
		return nil, errNotSitemap
	}
	return sm, nil
}

// parseW3CTime reads the W3C datetime profile used by sitemaps
// (2026-11-20, 2026-11-20T18:00Z, 2026-11-20T18:00:00+01:00, ...). Zero if none fits.
func parseW3CTime(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05",
		"2006-01-02", "2006-01", "2006", time.RFC1123Z, time.RFC1123} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
