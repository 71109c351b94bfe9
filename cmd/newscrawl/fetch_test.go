package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

const seedDir = fixtures + "/wordpress-newspaper-seed"

// seedCanonical is the seed page's rel=canonical path; newSite moves it to the test server.
const (
	seedCanonical = "/russia-at-a-dead-end-with-the-west-warns-it-is-ready-to-abandon-diplomacy/"
	seedPath      = "/2022/01/14/russia-dead-end/"
)

// newSite serves the seed's page and the misbehaving routes fetch must survive, on loopback.
// The page's links to its own site point to the test server, so its rel=canonical names
// srv.URL+seedCanonical while it is served at srv.URL+seedPath.
func newSite(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	page := strings.ReplaceAll(readFile(t, filepath.Join(seedDir, "page.html")), "https://www.worldnationnews.com", srv.URL)
	mux.HandleFunc(seedPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, seedPath+"?utm_source=redirect", http.StatusFound)
	})
	mux.HandleFunc("/api.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"articles": []}`))
	})
	mux.HandleFunc("/home", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<!doctype html><html><head><title>Home</title></head><body><nav><a href="/a">A</a> <a href="/b">B</a></nav></body></html>`))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // answers never; the client gives up
	})
	mux.HandleFunc("/", http.NotFound)
	return srv
}

func TestFetchJSON(t *testing.T) {
	srv := newSite(t)
	r := newscrawl(t, "fetch", "--allow-private", "--format", "json", srv.URL+seedPath)
	if r.code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	objs := decodeLines(t, r.stdout)
	if len(objs) != 1 {
		t.Fatalf("%d objects, want 1", len(objs))
	}
	o := objs[0]
	for _, k := range contractFields {
		if _, ok := o[k]; !ok {
			t.Errorf("no field %q", k)
		}
	}
	if _, ok := o["file"]; ok {
		t.Errorf("fetch output has a file field")
	}
	meta := readMeta(t, seedDir)
	for _, k := range []string{"title", "site_name"} {
		if o[k] != meta[k] {
			t.Errorf("%s = %q, want %q", k, o[k], meta[k])
		}
	}
	published, _ := o["published_at"].(string)
	gotT, err1 := time.Parse(time.RFC3339, published)
	wantT, err2 := time.Parse(time.RFC3339, meta["published_at"].(string))
	if err1 != nil || err2 != nil || !gotT.Equal(wantT) {
		t.Errorf("published_at = %q, want %v", published, meta["published_at"])
	}
	if o["url"] != srv.URL+seedCanonical {
		t.Errorf("url = %v, want the canonical %s", o["url"], srv.URL+seedCanonical)
	}
	text, _ := o["text"].(string)
	if f1 := wordF1(text, readFile(t, filepath.Join(seedDir, "want.txt"))); f1 < 0.99 {
		t.Errorf("word F1 of text against want.txt = %.3f, want ≥ 0.99", f1)
	}
	checkNoBoilerplate(t, text, readFile(t, filepath.Join(seedDir, "boilerplate.txt")))
}

// checkNoBoilerplate fails when text contains one of the fixture's boilerplate strings (one a
// line, case-sensitive substrings; testdata/readability/README.md).
func checkNoBoilerplate(t *testing.T, text, boilerplate string) {
	t.Helper()
	for _, b := range strings.Split(boilerplate, "\n") {
		if b = strings.TrimSpace(b); b != "" && strings.Contains(text, b) {
			t.Errorf("boilerplate in text: %q", b)
		}
	}
}

func TestFetchText(t *testing.T) {
	srv := newSite(t)
	r := newscrawl(t, "fetch", "--allow-private", "--format=text", srv.URL+"/moved")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if n := strings.Count(strings.TrimSpace(r.stdout), "\n\n"); n < 5 {
		t.Errorf("text has %d paragraph breaks, want blank lines between paragraphs:\n%s", n, r.stdout)
	}
	if strings.Contains(r.stdout, "\n\n\n") {
		t.Errorf("text has more than one blank line between paragraphs")
	}
	if f1 := wordF1(r.stdout, readFile(t, filepath.Join(seedDir, "want.txt"))); f1 < 0.99 {
		t.Errorf("word F1 against want.txt = %.3f, want ≥ 0.99", f1)
	}
}

func TestFetchRefusesPrivate(t *testing.T) {
	srv := newSite(t)
	r := newscrawl(t, "fetch", srv.URL+seedPath)
	if r.code != exitFailure || r.stdout != "" {
		t.Fatalf("exit %d, stdout %q; want 1 and nothing", r.code, r.stdout)
	}
	checkOneLine(t, r)
	if !strings.Contains(r.stderr, "--allow-private") {
		t.Errorf("stderr does not say how to allow it: %q", r.stderr)
	}
}

func TestFetchFailures(t *testing.T) {
	srv := newSite(t)
	tests := []struct {
		name, url, want string
	}{
		{"not found", srv.URL + "/gone", "404"},
		{"not html", srv.URL + "/api.json", "HTML"},
		{"no article", srv.URL + "/home", "no article"},
		{"bad url", "not a url", "bad URL"},
		{"bad scheme", "ftp://example.com/file", "http"},
		{"no host", "http:///path", "no host"},
		{"refused", closedURL(t), "cannot connect to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newscrawl(t, "fetch", "--allow-private", "--timeout", "10s", tt.url)
			if r.code != exitFailure || r.stdout != "" {
				t.Errorf("exit %d, stdout %q; want 1 and nothing", r.code, r.stdout)
			}
			checkOneLine(t, r)
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr %q lacks %q", r.stderr, tt.want)
			}
		})
	}

	big := newscrawl(t, "fetch", "--allow-private", "--max-body", "1KB", srv.URL+seedPath)
	if big.code != exitFailure || !strings.Contains(big.stderr, "too large") || big.stdout != "" {
		t.Errorf("page over --max-body: exit %d, stderr %q, stdout %.100q; want 1, too large, nothing", big.code, big.stderr, big.stdout)
	}
	checkOneLine(t, big)

	slow := newscrawl(t, "fetch", "--allow-private", "--timeout", "50ms", srv.URL+"/slow")
	if slow.code != exitFailure || !strings.Contains(slow.stderr, "timed out") {
		t.Errorf("slow server: exit %d, stderr %q; want 1 and timed out", slow.code, slow.stderr)
	}
	checkOneLine(t, slow)

	// One bad URL among good ones: the good ones are still printed, one line for the bad, exit 1.
	r := newscrawl(t, "fetch", "--allow-private", "--format", "json", srv.URL+"/gone", srv.URL+seedPath)
	if r.code != exitFailure || len(decodeLines(t, r.stdout)) != 1 {
		t.Errorf("mixed: exit %d, %d objects; want 1 and 1", r.code, len(decodeLines(t, r.stdout)))
	}
	checkOneLine(t, r)
}

func TestFetchStoresOnce(t *testing.T) {
	srv := newSite(t)
	dbPath := filepath.Join(t.TempDir(), "sub", "news.db")
	base := srv.URL + seedPath
	for _, u := range []string{base, base + "?utm_source=x#top"} {
		r := newscrawl(t, "--log-format=json", "fetch", "--allow-private", "--db", dbPath, u)
		if r.code != 0 {
			t.Fatalf("fetch --db %s: exit %d, stderr:\n%s", u, r.code, r.stderr)
		}
		// The logs are JSON on stderr and say what was stored; stdout holds the article only.
		logs := decodeLines(t, r.stderr)
		if len(logs) == 0 || logs[len(logs)-1]["msg"] != "stored" {
			t.Errorf("stderr logs %v, want a JSON record of the store", logs)
		} else if _, ok := logs[len(logs)-1]["result"].(string); !ok {
			// "status" is an HTTP status (a number) in every other record.
			t.Errorf("stored record %v has no result (new, updated, unchanged)", logs[len(logs)-1])
		}
		if objs := decodeLines(t, r.stdout); len(objs) != 1 || objs[0]["title"] == nil {
			t.Errorf("stdout is not the one article")
		}
	}

	db := readDB(t, dbPath)
	var rows, version int
	var mode string
	if err := db.QueryRow(`SELECT count(*) FROM articles`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != 1 {
		t.Errorf("%d rows in articles, want 1", rows)
	}
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q (err %v), want wal", mode, err)
	}
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&version); err != nil || version < 1 {
		t.Errorf("user_version = %d (err %v), want ≥ 1", version, err)
	}
	var aliases int
	if err := db.QueryRow(`SELECT count(*) FROM article_urls WHERE url LIKE ?`, srv.URL+"%").Scan(&aliases); err != nil || aliases == 0 {
		t.Errorf("the requested URL is not kept as an alias (count %d, err %v)", aliases, err)
	}
}

func TestFetchBadDB(t *testing.T) {
	srv := newSite(t)
	dir := t.TempDir() // a directory is not a database
	r := newscrawl(t, "fetch", "--allow-private", "--db", dir, srv.URL+seedPath)
	if r.code != exitFailure || r.stdout != "" {
		t.Errorf("exit %d, stdout %q; want 1 and nothing", r.code, r.stdout)
	}
	checkOneLine(t, r)
}

// closedURL is an http URL on a loopback port where nothing listens.
func closedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return "http://" + l.Addr().String() + "/news"
}

// TestFetchFailureLine: a failure names the URL once, after "fetch", and then why; not
// "URL: fetch URL: ..." as crawler.Fetch's own prefix repeated it.
func TestFetchFailureLine(t *testing.T) {
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	mux.HandleFunc("/api.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"articles": []}`))
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		body := "<html><body><p>" + strings.Repeat("words ", 400) + "</p></body></html>"
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		w.Write([]byte(body))
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/api.json", http.StatusFound)
	})
	tests := []struct {
		name, path, want string // want: the whole stderr line, %s is the server's URL
	}{
		{"not html", "/api.json", "newscrawl: fetch %s/api.json: not an HTML document: content type application/json\n"},
		{"too large", "/big", "newscrawl: fetch %s/big: too large (Content-Length 2433 over 1000 bytes)\n"},
		{"too many redirects", "/loop", "newscrawl: fetch %s/loop: too many redirects: redirect loop back to the requested URL after 1 hops\n"},
		{"not html after a redirect", "/moved", "newscrawl: fetch %s/moved: not an HTML document: content type application/json (at %[1]s/api.json)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newscrawl(t, "fetch", "--allow-private", "--max-body", "1KB", srv.URL+tt.path)
			if r.code != exitFailure {
				t.Errorf("exit %d, want %d", r.code, exitFailure)
			}
			if want := fmt.Sprintf(tt.want, srv.URL); r.stderr != want {
				t.Errorf("stderr\n got %q\nwant %q", r.stderr, want)
			}
		})
	}
	if r := newscrawl(t, "fetch", "not a url"); r.stderr != "newscrawl: fetch \"not a url\": bad URL: want an http:// or https:// URL\n" {
		t.Errorf("bad URL: stderr %q", r.stderr)
	}
}
