package crawler

import (
	"net/http"
	"time"
)

// Page is one fetched HTML document, the seam between fetching and extraction.
type Page struct {
	Source    string // config source name; "" for a one-off fetch
	URL       string // the URL requested
	FinalURL  string // the URL after redirects
	Status    int
	Header    http.Header
	Body      []byte // the whole body, never truncated
	FetchedAt time.Time
}
