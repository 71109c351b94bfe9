package crawler

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/mattn/go-sqlite3"

	"newscrawl/store"
)

func TestDatabaseError(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("store: save article %q: insert: %w", "http://x/", err) }
	for _, tt := range []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"disk full", wrap(sqlite3.Error{Code: sqlite3.ErrFull}), true},
		{"I/O error", wrap(sqlite3.Error{Code: sqlite3.ErrIoErr, ExtendedCode: sqlite3.ErrIoErrWrite}), true},
		{"read-only", wrap(sqlite3.Error{Code: sqlite3.ErrReadonly}), true},
		{"corrupt", wrap(sqlite3.Error{Code: sqlite3.ErrCorrupt}), true},
		{"not a database", wrap(sqlite3.Error{Code: sqlite3.ErrNotADB}), true},
		{"cannot open", wrap(sqlite3.Error{Code: sqlite3.ErrCantOpen}), true},
		{"constraint: one article", wrap(sqlite3.Error{Code: sqlite3.ErrConstraint}), false},
		{"busy: waited out already, one write", wrap(sqlite3.Error{Code: sqlite3.ErrBusy}), false},
		{"article without text", wrap(store.ErrEmptyText), false},
		{"connection done", wrap(sql.ErrConnDone), true},
		{"text saying full is not enough", errors.New("database or disk is full"), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := databaseError(tt.err); got != tt.want {
				t.Errorf("databaseError(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

// splitSink saves articles through one real database handle and records
// failures through another.
type splitSink struct{ save, record Sink }

func (s splitSink) SaveArticle(ctx context.Context, a store.Article) (store.Saved, error) {
	return s.save.SaveArticle(ctx, a)
}

func (s splitSink) RecordFailure(ctx context.Context, runID int64, url string, status int, msg string) error {
	return s.record.RecordFailure(ctx, runID, url, status, msg)
}

// A pass whose articles cannot be saved because of the database (here a
// read-only handle on the file, as a full disk or a read-only mount would
// give) stops with an error instead of recording every page as failed and
// reporting success; a database that cannot record a failure (closed) too.
func TestPassStopsOnDatabaseError(t *testing.T) {
	for _, tt := range []struct {
		name string
		sink func(t *testing.T, db *store.DB) Sink
		want func(error) bool
	}{
		{"read-only (articles)", func(t *testing.T, db *store.DB) Sink {
			ro, err := store.OpenReadOnly(context.Background(), db.Path())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { ro.Close() })
			return splitSink{save: ro, record: db}
		}, func(err error) bool {
			var se sqlite3.Error
			return errors.As(err, &se) && se.Code == sqlite3.ErrReadonly
		}},
		{"closed (failures too)", func(t *testing.T, db *store.DB) Sink {
			cl, err := store.Open(context.Background(), db.Path())
			if err != nil {
				t.Fatal(err)
			}
			cl.Close()
			return cl
		}, func(err error) bool { return strings.Contains(err.Error(), "closed") }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			full := newTestSite(t)
			ref := newTestCrawler(t, siteSources(full)[:1])
			ref.pass(t)
			allPages := len(full.Requests())

			site := newTestSite(t)
			src := siteSources(site)[:1]
			src[0].Parallelism = 1
			tc := newTestCrawler(t, src)
			var logs syncBuffer
			tc.c.Logger = slog.New(slog.NewTextHandler(&logs, nil))
			tc.c.Sink = tt.sink(t, tc.db)
			res, err := tc.c.Pass(context.Background(), src)
			if err == nil {
				t.Fatalf("Pass succeeded though nothing could be saved: %+v", res)
			}
			t.Logf("Pass: %v", err)
			if !tt.want(err) {
				t.Errorf("Pass error %q does not carry the database's error", err)
			}
			if msg := err.Error(); strings.ContainsAny(msg, "\n") || !strings.HasPrefix(msg, "crawler: pass of world stopped: database error: ") {
				t.Errorf("Pass error %q, want one line naming the source", msg)
			}
			if n := strings.Count(logs.String(), "level=ERROR"); n != 1 {
				t.Errorf("%d Error lines, want 1:\n%s", n, logs.String())
			}
			if n := len(site.Requests()); n >= allPages {
				t.Errorf("the pass went on after the database error: %d requests, as many as a whole pass (%d)", n, allPages)
			}
			if fails := tc.column(t, "SELECT error FROM failures WHERE error LIKE 'save:%'"); len(fails) != 0 {
				t.Errorf("database errors recorded as page failures: %q", fails)
			}
			if got := tc.column(t, "SELECT count(*) FROM runs WHERE finished_at IS NOT NULL"); len(got) != 1 || got[0] != "1" {
				t.Errorf("finished runs %q, want the run finished", got)
			}
		})
	}
}
