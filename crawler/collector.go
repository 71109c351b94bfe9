package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"
	"github.com/temoto/robotstxt"

	"newscrawl/config"

	"newscrawl/crawler/urlnorm"
)

// Accept headers by what we expect back.
const (
	acceptFeed    = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
	acceptSitemap = "application/xml, text/xml;q=0.9, */*;q=0.5"
	resultKey     = "newscrawl.result"
)

// docKind is what a request expects: an HTML page, or a feed/sitemap document.
type docKind int

const (
	kindHTML docKind = iota
	kindDoc
)

// result is what colly's callbacks learn about one request.
type result struct {
	status int
	header http.Header // as received (Content-Type with its charset)
	final  string      // URL after redirects
	body   []byte
	err    error
}

// hostState is the per-host limit rule and robots.txt of a pass.
type hostState struct {
	once  sync.Once
	rule  *colly.LimitRule // read by tests
	rules *robotstxt.Group // nil: everything allowed
	err   error            // robots.txt could not be fetched: the host is skipped
}

// fetcher is the colly collector of one source's pass. Every request of the
// pass (robots.txt, feeds, sitemaps, pages) goes through its one backend, so
// the per-host LimitRule counts them all.
type fetcher struct {
	src     config.Source
	ua      string
	log     *slog.Logger
	c       *colly.Collector // robots.txt respected
	raw     *colly.Collector // clone sharing the backend, for robots.txt itself
	robots  *robotsCacheTransport
	tr      *http.Transport // at the bottom of the stack: its idle connections are closed with the pass
	retry   retryPolicy
	allowed []string
	observe func(url string, status int, d time.Duration, err error) // nil: nobody watches

	mu    sync.Mutex
	hosts map[string]*hostState
}

// newCollector builds the colly collector for src. colly reads COLLY_*
// environment variables inside NewCollector; every option that matters is
// set again afterwards, from our config only, so the environment cannot
// turn robots.txt off, lift the body cap or change the user agent.
func newCollector(ctx context.Context, src config.Source, ua string, rt http.RoundTripper) *colly.Collector {
	c := colly.NewCollector(colly.StdlibContext(ctx))
	c.UserAgent = ua
	c.Headers = nil
	c.IgnoreRobotsTxt = false
	c.MaxDepth = 0 // depth is ours: start_urls 0, links d+1, max_depth from the source
	c.MaxRequests = 0
	c.MaxBodySize = int(min(src.MaxBody, int64(1<<62))) + 1 // one byte over: we detect and drop, never truncate
	c.AllowedDomains = nil                                  // ours, subdomain-aware, also on redirects
	c.DisallowedDomains = nil
	c.URLFilters = nil
	c.DisallowedURLFilters = nil
	c.AllowURLRevisit = true // our visited set keys normalised URLs; retries revisit
	c.Async = false          // our worker pool calls it concurrently; retries back off outside the host slot
	c.ParseHTTPErrorResponse = true
	c.DetectCharset = false // bodies stay raw: readability and the feed parser decode charsets
	c.CacheDir = ""
	c.CacheExpiration = 0
	c.CheckHead = false
	c.TraceHTTP = false
	c.Context = ctx
	jar, _ := cookiejar.New(nil)
	c.SetClient(&http.Client{Transport: rt, Timeout: src.Timeout, Jar: jar})
	return c
}

// newGuardedFetcher makes the fetcher of one source's pass; guard replaces
// the transport's address check (nil: guardAddr), see newTransport.
func newGuardedFetcher(ctx context.Context, src config.Source, ua string, log *slog.Logger, sleep func(context.Context, time.Duration) error, guard func(netip.AddrPort) error) *fetcher {
	f := &fetcher{
		src:     src,
		ua:      ua,
		log:     log,
		retry:   retryPolicy{Retries: src.Retries, Sleep: sleep},
		allowed: allowedHosts(src.AllowedDomains),
		hosts:   make(map[string]*hostState),
	}
	f.tr = newTransport(src.AllowPrivateNetworks, guard)
	f.robots = newRobotsCache(gunzipTransport{f.tr})
	f.c = newCollector(ctx, src, ua, f.robots)
	f.c.SetRedirectHandler(f.checkRedirect)
	f.raw = f.c.Clone()
	f.raw.IgnoreRobotsTxt = true
	f.raw.Async = false
	for _, c := range []*colly.Collector{f.c, f.raw} {
		c.OnResponseHeaders(f.onHeaders)
		c.OnResponse(f.onResponse)
		c.OnError(f.onError)
	}
	return f
}

