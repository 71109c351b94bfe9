package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// ErrBadQuery: a search query that FTS5 cannot parse even after quoting.
var ErrBadQuery = errors.New("store: bad search query")

// SearchHit is one full-text search result.
type SearchHit struct {
	ID          int64
	URL         string
	Source      string
	Title       string
	Snippet     string // up to ~16 tokens of the text around the match, matches in [brackets]
	PublishedAt time.Time
	FetchedAt   time.Time
	DuplicateOf int64
	Rank        float64 // bm25: lower is better (title weighs 2×, text 1×)
}

// Search runs a full-text search over titles and texts, best match first
// (FTS5 bm25). query may use FTS5 syntax (AND, OR, NOT, "phrases", prefix*);
// a query that is not valid FTS5 syntax is searched as plain words, each
// quoted, all required. limit ≤ 0 means 20.
func (db *DB) Search(ctx context.Context, query string, limit int) ([]SearchHit, error) {
	query = strings.TrimSpace(query)
	if query == "" {
		return nil, fmt.Errorf("%w: empty query", ErrBadQuery)
	}
	if limit <= 0 {
		limit = 20
	}
	hits, err := db.search(ctx, query, limit)
	if err != nil && isFTSSyntaxError(err) {
		quoted := quoteTerms(query)
		if quoted == "" {
			return nil, fmt.Errorf("%w: %q has no words", ErrBadQuery, query)
		}
		hits, err = db.search(ctx, quoted, limit)
	}
	if err != nil {
		if isFTSSyntaxError(err) {
			return nil, fmt.Errorf("%w: %q: %v", ErrBadQuery, query, err)
		}
		return nil, fmt.Errorf("store: search %q: %w", query, err)
	}
	return hits, nil
}

func (db *DB) search(ctx context.Context, match string, limit int) ([]SearchHit, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT a.id, a.url, a.source, a.title,
		       snippet(articles_fts, 1, '[', ']', '…', 16),
		       a.published_at, a.fetched_at, a.duplicate_of,
		       bm25(articles_fts, 2.0, 1.0) AS rank
		FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
		WHERE articles_fts MATCH ?
		ORDER BY rank, a.id
		LIMIT ?`, match, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var hits []SearchHit
	for rows.Next() {
		var (
			h                  SearchHit
			source, title      sql.NullString
			published, fetched sql.NullString
			dup                sql.NullInt64
		)
		if err := rows.Scan(&h.ID, &h.URL, &source, &title, &h.Snippet, &published, &fetched, &dup, &h.Rank); err != nil {
			return nil, err
		}
		h.Source, h.Title, h.DuplicateOf = source.String, title.String, dup.Int64
		h.PublishedAt, h.FetchedAt = parseTime(published), parseTime(fetched)
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

func isFTSSyntaxError(err error) bool {
	s := err.Error()
	return strings.Contains(s, "fts5: syntax error") || strings.Contains(s, "no such column") ||
		strings.Contains(s, "unterminated string") || strings.Contains(s, "fts5:")
}

// quoteTerms turns free text into an FTS5 query of quoted words: every
// whitespace-separated term becomes a "phrase" (inner quotes doubled), so
// no character of the user's text is read as syntax; the operators AND, OR
// and NOT, which made the query invalid, are dropped.
func quoteTerms(q string) string {
	var terms []string
	for _, f := range strings.Fields(q) {
		f = strings.Trim(f, `"`)
		if f == "" || f == "AND" || f == "OR" || f == "NOT" {
			continue // a dangling operator: meant as syntax, not as a word
		}
		terms = append(terms, `"`+strings.ReplaceAll(f, `"`, `""`)+`"`)
	}
	return strings.Join(terms, " ")
}

// ExportFilter selects the rows Export writes. Zero values select all.
type ExportFilter struct {
	SinceTime time.Time // only rows with fetched_at ≥ SinceTime (new or updated since)
	SinceID   int64     // only rows with id > SinceID (new since the cursor)
	Source    string    // only this source
	Unique    bool      // skip duplicates (duplicate_of set)
}

