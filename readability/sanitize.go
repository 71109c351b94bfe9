package readability

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// safeTags are kept by the sanitizer; other elements are unwrapped (their
// text kept) unless listed in dropTags.
var safeTags = map[string]bool{
	"a": true, "abbr": true, "b": true, "blockquote": true, "br": true, "caption": true, "cite": true,
	"code": true, "dd": true, "del": true, "div": true, "dl": true, "dt": true, "em": true,
	"figcaption": true, "figure": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true,
	"h6": true, "hr": true, "i": true, "img": true, "ins": true, "kbd": true, "li": true, "mark": true,
	"ol": true, "p": true, "pre": true, "q": true, "s": true, "section": true, "small": true,
	"strong": true, "sub": true, "sup": true, "table": true, "tbody": true, "td": true, "tfoot": true,
	"th": true, "thead": true, "time": true, "tr": true, "u": true, "ul": true, "article": true,
	"picture": true, "source": false,
}

var dropTags = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "iframe": true, "object": true,
	"embed": true, "form": true, "input": true, "button": true, "select": true, "textarea": true,
	"svg": true, "math": true, "canvas": true, "link": true, "meta": true, "base": true, "frame": true,
	"frameset": true, "applet": true, "video": true, "audio": true, "source": true, "track": true,
	"dialog": true, "head": true, "title": true,
}

var safeAttrs = map[string]map[string]bool{
	"a":          {"href": true, "title": true},
	"img":        {"src": true, "alt": true, "title": true, "width": true, "height": true},
	"time":       {"datetime": true},
	"td":         {"colspan": true, "rowspan": true},
	"th":         {"colspan": true, "rowspan": true, "scope": true},
	"blockquote": {"cite": true},
	"q":          {"cite": true},
	"ol":         {"start": true},
}

// sanitize keeps only safe tags and attributes, makes URLs absolute and
// drops links and images whose URL is not http(s).
func sanitize(root *html.Node, base *url.URL) {
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			switch c.Type {
			case html.ElementNode:
				walk(c)
				switch {
				case dropTags[c.Data]:
					n.RemoveChild(c)
				case !safeTags[c.Data]:
					unwrap(c)
				default:
					cleanAttrs(c, base)
					if c.Data == "img" && attr(c, "src") == "" {
						n.RemoveChild(c)
					}
				}
			case html.TextNode:
				if s := cleanRunes(c.Data); s != c.Data {
					// keep line structure for <pre>, drop control characters elsewhere
					c.Data = s
				}
			default:
				n.RemoveChild(c) // comments, doctypes
			}
			c = next
		}
	}
	walk(root)
	cleanAttrs(root, base)
}

func cleanAttrs(n *html.Node, base *url.URL) {
	allowed := safeAttrs[n.Data]
	out := n.Attr[:0]
	for _, a := range n.Attr {
		if a.Namespace != "" || !allowed[a.Key] {
			continue
		}
		switch a.Key {
		case "href", "src", "cite":
			if strings.HasPrefix(strings.TrimSpace(a.Val), "#") && a.Key == "href" {
				break
			}
			a.Val = absURL(base, a.Val)
			if a.Val == "" {
				continue
			}
		}
		a.Val = cleanRunes(a.Val)
		out = append(out, a)
	}
	n.Attr = out
}