func (f *fetcher) close() { f.tr.CloseIdleConnections() }

// allowedHosts lowercases the allowed domains and drops ports.
func allowedHosts(domains []string) []string {
	var out []string
	for _, d := range domains {
		d = strings.ToLower(strings.TrimSpace(d))
		if h, _, err := net.SplitHostPort(d); err == nil {
			d = h
		}
		d = strings.Trim(d, "[].")
		if d != "" {
			out = append(out, d)
		}
	}
	return out
}

// allowedHost: the host is an allowed domain or a subdomain of one. No
// allowed domains means none was configured: everything is allowed.
func (f *fetcher) allowedHost(host string) bool {
	host = asciiName(strings.TrimSuffix(strings.ToLower(host), "."))
	if len(f.allowed) == 0 {
		return true
	}
	for _, d := range f.allowed {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// checkRedirect: only http(s), only allowed domains, at most 10 hops, no loops.
func (f *fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if err := checkScheme(req.URL.Scheme); err != nil {
		return fmt.Errorf("crawler: redirect to %s: %w", req.URL, err)
	}
	if !f.allowedHost(req.URL.Hostname()) {
		return fmt.Errorf("crawler: redirect to %s: %w", req.URL, ErrDomain)
	}
	return redirectPolicy(defaultMaxRedirects)(req, via)
}

func resultOf(ctx *colly.Context) *result {
	r, _ := ctx.GetAny(resultKey).(*result)
	if r == nil {
		r = &result{} // a request we did not start; nothing reads it
	}
	return r
}

// onHeaders decides before the body is read: non-2xx (except 304), a
// Content-Length over the cap, or a declared binary type abort the download.
func (f *fetcher) onHeaders(r *colly.Response) {
	res := resultOf(r.Ctx)
	res.status = r.StatusCode
	res.header = r.Headers.Clone()
	res.final = r.Request.URL.String()
	switch {
	case r.StatusCode == http.StatusNotModified:
		r.Request.Abort()
		return
	case r.StatusCode < 200 || r.StatusCode > 299:
		res.err = &HTTPError{Status: r.StatusCode, RetryAfter: parseRetryAfter(r.Headers.Get("Retry-After"), time.Now())}
		r.Request.Abort()
		return
	}
	if cl, err := strconv.ParseInt(r.Headers.Get("Content-Length"), 10, 64); err == nil && cl > f.src.MaxBody {
		res.err = fmt.Errorf("%w: Content-Length %d over max_body %d", ErrTooLarge, cl, f.src.MaxBody)
		r.Request.Abort()
		return
	}
	ctype := r.Headers.Get("Content-Type")
	mt := mediaType(ctype)
	if binaryType(mt) {
		res.err = fmt.Errorf("%w: content type %s", ErrNotHTML, mt)
		r.Request.Abort()
		return
	}
	// colly would transcode a body whose Content-Type names a charset; we
	// keep the bytes raw (the extractor and feed parser decode, honouring
	// <meta charset> and XML declarations) and the header as received in res.
	if mt != "" && mt != ctype {
		r.Headers.Set("Content-Type", mt)
	}
}

func (f *fetcher) onResponse(r *colly.Response) {
	res := resultOf(r.Ctx)
	if res.err != nil {
		return
	}
	if int64(len(r.Body)) > f.src.MaxBody {
		res.err = fmt.Errorf("%w: body over max_body %d", ErrTooLarge, f.src.MaxBody)
		return
	}
	res.body = r.Body
}

func (f *fetcher) onError(r *colly.Response, err error) {
	res := resultOf(r.Ctx)
	if res.err == nil && !errors.Is(err, colly.ErrAbortedAfterHeaders) {
		res.err = err
	}
}

// get makes one request through the collector (sync) and returns what
// came back; a 304 is a result with status 304 and no body.
func (f *fetcher) get(ctx context.Context, c *colly.Collector, rawURL string, kind docKind, hdr http.Header) (*result, error) {
	res := &result{}
	cctx := colly.NewContext()
	cctx.Put(resultKey, res)
	if hdr == nil {
		hdr = http.Header{}
	}
	if hdr.Get("Accept") == "" {
		hdr.Set("Accept", acceptHTML)
	}
	hdr.Set("User-Agent", f.ua)
	start := time.Now()
	err := c.Request(http.MethodGet, rawURL, nil, cctx, hdr)
	if res.err != nil {
		err = res.err
	}
	if f.observe != nil {
		defer func() { f.observe(rawURL, res.status, time.Since(start), err) }()
	}
	switch {
	case err == nil:
	case errors.Is(err, colly.ErrAbortedAfterHeaders) && res.status == http.StatusNotModified:
		err = nil // our own abort: a 304 has no body to read
	case errors.Is(err, colly.ErrRobotsTxtBlocked):
		err = ErrRobotsDisallowed
	case ctx.Err() != nil:
		err = fmt.Errorf("crawler: get %s: %w", rawURL, ctx.Err())
	default:
		var ue *url.Error
		if errors.As(err, &ue) && ue.Timeout() {
			err = fmt.Errorf("crawler: timeout after %s: %w", f.src.Timeout, ue.Err)
		} else if errors.As(err, &ue) {
			err = fmt.Errorf("crawler: %w", ue.Err)
		}
	}
	if err != nil {
		return res, err
	}
	if res.status == http.StatusNotModified {
		if hdr.Get("If-None-Match") == "" && hdr.Get("If-Modified-Since") == "" {
			return res, errUnexpectedNotModified
		}
		return res, nil
	}
	if kind == kindHTML {
		err = checkHTML(res.header.Get("Content-Type"), res.body)
		if err == nil {
			res.header.Set("Content-Type", htmlContentType(res.header.Get("Content-Type")))
		}
	} else {
		err = checkDocument(res.header.Get("Content-Type"), res.body)
	}
	return res, err
}

// fetch is get with the host's robots.txt checked first and retries with
// backoff (outside the host's slot). tries is the number of requests made.
func (f *fetcher) fetch(ctx context.Context, rawURL string, kind docKind, hdr http.Header) (res *result, tries int, err error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return &result{}, 0, fmt.Errorf("crawler: %w", err)
	}
	if err := checkScheme(u.Scheme); err != nil {
		return &result{}, 0, err
	}
	if !f.allowedHost(u.Hostname()) {
		return &result{}, 0, ErrDomain
	}
	// One spelling per host, so that Example.COM and example.com:80 share
	// one limit rule and one robots.txt.
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = canonicalHost(u.Scheme, u.Host)
	rawURL = u.String()
	hs := f.host(ctx, u)
	if hs.err != nil {
		return &result{}, 0, hs.err
	}
	if hs.rules != nil && !hs.rules.Test(robotsPath(u)) {
		return &result{}, 0, ErrRobotsDisallowed
	}
	tries, err = f.retry.do(ctx, func() error {
		var e error
		res, e = f.get(ctx, f.c, rawURL, kind, hdr.Clone())
		return e
	})
	return res, tries, err
}

// robotsPath is the path+query robots rules are tested against.
func robotsPath(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}

// host sets a host up on first use: its LimitRule (parallelism and delay of
// the source) and its robots.txt, fetched through that rule; a Crawl-delay
// longer than the source's delay raises the rule's delay. Other requests to
// the host wait until this is done.
func (f *fetcher) host(ctx context.Context, u *url.URL) *hostState {
	f.mu.Lock()
	hs, ok := f.hosts[u.Host]
	if !ok {
		hs = &hostState{}
		f.hosts[u.Host] = hs
	}
	f.mu.Unlock()
	hs.once.Do(func() {
		rule := &colly.LimitRule{
			DomainRegexp: "^" + regexp.QuoteMeta(u.Host) + "$",
			Parallelism:  max(f.src.Parallelism, 1),
			Delay:        f.src.Delay,
		}
		hs.rule = rule
		if err := f.c.Limit(rule); err != nil {
			hs.err = fmt.Errorf("crawler: limit rule for %s: %w", u.Host, err)
			return
		}
		robotsURL := u.Scheme + "://" + u.Host + "/robots.txt"
		var res *result
		_, err := f.retry.do(ctx, func() error {
			var e error
			res, e = f.get(ctx, f.raw, robotsURL, kindDoc, http.Header{"Accept": {"text/plain, */*;q=0.5"}})
			return e
		})
		status := res.status
		var he *HTTPError
		switch {
		case err == nil:
		case errors.As(err, &he) && (he.Status >= 500 || he.Status == http.StatusTooManyRequests):
			// Google's rule: a server error on robots.txt means "do not crawl now".
			hs.err = fmt.Errorf("crawler: robots.txt of %s answered %d, host skipped this pass: %w", u.Host, he.Status, ErrRobotsDisallowed)
			return
		case errors.As(err, &he), errors.Is(err, ErrNotHTML), errors.Is(err, ErrTooLarge),
			errors.Is(err, ErrTooManyRedirects), errors.Is(err, ErrDomain), errors.Is(err, ErrScheme),
			errors.Is(err, errUnexpectedNotModified):
			// 4xx, an unusable body, or redirects that lead nowhere (a loop,
			// too many, off the allowed domains): the server answered but has
			// no robots.txt for us. As Google does for 4xx: everything allowed.
			f.log.Debug("robots.txt unusable, everything allowed", "host", u.Host, "error", err)
			status, res.body = http.StatusNotFound, nil
		default:
			hs.err = fmt.Errorf("crawler: robots.txt of %s: %w", u.Host, err)
			return
		}
		data, perr := robotstxt.FromStatusAndBytes(status, res.body)
		if perr != nil {
			data, _ = robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
		}
		f.robots.put(u.Host, robotsFile{status: status, body: res.body})
		hs.rules = data.FindGroup(f.ua)
		if hs.rules != nil && hs.rules.CrawlDelay > rule.Delay {
			d := min(hs.rules.CrawlDelay, maxCrawlDelay)
			f.log.Info("robots.txt crawl-delay raises the delay", "host", u.Host, "delay", d)
			rule.Delay = d // no request to this host is in flight: they wait for this Once
		}
	})
	return hs
}

// asciiName is a host name in the ASCII form the config keeps allowed
// domains in (bücher.example is xn--bcher-kva.example); an ASCII name, an
// IP address or a name IDNA refuses is returned as it is.
func asciiName(name string) string {
	for i := 0; i < len(name); i++ {
		if name[i] >= 0x80 {
			if a, err := urlnorm.Host(name); err == nil {
				return a
			}
			break
		}
	}
	return name
}

// canonicalHost lowercases host, writes an international name in ASCII and
// drops the scheme's default port and a trailing dot of the name.
func canonicalHost(scheme, host string) string {
	host = strings.ToLower(host)
	name, port, err := net.SplitHostPort(host)
	if err != nil {
		return asciiName(strings.TrimSuffix(host, "."))
	}
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		port = ""
	}
	name = asciiName(strings.TrimSuffix(name, "."))
	if port == "" {
		if strings.Contains(name, ":") {
			return "[" + name + "]"
		}
		return name
	}
	return net.JoinHostPort(name, port)
}
