package crawler

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestFetch(t *testing.T) {
	site := newTestSite(t)
	site.HugeSize = 300 << 10
	opts := FetchOptions{UserAgent: "newscrawl-test", Timeout: 2 * time.Second, MaxBody: 200 << 10, AllowPrivate: true}
	tests := []struct {
		name    string
		path    string
		opts    func(FetchOptions) FetchOptions
		wantErr error
		check   func(t *testing.T, p *Page)
	}{
		{name: "article", path: "/2026/11/chipmaker-earnings.html", check: func(t *testing.T, p *Page) {
			if !strings.Contains(string(p.Body), "Chipmaker beats earnings") || p.Status != 200 {
				t.Errorf("status %d, body %.80q", p.Status, p.Body)
			}
		}},
		{name: "redirect followed", path: "/bad/redirect-to-article.html", check: func(t *testing.T, p *Page) {
			if !strings.HasSuffix(p.FinalURL, "/2026/11/election-observers-report.html") || !strings.HasSuffix(p.URL, "/bad/redirect-to-article.html") {
				t.Errorf("URL %s FinalURL %s", p.URL, p.FinalURL)
			}
		}},
		{name: "redirect loop", path: "/bad/loop-a.html", wantErr: ErrTooManyRedirects},
		{name: "too many redirects", path: "/bad/chain/5", opts: func(o FetchOptions) FetchOptions { o.MaxRedirects = 2; return o }},
		{name: "redirects within limit", path: "/bad/chain/2", opts: func(o FetchOptions) FetchOptions { o.MaxRedirects = 2; return o }, check: func(t *testing.T, p *Page) {
			if !strings.HasSuffix(p.FinalURL, "/bad/chain/0") {
				t.Errorf("FinalURL %s", p.FinalURL)
			}
		}},
		{name: "loopback refused by default", path: "/2026/11/chipmaker-earnings.html", opts: func(o FetchOptions) FetchOptions { o.AllowPrivate = false; return o }, wantErr: ErrPrivateAddress},
		{name: "huge with content-length", path: "/bad/huge.html", wantErr: ErrTooLarge},
		{name: "huge chunked", path: "/bad/huge-chunked.html", wantErr: ErrTooLarge},
		{name: "gzip bomb", path: "/bad/gzip-bomb.html", wantErr: ErrTooLarge},
		{name: "pdf", path: "/2026/11/annual-report.html", wantErr: ErrNotHTML},
		{name: "pdf labelled html", path: "/bad/pdf-as-html.html", wantErr: ErrNotHTML},
		{name: "missing image", path: "/img/none.jpg", wantErr: &HTTPError{}},
		{name: "image at an article URL", path: "/bad/image.html", wantErr: ErrNotHTML},
		{name: "octet-stream binary", path: "/bad/binary.html", wantErr: ErrNotHTML},
		{name: "html served as octet-stream", path: "/bad/html-as-octet-stream.html", check: func(t *testing.T, p *Page) {
			if !strings.Contains(string(p.Body), "<article>") || p.Header.Get("Content-Type") != "text/html" {
				t.Errorf("Content-Type %q, body %.80q", p.Header.Get("Content-Type"), p.Body)
			}
		}},
		{name: "not found", path: "/no/such/page.html", wantErr: &HTTPError{}},
		{name: "500", path: "/bad/always-500.html", wantErr: &HTTPError{}},
		{name: "timeout", path: "/bad/slow.html", opts: func(o FetchOptions) FetchOptions { o.Timeout = 100 * time.Millisecond; return o }, wantErr: context.DeadlineExceeded},
		{name: "trickle", path: "/bad/trickle.html", opts: func(o FetchOptions) FetchOptions { o.Timeout = 200 * time.Millisecond; return o }, wantErr: context.DeadlineExceeded},
		{name: "reset mid-body", path: "/bad/reset.html", wantErr: io.ErrUnexpectedEOF},
		{name: "windows-1251 bytes kept", path: "/ru/2026/11/moskva-metro.html", check: func(t *testing.T, p *Page) {
			if !strings.Contains(p.Header.Get("Content-Type"), "windows-1251") || strings.Contains(string(p.Body), "Москв") {
				t.Errorf("want raw windows-1251 bytes and header, got %q", p.Header.Get("Content-Type"))
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := opts
			if tt.opts != nil {
				o = tt.opts(o)
			}
			p, err := Fetch(context.Background(), o, site.U(tt.path))
			switch want := tt.wantErr.(type) {
			case nil:
				if tt.check == nil { // "too many redirects": an error naming the limit
					if !errors.Is(err, ErrTooManyRedirects) {
						t.Fatalf("err = %v, want ErrTooManyRedirects", err)
					}
					return
				}
				if err != nil {
					t.Fatalf("Fetch: %v", err)
				}
				tt.check(t, p)
			case *HTTPError:
				var he *HTTPError
				if !errors.As(err, &he) {
					t.Fatalf("err = %v, want *HTTPError", err)
				}
			default:
				if !errors.Is(err, want) {
					t.Fatalf("err = %v, want %v", err, want)
				}
				if !strings.HasPrefix(err.Error(), "crawler: ") {
					t.Errorf("error %q lacks the package prefix", err)
				}
			}
		})
	}
}

func TestFetchLoopErrorNamesTheLoop(t *testing.T) {
	site := newTestSite(t)
	_, err := Fetch(context.Background(), FetchOptions{AllowPrivate: true}, site.U("/bad/loop-a.html"))
	if err == nil || !strings.Contains(err.Error(), "loop") || !strings.Contains(err.Error(), "/bad/loop-a.html") {
		t.Errorf("err = %v, want a message naming the loop", err)
	}
}

func TestFetchScheme(t *testing.T) {
	for _, u := range []string{"file:///etc/passwd", "gopher://example.com/", "data:text/html,<p>hi", "ftp://example.com/x", "javascript:alert(1)"} {
		if _, err := Fetch(context.Background(), FetchOptions{}, u); !errors.Is(err, ErrScheme) {
			t.Errorf("Fetch(%q): err = %v, want ErrScheme", u, err)
		}
	}
}

func TestFetchRetryAfterReported(t *testing.T) {
	site := newTestSite(t)
	_, err := Fetch(context.Background(), FetchOptions{AllowPrivate: true}, site.U("/bad/ratelimited.html"))
	var he *HTTPError
	if !errors.As(err, &he) || he.Status != 429 || he.RetryAfter != time.Second {
		t.Errorf("err = %#v, want HTTPError 429 with RetryAfter 1s", err)
	}
}

// Fetch's errors read as one line that names the package and the URL once.
func TestFetchErrorText(t *testing.T) {
	site := newTestSite(t)
	site.HugeSize = 300 << 10
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	opts := FetchOptions{Timeout: 2 * time.Second, MaxBody: 200 << 10, AllowPrivate: true}
	tests := []struct {
		name string
		url  string
		opts func(FetchOptions) FetchOptions
		want string // {u}: the URL fetched, {s}: the site
	}{
		{"too large, chunked", site.U("/bad/huge-chunked.html"), nil, "crawler: fetch {u}: too large (over 204800 bytes)"},
		{"too large, gzip bomb", site.U("/bad/gzip-bomb.html"), nil, "crawler: fetch {u}: too large (over 204800 bytes)"},
		{"too large, Content-Length", site.U("/bad/huge.html"), nil, "crawler: fetch {u}: too large (Content-Length 307200 over 204800 bytes)"},
		{"not found", site.U("/no/such/page.html"), nil, "crawler: fetch {u}: http 404 Not Found"},
		{"pdf", site.U("/2026/11/annual-report.html"), nil, "crawler: fetch {u}: not an HTML document: content type application/pdf"},
		{"redirect loop", site.U("/bad/loop-a.html"), nil, "crawler: fetch {u}: too many redirects: redirect loop back to the requested URL after 2 hops"},
		{"reset mid-body", site.U("/bad/reset.html"), nil, "crawler: fetch {u}: read body: unexpected EOF"},
		{"private address", site.U("/"), func(o FetchOptions) FetchOptions { o.AllowPrivate = false; return o },
			"crawler: fetch {u}: refusing to connect to a private or local address ({s})"},
		{"connection refused", closed.URL + "/x", nil, "crawler: fetch {u}: dial tcp {c}: connect: connection refused"},
		{"scheme", "ftp://example.com/x", nil, `crawler: fetch "ftp://example.com/x": only http and https URLs are allowed: "ftp"`},
		{"no host", "http:///x", nil, `crawler: fetch "http:///x": no host`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := opts
			if tt.opts != nil {
				o = tt.opts(o)
			}
			_, err := Fetch(context.Background(), o, tt.url)
			want := strings.NewReplacer("{u}", tt.url, "{s}", strings.TrimPrefix(site.URL, "http://"),
				"{c}", strings.TrimPrefix(closed.URL, "http://")).Replace(tt.want)
			if err == nil || err.Error() != want {
				t.Errorf("error\n got %v\nwant %s", err, want)
			}
		})
	}
}
