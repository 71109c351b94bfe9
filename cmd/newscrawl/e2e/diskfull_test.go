package e2e

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestDiskFull crawls into a database that cannot grow past a few hundred KB (RLIMIT_FSIZE,
// as on a full disk or quota): the crawl must end, not hang, and say what went wrong; the
// file stays whole, and a crawl with room again completes the set.
func TestDiskFull(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to set the file size limit")
	}
	const n = 200
	s := newsSite(t, n, 0, false)
	cfg, dbPath := siteConfig(t, s, 2)
	// POSIX sh counts ulimit -f in 512-byte blocks: 800 blocks = 400 KB per file.
	r := newscrawl(t, 60*time.Second, "__sh", "-c", fmt.Sprintf("ulimit -f 800 && exec %q crawl --config %q", bin, cfg))
	stored := len(checkDB(t, dbPath))
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	last := lines[len(lines)-1]
	t.Logf("crawl into a full disk: exit %d after %d of %d articles; last line %q", r.code, stored, n, clip(last, 300))
	if stored >= n {
		t.Fatalf("all %d articles fit under the limit: the test tests nothing", n)
	}
	var problem string
	if r.code == 0 {
		problem = fmt.Sprintf("crawl exited 0 though %d of %d articles could not be saved, nor their failures recorded (disk full)", n-stored, n)
	} else if !strings.Contains(strings.ToLower(last), "full") && !strings.Contains(strings.ToLower(last), "large") {
		t.Errorf("the last line does not say the disk/database is full: %q", last)
	}

	r = newscrawl(t, 60*time.Second, "crawl", "--config", cfg)
	if r.code != 0 {
		t.Fatalf("crawl with room again: exit %d; stderr:\n%s", r.code, tail(r.stderr, 2000))
	}
	wantArticleSet(t, checkDB(t, dbPath), s, n)
	if problem != "" {
		t.Errorf("a database write error must end the pass non-zero with one line: %s", problem)
	}
}
