package urlnorm

import (
	"errors"
	"net/url"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"already canonical", "https://example.com/world/story", "https://example.com/world/story"},
		{"scheme and host case", "HTTPS://WWW.Example.COM/Path/Case", "https://www.example.com/Path/Case"},
		{"empty path", "https://example.com", "https://example.com/"},
		{"empty path with query", "https://example.com?b=2", "https://example.com/?b=2"},
		{"default http port", "http://example.com:80/a", "http://example.com/a"},
		{"default https port", "https://example.com:443/a", "https://example.com/a"},
		{"443 on http is not default", "http://example.com:443/a", "http://example.com:443/a"},
		{"other port kept", "https://example.com:8443/a", "https://example.com:8443/a"},
		{"port leading zeros", "http://example.com:0080/a", "http://example.com/a"},
		{"empty port", "http://example.com:/a", "http://example.com/a"},
		{"fragment", "https://example.com/a#comments", "https://example.com/a"},
		{"empty fragment", "https://example.com/a#", "https://example.com/a"},
		{"userinfo", "https://user:secret@example.com/a", "https://example.com/a"},
		{"trailing dot host", "https://example.com./a", "https://example.com/a"},
		{"IDN host", "https://bücher.example/x", "https://xn--bcher-kva.example/x"},
		{"IDN host upper case", "https://BÜCHER.example/x", "https://xn--bcher-kva.example/x"},
		{"punycode host upper case", "https://XN--BCHER-KVA.example/x", "https://xn--bcher-kva.example/x"},
		{"percent-encoded IDN host", "https://b%C3%BCcher.example/x", "https://xn--bcher-kva.example/x"},
		{"fullwidth host", "https://ｅｘａｍｐｌｅ.com/", "https://example.com/"},
		{"underscore host", "https://my_host.example.com/", "https://my_host.example.com/"},
		{"IPv4", "http://192.168.0.1:8080/x", "http://192.168.0.1:8080/x"},
		{"IPv6 shortest form", "http://[2001:DB8:0:0:0:0:0:1]:80/x", "http://[2001:db8::1]/x"},
		{"dot segments", "https://example.com/a/b/../c/./d", "https://example.com/a/c/d"},
		{"dot segments above root", "https://example.com/../../a", "https://example.com/a"},
		{"trailing dot segment", "https://example.com/a/b/..", "https://example.com/a/"},
		{"encoded dot segments", "https://example.com/a/%2E%2E/b", "https://example.com/b"},
		{"double slash kept", "https://example.com//a//b", "https://example.com//a//b"},
		{"trailing slash kept", "https://example.com/a/", "https://example.com/a/"},
		{"decode unreserved", "https://example.com/%7Euser/%41%2d%5F", "https://example.com/~user/A-_"},
		{"uppercase hex", "https://example.com/a%2fb%3a", "https://example.com/a%2Fb%3A"},
		{"keep encoded slash", "https://example.com/a%2Fb", "https://example.com/a%2Fb"},
		{"encode space", "https://example.com/a b", "https://example.com/a%20b"},
		{"encode non-ASCII path", "https://example.com/café", "https://example.com/caf%C3%A9"},
		{"stray percent", "https://example.com/100%/x?p=5%", "https://example.com/100%25/x?p=5%25"},
		{"reserved kept literal", "https://example.com/a;b=c/d:e@f!$&'()*+,", "https://example.com/a;b=c/d:e@f!$&'()*+,"},
		{"tabs and newlines removed", " https://example.com/a\n/b\t \n", "https://example.com/a/b"},
		{"empty query", "https://example.com/a?", "https://example.com/a"},
		{"empty params", "https://example.com/a?&&b=1&", "https://example.com/a?b=1"},
		{"sorted query", "https://example.com/a?z=1&a=2&m=3", "https://example.com/a?a=2&m=3&z=1"},
		{"repeated keys stable", "https://example.com/a?t=2&a=1&t=1", "https://example.com/a?a=1&t=2&t=1"},
		{"key without value", "https://example.com/a?b&a=", "https://example.com/a?a=&b"},
		{"query plus kept", "https://example.com/s?q=a+b%20c%2Bd", "https://example.com/s?q=a+b%20c%2Bd"},
		{"query ampersand encoded", "https://example.com/s?q=a%26b&r=x%3Dy", "https://example.com/s?q=a%26b&r=x%3Dy"},
		{"query unicode", "https://example.com/s?q=ü", "https://example.com/s?q=%C3%BC"},
		{"utm removed", "https://example.com/a?utm_source=rss&utm_medium=feed&UTM_Campaign=x&id=7", "https://example.com/a?id=7"},
		{"only tracking", "https://example.com/a?fbclid=abc&gclid=def", "https://example.com/a"},
		{"click ids", "https://example.com/a?dclid=1&gbraid=2&wbraid=3&msclkid=4&yclid=5&twclid=6&ttclid=7", "https://example.com/a"},
		{"mailchimp", "https://example.com/a?mc_cid=1&mc_eid=2", "https://example.com/a"},
		{"analytics", "https://example.com/a?_ga=1&_gl=2&igshid=3", "https://example.com/a"},
		{"hubspot", "https://example.com/a?_hsenc=1&_hsmi=2&__hssc=3&__hstc=4&__hsfp=5&hsCtaTracking=6", "https://example.com/a"},
		{"referrers", "https://example.com/a?ref=tw&ref_src=twsrc&ref_url=x", "https://example.com/a"},
		{"publisher campaigns", "https://example.com/a?cmpid=1&ncid=2&ocid=3&sr_share=4&spm=5&share=6&smid=7&s_cid=8&icid=9&CMP=10", "https://example.com/a"},
		{"at internet", "https://www.bbc.com/news/articles/x?at_medium=RSS&at_campaign=rss", "https://www.bbc.com/news/articles/x"},
		{"newsletter ids", "https://example.com/a?oly_anon_id=1&oly_enc_id=2&vero_id=3&mkt_tok=4", "https://example.com/a"},
		{"webtrends", "https://example.com/a?WT.mc_id=1&WT.tsrc=2&wt_mc=3", "https://example.com/a"},
		{"encoded tracking name", "https://example.com/a?utm%5Fsource=x&b=1", "https://example.com/a?b=1"},
		{"content params kept", "https://example.com/index.php?p=42&page=2&id=7&story=abc&s=query&q=x", "https://example.com/index.php?id=7&p=42&page=2&q=x&s=query&story=abc"},
		{"jsessionid path param", "https://example.com/a/story.html;JSESSIONID=AB12?id=3&PHPSESSID=x", "https://example.com/a/story.html?id=3"},
		{"other path params kept", "https://example.com/a;v=2/b;jsessionid=1;x=y", "https://example.com/a;v=2/b;x=y"},
		{"miniflux list", "https://example.com/page?ysclid=1&_bhlid=2&itm_source=3&campaign_name=4&__readwiseLocation=5&id=123", "https://example.com/page?id=123"},
		{"non-standard query kept", "https://example.com/foo.jpg?crop/1420x708/format/webp", "https://example.com/foo.jpg?crop/1420x708/format/webp"},
		{"AMP params untouched", "https://example.com/a?amp=1", "https://example.com/a?amp=1"},
		{"mixed", "HTTP://User@News.Example.COM:80/World/./2024/../2025/story.html?utm_source=x&b=2&a=1#top", "http://news.example.com/World/2025/story.html?a=1&b=2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.in)
			if err != nil {
				t.Fatalf("Normalize(%q) error: %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("Normalize(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			again, err := Normalize(got)
			if err != nil || again != got {
				t.Errorf("not idempotent: Normalize(%q) = %q, %v", got, again, err)
			}
		})
	}
}

func TestNormalizeErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     error
	}{
		{"empty", "", ErrScheme},
		{"relative", "/world/story", ErrScheme},
		{"no scheme", "example.com/a", ErrScheme},
		{"ftp", "ftp://example.com/a", ErrScheme},
		{"mailto", "mailto:news@example.com", ErrScheme},
		{"javascript", "javascript:alert(1)", ErrScheme},
		{"data", "data:text/html,hi", ErrScheme},
		{"opaque http", "http:example.com", ErrScheme},
		{"no host", "https:///path", ErrScheme},
		{"only dots host", "https://.../a", ErrScheme},
		{"userinfo only", "https://user@/a", ErrScheme},
		{"bad host char", "https://exa*mple.com/", ErrHost},
		{"pipe in host", "https://example|org/", nil},
		{"port too large", "https://example.com:99999/", ErrHost},
		{"IPv6 zone", "http://[fe80::1%25eth0]/", ErrHost},
		{"bracketed IPv4", "http://[1.2.3.4]/", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.in)
			if err == nil {
				t.Fatalf("Normalize(%q) = %q, want error", tt.in, got)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Normalize(%q) error %v, want %v", tt.in, err, tt.want)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	base, _ := url.Parse("https://News.Example.com/world/2024/story.html?utm_source=x#top")
	tests := []struct {
		name, ref, want string
		wantErr         error
	}{
		{"relative", "other.html", "https://news.example.com/world/2024/other.html", nil},
		{"parent", "../2023/old.html?utm_medium=y", "https://news.example.com/world/2023/old.html", nil},
		{"absolute path", "/politics/", "https://news.example.com/politics/", nil},
		{"protocol relative", "//cdn.example.com/a.jpg", "https://cdn.example.com/a.jpg", nil},
		{"absolute", "http://Other.example.org:80/x#y", "http://other.example.org/x", nil},
		{"query only", "?page=2", "https://news.example.com/world/2024/story.html?page=2", nil},
		{"fragment only", "#comments", "https://news.example.com/world/2024/story.html", nil},
		{"empty", "", "https://news.example.com/world/2024/story.html", nil},
		{"spaces and newline", "  /a b\n/c  ", "https://news.example.com/a%20b/c", nil},
		{"unicode", "/café", "https://news.example.com/caf%C3%A9", nil},
		{"mailto", "mailto:x@example.com", "", ErrScheme},
		{"javascript", "javascript:void(0)", "", ErrScheme},
		{"tel", "tel:+123", "", ErrScheme},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Resolve(base, tt.ref)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Resolve(%q) = %q, %v; want %v", tt.ref, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Resolve(%q) = %q, %v; want %q", tt.ref, got, err, tt.want)
			}
		})
	}
	t.Run("nil base", func(t *testing.T) {
		if _, err := Resolve(nil, "/relative"); !errors.Is(err, ErrScheme) {
			t.Errorf("Resolve(nil, relative) error %v, want ErrScheme", err)
		}
		if got, err := Resolve(nil, "HTTPS://A.example/"); err != nil || got != "https://a.example/" {
			t.Errorf("Resolve(nil, absolute) = %q, %v", got, err)
		}
	})
}

