package readability

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// The head and the tail of an extracted article collect what the truth of
// an article never holds: the headline again, kicker, byline, dateline and
// "Updated" lines on top; contact lines, sources, tags and share rows below.

var bylineLine = regexp.MustCompile(`(?i)^(by|written by|posted by|words by|story by|por|von|par|di|door|av|af|przez|oleh|от|автор|reporting by)\s*:?\s+\S`)

var dateWords = `(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?|janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro|enero|febrero|marzo|mayo|junio|julio|septiembre|octubre|noviembre|diciembre|januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|januari|februari|maret|mei|agustus|desember|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)`

var dateLine = regexp.MustCompile(`(?i)(^(updated|published|posted|last updated|last modified|modified|created|atualizado|publicado|postado|aktualisiert|veröffentlicht|mis à jour|publié|actualizado|diperbarui|dipublikasikan|pubblicato|aggiornato|обновлено|опубликовано)\b|\b` + dateWords + `\.?\s+\d{1,2}\b|\b\d{1,2}(st|nd|rd|th)?\.?\s+(de\s+)?` + dateWords + `\b|\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b\d{1,2}:\d{2}\s*(am|pm|a\.m\.|p\.m\.)?|\b\d+\s+(minutes?|hours?|days?|weeks?)\s+ago\b)`)

var dateStamp = mustCompileGated(`(?i)^(updated|published|posted|last updated|last modified|modified|created|atualizado|publicado|postado|aktualisiert|veröffentlicht|mis à jour|publié|actualizado|diperbarui|dipublikasikan|pubblicato|aggiornato|обновлено|опубликовано)\b`)

// dateOnly reports a time stamp line: it opens with "Updated" or the like,
// or it is dates and times with at most two other words ("Nov 19, 2019 |
// 9:41 AM EST"), unlike "Aug. 30 -- Pepsi Center, Denver, CO".
func dateOnly(s string) bool {
	if dateStamp.MatchString(s) {
		return true
	}
	// Every branch of dateLine but the stamp words needs a digit.
	return strings.ContainsAny(s, "0123456789") && mostlyDates(s)
}

// mostlyDates reports a line of dates and times with at most two other words.
func mostlyDates(s string) bool {
	if !dateLine.MatchString(s) {
		return false
	}
	rest := dateLine.ReplaceAllString(s, " ")
	n := 0
	for w := range strings.FieldsSeq(rest) {
		if strings.IndexFunc(w, unicode.IsLetter) >= 0 && !weekdayOrZone.MatchString(w) {
			n++
		}
	}
	return n <= 2
}

var weekdayOrZone = regexp.MustCompile(`^(?i:(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?|at|on|um|às|à|le|el|de|do|da|der|am|pm|a\.m\.|p\.m\.|\|)$|^\(?[A-Z]{2,4}\)?,?$`)

var readingTime = regexp.MustCompile(`(?i)^\d+\s*(min(ute)?s?|mins?)\.?\s*(read|de leitura|lesezeit|de lecture|lettura)?$|^(reading time|tempo de leitura|lesezeit)\b`)

// creditLine is a wire story's production credit at its foot.
var creditLine = regexp.MustCompile(`(?i)\bcontributed (reporting|to this (report|story|article))\b|^\(?(additional |with )?(reporting|writing|editing|compiled|research) (by|from)\b|\b(editing|writing) by [A-Z]`)

var contactLine = regexp.MustCompile(`(?i)(\b(may|can) be reached at\b|\breach (the )?(reporters?|writers?|authors?)\b|\bcontact (him|her|them|the (author|reporter|writer))\b|\bemail (him|her|them)\b|\b(follow|find) (him|her|them|me) on\b|[\w.+-]+@[\w-]+\.[\w.]+|^(source|sources|fonte|fuente|quelle|источник)s?\s*:|^(tags?|topics|keywords|filed under|categories|category|categorias|etiquetas|schlagwörter)\s*:)`)

// trimEdges removes header lines above the first paragraph of prose and
// footer lines below the last one.
// headLabelWords is the longest line without sentence punctuation that
// still counts as a header line (section name, headline, dek) above the
// first paragraph.
const headLabelWords = 4

