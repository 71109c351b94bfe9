// Package readability turns the bytes of a web page into a clean Article:
// the main text without navigation, ads, share bars, related-link widgets
// and comment threads, plus the page's metadata.
//
// The pipeline, in order:
//  1. charset: HTTP header, BOM, <meta>, then sniffing (charset.go);
//     conversion to valid UTF-8 without NULs;
//  2. one parse with golang.org/x/net/html;
//  3. metadata from the untouched document (metadata.go);
//  4. preClean: comment threads, "You may like" cards and standfirsts go,
//     embedded tweets are protected (clean.go);
//  5. readeck's go-readability picks the main content;
//  6. our cleaning passes, one file per kind of boilerplate (clean_*.go),
//     with a light, text-only fallback when they take most of a long text;
//     the long label patterns run behind a first-word gate (gate.go);
//     image-only ads, promos and tracking pixels go by evidence on the
//     image or its textless link (clean_images.go);
//  7. sanitizing (sanitize.go), links that are no links unwrapped
//     (clean_images.go), then plain text (text.go).
//
// When the page renders its text with scripts, the JSON-LD articleBody
// stands in for the DOM.
package readability

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"regexp"
	"strings"
	"time"

	readeck "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
)

// ErrNoArticle is returned when a page holds no article: an empty page, a
// page of links, a body that is not HTML text.
var ErrNoArticle = errors.New("readability: no article found")

// ErrTooComplex is returned for a page with more than MaxElements elements:
// extraction needs memory in proportion to the elements (about 2 KB each),
// so such a page is refused before it is parsed.
var ErrTooComplex = errors.New("readability: page too complex")

// MaxElements is the most elements a page may have; real article pages
// have a few thousand.
const MaxElements = 50000

// Article is the extracted article of a page.
type Article struct {
	Title, Byline, SiteName, Lang string
	Published, Modified           time.Time // zero when unknown
	Excerpt, Image                string    // Image absolute
	CanonicalURL                  string    // rel=canonical or og:url, absolute; "" if none
	Type                          string    // og:type or JSON-LD @type, lowercased
	Text                          string    // paragraphs/headings separated by one blank line
	HTML                          string    // cleaned article HTML

	words     int     // words of Text
	linkShare float64 // share of the article's text inside links
}

// minWords is the least text an article may have; maxLinkShare the most
// of readeck's result that may be link text.
const (
	minWords     = 10
	maxLinkShare = 0.5
)

// Extract reads a page and returns its article. pageURL (may be nil)
// resolves relative links and supplies a date from the path; contentType
// is the HTTP Content-Type header, "" when unknown.
func Extract(r io.Reader, pageURL *url.URL, contentType string) (*Article, error) {
	return extract(r, pageURL, contentType, nil)
}

func extract(r io.Reader, pageURL *url.URL, contentType string, tpl *SiteTemplates) (*Article, error) {
	var buf bytes.Buffer
	if l, ok := r.(interface{ Len() int }); ok {
		buf.Grow(l.Len() + bytes.MinRead) // bytes.Reader, strings.Reader: one allocation
	}
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, fmt.Errorf("readability: read page: %w", err)
	}
	body := buf.Bytes()
	if notHTMLType(contentType) || len(bytes.TrimSpace(body)) == 0 || looksBinary(body) {
		return nil, ErrNoArticle
	}
	body = toUTF8(body, contentType)
	if n := countElements(body, MaxElements); n > MaxElements {
		return nil, fmt.Errorf("%w: more than %d elements", ErrTooComplex, MaxElements)
	}
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("readability: parse html: %w", err)
	}
	a, err := extractDocument(doc, pageURL, false, tpl)
	if errors.Is(err, errOverCleaned) {
		// readeck mutated the first tree: parse again (rare path).
		if doc, err = html.Parse(bytes.NewReader(body)); err != nil {
			return nil, fmt.Errorf("readability: parse html: %w", err)
		}
		a, err = extractDocument(doc, pageURL, true, tpl)
	}
	return a, err
}

// errOverCleaned reports that the cleaning rules removed most of a long
// article: extractDocument is run again with only the light cleaning.
var errOverCleaned = errors.New("readability: cleaning removed most of the text")

// overCleanMinChars is the least text for which over-cleaning is checked.
const overCleanMinChars = 1000

