package crawler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"newscrawl/config"
	"newscrawl/readability"
	"newscrawl/store"
)

// Sink receives what a pass produces: *store.DB, or a wrapper of it such as
// the metrics-counting web.Sink of `run --listen`.
type Sink interface {
	SaveArticle(ctx context.Context, a store.Article) (store.Saved, error)
	RecordFailure(ctx context.Context, runID int64, url string, status int, msg string) error
}

// Crawler runs passes over configured sources. DB is required (runs, feed
// state, "already stored?"); Sink defaults to DB.
type Crawler struct {
	DB     *store.DB
	Sink   Sink // nil: DB
	Config *config.Config
	Logger *slog.Logger // nil: slog.Default()
	Now    func() time.Time
	// Progress receives a progress line per second during a pass. nil: stderr
	// when stderr is a terminal, else nothing.
	Progress io.Writer
	// Sleep waits between retries (injectable in tests); nil: a real timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// After is the schedule loop's timer (injectable in tests); nil: time.After.
	After func(d time.Duration) <-chan time.Time

	// OnPass, when set, is called after each source's pass (by Pass and Run),
	// e.g. for metrics: counts, Reached, Duration.
	OnPass func(PassResult)
	// OnFetch, when set, is called after every HTTP request (each try,
	// robots.txt included) with its status (0 when none), duration and error.
	// It is called from many goroutines at once.
	OnFetch func(source, url string, status int, d time.Duration, err error)
	// Templates removes from a page the link lines and short lines that
	// recur on several earlier pages of its host (readability.SiteTemplates);
	// one for all sources. nil: the crawler makes one on first use and
	// keeps it for its lifetime.
	Templates *readability.SiteTemplates
	tplOnce   sync.Once

	progressEvery time.Duration // progress line interval; 0: one second
	// frontier overrides maxLinkedPages and maxListedPages in tests; 0: those.
	frontier int
	// dialGuard replaces the transport's address check in tests; nil: guardAddr.
	dialGuard func(netip.AddrPort) error
}

// templates returns the crawler's site templates, made on first use.
func (c *Crawler) templates() *readability.SiteTemplates {
	c.tplOnce.Do(func() {
		if c.Templates == nil {
			c.Templates = readability.NewSiteTemplates()
		}
	})
	return c.Templates
}

// PassResult is what one source's pass did.
type PassResult struct {
	Source     string
	RunID      int64
	Pages      int // HTML pages fetched
	New        int // articles stored for the first time
	Updated    int // stored articles whose text changed
	Unchanged  int // articles fetched again with the same text
	Duplicates int // new articles that nearly equal an earlier one
	Skipped    int // already stored, not fetched again
	Failed     int // failures recorded
	NotMod     int // feeds answered 304
	Responses  int // HTTP responses of any status, robots.txt excluded
	Duration   time.Duration

	netFailed int // failures that were network errors (DNS, connect): no server answered
}

// Reached reports whether the pass found the network there: a server
// answered, or some failure was not a network error (a robots.txt that
// skipped its host, a refused private address, a frontier limit), or
// nothing failed. It is false only when every failure was a DNS or connect
// error: no network, most likely.
func (r PassResult) Reached() bool {
	return r.Responses > 0 || r.Failed == 0 || r.Failed > r.netFailed
}

func (c *Crawler) logger() *slog.Logger {
	if c.Logger != nil {
		return c.Logger
	}
	return slog.Default()
}

func (c *Crawler) now() time.Time {
	if c.Now != nil {
		return c.Now().UTC()
	}
	return time.Now().UTC()
}

func (c *Crawler) sink() Sink {
	if c.Sink != nil {
		return c.Sink
	}
	return c.DB
}

func (c *Crawler) userAgent() string {
	if c.Config != nil && c.Config.UserAgent != "" {
		return c.Config.UserAgent
	}
	return config.DefaultUserAgent
}

// maxParallelSources bounds the sources of one Pass crawled at the same time.
const maxParallelSources = 4