func TestVariant(t *testing.T) {
	tests := []struct {
		name, in, want string
		variant        bool
	}{
		{"not a variant", "https://example.com/world/story", "https://example.com/world/story", false},
		{"normalises too", "HTTPS://Example.com/a?utm_source=x", "https://example.com/a", false},
		{"amp segment trailing slash", "https://example.com/2024/01/story/amp/", "https://example.com/2024/01/story/", true},
		{"amp trailing", "https://example.com/2024/01/story/amp", "https://example.com/2024/01/story", true},
		{"amp leading segment", "https://example.com/amp/world/story", "https://example.com/world/story", true},
		{"amp only", "https://example.com/amp", "https://example.com/", true},
		{"amp suffix", "https://www.example.co.uk/news/world-123.amp", "https://www.example.co.uk/news/world-123", true},
		{"amp html suffix", "https://example.com/2024/story/index.amp.html", "https://example.com/2024/story/index.html", true},
		{"amp query 1", "https://example.com/story?amp=1", "https://example.com/story", true},
		{"amp query bare", "https://example.com/story?amp&id=3", "https://example.com/story?id=3", true},
		{"amp query true", "https://example.com/story?amp=true", "https://example.com/story", true},
		{"amp=0 is not", "https://example.com/story?amp=0", "https://example.com/story?amp=0", false},
		{"outputType", "https://example.com/story?outputType=amp", "https://example.com/story", true},
		{"amp host registrable", "https://amp.example.com/story", "https://www.example.com/story", true},
		{"amp host subdomain", "https://amp.news.example.com/story", "https://news.example.com/story", true},
		{"amp host ccTLD", "https://amp.example.co.uk/story", "https://www.example.co.uk/story", true},
		{"ampproject cache", "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/story/amp/?utm_source=x", "https://www.example.com/story/", true},
		{"ampproject cache http", "https://example-com.cdn.ampproject.org/v/example.com/story", "http://example.com/story", true},
		{"google amp viewer", "https://www.google.com/amp/s/www.example.com/2024/story.amp", "https://www.example.com/2024/story", true},
		{"print segment", "https://example.com/world/story/print", "https://example.com/world/story", true},
		{"print leading", "https://example.com/print/world/story", "https://example.com/world/story", true},
		{"print query", "https://example.com/story?print=1", "https://example.com/story", true},
		{"print bare", "https://example.com/story?print", "https://example.com/story", true},
		{"output print", "https://example.com/story?id=4&output=print", "https://example.com/story?id=4", true},
		{"view print", "https://example.com/story?view=print", "https://example.com/story", true},
		{"printer segment kept", "https://example.com/printers/amplifier", "https://example.com/printers/amplifier", false},
		{"amp in a word kept", "https://example.com/ampere/example", "https://example.com/ampere/example", false},
		{"nested", "https://amp.example.com/amp/story.amp?amp=1&print=1", "https://www.example.com/story", true},
		{"invalid", "ftp://example.com/amp", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Variant(tt.in)
			if got != tt.want || ok != tt.variant {
				t.Errorf("Variant(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.variant)
			}
			if got == "" {
				return
			}
			if again, ok := Variant(got); again != got || ok {
				t.Errorf("Variant(%q) = %q, %v; want it unchanged", got, again, ok)
			}
			key, err := Key(tt.in)
			if err != nil || key != tt.want {
				t.Errorf("Key(%q) = %q, %v; want %q", tt.in, key, err, tt.want)
			}
		})
	}
	if _, err := Key("mailto:a@example.com"); !errors.Is(err, ErrScheme) {
		t.Errorf("Key(mailto) error %v, want ErrScheme", err)
	}
}

func TestIsTrackingParam(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"utm_source", true}, {"UTM_CONTENT", true}, {"utm_whatever_new", true},
		{"fbclid", true}, {"gclid", true}, {"WT.mc_id", true}, {"pk_campaign", true},
		{"hsCtaTracking", true}, {"at_medium", true},
		{"id", false}, {"p", false}, {"page", false}, {"story", false}, {"s", false},
		{"q", false}, {"amp", false}, {"print", false}, {"refresh", false}, {"reference", false},
		{"article_id", false}, {"utm", false}, {"shared", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsTrackingParam(tt.name); got != tt.want {
				t.Errorf("IsTrackingParam(%q) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}
