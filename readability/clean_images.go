package readability

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// Image-only boilerplate: an ad banner, a house promo or a tracking pixel
// has no text, so the text rules never see it, yet it shows in the HTML
// and the Markdown. It is recognised by evidence on the image itself or on
// the textless link around it.

// adURLTokens, in a src or href (host or path), mark an ad or ad server.
var adURLTokens = map[string]bool{
	"ad": true, "ads": true, "advert": true, "adverts": true, "advertise": true, "advertisement": true,
	"advertisements": true, "advertising": true, "adserver": true, "adservice": true, "adsense": true,
	"adnxs": true, "doubleclick": true, "googlesyndication": true, "dfp": true, "sponsor": true,
	"sponsors": true, "sponsored": true, "adspot": true, "adbanner": true, "adbanners": true,
}

// adClassTokens, in the class or id of the image or its link, mark an ad slot.
var adClassTokens = map[string]bool{
	"ad": true, "ads": true, "advert": true, "advertisement": true, "advertising": true, "adspot": true,
	"adsbygoogle": true, "adslot": true, "adunit": true, "adbanner": true, "sponsor": true,
	"sponsored": true, "dfp": true, "adserver": true,
}

// promoTokens are weaker evidence: they count only for an image that is
// not the story's own. "banner" is not one in a class ("article-banner"
// wraps a story's lead photo), nor in a file name ("protest-banner.jpg"),
// only as a folder of banners.
var promoTokens = map[string]bool{
	"promo": true, "promos": true, "promotion": true, "promotional": true, "cta": true,
}

// widgetHosts serve share buttons ("Bookmark and Share"), never a story's image.
var widgetHosts = map[string]bool{"addthis": true, "sharethis": true}

// paidMedia are utm_medium values of a paid or affiliate placement: a
// textless image link tagged with one is a promo.
var paidMedia = map[string]bool{
	"affiliate": true, "affiliates": true, "banner": true, "display": true, "cpc": true, "ppc": true,
	"paid": true, "sponsored": true, "ads": true, "ad": true, "promo": true,
}

var bannerFolders = map[string]bool{"banner": true, "banners": true}

// adPlaceholderAlt is the alt text of a theme's ad placeholder ("spot_img")
// or an alt that only says what the image is for.
var adPlaceholderAlt = regexp.MustCompile(`(?i)^(spot[_\- ]?im(g|age)|ad[_\- ]?(banner|image|img|spot)|banner( ad)?)$`)

// iabSize is a standard IAB ad size, in a file name.
var iabSize = regexp.MustCompile(`(?:^|[^0-9])(728x90|300x250|336x280|160x600|300x600|320x50|970x90|970x250|468x60|250x250)(?:[^0-9]|$)`)

// minDescriptiveAlt is the least words of an alt that describes the image.
const minDescriptiveAlt = 5

var iabSizes = map[[2]int]bool{
	{728, 90}: true, {300, 250}: true, {336, 280}: true, {160, 600}: true, {300, 600}: true,
	{320, 50}: true, {970, 90}: true, {970, 250}: true, {468, 60}: true, {250, 250}: true,
}

// removeImageAds removes every image that is an ad, a promo or a tracking
// pixel by evidence, with the textless link or wrapper it was alone in.
// An image of the story (in a captioned figure, or inside a paragraph of
// text) goes only on strong evidence: ad words or a 1x1 size, never on a
// banner size or a "promo" word alone.
func removeImageAds(root *html.Node) {
	for _, img := range elements(root, "img") {
		if !isDescendant(img, root) {
			continue // went with an earlier image's block
		}
		// The largest textless inline wrapper that holds only this image.
		el := img
		for p := img.Parent; p != nil && p != root && isElement(p, "a", "picture", "span") && strings.TrimSpace(textOf(p)) == "" && len(elements(p, "img")) == 1; p = p.Parent {
			el = p
		}
		strong, weak := imageAdEvidence(img, root)
		if !strong && (!weak || storyImage(img, root)) {
			continue
		}
		removeBlock(el, root, "image-ad")
	}
}

