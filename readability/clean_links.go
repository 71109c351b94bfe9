package readability

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// linkLine reports a block that is only a link: a headline pointing elsewhere.
// A section heading linked to the table of contents is a heading.
func linkLine(b block) bool {
	return b.linked >= 0.8 && b.words <= 30 && !(isElement(b.node, "h1", "h2", "h3", "h4", "h5", "h6") && inPageLinks(b.node))
}

// labelish reports a short line that is not prose: a kicker over a headline.
func labelish(b block) bool {
	return b.words <= 5 && !sentenceLike(b.text, b.words)
}

// upperLine reports a line in capitals: a promo headline in many themes.
func upperLine(s string) bool {
	up, low := 0, 0
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			up++
		case unicode.IsLower(r):
			low++
		}
	}
	return up >= 8 && low*10 < up
}

// removeLinkRuns removes runs of two or more link-only lines (related
// headlines, menus) with the short labels among them, and single link
// lines in capitals (promo headlines).
func removeLinkRuns(root *html.Node, all []block) {
	bs := all[:0:0]
	outline := map[*html.Node]bool{} // lists judged by outlineList
	for _, b := range all {
		if !isDescendant(b.node, root) {
			continue
		}
		if linkLine(b) && isElement(b.node, "li") && b.node.Parent != nil {
			l := b.node.Parent
			in, ok := outline[l]
			if !ok {
				in = outlineList(l)
				outline[l] = in
			}
			if in {
				continue // an item of the text's own list, not a link line
			}
		}
		bs = append(bs, b)
	}
	for i := 0; i < len(bs); {
		if !linkLine(bs[i]) {
			if bs[i].linked >= 0.8 && upperLine(bs[i].text) {
				removeBlock(bs[i].node, root, "upper-link")
			}
			i++
			continue
		}
		j, links := i, 0
		for j < len(bs) && (linkLine(bs[j]) || labelish(bs[j]) && j+1 < len(bs) && linkLine(bs[j+1])) {
			if linkLine(bs[j]) {
				links++
			}
			j++
		}
		if links >= 2 {
			start := i
			if i > 0 && labelish(bs[i-1]) && bs[i-1].node.Parent != nil {
				start = i - 1
			}
			for k := start; k < j; k++ {
				if bs[k].node.Parent != nil {
					removeBlock(bs[k].node, root, "link-run")
				}
			}
		} else if upperLine(bs[i].text) {
			removeBlock(bs[i].node, root, "upper-link")
		}
		i = j // bs[i] is a link line, so j > i
	}
}

// outlineList reports whether list l is part of the text although some of
// its items are only links: it also has an item of prose ("We've just
// landed Bug 1553982, which aims to..." beside two linked highlights), or
// it is nested in an item whose own words introduce it ("In progress:"
// over a list of linked bug titles). Menus and related-link boxes have
// neither: every item is a link, and a sub-menu hangs from a link.
func outlineList(l *html.Node) bool {
	if !isElement(l, "ul", "ol") {
		return false
	}
	for c := l.FirstChild; c != nil; c = c.NextSibling {
		if isElement(c, "li") {
			t, k := linkTextLen(c)
			if t-k >= 40 && k*2 < t && textWords(textOf(c)) >= 8 {
				return true
			}
		}
	}
	p := l.Parent
	if !isElement(p, "li") {
		return false
	}
	// The parent item's own text, outside links and nested lists.
	own := 0
	for c := p.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			own += len(strings.TrimSpace(c.Data))
		case c.Type == html.ElementNode && !isElement(c, "a", "ul", "ol"):
			t, k := linkTextLen(c)
			own += t - k
		}
	}
	return own >= 4
}
