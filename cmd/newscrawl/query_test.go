package main

import (
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"
)

// seededDB fetches the seed's page into a new database and returns its path.
func seededDB(t *testing.T) (dbPath, url string) {
	t.Helper()
	srv := newSite(t)
	dbPath = filepath.Join(t.TempDir(), "news.db")
	if r := newscrawl(t, "fetch", "--allow-private", "--db", dbPath, srv.URL+seedPath); r.code != 0 {
		t.Fatalf("fetch --db: exit %d: %s", r.code, r.stderr)
	}
	return dbPath, srv.URL + seedCanonical
}

func TestExportSearchStats(t *testing.T) {
	dbPath, url := seededDB(t)
	meta := readMeta(t, seedDir)

	t.Run("export jsonl", func(t *testing.T) {
		r := newscrawl(t, "export", "--db", dbPath)
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		objs := decodeLines(t, r.stdout)
		if len(objs) != 1 || objs[0]["title"] != meta["title"] || objs[0]["url"] != url {
			t.Errorf("export gave %d objects, first %.300v", len(objs), objs)
		}
	})
	t.Run("export csv", func(t *testing.T) {
		r := newscrawl(t, "export", "--db="+dbPath, "--format", "csv")
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
		if err != nil {
			t.Fatalf("not CSV: %v", err)
		}
		if len(recs) != 2 || recs[0][0] != "id" || recs[1][3] != meta["title"] {
			t.Errorf("csv = %.300v", recs)
		}
	})
	t.Run("export since", func(t *testing.T) {
		for since, want := range map[string]int{"1h": 1, "2000-01-01": 1, "2999-01-01T00:00:00Z": 0} {
			r := newscrawl(t, "export", "--db", dbPath, "--since", since)
			if got := strings.Count(r.stdout, "\n"); r.code != 0 || got != want {
				t.Errorf("--since %s: exit %d, %d articles, want %d", since, r.code, got, want)
			}
		}
		if r := newscrawl(t, "export", "--db", dbPath, "--since", "yesterday"); r.code != exitUsage {
			t.Errorf("--since yesterday: exit %d, want %d", r.code, exitUsage)
		}
	})
	t.Run("search", func(t *testing.T) {
		r := newscrawl(t, "search", "--db", dbPath, "diplomacy")
		if r.code != 0 || !strings.Contains(r.stdout, url) {
			t.Errorf("search diplomacy: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
		r = newscrawl(t, "search", "--db", dbPath, "--format", "jsonl", "Vienna")
		if objs := decodeLines(t, r.stdout); r.code != 0 || len(objs) != 1 || objs[0]["title"] != meta["title"] {
			t.Errorf("search --format jsonl Vienna: exit %d, stdout %q", r.code, r.stdout)
		}
		r = newscrawl(t, "search", "--db", dbPath, "xylophonequartet")
		if r.code != 0 || r.stdout != "" {
			t.Errorf("search without hits: exit %d, stdout %q", r.code, r.stdout)
		}
	})
	t.Run("stats", func(t *testing.T) {
		r := newscrawl(t, "stats", "--db", dbPath)
		if r.code != 0 || !strings.Contains(r.stdout, "1 articles") || !strings.Contains(r.stdout, "(fetch)") {
			t.Errorf("stats: exit %d, stdout:\n%s", r.code, r.stdout)
		}
	})
	t.Run("missing database", func(t *testing.T) {
		missing := filepath.Join(t.TempDir(), "none.db")
		for _, cmd := range []string{"export", "stats", "search"} {
			args := []string{cmd, "--db", missing}
			if cmd == "search" {
				args = append(args, "word")
			}
			r := newscrawl(t, args...)
			if r.code != exitFailure {
				t.Errorf("%s on a missing database: exit %d, want 1", cmd, r.code)
			}
			checkOneLine(t, r)
		}
	})
}
