package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
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
