package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"newscrawl/store/dedup"
)

// Article is what the crawler hands to SaveArticle.
type Article struct {
	URL                           string   // canonical URL (already normalised by the caller)
	Aliases                       []string // every other URL seen for it (requested, final, pre-canonical)
	Source                        string   // "" → NULL
	Title, Byline, SiteName, Lang string
	PublishedAt, ModifiedAt       time.Time // zero → NULL
	FetchedAt                     time.Time // zero → DB.Now()
	Excerpt, Image, Text, HTML    string
}

// SaveStatus says what SaveArticle did.
type SaveStatus int

const (
	Unchanged SaveStatus = iota // the URL was stored with the same text: only checked_at and new aliases written
	New                         // a new row
	Updated                     // the stored row's text changed: row rewritten, id kept
)

func (s SaveStatus) String() string {
	switch s {
	case Unchanged:
		return "unchanged"
	case New:
		return "new"
	case Updated:
		return "updated"
	}
	return fmt.Sprintf("SaveStatus(%d)", int(s))
}

// Saved is the outcome of SaveArticle.
type Saved struct {
	ID          int64
	Status      SaveStatus
	DuplicateOf int64 // 0 = none: the id of the earliest article of its duplicate group
}

// SaveArticle stores a in one transaction: it finds the row by a.URL or any
// alias, inserts it, rewrites it when its text changed (content_hash; the id
// stays) or leaves it but for checked_at (= a.FetchedAt when later; see
// LookupURL); records every URL in article_urls; keeps articles_fts
// and the near-duplicate index in sync; and sets duplicate_of to the earliest
// article of a's duplicate group. The first source that stored an article
// owns it: an update keeps a stored source whatever a.Source is, and fills
// in a NULL one (an article first stored by `fetch --db`).
func (db *DB) SaveArticle(ctx context.Context, a Article) (Saved, error) {
	if strings.TrimSpace(a.URL) == "" {
		return Saved{}, ErrNoURL
	}
	if strings.TrimSpace(a.Text) == "" {
		return Saved{}, fmt.Errorf("store: save article %q: %w", a.URL, ErrEmptyText)
	}
	if a.FetchedAt.IsZero() {
		a.FetchedAt = db.Now()
	}
	// The fingerprints are computed before the write transaction, except
	// when the URL is stored with this very text: a re-fetch that finds
	// the text unchanged needs only the content hash (the full set cost 40%
	// of such a save). Should the row change in between, updateArticle
	// computes them inside the transaction.
	fp := &lazyFingerprint{text: a.Text, hash: dedup.ContentHash(a.Text)}
	if !db.storedWithHash(ctx, a.URL, fp.hash) {
		fp.get()
	}

	// One save at a time per handle: the copy of the near-duplicate
	// buffer (db.near) is read and changed only inside the transaction.
	db.near.mu.Lock()
	defer db.near.mu.Unlock()
	saved, err := db.saveTx(ctx, a, fp)
	if err != nil {
		return Saved{}, fmt.Errorf("store: save article %q: %w", a.URL, err)
	}
	if saved.Status != Unchanged { // an unchanged article buffered nothing
		db.mergeIfFull(ctx)
	}
	return saved, nil
}

// saveTx is SaveArticle's transaction. The statements run under a context
// that cannot be cancelled: with a cancellable one the driver runs every
// Exec on a new goroutine to be able to interrupt it, which cost more than
// the statement. A cancelled ctx still ends the save: database/sql rolls tx
// back and the next statement or the commit fails.
func (db *DB) saveTx(ctx context.Context, a Article, fp *lazyFingerprint) (Saved, error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return Saved{}, err
	}
	defer tx.Rollback()
	stmtCtx := context.WithoutCancel(ctx)
	if err := db.near.pending.sync(stmtCtx, tx); err != nil {
		return Saved{}, err
	}
	saved, err := saveArticle(stmtCtx, tx, &db.near.pending, a, fp)
	if err != nil {
		return Saved{}, err
	}
	if err := tx.Commit(); err != nil {
		return Saved{}, fmt.Errorf("commit: %w", err)
	}
	return saved, nil
}

