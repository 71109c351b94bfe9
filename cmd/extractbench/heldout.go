package main

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The held-out check: readeck's module ships Mozilla Readability's test
// corpus (test-pages/*/source.html with Readability.js's expected.html).
// None is committed or special-cased, and recall lost there against plain
// readeck points at a generalisation bug; but about a dozen general rules
// were fixed after losses found here (some comments quote these pages), so
// the set is no longer strictly held out. expected.html includes
// captions and some boilerplate, so it is a noisy reference, not truth.

// heldoutPageURL is the address Readability's own tests give the pages.
const heldoutPageURL = "http://fakehost/test/page.html"

// heldoutResult is the score of one test page for ours and readeck.
type heldoutResult struct {
	name      string
	ours, rdk score
	oursErr   error
	rdkErr    error
}

// readeckDir returns the folder of the readeck module, "" when it is not
// in the module cache.
func readeckDir() string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "codeberg.org/readeck/go-readability/v2").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// runHeldout scores ours and readeck on dir/test-pages and lists the pages
// where our recall is lower than readeck's by more than minLoss.
func runHeldout(dir, only string, minLoss float64, verbose, require bool, stdout io.Writer) error {
	if dir == "" {
		dir = readeckDir()
	}
	cases, _ := filepath.Glob(filepath.Join(dir, "test-pages", "*", "expected.html"))
	if dir == "" || len(cases) == 0 {
		if require {
			return fmt.Errorf("%w: held-out pages not found in %q and -require is set", errNoData, dir)
		}
		fmt.Fprintf(stdout, "held-out pages not found in %q, skipping\n", dir)
		return nil
	}
	sort.Strings(cases)
	u, _ := url.Parse(heldoutPageURL)
	var results []heldoutResult
	for _, exp := range cases {
		caseDir := filepath.Dir(exp)
		name := filepath.Base(caseDir)
		if only != "" && !strings.HasPrefix(name, only) {
			continue
		}
		src, err := os.ReadFile(filepath.Join(caseDir, "source.html"))
		if err != nil {
			continue
		}
		want, err := os.ReadFile(exp)
		if err != nil {
			continue
		}
		truth := htmlText(want)
		r := heldoutResult{name: name}
		var ours, rdk string
		ours, r.oursErr = extractBody(src, u, false)
		rdk, r.rdkErr = extractBody(src, u, true)
		r.ours = scoreText(truth, ours)
		r.rdk = scoreText(truth, rdk)
		results = append(results, r)
		if only != "" {
			fmt.Fprintf(stdout, "== %s ours P %.3f R %.3f err=%v | readeck P %.3f R %.3f\n", name,
				r.ours.precision(), r.ours.recall(), r.oursErr, r.rdk.precision(), r.rdk.recall())
			fmt.Fprintf(stdout, "-- missed by ours (in expected, not in ours):\n%s\n", missedText(truth, ours))
			fmt.Fprintf(stdout, "-- extra in ours (not in expected):\n%s\n", missedText(ours, truth))
			if verbose {
				fmt.Fprintf(stdout, "-- ours:\n%s\n", ours)
			}
		}
	}
	var o, k []score
	for _, r := range results {
		o = append(o, r.ours)
		k = append(k, r.rdk)
	}
	fmt.Fprintf(stdout, "held-out pages %d\n", len(results))
	fmt.Fprintf(stdout, "readeck F1 %s\n", aggregate(k))
	fmt.Fprintf(stdout, "ours    F1 %s\n", aggregate(o))
	sort.SliceStable(results, func(i, j int) bool {
		return results[i].ours.recall()-results[i].rdk.recall() < results[j].ours.recall()-results[j].rdk.recall()
	})
	fmt.Fprintf(stdout, "pages where our recall is lower than readeck's by more than %.2f:\n", minLoss)
	for _, r := range results {
		loss := r.rdk.recall() - r.ours.recall()
		if loss <= minLoss {
			break
		}
		fmt.Fprintf(stdout, "  %-45s R ours %.3f readeck %.3f  P ours %.3f readeck %.3f", r.name,
			r.ours.recall(), r.rdk.recall(), r.ours.precision(), r.rdk.precision())
		if r.oursErr != nil {
			fmt.Fprintf(stdout, "  (%v)", r.oursErr)
		}
		fmt.Fprintln(stdout)
	}
	return nil
}