func extractDocument(doc *html.Node, pageURL *url.URL, light bool, tpl *SiteTemplates) (*Article, error) {
	meta := collectMeta(doc)
	preClean(doc)

	p := readeck.NewParser()
	p.KeepClasses = true
	ra, err := p.ParseAndMutate(doc, pageURL)
	if err != nil {
		return nil, fmt.Errorf("readability: %w", err)
	}
	// The JSON-LD articleBody stands in when the page renders its text
	// with scripts: the DOM then holds much less than the metadata.
	ldBody := ldArticleBody(meta)
	ldWords := textWords(ldBody)
	useLD := func(a *Article) (*Article, error) {
		if ldWords < minLDWords || a.words*2 >= ldWords {
			return nil, ErrNoArticle
		}
		a.Text, a.HTML = textToArticle(ldBody)
		a.words, a.linkShare = textWords(a.Text), 0
		if a.Excerpt == "" {
			a.Excerpt = firstParagraph(a.Text)
		}
		return a, nil
	}

	root := ra.Node
	a := &Article{}
	fillMetadata(a, meta, &ra, pageURL, root)
	if root == nil {
		return useLD(a)
	}

	// A page whose main block is mostly links is a listing, not an article.
	a.linkShare = linkDensity(root)
	if a.linkShare > maxLinkShare {
		return useLD(a)
	}

	before := textLen(root)
	if light {
		cleanLight(root, a, meta)
	} else {
		clean(root, a, meta)
		// Rules that take most of a long text have met a layout they
		// misread; the caller retries with the light cleaning.
		if before >= overCleanMinChars && textLen(root)*10 < before*3 {
			return nil, errOverCleaned
		}
	}
	if tpl != nil && pageURL != nil {
		page := a.CanonicalURL
		if page == "" {
			page = pageURL.String()
		}
		tpl.apply(strings.ToLower(pageURL.Hostname()), page, root)
	}
	sanitize(root, pageURL)
	tidyLinks(root)

	a.Text = renderText(root)
	a.words = textWords(a.Text)
	if ldWords >= minLDWords && a.words*2 < ldWords {
		return useLD(a)
	}
	if a.words < minWords {
		return nil, ErrNoArticle
	}
	// The HTML is the content of readeck's wrapper <div>.
	var buf bytes.Buffer
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		if err := html.Render(&buf, c); err != nil {
			return nil, fmt.Errorf("readability: render html: %w", err)
		}
	}
	a.HTML = buf.String()
	if a.Excerpt == "" {
		a.Excerpt = firstParagraph(a.Text)
	}
	return a, nil
}

// countElements counts the start tags of body, stopping past limit. A
// byte scan for "<" and a letter bounds the count from above; only a page
// over the limit by that measure is tokenized for the exact count (the scan
// also counts tags inside scripts and comments).
func countElements(body []byte, limit int) int {
	n := 0
	for i := 0; i < len(body); {
		j := bytes.IndexByte(body[i:], '<')
		if j < 0 {
			break
		}
		i += j + 1
		if i < len(body) && (body[i]|0x20 >= 'a' && body[i]|0x20 <= 'z') {
			n++
		}
	}
	if n <= limit {
		return n
	}
	z := html.NewTokenizer(bytes.NewReader(body))
	n = 0
	for n <= limit {
		switch z.Next() {
		case html.ErrorToken:
			return n
		case html.StartTagToken, html.SelfClosingTagToken:
			n++
		}
	}
	return n
}

// minLDWords is the least JSON-LD articleBody worth using instead of the page.
const minLDWords = 100

// ldArticleBody returns the articleBody of the page's JSON-LD article.
func ldArticleBody(m *pageMeta) string {
	ld := m.mainJSONLD()
	if ld == nil {
		return ""
	}
	body, _ := ld["articleBody"].(string)
	return body
}

// textToArticle turns a JSON-LD articleBody (plain text with line breaks,
// sometimes HTML) into our Text and HTML.
func textToArticle(body string) (text, htm string) {
	if strings.Contains(body, "</") || strings.Contains(body, "<p") || strings.Contains(body, "<br") {
		doc, err := html.Parse(strings.NewReader("<html><body>" + body + "</body></html>"))
		if err == nil {
			body = renderText(doc)
		}
	} else {
		body = html.UnescapeString(body)
	}
	var paras []string
	for _, p := range strings.Split(body, "\n") {
		if p = collapseSpace(cleanRunes(p)); p != "" {
			paras = append(paras, p)
		}
	}
	var b strings.Builder
	for _, p := range paras {
		b.WriteString("<p>" + html.EscapeString(p) + "</p>")
	}
	return strings.Join(paras, "\n\n"), b.String()
}

