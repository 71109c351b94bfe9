package readability

import (
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
	for _, b := range all {
		if isDescendant(b.node, root) {
			bs = append(bs, b)
		}
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
