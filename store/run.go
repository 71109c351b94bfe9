package store

import (
	"context"
	"fmt"
)

// RunCounts are the totals of one crawl run, written by FinishRun.
type RunCounts struct {
	Pages, New, Updated, Duplicates, Errors int
}

// StartRun records the start of a crawl run of source ("" → NULL) and
// returns its id.
func (db *DB) StartRun(ctx context.Context, source string) (runID int64, err error) {
	res, err := db.db.ExecContext(ctx, `INSERT INTO runs(source, started_at) VALUES (?, ?)`,
		nullString(source), formatTime(db.Now()))
	if err != nil {
		return 0, fmt.Errorf("store: start run of %q: %w", source, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("store: start run of %q: %w", source, err)
	}
	return id, nil
}

// FinishRun records the end of a run and its counts. Callers finishing a
// cancelled run should pass context.WithoutCancel(ctx) so this still lands.
func (db *DB) FinishRun(ctx context.Context, runID int64, c RunCounts) error {
	res, err := db.db.ExecContext(ctx, `UPDATE runs SET finished_at = ?, pages = ?, articles_new = ?,
		articles_updated = ?, articles_duplicate = ?, errors = ? WHERE id = ?`,
		formatTime(db.Now()), c.Pages, c.New, c.Updated, c.Duplicates, c.Errors, runID)
	if err != nil {
		return fmt.Errorf("store: finish run %d: %w", runID, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("store: finish run %d: no such run", runID)
	}
	return nil
}

// RecordFailure records a page that failed in run runID (0 → no run, as in
// a one-off fetch): its URL, HTTP status (0 when there was none) and error.
func (db *DB) RecordFailure(ctx context.Context, runID int64, url string, status int, msg string) error {
	if _, err := db.db.ExecContext(ctx, `INSERT INTO failures(run_id, url, status, error, at) VALUES (?, ?, ?, ?, ?)`,
		nullInt(runID), url, nullInt(int64(status)), msg, formatTime(db.Now())); err != nil {
		return fmt.Errorf("store: record failure of %q: %w", url, err)
	}
	return nil
}
