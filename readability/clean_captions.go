package readability

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// Captions and photo credits that survive as plain paragraphs: the truth
// of an article never includes them, and galleries repeat them.
var (
	// captionTail ends a caption: "(Image: GETTY )", "…rabbitCredit: Getty".
	captionTail = regexp.MustCompile(`(?i)(\((image|photo|picture|foto|pic|credit|source|video)s?\s*:[^)]*\)\s*$|\b(credit|photo|image|picture|foto|crédito|bild|photograph|illustration)s?\s*:\s*[^.!?]{0,60}$)`)
	// captionHead opens one: "Photo: David Zalubowski / AP".
	captionHead = regexp.MustCompile(`(?i)^(photo|photos|image|picture|foto|fotos|фото|file photo|pictured|above|top|left|right|below|illustration|video)\s*:`)
)

var galleryUI = regexp.MustCompile(`(?i)^((image|photo|slide|picture|foto)\s+)?\d+\s*(of|/|de|di|von)\s*/?\s*\d*$|^(caption|close|enlarge|expand|hide caption|toggle caption|view gallery|view image|open gallery|full screen|fullscreen|play video|watch video|replay|next|previous|prev|back to top|scroll to top|loading\.*|zoom|show more|show less|more|less)$`)

// captionWord is the cheap test before captionTail: both its branches need
// a colon and one of its words. The parts tested leave out the letters
// whose case folding strings.ToLower does not follow ('ſ' for 's').
func captionWord(tail string) bool {
	lower := strings.ToLower(tail)
	for _, w := range [...]string{"credit", "photo", "image", "pic", "foto", "ource", "video", "crédito", "bild", "illu"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// captionLike reports a caption or credit line; the patterns run on the
// head or the tail of the line only, and only when a cheap test passes.
func captionLike(s string) bool {
	tail := s
	if len(tail) > 100 {
		tail = tail[len(tail)-100:]
	}
	switch {
	case strings.Contains(s, ":") && captionHead.MatchString(s):
		return true
	case strings.Contains(tail, ":") && captionWord(tail) && captionTail.MatchString(tail):
		return true
	case (strings.Contains(s, "opyright") || strings.Contains(s, "OPYRIGHT")) && strings.Contains(strings.ToLower(s), "image copyright"):
		return true
	}
	if len(tail) > 40 {
		tail = tail[len(tail)-40:]
	}
	// The pattern runs only on a line that ends in an agency's name.
	end := strings.ToLower(strings.TrimRight(tail, " \t\n\r\f)"))
	for _, a := range agencies {
		if strings.HasSuffix(end, a) {
			return agencyTail.MatchString(tail)
		}
	}
	return false
}

// agencies are the names agencyTail ends with (its cheap pre-test).
var agencies = []string{"getty images", "getty", "afp", "reuters", "ap photo", "shutterstock", "istock", "epa", "ap"}

var agencyTail = regexp.MustCompile(`(?i)\b(getty images|getty|afp|reuters|ap photo|shutterstock|istock|epa|ap)\s*\)?\s*$`)

// removeCaptions removes caption and credit lines and gallery controls.
func removeCaptions(root *html.Node, bs []block) {
	for _, b := range bs {
		if !isDescendant(b.node, root) {
			continue
		}
		if b.words <= 50 && captionLike(b.text) || b.words <= 5 && galleryUI.MatchString(b.text) {
			removeBlock(b.node, root, "caption")
		}
	}
}

// removeCaptionElements removes figcaption elements and captions marked up
// as such, whatever their class.
func removeCaptionElements(root *html.Node) {
	for _, n := range elements(root, "figcaption") {
		if n.Parent != nil {
			removeBlock(n, root, "figcaption")
		}
	}
}
