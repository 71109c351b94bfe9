package readability

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	readeck "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
)

// benchDir holds the extraction benchmark: ../shared/bench/extraction
// relative to the repository root.
var benchDir = filepath.Join("..", "..", "shared", "bench", "extraction")

type benchPage struct {
	body []byte
	url  *url.URL
}

func loadBenchPages(b *testing.B) []benchPage {
	b.Helper()
	files, _ := filepath.Glob(filepath.Join(benchDir, "pages", "*.html.gz"))
	if len(files) == 0 {
		b.Skip("benchmark data not found in " + benchDir)
	}
	urls := map[string]struct {
		URL string `json:"url"`
	}{}
	if data, err := os.ReadFile(filepath.Join(benchDir, "truth.json")); err == nil {
		_ = json.Unmarshal(data, &urls)
	}
	var pages []benchPage
	for _, fn := range files {
		f, err := os.Open(fn)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			b.Fatal(err)
		}
		body, err := io.ReadAll(zr)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		u, _ := url.Parse(urls[strings.TrimSuffix(filepath.Base(fn), ".html.gz")].URL)
		pages = append(pages, benchPage{body, u})
	}
	return pages
}

// BenchmarkExtract compares our extractor with plain readeck v2 on the
// benchmark's pages, one page per iteration, single thread:
//
//	go test -run XXX -bench Extract -benchmem ./readability/
func BenchmarkExtract(b *testing.B) {
	pages := loadBenchPages(b)
	b.Run("ours", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			p := pages[i%len(pages)]
			i++
			if a, err := Extract(bytes.NewReader(p.body), p.url, "text/html; charset=utf-8"); err == nil {
				_ = a.Text
			}
		}
		b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "pages/s")
	})
	b.Run("readeck", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		var sb strings.Builder
		for b.Loop() {
			p := pages[i%len(pages)]
			i++
			if a, err := readeck.FromReader(bytes.NewReader(p.body), p.url); err == nil && a.Node != nil {
				sb.Reset()
				_ = a.RenderText(&sb)
			}
		}
		b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "pages/s")
	})
	// readeck without its reader entry point (which runs chardet on every
	// page): html.Parse, then ParseAndMutate, as our pipeline calls it.
	b.Run("readeck-parsed", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		var sb strings.Builder
		for b.Loop() {
			p := pages[i%len(pages)]
			i++
			doc, err := html.Parse(bytes.NewReader(p.body))
			if err != nil {
				continue
			}
			parser := readeck.NewParser()
			if a, err := parser.ParseAndMutate(doc, p.url); err == nil && a.Node != nil {
				sb.Reset()
				_ = a.RenderText(&sb)
			}
		}
		b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "pages/s")
	})
}

// BenchmarkExtractLong times synthetic articles of growing length, full of
// widgets and linked headings, to show the cost stays linear in the size:
//
//	go test -run XXX -bench ExtractLong ./readability/
func BenchmarkExtractLong(b *testing.B) {
	for _, n := range []int{1000, 4000} {
		var sb strings.Builder
		sb.WriteString("<html><body><article><h1>T</h1>")
		for i := range n {
			fmt.Fprintf(&sb, `<p>Paragraph %d says the council voted on the budget after a long debate.</p><div class="share"><a href="#">Share</a></div><p><a href="/x%d">Related link %d</a></p><h3><a href="/y">Linked heading</a></h3>`, i, i, i)
		}
		sb.WriteString("</article></body></html>")
		page := sb.String()
		b.Run(fmt.Sprintf("paragraphs=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(page)))
			for b.Loop() {
				if _, err := Extract(strings.NewReader(page), nil, ""); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
