package readability

import (
	"strings"

	htmltomarkdown "github.com/JohannesKaufmann/html-to-markdown/v2"
)

// Markdown renders the cleaned article HTML as Markdown; it falls back to
// the plain text when the conversion fails.
func (a *Article) Markdown() string {
	if a == nil {
		return ""
	}
	if a.HTML == "" {
		return a.Text
	}
	md, err := htmltomarkdown.ConvertString(a.HTML)
	if err != nil {
		return a.Text
	}
	return strings.TrimSpace(md)
}
