package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"golang.org/x/net/publicsuffix"

	"newscrawl/store/dedup"
)

// Near-duplicate policy. See docs/schema.md ("How duplicate_of is set") and
// TestDedupEvaluation for the measurements behind the numbers.
const (
	// MinNearDupWords: texts with fewer tokens are matched only on an
	// exact content_hash, never on fingerprints (a short brief shares too
	// much with its site's other briefs).
	MinNearDupWords = 80
	// NearDupJaccard: the least Jaccard similarity of the 3-word shingle
	// sets of two texts for one to count as a copy of the other.
	NearDupJaccard = 0.5
	// SameSourceJaccard: the least similarity between two articles of one
	// site (one source of the config, or one registrable domain: siteOf).
	// Pages of one site share templates, and an extraction that keeps a
	// long footer or disclaimer makes different short articles of that
	// site alike; a re-post of the same story under a new URL is far above
	// this.
	SameSourceJaccard = 0.8
	// MinLeadShared: two articles of one site are copies only when they
	// also share a lede, this much of the first shingles of one of them
	// (see leadShingles, sharesLede) being in the other: a site whose
	// extracted texts keep a footer longer than its stories makes any two
	// of them alike, but a footer is not where a story starts. The price:
	// two versions of one story on one site, each under its own intro, are
	// not matched; and a long boilerplate line on top of every page would
	// pass for a shared lede.
	MinLeadShared = 0.3
	// maxCandidates bounds the texts compared per save: the candidates that
	// share the most bands come first.
	maxCandidates = 16
	// MinSketchMatches: a candidate whose MinHash sketch agrees with the
	// text's in fewer of its 20 groups (dedup.SketchMatches) is dropped
	// before its text is read. Measured: copies in the evaluation set
	// agree in at least 10 (99% in ≥ 15); of unrelated articles of the
	// extraction benchmark that share a band key (so agree in its 2
	// groups), 2% reach 8 (the simhash check this replaced let 8.5%
	// through). A copy at J = 0.5 falls below 8 about 3% of the time.
	MinSketchMatches = 8
	// maxBandRows bounds the index rows read per band key, newest first: a
	// key that boilerplate shared by many articles of one site makes
	// common must not hide a recent original behind its oldest rows (news
	// is copied within hours or days), nor cost more than a bounded read.
	maxBandRows = 64
)

// indexBands buffers the article's MinHash band keys (see pending.go) when
// it is long enough to be matched on fingerprints.
func indexBands(ctx context.Context, tx *sql.Tx, id int64, fp dedup.Fingerprint) error {
	if fp.Tokens < MinNearDupWords || len(fp.BandKeys) == 0 {
		return nil
	}
	return bufferBands(ctx, tx, id, fp)
}

// unindexBands removes the index rows written for the article's old text,
// from whichever level holds them. An article leaving the main level no
// longer counts in dedup_state.indexed.
func unindexBands(ctx context.Context, tx *sql.Tx, id int64, old dedup.Fingerprint) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM dedup_pending WHERE article_id = ?`, id); err != nil {
		return fmt.Errorf("unindex bands: %w", err)
	}
	if len(old.BandKeys) == 0 {
		return nil
	}
	res, err := tx.ExecContext(ctx, bandDeleteSQL(len(old.BandKeys)), bandArgs(id, old.BandKeys)...)
	if err != nil {
		return fmt.Errorf("unindex bands: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n > 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE dedup_state SET indexed = max(indexed - 1, 0) WHERE id = 1`); err != nil {
			return fmt.Errorf("unindex bands: %w", err)
		}
	}
	return nil
}

// bandArgs is the article id (?1) followed by the band keys (?2...).
func bandArgs(id int64, keys []int64) []any {
	args := make([]any, 0, len(keys)+1)
	args = append(args, id)
	for _, k := range keys {
		args = append(args, k)
	}
	return args
}

// bandDeleteSQL removes n keys (?2..?n+1) of article ?1.
func bandDeleteSQL(n int) string {
	return `DELETE FROM dedup_bands WHERE article_id = ?1 AND key IN (` + placeholders(2, n) + `)`
}

