package crawler

import (
	"fmt"
	"testing"

	"newscrawl/config"
)

func TestSiteGroups(t *testing.T) {
	src := func(name string, domains []string, urls ...string) config.Source {
		return config.Source{Name: name, AllowedDomains: domains, StartURLs: urls}
	}
	tests := []struct {
		name    string
		sources []config.Source
		want    string
	}{
		{"unrelated", []config.Source{src("a", []string{"a.example"}), src("b", []string{"b.example"})}, "[[0] [1]]"},
		{"same host", []config.Source{src("a", []string{"news.example"}), src("b", []string{"news.example"})}, "[[0 1]]"},
		{"subdomains of one site", []config.Source{src("a", []string{"www.bbc.co.uk"}), src("b", []string{"feeds.bbc.co.uk"}), src("c", []string{"example.co.uk"})}, "[[0 1] [2]]"},
		{"joined through a third", []config.Source{src("a", []string{"a.example"}), src("b", []string{"b.example"}), src("c", nil, "https://a.example/", "https://b.example/")}, "[[0 1 2]]"},
		{"same IP, ports differ", []config.Source{src("a", nil, "http://127.0.0.1:8080/"), src("b", []string{"127.0.0.1"})}, "[[0 1]]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fmt.Sprint(siteGroups(tt.sources)); got != tt.want {
				t.Errorf("siteGroups = %s, want %s", got, tt.want)
			}
		})
	}
}
