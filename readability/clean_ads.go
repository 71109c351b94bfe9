package readability

import (
	"regexp"

	"golang.org/x/net/html"
)

// adLabel is the whole text of an ad slot's label ("- Advertisement -").
var adLabel = regexp.MustCompile(`(?i)^[\s\-–—_|·•*]*(advertisement|advertising|advertisment|advert|ads?|anzeige|werbung|publicidade|publicidad|publicité|pubblicità|реклама|iklan|広告|광고|sponsored|sponsored content|paid content|paid post|story continues below( advertisement)?|article continues below( advertisement)?|continue reading below|content continues below)[\s\-–—_|·•*:]*$`)

// buttonLabel is the whole text of a control: a click-to-tweet button, a
// share or print link, a comment counter.
var buttonLabel = regexp.MustCompile(`(?i)^(click to tweet|tweet this( quote)?|share this( article| story)?|share|tweet|print|email|e-mail|copy link|link copied|show more|load more|view comments|leave a comment|\d+ comments?|comments? \(\d+\))$`)

// removeAdLabels removes every element, inline ones included, whose whole
// text is an ad slot's label or a control's button text.
func removeAdLabels(root *html.Node) {
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.ElementNode {
				t := collapseSpace(textOf(c))
				if t != "" && len(t) < 60 && (adLabel.MatchString(t) || buttonLabel.MatchString(t) && c.Data != "p" && !isElement(c, "h1", "h2", "h3", "h4", "h5", "h6")) {
					removeBlock(c, root, "ad")
				} else {
					walk(c)
				}
			}
			c = next
		}
	}
	walk(root)
}