// Pass crawls each source once and returns what each did, in the order of
// sources. Sources that share a site (a registrable domain among their
// allowed domains and URLs) are crawled one after the other, so per-host
// limits hold across them; unrelated sources run side by side, at most
// maxParallelSources at once. Failed pages are recorded, not returned; the
// error is for a pass that cannot go on (the database) or a cancelled
// context. OnPass may then be called from several goroutines.
func (c *Crawler) Pass(ctx context.Context, sources []config.Source) ([]PassResult, error) {
	if c.DB == nil {
		return nil, errors.New("crawler: no database")
	}
	results := make([]PassResult, len(sources))
	ran := make([]bool, len(sources))
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
	)
	sem := make(chan struct{}, maxParallelSources)
	for _, group := range siteGroups(sources) {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			for _, i := range group {
				if ctx.Err() != nil {
					return
				}
				r, err := c.passSource(ctx, sources[i])
				mu.Lock()
				results[i], ran[i] = r, true
				if err != nil && firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
				if c.OnPass != nil {
					c.OnPass(r)
				}
				if err != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	var out []PassResult
	for i, r := range results {
		if ran[i] {
			out = append(out, r)
		}
	}
	if firstErr != nil {
		return out, firstErr
	}
	return out, ctx.Err()
}

// jobKind is what a queued URL is.
type jobKind int

const (
	jobPage jobKind = iota
	jobFeed
	jobSitemap
)

type job struct {
	kind    jobKind
	url     string
	depth   int         // page: link hops from a start URL; sitemap: index nesting
	start   bool        // a start URL
	listed  bool        // announced by a feed or sitemap: fetched whatever its depth, links not followed
	lastmod time.Time   // from the feed or sitemap: refetch a stored URL when later than its fetched_at
	doc     *docTracker // the feed or sitemap that listed this page
	norm    string      // url normalised; set by push
}

// pass is the state of one source's pass.
type pass struct {
	c     *Crawler
	src   config.Source
	f     *fetcher
	runID int64
	log   *slog.Logger
	start time.Time
	// book is the pass's context without its cancellation, for the
	// bookkeeping writes (runs, failures, feed state) that must land even
	// while the pass is being cancelled.
	book context.Context

	mu       sync.Mutex
	cond     *sync.Cond
	queue    []job
	pending  int
	closed   bool
	seen     map[string]bool
	sitemaps int
	linked   int               // pages queued from followed links
	listed   int               // pages queued from feeds and sitemaps
	maxLink  int               // bound of linked
	maxList  int               // bound of listed
	full     map[string]string // limit name → first URL it refused; reported once
	res      PassResult

	stop    context.CancelCauseFunc // ends the pass early (a database error)
	stopErr error                   // why; guarded by mu
}

// Frontier bounds per source and pass. A spider trap (calendars, faceted
// search, session paths) can generate links without end within max_depth;
// queue and seen set may not grow with them. Pages listed by feeds and
// sitemaps are bounded per document already (maxFeedItems, maxSitemapURLs,
// maxSitemaps); their own, larger bound keeps the sum in check. When a bound
// is hit the pass goes on with what it queued, and says so once: a Warn line
// and a failures row.
const (
	maxLinkedPages = 10_000
	maxListedPages = 100_000
)

// withDefaults fills settings a hand-built Source may leave zero: no
// timeout or body cap would mean none at all.
func withDefaults(src config.Source) config.Source {
	if src.Timeout <= 0 {
		src.Timeout = config.DefaultTimeout
	}
	if src.MaxBody <= 0 {
		src.MaxBody = config.DefaultMaxBody
	}
	if src.Parallelism <= 0 {
		src.Parallelism = 1
	}
	if src.MaxDepth < 0 {
		src.MaxDepth = 0
	}
	if src.Retries < 0 {
		src.Retries = 0
	}
	return src
}

func (c *Crawler) passSource(ctx context.Context, src config.Source) (PassResult, error) {
	src = withDefaults(src)
	log := c.logger().With("source", src.Name)
	p := &pass{c: c, src: src, log: log, start: time.Now(), seen: make(map[string]bool),
		maxLink: maxLinkedPages, maxList: maxListedPages, full: make(map[string]string)}
	if c.frontier > 0 {
		p.maxLink, p.maxList = c.frontier, c.frontier
	}
	p.cond = sync.NewCond(&p.mu)
	p.res.Source = src.Name
	p.book = context.WithoutCancel(ctx)
	ctx, p.stop = context.WithCancelCause(ctx)
	defer p.stop(nil)
	runID, err := c.DB.StartRun(p.book, src.Name)
	if err != nil {
		return p.res, fmt.Errorf("crawler: start run of %s: %w", src.Name, err)
	}
	p.runID, p.res.RunID = runID, runID
	log.Info("pass started", "run", runID)

	p.f = newGuardedFetcher(ctx, src, c.userAgent(), log, c.Sleep, c.dialGuard)
	if c.OnFetch != nil {
		p.f.observe = func(u string, status int, d time.Duration, err error) { c.OnFetch(src.Name, u, status, d, err) }
	}
	defer p.f.close()

	for _, u := range src.Feeds {
		p.push(job{kind: jobFeed, url: u})
	}
	for _, u := range src.Sitemaps {
		p.push(job{kind: jobSitemap, url: u})
	}
	for _, u := range src.StartURLs {
		p.push(job{kind: jobPage, url: u, start: true})
	}
	stop := context.AfterFunc(ctx, func() {
		p.mu.Lock()
		p.closed = true
		p.cond.Broadcast()
		p.mu.Unlock()
	})
	defer stop()

	workers := max(src.Parallelism, 1)*max(len(p.f.allowed), 1) + runtime.GOMAXPROCS(0)
	workers = min(workers, 64)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				j, ok := p.pop()
				if !ok {
					return
				}
				p.handle(ctx, j)
				p.done()
			}
		})
	}
	done := make(chan struct{})
	var pwg sync.WaitGroup
	if w := c.progress(); w != nil {
		pwg.Go(func() { p.progress(w, done) })
	}
	wg.Wait()
	close(done)
	pwg.Wait()

	p.res.Duration = time.Since(p.start)
	r := p.snapshot()
	ferr := c.DB.FinishRun(p.book, runID, store.RunCounts{
		Pages: r.Pages, New: r.New, Updated: r.Updated, Duplicates: r.Duplicates, Errors: r.Failed,
	})
	if serr := p.stopped(); serr != nil {
		return r, serr
	}
	if ferr != nil {
		return r, fmt.Errorf("crawler: finish run of %s: %w", src.Name, ferr)
	}
	log.Info("pass finished", "pages", r.Pages, "new", r.New, "updated", r.Updated,
		"duplicates", r.Duplicates, "skipped", r.Skipped, "failed", r.Failed,
		"duration", r.Duration.Round(time.Millisecond))
	return r, nil
}

