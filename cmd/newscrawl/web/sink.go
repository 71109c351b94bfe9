package web

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"newscrawl/crawler"
	"newscrawl/store"
)

// Sink is a crawler.Sink that passes every call on to Next and counts it in
// Metrics: saved articles by SavedResult, failures by ReasonFromMessage.
// A failure names its run, not its source; Sink reads the source of a run
// from the runs table of the database file (once per run).
//
// Wiring: c := &crawler.Crawler{DB: db, Sink: web.NewSink(db, db, m), ...}.
type Sink struct {
	next crawler.Sink
	m    *Metrics
	rd   *sql.DB // read-only pool on the database file; nil: failures get source ""

	mu   sync.Mutex
	runs map[int64]string
}

var _ crawler.Sink = (*Sink)(nil)

// NewSink wraps next. db is the database the crawler writes (its runs
// table names the sources of failures); it may be nil.
func NewSink(next crawler.Sink, db *store.DB, m *Metrics) *Sink {
	s := &Sink{next: next, m: m, runs: map[int64]string{}}
	if db != nil {
		if rd, err := openReader(db.Path()); err == nil {
			s.rd = rd
		}
	}
	return s
}

// SaveArticle saves through the wrapped sink and counts the result.
func (s *Sink) SaveArticle(ctx context.Context, a store.Article) (store.Saved, error) {
	saved, err := s.next.SaveArticle(ctx, a)
	if err == nil {
		s.m.ArticleSaved(a.Source, SavedResult(saved))
	}
	return saved, err
}

// RecordFailure records through the wrapped sink and counts the failure.
func (s *Sink) RecordFailure(ctx context.Context, runID int64, url string, status int, msg string) error {
	err := s.next.RecordFailure(ctx, runID, url, status, msg)
	s.m.Failure(s.source(ctx, runID), ReasonFromMessage(status, msg))
	return err
}

// Close closes the Sink's own read-only connections (not the wrapped sink).
func (s *Sink) Close() error {
	if s.rd == nil {
		return nil
	}
	if err := s.rd.Close(); err != nil {
		return fmt.Errorf("web: close sink: %w", err)
	}
	return nil
}

func (s *Sink) source(ctx context.Context, runID int64) string {
	if runID == 0 || s.rd == nil {
		return ""
	}
	s.mu.Lock()
	src, ok := s.runs[runID]
	s.mu.Unlock()
	if ok {
		return src
	}
	src, err := runSource(ctx, s.rd, runID)
	if err != nil {
		return "" // counted without a source rather than not at all
	}
	s.mu.Lock()
	s.runs[runID] = src
	s.mu.Unlock()
	return src
}

// runSource reads the source of a run ("" when it has none).
func runSource(ctx context.Context, db *sql.DB, runID int64) (string, error) {
	var src sql.NullString
	err := db.QueryRowContext(ctx, `SELECT source FROM runs WHERE id = ?`, runID).Scan(&src)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("web: source of run %d: %w", runID, err)
	}
	return src.String, nil
}
