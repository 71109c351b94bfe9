package readability

import (
	"hash/fnv"
	"io"
	"net/url"
	"sync"

	"golang.org/x/net/html"
)

// SiteTemplates learns the templates of the sites it sees: a block that
// recurs on several different pages of one host (the "About us" blurb under
// every press release, a promo line, a sign-off) is boilerplate, whatever
// its markup. A crawler keeps one SiteTemplates for its lifetime and
// extracts through it; the first pages of a host are extracted as by
// Extract, later ones lose the blocks learned from earlier ones.
//
// It is safe for concurrent use and its memory is bounded per host and in
// the number of hosts.
type SiteTemplates struct {
	// MinPages is how many earlier pages of a host must hold a block for it
	// to count as boilerplate (default 2).
	MinPages int
	// MaxBlocks bounds the blocks remembered per host (default 4096) and
	// MaxHosts the hosts (default 1024); past them the oldest host, or the
	// host's memory, is forgotten.
	MaxBlocks, MaxHosts int

	mu    sync.Mutex
	hosts map[string]*hostTemplate
	order []string // hosts, oldest first
}

type hostTemplate struct {
	pages  map[uint64]bool // pages already learned, by URL
	blocks map[uint64]int  // block text → number of pages holding it
}

// templateMaxWords bounds the blocks a template can hold: a long paragraph
// of prose repeated on two pages is a syndicated story, not a template.
const templateMaxWords = 80

// NewSiteTemplates returns an empty SiteTemplates with the defaults.
func NewSiteTemplates() *SiteTemplates {
	return &SiteTemplates{MinPages: 2, MaxBlocks: 4096, MaxHosts: 1024}
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

// apply removes the template blocks of host from root and learns the
// blocks of page.
func (s *SiteTemplates) apply(host, page string, root *html.Node) {
	if host == "" {
		return
	}
	bs := leafBlocks(root)
	keys := make([]uint64, len(bs))
	for i, b := range bs {
		if b.words <= templateMaxWords {
			if k := normKey(b.text); len(k) >= 12 {
				keys[i] = hashKey(k)
			}
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.host(host)
	minPages := s.MinPages
	if minPages <= 0 {
		minPages = 2
	}
	pageKey := hashKey(page)
	learned := t.pages[pageKey]
	for i, k := range keys {
		if k == 0 {
			continue
		}
		// A page seen before must not find its own blocks in the template.
		n := t.blocks[k]
		if learned {
			n--
		}
		if n >= minPages && isDescendant(bs[i].node, root) {
			removeBlock(bs[i].node, root, "template")
		}
	}
	if learned {
		return
	}
	maxBlocks := s.MaxBlocks
	if maxBlocks <= 0 {
		maxBlocks = 4096
	}
	if len(t.blocks) > maxBlocks || len(t.pages) > maxBlocks {
		t.blocks = make(map[uint64]int)
		t.pages = make(map[uint64]bool)
	}
	t.pages[pageKey] = true
	seen := make(map[uint64]bool, len(keys))
	for _, k := range keys {
		if k != 0 && !seen[k] {
			seen[k] = true
			t.blocks[k]++
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
		maxHosts = 1024
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
