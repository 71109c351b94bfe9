package store

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"newscrawl/store/dedup"
)

var (
	update    = flag.Bool("update", false, "rewrite generated test data (testdata/dedup/eval.jsonl.gz)")
	truthPath = flag.String("truth", "../../shared/bench/extraction/truth.json", "truth.json of the extraction benchmark, read by -update")
)

const evalFile = "../testdata/dedup/eval.jsonl.gz"

// evalRecord is one article of the dedup evaluation set.
type evalRecord struct {
	URL    string `json:"url"`
	Source string `json:"source"`
	Title  string `json:"title"`
	Text   string `json:"text"`
	// Kind: original, exact, byline, edited, wire_intro, independent,
	// brief, brief_exact, brief_near, template, update.
	Kind string `json:"kind"`
	// Group: records of one group are copies of each other; the first one
	// saved is the group's root and every later one must point at it.
	// "" = the record is a duplicate of nothing.
	Group string `json:"group,omitempty"`
	// Event: two independent records about one event share it (never duplicates).
	Event string `json:"event,omitempty"`
	// Phase: saved in order of phase (0: originals, 1: copies and the rest,
	// 2: later updates of an earlier URL); shuffled within a phase.
	Phase int `json:"phase"`
	// Edit is the fraction of sentences edited, added or removed (edited only).
	Edit float64 `json:"edit,omitempty"`
}

