package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse: any bytes give either an *Error or a config that satisfies the
// invariants Parse promises.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"good", "bad"} {
		files, _ := filepath.Glob(filepath.Join(testdataDir, dir, "*.yaml"))
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add(DefaultYAML())
	f.Add([]byte("a: &a [*a]\nsources: *a\n"))
	f.Add([]byte("sources:\n  - &s {name: a, feeds: x, <<: *s}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data, "/base")
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is %T, not *Error", err, err)
			}
			if strings.ContainsAny(err.Error(), "\r\n") {
				t.Fatalf("error %q is more than one line", err)
			}
			if ce.Line == 0 && !errors.Is(err, ErrEmpty) {
				t.Fatalf("error %q names no line", err)
			}
			return
		}
		if c.DB == "" || c.UserAgent == "" || len(c.Sources) == 0 {
			t.Fatalf("incomplete config: %+v", c)
		}
		names := map[string]bool{}
		for _, s := range c.Sources {
			if s.Name == "" || names[s.Name] {
				t.Fatalf("empty or duplicate name %q", s.Name)
			}
			names[s.Name] = true
			if len(s.Feeds)+len(s.Sitemaps)+len(s.StartURLs) == 0 {
				t.Fatalf("source %q has nothing to crawl", s.Name)
			}
			if s.Parallelism < 1 || s.Timeout <= 0 || s.MaxBody <= 0 || s.Delay < 0 || s.Retries < 0 || s.MaxDepth < 0 {
				t.Fatalf("source %q has bad numbers: %+v", s.Name, s)
			}
			if _, err := ParseSchedule(s.Schedule); err != nil {
				t.Fatalf("source %q: schedule %q: %v", s.Name, s.Schedule, err)
			}
			for _, list := range [][]string{s.Feeds, s.Sitemaps, s.StartURLs} {
				for _, u := range list {
					if _, err := checkURL(u); err != nil {
						t.Fatalf("source %q: %v", s.Name, err)
					}
				}
			}
		}
	})
}
