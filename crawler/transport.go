package crawler

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// Transport limits. Header size is capped so a hostile server cannot make us
// buffer megabytes of headers.
const (
	maxHeaderBytes      = 64 << 10
	dialTimeout         = 15 * time.Second
	tlsHandshakeTimeout = 10 * time.Second
)

// extraBlocked are ranges that the netip predicates do not cover but that
// must never be reached from a crawl of the public web.
var extraBlocked = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),      // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),  // CGNAT (RFC 6598)
	netip.MustParsePrefix("192.0.0.0/24"),   // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),  // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),    // reserved, incl. broadcast
	netip.MustParsePrefix("64:ff9b:1::/48"), // local-use NAT64
	netip.MustParsePrefix("100::/64"),       // discard-only
	netip.MustParsePrefix("2001:db8::/32"),  // documentation
	netip.MustParsePrefix("fec0::/10"),      // deprecated site-local
}

// nat64 is the NAT64 well-known prefix: its addresses embed an IPv4 address.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// blockedAddr reports whether ip must not be dialled when private networks
// are not allowed: loopback, RFC 1918 and fc00::/7, link-local (169.254/16
// including cloud metadata, fe80::/10), unspecified, multicast, CGNAT, ...
func blockedAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() {
		return true
	}
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() ||
		ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() ||
		ip.IsMulticast() || ip.IsUnspecified() {
		return true
	}
	for _, p := range extraBlocked {
		if p.Contains(ip) {
			return true
		}
	}
	// NAT64 well-known prefix embeds an IPv4 address: judge that one.
	if nat64.Contains(ip) {
		b := ip.As16()
		return blockedAddr(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
	}
	return false
}

// guardAddr refuses an address blockedAddr blocks.
func guardAddr(ap netip.AddrPort) error {
	if blockedAddr(ap.Addr()) {
		return fmt.Errorf("crawler: dial %s: %w", ap, ErrPrivateAddress)
	}
	return nil
}

// dialControl runs guard after DNS resolution, on the address actually
// dialled, so every connection (redirects included) is checked.
func dialControl(guard func(netip.AddrPort) error) func(context.Context, string, string, syscall.RawConn) error {
	return func(_ context.Context, network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("crawler: dial %s %s: %w", network, address, ErrPrivateAddress)
		}
		return guard(ap)
	}
}

// NewTransport returns the HTTP transport every request of newscrawl goes
// through. Unless allowPrivate is set, its dialer refuses loopback, private,
// link-local, unspecified, multicast and CGNAT addresses (ErrPrivateAddress),
// checked after DNS on the address actually dialled. Proxies from the
// environment are NOT used (HTTP_PROXY would otherwise route around the
// guard); response headers are capped at 64 KiB.
func NewTransport(allowPrivate bool) *http.Transport {
	return newTransport(allowPrivate, nil)
}

// newTransport is NewTransport with the address check replaceable (nil:
// guardAddr): tests let the first hop to a loopback server through and
// watch the real check refuse where a redirect leads.
func newTransport(allowPrivate bool, guard func(netip.AddrPort) error) *http.Transport {
	d := &net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}
	if guard == nil {
		guard = guardAddr
	}
	if !allowPrivate {
		d.ControlContext = dialControl(guard)
	}
	return &http.Transport{
		Proxy:                  nil,
		DialContext:            d.DialContext,
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           100,
		MaxIdleConnsPerHost:    16,
		IdleConnTimeout:        90 * time.Second,
		TLSHandshakeTimeout:    tlsHandshakeTimeout,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: maxHeaderBytes,
	}
}

// checkScheme refuses everything but http and https.
func checkScheme(scheme string) error {
	switch scheme {
	case "http", "https":
		return nil
	}
	return fmt.Errorf("%w: %q", ErrScheme, scheme)
}
