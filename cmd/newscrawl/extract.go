package main

import (
	"context"
	"io"
)

var extractDoc = help{
	usage: "newscrawl extract [--url URL] [--format json|text|markdown|html] FILE...",
	about: `Extracts the article from saved HTML pages, the same way fetch does for live ones.
FILE "-" reads standard input; files ending in .gz are unpacked. --url gives the page's address,
for relative links and metadata (with several files, the same address is used for all).

Output: json writes one object per line with the fields of "fetch --format json" plus "file";
text writes the plain text (paragraphs separated by one blank line), markdown and html the
article as Markdown or cleaned HTML; with several files, articles are separated by a blank
line (text, markdown) or follow one another (html).

A file that cannot be read or holds no article gives one line on stderr and the others are
still processed. Exit status 1 only when no file gave an article.`,
	examples: []string{
		"newscrawl extract --format text page.html",
		"curl -s https://example.com/news/1 | newscrawl extract --url https://example.com/news/1 -",
		"newscrawl extract --format json pages/*.html.gz > articles.jsonl",
	},
}

func runExtract(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("extract")
	pageURL := fs.String("url", "", "the page's address, for relative links and metadata")
	format := fs.String("format", "json", "print articles as `json|text|markdown|html`")
	files, err := g.parse(fs, extractDoc, args, stdout)
	if err != nil {
		return err
	}
	if err := formatFlag("extract", *format, "json", "text", "markdown", "html"); err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("extract", "no FILE given (use - for standard input)")
	}
	_ = pageURL
	return errNotBuilt("extract")
}
