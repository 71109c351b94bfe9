package readability

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/itlightning/dateparse"
	"golang.org/x/net/html"
	"golang.org/x/text/language"
)

// pageMeta is what one walk over the untouched document collects before
// readeck mutates it: meta tags, links, JSON-LD and <time> elements.
type pageMeta struct {
	htmlLang  string
	title     string // <title>
	metas     map[string]string
	canonical string
	jsonld    []map[string]any
	times     []timeNode
	h1        string
	h1s       map[*html.Node]bool // the page's h1 elements: readeck renames them h2
	feedTitle string              // title of the first RSS/Atom alternate link
}

type timeNode struct {
	node      *html.Node
	value     string
	inArticle bool // inside <article>/<main> or an article-like container, not in page chrome
	published bool // itemprop/class says it is the publication date
	modified  bool
}

// collectMeta walks doc once.
func collectMeta(doc *html.Node) *pageMeta {
	m := &pageMeta{metas: make(map[string]string), h1s: make(map[*html.Node]bool)}
	var walk func(n *html.Node, inArticle, inChrome bool)
	walk = func(n *html.Node, inArticle, inChrome bool) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "html":
				if v := attr(n, "lang"); v != "" {
					m.htmlLang = v
				} else if v := attr(n, "xml:lang"); v != "" {
					m.htmlLang = v
				}
			case "title":
				if m.title == "" && !inSVG(n) {
					m.title = strings.TrimSpace(textOf(n))
				}
			case "meta":
				content := strings.TrimSpace(attr(n, "content"))
				if content == "" {
					if v := attr(n, "datetime"); v != "" {
						content = v
					}
				}
				if content != "" {
					for _, k := range []string{"property", "name", "itemprop", "http-equiv"} {
						if key := strings.ToLower(strings.TrimSpace(attr(n, k))); key != "" {
							if _, ok := m.metas[key]; !ok {
								m.metas[key] = content
							}
						}
					}
				}
			case "link":
				rel := attr(n, "rel")
				if m.canonical == "" && hasToken(rel, "canonical") {
					m.canonical = strings.TrimSpace(attr(n, "href"))
				}
				if m.feedTitle == "" && hasToken(rel, "alternate") && strings.Contains(attr(n, "type"), "xml") {
					m.feedTitle = collapseSpace(attr(n, "title"))
				}
			case "script":
				if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") {
					m.addJSONLD(textOf(n))
				}
				return
			case "style", "noscript", "template":
				return
			case "article", "main":
				inArticle = true
			case "header", "nav", "footer", "aside":
				if !inArticle {
					inChrome = true
				}
			case "h1":
				m.h1s[n] = true
				if m.h1 == "" {
					m.h1 = collapseSpace(textOf(n))
				}
			case "time":
				v := attr(n, "datetime")
				if v == "" {
					v = attr(n, "content")
				}
				if v != "" {
					ip := strings.ToLower(attr(n, "itemprop"))
					cls := strings.ToLower(attr(n, "class"))
					m.times = append(m.times, timeNode{
						node: n, value: v,
						inArticle: inArticle && !inChrome,
						published: ip == "datepublished" || strings.Contains(cls, "publish") || strings.Contains(cls, "entry-date") || hasToken(attr(n, "pubdate"), "pubdate"),
						modified:  ip == "datemodified" || strings.Contains(cls, "updated") || strings.Contains(cls, "modified"),
					})
				}
			}
			if !inArticle {
				if ip := attr(n, "itemprop"); strings.EqualFold(ip, "articleBody") {
					inArticle = true
				} else if t := attr(n, "itemtype"); t != "" && jsonLDArticleType(t[strings.LastIndexByte(t, '/')+1:]) {
					inArticle = true
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inArticle, inChrome)
		}
	}
	walk(doc, false, false)
	return m
}

func inSVG(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == "svg" {
			return true
		}
	}
	return false
}

func (m *pageMeta) addJSONLD(src string) {
	src = strings.TrimSpace(src)
	src = strings.TrimPrefix(src, "<![CDATA[")
	src = strings.TrimSuffix(src, "]]>")
	var v any
	if err := json.Unmarshal([]byte(src), &v); err != nil {
		return
	}
	var add func(v any, depth int)
	add = func(v any, depth int) {
		if depth > 4 {
			return
		}
		switch t := v.(type) {
		case []any:
			for _, e := range t {
				add(e, depth+1)
			}
		case map[string]any:
			if g, ok := t["@graph"]; ok {
				add(g, depth+1)
			}
			if _, ok := t["@type"]; ok {
				m.jsonld = append(m.jsonld, t)
			}
		}
	}
	add(v, 0)
}

