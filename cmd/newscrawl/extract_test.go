package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newscrawl/store/dedup"
)

const fixtures = "../../testdata/readability"

// contractFields are the keys of the fetch --format json object (CONTRACT.md).
var contractFields = []string{"url", "title", "byline", "site_name", "lang", "published_at",
	"modified_at", "excerpt", "image", "text", "html", "word_count", "content_hash"}

// fixturePages lists testdata/readability/*/page.html; the test fails when there are none.
func fixturePages(t *testing.T) []string {
	t.Helper()
	pages, err := filepath.Glob(filepath.Join(fixtures, "*", "page.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no fixtures in %s (err %v)", fixtures, err)
	}
	return pages
}

// decodeLines decodes JSON lines into maps, failing on anything that is not one object a line.
func decodeLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var objs []map[string]any
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %d is not a JSON object: %v\n%.200s", i+1, err, line)
		}
		objs = append(objs, m)
	}
	return objs
}

func TestExtractJSON(t *testing.T) {
	pages := fixturePages(t)
	r := newscrawl(t, append([]string{"extract", "--format", "json"}, pages...)...)
	if r.code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	objs := decodeLines(t, r.stdout)
	byFile := map[string]map[string]any{}
	for _, o := range objs {
		f, _ := o["file"].(string)
		byFile[f] = o
	}
	var wantStderr strings.Builder
	var order []string
	for _, page := range pages {
		meta := readMeta(t, filepath.Dir(page))
		if meta["no_article"] == true {
			fmt.Fprintf(&wantStderr, "newscrawl: %s: no article found on the page\n", page)
			continue
		}
		order = append(order, page)
		t.Run(filepath.Base(filepath.Dir(page)), func(t *testing.T) {
			o, ok := byFile[page]
			if !ok {
				t.Fatalf("no object with file %q", page)
			}
			for _, k := range contractFields {
				if _, ok := o[k]; !ok {
					t.Errorf("no field %q", k)
				}
			}
			text, _ := o["text"].(string)
			if title, _ := o["title"].(string); title == "" || text == "" {
				t.Fatalf("empty title or text: %.300v", o)
			}
			if got, want := o["word_count"], float64(len(strings.Fields(text))); got != want {
				t.Errorf("word_count = %v, want %v", got, want)
			}
			if got, want := o["content_hash"], dedup.ContentHash(text); got != want {
				t.Errorf("content_hash = %v, want %v", got, want)
			}
			if want, ok := meta["canonical_url"].(string); ok && o["url"] != want {
				t.Errorf("url = %v, want the canonical %s", o["url"], want)
			}
		})
	}
	for i, o := range objs {
		if i < len(order) && o["file"] != order[i] {
			t.Errorf("object %d is of %v, want %s: objects come in the order of the files", i, o["file"], order[i])
		}
	}
	if len(objs) != len(order) {
		t.Errorf("%d objects for %d pages with an article", len(objs), len(order))
	}
	if r.stderr != wantStderr.String() {
		t.Errorf("stderr:\n%s\nwant one line per page without article:\n%s", r.stderr, wantStderr.String())
	}
}

// readMeta reads a fixture's meta.json (the metadata the page must give).
func readMeta(t *testing.T, dir string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "meta.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s/meta.json: %v", dir, err)
	}
	return m
}

func TestExtractText(t *testing.T) {
	page := filepath.Join(fixtures, "wordpress-newspaper-seed", "page.html")
	r := newscrawl(t, "extract", "--format=text", page)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	want := readFile(t, filepath.Join(fixtures, "wordpress-newspaper-seed", "want.txt"))
	if f1 := wordF1(r.stdout, want); f1 < 0.99 {
		t.Errorf("word F1 against want.txt = %.3f, want ≥ 0.99\n%s", f1, r.stdout)
	}
	paras := strings.Split(strings.TrimSpace(r.stdout), "\n\n")
	if len(paras) < 5 {
		t.Errorf("text has %d blank-line separated paragraphs, want many:\n%s", len(paras), r.stdout)
	}
	for _, p := range paras {
		if strings.TrimSpace(p) == "" || strings.HasPrefix(p, "\n") {
			t.Errorf("paragraphs separated by more than one blank line:\n%q", r.stdout)
			break
		}
	}

	// Two files: two articles, separated by a blank line, in the order given.
	two := newscrawl(t, "extract", "--format", "text", page, page)
	if two.stdout != r.stdout+"\n"+r.stdout {
		t.Errorf("two files did not give the article twice separated by a blank line")
	}
}

func TestExtractFormats(t *testing.T) {
	page := filepath.Join(fixtures, "wordpress-newspaper-seed", "page.html")
	for _, tt := range []struct{ format, want string }{
		{"html", "<p>"},
		{"markdown", "\n\n"},
	} {
		r := newscrawl(t, "extract", "--format", tt.format, page)
		if r.code != 0 || !strings.Contains(r.stdout, tt.want) {
			t.Errorf("--format %s: exit %d, output lacks %q:\n%.300s", tt.format, r.code, tt.want, r.stdout)
		}
		if strings.HasPrefix(strings.TrimSpace(r.stdout), "{") {
			t.Errorf("--format %s printed JSON", tt.format)
		}
	}
}

