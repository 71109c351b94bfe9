package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"newscrawl/store/dedup"
)

// state reads dedup_state and the number of buffered articles.
func state(t *testing.T, db *DB) (generation, indexed, buffered int) {
	t.Helper()
	if err := db.db.QueryRow(`SELECT generation, indexed, (SELECT count(*) FROM dedup_pending) FROM dedup_state`).
		Scan(&generation, &indexed, &buffered); err != nil {
		t.Fatal(err)
	}
	return generation, indexed, buffered
}

func limitTo(n int) func(int64) int { return func(int64) int { return n } }

func TestPendingLimit(t *testing.T) {
	for _, tt := range []struct {
		indexed int64
		want    int
	}{
		{0, minPending},
		{1000, minPending},
		{16 * minPending, minPending},
		{1_000_000, 62_500},
		{100_000_000, maxPending},
	} {
		if got := pendingLimit(tt.indexed); got != tt.want {
			t.Errorf("pendingLimit(%d) = %d, want %d", tt.indexed, got, tt.want)
		}
	}
}

// TestNearDupAcrossLevels: a copy is found whether its original's keys are
// still in the buffer or were merged into dedup_bands, and a merge moves
// every key, once.
func TestNearDupAcrossLevels(t *testing.T) {
	db := newTestDB(t)
	db.near.limit = limitTo(4)
	text := longText("harbour dredging", 71, 20)
	orig := mustSave(t, db, article("https://a.example/orig", text))

	// in the buffer
	if s := mustSave(t, db, article("https://b.example/copy", "A new first line. "+text)); s.DuplicateOf != orig.ID {
		t.Fatalf("copy of a buffered article: %+v, want duplicate_of %d", s, orig.ID)
	}
	if gen, _, buffered := state(t, db); gen != 0 || buffered != 2 {
		t.Fatalf("generation %d, %d buffered; want 0 and 2 before the limit", gen, buffered)
	}
	rows := indexRows(t, db, 0)

	// the fourth article fills the buffer: merged after its save
	mustSave(t, db, article("https://c.example/other", longText("rail fares", 72, 20)))
	mustSave(t, db, article("https://d.example/other", longText("school meals", 73, 20)))
	gen, indexed, buffered := state(t, db)
	if gen != 1 || indexed != 4 || buffered != 0 {
		t.Fatalf("after the limit: generation %d, indexed %d, %d buffered; want 1, 4, 0", gen, indexed, buffered)
	}
	if n := count(t, db, `SELECT count(*) FROM dedup_bands WHERE article_id = ?`, orig.ID); n != dedup.Bands {
		t.Errorf("original has %d rows in dedup_bands after the merge, want %d", n, dedup.Bands)
	}
	if n := indexRows(t, db, 0); n != rows+2*dedup.Bands {
		t.Errorf("%d index rows after the merge, want %d", n, rows+2*dedup.Bands)
	}

	// in the main level
	if s := mustSave(t, db, article("https://e.example/copy", text+" A last line.")); s.DuplicateOf != orig.ID {
		t.Errorf("copy of a merged article: %+v, want duplicate_of %d", s, orig.ID)
	}

	// an update of a merged article leaves the main level for the buffer
	mustSave(t, db, article("https://a.example/orig", longText("bridge tolls", 74, 20)))
	if n := count(t, db, `SELECT count(*) FROM dedup_bands WHERE article_id = ?`, orig.ID); n != 0 {
		t.Errorf("updated article keeps %d rows in dedup_bands", n)
	}
	if _, indexed, _ := state(t, db); indexed != 3 {
		t.Errorf("indexed = %d after the update, want 3", indexed)
	}
	if n := indexRows(t, db, orig.ID); n != dedup.Bands {
		t.Errorf("updated article has %d index rows, want %d", n, dedup.Bands)
	}
}