func trimEdges(root *html.Node, all []block, a *Article, m *pageMeta) {
	bs := all[:0:0]
	for _, b := range all {
		if isDescendant(b.node, root) {
			bs = append(bs, b)
		}
	}
	if len(bs) == 0 {
		return
	}
	titleKeys := []string{normKey(a.Title), normKey(m.h1)}
	isTitle := func(b block) bool {
		k := normKey(b.text)
		for _, t := range titleKeys {
			if t != "" && (k == t || len(k) > 10 && strings.HasPrefix(t, k) || len(t) > 10 && strings.HasPrefix(k, t) && len(k) < len(t)+20) {
				return true
			}
		}
		return false
	}
	// The description's key is built when a heading first needs it.
	excerptKey, keyed := "", false
	opensDescription := func(text string) bool {
		if !keyed {
			excerptKey, keyed = normKey(a.Excerpt), true
		}
		return opensExcerpt(excerptKey, text)
	}
	afterTitle := false
	headJunk := func(b block) bool {
		dek := afterTitle
		afterTitle = false
		switch {
		case b.node != nil && (isElement(b.node, "h1") || m.h1s[b.node]):
			afterTitle = true
			return true
		case isTitle(b):
			afterTitle = true
			return true
		case isElement(b.node, "h2", "h3", "h4", "h5", "h6") && opensDescription(b.text):
			// The page's description is cut from the body and starts
			// with this heading: it is the body's first section heading
			// ("Highlights" over a list), not a label or a dek. (Only a
			// heading: descriptions cut from the page's text also start
			// with its byline or dateline.)
			return false
		case dek && b.words <= 25 && !sentenceLike(b.text, min(b.words, 11)):
			// The dek under the headline: a summary line without a full stop.
			return true
		case b.words <= 12 && bylineLine.MatchString(b.text) && !strings.HasSuffix(b.text, "."):
			return true
		case b.words <= 16 && dateOnly(b.text) && !sentenceLike(b.text, b.words):
			if a.Published.IsZero() {
				a.Published = dateFromText(b.text)
			}
			return true
		case b.words <= 6 && readingTime.MatchString(b.text):
			return true
		case b.words <= headLabelWords && !sentenceLike(b.text, b.words):
			return true
		case b.words <= 10 && breadcrumbLine.MatchString(b.text):
			return true
		case b.linked >= 0.7 && b.words <= 12 && !(isElement(b.node, "li") && outlineList(b.node.Parent)):
			return true
		}
		return false
	}
	// sectionHeading reports a short heading on top that opens the first of
	// the body's sections: prose follows it, and a later heading of the
	// same tag opens another section ("WebIDE" over its paragraph, then
	// "Page Inspector"). A kicker is followed by the headline or a dek.
	sectionHeading := func(i int) bool {
		b := bs[i]
		if i+1 >= len(bs) || b.words > headLabelWords || !isElement(b.node, "h2", "h3", "h4", "h5", "h6") || m.h1s[b.node] || isTitle(b) {
			return false
		}
		if next := bs[i+1]; next.words < 12 || next.linked > 0.5 {
			return false
		}
		for _, c := range bs[i+2:] {
			if c.node.Data == b.node.Data && c.node.Parent != nil && !m.h1s[c.node] && !isTitle(c) {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(bs) && i < 12; i++ {
		if sectionHeading(i) {
			break
		}
		if trimLines(bs[i].node, root, headJunk, true) {
			removeBlock(bs[i].node, root, "head")
			continue
		}
		break
	}
	// The headline anywhere else.
	for _, b := range bs {
		if b.node.Parent != nil && (isElement(b.node, "h1", "h2") && isTitle(b)) {
			removeBlock(b.node, root, "title")
		}
	}

	tailJunk := func(b block) bool {
		switch {
		case b.words <= 60 && creditLine.MatchString(b.text):
			return true
		case b.words <= 20 && trailingURL.MatchString(b.text):
			return true
		case b.linked >= 0.7 && b.words <= 30:
			return true
		case b.words <= 40 && contactLine.MatchString(b.text):
			return true
		case b.words <= 4 && !sentenceLike(b.text, b.words):
			return true
		case b.words <= 12 && dateOnly(b.text) && !sentenceLike(b.text, b.words):
			return true
		case b.words <= 12 && bylineLine.MatchString(b.text) && !sentenceLike(b.text, b.words):
			return true
		}
		return false
	}
	for i, n := len(bs)-1, 0; i >= 0 && n < 12; i, n = i-1, n+1 {
		if bs[i].node.Parent == nil {
			continue
		}
		if !trimLines(bs[i].node, root, tailJunk, false) {
			break
		}
		removeBlock(bs[i].node, root, "tail")
	}
}

// excerptMoreKeys is how much longer than a line the page's description
// must run for the line to count as the start of an excerpt cut from the
// body: a dek repeated as the description runs no further than itself.
const excerptMoreKeys = 40

// opensExcerpt reports that the description (as a normKey) starts with the
// text of a line and goes on well past it.
func opensExcerpt(excerptKey, text string) bool {
	if len(excerptKey) < excerptMoreKeys {
		return false
	}
	k := normKey(text)
	return len(k) >= 4 && len(excerptKey) >= len(k)+excerptMoreKeys && strings.HasPrefix(excerptKey, k)
}

// bulletLine reports a line that opens with a list marker ("+ Added
// Slime Block", "- Removed Herobrine", "• ...", "2) ..."): a list written
// as <br> lines.
func bulletLine(s string) bool {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' && i < 3 {
		i++
	}
	if i > 0 {
		return i+1 < len(s) && (s[i] == '.' || s[i] == ')') && s[i+1] == ' '
	}
	for _, mk := range []string{"+ ", "- ", "* ", "• ", "· ", "– ", "▪ ", "► ", "→ "} {
		if strings.HasPrefix(s, mk) {
			return true
		}
	}
	return false
}

// trailingURL ends a footer line that points away: "More AP NBA: https://...".
var trailingURL = regexp.MustCompile(`https?://\S+\s*$`)

var breadcrumbLine = regexp.MustCompile(`^[^.!?]{1,60}\s[>»›/|]\s[^.!?]{1,60}$`)

// trimLines applies junk to the <br>-separated lines of block n, from the
// top (head) or the bottom, removing junk lines until a line of text. It
// reports whether every line is junk (then the caller removes the block).
func trimLines(n, root *html.Node, junk func(block) bool, head bool) bool {
	lines := splitLines(n)
	if len(lines) <= 1 {
		t, l := linkTextLen(n)
		text := collapseSpace(textOf(n))
		b := block{node: n, text: text, words: blockWords(text)}
		if t > 0 {
			b.linked = float64(l) / float64(t)
		}
		return junk(b)
	}
	order := make([]int, len(lines))
	for i := range order {
		order[i] = i
		if !head {
			order[i] = len(lines) - 1 - i
		}
	}
	// A line of a list written as <br> lines (it and a neighbour open
	// with a list marker) is an item of the text, never a label or credit.
	listItem := func(i int) bool {
		if !bulletLine(lines[i].text) {
			return false
		}
		for _, j := range [2]int{i - 1, i + 1} {
			if j >= 0 && j < len(lines) && bulletLine(lines[j].text) {
				return true
			}
		}
		return false
	}
	removed := 0
	for _, i := range order {
		ln := lines[i]
		if ln.text == "" {
			removed++
			continue
		}
		if listItem(i) || !junk(ln.block) {
			break
		}
		for _, c := range ln.nodes {
			debugRemove(c, "line")
			n.RemoveChild(c)
		}
		removed++
	}
	return removed == len(lines)
}

type line struct {
	block
	nodes []*html.Node // the children of the block on this line, with the <br> that ends it
}

// splitLines cuts the children of n at <br> elements.
func splitLines(n *html.Node) []line {
	var out []line
	var cur line
	flush := func() {
		var t, l int
		var sb strings.Builder
		for _, c := range cur.nodes {
			ct, cl := linkTextLen(c)
			if c.Type == html.TextNode {
				ct = len(strings.TrimSpace(c.Data))
			}
			t += ct
			l += cl
			sb.WriteString(textOf(c))
			sb.WriteByte(' ')
		}
		cur.text = collapseSpace(sb.String())
		cur.words = blockWords(cur.text)
		if t > 0 {
			cur.linked = float64(l) / float64(t)
		}
		out = append(out, cur)
		cur = line{}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		cur.nodes = append(cur.nodes, c)
		if isElement(c, "br") {
			flush()
		}
	}
	if len(cur.nodes) > 0 {
		flush()
	}
	return out
}
