package readability

import (
	"bytes"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/saintfish/chardet"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// metaCharset finds a charset declared by <meta charset> or by a
// <meta http-equiv="Content-Type" content="...; charset=..."> in the head.
// It looks further than the 1024 bytes of the HTML prescan because real
// pages often put dozens of other meta tags first.
var metaCharset = regexp.MustCompile(`(?i)<meta[^>]+?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)`)

const prescanLimit = 8192

// ToUTF8 is the page body as Extract reads it: decoded from its charset to
// valid UTF-8 without NUL bytes (see toUTF8). A body served as contentType
// may go through it once and then to several extractors as UTF-8.
func ToUTF8(body []byte, contentType string) []byte {
	return toUTF8(body, contentType)
}

// toUTF8 converts a page body to valid UTF-8 without NUL bytes, following
// the order of trust of browsers: byte order mark, the HTTP Content-Type
// charset, a <meta> declaration, then sniffing when the bytes are not UTF-8.
// A legacy declaration on a body that is valid UTF-8 with non-ASCII bytes
// loses to UTF-8: such a body is almost never really in the declared
// single- or multi-byte encoding.
func toUTF8(body []byte, contentType string) []byte {
	enc := detectEncoding(body, contentType)
	out := body
	if enc != nil {
		if d, err := enc.NewDecoder().Bytes(body); err == nil {
			out = d
		}
	}
	// Drop a UTF-8 BOM left in place, NULs and invalid sequences.
	out = bytes.TrimPrefix(out, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(out, 0) >= 0 {
		out = bytes.ReplaceAll(out, []byte{0}, nil)
	}
	if !utf8.Valid(out) {
		out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
	}
	return out
}

// detectEncoding returns the encoding of body, or nil for UTF-8.
func detectEncoding(body []byte, contentType string) encoding.Encoding {
	// 1. BOM.
	switch {
	case bytes.HasPrefix(body, []byte("\xef\xbb\xbf")):
		return nil
	case bytes.HasPrefix(body, []byte("\xfe\xff")):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	case bytes.HasPrefix(body, []byte("\xff\xfe")):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	}
	valid := utf8.Valid(body)
	highBit := hasHighBit(body)
	declared := func(label string) (encoding.Encoding, bool) {
		e, name := charset.Lookup(label)
		if e == nil {
			return nil, false
		}
		if name == "utf-8" {
			if valid || mostlyUTF8(body) {
				return nil, true
			}
			return sniff(body), true
		}
		if strings.HasPrefix(name, "utf-16") {
			// A UTF-16 body without BOM is rare; a mislabelled ASCII one is not.
			if valid {
				return nil, true
			}
			return e, true
		}
		if valid && highBit {
			return nil, true
		}
		return e, true
	}
	// 2. HTTP header.
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		if cs := params["charset"]; cs != "" {
			if e, ok := declared(cs); ok {
				return e
			}
		}
	}
	// 3. <meta> in the head.
	head := body
	if len(head) > prescanLimit {
		head = head[:prescanLimit]
	}
	if m := metaCharset.FindSubmatch(head); m != nil {
		if e, ok := declared(string(m[1])); ok {
			return e
		}
	}
	// 4. Sniff.
	if valid {
		return nil
	}
	if mostlyUTF8(body) {
		return nil
	}
	return sniff(body)
}

func hasHighBit(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// mostlyUTF8 reports whether a body that is not valid UTF-8 is still UTF-8
// with a few broken sequences: most of its non-ASCII bytes form valid runes.
func mostlyUTF8(b []byte) bool {
	good, bad := 0, 0
	for i := 0; i < len(b); {
		if b[i] < 0x80 {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			bad++
			i++
			continue
		}
		good += size
		i += size
	}
	return good > 0 && bad*20 < good
}

// sniff guesses a legacy encoding with chardet; nil means UTF-8.
func sniff(body []byte) encoding.Encoding {
	sample := body
	if len(sample) > 64<<10 {
		sample = sample[:64<<10]
	}
	res, err := chardet.NewHtmlDetector().DetectBest(sample)
	if err != nil || res == nil {
		return fallbackEncoding()
	}
	e, name := charset.Lookup(res.Charset)
	if e == nil || name == "utf-8" {
		return fallbackEncoding()
	}
	return e
}

func fallbackEncoding() encoding.Encoding {
	e, _ := charset.Lookup("windows-1252")
	return e
}

// looksBinary reports whether a body is not text at all: control bytes
// that no HTML page holds, or the magic numbers of common binary formats.
func looksBinary(body []byte) bool {
	sample := body
	if len(sample) > 2048 {
		sample = sample[:2048]
	}
	for _, magic := range [][]byte{
		[]byte("%PDF-"), []byte("\x89PNG"), []byte("GIF8"), []byte("\xff\xd8\xff"),
		[]byte("PK\x03\x04"), []byte("\x1f\x8b"), []byte("RIFF"), []byte("\x00\x00\x01\x00"),
	} {
		if bytes.HasPrefix(sample, magic) {
			return true
		}
	}
	if bytes.HasPrefix(sample, []byte("\xfe\xff")) || bytes.HasPrefix(sample, []byte("\xff\xfe")) {
		return false // UTF-16 text
	}
	ctrl := 0
	for _, c := range sample {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			ctrl++
		}
	}
	return len(sample) > 0 && ctrl*10 > len(sample)
}
