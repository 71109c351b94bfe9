package crawler

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// maxFeedItems bounds the items taken from one feed.
const maxFeedItems = 5000

// feedItem is one article link announced by a feed.
type feedItem struct {
	URL     string
	Updated time.Time // updated, else published; zero if unknown
}

// parseFeed parses an RSS, Atom or JSON Feed body (fetched by us, never by
// gofeed) into item links resolved against the feed's URL. Items without an
// http(s) link are dropped, duplicates kept once.
func parseFeed(body []byte, feedURL *url.URL) ([]feedItem, error) {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("crawler: parse feed: %w", err)
	}
	base := feedURL
	seen := make(map[string]bool)
	var items []feedItem
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		link := strings.TrimSpace(it.Link)
		if link == "" && len(it.Links) > 0 {
			link = strings.TrimSpace(it.Links[0])
		}
		if link == "" && (strings.HasPrefix(it.GUID, "http://") || strings.HasPrefix(it.GUID, "https://")) {
			link = strings.TrimSpace(it.GUID)
		}
		abs, ok := resolveLink(base, link)
		if !ok || seen[abs] {
			continue
		}
		seen[abs] = true
		fi := feedItem{URL: abs}
		if it.UpdatedParsed != nil {
			fi.Updated = it.UpdatedParsed.UTC()
		} else if it.PublishedParsed != nil {
			fi.Updated = it.PublishedParsed.UTC()
		}
		items = append(items, fi)
		if len(items) >= maxFeedItems {
			break
		}
	}
	return items, nil
}

// resolveLink makes ref absolute against base and keeps it only when it is
// http(s) with a host. The fragment is dropped.
func resolveLink(base *url.URL, ref string) (string, bool) {
	ref = strings.TrimSpace(ref)
	if ref == "" || len(ref) > maxURLLength {
		return "", false
	}
	u, err := url.Parse(ref)
	if err != nil {
		return "", false
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if checkScheme(u.Scheme) != nil || u.Host == "" {
		return "", false
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String(), true
}
