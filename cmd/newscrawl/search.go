package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"newscrawl/store"
)

var searchDoc = help{
	usage: "newscrawl search [--db PATH] [--limit N] [--format text|jsonl] QUERY",
	about: `Full-text search over the titles and texts of stored articles, best match first. QUERY uses
SQLite FTS5 syntax: words (all required), "phrases", AND, OR, NOT, prefix*; a query that is not
valid FTS5 syntax is searched as plain words.

text prints one hit a line: date (published, or fetched when unknown), id, URL, title, and the
matching snippet with the matched words in [brackets] on the next line. jsonl prints one object
per hit: id, url, source, title, snippet, published_at, fetched_at, duplicate_of.`,
	examples: []string{
		`newscrawl search --db news.db election`,
		`newscrawl search --db news.db '"climate summit" AND vienna'`,
		`newscrawl search --db news.db --format jsonl --limit 100 'ukrain*'`,
	},
}

func runSearch(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("search")
	dbPath := readerDBFlag(fs)
	limit := fs.Int("limit", 20, "show at most `N` results")
	format := fs.String("format", "text", "write hits as `text|jsonl`")
	operands, err := g.parse(fs, searchDoc, args, stdout)
	if err != nil {
		return err
	}
	if err := formatFlag("search", *format, "text", "jsonl"); err != nil {
		return err
	}
	query := strings.TrimSpace(strings.Join(operands, " "))
	if query == "" {
		return usagef("search", "no QUERY given")
	}
	if *limit <= 0 {
		return usagef("search", "--limit must be positive")
	}

	db, err := openReadOnly(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	hits, err := db.Search(ctx, query, *limit)
	if err != nil {
		return err
	}
	if *format == "jsonl" {
		enc := json.NewEncoder(stdout)
		for _, h := range hits {
			if err := enc.Encode(hitJSON(h)); err != nil {
				return fmt.Errorf("write output: %w", err)
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for _, h := range hits {
		day := h.PublishedAt
		if day.IsZero() {
			day = h.FetchedAt
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", day.UTC().Format(time.DateOnly), h.ID, h.URL, oneLine(h.Title))
		fmt.Fprintf(tw, "\t\t%s\n", oneLine(h.Snippet))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}

type searchHitJSON struct {
	ID          int64   `json:"id"`
	URL         string  `json:"url"`
	Source      string  `json:"source"`
	Title       string  `json:"title"`
	Snippet     string  `json:"snippet"`
	PublishedAt *string `json:"published_at"`
	FetchedAt   *string `json:"fetched_at"`
	DuplicateOf *int64  `json:"duplicate_of"`
}

func hitJSON(h store.SearchHit) searchHitJSON {
	var dup *int64
	if h.DuplicateOf != 0 {
		dup = &h.DuplicateOf
	}
	return searchHitJSON{h.ID, h.URL, h.Source, h.Title, h.Snippet, rfc3339(h.PublishedAt),
		rfc3339(h.FetchedAt), dup}
}
