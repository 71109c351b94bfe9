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
	if !containsFold(v, "comment") && !containsFold(v, "disqus") && !containsFold(v, "respond") &&
		!containsFold(v, "discussion") && !containsFold(v, "replies") {
		return false
	}
	lower := strings.ToLower(v)
	for _, t := range tokens(lower) {
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

// containsFold reports whether s contains the lower-case ASCII word sub,
// ignoring ASCII case, without allocating.
func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for ; j < len(sub); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != sub[j] {
				break
			}
		}
		if j == len(sub) {
			return true
		}
	}
	return false
}
