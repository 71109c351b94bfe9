package urlnorm

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzNormalize: never panics; a normalised URL is http(s), normalises to
// itself, parses with net/url, and Key is idempotent too.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"https://example.com/world/story",
		"HTTP://User:pw@News.Example.COM:80/a/./b/../c?utm_source=x&b=2&a=1#top",
		"https://bücher.example/café?q=ü&q=a+b",
		"https://example.com/100%/x?p=5%&%zz",
		"http://[2001:DB8::1]:8080/%7e%2f%2E%2E/",
		"https://amp.example.com/amp/story.amp?amp=1&print=1",
		"https://www-example-com.cdn.ampproject.org/c/s/www.example.com/x",
		"https://example.com/a?&&=&==&a=b=c",
		"javascript:alert(1)",
		"//example.com/a",
		" \thttps://example.com./a b\n",
		"https://ｅｘａｍｐｌｅ.com/",
		"https://xn--bcher-kva.example/",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		n, err := Normalize(raw)
		if err != nil {
			return
		}
		if !strings.HasPrefix(n, "http://") && !strings.HasPrefix(n, "https://") {
			t.Fatalf("Normalize(%q) = %q: not http(s)", raw, n)
		}
		again, err := Normalize(n)
		if err != nil {
			t.Fatalf("Normalize(%q) = %q, which fails to normalise: %v", raw, n, err)
		}
		if again != n {
			t.Fatalf("not idempotent: %q → %q → %q", raw, n, again)
		}
		if _, err := url.Parse(n); err != nil {
			t.Fatalf("Normalize(%q) = %q, which net/url rejects: %v", raw, n, err)
		}
		k, err := Key(n)
		if err != nil {
			t.Fatalf("Key(%q): %v", n, err)
		}
		if k2, err := Key(k); err != nil || k2 != k {
			t.Fatalf("Key not idempotent: %q → %q → %q (%v)", n, k, k2, err)
		}
	})
}
