package main

import (
	"context"
	"errors"
	"io"

	"newscrawl/crawler"
	"newscrawl/store"
)

var runDoc = help{
	usage: "newscrawl run --config FILE [--db PATH]",
	about: `Stays up: starts with a pass over every source, then crawls each source again on its
schedule (a cron spec in the config). On SIGINT or SIGTERM it finishes or rolls back what is
in flight and exits 0.`,
	examples: []string{
		"newscrawl run --config newscrawl.yaml",
		"newscrawl --log-format json run --config /etc/newscrawl.yaml --db /var/lib/news.db",
	},
}

func runRun(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("run")
	configPath := fs.String("config", "", "YAML config `FILE` (required)")
	dbPath := fs.String("db", "", "SQLite database `PATH` (default: the config's db)")
	operands, err := g.parse(fs, runDoc, args, stdout)
	if err != nil {
		return err
	}
	if len(operands) > 0 {
		return usagef("run", "unexpected argument %q", operands[0])
	}
	if *configPath == "" {
		return usagef("run", "--config FILE is required")
	}
	log := g.logger()

	cfg, err := loadConfig(*configPath, *dbPath)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()

	c := &crawler.Crawler{DB: db, Config: cfg, Logger: log}
	log.Info("running", "sources", len(cfg.Sources), "db", cfg.DB)
	err = c.Run(ctx)
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	log.Info("stopped")
	return nil
}
