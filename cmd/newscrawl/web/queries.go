package web

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The store package has no "latest articles" or "article with its
// duplicates" reads; these are written here against the documented schema
// (docs/schema.md) and may move into store as methods. They run on the web
// package's own read-only connection pool to the same file (store.DB keeps
// its *sql.DB private).

// errNotFound: no article with that id.
var errNotFound = errors.New("web: article not found")

// listItem is one article in a list.
type listItem struct {
	ID          int64
	URL         string
	Source      string
	Title       string
	Excerpt     string
	PublishedAt time.Time
	FetchedAt   time.Time
	WordCount   int
	DuplicateOf int64
}

// sourceCount is the number of articles of one source ("" = stored by fetch).
type sourceCount struct {
	Source   string
	Articles int64
}

// articleRow is one article with what the article page shows.
type articleRow struct {
	listItem
	Byline     string
	SiteName   string
	Lang       string
	ModifiedAt time.Time
	Text       string
	Aliases    []string
}

// readOnlyDSN is the DSN store.OpenReadOnly uses for the same file.
func readOnlyDSN(path string) string {
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return "file:" + r.Replace(path) + "?mode=ro&_busy_timeout=5000"
}

func openReader(path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite3", readOnlyDSN(path))
	if err != nil {
		return nil, fmt.Errorf("web: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(2)
	db.SetConnMaxIdleTime(time.Minute)
	return db, nil
}

const listColumns = `a.id, a.url, coalesce(a.source, ''), coalesce(a.title, ''), coalesce(a.excerpt, ''),
	a.published_at, a.fetched_at, coalesce(a.word_count, 0), coalesce(a.duplicate_of, 0)`

func scanList(rows *sql.Rows) ([]listItem, error) {
	defer rows.Close()
	var out []listItem
	for rows.Next() {
		var (
			it                 listItem
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

// latestArticles lists articles newest stored first (by id, which only
// grows), only of source when sourceSet, only with id < before when
// before > 0. It uses the primary key or the (source, id) index.
func latestArticles(ctx context.Context, db *sql.DB, source string, sourceSet bool, before int64, limit int) ([]listItem, error) {
	where := []string{"1"}
	var args []any
	if sourceSet {
		if source == "" { // stored by fetch: NULL (or, written by hand, '')
			where = append(where, "(a.source IS NULL OR a.source = '')")
		} else {
			where = append(where, "a.source = ?")
			args = append(args, source)
		}
	}
	if before > 0 {
		where = append(where, "a.id < ?")
		args = append(args, before)
	}
	args = append(args, limit)
	rows, err := db.QueryContext(ctx, `SELECT `+listColumns+` FROM articles a
		WHERE `+strings.Join(where, " AND ")+` ORDER BY a.id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("web: latest articles: %w", err)
	}
	items, err := scanList(rows)
	if err != nil {
		return nil, fmt.Errorf("web: latest articles: %w", err)
	}
	return items, nil
}

// sourceCounts counts articles per source, by name, "" (stored by fetch)
// last. GROUP BY on the bare column walks the (source, id) index in order,
// with no temporary table (about 40 ms for a million articles).
func sourceCounts(ctx context.Context, db *sql.DB) ([]sourceCount, error) {
	rows, err := db.QueryContext(ctx, `SELECT source, count(*) FROM articles GROUP BY source`)
	if err != nil {
		return nil, fmt.Errorf("web: source counts: %w", err)
	}
	defer rows.Close()
	var (
		out  []sourceCount
		none int64 // NULL and '' sources
	)
	for rows.Next() {
		var (
			src sql.NullString
			n   int64
		)
		if err := rows.Scan(&src, &n); err != nil {
			return nil, fmt.Errorf("web: source counts: %w", err)
		}
		if src.String == "" {
			none += n
			continue
		}
		out = append(out, sourceCount{Source: src.String, Articles: n})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("web: source counts: %w", err)
	}
	slices.SortFunc(out, func(a, b sourceCount) int { return strings.Compare(a.Source, b.Source) })
	if none > 0 {
		out = append(out, sourceCount{Articles: none})
	}
	return out, nil
}

// articleByID reads one article and its aliases in one read transaction.
func articleByID(ctx context.Context, tx *sql.Tx, id int64) (articleRow, error) {
	var (
		a                            articleRow
		published, fetched, modified sql.NullString
		byline, site, lang           sql.NullString
	)
	err := tx.QueryRowContext(ctx, `SELECT `+listColumns+`, a.byline, a.site_name, a.lang, a.modified_at, a.text
		FROM articles a WHERE a.id = ?`, id).Scan(&a.ID, &a.URL, &a.Source, &a.Title, &a.Excerpt,
		&published, &fetched, &a.WordCount, &a.DuplicateOf, &byline, &site, &lang, &modified, &a.Text)
	if errors.Is(err, sql.ErrNoRows) {
		return a, errNotFound
	}
	if err != nil {
		return a, fmt.Errorf("web: article %d: %w", id, err)
	}
	a.PublishedAt, a.FetchedAt, a.ModifiedAt = parseTime(published), parseTime(fetched), parseTime(modified)
	a.Byline, a.SiteName, a.Lang = byline.String, site.String, lang.String
	rows, err := tx.QueryContext(ctx, `SELECT url FROM article_urls WHERE article_id = ? AND url != ? ORDER BY url`, id, a.URL)
	if err != nil {
		return a, fmt.Errorf("web: article %d aliases: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return a, fmt.Errorf("web: article %d aliases: %w", id, err)
		}
		a.Aliases = append(a.Aliases, u)
	}
	if err := rows.Err(); err != nil {
		return a, fmt.Errorf("web: article %d aliases: %w", id, err)
	}
	return a, nil
}

// duplicatesOf lists the articles whose duplicate_of is id, oldest first,
// leaving out the article except.
func duplicatesOf(ctx context.Context, tx *sql.Tx, id, except int64) ([]listItem, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+listColumns+` FROM articles a
		WHERE a.duplicate_of = ? AND a.id != ? ORDER BY a.id LIMIT 200`, id, except)
	if err != nil {
		return nil, fmt.Errorf("web: duplicates of %d: %w", id, err)
	}
	items, err := scanList(rows)
	if err != nil {
		return nil, fmt.Errorf("web: duplicates of %d: %w", id, err)
	}
	return items, nil
}

// listItemByID reads one article as a list item (the original of a duplicate).
func listItemByID(ctx context.Context, tx *sql.Tx, id int64) (listItem, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+listColumns+` FROM articles a WHERE a.id = ?`, id)
	if err != nil {
		return listItem{}, fmt.Errorf("web: article %d: %w", id, err)
	}
	items, err := scanList(rows)
	if err != nil {
		return listItem{}, fmt.Errorf("web: article %d: %w", id, err)
	}
	if len(items) == 0 {
		return listItem{}, errNotFound
	}
	return items[0], nil
}

// parseTime reads a stored RFC 3339 timestamp; NULL or bad text → zero.
func parseTime(s sql.NullString) time.Time {
	if !s.Valid || s.String == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s.String)
	if err != nil {
		return time.Time{}
	}
	return t
}
