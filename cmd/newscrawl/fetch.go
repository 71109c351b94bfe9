package main

import (
	"context"
	"io"
	"time"
)

var fetchDoc = help{
	usage: "newscrawl fetch [--db PATH] [--format json|text|markdown|html] [--allow-private] URL...",
	about: `Fetches each URL (http or https; redirects followed), extracts the article and prints it to
stdout. With --db the article is also stored (the database is created if needed); without it
nothing is written. Loopback, private and link-local addresses are refused unless
--allow-private is given.

json writes one object per line: url (final URL after redirects and rel=canonical), title,
byline, site_name, lang, published_at, modified_at (RFC 3339 or null), excerpt, image, text,
html, word_count, content_hash.

A URL that is bad, cannot be fetched, answers with a status other than 2xx, is not HTML or
holds no article gives one line on stderr; the other URLs are still fetched, and the exit
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
	db := fs.String("db", "", "store the articles in the SQLite database at `PATH`")
	format := fs.String("format", "json", "print articles as `json|text|markdown|html`")
	allowPrivate := fs.Bool("allow-private", false, "allow loopback, private and link-local addresses")
	timeout := fs.Duration("timeout", 20*time.Second, "give up on a URL after `D`, e.g. 30s")
	userAgent := fs.String("user-agent", "", "send `S` as User-Agent (default newscrawl's own)")
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
	_, _, _, _ = db, allowPrivate, timeout, userAgent
	return errNotBuilt("fetch")
}
