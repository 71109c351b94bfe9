package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSkipsWithoutData(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run([]string{"-bench", t.TempDir()}, &out, &errOut); err != nil {
		t.Fatalf("run: %v", err)
	}
	if !strings.Contains(out.String(), "benchmark data not found") || !strings.Contains(out.String(), "skipping") {
		t.Errorf("output %q", out.String())
	}
}

func TestWritesPredictions(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "pages"), 0o755); err != nil {
		t.Fatal(err)
	}
	page := `<html><head><title>T</title></head><body><article><p>` +
		strings.Repeat("The council approved the budget after a long debate about taxes. ", 8) +
		`</p><p>` + strings.Repeat("Critics said the increase would hurt families already struggling. ", 8) + `</p></article></body></html>`
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(page))
	zw.Close()
	if err := os.WriteFile(filepath.Join(dir, "pages", "abc.html.gz"), gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	preds := filepath.Join(dir, "preds.jsonl")
	var out, errOut bytes.Buffer
	if err := run([]string{"-bench", dir, "-out", preds}, &out, &errOut); err != nil {
		t.Fatalf("run: %v (%s)", err, errOut.String())
	}
	data, err := os.ReadFile(preds)
	if err != nil {
		t.Fatal(err)
	}
	var p struct{ ID, Text string }
	if err := json.Unmarshal(bytes.TrimSpace(data), &p); err != nil {
		t.Fatalf("predictions %q: %v", data, err)
	}
	if p.ID != "abc" || !strings.Contains(p.Text, "council approved the budget") {
		t.Errorf("prediction = %+v", p)
	}
	if !strings.Contains(out.String(), "no score script") {
		t.Errorf("output %q", out.String())
	}
}

func TestHeldoutSkipsWithoutPages(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-heldout", "-heldout-dir", t.TempDir()}, &out, &out); err != nil {
		t.Fatalf("run: %v", err)
	}
	if !strings.Contains(out.String(), "skipping") {
		t.Errorf("output %q", out.String())
	}
}

func TestScoreText(t *testing.T) {
	tests := []struct {
		name                   string
		truth, pred            string
		matched, extra, missed int
	}{
		{"equal", "one two three four five", "one two three four five", 2, 0, 0},
		{"punctuation and case kept", "One, two; three four", "one two three four", 0, 1, 1},
		{"extra tail", "a b c d", "a b c d e", 1, 1, 0},
		{"short text is one shingle", "a b", "a b", 1, 0, 0},
		{"missed block", "a b c d e f", "a b c d", 1, 0, 2},
		{"empty prediction", "a b c d", "", 0, 0, 1},
		{"multiset", "x y z w x y z w", "x y z w", 1, 0, 4},
		{"unicode words", "Читайте также это всё", "Читайте также это всё", 1, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scoreText(tt.truth, tt.pred)
			if got != (score{tt.matched, tt.extra, tt.missed}) {
				t.Errorf("scoreText = %+v, want matched %d extra %d missed %d", got, tt.matched, tt.extra, tt.missed)
			}
		})
	}
}

func TestHTMLTextSeparatesBlocks(t *testing.T) {
	got := words(htmlText([]byte(`<div><p>FL</p><p>June <b>bold</b>er</p><ul><li>a</li><li>b</li></ul><script>x()</script></div>`)))
	want := []string{"FL", "June", "bolder", "a", "b"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("words = %q, want %q", got, want)
	}
}

func TestHeldoutScoresPages(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "test-pages", "story")
	if err := os.MkdirAll(page, 0o755); err != nil {
		t.Fatal(err)
	}
	body := `<p>` + strings.Repeat("The council approved the budget after a long debate about taxes. ", 8) + `</p><p>` +
		strings.Repeat("Critics said the increase would hurt families already struggling. ", 8) + `</p>`
	os.WriteFile(filepath.Join(page, "source.html"), []byte(`<html><head><title>T</title></head><body><article>`+body+`</article></body></html>`), 0o644)
	os.WriteFile(filepath.Join(page, "expected.html"), []byte(`<div id="readability-page-1" class="page">`+body+`<p>Missing paragraph that only the reference has, with words enough to count.</p></div>`), 0o644)
	var out bytes.Buffer
	if err := run([]string{"-heldout", "-heldout-dir", dir, "-min-loss", "-1"}, &out, &out); err != nil {
		t.Fatalf("run: %v", err)
	}
	for _, want := range []string{"held-out pages 1", "readeck F1", "ours    F1", "story"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if !strings.Contains(out.String(), "R ours 0.") {
		t.Errorf("the paragraph only the reference has should lower recall:\n%s", out.String())
	}
}

func TestCommandLine(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantErr    error // nil: success (exit 0)
		wantStdout string
		wantStderr string
	}{
		{"-h", []string{"-h"}, nil, "-require", ""},
		{"--help", []string{"--help"}, nil, "usage: extractbench", ""},
		{"bad flag", []string{"-bogus"}, errUsage, "", "usage: extractbench"},
		{"absent data skips", []string{"-bench", t.TempDir()}, nil, "skipping", ""},
		{"absent data with -require", []string{"-require", "-bench", t.TempDir()}, errNoData, "", ""},
		{"absent held-out with -require", []string{"-heldout", "-require", "-heldout-dir", t.TempDir()}, errNoData, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(tt.args, &out, &errOut)
			if tt.wantErr == nil && err != nil || tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("run(%q) = %v, want %v", tt.args, err, tt.wantErr)
			}
			if !strings.Contains(out.String(), tt.wantStdout) {
				t.Errorf("stdout %q lacks %q", out.String(), tt.wantStdout)
			}
			if !strings.Contains(errOut.String(), tt.wantStderr) {
				t.Errorf("stderr %q lacks %q", errOut.String(), tt.wantStderr)
			}
			if tt.wantErr == nil && errOut.Len() > 0 {
				t.Errorf("stderr %q, want nothing", errOut.String())
			}
		})
	}
}