// ExportRow is one article as exported. Its JSON form has the field names of
// the articles table, RFC 3339 times and null for unknown times.
type ExportRow struct {
	ID          int64
	URL         string
	Aliases     []string // the other URLs the article was seen under
	Source      string
	Title       string
	Byline      string
	SiteName    string
	Lang        string
	PublishedAt time.Time
	ModifiedAt  time.Time
	FetchedAt   time.Time
	Excerpt     string
	Image       string
	Text        string
	HTML        string
	WordCount   int
	ContentHash string
	SimHash     uint64
	DuplicateOf int64
}

// MarshalJSON writes the row with the articles table's column names.
func (r ExportRow) MarshalJSON() ([]byte, error) {
	t := func(v time.Time) *string {
		if v.IsZero() {
			return nil
		}
		s := v.UTC().Format(time.RFC3339)
		return &s
	}
	var dup *int64
	if r.DuplicateOf != 0 {
		dup = &r.DuplicateOf
	}
	var source *string
	if r.Source != "" {
		source = &r.Source
	}
	aliases := r.Aliases
	if aliases == nil {
		aliases = []string{}
	}
	return json.Marshal(struct {
		ID          int64    `json:"id"`
		URL         string   `json:"url"`
		Aliases     []string `json:"aliases"`
		Source      *string  `json:"source"`
		Title       string   `json:"title"`
		Byline      string   `json:"byline"`
		SiteName    string   `json:"site_name"`
		Lang        string   `json:"lang"`
		PublishedAt *string  `json:"published_at"`
		ModifiedAt  *string  `json:"modified_at"`
		FetchedAt   *string  `json:"fetched_at"`
		Excerpt     string   `json:"excerpt"`
		Image       string   `json:"image"`
		Text        string   `json:"text"`
		HTML        string   `json:"html"`
		WordCount   int      `json:"word_count"`
		ContentHash string   `json:"content_hash"`
		SimHash     string   `json:"simhash"`
		DuplicateOf *int64   `json:"duplicate_of"`
	}{r.ID, r.URL, aliases, source, r.Title, r.Byline, r.SiteName, r.Lang,
		t(r.PublishedAt), t(r.ModifiedAt), t(r.FetchedAt), r.Excerpt, r.Image, r.Text, r.HTML,
		r.WordCount, r.ContentHash, fmt.Sprintf("%016x", r.SimHash), dup})
}

// exportPage is how many rows Export reads per query; between pages no
// transaction is held open, so a long export never blocks the WAL checkpoint.
const exportPage = 500

// Export calls fn for every article the filter selects, in ascending id
// order, and stops at the first error fn returns (which Export returns).
//
// Polling: ids only grow (rows are never deleted and SQLite has one writer,
// so when id N is visible every id below N is too). A consumer that keeps
// the largest id it has seen and asks again with SinceID = that id gets
// every new article exactly once. An update keeps the id but sets a new
// fetched_at: to catch updates too, also ask with SinceTime = the time of
// the previous poll (rows may then repeat: key them by id).
func (db *DB) Export(ctx context.Context, f ExportFilter, fn func(ExportRow) error) error {
	cursor := f.SinceID
	for {
		rows, err := db.exportPage(ctx, f, cursor)
		if err != nil {
			return fmt.Errorf("store: export: %w", err)
		}
		for _, r := range rows {
			if err := fn(r); err != nil {
				return err
			}
			cursor = r.ID
		}
		if len(rows) < exportPage {
			return nil
		}
	}
}

