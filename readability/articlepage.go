package readability

import "strings"

// nonArticleTypes are og:type / JSON-LD types of pages that list or
// describe rather than tell: home, section, tag, author and search pages.
var nonArticleTypes = map[string]bool{
	"collectionpage": true, "profile": true, "profilepage": true,
	"searchresultspage": true, "itemlist": true, "aboutpage": true, "contactpage": true,
	"section": true, "blog": true, "person": true, "organization": true, "newsmediaorganization": true,
	"product": true, "book": true, "music.song": true,
}

// IsArticlePage reports the page's own evidence that it is an article: an
// article kind of og:type or JSON-LD @type says yes; a listing type, very
// short text or a body that is mostly links says no.
func (a *Article) IsArticlePage() bool {
	if a == nil {
		return false
	}
	t := strings.ToLower(a.Type)
	if nonArticleTypes[t] {
		return false
	}
	if a.linkShare > 0.5 {
		return false
	}
	if t == "website" || t == "webpage" {
		// Many sites label every page "website": only a dated page with a
		// real body of prose is an article then.
		return !a.Published.IsZero() && a.wordCount() >= 150 && a.linkShare < 0.3
	}
	if t == "article" || jsonLDArticleType(t) || strings.HasPrefix(t, "article") {
		return a.wordCount() >= 30
	}
	return a.wordCount() >= 150
}

func (a *Article) wordCount() int {
	if a.words == 0 && a.Text != "" {
		a.words = textWords(a.Text)
	}
	return a.words
}
