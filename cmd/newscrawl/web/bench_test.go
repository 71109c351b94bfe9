package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newscrawl/store"
)

// benchDB is a database of n articles over 4 sources, every 10th a copy.
func benchDB(b *testing.B, n int) *store.DB {
	b.Helper()
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "news.db")
	w, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	words := strings.Fields("harbour council storm engineers survey fishermen herring season wall stones city vote winter budget rail bridge school river")
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var prev string
	for i := range n {
		var text strings.Builder
		for p := range 6 {
			for j := range 40 {
				fmt.Fprintf(&text, "%s %d ", words[(i*7+p*13+j*j)%len(words)], (i*31+j)%997)
			}
			text.WriteString("\n\n")
		}
		body := fmt.Sprintf("Article %d.\n\n", i) + text.String()
		if i%10 == 9 {
			body = prev // a copy of the article before
		}
		prev = body
		_, err := w.SaveArticle(ctx, store.Article{
			URL: fmt.Sprintf("https://s%d.example/a/%d", i%4, i), Source: fmt.Sprintf("source%d", i%4),
			Title: fmt.Sprintf("Article %d about the %s", i, words[i%len(words)]), FetchedAt: at.Add(time.Duration(i) * time.Minute),
			Text: body,
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	w.Close()
	db, err := store.OpenReadOnly(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// go test -tags sqlite_fts5 -run '^$' -bench . ./cmd/newscrawl/web/
func BenchmarkPages(b *testing.B) {
	db := benchDB(b, 2000)
	h := NewServer(db, NewMetrics(), slog.New(slog.DiscardHandler))
	for _, target := range []string{"/", "/?source=source2", "/search?q=harbour+council", "/article/1000", "/article/1001", "/healthz", "/metrics"} {
		b.Run(target, func(b *testing.B) {
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
				if rec.Code != 200 {
					b.Fatalf("%s: status %d", target, rec.Code)
				}
			}
		})
	}
}
