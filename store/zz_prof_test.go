package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"

	"newscrawl/store/dedup"
)

func TestZZProf(t *testing.T) {
	path := os.Getenv("NC_PROF_DB")
	if path == "" {
		t.Skip()
	}
	ctx := context.Background()
	if _, err := os.Stat(path); err != nil {
		d, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		d.Close()
	}
	if os.Getenv("NC_BANDS") != "" {
		raw, err := sql.Open("sqlite3", fileURI(path)+"?_journal_mode=WAL&_synchronous=OFF&_cache_size=-1000000")
		if err != nil {
			t.Fatal(err)
		}
		raw.SetMaxOpenConns(1)
		var n int
		if raw.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE name = 'dedup_bands'`).Scan(&n); n == 0 {
			tx, _ := raw.Begin()
			tx.Exec(`CREATE TABLE dedup_bands(key INTEGER NOT NULL, article_id INTEGER NOT NULL, PRIMARY KEY (key, article_id)) WITHOUT ROWID`)
			var maxID int
			tx.QueryRow(`SELECT max(id) FROM articles`).Scan(&maxID)
			st, _ := tx.Prepare(`INSERT INTO dedup_bands(key, article_id) VALUES (?, ?)`)
			r := rand.New(rand.NewPCG(1, 2))
			for i := 1; i <= maxID; i++ {
				for range 20 {
					st.Exec(int64(r.Uint64()), i)
				}
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
		}
		raw.Close()
	}
	db, err := Open(ctx, path)
	if os.Getenv("NC_DROPFTS") != "" {
		db.db.Exec(`DROP TRIGGER IF EXISTS articles_fts_insert`)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 2))
	var tBegin, tFind, tDup, tLSHq, tIns, tBands, tAlias, tCommit, tFP time.Duration
	N := 1000
	nonce := time.Now().UnixNano()
	for i := 0; i < N; i++ {
		text := syntheticText(rng, 300)
		s := cpuNow()
		fp := dedup.Fingerprints(text)
		tFP += cpuNow().Sub(s)
		s = cpuNow()
		tx, _ := db.db.BeginTx(ctx, nil)
		tBegin += cpuNow().Sub(s)
		url := fmt.Sprintf("https://prof.example/%d/%d", nonce, i)
		s = cpuNow()
		findArticle(ctx, tx, []string{url, url + "?x"})
		tFind += cpuNow().Sub(s)
		s = cpuNow()
		rows, _ := tx.QueryContext(ctx, `SELECT id, duplicate_of FROM articles WHERE content_hash = ? AND id != ? ORDER BY id LIMIT 8`, fp.ContentHash, 0)
		for rows.Next() {
		}
		rows.Close()
		tDup += cpuNow().Sub(s)
		s = cpuNow()
		if os.Getenv("NC_BANDS") != "" {
			for _, k := range fp.BandKeys {
				rows, err := tx.QueryContext(ctx, `SELECT article_id FROM dedup_bands WHERE key = ? LIMIT 64`, k)
				if err != nil {
					t.Fatal(err)
				}
				for rows.Next() {
				}
				rows.Close()
			}
		} else if _, err := bandCandidates(ctx, tx, 0, fp); err != nil {
			t.Fatal(err)
		}
		tLSHq += cpuNow().Sub(s)
		s = cpuNow()
		res, err := tx.ExecContext(ctx, `INSERT INTO articles(url, source, title, fetched_at, text, word_count, content_hash, simhash) VALUES (?,?,?,?,?,?,?,?)`,
			url, "bench", "t", "2025-01-01T00:00:00Z", text, 300, fp.ContentHash, int64(fp.SimHash))
		if err != nil {
			t.Fatal(err)
		}
		id, _ := res.LastInsertId()
		tIns += cpuNow().Sub(s)
		s = cpuNow()
		if os.Getenv("NC_SKIPINS") != "" {
		} else if os.Getenv("NC_BANDS") != "" {
			for _, k := range fp.BandKeys {
				if _, err := tx.ExecContext(ctx, `INSERT INTO dedup_bands(key, article_id) VALUES (?, ?)`, k, id); err != nil {
					t.Fatal(err)
				}
			}
		} else {
			indexBands(ctx, tx, id, fp)
		}
		tBands += cpuNow().Sub(s)
		s = cpuNow()
		tx.ExecContext(ctx, `INSERT INTO article_urls(url, article_id) VALUES (?, ?)`, url, id)
		tx.ExecContext(ctx, `INSERT INTO article_urls(url, article_id) VALUES (?, ?)`, url+"?x", id)
		tAlias += cpuNow().Sub(s)
		s = cpuNow()
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		tCommit += cpuNow().Sub(s)
	}
	per := func(d time.Duration) string { return (d / time.Duration(N)).String() }
	t.Logf("fp %s begin %s find %s exact %s lshq %s insert+fts %s bands %s alias %s commit %s",
		per(tFP), per(tBegin), per(tFind), per(tDup), per(tLSHq), per(tIns), per(tBands), per(tAlias), per(tCommit))
}

func cpuNow() time.Time {
	var ru syscall.Rusage
	syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru)
	return time.Unix(0, ru.Utime.Nano()+ru.Stime.Nano())
}
