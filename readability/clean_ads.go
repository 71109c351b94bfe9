package readability

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// adLabel is the whole text of an ad slot's label ("- Advertisement -").
var adLabel = regexp.MustCompile(`(?i)^[\s\-–—_|·•*]*(advertisement|advertising|advertisment|advert|ads?|anzeige|werbung|publicidade|publicidad|publicité|pubblicità|реклама|reklama|reklame|reklam|advertentie|annonce|mainos|iklan|إعلان|広告|광고|广告|廣告|sponsored|sponsored content|paid content|paid post|story continues below( advertisement)?|article continues below( advertisement)?|continue reading below|content continues below)[\s\-–—_|·•*:]*$`)

// buttonLabel is the whole text of a control: a click-to-tweet button, a
// share or print link, a comment counter.
var buttonLabel = regexp.MustCompile(`(?i)^(click to tweet|tweet this( quote)?|share this( article| story)?|share|tweet|print|email|e-mail|copy link|link copied|show more|load more|view comments|leave a comment|\d+ comments?|comments? \(\d+\))$`)

// removeAdLabels removes every element, inline ones included, whose whole
// text is an ad slot's label or a control's button text.
func removeAdLabels(root *html.Node) {
	// Work from the text nodes: only short ones can be a label, so the
	// cost stays linear in the size of the article.
	var texts []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				if t := strings.TrimSpace(c.Data); t != "" && len(t) < 60 {
					texts = append(texts, c)
				}
			case c.Type == html.ElementNode && !skipTags[c.Data]:
				walk(c)
			}
		}
	}
	walk(root)
	for _, tn := range texts {
		label := collapseSpace(tn.Data)
		ad := adLabel.MatchString(label)
		if !ad && !buttonLabel.MatchString(label) {
			continue
		}
		// The largest element whose whole text is the label.
		var el *html.Node
		// A button's text never takes a paragraph or heading with it.
		for p := tn.Parent; p != nil && p != root && p.Type == html.ElementNode; p = p.Parent {
			if !ad && isElement(p, "p", "h1", "h2", "h3", "h4", "h5", "h6") || collapseSpace(textOf(p)) != label {
				break
			}
			el = p
		}
		if el != nil && isDescendant(el, root) {
			removeBlock(el, root, "ad")
		}
	}
}
