package store

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestSearch(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	a := article("https://a.example/volcano", "A volcano erupted near the coast on Sunday. Villagers were evacuated by boat.")
	a.Title = "Volcano erupts"
	b := article("https://b.example/harbour", "The harbour reopened after the storm. Boat owners counted the damage; one volcano expert said little.")
	c := article("https://c.example/recipes", "Five recipes for a quick dinner with beans and rice.")
	ida, idb := mustSave(t, db, a).ID, mustSave(t, db, b).ID
	mustSave(t, db, c)

	hits, err := db.Search(ctx, "volcano", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 2 || hits[0].ID != ida || hits[1].ID != idb {
		t.Fatalf("hits = %+v, want %d (title match) then %d", hits, ida, idb)
	}
	if !strings.Contains(hits[0].Snippet, "[volcano]") || hits[0].Title != "Volcano erupts" || hits[0].URL != a.URL {
		t.Errorf("hit = %+v, want snippet with [volcano]", hits[0])
	}
	if hits[0].Rank > hits[1].Rank {
		t.Errorf("ranks not ascending: %v, %v", hits[0].Rank, hits[1].Rank)
	}

	tests := []struct {
		name  string
		query string
		want  int
	}{
		{"fts syntax AND", "boat AND storm", 1},
		{"fts phrase", `"quick dinner"`, 1},
		{"prefix", "recip*", 1},
		{"diacritics folded", "vólcano", 2},
		{"unbalanced quote quoted safely", `"volcano`, 2},
		{"stray operator quoted safely", "volcano AND", 2},
		{"column filter syntax quoted safely", "nosuchcolumn: boat", 0},
		{"parentheses", "(boat", 2},
		{"no match", "zebra", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := db.Search(ctx, tt.query, 10)
			if err != nil {
				t.Fatalf("Search(%q): %v", tt.query, err)
			}
			if len(hits) != tt.want {
				t.Errorf("Search(%q) = %d hits, want %d", tt.query, len(hits), tt.want)
			}
		})
	}
	for _, q := range []string{"", "   ", `"""`} {
		if _, err := db.Search(ctx, q, 10); !errors.Is(err, ErrBadQuery) {
			t.Errorf("Search(%q): err = %v, want ErrBadQuery", q, err)
		}
	}
	if hits, _ := db.Search(ctx, "boat", 1); len(hits) != 1 {
		t.Errorf("limit 1 gave %d hits", len(hits))
	}
}

func TestExportCursor(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var ids []int64
	for i := range 7 {
		a := article("https://a.example/"+string(rune('a'+i)), longText("exports", 10+i, 20))
		a.FetchedAt = t0.Add(time.Duration(i) * time.Hour)
		a.Source = []string{"alpha", "beta"}[i%2]
		a.Aliases = []string{a.URL + "?utm_source=feed"}
		ids = append(ids, mustSave(t, db, a).ID)
	}
	dup := article("https://copy.example/x", longText("exports", 10, 20)) // copy of the first
	dup.FetchedAt = t0.Add(10 * time.Hour)
	dupID := mustSave(t, db, dup).ID

	collect := func(f ExportFilter) []ExportRow {
		t.Helper()
		var rows []ExportRow
		if err := db.Export(ctx, f, func(r ExportRow) error { rows = append(rows, r); return nil }); err != nil {
			t.Fatal(err)
		}
		return rows
	}
	all := collect(ExportFilter{})
	if len(all) != 8 {
		t.Fatalf("export all: %d rows, want 8", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i].ID <= all[i-1].ID {
			t.Errorf("not in id order: %d after %d", all[i].ID, all[i-1].ID)
		}
	}
	if r := all[0]; r.Text == "" || r.ContentHash == "" || len(r.Aliases) != 1 || r.Aliases[0] != r.URL+"?utm_source=feed" || r.WordCount == 0 {
		t.Errorf("row 0 = %+v", r)
	}
	if all[7].DuplicateOf != ids[0] {
		t.Errorf("copy exported with duplicate_of %d, want %d", all[7].DuplicateOf, ids[0])
	}

	// poll with a cursor: every row exactly once
	var seen []int64
	cursor := int64(0)
	for _, batch := range []int{3, 5} {
		_ = batch
		rows := collect(ExportFilter{SinceID: cursor})
		for _, r := range rows {
			seen = append(seen, r.ID)
			cursor = r.ID
		}
		// a new article arrives between polls
		a := article("https://late.example/"+time.Duration(batch).String(), longText("late", 40+batch, 20))
		mustSave(t, db, a)
	}
	rows := collect(ExportFilter{SinceID: cursor})
	for _, r := range rows {
		seen = append(seen, r.ID)
	}
	if len(seen) != 10 {
		t.Errorf("cursor polling saw %d rows, want 10: %v", len(seen), seen)
	}
	uniq := map[int64]bool{}
	for _, id := range seen {
		if uniq[id] {
			t.Errorf("id %d seen twice", id)
		}
		uniq[id] = true
	}

	if got := collect(ExportFilter{Unique: true}); len(got) != 9 {
		t.Errorf("unique export: %d rows, want 9", len(got))
	}
	for _, r := range collect(ExportFilter{Unique: true}) {
		if r.ID == dupID {
			t.Errorf("unique export contains the duplicate %d", dupID)
		}
	}
	if got := collect(ExportFilter{Source: "beta"}); len(got) != 3 {
		t.Errorf("source beta: %d rows, want 3", len(got))
	}
	if got := collect(ExportFilter{SinceTime: t0.Add(5 * time.Hour), Source: "alpha"}); len(got) != 1 || got[0].ID != ids[6] {
		t.Errorf("since time: %+v", got)
	}

	stop := errors.New("stop")
	n := 0
	if err := db.Export(ctx, ExportFilter{}, func(ExportRow) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("callback error: err=%v after %d rows", err, n)
	}

	js, err := json.Marshal(all[0])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal(js, &m)
	for _, k := range []string{"id", "url", "source", "title", "text", "fetched_at", "content_hash", "simhash", "word_count"} {
		if m[k] == nil {
			t.Errorf("JSON lacks %q: %s", k, js)
		}
	}
	if v, ok := m["published_at"]; !ok || v != nil {
		t.Errorf("published_at = %v, want null", v)
	}
	if m["fetched_at"] != "2025-01-01T00:00:00Z" {
		t.Errorf("fetched_at = %v", m["fetched_at"])
	}
}

