package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"newscrawl/store"
)

// Article results, the values of the "result" label of
// newscrawl_articles_total.
const (
	ResultNew       = "new"
	ResultUpdated   = "updated"
	ResultUnchanged = "unchanged"
	ResultDuplicate = "duplicate" // a new article whose text nearly equals an earlier one
)

// Metrics are the crawler's Prometheus metrics, in a registry of their own
// (never the global default one). Every method is safe for concurrent use
// and a nil *Metrics ignores every call, so callers need no nil checks.
type Metrics struct {
	reg         *prometheus.Registry
	pages       *prometheus.CounterVec
	articles    *prometheus.CounterVec
	failures    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	lastSuccess *prometheus.GaugeVec
	passes      *prometheus.CounterVec
}

// NewMetrics makes the metrics and a private registry holding them, plus the
// Go runtime and process collectors.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		pages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newscrawl_pages_fetched_total",
			Help: "HTTP responses received for pages, feeds and sitemaps, by source and status class (2xx..5xx; none: no response).",
		}, []string{"source", "status_class"}),
		articles: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newscrawl_articles_total",
			Help: "Articles saved, by source and result (new, updated, unchanged, duplicate).",
		}, []string{"source", "result"}),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newscrawl_failures_total",
			Help: "Failed URLs, by source and reason (timeout, too_large, robots, not_html, http_4xx, http_5xx, network, parse, no_article, other).",
		}, []string{"source", "reason"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "newscrawl_fetch_duration_seconds",
			Help:    "Time from request to full response body, by source.",
			Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 60},
		}, []string{"source"}),
		lastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "newscrawl_source_last_success_timestamp_seconds",
			Help: "Unix time of the end of the source's last pass in which a server answered.",
		}, []string{"source"}),
		passes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newscrawl_passes_total",
			Help: "Crawl passes finished, by source and result (ok: a server answered; failed: none did).",
		}, []string{"source", "result"}),
	}
	m.reg.MustRegister(m.pages, m.articles, m.failures, m.latency, m.lastSuccess, m.passes,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registry is the private registry, for callers that add metrics of their own.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in the Prometheus text format (and OpenMetrics
// when asked for). A nil *Metrics serves 404.
func (m *Metrics) Handler() http.Handler {
	if m == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg, EnableOpenMetrics: true})
}

// PageFetched counts one HTTP response (status 0: the request got none, as
// on a network error or timeout) and observes how long it took.
func (m *Metrics) PageFetched(source string, status int, d time.Duration) {
	if m == nil {
		return
	}
	m.pages.WithLabelValues(source, StatusClass(status)).Inc()
	m.latency.WithLabelValues(source).Observe(d.Seconds())
}

// ArticleSaved counts one saved article; result is one of the Result*
// constants (see SavedResult).
func (m *Metrics) ArticleSaved(source, result string) {
	if m == nil {
		return
	}
	m.articles.WithLabelValues(source, result).Inc()
}

// Failure counts one failed URL; reason is one of Reasons (see Reason).
// An unknown reason is counted as "other", so the label set stays small.
func (m *Metrics) Failure(source, reason string) {
	if m == nil {
		return
	}
	if !knownReason(reason) {
		reason = ReasonOther
	}
	m.failures.WithLabelValues(source, reason).Inc()
}

// PassDone counts a finished pass of one source; ok means a server answered
// during it (crawler.PassResult.Reached), and then at becomes the source's
// last success time.
func (m *Metrics) PassDone(source string, at time.Time, ok bool) {
	if m == nil {
		return
	}
	result := "failed"
	if ok {
		result = "ok"
		m.lastSuccess.WithLabelValues(source).Set(float64(at.Unix()))
	}
	m.passes.WithLabelValues(source, result).Inc()
}

// SavedResult maps what store.SaveArticle returned to an article result:
// a new article with DuplicateOf set is a duplicate.
func SavedResult(s store.Saved) string {
	switch s.Status {
	case store.New:
		if s.DuplicateOf != 0 {
			return ResultDuplicate
		}
		return ResultNew
	case store.Updated:
		return ResultUpdated
	default:
		return ResultUnchanged
	}
}

// StatusClass is the status_class label of an HTTP status: "2xx" to "5xx",
// "1xx", or "none" for 0 (no response) and anything out of range.
func StatusClass(status int) string {
	if status < 100 || status > 599 {
		return "none"
	}
	return strconv.Itoa(status/100) + "xx"
}