// TestGenerateDedupEval rewrites testdata/dedup/eval.jsonl.gz from the
// extraction benchmark's truths when run with -update; otherwise it checks
// the file is there and well formed.
func TestGenerateDedupEval(t *testing.T) {
	if !*update {
		recs := loadEval(t)
		if len(recs) < 500 {
			t.Errorf("%d records, want ≥ 500", len(recs))
		}
		return
	}
	data, err := os.ReadFile(*truthPath)
	if err != nil {
		t.Fatalf("read truths (-truth): %v", err)
	}
	var truths map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(data, &truths); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, len(truths))
	for id, tr := range truths {
		if len(dedup.Tokens(tr.ArticleBody)) >= 120 {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	rng := rand.New(rand.NewPCG(2026, 5))
	rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })

	texts := make([]string, len(ids))
	hosts := make([]string, len(ids))
	for i, id := range ids {
		texts[i] = truncateWords(truths[id].ArticleBody, 450)
		if u, err := url.Parse(truths[id].URL); err == nil {
			hosts[i] = u.Hostname()
		}
	}
	const holdout = 40 // truths kept for independent same-event pairs
	g := &evalGen{rng: rng, pool: texts}
	var recs []evalRecord
	for i := holdout; i < len(ids); i++ {
		recs = append(recs, g.family(i-holdout, texts[i])...)
	}
	// independent articles about one event: two different truths that
	// share two quoted sentences of a third and a common dateline
	for p := 0; p+2 < holdout; p += 3 {
		quote := sentences(texts[p+2])
		shared := strings.Join(quote[:min(2, len(quote))], " ")
		event := fmt.Sprintf("e%02d", p/3)
		for k, src := range []int{p, p + 1} {
			paras := strings.Split(texts[src], "\n\n")
			at := min(1, len(paras))
			paras = append(paras[:at], append([]string{"In a statement, officials said: \u201c" + shared + "\u201d"}, paras[at:]...)...)
			recs = append(recs, evalRecord{
				URL:    fmt.Sprintf("https://outlet%d.example/%s/story", k+1, event),
				Source: fmt.Sprintf("outlet%d", k+1), Title: titleOf(texts[src]),
				Text: strings.Join(paras, "\n\n"), Kind: "independent", Event: event, Phase: 1,
			})
		}
	}
	// one site's briefs share its footer: never duplicates of each other;
	// a one-word change is not matched (short), an exact copy is
	for b := range 30 {
		src := texts[holdout+b]
		words := strings.Fields(src)
		body := strings.Join(words[:min(len(words), 35+b%10)], " ")
		footer := "Follow Town Daily on social media for more local news. Sign up for our morning newsletter."
		text := body + "\n\n" + footer
		group := fmt.Sprintf("brief%02d", b)
		recs = append(recs, evalRecord{URL: fmt.Sprintf("https://towndaily.example/briefs/%d", b), Source: "towndaily",
			Title: titleOf(src), Text: text, Kind: "brief", Group: group, Phase: 0})
		if b%3 == 0 {
			recs = append(recs, evalRecord{URL: fmt.Sprintf("https://aggregator.example/briefs/%d", b), Source: "aggregator",
				Title: titleOf(src), Text: text, Kind: "brief_exact", Group: group, Phase: 1})
		}
		if b%3 == 1 {
			w := strings.Fields(body)
			w[len(w)/2] = "notably"
			recs = append(recs, evalRecord{URL: fmt.Sprintf("https://aggregator.example/briefs/near-%d", b), Source: "aggregator",
				Title: titleOf(src), Text: strings.Join(w, " ") + "\n\n" + footer, Kind: "brief_near", Phase: 1})
		}
	}
	// one site's articles whose extracted text kept the site's long
	// footer: the footer is most of each text, yet they are different
	// articles (same source: the stricter threshold applies)
	footer := strings.Join([]string{
		"About the Valley Courier: the Courier has served the valley since 1921 and is owned by its readers through a community trust.",
		"Our newsroom follows the code of ethics of the regional press council; corrections are published on this page and in the next print edition.",
		"To report an error, write to the standards editor, whose name and address are listed on our contact page, or call the newsroom during office hours.",
		"Letters to the editor must carry the writer's full name and town; we do not publish anonymous letters and may shorten letters for space.",
		"Subscribers can read every article on any device, receive the morning newsletter, and join our monthly community meetings at the public library.",
		"Advertising in the Courier supports local journalism; advertisers have no influence on what our reporters cover or how they cover it.",
		"Photographs in this article may not be reproduced without permission; prints can be ordered from our online photo store.",
		"The Courier is a member of the regional news cooperative and shares some stories with partner newspapers across the state.",
	}, " ")
	// bodies: words of long truths past the part kept in texts, so no other
	// record contains them
	var tails [][]string
	for _, id := range ids {
		if w := strings.Fields(truths[id].ArticleBody); len(w) >= 700 {
			tails = append(tails, w[560:])
		}
	}
	for k := range min(20, len(tails)) {
		words := tails[k]
		body := strings.Join(words[:min(len(words), 70+2*k)], " ")
		recs = append(recs, evalRecord{URL: fmt.Sprintf("https://valleycourier.example/news/%d", k), Source: "valleycourier",
			Title: titleOf(body), Text: body + "\n\n" + footer, Kind: "template", Phase: 1})
	}
	_ = hosts

	if err := os.MkdirAll("../testdata/dedup", 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(evalFile)
	if err != nil {
		t.Fatal(err)
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	enc := json.NewEncoder(zw)
	enc.SetEscapeHTML(false)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, r := range recs {
		kinds[r.Kind]++
	}
	t.Logf("wrote %d records to %s: %v", len(recs), evalFile, kinds)
}

func loadEval(t testing.TB) []evalRecord {
	t.Helper()
	f, err := os.Open(evalFile)
	if err != nil {
		t.Fatalf("%v (generate with: go test -tags sqlite_fts5 ./store -run TestGenerateDedupEval -update)", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var recs []evalRecord
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var r evalRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("record %d: %v", len(recs)+1, err)
		}
		recs = append(recs, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return recs
}

type evalGen struct {
	rng  *rand.Rand
	pool []string // texts to borrow sentences and words from
}

var (
	sites    = []string{"dailyherald", "metronews", "coastpost", "valleytimes", "capitalwire", "northstar", "eveningstar", "harbourgazette"}
	bylines  = []string{"By Maria Lopez", "By James O'Connor and Aiko Tanaka", "By Staff Reporter", "By Priya Nair, Associated Press", "From wire reports"}
	cities   = []string{"LONDON", "NEW YORK", "SAO PAULO", "TOKYO", "NAIROBI", "BERLIN", "TORONTO", "SEOUL"}
	agencies = []string{"Reuters", "AP", "AFP", "dpa", "Bloomberg"}
)

// family is an original and its copies: exact, new headline/byline/dateline,
// two with 5–15% of sentences edited, added or removed, one wire copy with
// a site's own intro, and for some a later update of the original's URL.
func (g *evalGen) family(n int, text string) []evalRecord {
	group := fmt.Sprintf("g%03d", n)
	wire := fmt.Sprintf("https://wire.example/%03d/%s", n, slug(text))
	site := func(k int) string { return sites[(n+k)%len(sites)] }
	recs := []evalRecord{{URL: wire, Source: "wire", Title: titleOf(text), Text: text, Kind: "original", Group: group, Phase: 0}}
	add := func(k int, kind, body string, edit float64) {
		recs = append(recs, evalRecord{
			URL:    fmt.Sprintf("https://%s.example/%s/%03d-%s", site(k), kind, n, slug(text)),
			Source: site(k), Title: titleOf(text), Text: body, Kind: kind, Group: group, Phase: 1, Edit: edit,
		})
	}
	add(0, "exact", text, 0)
	r := recs[len(recs)-1]
	r.Title = "Breaking: " + r.Title
	recs[len(recs)-1] = r
	dateline := fmt.Sprintf("%s\n\n%s, %s %d (%s) - ", bylines[g.rng.IntN(len(bylines))], cities[g.rng.IntN(len(cities))],
		[]string{"Jan", "March", "June", "Oct"}[g.rng.IntN(4)], 1+g.rng.IntN(28), agencies[g.rng.IntN(len(agencies))])
	add(1, "byline", dateline+text+"\n\n(Reporting by Staff; editing by Desk)", 0)
	for k := range 2 {
		frac := 0.05 + 0.10*g.rng.Float64()
		add(2+k, "edited", g.edit(text, frac), frac)
	}
	add(4, "wire_intro", g.intro(site(4))+"\n\n"+text, 0)
	if n%5 == 0 {
		recs = append(recs, evalRecord{URL: wire, Source: "wire", Title: "Updated: " + titleOf(text),
			Text: g.edit(text, 0.05) + "\n\nThis story has been updated with new information.", Kind: "update", Group: group, Phase: 2})
	}
	return recs
}

// edit changes round(frac × sentences) sentences (at least one): each is
// reworded (a few words replaced), removed, or followed by a new sentence.
func (g *evalGen) edit(text string, frac float64) string {
	paras := strings.Split(text, "\n\n")
	type pos struct{ p, s int }
	var all []pos
	sents := make([][]string, len(paras))
	for i, p := range paras {
		sents[i] = sentences(p)
		for j := range sents[i] {
			all = append(all, pos{i, j})
		}
	}
	k := max(1, int(frac*float64(len(all))+0.5))
	g.rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	for _, at := range all[:k] {
		s := sents[at.p][at.s]
		switch g.rng.IntN(3) {
		case 0: // reword
			w := strings.Fields(s)
			for range max(2, len(w)/6) {
				w[g.rng.IntN(len(w))] = g.word()
			}
			sents[at.p][at.s] = strings.Join(w, " ")
		case 1: // remove
			sents[at.p][at.s] = ""
		default: // add a sentence after it
			sents[at.p][at.s] = s + " " + g.sentence()
		}
	}
	var out []string
	for _, ss := range sents {
		var keep []string
		for _, s := range ss {
			if s != "" {
				keep = append(keep, s)
			}
		}
		if len(keep) > 0 {
			out = append(out, strings.Join(keep, " "))
		}
	}
	return strings.Join(out, "\n\n")
}

func (g *evalGen) word() string {
	w := strings.Fields(g.pool[g.rng.IntN(len(g.pool))])
	return w[g.rng.IntN(len(w))]
}

func (g *evalGen) sentence() string {
	s := sentences(g.pool[g.rng.IntN(len(g.pool))])
	return s[g.rng.IntN(len(s))]
}

// intro is a site's own lead paragraph put before a wire story.
func (g *evalGen) intro(site string) string {
	openers := []string{
		"Readers in our area have been asking about this story all week, and here is what we know so far.",
		"The news below comes from our wire partners; our own reporters are following the local angle.",
		"This report is part of our daily round-up of the stories people in the region are talking about.",
	}
	return fmt.Sprintf("%s %s editors note that the details may change as more information becomes available. We will update this page when we learn more.",
		openers[g.rng.IntN(len(openers))], strings.ToUpper(site[:1])+site[1:])
}

// sentences splits a paragraph after ., !, ?, 。, ！ or ？.
func sentences(p string) []string {
	var out []string
	start := 0
	for i, r := range p {
		end := i + utf8.RuneLen(r)
		switch r {
		case '。', '！', '？':
		case '.', '!', '?':
			if end < len(p) && p[end] != ' ' && p[end] != '\n' {
				continue
			}
		default:
			continue
		}
		if s := strings.TrimSpace(p[start:end]); s != "" {
			out = append(out, s)
		}
		start = end
	}
	if s := strings.TrimSpace(p[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

func truncateWords(text string, limit int) string {
	paras := strings.Split(strings.TrimSpace(text), "\n\n")
	var out []string
	n := 0
	for _, p := range paras {
		if n >= limit && len(out) > 0 {
			break
		}
		out = append(out, strings.TrimSpace(p))
		n += len(dedup.Tokens(p))
	}
	return strings.Join(out, "\n\n")
}

func titleOf(text string) string {
	w := strings.Fields(text)
	return strings.Join(w[:min(8, len(w))], " ")
}

func slug(text string) string {
	toks := dedup.Tokens(text)
	var parts []string
	for _, t := range toks[:min(4, len(toks))] {
		parts = append(parts, url.PathEscape(t))
	}
	return strings.Join(parts, "-")
}
