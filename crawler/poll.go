package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"newscrawl/store"
)

// Feeds and sitemaps (urlsets) are polled with conditional GETs: their
// ETag and Last-Modified are kept in the feeds table, and a 304 costs no
// parse. last_checked_at is the time the document was last read COMPLETELY:
// fetched and every item it listed handled without failure. Sitemap index
// files are read every pass (they are small); a child sitemap whose lastmod
// in the index is not after its last complete read is not requested at all.

// docTracker saves a document's validators only after all its items were
// handled, so a pass killed half-way does not get a 304 next time for items
// it never fetched; an item that failed leaves them out too.
type docTracker struct {
	mu     sync.Mutex
	left   int
	failed bool
	ready  bool // all items queued
	state  store.FeedState
	save   func(store.FeedState)
}

func (t *docTracker) add() {
	t.mu.Lock()
	t.left++
	t.mu.Unlock()
}

func (t *docTracker) itemDone(failed bool) {
	t.mu.Lock()
	t.left--
	t.failed = t.failed || failed
	done := t.ready && t.left == 0
	t.mu.Unlock()
	if done {
		t.finish()
	}
}

// markFailed: an item will not be handled in this pass (the frontier is full).
func (t *docTracker) markFailed() {
	t.mu.Lock()
	t.failed = true
	t.mu.Unlock()
}

func (t *docTracker) allQueued() {
	t.mu.Lock()
	t.ready = true
	done := t.left == 0
	t.mu.Unlock()
	if done {
		t.finish()
	}
}

func (t *docTracker) finish() {
	st := t.state
	if t.failed {
		st.ETag, st.LastModified, st.LastCheckedAt = "", "", time.Time{}
	}
	t.save(st)
}

func (p *pass) saveDocState(st store.FeedState) {
	if err := p.c.DB.SaveFeedState(p.book, st); err != nil && !p.storeErr(err) {
		p.log.Error("save feed state", "url", st.URL, "error", err)
	}
}

// docState reads what the feeds table knows of a feed or sitemap. ok is
// false when the database failed (the pass is ending); a lesser error is
// logged and the document read as if unknown.
func (p *pass) docState(ctx context.Context, rawURL string) (st store.FeedState, known, ok bool) {
	st, known, err := p.c.DB.FeedState(ctx, rawURL)
	if err != nil {
		if p.storeErr(err) {
			return st, false, false
		}
		p.log.Warn("feed state", "url", rawURL, "error", err)
		return store.FeedState{}, false, true
	}
	return st, known, true
}

// poll fetches a feed or sitemap, conditionally when its validators are
// known (prev, from docState). ok is false when there is nothing to parse
// (failure or 304).
func (p *pass) poll(ctx context.Context, j job, accept string, prev store.FeedState, known bool) (res *result, tries int, ok bool) {
	var err error
	hdr := http.Header{"Accept": {accept}}
	if known {
		if prev.ETag != "" {
			hdr.Set("If-None-Match", prev.ETag)
		}
		if prev.LastModified != "" {
			hdr.Set("If-Modified-Since", prev.LastModified)
		}
	}
	res, tries, err = p.f.fetch(ctx, j.url, kindDoc, hdr)
	if res.status != 0 {
		p.count(func(r *PassResult) { r.Responses++ })
	}
	prev.URL, prev.Source = j.url, p.src.Name
	switch {
	case err != nil:
		p.fail(ctx, j.url, res.status, err, tries)
		if ctx.Err() == nil { // validators and last complete read stay as they were
			prev.LastStatus = res.status
			p.saveDocState(prev)
		}
		return res, tries, false
	case res.status == http.StatusNotModified:
		p.count(func(r *PassResult) { r.NotMod++ })
		prev.LastStatus, prev.LastCheckedAt = res.status, p.c.now()
		p.saveDocState(prev)
		return res, tries, false
	}
	return res, tries, true
}

// tracker is the docTracker of a document just read with res.
func (p *pass) tracker(j job, res *result) *docTracker {
	return &docTracker{
		state: store.FeedState{URL: j.url, Source: p.src.Name, ETag: res.header.Get("ETag"),
			LastModified: res.header.Get("Last-Modified"), LastCheckedAt: p.c.now(), LastStatus: res.status},
		save: p.saveDocState,
	}
}

// pushListed queues a page listed by t's document, counted as one of its
// items; a page queued already by someone else is an item done at once. It
// reports false, queuing nothing, when the URL is out of the source's scope.
func (p *pass) pushListed(t *docTracker, rawURL string, lastmod time.Time) bool {
	if !p.inScope(rawURL) {
		return false
	}
	t.add()
	if !p.push(job{kind: jobPage, url: rawURL, listed: true, lastmod: lastmod, doc: t}) {
		t.itemDone(false)
	}
	return true
}

// parseFailed records a document that could not be parsed; its validators
// are dropped so that the next pass reads it again.
func (p *pass) parseFailed(ctx context.Context, j job, res *result, tries int, err error) {
	p.fail(ctx, j.url, res.status, fmt.Errorf("parse error: %w", err), tries)
	p.saveDocState(store.FeedState{URL: j.url, Source: p.src.Name, LastStatus: res.status})
}

// feed reads a feed and queues its items.
func (p *pass) feed(ctx context.Context, j job) {
	prev, known, ok := p.docState(ctx, j.url)
	if !ok {
		return
	}
	res, tries, ok := p.poll(ctx, j, acceptFeed, prev, known)
	if !ok {
		return
	}
	base, _ := url.Parse(res.final)
	items, err := parseFeed(res.body, base)
	if err != nil {
		p.parseFailed(ctx, j, res, tries, err)
		return
	}
	t := p.tracker(j, res)
	for _, it := range items {
		if !p.pushListed(t, it.URL, it.Updated) {
			p.log.Debug("feed item out of scope", "url", it.URL)
		}
	}
	t.allQueued()
}

// sitemap reads a sitemap (urlset or index, .gz included) and queues its
// entries; see the top of this file for what is skipped.
func (p *pass) sitemap(ctx context.Context, j job) {
	prev, known, ok := p.docState(ctx, j.url)
	if !ok {
		return
	}
	if known && !j.lastmod.IsZero() && !prev.LastCheckedAt.IsZero() && !j.lastmod.After(prev.LastCheckedAt) {
		p.count(func(r *PassResult) { r.NotMod++ })
		return
	}
	res, tries, ok := p.poll(ctx, j, acceptSitemap, prev, known)
	if !ok {
		return
	}
	base, _ := url.Parse(res.final)
	sm, err := parseSitemap(res.body, base, maxSitemapURLs)
	if err != nil {
		p.parseFailed(ctx, j, res, tries, err)
		return
	}
	if sm.Truncated {
		p.log.Warn("sitemap truncated", "url", j.url, "kept", maxSitemapURLs)
	}
	if len(sm.Sitemaps) > 0 {
		// An index: no validators kept, it is read every pass.
		p.saveDocState(store.FeedState{URL: j.url, Source: p.src.Name, LastStatus: res.status})
		for _, e := range sm.Sitemaps {
			if j.depth+1 < maxSitemapDepth && p.inScope(e.Loc) {
				p.push(job{kind: jobSitemap, url: e.Loc, depth: j.depth + 1, lastmod: e.LastMod})
			}
		}
	}
	t := p.tracker(j, res)
	for _, e := range sm.URLs {
		p.pushListed(t, e.Loc, e.LastMod)
	}
	if len(sm.Sitemaps) == 0 {
		t.allQueued()
	}
}
