// Package web is newscrawl's HTTP listener: Prometheus metrics of the
// crawler (Metrics), /healthz, and a small read-only site over the
// database (NewServer): the latest articles per source, full-text search,
// and each article's clean text with its duplicates. Pages are rendered on
// the server with html/template; there is no JavaScript.
//
// The handler sets no timeouts; serve it with bounded ones, for example:
//
//	srv := &http.Server{
//		Addr:              "127.0.0.1:9090",
//		Handler:           web.NewServer(db, metrics, logger),
//		ReadHeaderTimeout: 5 * time.Second,
//		ReadTimeout:       10 * time.Second,
//		WriteTimeout:      30 * time.Second,
//		IdleTimeout:       60 * time.Second,
//		MaxHeaderBytes:    16 << 10,
//		BaseContext:       func(net.Listener) context.Context { return ctx },
//	}
//
// and stop it with srv.Shutdown on SIGINT/SIGTERM. The site is read-only
// but not access-controlled: listen on loopback or behind a proxy.
package web
