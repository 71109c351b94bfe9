package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"newscrawl/config"
	"newscrawl/crawler"
	"newscrawl/readability"
	"newscrawl/store"
)

var fetchDoc = help{
	usage: "newscrawl fetch [--db PATH] [--format json|text|markdown|html] [--allow-private] [--timeout D] [--user-agent S] [--max-body SIZE] URL...",
	about: `Fetches each URL (http or https; redirects followed), extracts the article and prints it to
stdout. With --db the article is also stored (the database is created if needed) under its
canonical URL, with the requested and final URLs as aliases; without --db nothing is written.
Loopback, private and link-local addresses are refused unless --allow-private is given.

json writes one object per line: url (final URL after redirects and rel=canonical, normalised),
title, byline, site_name, lang, published_at, modified_at (RFC 3339 or null), excerpt, image,
text, html, word_count, content_hash. text, markdown and html write the article's plain text,
Markdown or cleaned HTML, articles separated by a blank line.

A URL that is bad, cannot be fetched, answers with a status other than 2xx, is not HTML, is
larger than --max-body (never truncated) or holds no article gives one line on stderr; the other URLs are still fetched, and the exit
status is 1.`,
	examples: []string{
		"newscrawl fetch https://example.com/2024/05/01/story/",
		"newscrawl fetch --format text https://example.com/2024/05/01/story/",
		"newscrawl fetch --db news.db https://example.com/a https://example.com/b",
		"newscrawl fetch --allow-private --format markdown http://intranet.local/news/1",
	},
}

func runFetch(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("fetch")
	dbPath := fs.String("db", "", "store the articles in the SQLite database at `PATH`")
	format := fs.String("format", "json", "print articles as `json|text|markdown|html`")
	allowPrivate := fs.Bool("allow-private", false, "allow loopback, private and link-local addresses")
	timeout := fs.Duration("timeout", config.DefaultTimeout, "give up on a URL after `D`, e.g. 30s")
	userAgent := fs.String("user-agent", config.DefaultUserAgent, "send `S` as User-Agent")
	maxBody := fs.String("max-body", defaultMaxBody, "refuse pages larger than `SIZE` (e.g. 500KB, 20MB)")
	urls, err := g.parse(fs, fetchDoc, args, stdout)
	if err != nil {
		return err
	}
	if err := formatFlag("fetch", *format, "json", "text", "markdown", "html"); err != nil {
		return err
	}
	if len(urls) == 0 {
		return usagef("fetch", "no URL given")
	}
	if *timeout <= 0 {
		return usagef("fetch", "--timeout must be positive")
	}
	bodyCap, err := parseMaxBody("fetch", *maxBody)
	if err != nil {
		return err
	}
	log := g.logger()

	f := fetcher{
		opts: crawler.FetchOptions{
			UserAgent:    *userAgent,
			Timeout:      *timeout,
			MaxBody:      bodyCap,
			AllowPrivate: *allowPrivate,
		},
		out: &printer{w: stdout, format: *format},
		log: log,
	}
	if *dbPath != "" {
		db, err := openDB(ctx, *dbPath)
		if err != nil {
			return err
		}
		defer db.Close()
		f.db = db
	}

	failed := 0
	for _, u := range urls {
		err := f.fetch(ctx, u)
		var fatal *fatalError
		switch {
		case err == nil:
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.As(err, &fatal):
			return fatal.err
		default:
			failed++
			report(stderr, "fetch "+quoteOdd(u), err)
		}
	}
	if failed > 0 {
		return errReported
	}
	return nil
}

// fetcher does one URL of the fetch command.
type fetcher struct {
	opts crawler.FetchOptions
	db   *store.DB // nil: print only
	out  *printer
	log  *slog.Logger
}

// fetchFailure is an error of crawler.Fetch without its "crawler: fetch URL: " prefix: the
// failure line names the URL itself, once ("newscrawl: fetch URL: not an HTML document: ...").
type fetchFailure struct {
	reason string
	err    error
}

func (e *fetchFailure) Error() string { return e.reason }
func (e *fetchFailure) Unwrap() error { return e.err }

// fetchReason is what went wrong in a crawler.Fetch error, without the URL. When the URL
// it is about is not the one asked for (a redirect), it is kept at the end: "... (at FINAL)".
func fetchReason(rawURL string, err error) string {
	var fe *crawler.FetchError
	if !errors.As(err, &fe) {
		return err.Error()
	}
	asked := []string{rawURL, strconv.Quote(rawURL)}
	if u, err := url.Parse(rawURL); err == nil {
		asked = append(asked, u.String()) // what was requested, as net/http spells it
	}
	if slices.Contains(asked, fe.URL) {
		return fe.Reason()
	}
	return fe.Reason() + " (at " + fe.URL + ")"
}

// quoteOdd quotes s when it holds spaces or control characters, so the item of a failure line
// (a URL as typed) can be told from the message after it.
func quoteOdd(s string) string {
	if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) || s == "" {
		return strconv.Quote(s)
	}
	return s
}

// fatalError ends the whole command (stdout or the database broke), not just one URL.
type fatalError struct{ err error }

func (e *fatalError) Error() string { return e.err.Error() }

func (f *fetcher) fetch(ctx context.Context, rawURL string) error {
	if _, err := parseHTTPURL(rawURL); err != nil {
		return err
	}
	start := time.Now()
	page, err := crawler.Fetch(ctx, f.opts, rawURL)
	if err != nil {
		return &fetchFailure{reason: fetchReason(rawURL, err), err: err}
	}
	pageURL, err := parseHTTPURL(page.FinalURL)
	if err != nil {
		return err
	}
	a, err := readability.Extract(bytes.NewReader(page.Body), pageURL, page.Header.Get("Content-Type"))
	if err != nil {
		return err
	}
	sa := crawler.ToStoreArticle(page, a, "")
	log := f.log.With("url", sa.URL)
	log.Debug("fetched", "final_url", page.FinalURL, "status", page.Status, "bytes", len(page.Body),
		"duration", time.Since(start))
	if f.db != nil {
		saved, err := f.db.SaveArticle(ctx, sa)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return &fatalError{fmt.Errorf("store %s: %w", sa.URL, err)}
		}
		log.Info("stored", "id", saved.ID, "result", saved.Status.String(), "duplicate_of", saved.DuplicateOf)
	}
	if err := f.out.print("", sa.URL, a); err != nil {
		return &fatalError{err}
	}
	return nil
}
