package main

import (
	"context"
	"fmt"
	"io"

	"newscrawl/config"
	"newscrawl/crawler"
)

var crawlDoc = help{
	usage: "newscrawl crawl [--config FILE] [--db PATH] [--source NAME]...",
	about: `Makes one pass over the configured sources (all of them, or those named with --source),
stores the new and changed articles and exits: the command cron runs. Without --config it uses
the built-in default config, a few public news feeds, and writes ./news.db.

Pages that fail are recorded in the database's failures table and the pass goes on; the exit
status is still 0. When no source could be reached at all, one line on stderr says so. A bad
config, an unknown --source or an unusable database exit 1.`,
	examples: []string{
		"newscrawl crawl",
		"newscrawl crawl --config newscrawl.yaml",
		"newscrawl crawl --config newscrawl.yaml --source worldnation --db /var/lib/news.db",
	},
}

func runCrawl(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("crawl")
	configPath := fs.String("config", "", "YAML config `FILE` (default: the built-in feeds)")
	dbPath := fs.String("db", "", "SQLite database `PATH` (default: the config's db)")
	var names stringList
	fs.Var(&names, "source", "crawl only the source `NAME` (repeatable)")
	operands, err := g.parse(fs, crawlDoc, args, stdout)
	if err != nil {
		return err
	}
	if len(operands) > 0 {
		return usagef("crawl", "unexpected argument %q", operands[0])
	}
	log := g.logger()

	cfg, err := loadConfig(*configPath, *dbPath)
	if err != nil {
		return err
	}
	sources := cfg.Sources
	if len(names) > 0 {
		sources = nil
		for _, name := range names {
			src, ok := cfg.Source(name)
			if !ok {
				return fmt.Errorf("no source named %q in the config", name)
			}
			sources = append(sources, src)
		}
	}
	db, err := openDB(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()

	c := &crawler.Crawler{DB: db, Config: cfg, Logger: log}
	results, err := c.Pass(ctx, sources)
	if err != nil {
		return err // a database error, or ctx's when interrupted: what was in flight is committed or rolled back
	}
	if unreachable(results) {
		fmt.Fprintln(stderr, "newscrawl: no source could be reached (no network?); failures are recorded in", cfg.DB)
	}
	return nil
}

// loadConfig reads the config file, or takes the built-in one for path "", and applies --db.
func loadConfig(path, dbPath string) (*config.Config, error) {
	var cfg *config.Config
	if path == "" {
		cfg = config.Default()
	} else {
		var err error
		if cfg, err = config.Load(path); err != nil {
			return nil, err
		}
	}
	if dbPath != "" {
		cfg.DB = dbPath
	}
	return cfg, nil
}

// unreachable reports a pass in which no source answered at all: no network, most likely.
func unreachable(results []crawler.PassResult) bool {
	if len(results) == 0 {
		return false
	}
	for _, r := range results {
		if r.Reached() {
			return false
		}
	}
	return true
}
