package readability

import (
	"hash/fnv"
	"io"
	"net/url"
	"sync"

	"golang.org/x/net/html"
)

// SiteTemplates learns the templates of the sites it sees: a block that
// recurs on several different pages of one host (a promo line for the
// site's podcast, a row of section links, a sign-off) is boilerplate,
// whatever its markup. A crawler keeps one SiteTemplates for its lifetime
// and extracts through it; the first pages of a host are extracted as by
// Extract, later ones lose the blocks learned from earlier ones.
//
// It is conservative, because the same paragraph on several pages of a
// site is not always boilerplate (a background paragraph reused by every
// story of a series, the versions of a developing story):
//   - a block must be on MinPages other pages of the host;
//   - only link lines (links are most of the text, at most 80 words) and
//     short lines that are not sentences (at most 12 words, no full stop)
//     can be template blocks; prose never is;
//   - a heading goes only with its whole section, a list item or table
//     cell only with its whole list or table;
//   - when the template blocks would take more than a fifth of the page's
//     words, none is removed (the page is a near-copy of others).
//
// So the text of an article differs between crawl orders only by such
// lines. It is safe for concurrent use, and its memory is bounded: per
// host MaxBlocks blocks and MaxBlocks pages (about 50 bytes each), and
// MaxHosts hosts.
type SiteTemplates struct {
	// MinPages is how many other pages of a host must hold a block for it
	// to count as boilerplate (default 3).
	MinPages int
	// MaxBlocks bounds the blocks and the pages remembered per host
	// (default 2048); past it the blocks seen on one page only are
	// forgotten, or everything when that is not enough. MaxHosts bounds
	// the hosts (default 256); past it the oldest host is forgotten.
	MaxBlocks, MaxHosts int

	mu    sync.Mutex
	hosts map[string]*hostTemplate
	order []string // hosts, oldest first
}

type hostTemplate struct {
	pages  map[uint64]bool // pages already learned, by URL
	blocks map[uint64]int  // block text → number of pages holding it
}

const (
	defaultMinPages  = 3
	defaultMaxBlocks = 2048
	defaultMaxHosts  = 256
	// templateMaxShare is the largest share of a page's words that
	// template blocks may take.
	templateMaxShare = 0.2
)

// NewSiteTemplates returns an empty SiteTemplates with the defaults.
func NewSiteTemplates() *SiteTemplates {
	return &SiteTemplates{MinPages: defaultMinPages, MaxBlocks: defaultMaxBlocks, MaxHosts: defaultMaxHosts}
}

// Extract is Extract with the templates learned so far: blocks of pageURL's
// host seen on MinPages other pages are removed, then this page's blocks
// are learned. pageURL must not be nil for the templates to apply.
func (s *SiteTemplates) Extract(r io.Reader, pageURL *url.URL, contentType string) (*Article, error) {
	return extract(r, pageURL, contentType, s)
}

func hashKey(s string) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(s))
	return h.Sum64()
}

// templateCandidate reports whether b may be a template block: a line of
// links or a short line that is not a sentence. Prose never is.
func templateCandidate(b block) bool {
	if b.linked >= 0.5 {
		return b.words <= 80
	}
	return b.words <= 12 && !sentenceLike(b.text, b.words)
}

// apply removes the template blocks of host from root and learns the
// candidate blocks of page.
func (s *SiteTemplates) apply(host, page string, root *html.Node) {
	if host == "" {
		return
	}
	bs := leafBlocks(root)
	keys := make([]uint64, len(bs))
	total := 0
	for i, b := range bs {
		total += b.words
		if templateCandidate(b) {
			if k := normKey(b.text); len(k) >= 8 {
				keys[i] = hashKey(k)
			}
		}
	}

	// Only the counts are shared: the lock is held to read and learn them,
	// not for the DOM work below (every source's workers come through here).
	s.mu.Lock()
	t := s.host(host)
	minPages := s.MinPages
	if minPages <= 0 {
		minPages = defaultMinPages
	}
	pageKey := hashKey(page)
	learned := t.pages[pageKey]
	drop := make([]bool, len(bs))
	dropped := 0
	for i, k := range keys {
		if k == 0 {
			continue
		}
		// A page seen before must not find its own blocks in the template.
		n := t.blocks[k]
		if learned {
			n--
		}
		if n >= minPages {
			drop[i] = true
			dropped++
		}
	}
	if !learned {
		s.learn(t, pageKey, keys)
	}
	s.mu.Unlock()

	if dropped > 0 {
		keepPartialGroups(bs, drop, root)
		keepSectionHeadings(bs, drop)
		removed := 0
		for i := range bs {
			if drop[i] {
				removed += bs[i].words
			}
		}
		if float64(removed) <= templateMaxShare*float64(total) {
			for i, b := range bs {
				if drop[i] && isDescendant(b.node, root) {
					removeBlock(b.node, root, "template")
				}
			}
		}
	}
}