// reindexNearDup fills dedup_bands from every stored article, in key
// order, and counts them in dedup_state: run by the migration that creates
// the table. The rows go through a temporary table that SQLite sorts, so
// memory stays flat however many articles there are: 5 s per 100,000
// articles of 300 words; at a million, 50 s and about 450 MB of temporary
// files (SQLite's temp directory).
func reindexNearDup(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE reindex_bands(key INTEGER, article_id INTEGER, sketch INTEGER)`); err != nil {
		return err
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO reindex_bands(key, article_id, sketch) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	rows, err := tx.QueryContext(ctx, `SELECT id, text FROM articles ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	indexed := 0
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return err
		}
		fp := dedup.Fingerprints(text)
		if fp.Tokens < MinNearDupWords || len(fp.BandKeys) == 0 {
			continue
		}
		indexed++
		for _, k := range fp.BandKeys {
			if _, err := ins.ExecContext(ctx, k, id, int64(fp.Sketch)); err != nil {
				return fmt.Errorf("index bands: %w", err)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, q := range []string{
		`INSERT OR IGNORE INTO dedup_bands(key, article_id, sketch) SELECT key, article_id, sketch FROM reindex_bands ORDER BY key, article_id DESC`,
		`DROP TABLE temp.reindex_bands`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("index bands: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE dedup_state SET indexed = ? WHERE id = 1`, indexed); err != nil {
		return fmt.Errorf("index bands: %w", err)
	}
	return nil
}

// findDuplicate returns the id of the earliest article of the duplicate
// group fp's text belongs to, or 0. self (0 for a new article) is never its
// own duplicate. Matches are an equal content_hash (any length) or, for
// texts of at least MinNearDupWords tokens, a band-key candidate whose
// shingle sets have Jaccard ≥ NearDupJaccard (SameSourceJaccard and a
// shared lede when both articles are from one site). A matched article that is
// itself a duplicate stands for its root: duplicate_of never chains.
//
// An exact match settles it: the group of an identical text was decided
// when that text was saved, so the near-duplicate search is skipped.
func findDuplicate(ctx context.Context, tx *sql.Tx, nd *pendingIndex, self int64, source, pageURL string, fp dedup.Fingerprint) (int64, error) {
	var best int64
	consider := func(id int64, dupOf sql.NullInt64) {
		root := id
		if dupOf.Valid && dupOf.Int64 != 0 {
			root = dupOf.Int64
		}
		if root == self {
			return
		}
		if best == 0 || root < best {
			best = root
		}
	}

	rows, err := tx.QueryContext(ctx,
		`SELECT id, duplicate_of FROM articles WHERE content_hash = ? AND id != ? ORDER BY id LIMIT 8`,
		fp.ContentHash, self)
	if err != nil {
		return 0, fmt.Errorf("find exact duplicate: %w", err)
	}
	for rows.Next() {
		var id int64
		var dupOf sql.NullInt64
		if err := rows.Scan(&id, &dupOf); err != nil {
			rows.Close()
			return 0, fmt.Errorf("find exact duplicate: %w", err)
		}
		consider(id, dupOf)
	}
	if err := rows.Close(); err != nil {
		return 0, fmt.Errorf("find exact duplicate: %w", err)
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("find exact duplicate: %w", err)
	}
	if best != 0 || fp.Tokens < MinNearDupWords || len(fp.BandKeys) == 0 {
		return best, nil
	}

	ids, err := nearCandidates(ctx, tx, nd, self, fp)
	if err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return best, nil
	}
	rows, err = tx.QueryContext(ctx, candidateTextsQ.get(len(ids)), ids...)
	if err != nil {
		return 0, fmt.Errorf("near-duplicate candidates: %w", err)
	}
	defer rows.Close()
	// Comparing the candidates' texts was the dearest part of a save on a
	// site whose pages share a footer: one Comparer, tables reused.
	var cmp *dedup.Comparer
	site := siteOf(pageURL)
	for rows.Next() {
		var (
			id         int64
			text       string
			candSource sql.NullString
			dupOf      sql.NullInt64
			candURL    string
		)
		if err := rows.Scan(&id, &text, &candSource, &dupOf, &candURL); err != nil {
			return 0, fmt.Errorf("near-duplicate candidates: %w", err)
		}
		oneSite := source != "" && candSource.String == source || site != "" && siteOf(candURL) == site
		need := NearDupJaccard
		if oneSite {
			need = SameSourceJaccard
		}
		if cmp == nil {
			cmp = dedup.NewComparer(fp.Shingles)
		}
		if cmp.Jaccard(text) >= need && (!oneSite || sharesLede(cmp)) {
			consider(id, dupOf)
		}
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("near-duplicate candidates: %w", err)
	}
	return best, nil
}

// siteOf is the site of an article URL: its registrable domain
// (site.example for news.site.example; the host itself when it has none,
// as an IP address), "" when unparsable. One site's pages, whatever
// sources of the config found them, share its templates and footers.
func siteOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	h := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if d, err := publicsuffix.EffectiveTLDPlusOne(h); err == nil {
		return d
	}
	return h
}

