package store

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// twoWriters opens one new file twice, as a crawl and a `fetch --db` do.
func twoWriters(t *testing.T) (*DB, *DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "news.db")
	open := func() *DB {
		db, err := Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	return open(), open()
}

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
	a, b := twoWriters(t)
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
// at most maxBandRows of them (the newest; a probe of dedup_bands gives the
// oldest), and an article buffered again keeps only its new keys.
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

	before := p.articles()
	p.add(6, 0, encodeKeys([]int64{1 << 20}))
	got = got[:0]
	p.lookup(5, maxBandRows, func(id int64, _ uint64) { got = append(got, id) })
	if len(got) != 0 || p.articles() != before {
		t.Errorf("article 6 buffered again: its old key finds %v, %d articles; want none and %d", got, p.articles(), before)
	}
	p.lookup(1<<20, maxBandRows, func(id int64, _ uint64) { got = append(got, id) })
	if fmt.Sprint(got) != "[6]" {
		t.Errorf("lookup(1<<20) = %v, want [6]", got)
	}
}

// randomText is n words drawn from 50,000: texts of different seeds share
// no band key.
func randomText(seed uint64, n int) string {
	r := rand.New(rand.NewPCG(seed, seed*7+1))
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "w%d", r.IntN(50000))
	}
	return b.String()
}

// TestBufferedUpdateSeen: the newest buffered article's text changes, so
// its row is replaced; every writer's copy must see the new row (with
// rowid numbering, it took the old row's number, which the copies had
// already read past).
func TestBufferedUpdateSeen(t *testing.T) {
	a, b := twoWriters(t)
	mustSave(t, a, article("https://a.example/unrelated", randomText(1, 300)))
	x := mustSave(t, a, article("https://a.example/x", randomText(2, 300)))
	mustSave(t, b, article("https://b.example/brief", "A short brief.")) // b copies x's row
	newText := randomText(3, 300)
	if s := mustSave(t, a, article("https://a.example/x", newText)); s.Status != Updated {
		t.Fatalf("update: %+v", s)
	}
	for name, db := range map[string]*DB{"the updating writer": a, "another writer": b} {
		cp := article("https://"+strings.ReplaceAll(name, " ", "-")+".example/copy", "A new first line. "+newText)
		cp.Source = "other"
		if s := mustSave(t, db, cp); s.DuplicateOf != x.ID {
			t.Errorf("%s saving a copy of the new text: %+v, want duplicate_of %d", name, s, x.ID)
		}
	}
}

// TestMergeFailureBacksOff: a merge that cannot commit is not tried again
// on every save but after mergeRetryDelay, and nothing is lost meanwhile.
func TestMergeFailureBacksOff(t *testing.T) {
	db := newTestDB(t)
	db.near.limit = limitTo(4)
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	if _, err := db.db.Exec(`CREATE TRIGGER fail_merge BEFORE INSERT ON dedup_bands BEGIN SELECT RAISE(ABORT, 'disk full'); END`); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	attempts := func() int { return strings.Count(logs.String(), "merge near-duplicate buffer failed") }

	for i := range 12 {
		mustSave(t, db, article(fmt.Sprintf("https://a.example/%d", i), randomText(uint64(100+i), 300)))
	}
	if n := attempts(); n != 1 {
		t.Errorf("%d merge attempts in 12 saves past the limit, want 1", n)
	}
	now = now.Add(2 * mergeRetryDelay)
	mustSave(t, db, article("https://a.example/12", randomText(112, 300)))
	if n := attempts(); n != 2 {
		t.Errorf("%d merge attempts after the delay, want 2", n)
	}
	if _, err := db.db.Exec(`DROP TRIGGER fail_merge`); err != nil {
		t.Fatal(err)
	}
	now = now.Add(2 * mergeRetryDelay)
	mustSave(t, db, article("https://a.example/13", randomText(113, 300)))
	if gen, indexed, buffered := state(t, db); gen != 1 || indexed != 14 || buffered != 0 {
		t.Errorf("after the disk is back: generation %d, indexed %d, %d buffered; want 1, 14, 0", gen, indexed, buffered)
	}
}

// TestInsertBands: whole statements of bandsPerInsert rows and the rows
// left over all arrive, once, whatever the count.
func TestInsertBands(t *testing.T) {
	db := newTestDB(t)
	total := 0
	for _, n := range []int{0, 1, bandsPerInsert - 1, bandsPerInsert, bandsPerInsert + 1, 2*bandsPerInsert + 1} {
		rows := make([]bandRow, n)
		for i := range rows {
			rows[i] = bandRow{key: int64(n*1000 - i), id: int64(i + 1), sketch: int64(i)}
		}
		tx, err := db.db.Begin()
		if err != nil {
			t.Fatal(err)
		}
		if err := insertBands(context.Background(), tx, append(rows, rows...)); err != nil { // twice: OR IGNORE
			t.Fatalf("%d rows: %v", n, err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		total += n
		if got := count(t, db, `SELECT count(*) FROM dedup_bands`); got != total {
			t.Errorf("after inserting %d rows twice: %d rows, want %d", n, got, total)
		}
	}
}