// score counts the word 4-gram multiset overlap of one page, as the
// benchmark's score script does.
type score struct{ matched, extra, missed int }

func (s score) hasPrediction() bool { return s.matched+s.extra > 0 }
func (s score) hasTruth() bool      { return s.matched+s.missed > 0 }

func (s score) precision() float64 {
	if s.extra == 0 && s.missed == 0 {
		return 1
	}
	if s.matched+s.extra == 0 {
		return 0
	}
	return float64(s.matched) / float64(s.matched+s.extra)
}

func (s score) recall() float64 {
	if s.extra == 0 && s.missed == 0 {
		return 1
	}
	if s.matched+s.missed == 0 {
		return 0
	}
	return float64(s.matched) / float64(s.matched+s.missed)
}

// aggregate formats F1 of the mean P (over pages that predicted
// something) and mean R (over pages whose truth has something).
func aggregate(ss []score) string {
	var p, r float64
	var np, nr int
	for _, s := range ss {
		if s.hasPrediction() {
			p += s.precision()
			np++
		}
		if s.hasTruth() {
			r += s.recall()
			nr++
		}
	}
	if np > 0 {
		p /= float64(np)
	}
	if nr > 0 {
		r /= float64(nr)
	}
	f := 0.0
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return fmt.Sprintf("%.3f P %.3f R %.3f", f, p, r)
}

// words splits s into maximal runs of word characters (Python's \w+:
// letters, digits, numbers and the underscore), case kept.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_')
	})
}

// shingles is the multiset of word 4-grams of ws; 1 to 3 words make one
// short shingle.
func shingles(ws []string) map[string]int {
	m := make(map[string]int)
	if len(ws) == 0 {
		return m
	}
	if len(ws) <= 4 {
		m[strings.Join(ws, "\x00")]++
		return m
	}
	for i := 0; i+4 <= len(ws); i++ {
		m[strings.Join(ws[i:i+4], "\x00")]++
	}
	return m
}

func scoreText(truth, pred string) score {
	tb, pb := shingles(words(truth)), shingles(words(pred))
	var s score
	for k, n := range pb {
		m := min(n, tb[k])
		s.matched += m
		s.extra += n - m
	}
	for k, n := range tb {
		s.missed += max(0, n-pb[k])
	}
	return s
}

// missedText returns the runs of truth words whose shingles pred lacks,
// one run a line, for reading why recall was lost.
func missedText(truth, pred string) string {
	tw := words(truth)
	pb := shingles(words(pred))
	var b strings.Builder
	in := false
	for i := 0; i+4 <= len(tw); i++ {
		k := strings.Join(tw[i:i+4], "\x00")
		if pb[k] > 0 {
			pb[k]--
			if in {
				b.WriteString("\n")
				in = false
			}
			continue
		}
		if !in {
			b.WriteString(strings.Join(tw[i:i+3], " "))
			in = true
		}
		b.WriteString(" " + tw[i+3])
	}
	return b.String()
}

// htmlText renders the text of an HTML fragment with a line break at
// every block boundary, so that words of adjacent blocks never join.
func htmlText(data []byte) string {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return ""
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				return
			}
		}
		inline := n.Type == html.ElementNode && inlineAtoms[n.DataAtom]
		if !inline {
			b.WriteString("\n")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if !inline {
			b.WriteString("\n")
		}
	}
	walk(doc)
	return b.String()
}

var inlineAtoms = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.B: true, atom.Bdi: true, atom.Bdo: true, atom.Cite: true,
	atom.Code: true, atom.Data: true, atom.Dfn: true, atom.Em: true, atom.Font: true, atom.I: true,
	atom.Kbd: true, atom.Mark: true, atom.Q: true, atom.S: true, atom.Samp: true, atom.Small: true,
	atom.Span: true, atom.Strike: true, atom.Strong: true, atom.Sub: true, atom.Sup: true,
	atom.Time: true, atom.Tt: true, atom.U: true, atom.Var: true, atom.Wbr: true, atom.Big: true,
}
