package main

import (
	"context"
	"io"
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
	db := fs.String("db", "", "SQLite database `PATH` (default: the config's db)")
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
	_ = db
	return errNotBuilt("run")
}
