package main

import (
	"context"
	"io"
)

var crawlDoc = help{
	usage: "newscrawl crawl [--config FILE] [--db PATH] [--source NAME]...",
	about: `Makes one pass over the configured sources (all of them, or those named with --source),
stores the new and changed articles and exits: the command cron runs. Without --config it uses
the built-in default config, a few public news feeds, and writes ./news.db.

Pages that fail are recorded in the database's failures table and the pass goes on; the exit
status is still 0. A bad config, an unknown --source or an unusable database exit 1.`,
	examples: []string{
		"newscrawl crawl",
		"newscrawl crawl --config newscrawl.yaml",
		"newscrawl crawl --config newscrawl.yaml --source worldnation --db /var/lib/news.db",
	},
}

func runCrawl(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("crawl")
	configPath := fs.String("config", "", "YAML config `FILE` (default: the built-in feeds)")
	db := fs.String("db", "", "SQLite database `PATH` (default: the config's db)")
	var sources stringList
	fs.Var(&sources, "source", "crawl only the source `NAME` (repeatable)")
	operands, err := g.parse(fs, crawlDoc, args, stdout)
	if err != nil {
		return err
	}
	if len(operands) > 0 {
		return usagef("crawl", "unexpected argument %q", operands[0])
	}
	_, _ = configPath, db
	return errNotBuilt("crawl")
}
