package readability

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// Boilerplate recognised by the class and id tokens of an element: share
// bars, related-link widgets, newsletter and cookie boxes, author boxes,
// tag lists, breadcrumbs, ad slots, comment threads, captions, bylines.
// Tokens are the lower-cased runs of letters and digits of class and id,
// so "post-share-bar" gives post, share, bar and "shareBar" gives sharebar.

// boilerExact are tokens that mark boilerplate when they are the whole token.
var boilerExact = map[string]bool{
	"ad": true, "ads": true, "adv": true, "advert": true, "adslot": true, "adunit": true, "dfp": true,
	"advertisement": true, "advertising": true, "sponsored": true, "sponsor": true, "share": true,
	"shares": true, "sharing": true, "sharebar": true, "sharetools": true, "social": true,
	"socials": true, "sociallinks": true, "addthis": true, "sharedaddy": true, "related": true,
	"relatedposts": true, "relatedarticles": true, "recommended": true, "recommendations": true,
	"newsletter": true, "subscribe": true, "subscription": true, "signup": true, "cookie": true,
	"cookies": true, "consent": true, "gdpr": true, "breadcrumb": true,
	"breadcrumbs": true, "byline": true, "bylines": true, "author": true, "authors": true,
	"dateline": true, "timestamp": true, "date": true, "pubdate": true, "caption": true,
	"captions": true, "credit": true, "credits": true, "figcaption": true, "promo": true,
	"promotion": true, "outbrain": true, "taboola": true, "popular": true, "mostpopular": true,
	"mostread": true, "trending": true, "widget": true, "widgets": true, "sidebar": true,
	"comment": true, "comments": true, "commentlist": true, "disqus": true, "modal": true,
	"toolbar": true, "pagination": true, "pager": true, "nav": true, "navigation": true,
	"navbar": true, "menu": true, "submenu": true, "tags": true, "tag": true, "taglist": true,
	"tagcloud": true, "keywords": true, "footer": true, "masthead": true, "meta": true,
	"screenreader": true, "visuallyhidden": true, "print": true, "follow": true, "rating": true,
	"readmore": true, "readalso": true, "seealso": true, "alsoread": true, "morestories": true,
	"moreon": true, "newsletters": true, "donate": true, "banner": true, "overlay": true,
	"lightbox": true, "slideshow": true, "carousel": true, "playlist": true, "tools": true,
	"utility": true, "actions": true, "bio": true, "profile": true, "reactions": true,
	"feedback": true, "upnext": true, "next": true, "prev": true, "previous": true, "skip": true,
	"rail": true, "teaser": true, "teasers": true, "slider": true, "gallery": true, "copyright": true,
	"legal": true, "login": true, "register": true, "alert": true,
}

// boilerPrefixes mark boilerplate when a token starts with them.
var boilerPrefixes = []string{
	"share", "sharing", "social", "related", "newsletter", "subscri", "cookie", "breadcrumb", "byline",
	"caption", "advert", "sponsor", "outbrain", "taboola", "mostpopular", "mostread", "trending",
	"comment", "disqus", "signup", "paywallbar", "paywallmodal", "paywallprompt", "paywallmessage",
	"recommend", "readmore", "readalso", "seealso", "alsoread", "morestories", "moreon", "pagination",
	"promo", "authorbox", "authorbio", "authorinfo", "aboutauthor", "tagcloud", "taglist", "adslot",
	"adunit", "adcontainer", "adwrap", "adbox", "googlead", "dfp", "adsbygoogle", "adspot", "adholder", "sidebar", "widget", "screenreader",
	"visuallyhidden", "nocontent",
}

// boilerSuffixes mark boilerplate when a token ends with them.
var boilerSuffixes = []string{
	"share", "sharing", "social", "related", "newsletter", "caption", "credit", "credits", "byline",
	"comments", "breadcrumbs", "sidebar", "widget", "promo", "meta", "tags", "nav", "menu",
	"footer", "timestamp", "dateline", "toolbar", "popular",
}

// notBoiler are tokens that look like boilerplate by prefix but are not.
var notBoiler = map[string]bool{
	"commentary": true, "commentator": true, "commentators": true,
}

// tokens splits s into lower-case runs of letters and digits.
func tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
}

