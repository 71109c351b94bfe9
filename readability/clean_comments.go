package readability

import (
	"strings"

	"golang.org/x/net/html"
)

// Comment threads and forms: never article text, and under a short post
// a long thread would win readeck's scoring.

// commentSection tells a comment thread or form by its class or id.
func commentSection(n *html.Node) bool {
	for _, a := range n.Attr {
		if (a.Key == "class" || a.Key == "id") && commentTokens(a.Val) {
			return true
		}
	}
	return false
}

func commentTokens(v string) bool {
	if len(v) < 6 {
		return false
	}
	if !hasCommentWord(v) {
		return false
	}
	for _, t := range tokens(v) { // lower-cased runs of letters and digits
		switch t {
		case "commentlist", "commentsarea", "respond", "commentrespond", "commentform", "commentsection",
			"discussion", "replies":
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

// hasCommentWord reports whether v holds "comment", "disqus", "respond",
// "discussion" or "replies" in any ASCII case, in one pass over v (every
// class and id of the page goes through it).
func hasCommentWord(v string) bool {
	for i := 0; i < len(v); i++ {
		switch v[i] | 0x20 { // ASCII lower case; other bytes match no case below
		case 'c':
			if hasFoldAt(v, i, "comment") {
				return true
			}
		case 'd':
			if hasFoldAt(v, i, "disqus") || hasFoldAt(v, i, "discussion") {
				return true
			}
		case 'r':
			if hasFoldAt(v, i, "respond") || hasFoldAt(v, i, "replies") {
				return true
			}
		}
	}
	return false
}

// hasFoldAt reports whether s holds the lower-case ASCII word sub at i,
// ignoring ASCII case.
func hasFoldAt(s string, i int, sub string) bool {
	if len(s)-i < len(sub) {
		return false
	}
	for j := 0; j < len(sub); j++ {
		c := s[i+j]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != sub[j] {
			return false
		}
	}
	return true
}
