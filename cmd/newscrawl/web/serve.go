package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// The http.Server settings Serve uses: no request can hold a connection
// for long, and a slow client cannot pile up goroutines.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 10 * time.Second
	WriteTimeout      = 30 * time.Second
	IdleTimeout       = 60 * time.Second
	MaxHeaderBytes    = 16 << 10
	// ShutdownTimeout is how long in-flight requests get when serving stops.
	ShutdownTimeout = 5 * time.Second
)

// Serve binds addr now, so that a bad or taken address is an error at
// startup, then serves h in the background with the timeouts above. Serving
// stops when ctx ends or stop is called; stop shuts the server down (in-flight
// requests get ShutdownTimeout), waits for it and is safe to call more than
// once. bound is the address actually bound (useful with port 0).
func Serve(ctx context.Context, addr string, h http.Handler, logger *slog.Logger) (bound net.Addr, stop func() error, err error) {
	if logger == nil {
		logger = slog.Default()
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("web: listen %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	var serveErr error // set before done is closed
	done := make(chan struct{})
	go func() {
		serveErr = srv.Serve(ln)
		close(done)
	}()
	logger.Info("listening", "addr", ln.Addr().String())

	var (
		once    sync.Once
		stopErr error
	)
	stop = func() error {
		once.Do(func() {
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ShutdownTimeout)
			defer cancel()
			err := srv.Shutdown(sctx)
			if errors.Is(err, context.DeadlineExceeded) {
				err = srv.Close()
			}
			<-done
			if serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
				err = errors.Join(err, serveErr)
			}
			if err != nil {
				stopErr = fmt.Errorf("web: serve %s: %w", ln.Addr(), err)
			}
		})
		return stopErr
	}
	go func() {
		select {
		case <-ctx.Done():
			stop()
		case <-done:
			if serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
				logger.Error("listener stopped", "addr", ln.Addr().String(), "error", serveErr)
			}
		}
	}()
	return ln.Addr(), stop, nil
}
