package store

import (
	"context"
	"math/rand/v2"
	"sort"
	"testing"
	"time"
)

// TestDedupEvaluation saves the evaluation set of testdata/dedup (built from
// real article text by TestGenerateDedupEval) and measures duplicate_of
// against the truth: precision, recall, and false duplicates between
// independent articles.
func TestDedupEvaluation(t *testing.T) {
	recs := loadEval(t)
	ctx := context.Background()
	db := newTestDB(t)
	// Merge the near-duplicate buffer every 64 articles (the default is
	// 1,024, more than the set): copies meet originals in both levels.
	db.near.limit = limitTo(64)

	order := make([]int, len(recs))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(7, 11))
	rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	sort.SliceStable(order, func(i, j int) bool { return recs[order[i]].Phase < recs[order[j]].Phase })

	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	ids := make([]int64, len(recs))
	root := map[string]int64{} // group → id of its first saved record
	for k, i := range order {
		r := recs[i]
		s, err := db.SaveArticle(ctx, Article{URL: r.URL, Source: r.Source, Title: r.Title, Text: r.Text,
			FetchedAt: t0.Add(time.Duration(k) * time.Minute)})
		if err != nil {
			t.Fatalf("save %s: %v", r.URL, err)
		}
		ids[i] = s.ID
		if r.Kind == "update" {
			if s.Status != Updated {
				t.Errorf("update of %s: status %v, want updated", r.URL, s.Status)
			}
			continue
		}
		if s.Status != New {
			t.Errorf("%s %s: status %v, want new", r.Kind, r.URL, s.Status)
		}
		if r.Group != "" && root[r.Group] == 0 {
			root[r.Group] = s.ID
		}
	}

	if gen, _, _ := state(t, db); gen < len(recs)/64-1 {
		t.Errorf("the buffer was merged %d times, want about %d", gen, len(recs)/64)
	}

	var tp, fp, fn, falseIndependent int
	perKind := map[string][2]int{} // kind → {correct, total} for records that should point somewhere
	for i, r := range recs {
		if r.Kind == "update" {
			continue
		}
		var got int64
		if err := db.db.QueryRowContext(ctx, `SELECT coalesce(duplicate_of, 0) FROM articles WHERE id = ?`, ids[i]).Scan(&got); err != nil {
			t.Fatal(err)
		}
		var want int64
		if r.Group != "" && root[r.Group] != ids[i] {
			want = root[r.Group]
		}
		switch {
		case want != 0 && got == want:
			tp++
		case want != 0:
			fn++
			if got != 0 {
				fp++
			}
			t.Logf("missed: %s %s (edit %.2f): duplicate_of %d, want %d", r.Kind, r.URL, r.Edit, got, want)
		case got != 0:
			fp++
			t.Logf("false duplicate: %s %s → %d", r.Kind, r.URL, got)
			if r.Kind == "independent" || r.Kind == "original" || r.Kind == "brief" || r.Kind == "template" {
				falseIndependent++
			}
		}
		if want != 0 {
			c := perKind[r.Kind]
			c[1]++
			if got == want {
				c[0]++
			}
			perKind[r.Kind] = c
		}
	}
	// an update keeps its id
	for i, r := range recs {
		if r.Kind != "update" {
			continue
		}
		for j, o := range recs {
			if o.Kind == "original" && o.URL == r.URL && ids[j] != ids[i] {
				t.Errorf("update of %s got id %d, original had %d", r.URL, ids[i], ids[j])
			}
		}
	}
	precision := float64(tp) / float64(max(1, tp+fp))
	recall := float64(tp) / float64(max(1, tp+fn))
	t.Logf("dedup evaluation: %d records, %d duplicates expected; TP %d FP %d FN %d; precision %.4f recall %.4f; false duplicates between independent articles: %d",
		len(recs), tp+fn, tp, fp, fn, precision, recall, falseIndependent)
	kinds := make([]string, 0, len(perKind))
	for k := range perKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		t.Logf("  %-12s %d/%d found", k, perKind[k][0], perKind[k][1])
	}
	if precision < 0.99 {
		t.Errorf("precision %.4f < 0.99", precision)
	}
	if recall < 0.95 {
		t.Errorf("recall %.4f < 0.95", recall)
	}
	if falseIndependent > 0 {
		t.Errorf("%d false duplicates between independent articles", falseIndependent)
	}
}
