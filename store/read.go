package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Reads for browsing the store (the read-only site of `run --listen`):
// the latest articles, the article counts per source, one article with its
// aliases and its duplicate group, and the source of a run.

// ErrNotFound: no article with that id.
var ErrNotFound = errors.New("store: article not found")

// ArticleSummary is one article in a list.
type ArticleSummary struct {
	ID                     int64
	URL                    string
	Source                 string // "" for articles stored by fetch
	Title, Excerpt         string
	PublishedAt, FetchedAt time.Time // PublishedAt zero when unknown
	WordCount              int
	DuplicateOf            int64 // 0 = none
}

// ArticleDetail is one article with what a page about it shows.
type ArticleDetail struct {
	ArticleSummary
	Byline, SiteName, Lang string
	ModifiedAt             time.Time
	Text                   string
	Aliases                []string         // every other URL recorded for it, sorted
	Original               *ArticleSummary  // the article it duplicates; nil when none
	Copies                 []ArticleSummary // the other articles of its duplicate group, oldest first, at most maxCopies
}

// LatestFilter selects the articles Latest lists.
type LatestFilter struct {
	Source   string // with BySource: only this source ("" = stored by fetch)
	BySource bool
	Before   int64 // > 0: only ids below it (the next, older page)
	Limit    int   // <= 0: defaultLatest
}

// SourceCount is the number of articles of one source.
type SourceCount struct {
	Source   string // "" for articles stored by fetch
	Articles int64
}

const (
	defaultLatest = 50
	maxCopies     = 200
)

const summaryColumns = `a.id, a.url, coalesce(a.source, ''), coalesce(a.title, ''), coalesce(a.excerpt, ''),
	a.published_at, a.fetched_at, coalesce(a.word_count, 0), coalesce(a.duplicate_of, 0)`

// scanSummaries reads rows of summaryColumns and closes rows.
func scanSummaries(rows *sql.Rows) ([]ArticleSummary, error) {
	defer rows.Close()
	var out []ArticleSummary
	for rows.Next() {
		var (
			it                 ArticleSummary
			published, fetched sql.NullString
		)
		if err := rows.Scan(&it.ID, &it.URL, &it.Source, &it.Title, &it.Excerpt, &published, &fetched,
			&it.WordCount, &it.DuplicateOf); err != nil {
			return nil, err
		}
		it.PublishedAt, it.FetchedAt = parseTime(published), parseTime(fetched)
		out = append(out, it)
	}
	return out, rows.Err()
}

// Latest lists articles newest stored first (by id, which only grows),
// filtered by f. It walks the primary key or the (source, id) index.
func (db *DB) Latest(ctx context.Context, f LatestFilter) ([]ArticleSummary, error) {
	where := []string{"1"}
	var args []any
	if f.BySource {
		if f.Source == "" { // stored by fetch: NULL (or, written by hand, '')
			where = append(where, "(a.source IS NULL OR a.source = '')")
		} else {
			where = append(where, "a.source = ?")
			args = append(args, f.Source)
		}
	}
	if f.Before > 0 {
		where = append(where, "a.id < ?")
		args = append(args, f.Before)
	}
	if f.Limit <= 0 {
		f.Limit = defaultLatest
	}
	args = append(args, f.Limit)
	rows, err := db.db.QueryContext(ctx, `SELECT `+summaryColumns+` FROM articles a
		WHERE `+strings.Join(where, " AND ")+` ORDER BY a.id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: latest articles: %w", err)
	}
	items, err := scanSummaries(rows)
	if err != nil {
		return nil, fmt.Errorf("store: latest articles: %w", err)
	}
	return items, nil
}

// SourceCounts counts articles per source, by name, "" (stored by fetch,
// NULL or empty source) last. Unlike Stats it reads nothing else: GROUP BY
// on the bare column walks the (source, id) index in order, with no
// temporary table (about 40 ms for a million articles).
func (db *DB) SourceCounts(ctx context.Context) ([]SourceCount, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT source, count(*) FROM articles GROUP BY source`)
	if err != nil {
		return nil, fmt.Errorf("store: source counts: %w", err)
	}
	defer rows.Close()
	var (
		out  []SourceCount
		none int64 // NULL and '' sources
	)
	for rows.Next() {
		var (
			src sql.NullString
			n   int64
		)
		if err := rows.Scan(&src, &n); err != nil {
			return nil, fmt.Errorf("store: source counts: %w", err)
		}
		if src.String == "" {
			none += n
			continue
		}
		out = append(out, SourceCount{Source: src.String, Articles: n})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: source counts: %w", err)
	}
	slices.SortFunc(out, func(a, b SourceCount) int { return strings.Compare(a.Source, b.Source) })
	if none > 0 {
		out = append(out, SourceCount{Articles: none})
	}
	return out, nil
}

