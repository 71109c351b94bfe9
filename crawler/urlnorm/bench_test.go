package urlnorm

import (
	"net/url"
	"testing"
)

var benchURLs = []string{
	"https://www.example.com/world/2024/05/01/some-long-article-slug-here/",
	"HTTPS://News.Example.COM:443/a/./b/../story.html?utm_source=rss&utm_medium=feed&id=42&page=2#comments",
	"https://bücher.example/café/?q=ü&fbclid=abc",
	"https://amp.example.com/amp/world/story.amp?amp=1",
}

func BenchmarkNormalize(b *testing.B) {
	for b.Loop() {
		for _, u := range benchURLs {
			if _, err := Normalize(u); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(benchURLs)), "ns/url")
}

func BenchmarkKey(b *testing.B) {
	for b.Loop() {
		for _, u := range benchURLs {
			if _, err := Key(u); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(benchURLs)), "ns/url")
}

func BenchmarkResolve(b *testing.B) {
	base, _ := url.Parse("https://www.example.com/world/2024/05/01/story/")
	refs := []string{"../other/", "/politics/item?id=3&utm_source=x", "https://cdn.example.com/a.jpg", "#top"}
	for b.Loop() {
		for _, r := range refs {
			if _, err := Resolve(base, r); err != nil {
				b.Fatal(err)
			}
		}
	}
}
