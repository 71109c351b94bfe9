// Package crawler is everything of newscrawl that touches the network or
// decides what to fetch: the address-guarded transport, the one-off Fetch of
// `newscrawl fetch`, and the Crawler whose Pass and Run serve `crawl` and `run`.
//
// A pass over one source:
//
//  1. Discovery. Feeds (RSS, Atom, JSON Feed; conditional GET with the ETag
//     and Last-Modified kept in the feeds table; a 304 costs no parse),
//     sitemaps (indexes nested up to 3 levels, .gz children, Google News
//     publication dates, 50,000 URLs per file; urlsets polled like feeds, their
//     validators in the same table; children an index dates no later than
//     their last complete read are skipped) and start_urls, whose pages
//     also announce feeds through <link rel="alternate">. start_urls are depth
//     0, a link on a depth-d page is d+1, nothing deeper than max_depth is
//     fetched; feed and sitemap items are fetched whatever their depth and
//     their links are not followed.
//  2. Incremental skip. A URL stored already (canonical or alias, normalised)
//     is not fetched again unless its feed/sitemap date is later than the
//     article's fetched_at.
//  3. Fetching, through one colly collector per pass, set from the config
//     only (COLLY_* variables are overridden): robots.txt obeyed and fetched
//     once per host through the host's LimitRule (Crawl-delay raises the
//     delay, capped at 30s), one LimitRule per host (parallelism, delay) that
//     every request of the pass passes through, the user agent, the timeout,
//     at most 10 redirects within the allowed domains, a body cap (a body
//     over max_body is dropped and recorded, never truncated; gzip is capped
//     on its decoded size), non-HTML types refused, retries with exponential
//     backoff and Retry-After on network errors, 429 and 5xx. The collector
//     is called synchronously from our own bounded worker pool rather than
//     in colly's Async mode: the pool bounds memory (colly spawns a goroutine
//     per queued URL) and lets a retry back off outside the host's slot.
//  4. Extraction, through the crawler's one readability.SiteTemplates (link
//     lines and short lines that recur on 3 other pages of a host go), and
//     the article decision: article_pattern (on the URL path)
//     when given, else the page's own evidence (readability's IsArticlePage)
//     after home, tag, author, category, search, about and paginated listing
//     URLs are ruled out by their path.
//  5. Saving: rel=canonical when on an allowed domain and the same site, else
//     the final URL without AMP/print markers; aliases for the requested and
//     final URLs; one transaction per article in store.SaveArticle.
//  6. Bookkeeping: a runs row per source, a failures row per failed URL with
//     its status and reason (timeout, too large, robots, not html, http N
//     after N tries, parse error, redirect loop, unexpected 304), one Info
//     line per source.
//
// Bounds and stops. The frontier of a pass is bounded per source (10,000
// pages found through links, 100,000 listed by feeds and sitemaps; a page
// announces at most 5 feeds): a spider trap cannot grow the queue without
// end, and reaching a bound is one Warn line and one failures row. A
// robots.txt answering 5xx or 429 skips its host for the pass; 4xx, redirect
// loops and unusable bodies allow everything. A database error (disk full,
// I/O, read-only, corrupt; or a failure that cannot be recorded) is not a
// page's failure: it stops the source's pass with an Error line and Pass
// returns it.
package crawler
