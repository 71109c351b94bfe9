package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"newscrawl/store/dedup"
)

// killChildEnv names the database a child process of TestKillWhileMerging
// writes to until it is killed.
const killChildEnv = "NEWSCRAWL_STORE_KILL_CHILD"

// TestKillWhileMerging runs this test binary as a child that saves
// articles (new ones, changed ones, copies) with the near-duplicate buffer
// merged every 16 articles, SIGKILLs it at random moments, again and
// again, and checks after each kill that the index is whole: every long
// article has all its band keys in exactly one level, dedup_state counts
// the main level right, and the file passes integrity_check.
func TestKillWhileMerging(t *testing.T) {
	if path := os.Getenv(killChildEnv); path != "" {
		killChild(t, path)
		return
	}
	if testing.Short() {
		t.Skip("starts and kills 12 processes")
	}
	path := filepath.Join(t.TempDir(), "news.db")
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 12 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillWhileMerging$")
		cmd.Env = append(os.Environ(), killChildEnv+"="+path)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(150+rng.IntN(350)) * time.Millisecond)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		checkIndexWhole(t, path, round)
	}
}

func killChild(t *testing.T, path string) {
	ctx := context.Background()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.near.limit = limitTo(16)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 3))
	for {
		i := rng.IntN(400)
		text := longText(fmt.Sprintf("topic %d", i%40), rng.IntN(1000), 20)
		if i%5 == 0 {
			text = fmt.Sprintf("Brief %d.", rng.IntN(1000)) // not indexed
		}
		if _, err := db.SaveArticle(ctx, article(fmt.Sprintf("https://k%d.example/%d", i%3, i), text)); err != nil {
			t.Fatal(err)
		}
		if i%7 == 0 { // a copy under another URL
			if _, err := db.SaveArticle(ctx, article(fmt.Sprintf("https://copy.example/%d", rng.Int()), "Copied. "+text)); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func checkIndexWhole(t *testing.T, path string, round int) {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("round %d: reopen after kill: %v", round, err)
	}
	defer db.Close()
	var ok string
	if err := db.db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("round %d: integrity_check: %s %v", round, ok, err)
	}
	rows, err := db.db.Query(`SELECT a.id, a.text,
		(SELECT count(*) FROM dedup_bands b WHERE b.article_id = a.id),
		(SELECT coalesce(sum(length(keys) / 4), 0) FROM dedup_pending p WHERE p.article_id = a.id)
		FROM articles a`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	articles := 0
	for rows.Next() {
		var (
			id            int64
			text          string
			inMain, inBuf int
		)
		if err := rows.Scan(&id, &text, &inMain, &inBuf); err != nil {
			t.Fatal(err)
		}
		articles++
		want := 0
		if fp := dedup.Fingerprints(text); fp.Tokens >= MinNearDupWords {
			want = len(fp.BandKeys)
		}
		if inMain+inBuf != want || (inMain > 0 && inBuf > 0) {
			t.Errorf("round %d: article %d: %d keys in dedup_bands and %d buffered, want %d in one of them", round, id, inMain, inBuf, want)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var indexed, distinct, generation int
	if err := db.db.QueryRow(`SELECT indexed, generation, (SELECT count(DISTINCT article_id) FROM dedup_bands) FROM dedup_state`).
		Scan(&indexed, &generation, &distinct); err != nil {
		t.Fatal(err)
	}
	if indexed != distinct {
		t.Errorf("round %d: dedup_state.indexed = %d, dedup_bands holds %d articles", round, indexed, distinct)
	}
	t.Logf("round %d: %d articles, %d merges so far", round, articles, generation)
}
