package readability

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// Share bars and tag rows that survive as lines of links.

// socialNames are the words of a share row.
var socialNames = map[string]bool{
	"facebook": true, "twitter": true, "x": true, "whatsapp": true, "telegram": true, "linkedin": true,
	"pinterest": true, "pin": true, "pint": true, "reddit": true, "email": true, "e-mail": true, "mail": true,
	"print": true, "share": true, "tweet": true, "messenger": true, "flipboard": true, "tumblr": true,
	"vk": true, "viber": true, "line": true, "copy": true, "link": true, "sms": true, "comment": true,
	"comments": true, "save": true, "baixar": true, "download": true, "compartilhar": true, "compartir": true,
	"teilen": true, "partager": true, "condividi": true, "bagikan": true, "поделиться": true, "google+": true,
	"it": true, "this": true, "on": true, "via": true, "article": true, "story": true,
}

var shareHosts = []string{
	"facebook.com/share", "twitter.com/intent", "twitter.com/share", "x.com/intent",
	"api.whatsapp.com", "wa.me", "pinterest.com/pin/create", "linkedin.com/share", "reddit.com/submit", "t.me/share", "telegram.me/share",
	"vk.com/share", "tumblr.com/share", "plus.google.com/share", "getpocket.com/save", "flipboard.com/bookmarklet",
}

// shareRow reports a short line of share buttons: every word is a social
// network or a share verb, or most links go to share endpoints.
func shareRow(b block) bool {
	if b.words > 15 {
		return false
	}
	social := 0
	for w := range strings.FieldsSeq(strings.ToLower(b.text)) {
		if socialNames[strings.Trim(w, ".,:;|·•()[]")] {
			social++
		}
	}
	if social*10 >= b.words*8 && b.linked >= 0.5 {
		return true
	}
	links := elements(b.node, "a")
	if len(links) == 0 || b.words > 4 {
		return false
	}
	share := 0
	for _, a := range links {
		if isShareURL(attr(a, "href")) {
			share++
		}
	}
	return share*2 > len(links)
}

func isShareURL(href string) bool {
	h := strings.ToLower(href)
	if strings.HasPrefix(h, "mailto:") && strings.Contains(h, "subject=") || strings.HasPrefix(h, "whatsapp:") {
		return true
	}
	if u, err := url.Parse(h); err == nil && u.Host != "" {
		h = u.Host + u.Path
	}
	for _, s := range shareHosts {
		if strings.Contains(h, s) {
			return true
		}
	}
	return false
}

// tagRow reports a line of tag links (rel="tag"), with its "Tags" label.
func tagRow(b block) bool {
	if b.linked < 0.5 {
		return false
	}
	tags := 0
	for _, a := range elements(b.node, "a") {
		if hasToken(attr(a, "rel"), "tag") || hasToken(attr(a, "rel"), "category") {
			tags++
		}
	}
	return tags >= 2
}

func removeShareRows(root *html.Node, bs []block) {
	for _, b := range bs {
		switch {
		case !isDescendant(b.node, root):
		case shareRow(b):
			removeBlock(b.node, root, "share-row")
		case tagRow(b):
			removeBlock(b.node, root, "tag-row")
		}
	}
}
