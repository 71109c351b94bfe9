package crawler

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Sentinel errors callers branch on with errors.Is.
var (
	// ErrTooLarge: the response body (after decoding) is over the configured cap.
	// Such a body is dropped, never truncated.
	ErrTooLarge = errors.New("crawler: response body too large")
	// ErrRobotsDisallowed: robots.txt forbids the URL for our user agent.
	ErrRobotsDisallowed = errors.New("crawler: disallowed by robots.txt")
	// ErrPrivateAddress: the dialled address is loopback, private, link-local, ...
	// and private networks were not allowed.
	ErrPrivateAddress = errors.New("crawler: refusing to connect to a private or local address")
	// ErrScheme: only http and https URLs are fetched.
	ErrScheme = errors.New("crawler: only http and https URLs are allowed")
	// ErrNotHTML: the response is not an HTML (or, where expected, XML/feed) document.
	ErrNotHTML = errors.New("crawler: not an HTML document")
	// ErrTooManyRedirects: the redirect limit was hit or a redirect loop was found.
	ErrTooManyRedirects = errors.New("crawler: too many redirects")
	// ErrDomain: the URL's host is not in the source's allowed domains.
	ErrDomain = errors.New("crawler: host not in allowed domains")

	// errUnexpectedNotModified: a 304 to a request that sent no validators;
	// there is nothing it could refer to.
	errUnexpectedNotModified = errors.New("crawler: unexpected 304 Not Modified to a request without validators")
)

// HTTPError is a non-2xx response. RetryAfter is the server's Retry-After
// hint (0 when absent).
type HTTPError struct {
	Status     int
	RetryAfter time.Duration
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("crawler: http %d %s", e.Status, http.StatusText(e.Status))
}
