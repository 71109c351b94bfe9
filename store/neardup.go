package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"

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
	// source. Pages of one site share templates, and an extraction that
	// keeps a long footer or disclaimer makes different short articles of
	// that site alike; a re-post of the same story under a new URL is far
	// above this.
	SameSourceJaccard = 0.8
	// maxCandidates bounds the texts compared per save: the candidates that
	// share the most bands come first.
	maxCandidates = 16
)

// indexBands adds the article's MinHash band keys to dedup_bands when it is
// long enough to be matched on fingerprints.
func indexBands(ctx context.Context, tx *sql.Tx, id int64, fp dedup.Fingerprint) error {
	if fp.Tokens < MinNearDupWords {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO dedup_bands(key, article_id) VALUES (?, ?)`)
	if err != nil {
		return fmt.Errorf("index bands: %w", err)
	}
	defer stmt.Close()
	for _, k := range fp.BandKeys {
		if _, err := stmt.ExecContext(ctx, k, id); err != nil {
			return fmt.Errorf("index bands: %w", err)
		}
	}
	return nil
}

// unindexBands removes the band rows written for the article's old text.
func unindexBands(ctx context.Context, tx *sql.Tx, id int64, old dedup.Fingerprint) error {
	for _, k := range old.BandKeys {
		if _, err := tx.ExecContext(ctx, `DELETE FROM dedup_bands WHERE key = ? AND article_id = ?`, k, id); err != nil {
			return fmt.Errorf("unindex bands: %w", err)
		}
	}
	return nil
}

// reindexNearDup fills dedup_bands from every stored article: run by the
// migration that creates the table.
func reindexNearDup(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, text FROM articles ORDER BY id`)
	if err != nil {
		return err
	}
	type item struct {
		id int64
		fp dedup.Fingerprint
	}
	var items []item
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			rows.Close()
			return err
		}
		fp := dedup.Fingerprints(text)
		if fp.Tokens < MinNearDupWords {
			continue
		}
		// keep only what indexBands needs: memory stays ~200 bytes per article
		items = append(items, item{id, dedup.Fingerprint{Tokens: fp.Tokens, BandKeys: fp.BandKeys}})
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, it := range items {
		if err := indexBands(ctx, tx, it.id, it.fp); err != nil {
			return err
		}
	}
	return nil
}

// findDuplicate returns the id of the earliest article of the duplicate
// group fp's text belongs to, or 0. self (0 for a new article) is never its
// own duplicate. Matches are an equal content_hash (any length) or, for
// texts of at least MinNearDupWords tokens, a band-key candidate whose
// shingle sets have Jaccard ≥ NearDupJaccard (SameSourceJaccard when both
// articles come from the same source). A matched article that is
// itself a duplicate stands for its root: duplicate_of never chains.
func findDuplicate(ctx context.Context, tx *sql.Tx, self int64, source string, fp dedup.Fingerprint) (int64, error) {
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

	if fp.Tokens < MinNearDupWords {
		return best, nil
	}
	cands, err := bandCandidates(ctx, tx, self, fp)
	if err != nil {
		return 0, err
	}
	for _, c := range cands {
		var text string
		var candSource sql.NullString
		var dupOf sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT text, source, duplicate_of FROM articles WHERE id = ?`, c).
			Scan(&text, &candSource, &dupOf)
		if errors.Is(err, sql.ErrNoRows) {
			continue // a stale band row: harmless
		}
		if err != nil {
			return 0, fmt.Errorf("read candidate %d: %w", c, err)
		}
		need := NearDupJaccard
		if source != "" && candSource.String == source {
			need = SameSourceJaccard
		}
		if dedup.Jaccard(fp.Shingles, dedup.Shingles(text)) >= need {
			consider(c, dupOf)
		}
	}
	return best, nil
}

// bandCandidates returns up to maxCandidates ids of articles sharing at
// least one band key with fp, most shared bands first, then lowest id.
func bandCandidates(ctx context.Context, tx *sql.Tx, self int64, fp dedup.Fingerprint) ([]int64, error) {
	stmt, err := tx.PrepareContext(ctx, `SELECT article_id FROM dedup_bands WHERE key = ? LIMIT 64`)
	if err != nil {
		return nil, fmt.Errorf("band lookup: %w", err)
	}
	defer stmt.Close()
	hits := map[int64]int{}
	for _, k := range fp.BandKeys {
		rows, err := stmt.QueryContext(ctx, k)
		if err != nil {
			return nil, fmt.Errorf("band lookup: %w", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, fmt.Errorf("band lookup: %w", err)
			}
			if id != self {
				hits[id]++
			}
		}
		if err := rows.Close(); err != nil {
			return nil, fmt.Errorf("band lookup: %w", err)
		}
	}
	ids := make([]int64, 0, len(hits))
	for id := range hits {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		if hits[ids[i]] != hits[ids[j]] {
			return hits[ids[i]] > hits[ids[j]]
		}
		return ids[i] < ids[j]
	})
	return ids[:min(len(ids), maxCandidates)], nil
}