var articleTypes = map[string]bool{
	"article": true, "newsarticle": true, "analysisnewsarticle": true, "askpublicnewsarticle": true,
	"backgroundnewsarticle": true, "opinionnewsarticle": true, "reportagenewsarticle": true,
	"reviewnewsarticle": true, "report": true, "satiricalarticle": true, "scholarlyarticle": true,
	"medicalscholarlyarticle": true, "socialmediaposting": true, "blogposting": true,
	"liveblogposting": true, "discussionforumposting": true, "techarticle": true, "review": true,
	"advertisercontentarticle": true, "posting": true, "blog": false,
}

func jsonLDArticleType(t string) bool { return articleTypes[strings.ToLower(strings.TrimSpace(t))] }

// jsonTypes returns the @type values of a JSON-LD object.
func jsonTypes(o map[string]any) []string {
	switch t := o["@type"].(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// mainJSONLD returns the JSON-LD object describing the article, if any.
func (m *pageMeta) mainJSONLD() map[string]any {
	for _, o := range m.jsonld {
		for _, t := range jsonTypes(o) {
			if jsonLDArticleType(t) {
				return o
			}
		}
	}
	return nil
}

func jsonString(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case []any:
		if len(t) > 0 {
			return jsonString(t[0])
		}
	case map[string]any:
		for _, k := range []string{"name", "url", "@value", "@id"} {
			if s := jsonString(t[k]); s != "" {
				return s
			}
		}
	case float64:
		return ""
	}
	return ""
}

// jsonNames returns the names in an author-like value (string, object or list).
func jsonNames(v any) []string {
	switch t := v.(type) {
	case string:
		if s := strings.TrimSpace(t); s != "" && !strings.HasPrefix(s, "http") {
			return []string{s}
		}
	case []any:
		var out []string
		for _, e := range t {
			out = append(out, jsonNames(e)...)
		}
		return out
	case map[string]any:
		if s := jsonString(t["name"]); s != "" {
			return []string{s}
		}
	}
	return nil
}

func (m *pageMeta) meta(keys ...string) string {
	for _, k := range keys {
		if v := m.metas[k]; v != "" {
			return v
		}
	}
	return ""
}

// titleSeparators split a page title from the site's name.
var titleSeparator = regexp.MustCompile(`\s+[|\-–—·•:»«/\\]{1,2}\s+|\s+::\s+`)

// cleanTitle removes a " - Site Name" / " | Site" suffix (or a prefix) that
// names the site; without a known site name, a short last part after " | "
// is removed when the rest is long enough to be a headline.
func cleanTitle(title, siteName, host string) string {
	title = collapseSpace(title)
	if title == "" {
		return ""
	}
	site := normKey(siteName)
	hostKey := normKey(strings.TrimPrefix(host, "www."))
	hostLabel := host
	if i := strings.IndexByte(strings.TrimPrefix(hostLabel, "www."), '.'); i > 0 {
		hostLabel = strings.TrimPrefix(hostLabel, "www.")[:i]
	}
	hostLabel = normKey(hostLabel)
	isSite := func(part string) bool {
		k := normKey(part)
		if k == "" {
			return false
		}
		if site != "" && (k == site || strings.Contains(k, site) && len(k) < len(site)+12 || strings.Contains(site, k) && len(k) >= 4) {
			return true
		}
		if k == hostKey || (len(hostLabel) >= 3 && (k == hostLabel || strings.HasPrefix(k, hostLabel) && len(k) < len(hostLabel)+8)) {
			return true
		}
		return false
	}
	for i := 0; i < 3; i++ {
		locs := titleSeparator.FindAllStringIndex(title, -1)
		if len(locs) == 0 {
			break
		}
		last := locs[len(locs)-1]
		first := locs[0]
		switch {
		case isSite(title[last[1]:]) && (wordCount(title[:last[0]]) >= 2 || site != "" && normKey(title[last[1]:]) == site):
			title = strings.TrimSpace(title[:last[0]])
			continue
		case isSite(title[:first[0]]) && (wordCount(title[first[1]:]) >= 2 || site != "" && normKey(title[:first[0]]) == site):
			title = strings.TrimSpace(title[first[1]:])
			continue
		}
		break
	}
	return title
}

func wordCount(s string) int {
	n := 0
	for range strings.FieldsSeq(s) {
		n++
	}
	return n
}

func normKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// normalizeLang turns "en_US", "pt-br", "en-US,en;q=0.9" into BCP 47.
func normalizeLang(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ",; "); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		return ""
	}
	s = strings.ReplaceAll(s, "_", "-")
	tag, err := language.Parse(s)
	if err != nil {
		return ""
	}
	out := tag.String()
	if out == "und" {
		return ""
	}
	return out
}

