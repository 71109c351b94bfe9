package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"newscrawl/store"
)

//go:embed templates/*.html
var templateFS embed.FS

const (
	pageSize    = 50  // articles per list page
	searchLimit = 50  // search results shown
	maxQuery    = 500 // bytes of a search query; longer ones are refused
	// healthTimeout bounds the /healthz query.
	healthTimeout = 2 * time.Second
)

// errNoDatabase: the handler was made without a database.
var errNoDatabase = errors.New("web: no database")

type server struct {
	db    *store.DB
	m     *Metrics
	log   *slog.Logger
	pages map[string]*template.Template
	mux   *http.ServeMux
}

// NewServer is the listener's handler: /healthz, /metrics (when m is not
// nil) and a read-only site: / (latest articles, ?source=NAME, ?before=ID),
// /search?q=, /article/{id}. Every read goes through db, read-only or not
// (a read-write handle reads its snapshots on a read-only pool of its own,
// so page views never take the write lock). Only GET and HEAD are answered (405 otherwise). Timeouts are the caller's: see the
// package doc for the http.Server settings.
func NewServer(db *store.DB, m *Metrics, logger *slog.Logger) http.Handler {
	if logger == nil {
		logger = slog.Default()
	}
	s := &server{db: db, m: m, log: logger.With("component", "web"), mux: http.NewServeMux()}
	s.pages = parseTemplates()
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.Handle("GET /metrics", m.Handler())
	s.mux.HandleFunc("GET /{$}", s.index)
	s.mux.HandleFunc("GET /search", s.search)
	s.mux.HandleFunc("GET /article/{id}", s.article)
	return s
}

// ServeHTTP adds headers that suit a page without scripts, then routes.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	s.mux.ServeHTTP(w, r)
}

func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.ping(r.Context()); err != nil {
		s.log.Warn("health check failed", "error", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("unavailable\n"))
		return
	}
	w.Write([]byte("ok\n"))
}

// ping runs a trivial query on the database.
func (s *server) ping(ctx context.Context) error {
	if s.db == nil {
		return errNoDatabase
	}
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	_, _, _, err := s.db.LookupURL(ctx, "")
	return err
}

// page is what every template gets.
type page struct {
	Title     string
	Query     string // the search box's value
	Sources   []store.SourceCount
	Total     int64
	Source    string // the source filter ("" with SourceSet: articles stored by fetch)
	SourceSet bool

	Articles []store.ArticleSummary
	Older    string // link to the next (older) page, "" if none

	Hits    []searchHit
	Message string // a friendly note (bad query, nothing found)

	Article    *store.ArticleDetail
	Paragraphs []string
	Original   *store.ArticleSummary  // the article this one duplicates
	Copies     []store.ArticleSummary // the other copies of the story

	Status int
}

type searchHit struct {
	store.SearchHit
	Parts []snippetPart
}

// snippetPart is a piece of a search snippet; Match parts are highlighted.
type snippetPart struct {
	Text  string
	Match bool
}

func (s *server) index(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if s.db == nil {
		s.fail(w, r, errNoDatabase)
		return
	}
	q := r.URL.Query()
	p := page{Title: "Latest articles"}
	p.Source, p.SourceSet = q.Get("source"), q.Has("source")
	var before int64
	if b := q.Get("before"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			s.render(w, r, http.StatusBadRequest, "error", page{Title: "Bad request", Message: "before must be an article id."})
			return
		}
		before = n
	}
	var err error
	if p.Sources, err = s.db.SourceCounts(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, sc := range p.Sources {
		p.Total += sc.Articles
	}
	if p.Articles, err = s.db.Latest(ctx, store.LatestFilter{Source: p.Source, BySource: p.SourceSet, Before: before, Limit: pageSize}); err != nil {
		s.fail(w, r, err)
		return
	}
	if p.SourceSet {
		p.Title = "Latest articles from " + sourceName(p.Source)
	}
	if len(p.Articles) == pageSize {
		v := url.Values{}
		if p.SourceSet {
			v.Set("source", p.Source)
		}
		v.Set("before", strconv.FormatInt(p.Articles[len(p.Articles)-1].ID, 10))
		p.Older = "/?" + v.Encode()
	}
	if len(p.Articles) == 0 {
		p.Message = "No articles yet."
	}
	s.render(w, r, http.StatusOK, "index", p)
}