// boilerToken reports whether one class/id token names boilerplate.
func boilerToken(t string) bool {
	if len(t) < 2 || notBoiler[t] {
		return false
	}
	if boilerExact[t] {
		return true
	}
	if len(t) < 4 {
		return false
	}
	for _, p := range boilerPrefixes {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	for _, s := range boilerSuffixes {
		if strings.HasSuffix(t, s) && len(t) > len(s)+1 {
			return true
		}
	}
	return false
}

// contentTokens mark embedded posts that are part of the story (tweets,
// Instagram posts) even inside a widget-named wrapper.
var contentTokens = map[string]bool{
	"tweet": true, "twittertweet": true, "embeddedtweet": true, "instagram": true, "instagrammedia": true,
	"tiktok": true, "tiktokembed": true,
}

// hiddenTokens remove even inline elements: text nobody sees.
var hiddenTokens = map[string]bool{
	"hidden": true, "hide": true, "invisible": true, "screenreader": true, "visuallyhidden": true,
	"sronly": true, "offscreen": true,
}

// breakpoints follow "hidden" in responsive classes ("hidden-xs",
// "hide-on-mobile"): the element is hidden on some screens only.
var breakpoints = map[string]bool{
	"xs": true, "sm": true, "md": true, "lg": true, "xl": true, "xxl": true, "mobile": true, "tablet": true,
	"desktop": true, "small": true, "medium": true, "large": true, "phone": true, "print": true, "on": true,
	"for": true, "until": true, "from": true, "below": true, "above": true, "up": true, "down": true,
}

func breakpointSuffix(t string) bool {
	for b := range breakpoints {
		if len(b) > 2 && strings.HasSuffix(t, b) && len(t) > len(b) {
			return true
		}
	}
	return false
}

// hiddenPairs are hidden-text classes split in two tokens ("sr-only").
var hiddenPairs = map[string]string{"sr": "only", "off": "screen", "screen": "reader", "visually": "hidden", "element": "invisible"}

// popupTokens mark hover cards; the wrapper of a hover card often holds the
// in-text link it decorates, so only the innermost such element goes.
var popupTokens = map[string]bool{
	"tooltip": true, "popover": true, "hovercard": true, "rollover": true, "popup": true,
}

func popupClass(n *html.Node) bool {
	for _, t := range tokens(attr(n, "class") + " " + attr(n, "id")) {
		if popupTokens[t] {
			return true
		}
	}
	return false
}

// innermostPopup reports whether n is a hover card with no hover card inside.
func innermostPopup(n *html.Node) bool {
	if !popupClass(n) {
		return false
	}
	for _, e := range elements(n) {
		if popupClass(e) {
			return false
		}
	}
	return true
}

// boilerClass reports whether n's class, id or role marks boilerplate.
// Links are judged only by tokens of hidden text, so that a sentence
// never loses a linked word.
func boilerClass(n *html.Node, h1s map[*html.Node]bool) bool {
	// A link inside a sentence is never removed for its class (auto-tag
	// plugins give in-text links a "tag" class).
	inline := n.Data == "a"
	for _, a := range n.Attr {
		switch a.Key {
		case "class", "id":
			ts := tokens(a.Val)
			if a.Key == "id" && headingSlug(n, ts) {
				continue // "sharing-with-multiple-developers": an anchor named after the section's heading
			}
			for i, t := range ts {
				if i+1 < len(ts) && hiddenPairs[t] == ts[i+1] {
					return true
				}
				if hiddenTokens[t] && (i+1 == len(ts) || !breakpoints[ts[i+1]]) && !breakpointSuffix(t) {
					return true
				}
			}
			if inline {
				continue
			}
			if embeddedPost(ts) {
				return false
			}
			for i, t := range ts {
				if boilerToken(t) {
					return true
				}
				// "paywall" alone marks the paragraphs behind the paywall
				// (the article); "paywall-bar", "paywall-modal" its box.
				if t == "paywall" && i+1 < len(ts) {
					return true
				}
				if (t == "header" || strings.HasSuffix(t, "header") && !strings.HasSuffix(t, "subheader")) && headerBlock(n, h1s) {
					return true
				}
			}
		case "role":
			switch strings.ToLower(a.Val) {
			case "navigation", "complementary", "banner", "contentinfo", "menu", "menubar", "toolbar", "dialog", "alert", "search":
				return true
			}
		case "aria-hidden":
			if a.Val == "true" && !inline {
				return true
			}
		case "hidden":
			return true
		case "itemprop":
			if inline {
				continue
			}
			switch strings.ToLower(a.Val) {
			case "author", "datepublished", "datemodified", "publisher", "caption", "keywords", "description":
				return true
			}
		}
	}
	return false
}

// headingSlug reports whether id tokens ts are a slug of n's first
// heading: documentation and wiki sections are anchored by their heading's
// words ("getting-into-trouble-with-shared-history"), which say nothing of
// the section's role.
func headingSlug(n *html.Node, ts []string) bool {
	if len(ts) < 3 {
		return false
	}
	var h *html.Node
	if isElement(n, "h1", "h2", "h3", "h4", "h5", "h6") {
		h = n
	} else if hs := firstElement(n, "h1", "h2", "h3", "h4", "h5", "h6"); hs != nil {
		h = hs
	} else {
		return false
	}
	words := make(map[string]bool)
	for _, w := range tokens(textOf(h)) {
		words[w] = true
	}
	for _, t := range ts {
		if !words[t] {
			return false
		}
	}
	return true
}

// headerBlock tells an article header (headline, byline, date) from a
// box's heading row: the latter holds a sub-heading and no h1.
func headerBlock(n *html.Node, h1s map[*html.Node]bool) bool {
	for _, h := range elements(n, "h1", "h2") {
		if h.Data == "h1" || h1s[h] {
			return true
		}
	}
	return len(elements(n, "h2", "h3", "h4", "h5", "h6")) == 0
}

// keepHeadings empties a header of everything but its headings: the
// heading of a live-blog entry stays, its time stamp and author go.
func keepHeadings(n, root *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch {
		case isElement(c, "h1", "h2", "h3", "h4", "h5", "h6"):
		case c.Type == html.ElementNode && len(elements(c, "h1", "h2", "h3", "h4", "h5", "h6")) > 0:
			keepHeadings(c, root)
		default:
			if c.Type == html.ElementNode {
				debugRemove(c, "header-meta")
			}
			n.RemoveChild(c)
		}
		c = next
	}
}

