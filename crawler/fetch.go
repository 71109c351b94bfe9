package crawler

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"newscrawl/config"
)

// defaultMaxRedirects is FetchOptions.MaxRedirects left zero, and the
// crawler's limit.
const defaultMaxRedirects = 10

const acceptHTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"

// FetchOptions configures a one-off Fetch. Zero values take the defaults
// of CONTRACT.md, as a config source does (config.DefaultTimeout 20s,
// config.DefaultMaxBody 10MB), and 10 redirects.
type FetchOptions struct {
	UserAgent    string
	Timeout      time.Duration
	MaxBody      int64
	MaxRedirects int
	AllowPrivate bool

	guard func(netip.AddrPort) error // tests: the address check (nil: guardAddr)
}

func (o FetchOptions) withDefaults() FetchOptions {
	if o.Timeout <= 0 {
		o.Timeout = config.DefaultTimeout
	}
	if o.MaxBody <= 0 {
		o.MaxBody = config.DefaultMaxBody
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = defaultMaxRedirects
	}
	if o.UserAgent == "" {
		o.UserAgent = config.DefaultUserAgent
	}
	return o
}

// redirectPolicy follows at most max redirects, only to http(s), and names
// the loop when a URL comes back.
func redirectPolicy(max int) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if err := checkScheme(req.URL.Scheme); err != nil {
			return fmt.Errorf("crawler: redirect to %s: %w", req.URL, err)
		}
		u := req.URL.String()
		if slices.ContainsFunc(via, func(r *http.Request) bool { return r.URL.String() == u }) {
			if u == via[0].URL.String() {
				return fmt.Errorf("%w: redirect loop back to the requested URL after %d hops", ErrTooManyRedirects, len(via))
			}
			return fmt.Errorf("%w: redirect loop back to %s after %d hops", ErrTooManyRedirects, u, len(via))
		}
		if len(via) > max {
			return fmt.Errorf("%w: more than %d redirects (last %s)", ErrTooManyRedirects, max, u)
		}
		return nil
	}
}

// Fetch gets one HTML page for `newscrawl fetch`: redirects followed up to
// MaxRedirects, a body over MaxBody is ErrTooLarge (never truncated, also
// after gzip decoding), a non-2xx status is *HTTPError, a body that is not
// HTML (by header and by sniffing) is ErrNotHTML, and unless AllowPrivate
// loopback/private/link-local addresses are refused (ErrPrivateAddress).
func Fetch(ctx context.Context, opts FetchOptions, rawURL string) (*Page, error) {
	opts = opts.withDefaults()
	quoted := strconv.Quote(rawURL)
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, &FetchError{quoted, unwrapURLError(err)}
	}
	if err := checkScheme(u.Scheme); err != nil {
		return nil, &FetchError{quoted, err}
	}
	if u.Host == "" {
		return nil, &FetchError{quoted, errors.New("no host")}
	}
	tr := newTransport(opts.AllowPrivate, opts.guard)
	defer tr.CloseIdleConnections()
	client := &http.Client{
		Transport:     gunzipTransport{tr},
		Timeout:       opts.Timeout,
		CheckRedirect: redirectPolicy(opts.MaxRedirects),
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, &FetchError{quoted, err}
	}
	req.Header.Set("User-Agent", opts.UserAgent)
	req.Header.Set("Accept", acceptHTML)
	resp, err := client.Do(req)
	if err != nil {
		return nil, &FetchError{rawURL, unwrapURLError(err)}
	}
	defer resp.Body.Close()
	final := resp.Request.URL.String()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, &FetchError{final, &HTTPError{
			Status:     resp.StatusCode,
			RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()),
		}}
	}
	if resp.ContentLength > opts.MaxBody {
		return nil, &FetchError{final, fmt.Errorf("%w (Content-Length %d over %d bytes)", ErrTooLarge, resp.ContentLength, opts.MaxBody)}
	}
	if mt := mediaType(resp.Header.Get("Content-Type")); binaryType(mt) {
		return nil, &FetchError{final, fmt.Errorf("%w: content type %s", ErrNotHTML, mt)}
	}
	body, err := readCapped(resp.Body, opts.MaxBody)
	if err != nil {
		return nil, &FetchError{final, err}
	}
	if err := checkHTML(resp.Header.Get("Content-Type"), body); err != nil {
		return nil, &FetchError{final, err}
	}
	resp.Header.Set("Content-Type", htmlContentType(resp.Header.Get("Content-Type")))
	return &Page{
		URL:       rawURL,
		FinalURL:  final,
		Status:    resp.StatusCode,
		Header:    resp.Header,
		Body:      body,
		FetchedAt: time.Now().UTC(),
	}, nil
}

// FetchError is an error of Fetch, printed as one line that names the
// package and the URL once: "crawler: fetch https://x/y: too large (over
// 10000000 bytes)". Unwrap keeps the chain for errors.Is and errors.As.
type FetchError struct {
	URL string // the URL the error is about (the final one after redirects), quoted when it did not parse or is not http(s)
	Err error
}

func (e *FetchError) Error() string { return "crawler: fetch " + e.URL + ": " + e.Reason() }
func (e *FetchError) Unwrap() error { return e.Err }

// Reason is the error without the URL: what went wrong.
func (e *FetchError) Reason() string { return fetchReason(e.Err) }

// fetchReason words err without the package prefixes of the layers below
// and without the dial repeating its address.
func fetchReason(err error) string {
	var op *net.OpError
	if errors.Is(err, ErrPrivateAddress) && errors.As(err, &op) && op.Addr != nil {
		return fmt.Sprintf("%s (%s)", strings.TrimPrefix(ErrPrivateAddress.Error(), "crawler: "), op.Addr)
	}
	msg := strings.ReplaceAll(err.Error(), "crawler: ", "")
	if errors.Is(err, ErrTooLarge) {
		msg = strings.Replace(msg, strings.TrimPrefix(ErrTooLarge.Error(), "crawler: "), "too large", 1)
	}
	return msg
}

// unwrapURLError drops the *url.Error layer ("Get \"...\": ...") whose text
// repeats the URL; the chain below it stays intact for errors.Is.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return fmt.Errorf("timeout: %w", ue.Err)
		}
		return ue.Err
	}
	return err
}