// sharesLede reports whether a new text (fixed in cmp) and the text just
// compared with it share a lede: MinLeadShared of the first shingles of
// one are in the other, either way round (an updated version that put a
// new paragraph on top still holds the old lede).
func sharesLede(cmp *dedup.Comparer) bool {
	mine, theirs := cmp.Ledes(leadShingles)
	return max(mine, theirs) >= MinLeadShared
}

// leadShingles is how many of a text's first shingles make its lede: a
// fifth of them, between 20 and 60.
func leadShingles(n int) int {
	return min(max(n/5, 20), 60)
}

// nearCandidates returns the ids (as query arguments) of up to
// maxCandidates articles other than self that share a band key with fp and
// whose sketch agrees with fp's in at least MinSketchMatches groups: most shared
// keys first, then lowest id. Only the index is read (its rows carry the
// sketch), so a chance match costs no article row: the main level by one
// probe per key, the buffer in nd, the in-memory copy of it.
func nearCandidates(ctx context.Context, tx *sql.Tx, nd *pendingIndex, self int64, fp dedup.Fingerprint) ([]any, error) {
	type cand struct {
		id     int64
		shared int
	}
	var cands []cand
	add := func(id int64, sketch uint64) {
		if id == self || dedup.SketchMatches(sketch, fp.Sketch) < MinSketchMatches {
			return
		}
		if i := slices.IndexFunc(cands, func(c cand) bool { return c.id == id }); i >= 0 {
			cands[i].shared++
		} else {
			cands = append(cands, cand{id, 1})
		}
	}
	rows, err := tx.QueryContext(ctx, bandProbeQ.get(len(fp.BandKeys)), bandArgs(self, fp.BandKeys)...)
	if err != nil {
		return nil, fmt.Errorf("near-duplicate candidates: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, sketch int64
		if err := rows.Scan(&id, &sketch); err != nil {
			return nil, fmt.Errorf("near-duplicate candidates: %w", err)
		}
		add(id, uint64(sketch))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("near-duplicate candidates: %w", err)
	}
	for _, k := range fp.BandKeys {
		nd.lookup(k, maxBandRows, add)
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.shared != b.shared {
			return b.shared - a.shared
		}
		return cmp.Compare(a.id, b.id)
	})
	ids := make([]any, 0, min(len(cands), maxCandidates))
	for _, c := range cands[:min(len(cands), maxCandidates)] {
		ids = append(ids, c.id)
	}
	return ids, nil
}

// bandProbeSQL reads, for n band keys (?2..?n+1), the index rows
// (article_id, sketch) of articles other than ?1, the newest maxBandRows
// per key: the primary key orders a key's rows newest first, and the
// search reads them in that order (TestHotBandKeys checks it). An ORDER BY
// saying so made each probe several times dearer (50 us against 6 for ten
// keys here), though the plan was the same.
func bandProbeSQL(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(" UNION ALL ")
		}
		fmt.Fprintf(&b, "SELECT * FROM (SELECT article_id, sketch FROM dedup_bands WHERE key = ?%d AND article_id != ?1 LIMIT %d)", i+2, maxBandRows)
	}
	return b.String()
}

// candidateTextsSQL reads id, text, source, duplicate_of and url of n articles
// (?1..?n). A band row whose article is gone drops out here.
func candidateTextsSQL(n int) string {
	return `SELECT id, text, source, duplicate_of, url FROM articles WHERE id IN (` + placeholders(1, n) + `)`
}
