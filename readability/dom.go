package readability

import (
	"strings"

	"golang.org/x/net/html"
)

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// hasToken reports whether the space-separated list s holds tok (case-insensitive).
func hasToken(s, tok string) bool {
	for f := range strings.FieldsSeq(s) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// textOf returns the concatenated text of n's descendants.
func textOf(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	if c := n.FirstChild; c != nil && c.NextSibling == nil && c.Type == html.TextNode {
		return c.Data
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(c.Data)
			case html.ElementNode:
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}

// collapseSpace trims s and turns every run of white space into one space.
func collapseSpace(s string) string {
	if collapsed(s) {
		return s // most lines: no copy
	}
	return strings.Join(strings.Fields(s), " ")
}

// collapsed reports an ASCII line without white space at its ends, runs of
// spaces, or white space other than ' ': collapseSpace would return it as
// is. (Lines with other bytes take the general path.)
func collapsed(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x80 || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
			return false
		case c == ' ' && s[i+1] == ' ':
			return false
		}
	}
	return true
}

func isElement(n *html.Node, tags ...string) bool {
	if n == nil || n.Type != html.ElementNode {
		return false
	}
	for _, t := range tags {
		if n.Data == t {
			return true
		}
	}
	return false
}

func removeNode(n *html.Node) {
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
}

// unwrap replaces n by its children.
func unwrap(n *html.Node) {
	p := n.Parent
	if p == nil {
		return
	}
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		n.RemoveChild(c)
		p.InsertBefore(c, n)
		c = next
	}
	p.RemoveChild(n)
}

// elements returns the element descendants of n in document order.
func elements(n *html.Node, tags ...string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if len(tags) == 0 || isElement(c, tags...) {
				out = append(out, c)
			}
			walk(c)
		}
	}
	walk(n)
	return out
}

// firstElement returns the first element descendant of n with one of
// tags, in document order, or nil.
func firstElement(n *html.Node, tags ...string) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if isElement(c, tags...) {
			return c
		}
		if e := firstElement(c, tags...); e != nil {
			return e
		}
	}
	return nil
}

// inPageLinks reports whether n holds links and all of them point into
// the page itself (href="#..."): a section heading linked back to the
// table of contents, not a headline pointing elsewhere.
func inPageLinks(n *html.Node) bool {
	as := elements(n, "a")
	if isElement(n, "a") {
		as = append(as, n)
	}
	for _, a := range as {
		if !strings.HasPrefix(strings.TrimSpace(attr(a, "href")), "#") {
			return false
		}
	}
	return len(as) > 0
}

// linkTextLen returns the lengths of n's text and of the part inside links.
func linkTextLen(n *html.Node) (total, linked int) {
	var walk func(n *html.Node, inLink bool)
	walk = func(n *html.Node, inLink bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				l := len(strings.TrimSpace(c.Data))
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
	return total, linked
}

// linkDensity is the share of n's text inside links.
func linkDensity(n *html.Node) float64 {
	t, l := linkTextLen(n)
	if t == 0 {
		return 0
	}
	return float64(l) / float64(t)
}

// insideLink reports whether n is a link or inside one.
func insideLink(n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == "a" {
			return true
		}
	}
	return false
}
