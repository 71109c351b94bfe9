package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"newscrawl/store"
)

var exportDoc = help{
	usage: "newscrawl export [--db PATH] [--since TIME] [--after-id N] [--source NAME] [--unique] [--format jsonl|csv]",
	about: `Writes the stored articles to stdout, oldest first, for consumers that don't speak SQLite.

jsonl: one object per line with the articles table's columns (id, url, aliases, source, title,
byline, site_name, lang, published_at, modified_at, fetched_at, excerpt, image, text, html,
word_count, content_hash, simhash, duplicate_of; times RFC 3339 or null).
csv: a header row, then the same columns without html and aliases.

--since keeps articles fetched (new or updated) at or after TIME: RFC 3339
(2024-05-01T12:00:00Z), a date (2024-05-01, UTC) or a duration back from now (24h, 90m).
--after-id keeps articles with a larger id: poll with the largest id seen to get each new
article exactly once.`,
	examples: []string{
		"newscrawl export --db news.db > articles.jsonl",
		"newscrawl export --db news.db --since 24h --format csv > today.csv",
		"newscrawl export --db news.db --source bbc-world --unique --after-id 1200",
	},
}

func runExport(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("export")
	dbPath := readerDBFlag(fs)
	since := fs.String("since", "", "only articles fetched at or after `TIME`")
	afterID := fs.Int64("after-id", 0, "only articles with an id above `N`")
	source := fs.String("source", "", "only articles of the source `NAME`")
	unique := fs.Bool("unique", false, "leave out duplicates (articles with duplicate_of set)")
	format := fs.String("format", "jsonl", "write articles as `jsonl|csv`")
	operands, err := g.parse(fs, exportDoc, args, stdout)
	if err != nil {
		return err
	}
	if len(operands) > 0 {
		return usagef("export", "unexpected argument %q", operands[0])
	}
	if err := formatFlag("export", *format, "jsonl", "csv"); err != nil {
		return err
	}
	filter := store.ExportFilter{SinceID: *afterID, Source: *source, Unique: *unique}
	if *since != "" {
		if filter.SinceTime, err = parseSince(*since, time.Now()); err != nil {
			return usagef("export", "--since: %v", err)
		}
	}

	db, err := openReadOnly(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()

	var write func(store.ExportRow) error
	var flush func() error
	switch *format {
	case "jsonl":
		bw := bufio.NewWriter(stdout) // one write per buffer, not per article (csv.Writer buffers too)
		enc := json.NewEncoder(bw)
		write = func(r store.ExportRow) error { return enc.Encode(r) }
		flush = bw.Flush
	case "csv":
		w := csv.NewWriter(stdout)
		if err := w.Write(csvHeader); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
		write = func(r store.ExportRow) error { return w.Write(csvRecord(r)) }
		flush = func() error { w.Flush(); return w.Error() }
	}
	if err := db.Export(ctx, filter, write); err != nil {
		return err
	}
	if err := flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}

var csvHeader = []string{"id", "url", "source", "title", "byline", "site_name", "lang", "published_at",
	"modified_at", "fetched_at", "excerpt", "image", "text", "word_count", "content_hash", "simhash",
	"duplicate_of"}

func csvRecord(r store.ExportRow) []string {
	t := func(v time.Time) string {
		if v.IsZero() {
			return ""
		}
		return v.UTC().Format(time.RFC3339)
	}
	dup := ""
	if r.DuplicateOf != 0 {
		dup = strconv.FormatInt(r.DuplicateOf, 10)
	}
	return []string{strconv.FormatInt(r.ID, 10), r.URL, r.Source, r.Title, r.Byline, r.SiteName, r.Lang,
		t(r.PublishedAt), t(r.ModifiedAt), t(r.FetchedAt), r.Excerpt, r.Image, r.Text,
		strconv.Itoa(r.WordCount), r.ContentHash, fmt.Sprintf("%016x", r.SimHash), dup}
}

// parseSince reads --since: RFC 3339, a date (UTC midnight) or a duration back from now.
func parseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time, a date like 2024-05-01 or a duration like 24h", s)
}
