package readability

import (
	"strings"
	"unicode"
	"unicode/utf8"

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
	return n.Type == html.ElementNode && blockTags[n.Data] && !skipTags[n.Data]
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
			if b := newBlock(n); b.text != "" {
				out = append(out, b)
			}
		}
		return hasBlock
	}
	walk(root)
	return out
}

// newBlock measures n in one walk: its text with white space collapsed,
// its words, and the share of its text inside links.
func newBlock(n *html.Node) block {
	var sb strings.Builder
	total, linked := 0, 0
	space := false // white space pending between text nodes
	var walk func(n *html.Node, inLink bool)
	walk = func(n *html.Node, inLink bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				d := c.Data
				if d == "" {
					continue
				}
				if isSpace(d[0]) {
					space = true
				}
				for f := range strings.FieldsSeq(d) {
					if sb.Len() > 0 && space {
						sb.WriteByte(' ')
					}
					sb.WriteString(f)
					space = true
				}
				space = isSpace(d[len(d)-1])
				l := len(strings.TrimSpace(d))
				total += l
				if inLink {
					linked += l
				}
			case html.ElementNode:
				walk(c, inLink || c.Data == "a")
			}
		}
	}
	walk(n, insideLink(n))
	text := sb.String()
	b := block{node: n, text: text}
	b.words = blockWords(text)
	if total > 0 {
		b.linked = float64(linked) / float64(total)
	}
	return b
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// removeBlock removes a leaf block and then any ancestor left without text.
func removeBlock(n *html.Node, root *html.Node, rule string) {
	debugRemove(n, rule)
	p := n.Parent
	removeNode(n)
	for p != nil && p != root && p.Parent != nil && !hasTextOrImage(p) {
		next := p.Parent
		removeNode(p)
		p = next
	}
	// A box left with only its heading ("The Night Sky, weekly" over a
	// newsletter form) goes too.
	if p != nil && p != root && p.Parent != nil && onlyHeading(p) {
		debugRemove(p, rule+"-heading")
		removeNode(p)
	}
}

// onlyHeading reports whether n holds nothing but one short heading.
func onlyHeading(n *html.Node) bool {
	var h *html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) != "":
			return false
		case c.Type != html.ElementNode:
		case isElement(c, "h2", "h3", "h4", "h5", "h6") && h == nil:
			h = c
		case hasTextOrImage(c):
			return false
		}
	}
	return h != nil && wordCount(textOf(h)) <= 10
}

// hasTextOrImage reports whether n holds any text or picture; it stops at
// the first one, so removing many blocks from a long article stays linear.
func hasTextOrImage(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			if strings.TrimSpace(c.Data) != "" {
				return true
			}
		case html.ElementNode:
			if c.Data == "img" || c.Data == "picture" || hasTextOrImage(c) {
				return true
			}
		}
	}
	return false
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

// blockWords counts the words of a line with white space collapsed:
// spaces plus one, unless it holds a script written without spaces, where
// a line of thirty characters is a sentence, not a one-word label.
func blockWords(text string) int {
	if text == "" {
		return 0
	}
	for i := 0; i < len(text); i++ {
		if text[i] >= 0xE0 { // a rune from U+0800 on: CJK, Thai among them
			return textWords(text)
		}
	}
	return strings.Count(text, " ") + 1
}

// textWords counts words for length thresholds: runs of letters separated
// by spaces, and for scripts written without spaces (Chinese, Japanese,
// Thai...) one word per two characters.
func textWords(s string) int {
	n, cjk := 0, 0
	inWord := false
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf { // ASCII without decoding
			i++
			if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
				inWord = false
			} else if !inWord {
				n++
				inWord = true
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r >= 0x0E00 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar):
			cjk++
			inWord = false
		case r == ' ' || r == '\n' || r == '\t' || r == '\r' || r > 0x7f && unicode.IsSpace(r):
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

// wrapLooseInline wraps each run of text and inline elements that sits
// beside block elements into a <p> of its own, as CSS does with anonymous
// block boxes, so that every line of text belongs to a leaf block.
func wrapLooseInline(root *html.Node) {
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		hasBlock, hasInline := false, false
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.ElementNode && skipTags[c.Data]:
			case isBlockElement(c):
				hasBlock = true
			case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
			case c.Type == html.TextNode || c.Type == html.ElementNode:
				hasInline = true
			}
		}
		if hasBlock && hasInline && !isElement(n, "p", "li", "td", "th", "dd", "dt", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tbody", "thead", "tr", "ul", "ol", "dl") {
			var run []*html.Node
			flush := func(before *html.Node) {
				text := false
				for _, c := range run {
					if c.Type == html.ElementNode || strings.TrimSpace(c.Data) != "" {
						text = true
					}
				}
				if text {
					p := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: 0}
					n.InsertBefore(p, before)
					for _, c := range run {
						n.RemoveChild(c)
						p.AppendChild(c)
					}
				}
				run = run[:0]
			}
			for c := n.FirstChild; c != nil; {
				next := c.NextSibling
				if isBlockElement(c) {
					flush(c)
				} else if c.Type == html.TextNode || c.Type == html.ElementNode {
					run = append(run, c)
				}
				c = next
			}
			flush(nil)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				walk(c)
			}
		}
	}
	walk(root)
}