func (s *server) search(w http.ResponseWriter, r *http.Request) {
	query := strings.TrimSpace(r.URL.Query().Get("q"))
	p := page{Title: "Search", Query: query}
	if query == "" {
		p.Message = "Type words to search titles and texts: all words must match; \"quoted phrases\", OR, NOT and prefix* work too."
		s.render(w, r, http.StatusOK, "search", p)
		return
	}
	p.Title = "Search: " + query
	if len(query) > maxQuery {
		p.Title, p.Query = "Search", ""
		p.Message = "That search is too long. Try a few words."
		s.render(w, r, http.StatusBadRequest, "search", p)
		return
	}
	if s.db == nil {
		s.fail(w, r, errNoDatabase)
		return
	}
	hits, err := s.db.Search(r.Context(), query, searchLimit)
	switch {
	case errors.Is(err, store.ErrBadQuery):
		p.Message = "That search could not be understood. Try plain words, or put a phrase in double quotes."
		s.render(w, r, http.StatusBadRequest, "search", p)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	for _, h := range hits {
		p.Hits = append(p.Hits, searchHit{SearchHit: h, Parts: splitSnippet(h.Snippet)})
	}
	if len(hits) == 0 {
		p.Message = "No articles match."
	}
	s.render(w, r, http.StatusOK, "search", p)
}

func (s *server) article(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.render(w, r, http.StatusNotFound, "error", page{Title: "Not found", Message: "There is no such article."})
		return
	}
	if s.db == nil {
		s.fail(w, r, errNoDatabase)
		return
	}
	// One snapshot: the article and its duplicates.
	a, err := s.db.Article(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		s.render(w, r, http.StatusNotFound, "error", page{Title: "Not found", Message: "There is no article " + strconv.FormatInt(id, 10) + "."})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := page{Title: a.Title, Article: &a, Paragraphs: paragraphs(a.Text), Original: a.Original, Copies: a.Copies}
	if p.Title == "" {
		p.Title = a.URL
	}
	s.render(w, r, http.StatusOK, "article", p)
}

// fail logs err and answers 500 (503 when the database is unusable).
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil {
		return // the client went away
	}
	s.log.Error("request failed", "path", r.URL.Path, "error", err)
	status := http.StatusInternalServerError
	if s.ping(r.Context()) != nil {
		status = http.StatusServiceUnavailable
	}
	s.render(w, r, status, "error", page{Title: http.StatusText(status), Message: "Something went wrong reading the database. The details are in the log."})
}

// render executes a page into a buffer first, so a template error is a
// clean 500 and not half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	p.Status = status
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, "layout", p); err != nil {
		s.log.Error("render", "page", name, "error", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

func parseTemplates() map[string]*template.Template {
	funcs := template.FuncMap{
		"date":       formatDate,
		"sourceName": sourceName,
		"sourceURL":  sourceURL,
		"host":       host,
	}
	base := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html"))
	out := map[string]*template.Template{}
	for _, name := range []string{"index", "search", "article", "error"} {
		t := template.Must(base.Clone())
		out[name] = template.Must(t.ParseFS(templateFS, "templates/"+name+".html"))
	}
	return out
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// sourceName is how a source is shown; articles stored by `fetch` have none.
func sourceName(s string) string {
	if s == "" {
		return "(fetched by hand)"
	}
	return s
}

func sourceURL(s string) string { return "/?" + url.Values{"source": {s}}.Encode() }

func host(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// paragraphs splits clean text at blank lines.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// splitSnippet turns store.Search's snippet, whose matched tokens are
// wrapped in [brackets], into parts to highlight. Only a bracketed run
// without spaces counts as a match (FTS5 marks single tokens), so bracketed
// phrases of the article's own text stay as they are.
func splitSnippet(s string) []snippetPart {
	var parts []snippetPart
	plain := func(t string) {
		if t == "" {
			return
		}
		if n := len(parts); n > 0 && !parts[n-1].Match {
			parts[n-1].Text += t
			return
		}
		parts = append(parts, snippetPart{Text: t})
	}
	for s != "" {
		open := strings.IndexByte(s, '[')
		if open < 0 {
			plain(s)
			break
		}
		end := strings.IndexByte(s[open+1:], ']')
		if end < 0 {
			plain(s)
			break
		}
		inner := s[open+1 : open+1+end]
		if inner == "" || strings.ContainsAny(inner, " \t\n[") {
			plain(s[:open+1])
			s = s[open+1:]
			continue
		}
		plain(s[:open])
		parts = append(parts, snippetPart{Text: inner, Match: true})
		s = s[open+1+end+1:]
	}
	return parts
}