// Article reads article id with its aliases, the article it duplicates and
// the other copies of its story, in one read transaction (one snapshot).
// ErrNotFound when there is no such article.
func (db *DB) Article(ctx context.Context, id int64) (ArticleDetail, error) {
	tx, err := db.readTx(ctx)
	if err != nil {
		return ArticleDetail{}, fmt.Errorf("store: article %d: %w", id, err)
	}
	defer tx.Rollback()
	a, err := articleDetail(ctx, tx, id)
	if errors.Is(err, ErrNotFound) {
		return ArticleDetail{}, err
	}
	if err != nil {
		return ArticleDetail{}, fmt.Errorf("store: article %d: %w", id, err)
	}
	return a, nil
}

func articleDetail(ctx context.Context, tx *sql.Tx, id int64) (ArticleDetail, error) {
	var (
		a                            ArticleDetail
		published, fetched, modified sql.NullString
		byline, site, lang           sql.NullString
	)
	err := tx.QueryRowContext(ctx, `SELECT `+summaryColumns+`, a.byline, a.site_name, a.lang, a.modified_at, a.text
		FROM articles a WHERE a.id = ?`, id).Scan(&a.ID, &a.URL, &a.Source, &a.Title, &a.Excerpt,
		&published, &fetched, &a.WordCount, &a.DuplicateOf, &byline, &site, &lang, &modified, &a.Text)
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrNotFound
	}
	if err != nil {
		return a, err
	}
	a.PublishedAt, a.FetchedAt, a.ModifiedAt = parseTime(published), parseTime(fetched), parseTime(modified)
	a.Byline, a.SiteName, a.Lang = byline.String, site.String, lang.String
	if a.Aliases, err = queryStrings(ctx, tx, `SELECT url FROM article_urls WHERE article_id = ? AND url != ? ORDER BY url`,
		id, a.URL); err != nil {
		return a, fmt.Errorf("aliases: %w", err)
	}
	original := a.ID
	if a.DuplicateOf != 0 {
		original = a.DuplicateOf
		rows, err := tx.QueryContext(ctx, `SELECT `+summaryColumns+` FROM articles a WHERE a.id = ?`, original)
		if err != nil {
			return a, fmt.Errorf("original %d: %w", original, err)
		}
		items, err := scanSummaries(rows)
		if err != nil {
			return a, fmt.Errorf("original %d: %w", original, err)
		}
		if len(items) > 0 { // nil when the original is gone (deleted by hand)
			a.Original = &items[0]
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+summaryColumns+` FROM articles a
		WHERE a.duplicate_of = ? AND a.id != ? ORDER BY a.id LIMIT ?`, original, a.ID, maxCopies)
	if err != nil {
		return a, fmt.Errorf("duplicates of %d: %w", original, err)
	}
	if a.Copies, err = scanSummaries(rows); err != nil {
		return a, fmt.Errorf("duplicates of %d: %w", original, err)
	}
	return a, nil
}

// RunSource reads the source of run runID: "" when the run has none or
// there is no such run.
func (db *DB) RunSource(ctx context.Context, runID int64) (string, error) {
	var src sql.NullString
	err := db.db.QueryRowContext(ctx, `SELECT source FROM runs WHERE id = ?`, runID).Scan(&src)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: source of run %d: %w", runID, err)
	}
	return src.String, nil
}
