package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"runtime"

	"newscrawl/crawler"
	"newscrawl/readability"
)

var extractDoc = help{
	usage: "newscrawl extract [--url URL] [--format json|text|markdown|html] [--max-body SIZE] FILE...",
	about: `Extracts the article from saved HTML pages, the same way fetch does for live ones.
FILE "-" reads standard input; gzip-compressed files (.gz) are unpacked. --url gives the page's
address, for relative links and metadata (with several files, the same address is used for all).

Output: json writes one object per line with the fields of "fetch --format json" plus "file";
text writes the plain text (paragraphs separated by one blank line), markdown and html the
article as Markdown or cleaned HTML; articles of several files follow one another in the order
of the files, separated by a blank line.

A file larger than --max-body once unpacked (a gzip bomb) is refused, never truncated. A file
that cannot be read, is too large or holds no article gives one line on stderr and the others are
still processed. The exit status is 1 only when no file gave an article.`,
	examples: []string{
		"newscrawl extract --format text page.html",
		"curl -s https://example.com/news/1 | newscrawl extract --url https://example.com/news/1 -",
		"newscrawl extract --format json pages/*.html.gz > articles.jsonl",
	},
}

func runExtract(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("extract")
	rawURL := fs.String("url", "", "the page's address `URL`, for relative links and metadata")
	format := fs.String("format", "json", "print articles as `json|text|markdown|html`")
	maxBody := fs.String("max-body", defaultMaxBody, "refuse files larger than `SIZE` once unpacked (e.g. 500KB, 20MB)")
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
	limit, err := parseMaxBody("extract", *maxBody)
	if err != nil {
		return err
	}
	var pageURL *url.URL
	if *rawURL != "" {
		if pageURL, err = parseHTTPURL(*rawURL); err != nil {
			return usagef("extract", "--url %q: %v", *rawURL, err)
		}
	}
	log := g.logger()

	// Extraction is CPU-bound: run a few files at a time, print in the order given. Returning
	// early (stdout closed, interrupted) stops the files not started yet.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make([]chan extraction, len(files))
	for i := range results {
		results[i] = make(chan extraction, 1)
	}
	go func() {
		sem := make(chan struct{}, runtime.GOMAXPROCS(0))
		for i, f := range files {
			// select picks at random among ready cases: check ctx first, so that once the
			// command has returned no more files are started.
			if ctx.Err() != nil {
				results[i] <- extraction{err: ctx.Err()}
				continue
			}
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				results[i] <- extraction{err: ctx.Err()}
				continue
			}
			go func() {
				defer func() { <-sem }()
				results[i] <- extractFile(f, g.stdin, limit, pageURL)
			}()
		}
	}()

	out := &printer{w: stdout, format: *format}
	failed := 0
	for i, f := range files {
		r := <-results[i]
		if errors.Is(r.err, context.Canceled) {
			return r.err
		}
		if r.err != nil {
			failed++
			report(stderr, f, r.err)
			continue
		}
		if err := out.print(f, r.url, r.article); err != nil {
			return err
		}
		log.Debug("extracted", "file", f, "title", r.article.Title)
	}
	if failed > 0 && failed == len(files) {
		return errReported
	}
	return nil
}

// extraction is the outcome for one file.
type extraction struct {
	article *readability.Article
	url     string
	err     error
}

// extractFile reads one file ("-" is stdin, gzip unpacked) and extracts its article. It never
// panics: a bug in extraction becomes this file's error, not the end of the batch.
func extractFile(name string, stdin io.Reader, limit int64, pageURL *url.URL) (res extraction) {
	defer func() {
		if p := recover(); p != nil {
			res = extraction{err: fmt.Errorf("extraction failed: %v", p)}
		}
	}()
	body, err := readInput(name, stdin, limit)
	if err != nil {
		return extraction{err: err}
	}
	a, err := readability.Extract(bytes.NewReader(body), pageURL, "")
	if err != nil {
		return extraction{err: err}
	}
	page := &crawler.Page{}
	if pageURL != nil {
		page.URL, page.FinalURL = pageURL.String(), pageURL.String()
	}
	return extraction{article: a, url: crawler.ToStoreArticle(page, a, "").URL}
}

// readInput reads a whole file, or stdin for "-", unpacking gzip (by its magic bytes, so
// "page.html.gz" and a gzip stream on stdin both work). More than limit bytes, after
// unpacking, is an error: a gzip bomb is refused, never truncated.
func readInput(name string, stdin io.Reader, limit int64) ([]byte, error) {
	var r io.Reader = stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, errors.Unwrap(err) // the *PathError repeats the name
		}
		defer f.Close()
		r = f
	}
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gunzip: %w", err)
		}
		defer zr.Close()
		r = zr
	} else {
		r = br
	}
	body, err := io.ReadAll(io.LimitReader(r, limit+1))
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("larger than --max-body (%d bytes)", limit)
	}
	if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
		return nil, pe.Err // "is a directory": the name is already on the line
	}
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	return body, nil
}
