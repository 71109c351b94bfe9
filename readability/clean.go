package readability

import (
	"golang.org/x/net/html"
)

// preClean runs on the whole document before readeck scores it: it removes
// what is never article text, so that it can neither win nor be kept.
func preClean(doc *html.Node) {
}

// clean runs our cleaning passes over readeck's result, in order.
func clean(root *html.Node, a *Article, m *pageMeta) {
	removeTeaserCards(root)
	removeBoilerBlocks(root)
	removeCaptionElements(root)
	removeAdLabels(root)
	removeCaptions(root)
	removeShareRows(root)
	removeWidgets(root)
	removeLinkRuns(root)
	// removeDuplicates(root)
	trimEdges(root, a, m)
}

// debugRemoved, when set by a test, sees every node a cleaning rule removes.
var debugRemoved func(n *html.Node, rule string)

func debugRemove(n *html.Node, rule string) {
	if debugRemoved != nil {
		debugRemoved(n, rule)
	}
}