// keepPartialGroups unmarks the blocks of a list or table that is not
// dropped whole: "2 eggs" recurs in the ingredients of many recipes of a
// site, and "Price" in the spec tables of its reviews, but a list of
// section links recurs whole.
func keepPartialGroups(bs []block, drop []bool, root *html.Node) {
	group := func(n *html.Node) *html.Node {
		for p := n.Parent; p != nil && p != root; p = p.Parent {
			if isElement(p, "ul", "ol", "dl", "table") {
				return p
			}
		}
		return nil
	}
	whole := map[*html.Node]bool{}
	groups := make([]*html.Node, len(bs))
	for i, b := range bs {
		g := group(b.node)
		groups[i] = g
		if g == nil {
			continue
		}
		if _, ok := whole[g]; !ok {
			whole[g] = true
		}
		if !drop[i] {
			whole[g] = false
		}
	}
	for i, g := range groups {
		if g != nil && !whole[g] {
			drop[i] = false
		}
	}
}

// keepSectionHeadings unmarks every heading in drop whose section (the
// blocks up to the next heading) is not dropped whole: "What happens next"
// over the story's own paragraphs is the story's.
func keepSectionHeadings(bs []block, drop []bool) {
	for i, b := range bs {
		if !drop[i] || !headingBlock(b) {
			continue
		}
		for j := i + 1; j < len(bs) && !headingBlock(bs[j]); j++ {
			if !drop[j] {
				drop[i] = false
				break
			}
		}
	}
}

// headingBlock reports a heading: an h1-h6, or a paragraph all in bold
// ("<p><strong>What happens next</strong></p>"), as many editors write one.
func headingBlock(b block) bool {
	if isElement(b.node, "h1", "h2", "h3", "h4", "h5", "h6") {
		return true
	}
	if !isElement(b.node, "p", "div") {
		return false
	}
	bold := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if isElement(c, "b", "strong") {
				bold += len(collapseSpace(textOf(c)))
			} else {
				walk(c)
			}
		}
	}
	walk(b.node)
	return bold > 0 && bold >= len(b.text)
}

// learn counts the blocks of a page not learned before; s.mu is held.
func (s *SiteTemplates) learn(t *hostTemplate, pageKey uint64, keys []uint64) {
	maxBlocks := s.MaxBlocks
	if maxBlocks <= 0 {
		maxBlocks = defaultMaxBlocks
	}
	if len(t.pages) >= maxBlocks {
		clear(t.pages) // a page learned again counts twice: rare, and bounded
	}
	t.pages[pageKey] = true
	seen := make(map[uint64]bool, len(keys))
	for _, k := range keys {
		if k != 0 && !seen[k] {
			seen[k] = true
			t.blocks[k]++
		}
	}
	if len(t.blocks) > maxBlocks {
		// Blocks seen once are most of them; the recurring ones stay.
		for k, n := range t.blocks {
			if n < 2 {
				delete(t.blocks, k)
			}
		}
		if len(t.blocks) > maxBlocks/2 {
			clear(t.blocks)
		}
	}
}

// host returns the template of host, creating it; s.mu is held.
func (s *SiteTemplates) host(host string) *hostTemplate {
	if s.hosts == nil {
		s.hosts = make(map[string]*hostTemplate)
	}
	if t, ok := s.hosts[host]; ok {
		return t
	}
	maxHosts := s.MaxHosts
	if maxHosts <= 0 {
		maxHosts = defaultMaxHosts
	}
	for len(s.order) >= maxHosts {
		delete(s.hosts, s.order[0])
		s.order = s.order[1:]
	}
	t := &hostTemplate{pages: make(map[uint64]bool), blocks: make(map[uint64]int)}
	s.hosts[host] = t
	s.order = append(s.order, host)
	return t
}
