package crawler

import (
	"bytes"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Limits on what one page can make us do. Autodiscovered feeds count in
// maxLinksPerPage too: a feed costs a request and lists up to maxFeedItems
// pages, so one page may announce only a handful.
const (
	maxURLLength    = 2048
	maxLinksPerPage = 1000
	maxFeedsPerPage = 5
)

// pageLinks are the links of an HTML page: <a href> for following and
// <link rel=alternate> feeds for autodiscovery, resolved against <base href>
// or the page URL.
type pageLinks struct {
	Links []string
	Feeds []string
}

// feedTypes are the alternate types that announce a feed.
var feedTypes = map[string]bool{
	"application/rss+xml":   true,
	"application/atom+xml":  true,
	"application/feed+json": true,
	"application/json":      true,
	"application/rdf+xml":   true,
}

// extractLinks tokenizes body (no DOM is built) and returns at most
// maxLinksPerPage distinct http(s) links and feeds together, of which at most
// maxFeedsPerPage feeds.
func extractLinks(body []byte, pageURL *url.URL) pageLinks {
	var pl pageLinks
	base := pageURL
	seen := make(map[string]bool)
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return pl
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		if !hasAttr {
			continue
		}
		a := atom.Lookup(name)
		if a != atom.A && a != atom.Link && a != atom.Base {
			continue
		}
		var href, rel, typ string
		for {
			k, v, more := z.TagAttr()
			switch string(k) {
			case "href":
				href = string(v)
			case "rel":
				rel = strings.ToLower(string(v))
			case "type":
				typ = strings.ToLower(strings.TrimSpace(string(v)))
			}
			if !more {
				break
			}
		}
		switch a {
		case atom.Base:
			if u, err := url.Parse(strings.TrimSpace(href)); err == nil && base != nil {
				base = base.ResolveReference(u)
			}
		case atom.A:
			if strings.Contains(rel, "nofollow") || len(pl.Links)+len(pl.Feeds) >= maxLinksPerPage {
				continue
			}
			if abs, ok := resolveLink(base, href); ok && !seen[abs] {
				seen[abs] = true
				pl.Links = append(pl.Links, abs)
			}
		case atom.Link:
			if !hasToken(rel, "alternate") || !feedTypes[typ] ||
				len(pl.Feeds) >= maxFeedsPerPage || len(pl.Links)+len(pl.Feeds) >= maxLinksPerPage {
				continue
			}
			if abs, ok := resolveLink(base, href); ok && !seen["feed "+abs] {
				seen["feed "+abs] = true
				pl.Feeds = append(pl.Feeds, abs)
			}
		}
	}
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if f == tok {
			return true
		}
	}
	return false
}
