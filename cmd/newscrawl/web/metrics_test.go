package web

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"newscrawl/crawler"
	"newscrawl/readability"
	"newscrawl/store"
)

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("/metrics: status %d", rec.Code)
	}
	b, _ := io.ReadAll(rec.Result().Body)
	return string(b)
}

func TestMetricsExposed(t *testing.T) {
	m := NewMetrics()
	at := time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC)
	m.PageFetched("coast", 200, 300*time.Millisecond)
	m.PageFetched("coast", 503, 2*time.Second)
	m.PageFetched("coast", 0, 20*time.Second)
	m.ArticleSaved("coast", ResultNew)
	m.ArticleSaved("coast", SavedResult(store.Saved{Status: store.New, DuplicateOf: 1}))
	m.Failure("coast", ReasonTimeout)
	m.Failure("coast", "made-up reason")
	m.PassDone("coast", at, true)
	m.PassDone("wire", at, false)
	body := scrape(t, m)
	for _, want := range []string{
		`newscrawl_pages_fetched_total{source="coast",status_class="2xx"} 1`,
		`newscrawl_pages_fetched_total{source="coast",status_class="5xx"} 1`,
		`newscrawl_pages_fetched_total{source="coast",status_class="none"} 1`,
		`newscrawl_articles_total{result="new",source="coast"} 1`,
		`newscrawl_articles_total{result="duplicate",source="coast"} 1`,
		`newscrawl_failures_total{reason="timeout",source="coast"} 1`,
		`newscrawl_failures_total{reason="other",source="coast"} 1`,
		`newscrawl_fetch_duration_seconds_bucket{source="coast",le="0.5"} 1`,
		`newscrawl_fetch_duration_seconds_count{source="coast"} 3`,
		`newscrawl_source_last_success_timestamp_seconds{source="coast"} 1.7499888e+09`,
		`newscrawl_passes_total{result="ok",source="coast"} 1`,
		`newscrawl_passes_total{result="failed",source="wire"} 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if strings.Contains(body, `newscrawl_source_last_success_timestamp_seconds{source="wire"}`) {
		t.Errorf("a failed pass set the last success time")
	}
	if strings.Contains(body, "made-up") {
		t.Errorf("an unknown reason became a label value")
	}
}

// Two Metrics never share a registry (no global state).
func TestMetricsPrivateRegistry(t *testing.T) {
	a, b := NewMetrics(), NewMetrics()
	a.ArticleSaved("x", ResultNew)
	if strings.Contains(scrape(t, b), "newscrawl_articles_total") {
		t.Fatal("counts of one Metrics show in another")
	}
}

func TestNilMetricsMethods(t *testing.T) {
	var m *Metrics
	m.PageFetched("s", 200, time.Second)
	m.ArticleSaved("s", ResultNew)
	m.Failure("s", ReasonOther)
	m.PassDone("s", time.Now(), true)
}

func TestSavedResult(t *testing.T) {
	tests := []struct {
		in   store.Saved
		want string
	}{
		{store.Saved{Status: store.New}, ResultNew},
		{store.Saved{Status: store.New, DuplicateOf: 3}, ResultDuplicate},
		{store.Saved{Status: store.Updated}, ResultUpdated},
		{store.Saved{Status: store.Updated, DuplicateOf: 3}, ResultUpdated},
		{store.Saved{Status: store.Unchanged}, ResultUnchanged},
	}
	for _, tt := range tests {
		if got := SavedResult(tt.in); got != tt.want {
			t.Errorf("SavedResult(%+v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStatusClass(t *testing.T) {
	for in, want := range map[int]string{0: "none", 99: "none", 200: "2xx", 304: "3xx", 404: "4xx", 599: "5xx", 600: "none", -1: "none"} {
		if got := StatusClass(in); got != want {
			t.Errorf("StatusClass(%d) = %q, want %q", in, got, want)
		}
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestReason(t *testing.T) {
	var xe *xml.SyntaxError = &xml.SyntaxError{Msg: "bad", Line: 1}
	tests := []struct {
		name   string
		err    error
		status int
		want   string
	}{
		{"too large", fmt.Errorf("crawler: get x: %w (over 10 bytes)", crawler.ErrTooLarge), 200, ReasonTooLarge},
		{"robots", crawler.ErrRobotsDisallowed, 0, ReasonRobots},
		{"not html", fmt.Errorf("%w: content type image/png", crawler.ErrNotHTML), 200, ReasonNotHTML},
		{"no article", fmt.Errorf("parse error: %w", readability.ErrNoArticle), 200, ReasonNoArticle},
		{"http 404", fmt.Errorf("crawler: fetch x: %w", &crawler.HTTPError{Status: 404}), 404, ReasonHTTP4xx},
		{"http 503", &crawler.HTTPError{Status: 503, RetryAfter: time.Second}, 0, ReasonHTTP5xx},
		{"http 304 error", &crawler.HTTPError{Status: 304}, 304, ReasonOther},
		{"deadline", fmt.Errorf("get: %w", context.DeadlineExceeded), 0, ReasonTimeout},
		{"os deadline", os.ErrDeadlineExceeded, 0, ReasonTimeout},
		{"net timeout", &url.Error{Op: "Get", URL: "http://x", Err: timeoutErr{}}, 0, ReasonTimeout},
		{"refused", &url.Error{Op: "Get", URL: "http://x", Err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}}, 0, ReasonNetwork},
		{"reset", fmt.Errorf("read: %w", syscall.ECONNRESET), 0, ReasonNetwork},
		{"unexpected eof", fmt.Errorf("body: %w", io.ErrUnexpectedEOF), 200, ReasonNetwork},
		{"dns", &net.DNSError{Err: "no such host", Name: "x.invalid"}, 0, ReasonNetwork},
		{"xml", fmt.Errorf("parse error: %w", xe), 200, ReasonParse},
		{"feed type", fmt.Errorf("parse error: %w", gofeed.ErrFeedTypeNotDetected), 200, ReasonParse},
		{"url parse", &url.Error{Op: "parse", URL: "::", Err: errors.New("missing protocol scheme")}, 0, ReasonParse},
		{"private", crawler.ErrPrivateAddress, 0, ReasonOther},
		{"redirects", crawler.ErrTooManyRedirects, 302, ReasonOther},
		{"status only 4xx", nil, 410, ReasonHTTP4xx},
		{"status only 5xx", nil, 500, ReasonHTTP5xx},
		{"unknown with 5xx status", errors.New("weird"), 502, ReasonHTTP5xx},
		{"unknown", errors.New("weird"), 0, ReasonOther},
		{"nothing", nil, 200, ReasonOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Reason(tt.err, tt.status); got != tt.want {
				t.Errorf("Reason(%v, %d) = %q, want %q", tt.err, tt.status, got, tt.want)
			}
		})
	}
}

// The messages are those the crawler writes into failures.error
// (crawler/pass.go failureMessage: the reason first, then detail).
func TestReasonFromMessage(t *testing.T) {
	tests := []struct {
		status int
		msg    string
		want   string
	}{
		{404, "http 404 Not Found", ReasonHTTP4xx},
		{0, "http 503 Service Unavailable after 3 tries", ReasonHTTP5xx},
		{0, "robots: disallowed by robots.txt", ReasonRobots},
		{200, "too large: body over max_body 1024", ReasonTooLarge},
		{200, "not html: content type application/pdf", ReasonNotHTML},
		{0, "timeout after 20s: context deadline exceeded", ReasonTimeout},
		{0, "timeout: get https://x/: context deadline exceeded", ReasonTimeout},
		{200, "parse error: readability: no article found", ReasonNoArticle},
		{200, "parse error: XML syntax error on line 1: unexpected EOF", ReasonParse},
		{0, "dial tcp 10.0.0.1:80: connect: connection refused", ReasonNetwork},
		{0, "lookup x.invalid: no such host", ReasonNetwork},
		{0, "host not in allowed domains", ReasonOther},
		{200, "save: store: article has no text", ReasonOther},
	}
	for _, tt := range tests {
		if got := ReasonFromMessage(tt.status, tt.msg); got != tt.want {
			t.Errorf("ReasonFromMessage(%d, %q) = %q, want %q", tt.status, tt.msg, got, tt.want)
		}
		if !knownReason(ReasonFromMessage(tt.status, tt.msg)) {
			t.Errorf("ReasonFromMessage(%d, %q) is not in Reasons", tt.status, tt.msg)
		}
	}
}
