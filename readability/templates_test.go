package readability

import (
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
)

func pressRelease(i int) string {
	return fmt.Sprintf(`<html><head><title>Release %d</title></head><body><article>
<p>Release %d: the company announced a partnership number %d with a hospital group in Europe, covering intensive care units in nine countries.</p>
<p>The agreement %d runs for five years and includes training for nurses and engineers at every site, the company said on Tuesday.</p>
<p>About Acme: Acme is a global solutions provider focused on healthcare communication, headquartered in Baar with 1,300 employees.</p>
</article></body></html>`, i, i, i, i)
}

func TestSiteTemplates(t *testing.T) {
	s := NewSiteTemplates()
	extract := func(host string, i int) string {
		t.Helper()
		u, _ := url.Parse(fmt.Sprintf("https://%s/news/%d", host, i))
		a, err := s.Extract(strings.NewReader(pressRelease(i)), u, "text/html")
		if err != nil {
			t.Fatal(err)
		}
		return a.Text
	}
	for i := 1; i <= 2; i++ {
		if got := extract("acme.example", i); !strings.Contains(got, "About Acme") {
			t.Fatalf("page %d lost the blurb before the template was learned:\n%s", i, got)
		}
	}
	got := extract("acme.example", 3)
	if strings.Contains(got, "About Acme") {
		t.Errorf("template blurb kept on page 3:\n%s", got)
	}
	if !strings.Contains(got, "Release 3: the company announced") {
		t.Errorf("page 3 lost its own text:\n%s", got)
	}
	// Another host has learned nothing.
	if got := extract("other.example", 3); !strings.Contains(got, "About Acme") {
		t.Errorf("template leaked to another host:\n%s", got)
	}
	// Extracting a page again never makes its own text a template.
	for range 3 {
		if got := extract("again.example", 1); !strings.Contains(got, "About Acme") || !strings.Contains(got, "Release 1") {
			t.Fatalf("re-extracting a page removed its text:\n%s", got)
		}
	}
}

func TestSiteTemplatesBounded(t *testing.T) {
	s := &SiteTemplates{MinPages: 2, MaxBlocks: 8, MaxHosts: 3}
	var wg sync.WaitGroup
	for h := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 5 {
				u, _ := url.Parse(fmt.Sprintf("https://h%d.example/%d", h, i))
				if _, err := s.Extract(strings.NewReader(pressRelease(i)), u, ""); err != nil {
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
		if len(tpl.blocks) > 8+3 || len(tpl.pages) > 8+1 {
			t.Errorf("host %s: %d blocks, %d pages", h, len(tpl.blocks), len(tpl.pages))
		}
	}
}
