package readability

import (
	"strings"

	"golang.org/x/net/html"
)

// preClean runs on the whole document before readeck scores it: it removes
// what is never article text, so that it can neither win nor be kept.
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

// removeLabeledCards removes the post cards under a "You may like" /
// "Related posts" heading before readeck drops the heading as unlikely and
// keeps the cards as text.
func removeLabeledCards(doc *html.Node) {
	for _, h := range elements(doc, "h2", "h3", "h4", "h5", "h6") {
		if h.Parent == nil {
			continue
		}
		text := collapseSpace(textOf(h))
		related := false
		for _, t := range tokens(attr(h, "class")) {
			if strings.HasPrefix(t, "related") {
				related = true
			}
		}
		if !related && !isLabel(block{text: text, words: wordCount(text)}) {
			continue
		}
		if run := repeatedSiblings(nextElement(h, nil)); len(run) >= 2 {
			for _, r := range run {
				debugRemove(r, "label-cards")
				removeNode(r)
			}
		}
	}
}

// commentSection tells a comment thread or form by its class or id.
func commentSection(n *html.Node) bool {
	for _, t := range tokens(attr(n, "class") + " " + attr(n, "id")) {
		switch t {
		case "comments", "commentlist", "commentslist", "comments-area", "commentsarea", "disqus", "respond",
			"commentrespond", "commentform", "commentssection", "commentsection", "discussion", "replies":
			return true
		}
		if strings.HasPrefix(t, "disqus") || strings.HasPrefix(t, "comments") {
			return true
		}
	}
	return false
}

// removeCommentSections removes comment threads and forms before readeck
// scores the page: under a short post, a long thread would win. A section
// holding the page's h1 or its article body is not a comment section.
func removeCommentSections(doc *html.Node) {
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.ElementNode {
				if !isElement(c, "body", "html", "main", "article") && commentSection(c) && !holdsArticle(c) {
					debugRemove(c, "comments")
					n.RemoveChild(c)
				} else {
					walk(c)
				}
			}
			c = next
		}
	}
	walk(doc)
}

func holdsArticle(n *html.Node) bool {
	for _, e := range elements(n) {
		if e.Data == "h1" || strings.EqualFold(attr(e, "itemprop"), "articleBody") {
			return true
		}
	}
	return false
}

// clean runs our cleaning passes over readeck's result, in order.
func clean(root *html.Node, a *Article, m *pageMeta) {
	wrapLooseInline(root)
	removeTeaserCards(root)
	removeLabels(root)
	removeBoilerBlocks(root, m.h1s)
	removeCaptionElements(root)
	removeAdLabels(root)
	removeCaptions(root)
	removeShareRows(root)
	removeWidgets(root)
	removeLinkRuns(root)
	trimEdges(root, a, m)
}

// debugRemoved, when set by a test, sees every node a cleaning rule removes.
var debugRemoved func(n *html.Node, rule string)

func debugRemove(n *html.Node, rule string) {
	if debugRemoved != nil {
		debugRemoved(n, rule)
	}
}
