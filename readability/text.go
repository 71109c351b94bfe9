package readability

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// blockTags start a line of their own, as browsers display them; every
// other element, custom ones ("<hl-trusted-source>") included, is inline,
// as CSS makes unknown elements. Words of neighbouring blocks are never
// glued.
var blockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "body": true, "center": true,
	"dd": true, "details": true, "dialog": true, "dir": true, "div": true, "dl": true, "dt": true,
	"fieldset": true, "figcaption": true, "figure": true, "footer": true, "form": true, "h1": true,
	"h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "header": true, "hgroup": true,
	"hr": true, "html": true, "legend": true, "li": true, "listing": true, "main": true, "menu": true,
	"nav": true, "ol": true, "p": true, "plaintext": true, "pre": true, "section": true, "summary": true,
	"table": true, "caption": true, "thead": true, "tbody": true, "tfoot": true, "tr": true, "td": true,
	"th": true, "ul": true, "xmp": true, "option": true, "optgroup": true, "frameset": true, "frame": true,
	"search": true,
}

// lineTags end a line but not a paragraph.
var lineTags = map[string]bool{
	"li": true, "dt": true, "dd": true, "tr": true, "br": true, "option": true,
	"caption": true, "thead": true, "tbody": true, "tfoot": true, "summary": true,
}

var skipTags = map[string]bool{
	"head": true, "script": true, "style": true, "noscript": true, "template": true, "iframe": true,
	"svg": true, "math": true, "canvas": true, "video": true, "audio": true, "object": true,
	"embed": true, "select": true, "button": true, "input": true, "textarea": true, "map": true,
}

type textBuilder struct {
	b        strings.Builder
	breakLvl int  // pending line breaks before the next word (max 2)
	space    bool // pending space before the next word
	boundary bool // an inline element opened or closed since the last word
	runLen   int  // runes written since the last space or boundary
	last     rune // last rune written
}

func (t *textBuilder) newline(n int) {
	if n > t.breakLvl {
		t.breakLvl = n
	}
}

func (t *textBuilder) word(w string) {
	if t.b.Len() > 0 {
		switch {
		case t.breakLvl >= 2:
			t.b.WriteString("\n\n")
			t.runLen = 0
		case t.breakLvl == 1:
			t.b.WriteByte('\n')
			t.runLen = 0
		case t.space:
			t.b.WriteByte(' ')
			t.runLen = 0
		case t.boundary && (t.runLen >= 2 && gluedWords(t.last, w) || scriptChange(t.last, w)):
			// "FL</span><span>June": two inline elements that CSS sets
			// apart; a drop cap ("<span>T</span>he") stays one word.
			t.b.WriteByte(' ')
			t.runLen = 0
		}
	}
	t.breakLvl, t.space, t.boundary = 0, false, false
	t.b.WriteString(w)
	for _, r := range w {
		t.last = r
		t.runLen++
	}
}

// gluedWords reports whether text ending in last and text starting with w
// would read as two words glued together: a letter or digit, then a capital.
func gluedWords(last rune, w string) bool {
	if !(unicode.IsLetter(last) || unicode.IsDigit(last)) {
		return false
	}
	for _, r := range w {
		return unicode.IsUpper(r) && !unicode.IsUpper(last) || unicode.IsUpper(r) && unicode.IsUpper(last) && len(w) > 1 && !isAllUpper(w)
	}
	return false
}

// scriptChange reports a switch between a script written without spaces
// (Chinese, Japanese) and a Latin word at an element boundary, where
// typesetting puts a space: "ソフト<a>KeePass</a>の" reads "ソフト KeePass の".
func scriptChange(last rune, w string) bool {
	for _, r := range w {
		return noSpaceScript(last) && isLatinAlnum(r) || isLatinAlnum(last) && noSpaceScript(r)
	}
	return false
}

func noSpaceScript(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

func isLatinAlnum(r rune) bool {
	return r < 0x250 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func isAllUpper(w string) bool {
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// renderText renders n as plain text: paragraphs and headings separated by
// one blank line, list items and table rows on their own lines, white space
// collapsed.
func renderText(n *html.Node) string {
	var t textBuilder
	var walk func(n *html.Node, pre bool)
	walk = func(n *html.Node, pre bool) {
		switch n.Type {
		case html.TextNode:
			s := n.Data
			if pre {
				// Highlighted code splits lines into many text nodes: the
				// spaces and line breaks between them are the code's.
				lines := strings.Split(s, "\n")
				for i, l := range lines {
					if i > 0 {
						t.newline(1)
					}
					r := strings.TrimRightFunc(l, unicode.IsSpace)
					if r != "" {
						t.word(cleanRunes(r))
					}
					if len(r) < len(l) && i == len(lines)-1 {
						t.space = true
					}
				}
				return
			}
			if s == "" {
				return
			}
			if unicode.IsSpace(rune(s[0])) || strings.HasPrefix(s, "\u00a0") {
				t.space = true
			}
			for f := range strings.FieldsSeq(s) {
				if f = cleanRunes(f); f != "" {
					t.word(f)
					t.space = true
				}
			}
			t.space = len(s) > 0 && (unicode.IsSpace(rune(s[len(s)-1])) || strings.HasSuffix(s, "\u00a0"))
			return
		case html.ElementNode:
			if skipTags[n.Data] {
				return
			}
			tag := n.Data
			if tag == "br" {
				if t.breakLvl >= 1 {
					t.newline(2)
				} else {
					t.newline(1)
				}
				return
			}
			t.edge(tag)
			if tag == "pre" {
				pre = true
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c, pre)
			}
			t.edge(tag)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, pre)
		}
	}
	walk(n, false)
	return t.b.String()
}

// edge is what the start and the end of an element do to the text around
// it: a cell a space, an inline element a word boundary, a line element (list
// item, table row, ...) a line break, any other block a blank line.
func (t *textBuilder) edge(tag string) {
	switch {
	case tag == "td" || tag == "th":
		t.space = true
	case !blockTags[tag]:
		t.boundary = true
	case lineTags[tag]:
		t.newline(1)
	default:
		t.newline(2)
	}
}

// cleanRunes drops what dropRune names.
func cleanRunes(s string) string {
	for _, r := range s {
		if dropRune(r) {
			return strings.Map(func(r rune) rune {
				if dropRune(r) {
					return -1
				}
				return r
			}, s)
		}
	}
	return s
}

// dropRune reports the runes that never reach our text: control
// characters (C0 but tab and line breaks, DEL, C1: terminal escapes among
// them), replacement characters, soft hyphens and zero-width marks.
func dropRune(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r' || r == '\f':
		return false
	case r < 0x20 || r >= 0x7f && r <= 0x9f:
		return true
	}
	return r == '\uFFFD' || r == '\u00AD' || r == '\u200B' || r == '\uFEFF'
}

// cleanMeta makes a metadata value one clean line.
func cleanMeta(s string) string {
	return collapseSpace(cleanRunes(s))
}
