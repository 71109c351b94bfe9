package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"newscrawl/config"
	"newscrawl/readability"
	"newscrawl/store/dedup"
)

// articleJSON is the object of "fetch --format json" (CONTRACT.md); extract adds File.
type articleJSON struct {
	File        string  `json:"file,omitempty"`
	URL         string  `json:"url"`
	Title       string  `json:"title"`
	Byline      string  `json:"byline"`
	SiteName    string  `json:"site_name"`
	Lang        string  `json:"lang"`
	PublishedAt *string `json:"published_at"`
	ModifiedAt  *string `json:"modified_at"`
	Excerpt     string  `json:"excerpt"`
	Image       string  `json:"image"`
	Text        string  `json:"text"`
	HTML        string  `json:"html"`
	WordCount   int     `json:"word_count"`
	ContentHash string  `json:"content_hash"`
}

func newArticleJSON(file, url string, a *readability.Article) articleJSON {
	return articleJSON{
		File:        file,
		URL:         url,
		Title:       a.Title,
		Byline:      a.Byline,
		SiteName:    a.SiteName,
		Lang:        a.Lang,
		PublishedAt: rfc3339(a.Published),
		ModifiedAt:  rfc3339(a.Modified),
		Excerpt:     a.Excerpt,
		Image:       a.Image,
		Text:        a.Text,
		HTML:        a.HTML,
		WordCount:   len(strings.Fields(a.Text)),
		ContentHash: dedup.ContentHash(a.Text),
	}
}

// rfc3339 is nil (JSON null) for an unknown time.
func rfc3339(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(time.RFC3339)
	return &s
}

// printer writes articles to stdout in one of the --format values.
type printer struct {
	w      io.Writer
	format string // json, text, markdown or html
	n      int    // articles written so far
}

// print writes one article. file is "" for fetch; url is the article's canonical URL.
func (p *printer) print(file, url string, a *readability.Article) error {
	var err error
	switch p.format {
	case "json":
		var b []byte
		b, err = marshalLine(newArticleJSON(file, url, a))
		if err == nil {
			_, err = p.w.Write(b)
		}
	case "text":
		err = p.block(a.Text)
	case "markdown":
		err = p.block(a.Markdown())
	case "html":
		err = p.block(a.HTML)
	default:
		err = fmt.Errorf("unknown output format %q", p.format)
	}
	p.n++
	if err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}

// block writes s ending in one newline, after a blank line that separates it from the article
// before.
func (p *printer) block(s string) error {
	s = strings.TrimRight(s, "\n") + "\n"
	if p.n > 0 {
		s = "\n" + s
	}
	_, err := io.WriteString(p.w, s)
	return err
}

// marshalLine is v as one line of JSON, HTML left unescaped for readability.
func marshalLine(v any) ([]byte, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

// readerDBFlag is the --db flag of the commands that read a database
// (export, search, stats): the config's default file.
func readerDBFlag(fs *flag.FlagSet) *string {
	return fs.String("db", config.DefaultDB, "SQLite database `PATH`")
}

// defaultMaxBody is the --max-body default of fetch and extract: the config's max_body default
// (config.DefaultMaxBody).
const defaultMaxBody = "10MB"

// parseMaxBody reads a --max-body value; anything but a positive size is a usage error of cmd.
func parseMaxBody(cmd, s string) (int64, error) {
	n, err := config.ParseSize(s)
	if err != nil || n <= 0 {
		return 0, usagef(cmd, "--max-body must be a size like 10MB, not %q", s)
	}
	return n, nil
}
