package crawler

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"

	"newscrawl/config"
)

func TestBlockedAddr(t *testing.T) {
	tests := []struct {
		addr    string
		blocked bool
	}{
		{"127.0.0.1", true},
		{"127.8.9.10", true},
		{"::1", true},
		{"10.1.2.3", true},
		{"172.16.0.1", true},
		{"172.31.255.255", true},
		{"192.168.1.1", true},
		{"169.254.169.254", true}, // cloud metadata
		{"fe80::1", true},
		{"fc00::1", true},
		{"fd12:3456::1", true},
		{"0.0.0.0", true},
		{"::", true},
		{"224.0.0.1", true},
		{"ff02::1", true},
		{"100.64.0.1", true},
		{"100.127.255.254", true},
		{"255.255.255.255", true},
		{"::ffff:127.0.0.1", true},
		{"::ffff:10.0.0.1", true},
		{"64:ff9b::a9fe:a9fe", true}, // NAT64 of 169.254.169.254
		{"93.184.216.34", false},
		{"8.8.8.8", false},
		{"172.32.0.1", false},
		{"100.128.0.1", false},
		{"2606:4700::1111", false},
		{"64:ff9b::808:808", false}, // NAT64 of 8.8.8.8
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			if got := blockedAddr(netip.MustParseAddr(tt.addr)); got != tt.blocked {
				t.Errorf("blockedAddr(%s) = %v, want %v", tt.addr, got, tt.blocked)
			}
		})
	}
}

func TestTransportRefusesLoopback(t *testing.T) {
	site := newTestSite(t)
	get := func(allow bool) error {
		client := &http.Client{Transport: NewTransport(allow)}
		req, _ := http.NewRequestWithContext(context.Background(), "GET", site.U("/robots.txt"), nil)
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	if err := get(false); !errors.Is(err, ErrPrivateAddress) {
		t.Errorf("default transport to %s: err = %v, want ErrPrivateAddress", site.URL, err)
	}
	if n := site.Hits("/robots.txt"); n != 0 {
		t.Errorf("refused request still reached the server %d times", n)
	}
	if err := get(true); err != nil {
		t.Errorf("allowPrivate transport: %v", err)
	}
	if n := site.Hits("/robots.txt"); n != 1 {
		t.Errorf("allowed request: %d hits, want 1", n)
	}
}

func TestTransportRefusesLocalhostName(t *testing.T) {
	// The check runs after DNS: a name resolving to loopback is refused too.
	site := newTestSite(t)
	u := "http://localhost:" + site.srv.Listener.Addr().(interface{ String() string }).String()[len("127.0.0.1:"):] + "/robots.txt"
	client := &http.Client{Transport: NewTransport(false)}
	resp, err := client.Get(u)
	if err == nil {
		resp.Body.Close()
	}
	if !errors.Is(err, ErrPrivateAddress) {
		t.Errorf("GET %s: err = %v, want ErrPrivateAddress", u, err)
	}
}

func TestTransportNoProxyFromEnv(t *testing.T) {
	t.Setenv("HTTP_PROXY", "http://proxy.invalid:3128")
	if tr := NewTransport(false); tr.Proxy != nil {
		t.Error("transport takes a proxy from the environment")
	}
	if tr := NewTransport(false); tr.MaxResponseHeaderBytes <= 0 || tr.TLSHandshakeTimeout <= 0 {
		t.Error("transport has no header size limit or TLS handshake timeout")
	}
}

// TestAllowedHostIDN: the config keeps allowed domains in ASCII; a link
// or start URL that writes the name in Unicode is the same host.
func TestAllowedHostIDN(t *testing.T) {
	f := &fetcher{allowed: []string{"xn--bcher-kva.example"}}
	for host, want := range map[string]bool{
		"bücher.example":             true,
		"news.bücher.example":        true,
		"xn--bcher-kva.example":      true,
		"BÜCHER.example.":            true,
		"other.example":              false,
		"xn--bcher-kva.example.evil": false,
	} {
		if got := f.allowedHost(host); got != want {
			t.Errorf("allowedHost(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestCanonicalHost(t *testing.T) {
	tests := []struct{ scheme, in, want string }{
		{"http", "Example.COM", "example.com"},
		{"http", "example.com:80", "example.com"},
		{"https", "example.com:443", "example.com"},
		{"http", "example.com:443", "example.com:443"},
		{"http", "example.com.:8080", "example.com:8080"},
		{"http", "[::1]:80", "[::1]"},
		{"http", "[::1]:8080", "[::1]:8080"},
		{"http", "127.0.0.1:5000", "127.0.0.1:5000"},
		{"https", "Bücher.example:443", "xn--bcher-kva.example"},
		{"http", "bücher.example", "xn--bcher-kva.example"},
	}
	for _, tt := range tests {
		if got := canonicalHost(tt.scheme, tt.in); got != tt.want {
			t.Errorf("canonicalHost(%s, %s) = %s, want %s", tt.scheme, tt.in, got, tt.want)
		}
	}
}

// exemptPort lets dials to one port through and checks every other address
// with the real guard: a stand-in for a public first hop on a machine that
// only has loopback.
func exemptPort(srv *httptest.Server) func(netip.AddrPort) error {
	ap := netip.MustParseAddrPort(srv.Listener.Addr().String())
	return func(a netip.AddrPort) error {
		if a.Port() == ap.Port() {
			return nil
		}
		return guardAddr(a)
	}
}

// A page that is allowed (its first hop public) redirecting to loopback is
// refused at the redirect target's dial, by Fetch and by a pass, unless
// private networks are allowed.
func TestRedirectToLoopbackRefused(t *testing.T) {
	target := newTestSite(t)
	var firstHits atomic.Int64
	first := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		firstHits.Add(1)
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		http.Redirect(w, r, target.U("/2026/11/port-strike-enters-second-week.html"), http.StatusFound)
	}))
	t.Cleanup(first.Close)
	guard := exemptPort(first)

	t.Run("Fetch", func(t *testing.T) {
		_, err := Fetch(context.Background(), FetchOptions{guard: guard}, first.URL+"/go")
		if !errors.Is(err, ErrPrivateAddress) {
			t.Errorf("Fetch: err = %v, want ErrPrivateAddress", err)
		}
		if firstHits.Load() == 0 {
			t.Fatal("the first hop was not reached: the test tests nothing")
		}
		if reqs := target.Requests(); len(reqs) != 0 {
			t.Errorf("redirect target on loopback reached: %v", reqs)
		}
		// The same redirect is followed when private networks are allowed.
		if _, err := Fetch(context.Background(), FetchOptions{guard: guard, AllowPrivate: true}, first.URL+"/go"); err != nil {
			t.Errorf("Fetch with AllowPrivate: %v", err)
		}
	})
	t.Run("Pass", func(t *testing.T) {
		before := len(target.Requests())
		src := testSource(nil, "redirect")
		src.StartURLs = []string{first.URL + "/go"}
		src.AllowPrivateNetworks = false
		src.Retries = 0
		tc := newTestCrawler(t, []config.Source{src})
		tc.c.dialGuard = guard
		tc.pass(t)
		if reqs := target.Requests()[before:]; len(reqs) != 0 {
			t.Errorf("redirect target on loopback reached: %v", reqs)
		}
		fails := tc.column(t, "SELECT error FROM failures")
		if len(fails) != 1 || !strings.Contains(fails[0], "private") {
			t.Errorf("failures %q, want one naming the private address", fails)
		}
	})
}
