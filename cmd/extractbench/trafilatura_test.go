package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTrafilaturaEvaluation runs -trafilatura on a folder laid out like
// go-trafilatura's module: one page whose article holds both wanted
// snippets and whose navigation holds the unwanted one.
func TestTrafilaturaEvaluation(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"scripts/comparison", "test-files/comparison"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	data := `package main

var comparisonData = map[string]ComparisonEntry{
	"https://news.example/2024/budget": {
		File:    "budget.html",
		With:    []string{"approved the budget", "hurt families", "a sentence nobody wrote"},
		Without: []string{"Subscribe to our newsletter"},
	},
	"https://news.example/missing": {
		File: "missing.html",
		With: []string{"x"},
	},
}
`
	page := `<html><head><meta charset="windows-1252"><title>Budget</title></head><body>
<nav><a href="/">Home</a> <a href="/s">Subscribe to our newsletter</a></nav><article><h1>Budget</h1><p>` +
		strings.Repeat("The council approved the budget after a long debate about taxes. ", 8) +
		"</p><p>" + strings.Repeat("Critics said the increase would hurt families already struggling. ", 8) +
		"</p><p>Caf\xe9 owners welcomed it.</p></article></body></html>"
	for name, body := range map[string]string{"scripts/comparison/data.go": data, "test-files/comparison/budget.html": page} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := loadComparison(filepath.Join(dir, "scripts", "comparison", "data.go"))
	if err != nil || len(entries) != 2 || entries[0].File != "budget.html" || len(entries[0].With) != 3 || len(entries[0].Without) != 1 {
		t.Fatalf("loadComparison = %+v, %v", entries, err)
	}
	var out bytes.Buffer
	if err := run([]string{"-trafilatura", "-trafilatura-dir", dir, "-id", "budget"}, &out, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	// 2 of 3 wanted snippets, the unwanted one absent; the page's
	// windows-1252 é decoded
	for _, want := range []string{"1 pages", "ours                F 0.800  precision 1.000  recall 0.667  accuracy 0.750", "- a sentence nobody wrote", "Café owners"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestTrafilaturaSkipsWithoutData(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-trafilatura", "-trafilatura-dir", t.TempDir()}, &out, &out); err != nil {
		t.Fatalf("run: %v", err)
	}
	if !strings.Contains(out.String(), "skipping") {
		t.Errorf("output %q", out.String())
	}
	if err := run([]string{"-trafilatura", "-trafilatura-dir", t.TempDir(), "-require"}, &out, &out); err == nil {
		t.Error("-require without data: no error")
	}
}