var dateLayouts = []string{
	time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05.000Z0700",
	"2006-01-02T15:04:05", "2006-01-02T15:04Z07:00", "2006-01-02T15:04", "2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z0700", "2006-01-02 15:04:05", "2006-01-02", time.RFC1123Z, time.RFC1123,
}

// parseDate parses the common machine date formats, then anything dateparse knows.
func parseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return plausibleDate(t)
		}
	}
	t, err := dateparse.ParseIn(s, time.UTC)
	if err != nil {
		return time.Time{}
	}
	return plausibleDate(t)
}

func plausibleDate(t time.Time) time.Time {
	if t.Year() < 1990 || t.After(time.Now().AddDate(0, 0, 2)) {
		return time.Time{}
	}
	return t
}

var urlDate = regexp.MustCompile(`/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|$|[-_.])`)

// dateFromURL reads a /2024/05/17/ style date from a URL path.
func dateFromURL(u *url.URL) time.Time {
	if u == nil {
		return time.Time{}
	}
	m := urlDate.FindStringSubmatch(u.Path)
	if m == nil {
		return time.Time{}
	}
	t, err := time.Parse("2006-1-2", m[1]+"-"+strings.TrimPrefix(m[2], "0")+"-"+strings.TrimPrefix(m[3], "0"))
	if err != nil {
		return time.Time{}
	}
	return plausibleDate(t)
}

// absURL resolves ref against base; only http(s) results are returned.
func absURL(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	return u.String()
}

var feedSuffix = regexp.MustCompile(`(?i)\s*([»|:\-–—]\s*)?(rss|atom)?\s*(feed|rss|atom)\s*$`)

// siteNameFromTitles guesses the site's name when no metadata gives it:
// the part of the <title> beyond the headline ("Headline - Site"), or the
// title of the site's feed ("Site » Feed").
func siteNameFromTitles(m *pageMeta, headline string) string {
	if locs := titleSeparator.FindAllStringIndex(m.title, -1); len(locs) > 0 && headline != "" {
		last := locs[len(locs)-1]
		first := locs[0]
		hk := normKey(headline)
		switch {
		case normKey(m.title[:last[0]]) == hk:
			return strings.TrimSpace(m.title[last[1]:])
		case normKey(m.title[first[1]:]) == hk:
			return strings.TrimSpace(m.title[:first[0]])
		}
	}
	if m.feedTitle != "" {
		name := strings.TrimSpace(feedSuffix.ReplaceAllString(m.feedTitle, ""))
		if name != "" && wordCount(name) <= 6 && !strings.Contains(strings.ToLower(name), "comment") {
			return name
		}
	}
	return ""
}

var textDates = []*regexp.Regexp{
	regexp.MustCompile(`(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+(19|20)\d{2}\b`),
	regexp.MustCompile(`(?i)\b\d{1,2}(st|nd|rd|th)?\.?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+(19|20)\d{2}\b`),
	regexp.MustCompile(`\b(19|20)\d{2}-\d{2}-\d{2}\b`),
	regexp.MustCompile(`\b\d{1,2}/\d{1,2}/(19|20)?\d{2}\b`),
}

// dateFromText reads the first date written out in a time stamp line of
// the article's header ("Published 4:00 am CST, Wednesday, November 20,
// 2019"); zero when there is none.
func dateFromText(s string) time.Time {
	for _, rx := range textDates {
		if m := rx.FindString(s); m != "" {
			m = strings.NewReplacer("st,", ",", "nd,", ",", "rd,", ",", "th,", ",", "Sept", "Sep").Replace(m)
			if t, err := dateparse.ParseIn(m, time.UTC); err == nil {
				return plausibleDate(t)
			}
		}
	}
	return time.Time{}
}
