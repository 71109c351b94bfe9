package readability

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestNoArticle(t *testing.T) {
	var links strings.Builder
	for i := range 40 {
		fmt.Fprintf(&links, `<li><a href="/story/%d">Headline number %d about the city council and its budget</a></li>`, i, i)
	}
	tests := map[string]string{
		"empty html":    `<html><head><title>x</title></head><body></body></html>`,
		"page of links": `<html><body><ul>` + links.String() + `</ul></body></html>`,
		"tiny text":     `<html><body><p>Hello.</p></body></html>`,
		"only boilerplate": `<html><body><div class="share">Share on Facebook</div><div class="newsletter">Sign up for our newsletter</div>` +
			`<footer>© 2024 Example</footer></body></html>`,
	}
	for name, page := range tests {
		t.Run(name, func(t *testing.T) {
			a, err := Extract(strings.NewReader(page), nil, "text/html")
			if !errors.Is(err, ErrNoArticle) || a != nil {
				t.Fatalf("Extract = %+v, %v; want ErrNoArticle", a, err)
			}
		})
	}
}

func TestIsArticlePage(t *testing.T) {
	long := strings.Repeat("The council voted to approve the plan after a long debate about its cost. ", 30)
	short := strings.Repeat("The council voted to approve the plan. ", 5)
	tests := []struct {
		name string
		a    Article
		want bool
	}{
		{"news article", Article{Type: "newsarticle", Text: long}, true},
		{"og article", Article{Type: "article", Text: short}, true},
		{"website type", Article{Type: "website", Text: long}, false},
		{"website type, dated prose", Article{Type: "website", Text: long, Published: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)}, true},
		{"collection page", Article{Type: "collectionpage", Text: long}, false},
		{"profile", Article{Type: "profile", Text: long}, false},
		{"no type, long text", Article{Text: long}, true},
		{"no type, short text", Article{Text: short}, false},
		{"article, too short", Article{Type: "article", Text: "Just a few words here."}, false},
		{"mostly links", Article{Type: "article", Text: long, linkShare: 0.7}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.IsArticlePage(); got != tt.want {
				t.Errorf("IsArticlePage = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMarkdownAndHTML(t *testing.T) {
	page := articleHTML(`<title>T</title>`,
		"The council voted to approve the <a href=\"/plan\">budget plan</a> after a long debate about its cost.",
		"<strong>Critics</strong> said the increase would hurt families already struggling with rent.")
	page = strings.Replace(page, "<article>", `<article><script>alert(1)</script><p onclick="x()" style="color:red" class="lead">`+
		"A first paragraph long enough to count as text in the article body of this page.</p><h2>Subhead</h2>", 1)
	a := extractString(t, page, "https://example.com/news/x")
	md := a.Markdown()
	for _, want := range []string{"## Subhead", "[budget plan](https://example.com/plan)", "**Critics**"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
	for _, bad := range []string{"<script", "onclick", "style=", "class=", "alert("} {
		if strings.Contains(a.HTML, bad) {
			t.Errorf("HTML keeps %q:\n%s", bad, a.HTML)
		}
	}
	if !strings.Contains(a.HTML, `href="https://example.com/plan"`) {
		t.Errorf("HTML link not absolute:\n%s", a.HTML)
	}
	if a.Excerpt == "" {
		t.Error("Excerpt is empty")
	}
	if (&Article{Text: "plain"}).Markdown() != "plain" {
		t.Error("Markdown without HTML should be the text")
	}
}

func TestTextParagraphs(t *testing.T) {
	a := extractString(t, articleHTML("", prose...), "")
	if got := strings.Count(a.Text, "\n\n"); got != len(prose)-1 {
		t.Errorf("want %d paragraph breaks, got %d:\n%s", len(prose)-1, got, a.Text)
	}
	if strings.Contains(a.Text, "\n\n\n") || strings.HasPrefix(a.Text, "\n") || strings.HasSuffix(a.Text, "\n") {
		t.Errorf("bad spacing: %q", a.Text)
	}
}

func TestShortPostLongComments(t *testing.T) {
	var comments strings.Builder
	for i := range 12 {
		fmt.Fprintf(&comments, `<li class="comment"><div class="comment-body"><p>Comment %d: I have thought about this a great deal, and honestly, I think the council got it wrong, because the numbers never added up, and everyone knew it.</p></div></li>`, i)
	}
	page := `<html><head><title>Open thread</title></head><body><div class="post"><h1>Open thread</h1><div class="entry-content"><p>Our open thread is a place to ask us anything about our research this month. We will answer as many questions as we can.</p><p>You can view last month's thread on the archive page.</p></div></div>` +
		`<div id="comments" class="comments-area"><h2>12 comments</h2><ol class="comment-list">` + comments.String() + `</ol></div></body></html>`
	a := extractString(t, page, "")
	if strings.Contains(a.Text, "Comment 3") {
		t.Errorf("comments taken as the article:\n%s", a.Text)
	}
	if !strings.Contains(a.Text, "ask us anything") {
		t.Errorf("post lost:\n%s", a.Text)
	}
}

func TestOverCleanedFallsBack(t *testing.T) {
	// A theme that gives every paragraph a class our rules read as a
	// widget ("entry-meta-text"): the text must survive.
	var b strings.Builder
	for i := range 12 {
		fmt.Fprintf(&b, `<p class="entry-meta-text">Paragraph %d of the story tells how the council voted on the budget after a long and heated debate about taxes.</p>`, i)
	}
	page := `<html><head><title>Budget vote</title></head><body><article>` + b.String() + `</article></body></html>`
	a := extractString(t, page, "")
	if !strings.Contains(a.Text, "Paragraph 11 of the story") || !strings.Contains(a.Text, "Paragraph 0 of the story") {
		t.Errorf("over-cleaned:\n%s", a.Text)
	}
}

func TestJSONLDArticleBodyForScriptPages(t *testing.T) {
	body := strings.Repeat("The council approved the budget after a long debate about taxes and roads. ", 10)
	ld := fmt.Sprintf(`{"@context":"https://schema.org","@type":"NewsArticle","headline":"Budget passes","articleBody":%q}`, body+"\n\nCritics said the increase would hurt families. "+body)
	page := `<html><head><title>Budget passes</title><script type="application/ld+json">` + ld + `</script></head><body><div id="app"><p>Loading…</p></div><script>render()</script></body></html>`
	a := extractString(t, page, "")
	if !strings.Contains(a.Text, "Critics said the increase") || strings.Count(a.Text, "\n\n") != 1 {
		t.Errorf("text from JSON-LD:\n%s", a.Text)
	}
	if !strings.HasPrefix(a.HTML, "<p>The council approved") {
		t.Errorf("HTML: %.80s", a.HTML)
	}
}

func TestTooComplex(t *testing.T) {
	page := "<html><body><article><p>" + strings.Repeat("A first paragraph with words. ", 10) + "</p>" +
		strings.Repeat("<p>Short line.</p>\n", MaxElements) + "</article></body></html>"
	a, err := Extract(strings.NewReader(page), nil, "text/html")
	if !errors.Is(err, ErrTooComplex) || a != nil {
		t.Fatalf("Extract = %v, %v; want ErrTooComplex", a, err)
	}
	// Tags inside a script count only in the cheap scan, not in the exact
	// count: a page with a big template in a script is still extracted.
	page = "<html><head><script>var t = '" + strings.Repeat("<div>x</div>", MaxElements) + "';</script></head><body><article><p>" +
		strings.Repeat("A paragraph of the story with enough words to count. ", 10) + "</p></article></body></html>"
	if _, err := Extract(strings.NewReader(page), nil, "text/html"); err != nil {
		t.Fatalf("page with tags in a script: %v", err)
	}
}

func TestNoControlCharacters(t *testing.T) {
	const esc = "\x1b[2J\x1b]0;pwned\x07\u009b31m"
	page := articleHTML(`<title>`+esc+`Escape title</title><meta name="author" content="Jane`+esc+` Doe">`,
		"Before the sequence "+esc+" after it, a paragraph long enough to be kept with the others.", prose[0], prose[1])
	a := extractString(t, page, "")
	for name, v := range map[string]string{"Title": a.Title, "Byline": a.Byline, "Text": a.Text, "Excerpt": a.Excerpt, "HTML": a.HTML} {
		if strings.ContainsAny(v, "\x1b\x07\u009b") {
			t.Errorf("%s keeps a control character: %q", name, v)
		}
	}
	if !strings.Contains(a.Title, "Escape title") {
		t.Errorf("Title = %q", a.Title)
	}
}