// mergeIfFull merges the near-duplicate buffer into the main index when it
// is full (see pendingLimit), in a transaction of its own after a save.
// The save stands whatever happens here: a merge that fails or is
// interrupted leaves the buffer as it was, and the next save tries again.
func (db *DB) mergeIfFull(ctx context.Context) {
	// The copy was synced before this save's own article was buffered.
	if db.near.pending.articles()+1 < db.near.limitNow() || ctx.Err() != nil || db.Now().Before(db.near.retryAt) {
		return
	}
	start := time.Now()
	n, err := db.mergePending(ctx)
	if err != nil {
		db.near.retryAt = db.Now().Add(mergeRetryDelay)
		slog.Warn("store: merge near-duplicate buffer failed; new articles stay in the buffer, and it is tried again in a minute",
			"path", db.path, "err", err)
		return
	}
	if n == 0 {
		return // another process merged it first
	}
	// Seconds in a store of millions: say so, it explains a pause.
	level := slog.LevelDebug
	if time.Since(start) > time.Second {
		level = slog.LevelInfo
	}
	slog.Log(ctx, level, "store: merged near-duplicate buffer", "articles", n, "took", time.Since(start).Round(time.Millisecond))
}

// mergePending merges the buffer if it is still full once the write lock
// is held: another process may have merged it since this one's copy was
// synced.
func (db *DB) mergePending(ctx context.Context) (int, error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	stmtCtx := context.WithoutCancel(ctx)
	if err := db.near.pending.sync(stmtCtx, tx); err != nil {
		return 0, err
	}
	if db.near.pending.articles() < db.near.limitNow() {
		return 0, nil
	}
	n, err := mergePending(stmtCtx, tx)
	if err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	db.near.pending = pendingIndex{} // its generation has passed
	return n, nil
}

// lazyFingerprint holds the content hash of text and computes the other
// fingerprints once, when first asked.
type lazyFingerprint struct {
	text, hash string
	fp         *dedup.Fingerprint
}

func (l *lazyFingerprint) get() dedup.Fingerprint {
	if l.fp == nil {
		fp := dedup.Fingerprints(l.text)
		l.fp = &fp
	}
	return *l.fp
}

// storedWithHash reports whether the article stored under the canonical
// url has the content hash hash; errors count as no (the transaction
// looks again).
func (db *DB) storedWithHash(ctx context.Context, url, hash string) bool {
	var stored string
	err := db.db.QueryRowContext(ctx, `SELECT content_hash FROM articles WHERE url = ?`, url).Scan(&stored)
	return err == nil && stored == hash
}

func saveArticle(ctx context.Context, tx *sql.Tx, nd *pendingIndex, a Article, fp *lazyFingerprint) (Saved, error) {
	urls := articleURLs(a)
	id, err := findArticle(ctx, tx, urls)
	if err != nil {
		return Saved{}, err
	}
	var saved Saved
	if id == 0 {
		saved, err = insertArticle(ctx, tx, nd, a, fp.get())
	} else {
		saved, err = updateArticle(ctx, tx, nd, id, a, fp)
	}
	if err != nil {
		return Saved{}, err
	}
	// A URL already pointing at another row stays there: the first
	// article seen under a URL owns it.
	args := make([]any, 0, len(urls)+1)
	args = append(args, saved.ID)
	for _, u := range urls {
		args = append(args, u)
	}
	if _, err := tx.ExecContext(ctx, aliasInsertQ.get(len(urls)), args...); err != nil {
		return Saved{}, fmt.Errorf("aliases: %w", err)
	}
	return saved, nil
}

// sqlTable holds the text of a statement for a variable number of values,
// built once for small counts (building it cost 2% of a save).
type sqlTable struct {
	pre   []string
	build func(n int) string
}

func newSQLTable(max int, build func(int) string) sqlTable {
	t := sqlTable{pre: make([]string, max+1), build: build}
	for n := 1; n <= max; n++ {
		t.pre[n] = build(n)
	}
	return t
}

func (t sqlTable) get(n int) string {
	if n > 0 && n < len(t.pre) {
		return t.pre[n]
	}
	return t.build(n)
}

var (
	aliasInsertQ    = newSQLTable(8, aliasInsertSQL)
	findArticleQ    = newSQLTable(8, findArticleSQL)
	bandProbeQ      = newSQLTable(dedup.Bands, bandProbeSQL)
	candidateTextsQ = newSQLTable(maxCandidates, candidateTextsSQL)
)

// placeholders is the list of n numbered parameters from ?first on:
// "?2, ?3, ?4" for (2, 3), the inside of an IN (...).
func placeholders(first, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('?')
		b.WriteString(strconv.Itoa(first + i))
	}
	return b.String()
}