func TestExtractGzipAndStdin(t *testing.T) {
	page := filepath.Join(fixtures, "wordpress-newspaper-seed", "page.html")
	plain := newscrawl(t, "extract", "--format", "text", page)
	if plain.code != 0 {
		t.Fatalf("exit %d: %s", plain.code, plain.stderr)
	}

	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(readFile(t, page)))
	zw.Close()
	gzPath := filepath.Join(t.TempDir(), "page.html.gz")
	if err := os.WriteFile(gzPath, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := newscrawl(t, "extract", "--format", "text", gzPath); r.stdout != plain.stdout {
		t.Errorf(".gz file: exit %d, stderr %q, text differs from the plain file's", r.code, r.stderr)
	}

	// "-" is stdin, gzip or not.
	for name, body := range map[string][]byte{"plain": []byte(readFile(t, page)), "gzip": gz.Bytes()} {
		withStdin(t, body)
		r := newscrawl(t, "extract", "--format", "text", "-")
		if r.stdout != plain.stdout {
			t.Errorf("stdin (%s): exit %d, stderr %q, text differs from the file's", name, r.code, r.stderr)
		}
	}
}

// withStdin makes os.Stdin read body for the rest of the test.
func withStdin(t *testing.T, body []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "stdin")
	if err := os.WriteFile(path, body, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdin
	os.Stdin = f
	t.Cleanup(func() { os.Stdin = old; f.Close() })
}

func TestExtractURL(t *testing.T) {
	page := filepath.Join(fixtures, "wordpress-newspaper-seed", "page.html")
	bad := newscrawl(t, "extract", "--url", "ftp://example.com/x", page)
	if bad.code != exitUsage {
		t.Errorf("--url ftp://: exit %d, want %d", bad.code, exitUsage)
	}
	checkOneLine(t, bad)

	// A page without rel=canonical takes its url from --url, normalised.
	dir := t.TempDir()
	noCanon := filepath.Join(dir, "page.html")
	body := strings.NewReplacer(`rel="canonical"`, `rel="x-none"`, `og:url`, `og:x-none`).Replace(readFile(t, page))
	if err := os.WriteFile(noCanon, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	r := newscrawl(t, "extract", "--url", "HTTPS://Example.COM:443/2022/01/story/?utm_source=x#top", noCanon)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if got := decodeLines(t, r.stdout)[0]["url"]; got != "https://example.com/2022/01/story/" {
		t.Errorf("url = %v, want https://example.com/2022/01/story/", got)
	}
}

func TestExtractFailures(t *testing.T) {
	page := filepath.Join(fixtures, "wordpress-newspaper-seed", "page.html")
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.html")
	if err := os.WriteFile(empty, []byte("<html><body><p>Home</p></body></html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.html")

	// Some files fail: one line each on stderr, the rest printed, exit 0.
	r := newscrawl(t, "extract", "--format", "json", missing, page, empty)
	if r.code != 0 {
		t.Errorf("exit %d, want 0 when some file gave an article", r.code)
	}
	if objs := decodeLines(t, r.stdout); len(objs) != 1 || objs[0]["file"] != page {
		t.Errorf("stdout has %d objects, want the one of %s", len(objs), page)
	}
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], missing) || !strings.Contains(lines[1], empty) {
		t.Errorf("stderr is not one line per failed file, in order:\n%s", r.stderr)
	}
	if !strings.Contains(lines[1], "no article") {
		t.Errorf("stderr for a page without article does not say so: %q", lines[1])
	}

	// A gzip bomb, in miniature: small packed, over --max-body unpacked.
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zw.Write(bytes.Repeat([]byte("<p>boom</p>"), 100000))
	zw.Close()
	bombPath := filepath.Join(dir, "bomb.html.gz")
	if err := os.WriteFile(bombPath, bomb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	b := newscrawl(t, "extract", "--max-body", "100KB", bombPath)
	if b.code != exitFailure || b.stdout != "" || !strings.Contains(b.stderr, "larger than --max-body") {
		t.Errorf("gzip bomb: exit %d, stdout %.80q, stderr %q; want 1, nothing, too large", b.code, b.stdout, b.stderr)
	}
	checkOneLine(t, b)

	// All fail: exit 1.
	for _, f := range []string{empty, missing} {
		r := newscrawl(t, "extract", f)
		if r.code != exitFailure || r.stdout != "" {
			t.Errorf("extract %s: exit %d, stdout %q; want 1 and nothing", f, r.code, r.stdout)
		}
		checkOneLine(t, r)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// wordF1 is the F1 of the multisets of whitespace-separated words of got and want.
func wordF1(got, want string) float64 {
	count := map[string]int{}
	w := strings.Fields(want)
	for _, x := range w {
		count[x]++
	}
	g := strings.Fields(got)
	matched := 0
	for _, x := range g {
		if count[x] > 0 {
			count[x]--
			matched++
		}
	}
	if matched == 0 {
		return 0
	}
	p, r := float64(matched)/float64(len(g)), float64(matched)/float64(len(w))
	return 2 * p * r / (p + r)
}