// progress writes a progress line every second on a terminal.
func (c *Crawler) progress() io.Writer {
	if c.Progress != nil {
		return c.Progress
	}
	if term.IsTerminal(int(os.Stderr.Fd())) {
		return os.Stderr
	}
	return nil
}

func (p *pass) progress(w io.Writer, done <-chan struct{}) {
	every := p.c.progressEvery
	if every <= 0 {
		every = time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-done:
			fmt.Fprint(w, "\r\033[K")
			return
		case <-t.C:
			r := p.snapshot()
			p.mu.Lock()
			queued := len(p.queue)
			p.mu.Unlock()
			fmt.Fprintf(w, "\r\033[K%s: %d pages, %d new, %d updated, %d failed, %d queued",
				p.src.Name, r.Pages, r.New, r.Updated, r.Failed, queued)
		}
	}
}

func (p *pass) snapshot() PassResult {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.res
}

func (p *pass) count(f func(r *PassResult)) {
	p.mu.Lock()
	f(&p.res)
	p.mu.Unlock()
}

// push queues j unless its URL was queued already in this pass (pages by
// normalised URL) or a frontier bound is reached. It reports whether j was
// queued. A listed page refused by the bound marks its document failed, so
// its validators are not kept and the next pass reads it again.
func (p *pass) push(j job) bool {
	j.norm = normalize(j.url)
	key := strconv.Itoa(int(j.kind)) + " " + j.norm
	p.mu.Lock()
	if p.closed || p.seen[key] {
		p.mu.Unlock()
		return false
	}
	var full string // the frontier bound that refuses j
	var limit int
	switch {
	case j.kind == jobSitemap:
		if p.sitemaps >= maxSitemaps {
			p.mu.Unlock()
			return false
		}
		p.sitemaps++
	case j.kind != jobPage || j.start:
	case j.listed:
		if p.listed < p.maxList {
			p.listed++
		} else {
			full, limit = "pages listed by feeds and sitemaps", p.maxList
		}
	default:
		if p.linked < p.maxLink {
			p.linked++
		} else {
			full, limit = "pages found through links", p.maxLink
		}
	}
	if full != "" {
		_, reported := p.full[full]
		if !reported {
			p.full[full] = j.url
			p.res.Failed++
		}
		p.mu.Unlock()
		p.frontierFull(j, full, limit, !reported)
		return false
	}
	p.seen[key] = true
	p.queue = append(p.queue, j)
	p.pending++
	p.cond.Signal()
	p.mu.Unlock()
	return true
}

