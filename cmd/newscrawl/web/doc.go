// Package web is newscrawl's HTTP listener (`newscrawl run --listen ADDR`):
// Prometheus metrics of the crawler (Metrics, counted through Sink), a
// /healthz probe, and a small read-only site over the database (NewServer):
// the latest articles per source, full-text search, and each article's clean
// text with its duplicates. Pages are rendered on the server with
// html/template from embedded templates; there is no JavaScript, and article
// HTML is never rendered (the clean text is shown as paragraphs).
//
// Serve runs the handler with bounded timeouts (ReadHeaderTimeout 5 s,
// ReadTimeout 10 s, WriteTimeout 30 s, IdleTimeout 60 s, 16 KiB of headers)
// and shuts it down gracefully. A caller that runs its own http.Server
// should set the same:
//
//	srv := &http.Server{
//		Addr:              "127.0.0.1:9090",
//		Handler:           web.NewServer(db, metrics, logger),
//		ReadHeaderTimeout: web.ReadHeaderTimeout,
//		ReadTimeout:       web.ReadTimeout,
//		WriteTimeout:      web.WriteTimeout,
//		IdleTimeout:       web.IdleTimeout,
//		MaxHeaderBytes:    web.MaxHeaderBytes,
//	}
//
// The site is read-only but has no access control: listen on loopback or
// behind a proxy.
package web