// aliasInsertSQL records n URLs (?2..?n+1) for article ?1 in one statement.
func aliasInsertSQL(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO article_urls(url, article_id) VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "(?%d, ?1)", i+2)
	}
	b.WriteString(` ON CONFLICT(url) DO NOTHING`)
	return b.String()
}

// articleURLs is a.URL followed by the distinct non-empty aliases.
func articleURLs(a Article) []string {
	out := []string{a.URL}
	for _, u := range a.Aliases {
		if u = strings.TrimSpace(u); u != "" && !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

// findArticle finds the row of the canonical URL (urls[0]) or, failing
// that, of the first URL of urls that is known, in one query. The choice is
// made here rather than with ORDER BY in SQL: a sort opens a temporary
// B-tree, which made the query ten times dearer (25 µs against 4.5 µs).
func findArticle(ctx context.Context, tx *sql.Tx, urls []string) (int64, error) {
	args := make([]any, len(urls))
	for i, u := range urls {
		args[i] = u
	}
	rows, err := tx.QueryContext(ctx, findArticleQ.get(len(urls)), args...)
	if err != nil {
		return 0, fmt.Errorf("find by url: %w", err)
	}
	defer rows.Close()
	var id int64
	best := len(urls) // index in urls of the URL id was found by; -1: canonical row
	for rows.Next() {
		var (
			alias sql.NullString // NULL for the row whose url is urls[0]
			rowID int64
		)
		if err := rows.Scan(&alias, &rowID); err != nil {
			return 0, fmt.Errorf("find by url: %w", err)
		}
		k := -1
		if alias.Valid {
			k = slices.Index(urls, alias.String)
		}
		if k < best {
			best, id = k, rowID
		}
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("find by url: %w", err)
	}
	return id, nil
}

// findArticleSQL looks n URLs (?1..?n) up: a row (NULL, id) for the
// article whose url is ?1, and (url, article_id) for each of them in
// article_urls.
func findArticleSQL(n int) string {
	return `SELECT NULL, id FROM articles WHERE url = ?1
		UNION ALL
		SELECT url, article_id FROM article_urls WHERE url IN (` + placeholders(1, n) + `)`
}

func insertArticle(ctx context.Context, tx *sql.Tx, nd *pendingIndex, a Article, fp dedup.Fingerprint) (Saved, error) {
	dup, err := findDuplicate(ctx, tx, nd, 0, a.Source, a.URL, fp)
	if err != nil {
		return Saved{}, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO articles(
		url, source, title, byline, site_name, lang, published_at, modified_at, fetched_at, checked_at,
		excerpt, image, text, html, word_count, content_hash, simhash, duplicate_of)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		a.URL, nullString(a.Source), a.Title, a.Byline, a.SiteName, a.Lang,
		formatTime(a.PublishedAt), formatTime(a.ModifiedAt), formatTime(a.FetchedAt), formatTime(a.FetchedAt),
		a.Excerpt, a.Image, a.Text, a.HTML, wordCount(a.Text), fp.ContentHash, int64(fp.SimHash), nullInt(dup))
	if err != nil {
		return Saved{}, fmt.Errorf("insert: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return Saved{}, fmt.Errorf("insert: %w", err)
	}
	if err := indexBands(ctx, tx, id, fp); err != nil {
		return Saved{}, err
	}
	return Saved{ID: id, Status: New, DuplicateOf: dup}, nil
}

func updateArticle(ctx context.Context, tx *sql.Tx, nd *pendingIndex, id int64, a Article, lazy *lazyFingerprint) (Saved, error) {
	var (
		oldHash   string
		oldText   sql.NullString // read only when the text changed
		oldDup    sql.NullInt64
		oldSource sql.NullString
	)
	if err := tx.QueryRowContext(ctx, `SELECT content_hash, duplicate_of, source, CASE WHEN content_hash = ?2 THEN NULL ELSE text END
		FROM articles WHERE id = ?1`, id, lazy.hash).
		Scan(&oldHash, &oldDup, &oldSource, &oldText); err != nil {
		return Saved{}, fmt.Errorf("read article %d: %w", id, err)
	}
	// The first source that stored an article owns it: an update never
	// changes a stored source (a one-off `fetch --db`, which has none, must
	// not take an article away from the crawl that found it, nor may
	// another source's crawl); a NULL or empty one is filled in.
	if oldSource.String != "" {
		a.Source = oldSource.String
	}
	fillSource := oldSource.String == "" && a.Source != ""
	if oldHash == lazy.hash {
		// Only checked_at moves (and a missing source is filled in):
		// fetched_at and the text stay, so neither pollers nor the FTS
		// triggers (on title and text) see a change.
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET
			checked_at = CASE WHEN checked_at IS NULL OR checked_at < ?1 THEN ?1 ELSE checked_at END,
			source = coalesce(nullif(source, ''), ?3)
			WHERE id = ?2 AND (checked_at IS NULL OR checked_at < ?1 OR ?4)`,
			formatTime(a.FetchedAt), id, nullString(a.Source), fillSource); err != nil {
			return Saved{}, fmt.Errorf("mark article %d checked: %w", id, err)
		}
		return Saved{ID: id, Status: Unchanged, DuplicateOf: oldDup.Int64}, nil
	}
	if err := unindexBands(ctx, tx, id, dedup.Fingerprints(oldText.String)); err != nil {
		return Saved{}, err
	}
	fp := lazy.get()
	// The new text may match another group now. An article that others
	// point at stays their root (no chains); otherwise only an earlier
	// article may become its original.
	var dup int64
	var isRoot bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM articles WHERE duplicate_of = ?)`, id).Scan(&isRoot); err != nil {
		return Saved{}, fmt.Errorf("read duplicates of %d: %w", id, err)
	}
	if !isRoot {
		d, err := findDuplicate(ctx, tx, nd, id, a.Source, a.URL, fp)
		if err != nil {
			return Saved{}, err
		}
		if d < id {
			dup = d
		}
	}
	// The canonical URL stays the row's URL: a is found by it or by an
	// alias. a.Source is the stored source when there is one (see above).
	if _, err := tx.ExecContext(ctx, `UPDATE articles SET
		source = ?, title = ?, byline = ?, site_name = ?, lang = ?, published_at = ?, modified_at = ?,
		fetched_at = ?, checked_at = ?, excerpt = ?, image = ?, text = ?, html = ?, word_count = ?, content_hash = ?,
		simhash = ?, duplicate_of = ?
		WHERE id = ?`,
		nullString(a.Source), a.Title, a.Byline, a.SiteName, a.Lang,
		formatTime(a.PublishedAt), formatTime(a.ModifiedAt), formatTime(a.FetchedAt), formatTime(a.FetchedAt),
		a.Excerpt, a.Image, a.Text, a.HTML, wordCount(a.Text), fp.ContentHash, int64(fp.SimHash), nullInt(dup),
		id); err != nil {
		return Saved{}, fmt.Errorf("update article %d: %w", id, err)
	}
	if err := indexBands(ctx, tx, id, fp); err != nil {
		return Saved{}, err
	}
	return Saved{ID: id, Status: Updated, DuplicateOf: dup}, nil
}

func wordCount(text string) int {
	return len(strings.Fields(text))
}

// LookupURL finds the article stored under url, as its canonical URL or as
// an alias. fetchedAt is when the article was last fetched at all: the later
// of articles.fetched_at (its text last changed) and articles.checked_at (a
// re-fetch found the same text). A page whose feed or sitemap date is not
// after fetchedAt need not be fetched again.
func (db *DB) LookupURL(ctx context.Context, url string) (id int64, fetchedAt time.Time, ok bool, err error) {
	// A read-only handle on a file older than version 5 has no checked_at.
	checked := "a.checked_at"
	if !db.hasCheckedAt {
		checked = "NULL"
	}
	var fetched, checkedAt sql.NullString
	err = db.db.QueryRowContext(ctx, `
		SELECT a.id, a.fetched_at, `+checked+` FROM articles a WHERE a.url = ?1
		UNION ALL
		SELECT a.id, a.fetched_at, `+checked+` FROM article_urls u JOIN articles a ON a.id = u.article_id WHERE u.url = ?1
		LIMIT 1`, url).Scan(&id, &fetched, &checkedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, false, nil
	}
	if err != nil {
		return 0, time.Time{}, false, fmt.Errorf("store: lookup %q: %w", url, err)
	}
	fetchedAt = parseTime(fetched)
	if c := parseTime(checkedAt); c.After(fetchedAt) {
		fetchedAt = c
	}
	return id, fetchedAt, true, nil
}
