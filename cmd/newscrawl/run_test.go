package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRunListen(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	srv := newNewsSite(t, nil)
	cfg := writeConfig(t, map[string]string{"world": srv.URL + "/feeds/world.rss"})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()

	done := make(chan result, 1)
	go func() {
		done <- newscrawlCtx(ctx, t, "run", "--config", cfg, "--listen", addr, "--log-level", "error")
	}()

	// Wait (not a timing assertion) until the first pass shows in the metrics.
	base := "http://" + addr
	var metrics string
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		select {
		case r := <-done:
			t.Fatalf("run ended early: exit %d, stderr:\n%s", r.code, r.stderr)
		default:
		}
		metrics, _ = get(base + "/metrics")
		if strings.Contains(metrics, `newscrawl_passes_total{result="ok",source="world"} 1`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no finished pass in /metrics:\n%s", metrics)
		}
	}
	for _, want := range []string{`newscrawl_articles_total{result="new",source="world"} 3`,
		`newscrawl_pages_fetched_total{source="world",status_class="2xx"}`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if body, code := get(base + "/healthz"); code != http.StatusOK {
		t.Errorf("/healthz: %d %q", code, body)
	}
	if body, code := get(base + "/"); code != http.StatusOK || !strings.Contains(body, "Central bank holds interest rates") {
		t.Errorf("/: %d, the latest articles are not listed:\n%.500s", code, body)
	}

	cancel() // SIGTERM
	if r := <-done; r.code != 0 {
		t.Errorf("run: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if _, code := get(base + "/healthz"); code != 0 {
		t.Errorf("the listener still answers after run ended (status %d)", code)
	}
}

// get fetches a URL: its body and status, 0 when nothing answered.
func get(u string) (string, int) {
	resp, err := http.Get(u)
	if err != nil {
		return "", 0
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b), resp.StatusCode
}
