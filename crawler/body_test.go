package crawler

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"
)

func TestCheckHTMLBinaryBody(t *testing.T) {
	random := make([]byte, 4096)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(r.UintN(256))
	}
	page := []byte("<!DOCTYPE html><html><head><title>t</title></head><body><p>text</p></body></html>")
	utf16 := []byte{0xFF, 0xFE}
	for _, c := range string(page) {
		utf16 = append(utf16, byte(c), 0)
	}
	noBOM := utf16[2:]
	for _, tt := range []struct {
		name   string
		ctype  string
		body   []byte
		binary bool
	}{
		{"random bytes as text/html", "text/html", random, true},
		{"random bytes, no type", "", random, true},
		{"html", "text/html; charset=utf-8", page, false},
		{"html after a stray NUL", "text/html", append([]byte("\x00\x01"), bytes.Repeat(page, 4)...), false},
		{"utf-16 with BOM", "text/html", utf16, false},
		{"utf-16 declared, no BOM", "text/html; charset=UTF-16LE", noBOM, false},
		{"windows-1252 text", "text/html; charset=windows-1252", append(page, []byte("caf\xe9 \x93quoted\x94")...), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := checkHTML(tt.ctype, tt.body)
			if got := err != nil && errors.Is(err, ErrNotHTML) && err.Error() == "crawler: not an HTML document: binary body"; got != tt.binary {
				t.Errorf("checkHTML = %v, want binary body: %v", err, tt.binary)
			}
		})
	}
}