// imageAdEvidence reads the image and the textless wrappers it is alone in
// for ad evidence: strong (ad words, a tracking pixel) or
// weak (promo words, a standard ad size).
func imageAdEvidence(img, root *html.Node) (strong, weak bool) {
	w, wok := pixelSize(attr(img, "width"))
	h, hok := pixelSize(attr(img, "height"))
	if wok && hok {
		if w <= 1 && h <= 1 {
			return true, false // tracking pixel
		}
		if iabSizes[[2]int{w, h}] {
			weak = true
		}
	}
	alt := collapseSpace(attr(img, "alt"))
	if alt != "" && (adLabel.MatchString(alt) || adPlaceholderAlt.MatchString(alt)) {
		return true, weak
	}
	// A size is no evidence for an image its alt describes in a sentence
	// ("A map of the hemisphere centred on New Zealand"): thumbnails come
	// in square and banner-like sizes too; ads carry no such alt.
	if wordCount(alt) >= minDescriptiveAlt {
		weak = false
	}
	src := attr(img, "src")
	if u, err := url.Parse(strings.TrimSpace(src)); err == nil && wordCount(alt) < minDescriptiveAlt {
		file := u.Path[strings.LastIndexByte(u.Path, '/')+1:]
		if iabSize.MatchString(strings.ToLower(file)) {
			weak = true
		}
	}
	// The image, its textless link and the textless blocks around it that
	// hold nothing else.
	for n := img; n != nil && n != root && n.Type == html.ElementNode; n = n.Parent {
		if n != img && (strings.TrimSpace(textOf(n)) != "" || len(elements(n, "img")) > 1) {
			break
		}
		for _, key := range []string{"class", "id"} {
			for _, t := range tokens(attr(n, key)) {
				strong = strong || adClassTokens[t]
				weak = weak || promoTokens[t]
			}
		}
		for _, key := range []string{"src", "href"} {
			if v := attr(n, key); v != "" {
				s, wk := urlAdEvidence(v)
				strong, weak = strong || s, weak || wk
			}
		}
	}
	return strong, weak
}

// urlAdEvidence looks for ad words in the host and path of a URL (not its
// query, where "ad" and "banner" are often parameters of something else,
// save a paid utm_medium).
// A host counts by whole labels ("ads.example.com", not "ad-hoc-news.de");
// in the file name itself "ad" and "ads" are weak ("ad-campaign.jpg" may
// be a photo for a story about advertising).
func urlAdEvidence(raw string) (strong, weak bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || strings.EqualFold(u.Scheme, "data") {
		return false, false
	}
	for _, l := range strings.Split(strings.ToLower(u.Hostname()), ".") {
		strong = strong || adURLTokens[l] || widgetHosts[l]
	}
	weak = paidMedia[strings.ToLower(u.Query().Get("utm_medium"))]
	segs := strings.Split(strings.ToLower(u.Path), "/")
	for i, seg := range segs {
		file := i == len(segs)-1
		// Hash buckets ("/thumb/a/ad/", "/3f/ad/") are not words.
		if hexWord(seg) && (i > 0 && hexWord(segs[i-1]) || !file && i+1 < len(segs)-1 && hexWord(segs[i+1])) {
			continue
		}
		weak = weak || !file && bannerFolders[seg]
		for _, t := range tokens(seg) {
			switch {
			case file && (t == "ad" || t == "ads"):
				weak = true
			case adURLTokens[t]:
				strong = true
			case promoTokens[t]:
				weak = true
			}
		}
	}
	return strong, weak
}

// hexWord reports a short path segment of hex digits only.
func hexWord(s string) bool {
	if s == "" || len(s) > 8 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// pixelSize parses a width or height attribute ("300", "300px").
func pixelSize(s string) (int, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(strings.ToLower(s)), "px")
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0
}

// storyImage reports whether img belongs to the story: it is in a figure
// with a caption, or in a paragraph that has text of its own.
func storyImage(img, root *html.Node) bool {
	for p := img.Parent; p != nil && p != root; p = p.Parent {
		switch {
		case isElement(p, "figure"):
			if c := firstElement(p, "figcaption"); c != nil && strings.TrimSpace(textOf(c)) != "" {
				return true
			}
		case isElement(p, "p"):
			if strings.TrimSpace(textOf(p)) != "" {
				return true
			}
		}
	}
	return false
}

// tidyLinks unwraps links that are no links after sanitizing: those left
// without an href (a "javascript:" one was dropped), and those with neither
// text nor an image (a lightbox link whose image was dropped). They show
// nothing a reader can follow, and the Markdown writes them as "[](…)".
// Unwrapped, not removed: their content and line breaks stay.
func tidyLinks(root *html.Node) {
	for _, a := range elements(root, "a") {
		if !isDescendant(a, root) {
			continue
		}
		if _, ok := attrOK(a, "href"); !ok || !hasTextOrImage(a) {
			debugRemove(a, "empty-link")
			unwrap(a)
		}
	}
}

// attrOK is attr, also telling whether n has the attribute at all.
func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}
