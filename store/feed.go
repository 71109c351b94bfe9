package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// FeedState is what the crawler remembers about a feed between runs, for
// conditional GETs (ETag, Last-Modified).
type FeedState struct {
	URL, Source, ETag, LastModified string
	LastCheckedAt                   time.Time
	LastStatus                      int
}

// FeedState returns the stored state of the feed at url; ok is false when
// the feed was never seen.
func (db *DB) FeedState(ctx context.Context, url string) (FeedState, bool, error) {
	var (
		fs                              FeedState
		source, etag, lastMod, lastSeen sql.NullString
		status                          sql.NullInt64
	)
	err := db.db.QueryRowContext(ctx,
		`SELECT url, source, etag, last_modified, last_checked_at, last_status FROM feeds WHERE url = ?`, url).
		Scan(&fs.URL, &source, &etag, &lastMod, &lastSeen, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return FeedState{}, false, nil
	}
	if err != nil {
		return FeedState{}, false, fmt.Errorf("store: feed state %q: %w", url, err)
	}
	fs.Source, fs.ETag, fs.LastModified = source.String, etag.String, lastMod.String
	fs.LastCheckedAt = parseTime(lastSeen)
	fs.LastStatus = int(status.Int64)
	return fs, true, nil
}

// SaveFeedState inserts or replaces the state of the feed at fs.URL.
func (db *DB) SaveFeedState(ctx context.Context, fs FeedState) error {
	if fs.URL == "" {
		return errors.New("store: save feed state: empty URL")
	}
	if _, err := db.db.ExecContext(ctx, `INSERT INTO feeds(url, source, etag, last_modified, last_checked_at, last_status)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT(url) DO UPDATE SET source = excluded.source, etag = excluded.etag,
			last_modified = excluded.last_modified, last_checked_at = excluded.last_checked_at,
			last_status = excluded.last_status`,
		fs.URL, nullString(fs.Source), nullString(fs.ETag), nullString(fs.LastModified),
		formatTime(fs.LastCheckedAt), nullInt(int64(fs.LastStatus))); err != nil {
		return fmt.Errorf("store: save feed state %q: %w", fs.URL, err)
	}
	return nil
}