func (db *DB) exportPage(ctx context.Context, f ExportFilter, after int64) ([]ExportRow, error) {
	where := []string{"a.id > ?"}
	args := []any{after}
	if !f.SinceTime.IsZero() {
		where = append(where, "a.fetched_at >= ?")
		args = append(args, f.SinceTime.UTC().Format(timeLayout))
	}
	if f.Source != "" {
		where = append(where, "a.source = ?")
		args = append(args, f.Source)
	}
	if f.Unique {
		where = append(where, "a.duplicate_of IS NULL")
	}
	args = append(args, exportPage)
	rows, err := db.db.QueryContext(ctx, `
		SELECT a.id, a.url, a.source, a.title, a.byline, a.site_name, a.lang, a.published_at, a.modified_at,
		       a.fetched_at, a.excerpt, a.image, a.text, a.html, a.word_count, a.content_hash, a.simhash,
		       a.duplicate_of,
		       (SELECT group_concat(u.url, char(10)) FROM article_urls u WHERE u.article_id = a.id AND u.url != a.url)
		FROM articles a
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY a.id
		LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ExportRow
	for rows.Next() {
		var (
			r                                 ExportRow
			source, title, byline, site, lang sql.NullString
			published, modified, fetched      sql.NullString
			excerpt, image, html, aliases     sql.NullString
			words, simhash, dup               sql.NullInt64
		)
		if err := rows.Scan(&r.ID, &r.URL, &source, &title, &byline, &site, &lang, &published, &modified,
			&fetched, &excerpt, &image, &r.Text, &html, &words, &r.ContentHash, &simhash, &dup, &aliases); err != nil {
			return nil, err
		}
		r.Source, r.Title, r.Byline, r.SiteName, r.Lang = source.String, title.String, byline.String, site.String, lang.String
		r.PublishedAt, r.ModifiedAt, r.FetchedAt = parseTime(published), parseTime(modified), parseTime(fetched)
		r.Excerpt, r.Image, r.HTML = excerpt.String, image.String, html.String
		r.WordCount, r.SimHash, r.DuplicateOf = int(words.Int64), uint64(simhash.Int64), dup.Int64
		if aliases.String != "" {
			r.Aliases = strings.Split(aliases.String, "\n")
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Stats is the summary `newscrawl stats` prints.
type Stats struct {
	Articles, Unique, Duplicates int64         // totals over all sources
	Sources                      []SourceStats // by source name; "" is articles stored by fetch
	LastRun                      *Run          // the most recently started run, nil if none
	LastFailure                  *Failure      // nil if none
	RecentFailures               []Failure     // newest first, at most 10
	PerDay                       []DayCount    // articles by day of fetched_at (UTC), the last 14 days, oldest first, days without articles included
}

// SourceStats are the counts of one source.
type SourceStats struct {
	Source                       string
	Articles, Unique, Duplicates int64
	LastRun                      *Run // nil if the source never ran
}

// Run is one row of the runs table.
type Run struct {
	ID                                      int64
	Source                                  string
	StartedAt, FinishedAt                   time.Time // FinishedAt zero: still running or interrupted
	Pages, New, Updated, Duplicates, Errors int
}

// Failure is one row of the failures table.
type Failure struct {
	ID, RunID int64
	Source    string // of the run; "" when none
	URL       string
	Status    int
	Error     string
	At        time.Time
}

// DayCount is the number of articles fetched on one UTC day.
type DayCount struct {
	Day      string // 2006-01-02
	Articles int64
}

const recentFailures = 10

// Stats gathers counts per source, the last run, recent failures and
// articles per day, in one read transaction (a consistent snapshot).
func (db *DB) Stats(ctx context.Context) (Stats, error) {
	tx, err := db.readTx(ctx)
	if err != nil {
		return Stats{}, fmt.Errorf("store: stats: %w", err)
	}
	defer tx.Rollback()
	st, err := stats(ctx, tx, db.Now())
	if err != nil {
		return Stats{}, fmt.Errorf("store: stats: %w", err)
	}
	return st, nil
}

func stats(ctx context.Context, tx *sql.Tx, now time.Time) (Stats, error) {
	var st Stats
	rows, err := tx.QueryContext(ctx, `
		SELECT coalesce(source, ''), count(*), count(*) - count(duplicate_of), count(duplicate_of)
		FROM articles GROUP BY 1 ORDER BY 1`)
	if err != nil {
		return st, err
	}
	for rows.Next() {
		var s SourceStats
		if err := rows.Scan(&s.Source, &s.Articles, &s.Unique, &s.Duplicates); err != nil {
			rows.Close()
			return st, err
		}
		st.Articles += s.Articles
		st.Unique += s.Unique
		st.Duplicates += s.Duplicates
		st.Sources = append(st.Sources, s)
	}
	if err := rows.Close(); err != nil {
		return st, err
	}
	// Sources that ran but stored nothing still get a line.
	runSources, err := queryStrings(ctx, tx, `SELECT DISTINCT coalesce(source, '') FROM runs ORDER BY 1`)
	if err != nil {
		return st, err
	}
	for _, src := range runSources {
		found := false
		for _, s := range st.Sources {
			found = found || s.Source == src
		}
		if !found {
			st.Sources = append(st.Sources, SourceStats{Source: src})
		}
	}
	sortSources(st.Sources)
	for i := range st.Sources {
		r, err := lastRun(ctx, tx, `WHERE coalesce(source, '') = ?`, st.Sources[i].Source)
		if err != nil {
			return st, err
		}
		st.Sources[i].LastRun = r
	}
	if st.LastRun, err = lastRun(ctx, tx, ``); err != nil {
		return st, err
	}
	if st.RecentFailures, err = failures(ctx, tx, recentFailures); err != nil {
		return st, err
	}
	if len(st.RecentFailures) > 0 {
		f := st.RecentFailures[0]
		st.LastFailure = &f
	}
	st.PerDay, err = perDay(ctx, tx, now, 14)
	return st, err
}

func sortSources(s []SourceStats) {
	sort.Slice(s, func(i, j int) bool { return s[i].Source < s[j].Source })
}

func queryStrings(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func lastRun(ctx context.Context, tx *sql.Tx, where string, args ...any) (*Run, error) {
	var (
		r                                   Run
		source, started, finished           sql.NullString
		pages, newN, updated, dups, errorsN sql.NullInt64
	)
	err := tx.QueryRowContext(ctx, `SELECT id, source, started_at, finished_at, pages, articles_new,
		articles_updated, articles_duplicate, errors FROM runs `+where+` ORDER BY id DESC LIMIT 1`, args...).
		Scan(&r.ID, &source, &started, &finished, &pages, &newN, &updated, &dups, &errorsN)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r.Source = source.String
	r.StartedAt, r.FinishedAt = parseTime(started), parseTime(finished)
	r.Pages, r.New, r.Updated = int(pages.Int64), int(newN.Int64), int(updated.Int64)
	r.Duplicates, r.Errors = int(dups.Int64), int(errorsN.Int64)
	return &r, nil
}

func failures(ctx context.Context, tx *sql.Tx, limit int) ([]Failure, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT f.id, f.run_id, r.source, f.url, f.status, f.error, f.at
		FROM failures f LEFT JOIN runs r ON r.id = f.run_id
		ORDER BY f.id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Failure
	for rows.Next() {
		var (
			f                    Failure
			runID, status        sql.NullInt64
			source, url, msg, at sql.NullString
		)
		if err := rows.Scan(&f.ID, &runID, &source, &url, &status, &msg, &at); err != nil {
			return nil, err
		}
		f.RunID, f.Source, f.URL, f.Status, f.Error = runID.Int64, source.String, url.String, int(status.Int64), msg.String
		f.At = parseTime(at)
		out = append(out, f)
	}
	return out, rows.Err()
}

func perDay(ctx context.Context, tx *sql.Tx, now time.Time, days int) ([]DayCount, error) {
	now = now.UTC()
	first := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -(days - 1))
	rows, err := tx.QueryContext(ctx, `
		SELECT substr(fetched_at, 1, 10) AS day, count(*) FROM articles
		WHERE fetched_at >= ? GROUP BY day`, first.Format(timeLayout))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := map[string]int64{}
	for rows.Next() {
		var day string
		var n int64
		if err := rows.Scan(&day, &n); err != nil {
			return nil, err
		}
		counts[day] = n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]DayCount, days)
	for i := range out {
		d := first.AddDate(0, 0, i).Format("2006-01-02")
		out[i] = DayCount{Day: d, Articles: counts[d]}
	}
	return out, nil
}
