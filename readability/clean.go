package readability

import (
	"strings"

	"golang.org/x/net/html"
)

// preClean runs on the whole document before readeck scores it: it removes
// what is never article text, so that it can neither win nor be kept, and
// protects what readeck would wrongly drop.
//   - post cards under a "You may like" heading go (removeLabeledCards);
//   - comment threads and forms go (removeCommentSections);
//   - an element marked itemprop="description" outside the article body is
//     the page's summary (standfirst), repeated from the meta description;
//   - an embedded post (tweet, Instagram, TikTok) is part of the story, but
//     its wrapper's class ("social-media-embed") makes readeck drop it: the
//     wrappers that hold nothing else are unwrapped;
//   - a sub-heading whose class says "header" (Substack's "header-anchor-post")
//     would be dropped by readeck as an unlikely candidate: the class
//     describes the heading itself, so it becomes "heading".
func preClean(doc *html.Node) {
	removeLabeledCards(doc)
	removeCommentSections(doc)
	var walk func(n *html.Node, inBody bool)
	walk = func(n *html.Node, inBody bool) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.ElementNode {
				ip := strings.ToLower(attr(c, "itemprop"))
				if isElement(c, "blockquote") && embeddedPost(tokens(attr(c, "class"))) {
					unwrapEmbed(c)
				}
				switch {
				case ip == "articlebody":
					walk(c, true)
				case ip == "description" && !inBody && c.Data != "meta" && wordCount(textOf(c)) <= 80 && len(elements(c, "p")) <= 2:
					debugRemove(c, "description")
					n.RemoveChild(c)
				default:
					if isElement(c, "h2", "h3", "h4", "h5", "h6") {
						for i, a := range c.Attr {
							if (a.Key == "class" || a.Key == "id") && strings.Contains(strings.ToLower(a.Val), "header") {
								c.Attr[i].Val = strings.ReplaceAll(strings.ToLower(a.Val), "header", "heading")
							}
						}
					}
					walk(c, inBody)
				}
			}
			c = next
		}
	}
	walk(doc, false)
}

// clean runs our cleaning passes over readeck's result, in order.
func clean(root *html.Node, a *Article, m *pageMeta) {
	wrapLooseInline(root)
	removeTeaserCards(root)
	removeBoilerBlocks(root, m.h1s)
	removeCaptionElements(root)
	removeAdLabels(root)
	removeImageAds(root)
	// The text rules share one list of leaf blocks; each skips the blocks
	// an earlier rule removed.
	bs := leafBlocks(root)
	removeCaptions(root, bs)
	removeShareRows(root, bs)
	removeWidgets(root, bs)
	removeLinkRuns(root, bs)
	trimEdges(root, bs, a, m)
}

// cleanLight is the fallback when clean took most of a long text: only
// the rules that recognise boilerplate by its own text, never by class.
// removeImageAds also reads classes, but it removes images only, never
// text, so it cannot be what took the text.
func cleanLight(root *html.Node, a *Article, m *pageMeta) {
	wrapLooseInline(root)
	removeCaptionElements(root)
	removeAdLabels(root)
	removeImageAds(root)
	bs := leafBlocks(root)
	removeShareRows(root, bs)
	removeWidgets(root, bs)
	trimEdges(root, bs, a, m)
}

// debugRemoved, when set by a test, sees every node a cleaning rule removes.
var debugRemoved func(n *html.Node, rule string)

func debugRemove(n *html.Node, rule string) {
	if debugRemoved != nil {
		debugRemoved(n, rule)
	}
}
