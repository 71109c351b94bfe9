package urlnorm

import (
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// Variant recognises AMP and print versions of a page and returns the
// normalised URL with the variant marker removed, and whether there was one.
// It is a guess from the URL alone: the crawler prefers the page's own
// rel=canonical and falls back on this (Key).
//
// Markers removed:
//   - a path segment "amp" or "print" (/amp/world/x, /world/x/amp/, /x/print);
//   - a last segment ending in ".amp" or ".amp.html" (/news/world-123.amp);
//   - the query parameters amp (no value, "", 1 or true), outputType=amp,
//     output=amp or print, print (no value, "", 1, true or yes), view=print,
//     printable (1, true or yes);
//   - an "amp." host prefix (amp.example.com → www.example.com when what
//     remains is a registrable domain, else the rest: amp.news.example.com →
//     news.example.com);
//   - AMP caches: https://www-example-com.cdn.ampproject.org/c/s/www.example.com/x
//     and https://www.google.com/amp/s/www.example.com/x → https://www.example.com/x.
//
// For a URL that Normalize rejects it returns "", false.
func Variant(raw string) (canonical string, isVariant bool) {
	n, err := Normalize(raw)
	if err != nil {
		return "", false
	}
	return stripVariants(n)
}

// stripVariants removes the markers of a normalised URL, nested ones too.
func stripVariants(n string) (canonical string, isVariant bool) {
	cur := n
	for range 8 { // markers can nest: amp.x/amp/y.amp
		next, ok := stripVariant(cur)
		if !ok || next == cur {
			break
		}
		cur = next
		isVariant = true
	}
	return cur, isVariant
}

// Key is the URL a page is stored under when it names no canonical URL of
// its own (crawler.ToStoreArticle): Normalize with AMP and print markers
// removed.
func Key(raw string) (string, error) {
	n, err := Normalize(raw)
	if err != nil {
		return "", err
	}
	k, _ := stripVariants(n)
	return k, nil
}

// stripVariant removes the markers of one normalised URL once.
func stripVariant(n string) (string, bool) {
	u, err := url.Parse(n)
	if err != nil {
		return n, false
	}
	if inner, ok := ampCache(u); ok {
		if v, err := Normalize(inner); err == nil {
			return v, true
		}
	}
	changed := false
	host := u.Hostname()
	if rest, ok := strings.CutPrefix(host, "amp."); ok && strings.Contains(rest, ".") {
		if etld1, err := publicsuffix.EffectiveTLDPlusOne(rest); err == nil && etld1 == rest {
			rest = "www." + rest
		}
		if p := u.Port(); p != "" {
			u.Host = rest + ":" + p
		} else {
			u.Host = rest
		}
		changed = true
	}
	if p, ok := stripPath(u.EscapedPath()); ok {
		u.RawPath = p
		if dp, err := url.PathUnescape(p); err == nil {
			u.Path = dp
		} else {
			u.RawPath = ""
			u.Path = p
		}
		changed = true
	}
	if q, ok := stripQuery(u.RawQuery); ok {
		u.RawQuery = q
		changed = true
	}
	if !changed {
		return n, false
	}
	v, err := Normalize(u.String())
	if err != nil {
		return n, false
	}
	return v, true
}

// ampCache unwraps AMP cache URLs to the URL they serve.
func ampCache(u *url.URL) (string, bool) {
	host := u.Hostname()
	p := u.EscapedPath()
	var rest string
	switch {
	case strings.HasSuffix(host, ".cdn.ampproject.org"):
		var ok bool
		if rest, ok = strings.CutPrefix(p, "/c/"); !ok {
			if rest, ok = strings.CutPrefix(p, "/v/"); !ok {
				return "", false
			}
		}
	case strings.HasPrefix(host, "www.google.") || strings.HasPrefix(host, "google."):
		var ok bool
		if rest, ok = strings.CutPrefix(p, "/amp/"); !ok {
			return "", false
		}
	default:
		return "", false
	}
	scheme := "http://"
	if r, ok := strings.CutPrefix(rest, "s/"); ok {
		scheme, rest = "https://", r
	}
	if rest == "" || strings.HasPrefix(rest, "/") {
		return "", false
	}
	inner := scheme + rest
	if u.RawQuery != "" {
		inner += "?" + u.RawQuery
	}
	return inner, true
}

// stripPath removes "amp" and "print" segments and ".amp" suffixes.
func stripPath(p string) (string, bool) {
	segs := strings.Split(p, "/")
	out := segs[:0:0]
	changed := false
	for i, s := range segs {
		last := i == len(segs)-1
		switch {
		case i > 0 && (s == "amp" || s == "print"):
			changed = true
			if last {
				// /x/amp → /x ; keep the root slash for /amp
				if len(out) == 1 {
					out = append(out, "")
				}
				continue
			}
			continue
		case last && strings.HasSuffix(s, ".amp.html") && len(s) > len(".amp.html"):
			s = strings.TrimSuffix(s, ".amp.html") + ".html"
			changed = true
		case last && strings.HasSuffix(s, ".amp") && len(s) > len(".amp"):
			s = strings.TrimSuffix(s, ".amp")
			changed = true
		}
		out = append(out, s)
	}
	if !changed {
		return p, false
	}
	r := strings.Join(out, "/")
	if r == "" {
		r = "/"
	}
	return r, true
}

// stripQuery removes the AMP and print parameters.
func stripQuery(q string) (string, bool) {
	if q == "" {
		return q, false
	}
	parts := strings.Split(q, "&")
	out := parts[:0:0]
	for _, part := range parts {
		k, v, _ := strings.Cut(part, "=")
		if isVariantParam(strings.ToLower(k), strings.ToLower(v)) {
			continue
		}
		out = append(out, part)
	}
	if len(out) == len(parts) {
		return q, false
	}
	return strings.Join(out, "&"), true
}

func isVariantParam(k, v string) bool {
	switch k {
	case "amp":
		return v == "" || v == "1" || v == "true"
	case "outputtype":
		return v == "amp"
	case "output":
		return v == "amp" || v == "print"
	case "print":
		return v == "" || v == "1" || v == "true" || v == "yes"
	case "view":
		return v == "print"
	case "printable":
		return v == "1" || v == "true" || v == "yes"
	}
	return false
}
