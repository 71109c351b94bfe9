//go:build unix

package web

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// findChromium returns the headless browser, or skips — except on CI
// (CI=true), where a missing browser is a broken setup.
func findChromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium not found: .ci/run must install it (apt-get install -y chromium)")
	}
	t.Skip("chromium not installed (apt-get install -y chromium); CI=true makes this a failure")
	return ""
}

// artifactsDir is where screenshots go: $NEWSCRAWL_ARTIFACTS, or
// artifacts/ under the temp folder.
func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("NEWSCRAWL_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runChromium runs one headless chromium with its own profile folder and
// returns its stdout. The whole process group is killed when ctx ends.
func runChromium(ctx context.Context, t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("chromium %v: timed out: %v\nstderr:\n%s", args, ctx.Err(), stderr.String())
	}
	if err != nil {
		t.Fatalf("chromium %v: %v\nstderr:\n%s", args, err, stderr.String())
	}
	return stdout.Bytes()
}

// TestBrowser loads the site in a real headless browser: a screenshot of
// the front page (saved as a test artifact) and the DOM of a search.
func TestBrowser(t *testing.T) {
	bin := findChromium(t)
	f := newFixture(t)
	var (
		mu   sync.Mutex
		hits = map[string]int{}
	)
	h := NewServer(f.db, NewMetrics(), testLogger(t))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.RequestURI()]++
		mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()

	shot := filepath.Join(artifactsDir(t), "web-index.png")
	os.Remove(shot)
	runChromium(ctx, t, bin, "--screenshot="+shot, "--window-size=1200,900", srv.URL+"/")
	png, err := os.ReadFile(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) || len(png) < 5000 {
		t.Fatalf("screenshot %s is not a plausible PNG (%d bytes)", shot, len(png))
	}
	t.Logf("screenshot of / saved to %s", shot)

	dom := string(runChromium(ctx, t, bin, "--dump-dom", srv.URL+"/search?q=harbour"))
	for _, want := range []string{
		"Council votes to rebuild the harbour wall", // the article's title
		"Harbour wall to be rebuilt",                // and its copy
		"<mark>harbour</mark>",
		`value="harbour"`,
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("search DOM lacks %q; DOM:\n%s", want, dom)
		}
	}
	// The article page with its copy, for a person to look at.
	art := filepath.Join(artifactsDir(t), "web-article.png")
	runChromium(ctx, t, bin, "--screenshot="+art, "--window-size=1200,900", srv.URL+"/article/"+itoa(f.harbour))
	t.Logf("screenshot of an article saved to %s", art)

	mu.Lock()
	defer mu.Unlock()
	if hits["/"] == 0 || hits["/search?q=harbour"] == 0 {
		t.Errorf("the browser did not load the pages from the test server: %v", hits)
	}
}
