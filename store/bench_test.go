package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"newscrawl/store/dedup"
)

// BenchmarkSaveArticle saves new ~300-word articles into a store that
// already holds 1,000 or 1,000,000 articles. The near-duplicate lookup is
// one index probe per band plus the in-memory copy of the buffer, so the
// cost per save should barely grow. What grows is I/O: every page a save
// dirties at a random place (the content_hash index's leaf) is, in the
// large store, a page of its own for the next WAL checkpoint to write
// back, and every probe of dedup_bands reads a leaf the cache does not
// hold. Band keys used to be such pages too, ten per save: schema 7
// appends them to dedup_pending instead and merges them in key order
// (BenchmarkNearDupMerge gives that cost per article, which a save pays on
// average on top of this).
//
// Measured (2026-11-27, 2000x, 8 runs, 2 cores, medians, final schema 7):
// 1K 500 us (cpu 482), 1M 626 us (cpu 577): ratio 1.25 wall (runs
// 1.18-1.42), 1.20 cpu. With the merge's 8.4 us (1K) and 29.5 us (1M) per
// article: 655 / 508 = 1.29. Schema 6 earlier the same day, alternating
// with schema 7 (ten random band leaves per save): 1K 588, 1M 958, ratio 1.63
// (runs 1.49-2.05). disk-write-B/op: schema 7 129 KB at 1K, 144-157 KB at
// 1M; schema 6 179 KB, 240-280 KB. WAL pages per save at 1M, schema 7 (200
// saves without checkpoint): 27 written, 4.3 distinct (content_hash 1.6,
// FTS data 1.4, articles 1.0).
//
// The 1M store is built once with bulk INSERTs of synthetic rows (articles,
// FTS via the triggers, URLs, dedup.Bands band keys each, all in
// dedup_bands) and cached under os.TempDir(), keyed by the migrations'
// content; each run adds its b.N articles to it, to the buffer, which is
// merged untimed before a run once half full. The metric index-B/article is
// the size of the near-duplicate index (dedup_bands) per indexed article,
// measured as the file growth while it was filled; cpu-ns/op is the
// process CPU time per save, which other programs on a busy machine
// disturb less than wall time; disk-write-B/op is what the process sent to
// storage per save (/proc/self/io), WAL and checkpoints included.
//
// Synthetic texts draw words uniformly from 8,000, so their band keys never
// meet by chance. Real text does: on the extraction benchmark's truths two
// unrelated articles share a given band key with probability 4e-6, so in a
// store of a million each probe returns ~4 unrelated rows, and the sketch
// check lets ~2% of those through to a text comparison (~20 us each):
// about 0.8 candidate texts read per save that this benchmark does not see
// (3.4 with the simhash check of schema 6).
func BenchmarkSaveArticle(b *testing.B) {
	for _, n := range []int{1000, 1000000} {
		b.Run(fmt.Sprintf("store=%d", n), func(b *testing.B) {
			ctx := context.Background()
			var path string
			var info benchInfo
			if n <= 10000 {
				path = filepath.Join(b.TempDir(), "news.db")
				info = buildBenchStore(b, path, n)
			} else {
				path, info = cachedBenchStore(b, n)
			}
			db, err := Open(ctx, path)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			if n > 10000 {
				mergeCachedBuffer(b, db)
			}
			loadBufferCopy(b, db)
			nonce := uint64(time.Now().UnixNano())
			rng := rand.New(rand.NewPCG(nonce, 1))
			i := 0
			cpu0, io0 := cpuTime(), ioWriteBytes()
			for b.Loop() {
				i++
				a := Article{
					URL:       fmt.Sprintf("https://bench.example/%x/%d", nonce, i),
					Aliases:   []string{fmt.Sprintf("https://bench.example/%x/%d?utm_source=rss", nonce, i)},
					Source:    "bench",
					Title:     "Benchmark article",
					Text:      syntheticText(rng, 300),
					FetchedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
				}
				if _, err := db.SaveArticle(ctx, a); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(ioWriteBytes()-io0)/float64(b.N), "disk-write-B/op")
			b.ReportMetric(info.BandBytesPerArticle, "index-B/article")
		})
	}
}

