package main

import (
	"context"
	"io"
)

var exportDoc = help{
	usage: "newscrawl export [--db PATH] [--since TIME] [--format jsonl|csv]",
	about: `Writes the stored articles to stdout, for consumers that don't speak SQLite: one JSON object
per line (jsonl) or CSV with a header row. --since keeps articles fetched at or after TIME
(RFC 3339, a date like 2024-05-01, or a duration back from now like 24h).`,
	examples: []string{
		"newscrawl export --db news.db > articles.jsonl",
		"newscrawl export --db news.db --since 24h --format csv > today.csv",
	},
}

func runExport(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("export")
	db := fs.String("db", "news.db", "SQLite database `PATH`")
	since := fs.String("since", "", "only articles fetched since `TIME`")
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
	_, _ = db, since
	return errNotBuilt("export")
}
