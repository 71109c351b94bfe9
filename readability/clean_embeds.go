package readability

import (
	"strings"

	"golang.org/x/net/html"
)

// Embedded posts (tweets, Instagram, TikTok) quoted by a story are part
// of its text.

// unwrapEmbed replaces the wrappers of an embedded post that hold no other
// text by their content: their class ("social-media-embed") makes readeck
// drop them as unlikely, and their link density as clutter.
func unwrapEmbed(post *html.Node) {
	own := len(strings.TrimSpace(textOf(post)))
	for p := post.Parent; p != nil && p.Type == html.ElementNode && !isElement(p, "body", "article", "main"); {
		if len(strings.TrimSpace(textOf(p))) > own+20 {
			return
		}
		next := p.Parent
		unwrap(p)
		p = next
	}
}