// frontierFull is push refusing j for a full frontier: j's document is
// marked failed, and the first refusal per bound is logged and recorded.
func (p *pass) frontierFull(j job, what string, limit int, first bool) {
	if j.doc != nil {
		j.doc.markFailed()
	}
	if !first {
		return
	}
	msg := fmt.Sprintf("frontier limit reached: %d %s queued in this pass; the rest are not followed", limit, what)
	p.log.Warn("frontier limit reached", "url", j.url, "limit", limit, "what", what)
	p.record(j.url, 0, msg)
}

// pop takes the next job; false once nothing is queued or running, or the
// pass was cancelled.
func (p *pass) pop() (job, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.queue) == 0 && p.pending > 0 && !p.closed {
		p.cond.Wait()
	}
	if p.closed || len(p.queue) == 0 {
		return job{}, false
	}
	j := p.queue[0]
	p.queue[0] = job{}
	p.queue = p.queue[1:]
	return j, true
}

func (p *pass) done() {
	p.mu.Lock()
	p.pending--
	if p.pending == 0 {
		p.cond.Broadcast()
	}
	p.mu.Unlock()
}

func (p *pass) handle(ctx context.Context, j job) {
	switch j.kind {
	case jobFeed:
		p.feed(ctx, j)
	case jobSitemap:
		p.sitemap(ctx, j)
	default:
		failed := p.page(ctx, j)
		if j.doc != nil && ctx.Err() == nil {
			j.doc.itemDone(failed)
		}
	}
}

// fail records a failed URL: a failures row, a Warn line, the count.
func (p *pass) fail(ctx context.Context, rawURL string, status int, err error, tries int) {
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return // shutting down: not the page's fault
	}
	if p.stopped() != nil {
		return // the pass is ending for a database error; nothing can be recorded
	}
	msg := failureMessage(err, tries)
	netErr := status == 0 && networkError(err)
	p.count(func(r *PassResult) {
		r.Failed++
		if netErr {
			r.netFailed++
		}
	})
	p.log.Warn("page failed", "url", rawURL, "status", status, "error", msg)
	p.record(rawURL, status, msg)
}

// record writes a failures row. A failure that cannot be recorded ends the
// pass: the database (full, read-only, closed, ...) cannot take the rows of
// the pages still to come either.
func (p *pass) record(rawURL string, status int, msg string) {
	if err := p.c.sink().RecordFailure(p.book, p.runID, rawURL, status, msg); err != nil {
		p.abort(err)
	}
}

// abort ends the pass for a database error: the first one is logged at Error
// and returned by Pass; the queue is closed and requests in flight cancelled.
func (p *pass) abort(err error) {
	p.mu.Lock()
	first := p.stopErr == nil
	if first {
		p.stopErr = fmt.Errorf("crawler: pass of %s stopped: database error: %w", p.src.Name, err)
		p.closed = true
		p.cond.Broadcast()
	}
	p.mu.Unlock()
	if first {
		p.log.Error("pass stopped: database error", "error", err)
		p.stop(err)
	}
}

// stopped is the error that ended the pass early, nil while it goes on.
func (p *pass) stopped() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stopErr
}

