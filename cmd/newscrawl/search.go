package main

import (
	"context"
	"io"
	"strings"
)

var searchDoc = help{
	usage: "newscrawl search [--db PATH] [--limit N] QUERY",
	about: `Full-text search over the titles and texts of stored articles (SQLite FTS5 query syntax:
words, "phrases", AND/OR/NOT, prefix*). Prints the best matches first, one a line.`,
	examples: []string{
		`newscrawl search --db news.db election`,
		`newscrawl search --db news.db '"climate summit" AND vienna'`,
	},
}

func runSearch(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("search")
	db := fs.String("db", "news.db", "SQLite database `PATH`")
	limit := fs.Int("limit", 20, "show at most `N` results")
	operands, err := g.parse(fs, searchDoc, args, stdout)
	if err != nil {
		return err
	}
	query := strings.TrimSpace(strings.Join(operands, " "))
	if query == "" {
		return usagef("search", "no QUERY given")
	}
	_, _ = db, limit
	return errNotBuilt("search")
}