func embeddedPost(ts []string) bool {
	post, share := false, false
	for _, t := range ts {
		if contentTokens[t] || strings.HasSuffix(t, "tweet") {
			post = true
		}
		if strings.HasPrefix(t, "share") || strings.HasPrefix(t, "follow") {
			share = true
		}
	}
	return post && !share
}

// boilerTags are elements that never hold article text.
var boilerTags = map[string]bool{
	"nav": true, "aside": true, "footer": true, "form": true, "button": true, "figcaption": true,
	"header": true, "select": true, "input": true, "textarea": true, "menu": true,
	"dialog": true,
}

// removeBoilerBlocks removes elements recognised as boilerplate by tag or
// class, unless they hold a large share of the article's text (then the
// class is more likely a theme's quirk than a widget).
func removeBoilerBlocks(root *html.Node, h1s map[*html.Node]bool) {
	total := textLen(root)
	// Several headers with headings are the entry headers of a live blog
	// or a list article: their headings are text. One is the article's
	// own header: headline, standfirst, byline, date.
	entryHeaders := 0
	for _, h := range elements(root, "header") {
		if len(elements(h, "h2", "h3", "h4", "h5", "h6")) > 0 {
			entryHeaders++
		}
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.ElementNode {
				popup := popupClass(c)
				if c.Data == "header" && entryHeaders >= 2 && !headerBlock(c, h1s) {
					keepHeadings(c, root)
				} else if (boilerTags[c.Data] || !popup && boilerClass(c, h1s) || popup && c.Data != "a" && innermostPopup(c)) && removable(c, total) && !leadingDateline(c) {
					debugRemove(c, "class")
					n.RemoveChild(c)
				} else {
					walk(c)
				}
			}
			c = next
		}
	}
	walk(root)
}

// leadingDateline reports whether n is the place line that opens a news
// story's first sentence (<p><span class="dateline">KOBE – </span>A total
// of…): inline, first in its paragraph, a few words without a digit (a
// publication date has some) and followed by the sentence it opens. The
// place is article text, as in "WASHINGTON (AP) —"; a date line is not.
func leadingDateline(n *html.Node) bool {
	if !isElement(n, "span", "strong", "b", "em") || n.Parent == nil || !isElement(n.Parent, "p") {
		return false
	}
	for c := n.Parent.FirstChild; c != n; c = c.NextSibling {
		if c.Type == html.ElementNode || c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
			return false
		}
	}
	// "dateline" must be the only reason to remove it: not hidden, not
	// also a byline, not described as metadata.
	marked := false
	for _, a := range n.Attr {
		switch a.Key {
		case "class", "id":
			ts := tokens(a.Val)
			for i, t := range ts {
				switch {
				case t == "dateline":
					marked = true
				case boilerToken(t) || hiddenTokens[t] || popupTokens[t] || i+1 < len(ts) && hiddenPairs[t] == ts[i+1]:
					return false
				}
			}
		case "hidden", "aria-hidden", "itemprop", "role":
			return false
		}
	}
	text := strings.TrimSpace(textOf(n))
	if !marked || text == "" || strings.ContainsAny(text, "0123456789") || wordCount(text) > 6 || notPlace.MatchString(text) {
		return false
	}
	return wordCount(textOf(n.Parent))-wordCount(text) >= 5
}

// notPlace matches what a date line holds and a place line does not: days,
// months, "updated", "ago", "by".
var notPlace = regexp.MustCompile(`(?i)\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|updated|posted|published|ago|by|` + dateWords + `)\b`)

// removable guards against removing the article itself.
func removable(n *html.Node, total int) bool {
	if total == 0 {
		return true
	}
	t, l := linkTextLen(n)
	if t*3 < total {
		return true
	}
	// A big block that is mostly links is still a widget.
	return l*2 > t
}

func textLen(n *html.Node) int {
	t, _ := linkTextLen(n)
	return t
}