// storeErr hands a store error of something other than SaveArticle to abort
// when it is a database error and reports whether it was.
func (p *pass) storeErr(err error) bool {
	if databaseError(err) {
		p.abort(err)
		return true
	}
	return false
}

// failureMessage is the failures.error text: the reason first, then detail.
func failureMessage(err error, tries int) string {
	msg := strings.ReplaceAll(err.Error(), "crawler: ", "")
	var he *HTTPError
	switch {
	case errors.As(err, &he):
		msg = fmt.Sprintf("http %d %s", he.Status, http.StatusText(he.Status))
	case errors.Is(err, ErrRobotsDisallowed):
		msg = "robots: " + strings.TrimSuffix(msg, ": disallowed by robots.txt")
	case errors.Is(err, ErrTooLarge):
		msg = "too large: " + strings.TrimPrefix(msg, "response body too large: ")
	case errors.Is(err, ErrNotHTML):
		msg = "not html: " + strings.TrimPrefix(msg, "not an HTML document: ")
	case isTimeout(err) && !strings.HasPrefix(msg, "timeout"):
		msg = "timeout: " + msg
	}
	if tries > 1 {
		msg += fmt.Sprintf(" after %d tries", tries)
	}
	return msg
}

// networkError: the request never reached a server: the name did not
// resolve, or the connection could not be made (refused, unreachable, dial
// timeout). A refused private address is our policy, not the network.
func networkError(err error) bool {
	if errors.Is(err, ErrPrivateAddress) {
		return false
	}
	var dns *net.DNSError
	var op *net.OpError
	return errors.As(err, &dns) || (errors.As(err, &op) && op.Op == "dial")
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// inScope: an http(s) URL on an allowed domain, not too long.
func (p *pass) inScope(raw string) bool {
	_, ok := p.scoped(raw)
	return ok
}

// scoped is inScope that also returns the parsed URL.
func (p *pass) scoped(raw string) (*url.URL, bool) {
	if len(raw) > maxURLLength {
		return nil, false
	}
	u, err := url.Parse(raw)
	if err != nil || checkScheme(u.Scheme) != nil || u.Host == "" {
		return nil, false
	}
	return u, p.f.allowedHost(u.Hostname())
}

// assetExt are link targets never worth a request as a page.
var assetExt = map[string]bool{".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".svg": true,
	".ico": true, ".css": true, ".js": true, ".pdf": true, ".zip": true, ".gz": true, ".mp3": true, ".mp4": true,
	".webm": true, ".avi": true, ".mov": true, ".woff": true, ".woff2": true, ".ttf": true, ".doc": true, ".docx": true,
	".xls": true, ".xlsx": true, ".ppt": true, ".pptx": true, ".exe": true, ".dmg": true, ".apk": true, ".rss": true, ".xml": true}

func isAsset(u *url.URL) bool {
	return assetExt[strings.ToLower(path.Ext(u.Path))]
}

// stored reports whether the URL (normalised, as canonical URL or alias) is
// stored and no feed/sitemap date says it changed since. AMP and print
// variants are looked up as they are, not by their stripped form: fetched
// once, their rel=canonical makes them aliases of the article's row.
func (p *pass) stored(ctx context.Context, j job) bool {
	key := j.norm
	if key == "" { // not queued through push
		key = normalize(j.url)
	}
	_, fetchedAt, ok, err := p.c.DB.LookupURL(ctx, key)
	if err != nil {
		if p.storeErr(err) {
			return true // nothing more is fetched
		}
		p.log.Warn("lookup url", "url", key, "error", err)
		return false
	}
	return ok && !j.lastmod.After(fetchedAt)
}

// page fetches an HTML page, follows its links within max_depth, and stores
// it when it is an article. It reports whether it failed.
func (p *pass) page(ctx context.Context, j job) bool {
	if !j.start && p.stored(ctx, j) {
		p.count(func(r *PassResult) { r.Skipped++ })
		return false
	}
	res, tries, err := p.f.fetch(ctx, j.url, kindHTML, nil)
	if res.status != 0 {
		p.count(func(r *PassResult) { r.Responses++ })
	}
	if err != nil {
		p.fail(ctx, j.url, res.status, err, tries)
		return true
	}
	p.count(func(r *PassResult) { r.Pages++ })
	pg := &Page{Source: p.src.Name, URL: j.url, FinalURL: res.final, Status: res.status,
		Header: res.header, Body: res.body, FetchedAt: p.c.now()}
	final, err := url.Parse(pg.FinalURL)
	if err != nil {
		p.fail(ctx, j.url, res.status, err, tries)
		return true
	}
	if !j.listed && (j.depth < p.src.MaxDepth || j.start) {
		pl := extractLinks(pg.Body, final)
		if j.depth < p.src.MaxDepth {
			for _, l := range pl.Links {
				if u, ok := p.scoped(l); ok && !isAsset(u) {
					p.push(job{kind: jobPage, url: l, depth: j.depth + 1})
				}
			}
		}
		if j.start { // feed autodiscovery
			for _, fu := range pl.Feeds {
				if p.inScope(fu) {
					p.push(job{kind: jobFeed, url: fu})
				}
			}
		}
	}
	return p.store(ctx, pg, final)
}

// nonArticleSegment are first path segments of listing and site pages.
var nonArticleSegment = map[string]bool{"tag": true, "tags": true, "author": true, "authors": true,
	"category": true, "categories": true, "topic": true, "topics": true, "search": true, "section": true,
	"sections": true, "about": true, "contact": true, "about-us": true, "contact-us": true, "page": true}

var pageNumber = regexp.MustCompile(`/page/\d+/?$`)

// nonArticlePath: home, tag, author, category, search, about, contact and
// paginated listing URLs are never stored.
func nonArticlePath(u *url.URL) bool {
	p := strings.ToLower(u.Path)
	if p == "" || p == "/" || pageNumber.MatchString(p) {
		return true
	}
	segs := strings.Split(strings.Trim(p, "/"), "/")
	if nonArticleSegment[segs[0]] {
		return true
	}
	last := strings.TrimSuffix(segs[len(segs)-1], path.Ext(segs[len(segs)-1]))
	switch last {
	case "about", "about-us", "contact", "contact-us", "search", "impressum", "privacy", "terms":
		return true
	}
	return false
}

// store decides whether pg is an article and saves it. It reports failure.
func (p *pass) store(ctx context.Context, pg *Page, final *url.URL) bool {
	if pat := p.src.ArticlePattern; pat != nil {
		req, _ := url.Parse(pg.URL)
		if !pat.MatchString(final.Path) && (req == nil || !pat.MatchString(req.Path)) {
			return false
		}
	} else if nonArticlePath(final) {
		return false
	}
	a, err := p.c.templates().Extract(bytes.NewReader(pg.Body), final, pg.Header.Get("Content-Type"))
	if errors.Is(err, readability.ErrNoArticle) {
		return false
	}
	if err != nil {
		p.fail(ctx, pg.URL, pg.Status, fmt.Errorf("parse error: %w", err), 1)
		return true
	}
	if p.src.ArticlePattern == nil && !a.IsArticlePage() {
		return false
	}
	if a.CanonicalURL != "" && !p.inScope(a.CanonicalURL) {
		cp := *a
		cp.CanonicalURL = ""
		a = &cp
	}
	sa := ToStoreArticle(pg, a, p.src.Name)
	if sa.URL == "" || strings.TrimSpace(sa.Text) == "" {
		return false
	}
	saved, err := p.c.sink().SaveArticle(ctx, sa)
	if err != nil {
		if ctx.Err() != nil {
			return false // cancelled: the transaction rolled back
		}
		if databaseError(err) {
			p.abort(err) // not this page's fault: the pass cannot save anything
			return true
		}
		p.fail(ctx, pg.URL, pg.Status, fmt.Errorf("save: %w", err), 1)
		return true
	}
	p.count(func(r *PassResult) {
		switch saved.Status {
		case store.New:
			r.New++
			if saved.DuplicateOf != 0 {
				r.Duplicates++
			}
		case store.Updated:
			r.Updated++
		default:
			r.Unchanged++
		}
	})
	p.log.Debug("article", "url", sa.URL, "result", saved.Status.String(), "duplicate_of", saved.DuplicateOf)
	return false
}
