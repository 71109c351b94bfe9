package web

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"slices"
	"strings"
	"syscall"

	"github.com/mmcdole/gofeed"

	"newscrawl/crawler"
	"newscrawl/readability"
)

// Failure reasons, the values of the "reason" label of newscrawl_failures_total.
const (
	ReasonTimeout   = "timeout"
	ReasonTooLarge  = "too_large"
	ReasonRobots    = "robots"
	ReasonNotHTML   = "not_html"
	ReasonHTTP4xx   = "http_4xx"
	ReasonHTTP5xx   = "http_5xx"
	ReasonNetwork   = "network"
	ReasonParse     = "parse"
	ReasonNoArticle = "no_article"
	ReasonOther     = "other"
)

// Reasons is the fixed set of failure reasons.
var Reasons = []string{ReasonTimeout, ReasonTooLarge, ReasonRobots, ReasonNotHTML, ReasonHTTP4xx,
	ReasonHTTP5xx, ReasonNetwork, ReasonParse, ReasonNoArticle, ReasonOther}

func knownReason(r string) bool { return slices.Contains(Reasons, r) }

// Reason maps a failed fetch to one of Reasons. err is what the fetch or
// extraction returned (it may be nil when only a status is known); status is
// the HTTP status, 0 when there was no response. The error decides first,
// by errors.Is/As on the crawler's and readability's sentinels; then the
// status.
func Reason(err error, status int) string {
	var (
		he *crawler.HTTPError
		ne net.Error
		ue *url.Error
		xe *xml.SyntaxError
		je *json.SyntaxError
	)
	switch {
	case err == nil:
	case errors.Is(err, crawler.ErrTooLarge):
		return ReasonTooLarge
	case errors.Is(err, crawler.ErrRobotsDisallowed):
		return ReasonRobots
	case errors.Is(err, crawler.ErrNotHTML):
		return ReasonNotHTML
	case errors.Is(err, readability.ErrNoArticle):
		return ReasonNoArticle
	case errors.As(err, &he):
		if r := statusReason(he.Status); r != "" {
			return r
		}
		return ReasonOther
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded),
		errors.As(err, &ne) && ne.Timeout():
		return ReasonTimeout
	case errors.As(err, &xe), errors.As(err, &je), errors.Is(err, gofeed.ErrFeedTypeNotDetected),
		errors.As(err, &ue) && ue.Op == "parse":
		return ReasonParse
	case errors.Is(err, crawler.ErrPrivateAddress), errors.Is(err, crawler.ErrDomain),
		errors.Is(err, crawler.ErrScheme), errors.Is(err, crawler.ErrTooManyRedirects),
		errors.Is(err, context.Canceled):
		return ReasonOther
	case errors.As(err, &ne), errors.As(err, &ue), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED):
		return ReasonNetwork
	}
	if r := statusReason(status); r != "" {
		return r
	}
	return ReasonOther
}

func statusReason(status int) string {
	switch {
	case status >= 400 && status <= 499:
		return ReasonHTTP4xx
	case status >= 500 && status <= 599:
		return ReasonHTTP5xx
	}
	return ""
}

// ReasonFromMessage maps a failures-table row (its status and error text,
// as crawler.Sink.RecordFailure receives them) to one of Reasons. The
// crawler writes the reason first ("http 404 Not Found", "robots: ...",
// "too large: ...", "not html: ...", "timeout ...", "parse error: ...");
// this reads that prefix. Prefer Reason where the error value is at hand.
func ReasonFromMessage(status int, msg string) string {
	m := strings.ToLower(strings.TrimSpace(msg))
	if strings.Contains(m, "no article found") { // readability.ErrNoArticle, also under "parse error:"
		return ReasonNoArticle
	}
	prefixes := []struct{ prefix, reason string }{
		{"timeout", ReasonTimeout},
		{"too large", ReasonTooLarge},
		{"robots", ReasonRobots},
		{"not html", ReasonNotHTML},
		{"parse error", ReasonParse},
	}
	for _, p := range prefixes {
		if strings.HasPrefix(m, p.prefix) {
			return p.reason
		}
	}
	if r := statusReason(status); r != "" {
		return r
	}
	var code int
	if _, err := fmt.Sscanf(m, "http %d", &code); err == nil {
		if r := statusReason(code); r != "" {
			return r
		}
	}
	for _, s := range []string{"connection refused", "connection reset", "no such host", "network is unreachable", "eof", "tls:", "dial "} {
		if strings.Contains(m, s) {
			return ReasonNetwork
		}
	}
	if strings.Contains(m, "deadline exceeded") || strings.Contains(m, "timeout") {
		return ReasonTimeout
	}
	return ReasonOther
}