// BenchmarkSaveArticleUnchanged re-saves stored articles whose text did not
// change (a feed bumped their date): only checked_at and aliases are
// written.
func BenchmarkSaveArticleUnchanged(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "news.db")
	buildBenchStore(b, path, 1000)
	db, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	rng := rand.New(rand.NewPCG(3, 4))
	stored := make([]Article, 200)
	for i := range stored {
		stored[i] = Article{
			URL:       fmt.Sprintf("https://bench.example/stored/%d", i),
			Aliases:   []string{fmt.Sprintf("https://bench.example/stored/%d?utm_source=rss", i)},
			Source:    "bench",
			Title:     "Benchmark article",
			Text:      syntheticText(rng, 300),
			FetchedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		}
		if _, err := db.SaveArticle(ctx, stored[i]); err != nil {
			b.Fatal(err)
		}
	}
	i := 0
	cpu0 := cpuTime()
	for b.Loop() {
		a := stored[i%len(stored)]
		i++
		a.FetchedAt = a.FetchedAt.Add(time.Duration(i) * time.Second)
		s, err := db.SaveArticle(ctx, a)
		if err != nil {
			b.Fatal(err)
		}
		if s.Status != Unchanged {
			b.Fatalf("re-save: %v, want unchanged", s.Status)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
}

// BenchmarkSaveArticleSameSite saves new articles of a site whose
// extracted texts all end in the same long footer, into a store holding
// 1,000 of them: every save meets the near-duplicate search's worst case,
// maxCandidates candidates that share band keys through the footer and
// must be compared (none is a duplicate: Jaccard ~0.33).
func BenchmarkSaveArticleSameSite(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "news.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	rng := rand.New(rand.NewPCG(5, 6))
	footer := syntheticText(rng, 150)
	article := func(i int) Article {
		return Article{
			URL:       fmt.Sprintf("https://site.example/story/%d", i),
			Source:    "site",
			Title:     "Site article",
			Text:      syntheticText(rng, 150) + "\n\n" + footer,
			FetchedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		}
	}
	for i := range 1000 {
		if _, err := db.SaveArticle(ctx, article(i)); err != nil {
			b.Fatal(err)
		}
	}
	i := 1000
	dups := 0
	cpu0 := cpuTime()
	for b.Loop() {
		i++
		s, err := db.SaveArticle(ctx, article(i))
		if err != nil {
			b.Fatal(err)
		}
		if s.DuplicateOf != 0 {
			dups++
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
	if dups > 0 {
		b.Errorf("%d of %d articles sharing only a footer were taken for duplicates", dups, b.N)
	}
}

// BenchmarkNearDupMerge measures what BenchmarkSaveArticle leaves out:
// the merge of a full near-duplicate buffer (pendingLimit articles, 10 keys
// each) into the main level of a store of 1,000 or 1,000,000 articles, WAL
// checkpoint included. ns/article is its cost per buffered article, which
// every save pays on average on top of its own: the amortised cost of a
// save is BenchmarkSaveArticle's ns/op plus this. The 1M store is a copy of
// BenchmarkSaveArticle's cached one, so runs do not drift.
func BenchmarkNearDupMerge(b *testing.B) {
	for _, n := range []int{1000, 1000000} {
		b.Run(fmt.Sprintf("store=%d", n), func(b *testing.B) {
			ctx := context.Background()
			path := filepath.Join(b.TempDir(), "news.db")
			if n <= 10000 {
				buildBenchStore(b, path, n)
			} else {
				cached, _ := cachedBenchStore(b, n)
				copyFile(b, cached, path)
			}
			db, err := Open(ctx, path)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			rng := rand.New(rand.NewPCG(9, uint64(n)))
			var merged int
			var spent time.Duration
			for range b.N {
				var indexed, buffered int64
				if err := db.db.QueryRow(`SELECT indexed, (SELECT count(*) FROM dedup_pending) FROM dedup_state`).
					Scan(&indexed, &buffered); err != nil {
					b.Fatal(err)
				}
				// Each buffered article has one row: at most the stored
				// ones (the 1K store holds fewer than the least buffer).
				k := min(pendingLimit(indexed), n) - int(buffered)
				fillPending(b, db, rng, k, n)
				db.near.limit = limitTo(int(buffered) + k)
				start := time.Now()
				k, err := db.mergePending(ctx)
				if err != nil {
					b.Fatal(err)
				}
				spent += time.Since(start)
				merged += k
			}
			b.ReportMetric(float64(spent.Nanoseconds())/float64(merged), "ns/article")
			b.ReportMetric(float64(merged)/float64(b.N), "articles/merge")
		})
	}
}

// mergeCachedBuffer merges the buffer of the cached store, untimed, once
// it is half full: every run adds its articles to it, and a merge inside a
// run of 2,000 saves would be charged to them instead of to the 62,500
// articles it serves (BenchmarkNearDupMerge measures it).
func mergeCachedBuffer(b *testing.B, db *DB) {
	b.Helper()
	var indexed, buffered int64
	if err := db.db.QueryRow(`SELECT indexed, (SELECT count(*) FROM dedup_pending) FROM dedup_state`).
		Scan(&indexed, &buffered); err != nil {
		b.Fatal(err)
	}
	if 2*buffered < int64(pendingLimit(indexed)) {
		return
	}
	db.near.limit = limitTo(int(buffered))
	defer func() { db.near.limit = nil }()
	if _, err := db.mergePending(context.Background()); err != nil {
		b.Fatal(err)
	}
}

// loadBufferCopy reads the buffer into the handle's copy before the
// timed loop: a writer does it once, at its first save (0.16 s for a
// full buffer of 62,500 articles), not per save.
func loadBufferCopy(b *testing.B, db *DB) {
	b.Helper()
	tx, err := db.db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	if err := db.near.pending.sync(context.Background(), tx); err != nil {
		b.Fatal(err)
	}
}

// fillPending buffers k distinct stored articles (ids from a random start,
// new random keys) in one transaction.
func fillPending(b *testing.B, db *DB, rng *rand.Rand, k, stored int) {
	b.Helper()
	tx, err := db.db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	keys := make([]int64, dedup.Bands)
	first := rng.IntN(stored)
	for i := range k {
		for i := range keys {
			keys[i] = int64(int32(rng.Uint32()))
		}
		if _, err := tx.Exec(`INSERT INTO dedup_pending(article_id, sketch, keys) VALUES (?, ?, ?)`,
			1+(first+i)%stored, int64(rng.Uint64()), encodeKeys(keys)); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

func copyFile(b *testing.B, from, to string) {
	b.Helper()
	src, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		b.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		b.Fatal(err)
	}
}

type benchInfo struct {
	Articles            int
	BandBytesPerArticle float64
}

func cachedBenchStore(b *testing.B, n int) (string, benchInfo) {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "newscrawl-bench")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, fmt.Sprintf("store-%d-%s-b%dr%d.db", n, schemaDigest(b), dedup.Bands, dedup.Rows))
	var info benchInfo
	if data, err := os.ReadFile(path + ".json"); err == nil && json.Unmarshal(data, &info) == nil {
		if _, err := os.Stat(path); err == nil {
			return path, info
		}
	}
	tmp := path + ".building"
	os.Remove(tmp)
	start := time.Now()
	info = buildBenchStore(b, tmp, n)
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	data, _ := json.Marshal(info)
	if err := os.WriteFile(path+".json", data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.Logf("built %s with %d articles in %v (cached for later runs)", path, n, time.Since(start).Round(time.Second))
	return path, info
}

// schemaDigest names the migrations' content, so a cached store is rebuilt
// when one changes, not only when one is added.
func schemaDigest(b *testing.B) string {
	ms, err := migrations()
	if err != nil {
		b.Fatal(err)
	}
	h := sha256.New()
	for _, m := range ms {
		h.Write([]byte(m.sql))
	}
	return fmt.Sprintf("v%d-%x", SchemaVersion, h.Sum(nil)[:4])
}

// buildBenchStore writes a migrated database with n synthetic articles.
func buildBenchStore(b *testing.B, path string, n int) benchInfo {
	b.Helper()
	ctx := context.Background()
	db, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite3", fileURI(path)+"?_journal_mode=MEMORY&_synchronous=OFF&_cache_size=-1000000&_foreign_keys=off")
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	exec := func(q string, args ...any) {
		if _, err := raw.Exec(q, args...); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	rng := rand.New(rand.NewPCG(42, uint64(n)))
	tx, err := raw.Begin()
	if err != nil {
		b.Fatal(err)
	}
	art, _ := tx.Prepare(`INSERT INTO articles(id, url, source, title, fetched_at, text, word_count, content_hash, simhash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	alias, _ := tx.Prepare(`INSERT INTO article_urls(url, article_id) VALUES (?, ?)`)
	for i := 1; i <= n; i++ {
		url := fmt.Sprintf("https://synthetic%d.example/%d/story-%d", i%50, i/1000, i)
		text := syntheticText(rng, 40)
		sum := sha256.Sum256([]byte(url))
		fetched := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute).Format(timeLayout)
		if _, err := art.Exec(i, url, fmt.Sprintf("source%d", i%20), "Synthetic article", fetched, text, 40,
			hex.EncodeToString(sum[:]), int64(rng.Uint64())); err != nil {
			b.Fatal(err)
		}
		if _, err := alias.Exec(url, i); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	before := fileSize(b, raw)
	tx, _ = raw.Begin()
	band, _ := tx.Prepare(`INSERT INTO dedup_bands(key, article_id, sketch) VALUES (?, ?, ?)`)
	for i := 1; i <= n; i++ {
		sim := int64(rng.Uint64())
		for range dedup.Bands {
			if _, err := band.Exec(int64(int32(rng.Uint32())), i, sim); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	after := fileSize(b, raw)
	exec(`UPDATE dedup_state SET indexed = ?`, n)
	// One bulk transaction leaves FTS5 with a half-done merge of huge
	// segments that every later commit would continue; a store filled one
	// article at a time has its segments merged as it grows. Merge now.
	exec(`INSERT INTO articles_fts(articles_fts) VALUES ('optimize')`)
	exec(`PRAGMA journal_mode = WAL`)
	return benchInfo{Articles: n, BandBytesPerArticle: float64(after-before) / float64(n)}
}

func fileSize(b *testing.B, db *sql.DB) int64 {
	var pages, size int64
	if err := db.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		b.Fatal(err)
	}
	if err := db.QueryRow(`PRAGMA page_size`).Scan(&size); err != nil {
		b.Fatal(err)
	}
	return pages * size
}

var syllables = strings.Fields("ka lo mi ne ta ri so vu pe da gi ho ze ba lu fe ni co ra te")

// syntheticText is words random words from a vocabulary of 8000 made-up words.
func syntheticText(rng *rand.Rand, words int) string {
	var sb strings.Builder
	for w := range words {
		if w > 0 {
			if w%12 == 0 {
				sb.WriteString(". ")
			} else {
				sb.WriteByte(' ')
			}
		}
		k := rng.IntN(8000)
		sb.WriteString(syllables[k%20])
		sb.WriteString(syllables[(k/20)%20])
		sb.WriteString(syllables[(k/400)%20])
	}
	sb.WriteByte('.')
	return sb.String()
}

// cpuTime is the CPU time (user + system) this process has used, in ns.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// ioWriteBytes is write_bytes of /proc/self/io (0 where unavailable).
func ioWriteBytes() int64 {
	data, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "write_bytes: "); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return n
		}
	}
	return 0
}
