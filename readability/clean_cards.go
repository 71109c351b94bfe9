package readability

import (
	"strings"

	"golang.org/x/net/html"
)

// Teaser cards and share rows: blocks that point away from the article.

// removeTeaserCards removes story cards: a small container whose heading is
// a link to another page (article headings are never links), with its
// kicker, image and one-line description. Only containers of at most
// cardMaxWords words go, so an article with a linked heading keeps its body.
func removeTeaserCards(root *html.Node) {
	const cardMaxWords = 80
	for _, h := range elements(root, "h2", "h3", "h4", "h5", "h6") {
		if h.Parent == nil || !isDescendant(h, root) {
			continue
		}
		t, l := linkTextLen(h)
		if t == 0 || l*10 < t*8 || inPageLinks(h) {
			continue
		}
		// Grow to the largest ancestor that still holds only this heading.
		card := h
		for p := h.Parent; p != nil && p != root; p = p.Parent {
			if !smallCard(p, cardMaxWords) {
				break
			}
			card = p
		}
		if card == h {
			continue // a linked heading in the flow of the text
		}
		removeBlock(card, root, "card")
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
		// A label is a few words: skip long headings before building their text.
		if textLenOver(h, 160) {
			continue
		}
		text := collapseSpace(textOf(h))
		related := false
		for _, t := range tokens(attr(h, "class")) {
			if strings.HasPrefix(t, "related") {
				related = true
			}
		}
		if !related && !isLabel(block{text: text, words: blockWords(text)}) {
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

// smallCard reports whether n holds at most one heading and maxWords words.
// It stops as soon as either limit is passed, so climbing from many
// headings inside one long article stays linear.
func smallCard(n *html.Node, maxWords int) bool {
	headings, words := 0, 0
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				if words += textWords(c.Data); words > maxWords {
					return false
				}
			case html.ElementNode:
				if isElement(c, "h1", "h2", "h3", "h4", "h5", "h6") {
					if headings++; headings > 1 {
						return false
					}
				}
				if !walk(c) {
					return false
				}
			}
		}
		return true
	}
	return walk(n)
}

// textLenOver reports whether the text of n, without the white space
// around its text nodes, is longer than max bytes; it stops counting there.
func textLenOver(n *html.Node, max int) bool {
	total := 0
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				if total += len(strings.TrimSpace(c.Data)); total > max {
					return true
				}
			} else if walk(c) {
				return true
			}
		}
		return false
	}
	return walk(n)
}
