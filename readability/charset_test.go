package readability

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
)

// articleHTML builds a page whose body has paragraphs long enough to be an
// article; head goes inside <head>.
func articleHTML(head string, paras ...string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><head>" + head + "</head><body><article>")
	for _, p := range paras {
		b.WriteString("<p>" + p + "</p>\n")
	}
	b.WriteString("</article></body></html>")
	return b.String()
}

func encode(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	out, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	return out
}

func TestCharsets(t *testing.T) {
	ru := strings.Repeat("Строительство пешеходного моста через реку заняло почти три года, сообщили в администрации города. ", 4)
	pt := strings.Repeat("A prefeitura anunciou que a obra da ponte será concluída até o fim do ano, segundo o secretário de obras. ", 4)
	ja := strings.Repeat("市立図書館は来月から平日の開館時間を午後九時まで延長すると発表した。利用者の要望に応えたという。", 4)
	tests := []struct {
		name        string
		body        []byte
		contentType string
		want        string
	}{
		{"windows-1251 meta charset", encode(t, charmap.Windows1251, articleHTML(`<meta charset="windows-1251">`, ru, ru)), "", "Строительство пешеходного моста"},
		{"windows-1251 http-equiv late in head", encode(t, charmap.Windows1251, articleHTML(strings.Repeat(`<meta name="x" content="padding padding padding">`, 40)+`<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">`, ru, ru)), "", "через реку заняло"},
		{"windows-1251 sniffed", encode(t, charmap.Windows1251, articleHTML(``, ru, ru, ru)), "", "Строительство пешеходного моста"},
		{"iso-8859-1 from header", encode(t, charmap.ISO8859_1, articleHTML(``, pt, pt)), "text/html; charset=ISO-8859-1", "será concluída até o fim"},
		{"shift_jis meta", encode(t, japanese.ShiftJIS, articleHTML(`<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">`, ja, ja)), "", "市立図書館は来月から"},
		{"shift_jis header", encode(t, japanese.ShiftJIS, articleHTML(``, ja, ja)), "text/html; charset=shift_jis", "開館時間を午後九時"},
		{"utf-16 with BOM", encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), articleHTML(``, pt, pt)), "", "será concluída"},
		{"utf-8 BOM beats latin-1 header", append([]byte("\xef\xbb\xbf"), articleHTML(``, pt, pt)...), "text/html; charset=iso-8859-1", "será concluída"},
		{"utf-8 body mislabelled latin-1", []byte(articleHTML(`<meta charset="iso-8859-1">`, pt, pt)), "", "será concluída"},
		{"utf-8 body mislabelled windows-1251", []byte(articleHTML(``, ru, ru)), "text/html; charset=windows-1251", "Строительство пешеходного"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Extract(bytes.NewReader(tt.body), nil, tt.contentType)
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if !strings.Contains(a.Text, tt.want) {
				t.Errorf("text does not contain %q:\n%s", tt.want, a.Text)
			}
			if !utf8.ValidString(a.Text) || !utf8.ValidString(a.HTML) {
				t.Error("output is not valid UTF-8")
			}
		})
	}
}

func TestInvalidUTF8AndNUL(t *testing.T) {
	p := "The council met on Tuesday to discuss the budget for the coming year, which raises taxes by two percent."
	body := []byte(articleHTML(`<meta charset="utf-8">`, p, "Broken \xff\xfe bytes and a NUL\x00 here in the middle of a long enough sentence about the budget.", p))
	a, err := Extract(bytes.NewReader(body), nil, "text/html; charset=utf-8")
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.ValidString(a.Text) {
		t.Error("text is not valid UTF-8")
	}
	if strings.ContainsRune(a.Text, 0) || strings.ContainsRune(a.Text, '\uFFFD') {
		t.Errorf("NUL or replacement character survived: %q", a.Text)
	}
	if !strings.Contains(a.Text, "Broken bytes and a NUL here") && !strings.Contains(a.Text, "Broken  bytes") && !strings.Contains(a.Text, "NUL here") {
		t.Errorf("text lost the paragraph: %q", a.Text)
	}
}

func TestBinaryIsNoArticle(t *testing.T) {
	tests := map[string]struct {
		body        []byte
		contentType string
	}{
		"png":          {[]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"), ""},
		"pdf":          {[]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), ""},
		"control soup": {bytes.Repeat([]byte{1, 2, 3, 4, 5, 'a', 0, 7}, 200), ""},
		"image type":   {[]byte(articleHTML("", strings.Repeat("Words of a paragraph here. ", 20))), "image/jpeg"},
		"empty":        {nil, ""},
		"blank":        {[]byte("  \n\t "), "text/html"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			a, err := Extract(bytes.NewReader(tt.body), nil, tt.contentType)
			if !errors.Is(err, ErrNoArticle) || a != nil {
				t.Fatalf("Extract = %v, %v; want nil, ErrNoArticle", a, err)
			}
		})
	}
}
