package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestExtractHostileFiles runs `newscrawl extract` on saved pages that attack the reader: a
// gzip bomb (1 MB that unpacks to 1 GiB) and deeply nested markup. Each must end with bounded
// memory, and either an article or one clear line and a non-zero exit.
func TestExtractHostileFiles(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"bomb.html.gz": gzipBomb(),
		"deep.html":    []byte(strings.Replace(articleHTML(7), "<article>", "<article>"+strings.Repeat("<div>", 100000), 1)),
		"good.html":    []byte(articleHTML(8)),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ file string }{{"bomb.html.gz"}, {"deep.html"}, {"good.html"}} {
		t.Run(tc.file, func(t *testing.T) {
			// Address space capped at 2 GB (ulimit -v, KB): a reader that buffers the whole
			// bomb dies early instead of taking the machine's memory.
			r := newscrawl(t, 60*time.Second, "__sh", "-c", fmt.Sprintf("ulimit -v 2000000 && exec %q extract --format text %q", bin, filepath.Join(dir, tc.file)))
			t.Logf("extract %s: exit %d, peak RSS %.1f MB, stderr %q", tc.file, r.code, r.maxRSSMB, clip(strings.TrimSpace(r.stderr), 200))
			if r.code != 0 && r.code != 1 {
				t.Logf("crashed (exit %d): %s", r.code, clip(r.stderr, 300))
			}
			var problems []string
			if r.maxRSSMB > maxRSSMB {
				problems = append(problems, "peak RSS over the bound")
			}
			if r.code == 0 && strings.TrimSpace(r.stdout) == "" {
				problems = append(problems, "exit 0 without an article")
			}
			if r.code != 0 && (r.code != 1 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0) {
				problems = append(problems, fmt.Sprintf("exit %d with %d lines on stderr, want 1 and one line", r.code, 1+strings.Count(strings.TrimSpace(r.stderr), "\n")))
			}
			if tc.file == "good.html" && !strings.Contains(r.stdout, token(8)) {
				problems = append(problems, "the good page's article is missing")
			}
			if len(problems) > 0 {
				t.Errorf("%s", strings.Join(problems, "; "))
			}
		})
	}
}
