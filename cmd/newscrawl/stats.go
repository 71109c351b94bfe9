package main

import (
	"context"
	"io"
)

var statsDoc = help{
	usage: "newscrawl stats [--db PATH]",
	about: `Shows what the database holds: article counts per source, the last runs and the most recent
failures.`,
	examples: []string{"newscrawl stats --db news.db"},
}

func runStats(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("stats")
	db := fs.String("db", "news.db", "SQLite database `PATH`")
	operands, err := g.parse(fs, statsDoc, args, stdout)
	if err != nil {
		return err
	}
	if len(operands) > 0 {
		return usagef("stats", "unexpected argument %q", operands[0])
	}
	_ = db
	return errNotBuilt("stats")
}
