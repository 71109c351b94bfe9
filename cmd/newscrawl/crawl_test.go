package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const configFixtures = "../../testdata/config"

func TestCrawlConfigErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(configFixtures, "good", "minimal.yaml")
	tests := []struct {
		name string
		args []string
		want string // in the one stderr line
	}{
		{"unknown key", []string{"crawl", "--config", filepath.Join(configFixtures, "bad", "unknown_key_top.yaml")}, "line "},
		{"bad duration", []string{"crawl", "--config", filepath.Join(configFixtures, "bad", "bad_duration.yaml")}, "line "},
		{"missing file", []string{"crawl", "--config", filepath.Join(dir, "nope.yaml")}, "nope.yaml"},
		{"unknown source", []string{"crawl", "--config", good, "--db", filepath.Join(dir, "a.db"), "--source", "no-such-source"}, `"no-such-source"`},
		{"unknown source in default config", []string{"crawl", "--db", filepath.Join(dir, "b.db"), "--source=nope"}, `"nope"`},
		{"db is a directory", []string{"crawl", "--config", good, "--db", dir}, dir},
		{"run with bad config", []string{"run", "--config", filepath.Join(configFixtures, "bad", "bad_regexp.yaml")}, "line "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newscrawl(t, tt.args...)
			if r.code != exitFailure {
				t.Errorf("exit %d, want %d", r.code, exitFailure)
			}
			checkOneLine(t, r)
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr %q lacks %q", r.stderr, tt.want)
			}
		})
	}
	// Nothing may be created for a crawl that was refused.
	for _, name := range []string{"a.db", "b.db"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("%s was created by a refused crawl", name)
		}
	}
}
