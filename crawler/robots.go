package crawler

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// maxCrawlDelay caps a robots.txt Crawl-delay: a site asking for more is
// crawled at this pace (and the cap is logged).
const maxCrawlDelay = 30 * time.Second

// robotsFile is a robots.txt response kept for the pass.
type robotsFile struct {
	status int
	body   []byte
}

// robotsCacheTransport answers GET /robots.txt from the copy we already
// fetched through the per-host limiter. colly's own robots check fetches
// robots.txt with a bare client.Do, outside its LimitRule; served from here,
// that check costs no request, so every request that reaches a host is one
// counted by the host's limit.
type robotsCacheTransport struct {
	next  http.RoundTripper
	mu    sync.Mutex
	files map[string]robotsFile // by URL host (with port)
}

func newRobotsCache(next http.RoundTripper) *robotsCacheTransport {
	return &robotsCacheTransport{next: next, files: make(map[string]robotsFile)}
}

func (t *robotsCacheTransport) put(host string, f robotsFile) {
	t.mu.Lock()
	t.files[host] = f
	t.mu.Unlock()
}

func (t *robotsCacheTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodGet && req.URL.Path == "/robots.txt" && req.URL.RawQuery == "" {
		t.mu.Lock()
		f, ok := t.files[req.URL.Host]
		t.mu.Unlock()
		if ok {
			return &http.Response{
				Status:        strconv.Itoa(f.status) + " " + http.StatusText(f.status),
				StatusCode:    f.status,
				Proto:         "HTTP/1.1",
				ProtoMajor:    1,
				ProtoMinor:    1,
				Header:        http.Header{"Content-Type": {"text/plain; charset=utf-8"}},
				Body:          io.NopCloser(bytes.NewReader(f.body)),
				ContentLength: int64(len(f.body)),
				Request:       req,
				Uncompressed:  true,
			}, nil
		}
	}
	return t.next.RoundTrip(req)
}
