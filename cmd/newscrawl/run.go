package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"newscrawl/cmd/newscrawl/web"
	"newscrawl/config"
	"newscrawl/crawler"
)

var runDoc = help{
	usage: "newscrawl run --config FILE [--db PATH] [--listen ADDR]",
	about: `Stays up: starts with a pass over every source, then crawls each source again on its
schedule (a cron spec in the config). On SIGINT or SIGTERM it finishes or rolls back what is
in flight and exits 0.

On SIGHUP it reads the config file again. A config with an error is logged and the running one
kept. A good one takes over once the pass in flight has committed or rolled back: run starts
again with a pass of every source. The database stays the one opened at start.

--listen serves HTTP on ADDR while it runs: /healthz (200 while the database answers),
/metrics (Prometheus: pages fetched, articles new/updated/duplicate, failures by reason, fetch
latency, each source's last success) and a small read-only site at / with the latest articles
per source, search and each article's text. It has no access control: listen on loopback or
behind a proxy.`,
	examples: []string{
		"newscrawl run --config newscrawl.yaml",
		"newscrawl --log-format json run --config /etc/newscrawl.yaml --db /var/lib/news.db",
		"newscrawl run --config newscrawl.yaml --listen 127.0.0.1:9090",
		"kill -HUP $(pidof newscrawl)    # after editing the config",
	},
}

func runRun(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("run")
	configPath := fs.String("config", "", "YAML config `FILE` (required)")
	dbPath := fs.String("db", "", "SQLite database `PATH` (default: the config's db)")
	listen := fs.String("listen", "", "serve /metrics, /healthz and a read-only site on `ADDR`, e.g. 127.0.0.1:9090")
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
	db, err := openDB(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()

	c := &crawler.Crawler{DB: db, Config: cfg, Logger: log}
	if *listen != "" {
		stop, err := serveHTTP(ctx, *listen, c, log)
		if err != nil {
			return err
		}
		defer stop()
	}
	log.Info("running", "sources", len(cfg.Sources), "db", cfg.DB)
	reload := func() (*config.Config, error) { return loadConfig(*configPath, *dbPath) }
	if err := runReloading(ctx, c, reload, log); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	log.Info("stopped")
	return nil
}

// runReloading runs c until ctx ends. On SIGHUP it reads the config again: a config with an
// error is logged and the running one kept; a good one replaces it once the pass in flight has
// committed or rolled back, and c runs again from the start (a pass of every source, then the
// schedules). The database stays the one opened at start.
func runReloading(ctx context.Context, c *crawler.Crawler, reload func() (*config.Config, error), log *slog.Logger) error {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	for {
		runCtx, stop := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- c.Run(runCtx) }()
		var next *config.Config
		for next == nil {
			select {
			case err := <-done:
				stop()
				return err
			case <-hup:
				cfg, err := reload()
				if err != nil {
					log.Error("config not reloaded, the running one is kept", "error", err)
					continue
				}
				if cfg.DB != c.Config.DB {
					log.Warn("config reloaded, but the database cannot change while running", "db", c.Config.DB)
					cfg.DB = c.Config.DB
				}
				next = cfg
			}
		}
		stop()
		if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
		c.Config = next
		log.Info("config reloaded", "sources", len(next.Sources))
	}
}

// serveHTTP starts the --listen server and hooks its metrics into c: articles and failures
// through a counting sink, every request and pass through c's callbacks. stop ends serving.
func serveHTTP(ctx context.Context, addr string, c *crawler.Crawler, log *slog.Logger) (stop func(), err error) {
	m := web.NewMetrics()
	sink := web.NewSink(c.DB, c.DB, m)
	c.Sink = sink
	c.OnFetch = func(source, _ string, status int, d time.Duration, _ error) { m.PageFetched(source, status, d) }
	c.OnPass = func(r crawler.PassResult) { m.PassDone(r.Source, time.Now(), r.Reached()) }
	_, stopServer, err := web.Serve(ctx, addr, web.NewServer(c.DB, m, log), log)
	if err != nil {
		return nil, err
	}
	return func() {
		if err := stopServer(); err != nil {
			log.Warn("stop http server", "error", err)
		}
	}, nil
}
