package readability

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// block is a leaf block of the article: a block-level element with no
// block-level element inside, with its text and link share.
type block struct {
	node   *html.Node
	text   string // white space collapsed
	words  int
	linked float64 // share of text inside links
}

// isBlockElement reports whether n starts its own line when rendered.
func isBlockElement(n *html.Node) bool {
	return n.Type == html.ElementNode && !inlineTags[n.Data] && !skipTags[n.Data] && n.Data != "br"
}

// leafBlocks returns the leaf blocks under root in document order.
func leafBlocks(root *html.Node) []block {
	var out []block
	var walk func(n *html.Node) bool // reports whether n holds a block element
	walk = func(n *html.Node) bool {
		hasBlock := false
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || skipTags[c.Data] {
				continue
			}
			if walk(c) || isBlockElement(c) {
				hasBlock = true
			}
		}
		if !hasBlock && isBlockElement(n) && n != root {
			t, l := linkTextLen(n)
			text := collapseSpace(textOf(n))
			if text != "" {
				b := block{node: n, text: text, words: wordCount(text)}
				if t > 0 {
					b.linked = float64(l) / float64(t)
				}
				out = append(out, b)
			}
		}
		return hasBlock
	}
	walk(root)
	return out
}

// removeBlock removes a leaf block and then any ancestor left without text.
func removeBlock(n *html.Node, root *html.Node, rule string) {
	debugRemove(n, rule)
	p := n.Parent
	removeNode(n)
	for p != nil && p != root && p.Parent != nil && strings.TrimSpace(textOf(p)) == "" && len(elements(p, "img")) == 0 {
		next := p.Parent
		removeNode(p)
		p = next
	}
}

// sentenceLike reports whether a line reads as prose: it ends with
// sentence punctuation or is long.
func sentenceLike(s string, words int) bool {
	if words >= 12 {
		return true
	}
	s = strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(`"'”’»)]`, r) })
	if s == "" {
		return false
	}
	r := []rune(s)
	switch r[len(r)-1] {
	case '.', '!', '?', '。', '！', '？', '…', ':', ';':
		return true
	}
	return false
}

// textWords counts words for length thresholds: runs of letters separated
// by spaces, and for scripts written without spaces (Chinese, Japanese,
// Thai...) one word per two characters.
func textWords(s string) int {
	n, cjk := 0, 0
	inWord := false
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar):
			cjk++
			inWord = false
		case unicode.IsSpace(r):
			inWord = false
		default:
			if !inWord {
				n++
				inWord = true
			}
		}
	}
	return n + (cjk+1)/2
}
