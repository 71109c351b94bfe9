package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"newscrawl/store/dedup"
)

// The near-duplicate index is a small log-structured merge tree of two
// levels, both in the database:
//
//   - dedup_bands, the main level: rows (key, article_id, sketch) in key
//     order, probed by key;
//   - dedup_pending, the buffer: one row per article, appended in save
//     order, never probed by SQL.
//
// A save appends its article's keys to dedup_pending: the table's last
// page, the same page save after save, so a WAL checkpoint writes it once
// for many saves. A band row written straight into dedup_bands landed on a
// random leaf instead, one per band, and in a store of a million articles
// each was a page of its own for the checkpoint to write back: the cost of
// a save grew with the store. The buffer's keys are looked up in a copy
// each writing process keeps in memory (pendingIndex), brought up to date
// at the start of every save's transaction.
//
// When the buffer holds pendingLimit articles, the save that fills it
// merges it into dedup_bands in key order, in its own transaction: rows
// that fall on the same leaf are written together. A merge writes about
// every leaf of the index, and the limit is 1/16 of the index, so what a
// merge costs per buffered article stays the same as the store grows, up
// to maxPending, which bounds the memory of the copy (16 MB for the 62,500
// articles of a store of a million, 32 MB at most). Beyond 16·maxPending
// (about 2.1 million indexed articles) merges come every maxPending
// articles and their cost per article grows with the index: merging in
// key-range slices would be the next step there.
//
// A merge that fails (a full disk) leaves the buffer as it was; the next
// attempt waits mergeRetryDelay, so saves do not pay for a failing merge
// each time.
const (
	pendingShare = 16
	minPending   = 1024
	maxPending   = 131072

	mergeRetryDelay = time.Minute
)

// pendingLimit is how many articles dedup_pending may hold before it is
// merged, for an index of indexed articles.
func pendingLimit(indexed int64) int {
	return int(min(max(indexed/pendingShare, minPending), maxPending))
}

// pendingIndex is one process's copy of dedup_pending: for each band key,
// the buffered articles that have it, newest first. It is read and changed
// only inside a write transaction (under nearIndex.mu), so what it holds is what the
// table held when the transaction began; its own transaction's row joins it
// at the next sync, after the commit.
type pendingIndex struct {
	loaded  bool
	gen     int64 // dedup_state.generation the copy belongs to
	lastSeq int64 // highest dedup_pending.seq copied
	indexed int64 // dedup_state.indexed
	live    int   // articles in arts not dead

	arts []pendingArticle
	head map[int32]int32 // band key → its newest row
	rows []pendingRow
	byID map[int64]int32 // article id → its live entry in arts
}

type pendingArticle struct {
	id     int64
	sketch uint64
	dead   bool // the article was buffered again (its text changed)
}

type pendingRow struct {
	art  int32 // index in arts
	next int32 // the previous row with the same key, or -1
}

// sync brings the copy up to date with the database, in tx. A merge (by
// any process) moved the generation on: the copy starts again empty.
func (p *pendingIndex) sync(ctx context.Context, tx *sql.Tx) error {
	var gen, indexed int64
	if err := tx.QueryRowContext(ctx, `SELECT generation, indexed FROM dedup_state WHERE id = 1`).Scan(&gen, &indexed); err != nil {
		return fmt.Errorf("near-duplicate buffer: %w", err)
	}
	if !p.loaded || gen != p.gen {
		*p = pendingIndex{loaded: true, gen: gen, head: map[int32]int32{}, byID: map[int64]int32{}}
	}
	p.indexed = indexed
	rows, err := tx.QueryContext(ctx, `SELECT seq, article_id, sketch, keys FROM dedup_pending WHERE seq > ? ORDER BY seq`, p.lastSeq)
	if err != nil {
		return fmt.Errorf("near-duplicate buffer: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			seq, id, sketch int64
			keys            []byte
		)
		if err := rows.Scan(&seq, &id, &sketch, &keys); err != nil {
			return fmt.Errorf("near-duplicate buffer: %w", err)
		}
		p.add(id, uint64(sketch), keys)
		p.lastSeq = seq
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("near-duplicate buffer: %w", err)
	}
	return nil
}

func (p *pendingIndex) add(id int64, sketch uint64, keys []byte) {
	if p.byID == nil {
		p.byID = map[int64]int32{}
	}
	if old, ok := p.byID[id]; ok {
		// The row of its old text is gone from the table: so are its keys.
		p.arts[old].dead = true
		p.live--
	}
	a := int32(len(p.arts))
	p.arts = append(p.arts, pendingArticle{id: id, sketch: sketch})
	p.byID[id] = a
	p.live++
	for len(keys) >= 4 {
		k := int32(binary.BigEndian.Uint32(keys))
		keys = keys[4:]
		next, ok := p.head[k]
		if !ok {
			next = -1
		}
		p.head[k] = int32(len(p.rows))
		p.rows = append(p.rows, pendingRow{art: a, next: next})
	}
}

// articles is the number of articles in the copy, as in the table.
func (p *pendingIndex) articles() int {
	return p.live
}

