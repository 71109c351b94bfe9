package readability

import (
	"golang.org/x/net/html"
)

// removeDuplicates removes a block whose text repeats an earlier block
// (captions repeated by galleries, pull quotes, sticky headlines), and
// short lines that occur three times or more (all of them: a gallery's
// repeated credit is never article text).
func removeDuplicates(root *html.Node) {
	bs := leafBlocks(root)
	count := make(map[string]int, len(bs))
	for _, b := range bs {
		count[normKey(b.text)]++
	}
	seen := make(map[string]bool, len(bs))
	for _, b := range bs {
		k := normKey(b.text)
		if k == "" {
			continue
		}
		switch {
		case count[k] >= 3 && b.words <= 15:
			removeBlock(b.node, root, "repeated")
		case seen[k] && b.words >= 3:
			removeBlock(b.node, root, "duplicate")
		}
		seen[k] = true
	}
}
