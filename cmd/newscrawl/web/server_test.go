package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"newscrawl/store"
)

// fixture is a database with a few articles, opened read-only as the
// listener opens it, and the ids of the articles.
type fixture struct {
	db                          *store.DB
	path                        string
	harbour, copyID, xss, local int64
}

const harbourText = `The city council voted on Tuesday to rebuild the old harbour wall before the winter storms arrive.

Engineers said the wall, built in 1890, had lost a third of its stones since the last survey.

Fishermen welcomed the decision but asked for the work to avoid the herring season.`

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "news.db")
	w, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	base := time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC)
	save := func(a store.Article) store.Saved {
		t.Helper()
		s, err := w.SaveArticle(ctx, a)
		if err != nil {
			t.Fatalf("save %s: %v", a.URL, err)
		}
		return s
	}
	f := &fixture{path: path}
	f.harbour = save(store.Article{
		URL: "https://coast.example/2025/06/harbour-wall", Aliases: []string{"https://coast.example/2025/06/harbour-wall?utm_source=rss"},
		Source: "coastnews", Title: "Council votes to rebuild the harbour wall", Byline: "Ana Reis",
		SiteName: "Coast News", Lang: "en", Excerpt: "A storm-battered wall, 135 years old.", PublishedAt: base, FetchedAt: base.Add(time.Hour), Text: harbourText,
	}).ID
	dup := save(store.Article{
		URL: "https://wire.example/stories/harbour", Source: "wire", Title: "Harbour wall to be rebuilt",
		PublishedAt: base.Add(2 * time.Hour), FetchedAt: base.Add(3 * time.Hour), Text: harbourText,
	})
	if dup.DuplicateOf != f.harbour {
		t.Fatalf("fixture: copy's DuplicateOf = %d, want %d", dup.DuplicateOf, f.harbour)
	}
	f.copyID = dup.ID
	f.xss = save(store.Article{
		URL: "https://coast.example/2025/06/xss", Source: "coastnews", Title: "<script>alert(1)</script>",
		Byline: `"><img src=x onerror=alert(2)>`, FetchedAt: base.Add(4 * time.Hour),
		Text: "A paragraph about <b>markup</b> & ampersands in the zeppelin hangar.\n\nSecond paragraph.",
	}).ID
	f.local = save(store.Article{
		URL: "https://blog.example/post", Title: "Fetched by hand about lighthouses", FetchedAt: base.Add(5 * time.Hour),
		Text: "Lighthouses along the coast were automated decades ago.",
	}).ID
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f.db, err = store.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.db.Close() })
	return f
}

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}

func get(t *testing.T, h http.Handler, method, target string) (int, http.Header, string) {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, rec.Result().Header, string(body)
}

func TestRoutes(t *testing.T) {
	f := newFixture(t)
	m := NewMetrics()
	m.PassDone("coastnews", time.Now(), true)
	h := NewServer(f.db, m, testLogger(t))
	id := func(n int64) string { return "/article/" + itoa(n) }
	tests := []struct {
		name, method, target string
		status               int
		want, notWant        []string
	}{
		{name: "healthz", target: "/healthz", status: 200, want: []string{"ok"}},
		{name: "index", target: "/", status: 200, want: []string{
			"Council votes to rebuild the harbour wall", "Harbour wall to be rebuilt", "Fetched by hand about lighthouses",
			`href="/?source=coastnews"`, `coastnews <span class="n">2</span>`, `wire <span class="n">1</span>`,
			`All <span class="n">4</span>`, `href="` + id(f.harbour) + `"`, "A storm-battered wall, 135 years old.",
		}},
		{name: "index newest first", target: "/", status: 200, want: []string{"lighthouses"}},
		{name: "source filter", target: "/?source=wire", status: 200,
			want:    []string{"Latest articles from wire", "Harbour wall to be rebuilt", `class="current">wire`},
			notWant: []string{"Council votes to rebuild", "lighthouses"}},
		{name: "source filter fetched by hand", target: "/?source=", status: 200,
			want: []string{"Fetched by hand about lighthouses"}, notWant: []string{"Council votes"}},
		{name: "unknown source", target: "/?source=nope", status: 200, want: []string{"No articles yet."}},
		{name: "before", target: "/?before=" + itoa(f.xss), status: 200,
			want: []string{"Council votes", "Harbour wall to be rebuilt"}, notWant: []string{"lighthouses"}},
		{name: "bad before", target: "/?before=x", status: 400},
		{name: "search", target: "/search?q=harbour", status: 200, want: []string{
			"Council votes to rebuild the harbour wall", "Harbour wall to be rebuilt", "<mark>harbour</mark>", `value="harbour"`}},
		{name: "search no match", target: "/search?q=xylophone", status: 200, want: []string{"No articles match."}},
		{name: "search bad query", target: `/search?q=AND`, status: 400, want: []string{"could not be understood"}},
		{name: "search too long", target: "/search?q=" + strings.Repeat("harbour+", 100), status: 400, want: []string{"too long"}},
		{name: "search empty", target: "/search?q=", status: 200, want: []string{"Type words to search"}},
		{name: "article", target: id(f.harbour), status: 200, want: []string{
			"<h1>Council votes to rebuild the harbour wall</h1>", "Ana Reis", "Coast News", "2025-06-15 12:00 UTC",
			`<a href="https://coast.example/2025/06/harbour-wall"`, "?utm_source=rss",
			"<p>Engineers said the wall, built in 1890, had lost a third of its stones since the last survey.</p>",
			"Copies of this article (1)", `href="` + id(f.copyID) + `"`, "Harbour wall to be rebuilt",
		}},
		{name: "duplicate article", target: id(f.copyID), status: 200, want: []string{
			"This article is a copy of", `href="` + id(f.harbour) + `"`, "Council votes to rebuild the harbour wall",
		}, notWant: []string{"Other copies"}},
		{name: "article without copies", target: id(f.local), status: 200, want: []string{"(fetched by hand)"},
			notWant: []string{"Copies of", "copy of"}},
		{name: "missing article", target: "/article/999", status: 404, want: []string{"There is no article 999."}},
		{name: "bad article id", target: "/article/abc", status: 404},
		{name: "unknown path", target: "/nope", status: 404},
		{name: "post", method: "POST", target: "/", status: 405},
		{name: "metrics", target: "/metrics", status: 200, want: []string{"newscrawl_passes_total"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = http.MethodGet
			}
			code, hdr, body := get(t, h, method, tt.target)
			if code != tt.status {
				t.Fatalf("status %d, want %d; body:\n%s", code, tt.status, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q; body:\n%s", w, body)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(body, w) {
					t.Errorf("body has %q", w)
				}
			}
			if code == 200 && strings.HasPrefix(hdr.Get("Content-Type"), "text/html") &&
				!strings.Contains(hdr.Get("Content-Security-Policy"), "default-src 'none'") {
				t.Errorf("no CSP header on an HTML page")
			}
		})
	}
}

