package urlnorm_test

import (
	"fmt"
	"net/url"

	"newscrawl/crawler/urlnorm"
)

func ExampleNormalize() {
	n, _ := urlnorm.Normalize("HTTPS://News.Example.COM:443/world/./story?utm_source=rss&b=2&a=1#comments")
	fmt.Println(n)
	// Output: https://news.example.com/world/story?a=1&b=2
}

func ExampleVariant() {
	for _, raw := range []string{
		"https://www.example.com/2024/05/story/amp/",
		"https://www.example.com/story?outputType=amp",
		"https://amp.example.com/story",
		"https://www.example.com/story/print",
	} {
		fmt.Println(urlnorm.Variant(raw))
	}
	// Output:
	// https://www.example.com/2024/05/story/ true
	// https://www.example.com/story true
	// https://www.example.com/story true
	// https://www.example.com/story true
}

func ExampleResolve() {
	base, _ := url.Parse("https://www.example.com/world/story.html")
	r, _ := urlnorm.Resolve(base, "../politics/item?id=3&fbclid=x")
	fmt.Println(r)
	// Output: https://www.example.com/politics/item?id=3
}
