package readability

import (
	"regexp"

	"golang.org/x/net/html"
)

// Captions and photo credits that survive as plain paragraphs: the truth
// of an article never includes them, and galleries repeat them.
var captionText = regexp.MustCompile(`(?i)(\((image|photo|picture|foto|pic|credit|source|video)s?\s*:[^)]*\)\s*$|\b(credit|photo|image|picture|foto|crédito|bild|photograph|illustration)s?\s*:\s*[^.!?]{0,60}$|^(photo|photos|image|picture|foto|fotos|фото|file photo|pictured|above|top|left|right|below|illustration|video)\s*:|image copyright|\b(getty images|getty|afp|reuters|ap photo|shutterstock|istock|epa|ap)\s*\)?\s*$)`)

var galleryUI = regexp.MustCompile(`(?i)^((image|photo|slide|picture|foto)\s+)?\d+\s*(of|/|de|di|von)\s*/?\s*\d*$|^(caption|close|enlarge|expand|hide caption|toggle caption|view gallery|view image|open gallery|full screen|fullscreen|play video|watch video|replay|next|previous|prev|back to top|scroll to top|loading\.*|zoom|show more|show less|more|less)$`)

// removeCaptions removes caption and credit lines and gallery controls.
func removeCaptions(root *html.Node) {
	for _, b := range leafBlocks(root) {
		if b.node.Parent == nil {
			continue
		}
		if b.words <= 50 && captionText.MatchString(b.text) || b.words <= 5 && galleryUI.MatchString(b.text) {
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