func TestIndexOrder(t *testing.T) {
	f := newFixture(t)
	_, _, body := get(t, NewServer(f.db, nil, testLogger(t)), "GET", "/")
	// Newest stored first: lighthouses (4th), xss (3rd), copy (2nd), harbour (1st).
	order := []string{"/article/" + itoa(f.local), "/article/" + itoa(f.xss), "/article/" + itoa(f.copyID), "/article/" + itoa(f.harbour) + `"`}
	last := -1
	for _, s := range order {
		i := strings.Index(body, s)
		if i < 0 || i < last {
			t.Fatalf("%q at %d, after %d: not newest first", s, i, last)
		}
		last = i
	}
}

func TestEscaping(t *testing.T) {
	f := newFixture(t)
	h := NewServer(f.db, nil, testLogger(t))
	for _, target := range []string{"/", "/article/" + itoa(f.xss), "/search?q=zeppelin", "/search?q=%3Cscript%3Ealert(1)%3C/script%3E"} {
		t.Run(target, func(t *testing.T) {
			code, _, body := get(t, h, "GET", target)
			if code != 200 {
				t.Fatalf("status %d", code)
			}
			for _, bad := range []string{"<script>", "<img src=x", "<b>markup</b>"} {
				if strings.Contains(body, bad) {
					t.Errorf("unescaped %q in page", bad)
				}
			}
		})
	}
	_, _, body := get(t, h, "GET", "/article/"+itoa(f.xss))
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;markup&lt;/b&gt; &amp; ampersands", "<p>Second paragraph.</p>"} {
		if !strings.Contains(body, want) {
			t.Errorf("article page lacks %q", want)
		}
	}
}

func TestHead(t *testing.T) {
	f := newFixture(t)
	code, hdr, body := get(t, NewServer(f.db, nil, testLogger(t)), "HEAD", "/")
	if code != 200 || body != "" || hdr.Get("Content-Length") == "" {
		t.Fatalf("HEAD /: status %d, body %d bytes, Content-Length %q", code, len(body), hdr.Get("Content-Length"))
	}
}

func TestHealthzClosedDB(t *testing.T) {
	f := newFixture(t)
	h := NewServer(f.db, nil, testLogger(t))
	if code, _, _ := get(t, h, "GET", "/healthz"); code != 200 {
		t.Fatalf("open db: status %d", code)
	}
	f.db.Close()
	code, _, body := get(t, h, "GET", "/healthz")
	if code != http.StatusServiceUnavailable {
		t.Fatalf("closed db: status %d, body %q, want 503", code, body)
	}
	if code, _, _ := get(t, h, "GET", "/search?q=harbour"); code != http.StatusServiceUnavailable {
		t.Errorf("search on closed db: status %d, want 503", code)
	}
}

func TestNilMetrics(t *testing.T) {
	f := newFixture(t)
	if code, _, _ := get(t, NewServer(f.db, nil, nil), "GET", "/metrics"); code != 404 {
		t.Fatalf("/metrics without Metrics: status %d, want 404", code)
	}
}

func TestSplitSnippet(t *testing.T) {
	tests := []struct {
		in   string
		want string // matches shown as <...>
	}{
		{"the [harbour] wall", "the <harbour> wall"},
		{"[a] and [b]", "<a> and <b>"},
		{"see [citation needed] here", "see [citation needed] here"},
		{"odd [ bracket", "odd [ bracket"},
		{"unclosed [word", "unclosed [word"},
		{"[[x]]", "[<x>]"},
		{"", ""},
	}
	for _, tt := range tests {
		var b strings.Builder
		for _, p := range splitSnippet(tt.in) {
			if p.Match {
				b.WriteString("<" + p.Text + ">")
			} else {
				b.WriteString(p.Text)
			}
		}
		if b.String() != tt.want {
			t.Errorf("splitSnippet(%q) = %q, want %q", tt.in, b.String(), tt.want)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Named sources come first, by name; articles stored by fetch last.
func TestSourceOrder(t *testing.T) {
	f := newFixture(t)
	_, _, body := get(t, NewServer(f.db, nil, testLogger(t)), "GET", "/")
	c, w, hand := strings.Index(body, ">coastnews <"), strings.Index(body, ">wire <"), strings.Index(body, ">(fetched by hand) <")
	if c < 0 || w < 0 || hand < 0 || !(c < w && w < hand) {
		t.Fatalf("source links out of order: coastnews %d, wire %d, by hand %d", c, w, hand)
	}
}