// TestExportPaging crosses the page size so the cursor between pages is exercised.
func TestExportPaging(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	tx, err := db.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := range exportPage*2 + 7 {
		if _, err := tx.Exec(`INSERT INTO articles(url, fetched_at, text, content_hash) VALUES (?, '2025-01-01T00:00:00Z', 't', 'h')`,
			"https://p.example/"+strings.Repeat("x", i%3)+time.Duration(i).String()); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	n, last := 0, int64(0)
	err = db.Export(ctx, ExportFilter{}, func(r ExportRow) error {
		if r.ID <= last {
			t.Fatalf("id %d after %d", r.ID, last)
		}
		n, last = n+1, r.ID
		return nil
	})
	if err != nil || n != exportPage*2+7 {
		t.Errorf("exported %d rows, err %v; want %d", n, err, exportPage*2+7)
	}
}

func TestStats(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	now := time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	save := func(url, source, text string, fetched time.Time) {
		a := article(url, text)
		a.Source, a.FetchedAt = source, fetched
		mustSave(t, db, a)
	}
	save("https://a.example/1", "alpha", longText("one", 1, 20), now)
	save("https://a.example/2", "alpha", longText("two", 2, 20), now.AddDate(0, 0, -1))
	save("https://b.example/1", "beta", longText("one", 1, 20), now) // duplicate of a/1
	save("https://c.example/1", "", longText("three", 3, 20), now.AddDate(0, 0, -30))
	if _, err := db.StartRun(ctx, "gamma"); err != nil {
		t.Fatal(err)
	}

	st, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 4 || st.Unique != 3 || st.Duplicates != 1 {
		t.Errorf("totals = %d/%d/%d, want 4/3/1", st.Articles, st.Unique, st.Duplicates)
	}
	want := []SourceStats{{Source: ""}, {Source: "alpha"}, {Source: "beta"}, {Source: "gamma"}}
	want[0].Articles, want[0].Unique = 1, 1
	want[1].Articles, want[1].Unique = 2, 2
	want[2].Articles, want[2].Duplicates = 1, 1
	if len(st.Sources) != len(want) {
		t.Fatalf("Sources = %+v", st.Sources)
	}
	for i, w := range want {
		g := st.Sources[i]
		if g.Source != w.Source || g.Articles != w.Articles || g.Unique != w.Unique || g.Duplicates != w.Duplicates {
			t.Errorf("Sources[%d] = %+v, want %+v", i, g, w)
		}
	}
	if st.Sources[3].LastRun == nil || st.LastRun == nil || st.LastRun.Source != "gamma" || !st.LastRun.FinishedAt.IsZero() {
		t.Errorf("LastRun = %+v", st.LastRun)
	}
	if len(st.PerDay) != 14 || st.PerDay[13].Day != "2025-06-15" || st.PerDay[13].Articles != 2 ||
		st.PerDay[12].Articles != 1 || st.PerDay[0].Day != "2025-06-02" {
		t.Errorf("PerDay = %+v", st.PerDay)
	}
	var total int64
	for _, d := range st.PerDay {
		total += d.Articles
	}
	if total != 3 {
		t.Errorf("PerDay counts %d articles, want 3 (the 30-day-old one is outside)", total)
	}
	if st.LastFailure != nil || len(st.RecentFailures) != 0 {
		t.Errorf("failures on a db without any: %+v", st.RecentFailures)
	}

	ro, err := OpenReadOnly(ctx, db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	ro.Now = db.Now
	st2, err := ro.Stats(ctx)
	if err != nil || st2.Articles != 4 {
		t.Errorf("read-only Stats = %d articles, %v", st2.Articles, err)
	}
}
