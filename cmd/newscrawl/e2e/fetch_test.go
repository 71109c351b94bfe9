package e2e

import (
	"bytes"
	"crypto/sha256"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestFetchHostile runs `newscrawl fetch` against the worst pages of the hostile suite: each
// ends within its time with exit 1, one line naming the reason, nothing on stdout and
// bounded memory; a good page beside them is still printed.
func TestFetchHostile(t *testing.T) {
	s := newSite(t)
	full := articleHTML(11)
	bomb := gzipBomb() // made before serving: it takes a second or two
	cases := []struct {
		name, path string
		handler    http.HandlerFunc
		want       []string // the line says one of these (lowercase)
	}{
		{"gzip bomb", "/bomb", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb)
		}, []string{"too large"}},
		{"50 MB page", "/huge", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			writeUntilError(w, bytes.Repeat([]byte("<p>padding padding padding.</p>\n"), 1<<15), 50)
		}, []string{"too large"}},
		{"slow loris", "/slow", slowLoris(full), []string{"timed out", "timeout"}},
		{"PDF", "/doc.pdf", serveString("application/pdf", "%PDF-1.4\n%%EOF\n"), []string{"not an html", "not html", "pdf"}},
		{"redirect loop", "/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) }, []string{"redirect"}},
		{"100,000 nested divs", "/deep", serveString("text/html", strings.Replace(full, "<article>", "<article>"+strings.Repeat("<div>", 100000), 1)), []string{"parse", "nest", "no article", "deep"}},
		{"reset mid-body", "/reset", rawResponse("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n" + full[:1000]), []string{"eof", "reset", "closed"}},
	}
	for _, c := range cases {
		s.handle(c.path, c.handler)
	}
	s.handle("/good", serveArticle(12))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newscrawl(t, 30*time.Second, "fetch", "--allow-private", "--timeout", "2s", "--max-body", "1MB", s.URL+c.path, s.URL+"/good")
			line := strings.TrimSpace(r.stderr)
			t.Logf("exit %d, peak RSS %.1f MB: %s", r.code, r.maxRSSMB, line)
			if r.code != 1 || strings.Contains(line, "\n") {
				t.Errorf("exit %d, stderr %q; want 1 and one line", r.code, r.stderr)
			}
			if !containsAny(strings.ToLower(line), c.want) {
				t.Errorf("line %q says none of %q", line, c.want)
			}
			if !strings.Contains(r.stdout, token(12)) || strings.Count(r.stdout, "\n") != 1 {
				t.Errorf("stdout is not exactly the good page's JSON line: %q", clip(r.stdout, 200))
			}
			if r.maxRSSMB > maxRSSMB {
				t.Errorf("peak RSS %.1f MB, want < %d MB", r.maxRSSMB, maxRSSMB)
			}
		})
	}
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// TestForeignDatabaseFiles: pointed at a file that is not a newscrawl database (random
// bytes, a text file, a database of a newer schema), every command fails with one clear
// line and leaves the file exactly as it was.
func TestForeignDatabaseFiles(t *testing.T) {
	s := newsSite(t, 2, 0, false)
	dir := t.TempDir()
	junk := make([]byte, 8192)
	r := rand.New(rand.NewPCG(3, 4))
	for i := range junk {
		junk[i] = byte(r.UintN(256))
	}
	// A real newscrawl database, then marked as written by a future version.
	cfg, future := siteConfig(t, s, 1)
	if res := newscrawl(t, 30*time.Second, "crawl", "--config", cfg); res.code != 0 {
		t.Fatalf("crawl: exit %d; %s", res.code, res.stderr)
	}
	db := openRW(t, future)
	if _, err := db.Exec(`PRAGMA user_version = 999`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	files := map[string][]byte{
		"random.db": junk,
		"notes.txt": []byte("my notes, not a database\n"),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	paths := []string{filepath.Join(dir, "random.db"), filepath.Join(dir, "notes.txt"), future}
	for _, p := range paths {
		before := fileSum(t, p)
		for _, args := range [][]string{
			{"crawl", "--config", cfg, "--db", p},
			{"fetch", "--allow-private", "--db", p, s.URL + "/a/1"},
			{"search", "--db", p, "story"},
			{"export", "--db", p},
			{"stats", "--db", p},
		} {
			t.Run(filepath.Base(p)+"/"+args[0], func(t *testing.T) {
				res := newscrawl(t, 30*time.Second, args...)
				line := strings.TrimSpace(res.stderr)
				if res.code == 0 || line == "" || strings.Contains(line, "\n") {
					t.Errorf("exit %d, stderr %q; want non-zero and one line", res.code, res.stderr)
				}
				t.Logf("%s", line)
			})
		}
		if after := fileSum(t, p); after != before {
			t.Errorf("%s was changed by commands that refused it", p)
		}
	}
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}