// TestNearDupTwoWriters: two handles on one file, as a crawl and a
// `fetch --db` are: each finds what the other buffered, and a merge by one
// is seen by the other, whose copy of the buffer is then stale.
func TestNearDupTwoWriters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news.db")
	open := func() *DB {
		db, err := Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	a, b := open(), open()
	b.near.limit = limitTo(3)

	text := longText("ferry strike", 81, 20)
	mustSave(t, a, article("https://a.example/unrelated", longText("museum opening", 80, 20)))
	orig := mustSave(t, a, article("https://a.example/orig", text))
	if s := mustSave(t, b, article("https://b.example/copy", "A new first line. "+text)); s.DuplicateOf != orig.ID {
		t.Fatalf("b saving a copy of what a buffered: %+v, want duplicate_of %d", s, orig.ID)
	}
	if gen, _, buffered := state(t, b); gen != 1 || buffered != 0 {
		t.Fatalf("b's third article: generation %d, %d buffered; want a merge", gen, buffered)
	}
	// a's copy of the buffer holds the rows b merged; a must find them in
	// dedup_bands now, and not keep the stale copy.
	if s := mustSave(t, a, article("https://c.example/copy", text+" A last line.")); s.DuplicateOf != orig.ID {
		t.Errorf("a saving a copy after b's merge: %+v, want duplicate_of %d", s, orig.ID)
	}
	if a.near.pending.gen != 1 || a.near.pending.articles() != 0 {
		t.Errorf("a's copy after b's merge: generation %d with %d articles, want 1 and 0 (reloaded)",
			a.near.pending.gen, a.near.pending.articles())
	}
}

// TestMergeRolledBack: a merge that does not commit (a crash, a full
// disk) leaves the buffer as it was, and nothing is lost or doubled.
func TestMergeRolledBack(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	text := longText("water rates", 91, 20)
	orig := mustSave(t, db, article("https://a.example/orig", text))
	mustSave(t, db, article("https://a.example/other", longText("court ruling", 92, 20)))
	rows := indexRows(t, db, 0)

	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := mergePending(ctx, tx); err != nil || n != 2 {
		t.Fatalf("mergePending = %d, %v; want 2 articles", n, err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if gen, indexed, buffered := state(t, db); gen != 0 || indexed != 0 || buffered != 2 {
		t.Errorf("after a rolled-back merge: generation %d, indexed %d, %d buffered; want 0, 0, 2", gen, indexed, buffered)
	}
	if n := indexRows(t, db, 0); n != rows {
		t.Errorf("%d index rows after a rolled-back merge, want %d", n, rows)
	}
	if s := mustSave(t, db, article("https://b.example/copy", "A new first line. "+text)); s.DuplicateOf != orig.ID {
		t.Errorf("copy after a rolled-back merge: %+v, want duplicate_of %d", s, orig.ID)
	}
}

// TestPendingLookupBounded: a key shared by many buffered articles yields
// at most the newest maxBandRows of them, as a probe of dedup_bands does.
func TestPendingLookupBounded(t *testing.T) {
	p := pendingIndex{head: map[int32]int32{}}
	for i := range 3 * maxBandRows {
		p.add(int64(i+1), 0, encodeKeys([]int64{-7, int64(i)}))
	}
	var got []int64
	p.lookup(-7, maxBandRows, func(id int64, _ uint64) { got = append(got, id) })
	if len(got) != maxBandRows || got[0] != 3*maxBandRows || got[len(got)-1] != 2*maxBandRows+1 {
		t.Errorf("lookup gave %d ids from %v to %v, want the newest %d", len(got), got[0], got[len(got)-1], maxBandRows)
	}
	got = got[:0]
	p.lookup(5, maxBandRows, func(id int64, _ uint64) { got = append(got, id) })
	if fmt.Sprint(got) != "[6]" {
		t.Errorf("lookup(5) = %v, want [6]", got)
	}
	got = got[:0]
	p.lookup(1<<40, maxBandRows, func(id int64, _ uint64) { got = append(got, id) })
	if len(got) != 0 {
		t.Errorf("a key outside the 32-bit range found %v", got)
	}
}