// notHTMLType reports a Content-Type that can never hold an HTML page.
func notHTMLType(contentType string) bool {
	if contentType == "" {
		return false
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	switch {
	case strings.HasPrefix(mt, "image/"), strings.HasPrefix(mt, "audio/"),
		strings.HasPrefix(mt, "video/"), strings.HasPrefix(mt, "font/"):
		return true
	}
	switch mt {
	case "application/pdf", "application/zip", "application/gzip", "application/octet-stream",
		"application/json", "application/javascript", "text/css", "text/javascript":
		return true
	}
	return false
}

func firstParagraph(text string) string {
	p, _, _ := strings.Cut(text, "\n\n")
	p = collapseSpace(p)
	if len(p) > 300 {
		cut := strings.LastIndexByte(p[:300], ' ')
		if cut < 200 {
			cut = 300
		}
		p = strings.ToValidUTF8(p[:cut], "") + "…"
	}
	return p
}

// fillMetadata sets the metadata fields of a from the page's own tags,
// JSON-LD and readeck's findings, in that order of trust.
func fillMetadata(a *Article, m *pageMeta, ra *readeck.Article, pageURL *url.URL, root *html.Node) {
	ld := m.mainJSONLD()
	host := ""
	if pageURL != nil {
		host = pageURL.Hostname()
	}

	// Site name.
	a.SiteName = collapseSpace(m.meta("og:site_name", "application-name"))
	if a.SiteName == "" && ld != nil {
		a.SiteName = jsonString(ld["publisher"])
		if strings.HasPrefix(a.SiteName, "http") {
			a.SiteName = ""
		}
	}
	if a.SiteName == "" {
		for _, o := range m.jsonld {
			for _, t := range jsonTypes(o) {
				if strings.EqualFold(t, "WebSite") || strings.EqualFold(t, "NewsMediaOrganization") || strings.EqualFold(t, "Organization") {
					if s := jsonString(o["name"]); s != "" && a.SiteName == "" {
						a.SiteName = s
					}
				}
			}
		}
	}
	if a.SiteName == "" {
		a.SiteName = collapseSpace(ra.SiteName())
	}
	if strings.Contains(a.SiteName, "://") {
		a.SiteName = "" // a URL, not a name
	}

	// Title.
	title := m.meta("og:title", "twitter:title")
	if title == "" && ld != nil {
		title = jsonString(ld["headline"])
	}
	if title == "" {
		title = ra.Title()
	}
	if title == "" {
		title = m.title
	}
	if title == "" {
		title = m.h1
	}
	a.Title = cleanTitle(htmlUnescape(title), a.SiteName, host)
	if a.SiteName == "" {
		a.SiteName = siteNameFromTitles(m, a.Title)
		a.Title = cleanTitle(a.Title, a.SiteName, host)
	}

	// Byline.
	if ld != nil {
		a.Byline = strings.Join(dedupStrings(jsonNames(ld["author"])), ", ")
	}
	if a.Byline == "" {
		for _, k := range []string{"author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl"} {
			if v := m.metas[k]; v != "" && !strings.HasPrefix(v, "http") {
				a.Byline = v
				break
			}
		}
	}
	if a.Byline == "" {
		a.Byline = ra.Byline()
	}
	a.Byline = cleanByline(a.Byline)

	// Language.
	for _, v := range []string{m.htmlLang, m.meta("content-language", "language", "dc.language"), m.meta("og:locale"), ldString(ld, "inLanguage"), ra.Language()} {
		if l := normalizeLang(v); l != "" {
			a.Lang = l
			break
		}
	}

	// Dates.
	for _, v := range []string{ldString(ld, "datePublished"), m.meta("article:published_time", "og:published_time", "datepublished", "published_time", "article.published", "pubdate", "publishdate", "publish-date", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dc.date", "dcterms.created", "date", "citation_publication_date"), ldString(ld, "dateCreated")} {
		if t := parseDate(v); !t.IsZero() {
			a.Published = t
			break
		}
	}
	if a.Published.IsZero() {
		for _, o := range m.jsonld {
			if t := parseDate(jsonString(o["datePublished"])); !t.IsZero() {
				a.Published = t
				break
			}
		}
	}
	if a.Published.IsZero() {
		if t, err := ra.PublishedTime(); err == nil {
			a.Published = plausibleDate(t)
		}
	}
	if a.Published.IsZero() {
		a.Published = timeInArticle(m, root, false)
	}
	if a.Published.IsZero() {
		a.Published = dateFromURL(pageURL)
	}
	for _, v := range []string{ldString(ld, "dateModified"), m.meta("article:modified_time", "og:updated_time", "datemodified", "modified_time", "article.updated", "last-modified", "dcterms.modified")} {
		if t := parseDate(v); !t.IsZero() {
			a.Modified = t
			break
		}
	}
	if a.Modified.IsZero() {
		a.Modified = timeInArticle(m, root, true)
	}

	// Excerpt, image, canonical, type.
	a.Excerpt = collapseSpace(htmlUnescape(m.meta("og:description", "description", "twitter:description")))
	if a.Excerpt == "" && ld != nil {
		a.Excerpt = collapseSpace(jsonString(ld["description"]))
	}
	img := m.meta("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
	if img == "" && ld != nil {
		img = jsonString(ld["image"])
	}
	if img == "" {
		img = ra.ImageURL()
	}
	a.Image = absURL(pageURL, img)
	a.CanonicalURL = absURL(pageURL, m.canonical)
	if a.CanonicalURL == "" {
		a.CanonicalURL = absURL(pageURL, m.meta("og:url"))
	}
	a.Type = pageType(m, ld)
	for _, f := range []*string{&a.Title, &a.Byline, &a.SiteName, &a.Excerpt, &a.Type, &a.Lang} {
		*f = cleanMeta(*f)
	}
}

// pageType prefers an article kind from og:type or JSON-LD over a generic one.
func pageType(m *pageMeta, ld map[string]any) string {
	og := strings.ToLower(strings.TrimSpace(m.meta("og:type")))
	if og == "article" || ld == nil {
		if og == "" && len(m.jsonld) > 0 {
			for _, o := range m.jsonld {
				if ts := jsonTypes(o); len(ts) > 0 {
					t := strings.ToLower(ts[0])
					if t != "organization" && t != "breadcrumblist" && t != "imageobject" && t != "person" && t != "newsmediaorganization" {
						return t
					}
				}
			}
		}
		return og
	}
	for _, t := range jsonTypes(ld) {
		if jsonLDArticleType(t) {
			return strings.ToLower(t)
		}
	}
	return og
}

func ldString(ld map[string]any, key string) string {
	if ld == nil {
		return ""
	}
	return jsonString(ld[key])
}

// timeInArticle returns the date of the first <time> element inside the
// extracted article or an article container (never the page chrome, where a
// site's "today" date bar lives).
func timeInArticle(m *pageMeta, root *html.Node, modified bool) time.Time {
	var first time.Time
	for _, tn := range m.times {
		if !tn.inArticle && !isDescendant(tn.node, root) {
			continue
		}
		if modified && !tn.modified || !modified && tn.modified && !tn.published {
			continue
		}
		t := parseDate(tn.value)
		if t.IsZero() {
			continue
		}
		if modified || tn.published {
			return t
		}
		if first.IsZero() {
			first = t
		}
	}
	return first
}

func isDescendant(n, root *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if p == root {
			return true
		}
	}
	return false
}

func dedupStrings(in []string) []string {
	seen := map[string]bool{}
	out := in[:0]
	for _, s := range in {
		s = collapseSpace(s)
		if s == "" || seen[strings.ToLower(s)] {
			continue
		}
		seen[strings.ToLower(s)] = true
		out = append(out, s)
	}
	return out
}

func htmlUnescape(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return html.UnescapeString(s)
}

var bylinePrefix = regexp.MustCompile(`(?i)^(by|posted by|written by|words by|story by|por|von|par|di|door|av|af|oleh|текст|автор|author|reporter)\s*:?\s+`)

var gluedDate = regexp.MustCompile(`[a-z]((January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b.*)$`)

// cleanByline drops a "By" prefix and a trailing date from a byline.
func cleanByline(s string) string {
	s = collapseSpace(s)
	s = bylinePrefix.ReplaceAllString(s, "")
	if loc := gluedDate.FindStringSubmatchIndex(s); loc != nil {
		s = s[:loc[2]] // "Carrie ArnoldNovember 15, 2019": readeck glued name and date
	}
	if loc := dateLine.FindStringIndex(s); loc != nil && loc[0] > 0 {
		s = strings.TrimRight(strings.TrimSpace(s[:loc[0]]), " ,|-–—·")
	}
	if len(s) > 200 || strings.HasPrefix(s, "http") {
		return ""
	}
	return s
}
