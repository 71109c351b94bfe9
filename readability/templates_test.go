package readability

import (
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// sitePage is page i of one news site: its own story, a background
// paragraph and a sub-heading the site's stories share, and the site's
// template lines that the per-page rules keep (a promo link in the body,
// a sign-off line).
func sitePage(i int) string {
	return fmt.Sprintf(`<html><head><title>Story %d</title></head><body><article>
<p>Story %d: the harbour authority approved a dredging contract number %d on Tuesday, ending a dispute that had delayed shipping for months.</p>
<p><a href="/podcasts/morning-harbour">Morning Harbour, our daily news podcast</a></p>
<p>The contract %d covers the outer channel and the container berths, and work is due to start in the spring, the authority said.</p>
<p>The port handles about a third of the region's freight and employs some 4,000 people directly, according to the chamber of commerce.</p>
<h2>What happens next</h2>
<p>Story %d continues: the council will vote on the financing in two weeks, and opponents have promised to keep campaigning against it.</p>
<p><strong>Background</strong></p>
<p>Story %d background: the channel was last dredged in 2009, when the authority spent two years and most of its reserves on it.</p>
<p>Harbour Desk reporting from the quays</p>
</article></body></html>`, i, i, i, i, i, i)
}

func TestSiteTemplates(t *testing.T) {
	s := NewSiteTemplates()
	extract := func(host string, i int) string {
		t.Helper()
		u, _ := url.Parse(fmt.Sprintf("https://%s/news/%d", host, i))
		a, err := s.Extract(strings.NewReader(sitePage(i)), u, "text/html")
		if err != nil {
			t.Fatal(err)
		}
		return a.Text
	}
	const promo, signoff = "Morning Harbour, our daily news podcast", "Harbour Desk reporting"
	for i := 1; i <= 3; i++ {
		if got := extract("harbour.example", i); !strings.Contains(got, promo) || !strings.Contains(got, signoff) {
			t.Fatalf("page %d lost the template lines before they were on 3 other pages:\n%s", i, got)
		}
	}
	for i := 4; i <= 6; i++ {
		got := extract("harbour.example", i)
		for _, g := range []string{promo, signoff} {
			if strings.Contains(got, g) {
				t.Errorf("page %d: template line %q kept:\n%s", i, g, got)
			}
		}
		// The story's own text, the shared background paragraph and the
		// shared sub-heading over the story's own paragraph all stay.
		for _, k := range []string{fmt.Sprintf("Story %d: the harbour", i), fmt.Sprintf("The contract %d", i), "a third of the region's freight", "What happens next", fmt.Sprintf("Story %d continues", i), "Background", fmt.Sprintf("Story %d background", i)} {
			if !strings.Contains(got, k) {
				t.Errorf("page %d lost %q:\n%s", i, k, got)
			}
		}
	}
	// Another host has learned nothing.
	if got := extract("other.example", 9); !strings.Contains(got, promo) {
		t.Errorf("template leaked to another host:\n%s", got)
	}
	// Extracting a page again never makes its own text a template.
	for range 4 {
		if got := extract("again.example", 1); !strings.Contains(got, promo) {
			t.Fatalf("re-extracting a page removed its lines:\n%s", got)
		}
	}
}

// TestSiteTemplatesShareCap: when the recurring lines are a large part of
// a page, the page is a near-copy of others and nothing is removed.
func TestSiteTemplatesShareCap(t *testing.T) {
	s := NewSiteTemplates()
	page := func(i int) string {
		var b strings.Builder
		fmt.Fprintf(&b, `<html><body><article><p>Brief %d: the ferry to the islands is cancelled on Sunday because of the storm, the operator said.</p>`, i)
		for j := range 6 {
			fmt.Fprintf(&b, `<p><a href="/s/%d">Section link number %d of the harbour site</a></p><p>Another paragraph %d of text about the ferry.</p>`, j, j, j)
		}
		return b.String() + `</article></body></html>`
	}
	var got string
	for i := 1; i <= 5; i++ {
		u, _ := url.Parse(fmt.Sprintf("https://ferry.example/%d", i))
		a, err := s.Extract(strings.NewReader(page(i)), u, "")
		if err != nil {
			t.Fatal(err)
		}
		got = a.Text
	}
	if !strings.Contains(got, "Section link number 3") {
		t.Errorf("template lines over a fifth of the page were removed:\n%s", got)
	}
}

// TestSiteTemplatesListsGoWhole: ingredients that recur across the recipes
// of a site stay in each recipe; a list that recurs whole goes.
func TestSiteTemplatesListsGoWhole(t *testing.T) {
	s := NewSiteTemplates()
	page := func(i int) string {
		return fmt.Sprintf(`<html><body><article><p>Recipe %d: a quick weeknight dish that takes twenty minutes and uses what is already in the cupboard, with %d variations.</p>
<ul><li>2 large eggs</li><li>1 teaspoon of salt</li><li>%d grams of ingredient number %d</li></ul>
<p>Whisk everything together in recipe %d, pour it into a hot pan and cook until just set, then serve at once with bread.</p>
<ul><li>Jump to the method</li><li>Save to your favourites</li></ul>
<p>Leftovers of recipe %d keep for two days in the fridge, covered, and can be eaten cold or warmed through gently.</p></article></body></html>`, i, i, i*10, i, i, i)
	}
	var got string
	for i := 1; i <= 5; i++ {
		u, _ := url.Parse(fmt.Sprintf("https://recipes.example/%d", i))
		a, err := s.Extract(strings.NewReader(page(i)), u, "")
		if err != nil {
			t.Fatal(err)
		}
		got = a.Text
	}
	for _, k := range []string{"2 large eggs", "1 teaspoon of salt", "50 grams"} {
		if !strings.Contains(got, k) {
			t.Errorf("ingredient %q removed:\n%s", k, got)
		}
	}
	if strings.Contains(got, "Save to your favourites") {
		t.Errorf("list that recurs whole kept:\n%s", got)
	}
}

func TestSiteTemplatesBounded(t *testing.T) {
	s := &SiteTemplates{MinPages: 2, MaxBlocks: 8, MaxHosts: 3}
	var wg sync.WaitGroup
	for h := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 12 {
				u, _ := url.Parse(fmt.Sprintf("https://h%d.example/%d", h, i))
				if _, err := s.Extract(strings.NewReader(sitePage(i)), u, ""); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.hosts) > 3 {
		t.Errorf("%d hosts remembered, max 3", len(s.hosts))
	}
	for h, tpl := range s.hosts {
		if len(tpl.blocks) > 8 || len(tpl.pages) > 8 {
			t.Errorf("host %s: %d blocks, %d pages", h, len(tpl.blocks), len(tpl.pages))
		}
	}
}