// lookup calls fn for each buffered article with band key k, newest first,
// at most limit of them.
func (p *pendingIndex) lookup(k int64, limit int, fn func(id int64, sketch uint64)) {
	if k != int64(int32(k)) {
		return
	}
	r, ok := p.head[int32(k)]
	for n := 0; ok && r >= 0 && n < limit; r = p.rows[r].next {
		if a := p.arts[p.rows[r].art]; !a.dead {
			fn(a.id, a.sketch)
			n++
		}
	}
}

// encodeKeys packs band keys, which dedup.BandKeys keeps in the signed
// 32-bit range, as 4 bytes each.
func encodeKeys(keys []int64) []byte {
	b := make([]byte, 0, 4*len(keys))
	for _, k := range keys {
		b = binary.BigEndian.AppendUint32(b, uint32(int32(k)))
	}
	return b
}

// bufferBands appends the article's band keys to dedup_pending.
func bufferBands(ctx context.Context, tx *sql.Tx, id int64, fp dedup.Fingerprint) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO dedup_pending(article_id, sketch, keys) VALUES (?, ?, ?)`,
		id, int64(fp.Sketch), encodeKeys(fp.BandKeys)); err != nil {
		return fmt.Errorf("index bands: %w", err)
	}
	return nil
}

// mergePending moves every row of dedup_pending into dedup_bands, in key
// order, and moves the generation on; it returns the number of articles
// moved. Run in a transaction of its own.
func mergePending(ctx context.Context, tx *sql.Tx) (int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT article_id, sketch, keys FROM dedup_pending`)
	if err != nil {
		return 0, fmt.Errorf("merge near-duplicate buffer: %w", err)
	}
	var (
		out      []bandRow
		articles int
	)
	for rows.Next() {
		var (
			id, sketch int64
			keys       []byte
		)
		if err := rows.Scan(&id, &sketch, &keys); err != nil {
			rows.Close()
			return 0, fmt.Errorf("merge near-duplicate buffer: %w", err)
		}
		articles++
		for ; len(keys) >= 4; keys = keys[4:] {
			out = append(out, bandRow{int64(int32(binary.BigEndian.Uint32(keys))), id, sketch})
		}
	}
	if err := rows.Close(); err != nil {
		return 0, fmt.Errorf("merge near-duplicate buffer: %w", err)
	}
	if err := insertBands(ctx, tx, out); err != nil {
		return 0, fmt.Errorf("merge near-duplicate buffer: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM dedup_pending`); err != nil {
		return 0, fmt.Errorf("merge near-duplicate buffer: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE dedup_state SET generation = generation + 1, indexed = indexed + ? WHERE id = 1`, articles); err != nil {
		return 0, fmt.Errorf("merge near-duplicate buffer: %w", err)
	}
	return articles, nil
}

// bandRow is one row of dedup_bands.
type bandRow struct {
	key, id, sketch int64
}

// insertBands writes rows into dedup_bands in key order, so that rows
// falling on one leaf are written together; rows is sorted in place.
func insertBands(ctx context.Context, tx *sql.Tx, rows []bandRow) error {
	slices.SortFunc(rows, func(a, b bandRow) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(b.id, a.id) // the index's order: newest first
	})
	// Many rows per statement: one statement per row spent more in the
	// driver than in SQLite. OR IGNORE and no foreign key leave nothing to
	// abort midway, so SQLite keeps no statement journal for them.
	// The last rows, fewer than a full statement, go one by one: one SQL
	// text instead of up to 199 more in the driver's statement cache.
	for _, chunk := range []struct {
		size int
		rows []bandRow
	}{
		{bandsPerInsert, rows[:len(rows)/bandsPerInsert*bandsPerInsert]},
		{1, rows[len(rows)/bandsPerInsert*bandsPerInsert:]},
	} {
		if len(chunk.rows) == 0 {
			continue
		}
		stmt, err := tx.PrepareContext(ctx, insertBandsSQL(chunk.size))
		if err != nil {
			return err
		}
		args := make([]any, 0, 3*chunk.size)
		for k := 0; k < len(chunk.rows); k += chunk.size {
			args = args[:0]
			for _, r := range chunk.rows[k : k+chunk.size] {
				args = append(args, r.key, r.id, r.sketch)
			}
			if _, err := stmt.ExecContext(ctx, args...); err != nil {
				stmt.Close()
				return err
			}
		}
		if err := stmt.Close(); err != nil {
			return err
		}
	}
	return nil
}

// bandsPerInsert is the number of rows one statement of insertBands adds.
const bandsPerInsert = 200

// insertBandsSQL adds n rows to dedup_bands.
func insertBandsSQL(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT OR IGNORE INTO dedup_bands(key, article_id, sketch) VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?, ?)")
	}
	return b.String()
}

// nearIndex is a writing handle's side of the near-duplicate index: the
// lock that makes its saves one at a time, and the copy of the buffer.
type nearIndex struct {
	mu      sync.Mutex
	pending pendingIndex
	// retryAt: no merge before then (set when one failed).
	retryAt time.Time
	// limit replaces pendingLimit when set (tests: merges in small stores).
	limit func(indexed int64) int
}

// limitNow is the number of buffered articles that calls for a merge.
func (n *nearIndex) limitNow() int {
	if n.limit != nil {
		return n.limit(n.pending.indexed)
	}
	return pendingLimit(n.pending.indexed)
}
