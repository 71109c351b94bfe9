package web

import (
	"context"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

func TestServe(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	addr, stop, err := Serve(ctx, "127.0.0.1:0", NewServer(f.db, NewMetrics(), testLogger(t)), testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + addr.String()
	resp, err := http.Get(url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "ok\n" {
		t.Fatalf("/healthz: %d %q", resp.StatusCode, body)
	}

	// The port is taken now: a second Serve on it fails at once.
	if _, _, err := Serve(ctx, addr.String(), http.NotFoundHandler(), testLogger(t)); err == nil {
		t.Fatal("Serve on a taken port: no error")
	}

	if err := stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if err := stop(); err != nil {
		t.Fatalf("second stop: %v", err)
	}
	if _, err := net.DialTimeout("tcp", addr.String(), time.Second); err == nil {
		t.Fatal("still accepting connections after stop")
	}
}

func TestServeStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	addr, stop, err := Serve(ctx, "127.0.0.1:0", http.NotFoundHandler(), testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := stop(); err != nil { // waits for the shutdown the cancel started
		t.Fatalf("stop: %v", err)
	}
	if _, err := net.DialTimeout("tcp", addr.String(), time.Second); err == nil {
		t.Fatal("still accepting connections after the context ended")
	}
}

func TestServeBadAddress(t *testing.T) {
	if _, _, err := Serve(context.Background(), "127.0.0.1:notaport", http.NotFoundHandler(), testLogger(t)); err == nil {
		t.Fatal("Serve on a bad address: no error")
	}
}
