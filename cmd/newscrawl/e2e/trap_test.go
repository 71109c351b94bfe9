package e2e

import (
	"bytes"
	"fmt"
	"net/http"
	"os/exec"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestSpiderTrap crawls a site where every page links to 1,000 pages never seen before (a
// calendar or faceted-search trap), with max_depth 3: a billion reachable URLs. The crawl is
// stopped with SIGTERM after a few seconds; until then its memory must stay bounded (the
// frontier may not grow with every link it has not fetched yet), and it must stop promptly.
func TestSpiderTrap(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for several seconds: skipped under -short")
	}
	s := newSite(t)
	var served atomic.Int64
	s.handle("/robots.txt", serveString("text/plain", "User-agent: *\nAllow: /\n"))
	s.handle("/", func(w http.ResponseWriter, r *http.Request) {
		n := served.Add(1)
		var b strings.Builder
		b.WriteString("<!DOCTYPE html><html><head><title>Calendar</title></head><body><ul>")
		for i := range 1000 {
			fmt.Fprintf(&b, `<li><a href="/day/%d-%d/?view=%d">day %d</a></li>`, n, i, i%7, i)
		}
		b.WriteString("</ul></body></html>")
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, b.String())
	})
	cfg, dbPath := writeConfig(t, fmt.Sprintf(`defaults:
  delay: 0s
  retries: 0
  timeout: 5s
  parallelism: 4
  max_depth: 3
  allow_private_networks: true
sources:
  - name: trap
    start_urls: [%q]
`, s.URL+"/"))
	cmd := exec.Command(bin, "crawl", "--config", cfg)
	cmd.Env = cleanEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	hwm := watchHWMOf(cmd.Process.Pid)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// Eight seconds, or less once the bound is broken: the point is made, and CI keeps its memory.
	stopAt := time.After(8 * time.Second)
wait:
	for {
		select {
		case err := <-done:
			// The frontier bound can end the pass by itself on a fast machine: fine, as long
			// as it ended well and said why.
			if err != nil {
				t.Fatalf("the crawl of an endless site failed: %v; stderr:\n%s", err, tail(stderr.String(), 2000))
			}
			done <- nil
			break wait
		case <-stopAt:
			break wait
		case <-time.After(100 * time.Millisecond):
			if hwm.PeakMB() > maxRSSMB {
				break wait
			}
		}
	}
	ran := time.Since(start)
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Errorf("crawl still running 10s after SIGTERM")
	}
	peak := hwm.Stop()
	pages := served.Load()
	t.Logf("spider trap: %d pages served in %s (%d links seen), peak RSS %.1f MB", pages, ran.Round(100*time.Millisecond), pages*1000, peak)
	checkDB(t, dbPath)
	if peak > maxRSSMB {
		t.Errorf("a spider trap took the crawl past %.0f MB within %s: the frontier must stay bounded", peak, ran.Round(100*time.Millisecond))
	}
}
