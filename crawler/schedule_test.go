package crawler

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"newscrawl/config"
)

// fakeClock: After advances the clock by the wait and fires at once.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) After(d time.Duration) <-chan time.Time {
	f.mu.Lock()
	f.now = f.now.Add(d)
	now := f.now
	f.mu.Unlock()
	ch := make(chan time.Time, 1)
	ch <- now
	return ch
}

func TestRunFollowsSchedules(t *testing.T) {
	site := newTestSite(t)
	a := testSource(site, "a")
	a.StartURLs = []string{site.U("/about.html")}
	a.MaxDepth = 0
	a.Schedule = "*/10 * * * *"
	b := a
	b.Name = "b"
	b.Schedule = "*/15 * * * *"
	tc := newTestCrawler(t, []config.Source{a, b})
	clock := &fakeClock{now: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}
	tc.c.Now, tc.c.After = clock.Now, clock.After

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got []string
	tc.c.OnPass = func(r PassResult) {
		got = append(got, fmt.Sprintf("%s@%s", r.Source, clock.Now().Format("15:04")))
		if len(got) == 7 {
			cancel()
		}
	}
	if err := tc.c.Run(ctx); err != nil {
		t.Fatalf("Run: %v", err)
	}
	want := []string{"a@12:00", "b@12:00", "a@12:10", "b@12:15", "a@12:20", "a@12:30", "b@12:30"}
	if !slices.Equal(got, want) {
		t.Errorf("passes %v\nwant %v", got, want)
	}
	if runs := tc.column(t, "SELECT count(*) FROM runs WHERE finished_at IS NOT NULL"); len(runs) != 1 || runs[0] != "7" {
		t.Errorf("finished runs = %v, want 7", runs)
	}
}

func TestRunStopsCleanlyOnCancel(t *testing.T) {
	site := newTestSite(t)
	site.hold.Store(int64(5 * time.Millisecond))
	srcs := siteSources(site)
	tc := newTestCrawler(t, srcs)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var once sync.Once
	hook := func(p string) {
		if strings.HasPrefix(p, "/2026/11/") && site.Hits(p) > 0 {
			once.Do(cancel) // mid-pass, while articles are being fetched and saved
		}
	}
	site.onRequest.Store(&hook)
	done := make(chan error, 1)
	go func() { done <- tc.c.Run(ctx) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run after cancel: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if ok := tc.column(t, "PRAGMA integrity_check"); !slices.Equal(ok, []string{"ok"}) {
		t.Errorf("integrity_check: %v", ok)
	}
	// Every stored article is whole: text, hash and its FTS row.
	bad := tc.column(t, `SELECT url FROM articles WHERE text = '' OR content_hash = ''
		OR id NOT IN (SELECT rowid FROM articles_fts)`)
	if len(bad) != 0 {
		t.Errorf("half-written articles: %v", bad)
	}
	// The interrupted run is finished in the bookkeeping.
	if open := tc.column(t, "SELECT count(*) FROM runs WHERE finished_at IS NULL"); !slices.Equal(open, []string{"0"}) {
		t.Errorf("unfinished runs: %v", open)
	}
	// A later pass completes the set.
	site.onRequest.Store(nil)
	tc.pass(t)
	if n := tc.column(t, "SELECT count(*) FROM articles"); !slices.Equal(n, []string{"9"}) {
		t.Errorf("after a full pass: %v articles, want 9", n)
	}
}

// TestRunBadScheduleIsAnError: a hand-built Source (not from config.Parse) with a
// spec cron v3 panics on is refused with an error naming the source, before any pass.
func TestRunBadScheduleIsAnError(t *testing.T) {
	site := newTestSite(t)
	a := testSource(site, "a")
	a.Schedule = "TZ=UTC"
	tc := newTestCrawler(t, []config.Source{a})
	passes := 0
	tc.c.OnPass = func(PassResult) { passes++ }
	err := tc.c.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "source a") {
		t.Fatalf("Run with schedule TZ=UTC: %v, want an error naming the source", err)
	}
	if passes != 0 {
		t.Errorf("%d passes ran before the bad schedule was refused", passes)
	}
}
