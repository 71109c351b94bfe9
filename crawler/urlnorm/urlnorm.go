// Package urlnorm turns the many spellings of one web address into one
// canonical string. The crawler's visited set, the "already stored?" check
// and the store's key all use it, so the same article is never fetched or
// stored twice because of letter case, a default port, a fragment, tracking
// parameters or percent-encoding.
//
// All functions are pure and safe for concurrent use.
package urlnorm

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

var (
	// ErrScheme: the URL is not an absolute http or https URL with a host.
	ErrScheme = errors.New("urlnorm: not an http(s) URL with a host")
	// ErrHost: the host is not a valid host name or IP address.
	ErrHost = errors.New("urlnorm: bad host")
)

// idnaProfile maps and validates internationalised host names like a browser
// looking them up, but lets through the underscores real hosts use.
var idnaProfile = idna.New(
	idna.MapForLookup(),
	idna.StrictDomainName(false),
	idna.Transitional(false),
	idna.BidiRule(),
)

// Normalize returns the canonical form of an absolute http(s) URL:
//
//   - scheme and host in lower case, IDN hosts in punycode, no trailing dot,
//     IPv6 literals in their shortest form;
//   - no default port (:80 for http, :443 for https), no userinfo, no fragment;
//   - path "/" when empty, dot segments resolved, percent-encoding normalised
//     (unreserved characters decoded, everything else that needs escaping
//     escaped with upper-case hex, reserved characters left as they are);
//   - ";jsessionid=..." path parameters and tracking parameters removed (see IsTrackingParam), the remaining query
//     parameters sorted by name (stable for repeated names), no empty "?".
//
// Normalize(Normalize(x)) == Normalize(x). Errors wrap ErrScheme for anything
// but http(s) URLs with a host and ErrHost for hosts that are not host names.
func Normalize(raw string) (string, error) {
	u, err := url.Parse(preEscape(raw))
	if err != nil {
		return "", fmt.Errorf("urlnorm: parse %q: %w", raw, errors.Unwrap(err))
	}
	return normalizeURL(u, raw)
}

// Resolve resolves ref (an href as found in a page) against base and returns
// the normalised absolute URL. A nil base requires ref to be absolute.
func Resolve(base *url.URL, ref string) (string, error) {
	r, err := url.Parse(preEscape(ref))
	if err != nil {
		return "", fmt.Errorf("urlnorm: parse %q: %w", ref, errors.Unwrap(err))
	}
	if base != nil {
		r = base.ResolveReference(r)
	}
	return normalizeURL(r, ref)
}

func normalizeURL(u *url.URL, raw string) (string, error) {
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" || u.Opaque != "" || u.Host == "" {
		return "", fmt.Errorf("%w: %q", ErrScheme, raw)
	}
	host, err := normalizeHost(u.Host)
	if err != nil {
		return "", fmt.Errorf("%w %q: %v", ErrHost, raw, err)
	}
	if host == "" {
		return "", fmt.Errorf("%w: %q", ErrScheme, raw)
	}
	port := u.Port()
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n > 65535 {
			return "", fmt.Errorf("%w %q: bad port %q", ErrHost, raw, port)
		}
		port = strconv.Itoa(n)
		if scheme == "http" && n == 80 || scheme == "https" && n == 443 {
			port = ""
		}
	}
	var b strings.Builder
	b.Grow(len(raw))
	b.WriteString(scheme)
	b.WriteString("://")
	b.WriteString(host)
	if port != "" {
		b.WriteByte(':')
		b.WriteString(port)
	}
	p := removeDotSegments(stripSessionID(escapePart(u.EscapedPath(), pathChars)))
	if p == "" || p[0] != '/' {
		p = "/" + p
	}
	b.WriteString(p)
	if q := normalizeQuery(u.RawQuery); q != "" {
		b.WriteByte('?')
		b.WriteString(q)
	}
	return b.String(), nil
}

// preEscape makes a raw URL acceptable to url.Parse without changing what it
// means: tabs and newlines are removed (as browsers do), surrounding spaces
// trimmed, a '%' not followed by two hex digits becomes %25, and bytes a URL
// cannot hold literally (spaces, non-ASCII, quotes, ...) are percent-encoded.
func preEscape(raw string) string {
	raw = strings.Trim(raw, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '\t' || c == '\n' || c == '\r':
			continue
		case c == '%':
			if i+2 < len(raw) && ishex(raw[i+1]) && ishex(raw[i+2]) {
				b.WriteByte(c)
			} else {
				b.WriteString("%25")
			}
		case c < 0x21 || c >= 0x7f || strings.IndexByte("\"<>\\^`{|}", c) >= 0:
			writeEscaped(&b, c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// normalizeHost lower-cases a host, converts IDNs to punycode, drops the
// trailing dot and the port, and writes IPv6 literals in brackets and their
// shortest form.
// Host is the form Normalize gives a host (and port): lower case, IDNA
// names in their ASCII (punycode) form, IPv6 literals in brackets. The
// config stores allowed domains in that form, so hosts are compared in it.
func Host(hostport string) (string, error) {
	return normalizeHost(hostport)
}

func normalizeHost(hostport string) (string, error) {
	h := hostport
	if strings.HasPrefix(h, "[") {
		end := strings.IndexByte(h, ']')
		if end < 0 {
			return "", errors.New("unclosed [")
		}
		a, err := netip.ParseAddr(h[1:end])
		if err != nil || !a.Is6() || a.Zone() != "" {
			return "", fmt.Errorf("bad IPv6 address %q", h[1:end])
		}
		return "[" + a.String() + "]", nil
	}
	if i := strings.LastIndexByte(h, ':'); i >= 0 {
		h = h[:i]
	}
	h = strings.TrimRight(h, ".")
	if h == "" {
		return "", nil
	}
	a, err := idnaProfile.ToASCII(h)
	if err != nil {
		if !isASCII(h) {
			return "", err
		}
		// An ASCII name IDNA rejects (a bad xn-- label, a label over 63
		// bytes, ...) is still a name: keep it, in lower case.
		a = strings.ToLower(h)
	}
	a = strings.TrimRight(a, ".")
	if a == "" {
		return "", errors.New("empty host name")
	}
	for i := 0; i < len(a); i++ {
		c := a[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_') {
			return "", fmt.Errorf("character %q not allowed in a host name", c)
		}
	}
	return a, nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// stripSessionID removes Java servlet session ids (";jsessionid=...") from a
// path: they name a visitor's session, never a page.
func stripSessionID(p string) string {
	for {
		i := indexFold(p, ";jsessionid=")
		if i < 0 {
			return p
		}
		j := i + 1
		for j < len(p) && p[j] != '/' && p[j] != ';' {
			j++
		}
		p = p[:i] + p[j:]
	}
}

// indexFold is strings.Index, ignoring ASCII case.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}
