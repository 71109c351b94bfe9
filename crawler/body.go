package crawler

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
)

// readCapped reads at most max+1 bytes: a body longer than max is an error
// (ErrTooLarge), never a silently truncated page.
func readCapped(r io.Reader, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("crawler: read body: %w", err)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%w (over %d bytes)", ErrTooLarge, max)
	}
	return b, nil
}

// mediaType is the lowercased media type of a Content-Type header ("" if none).
func mediaType(ctype string) string {
	mt, _, err := mime.ParseMediaType(ctype)
	if err != nil {
		mt, _, _ = strings.Cut(ctype, ";")
	}
	return strings.ToLower(strings.TrimSpace(mt))
}

// binaryType reports media types that are certainly not a page, feed or
// sitemap: PDF, images, audio, video, fonts, archives, office documents.
func binaryType(mt string) bool {
	for _, p := range []string{"image/", "audio/", "video/", "font/", "model/"} {
		if strings.HasPrefix(mt, p) {
			return true
		}
	}
	switch mt {
	case "application/pdf", "application/zip", "application/x-rar-compressed",
		"application/vnd.rar", "application/x-7z-compressed", "application/postscript",
		"application/msword", "application/wasm", "application/x-shockwave-flash",
		"application/vnd.ms-fontobject", "application/x-msdownload",
		"application/vnd.ms-excel", "application/vnd.ms-powerpoint":
		return true
	}
	return strings.HasPrefix(mt, "application/vnd.openxmlformats")
}

// htmlType reports HTML media types.
func htmlType(mt string) bool {
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// checkHTML decides whether a fetched body is an HTML page, sniffing the bytes
// when the header is missing or lies (a PDF served as text/html, HTML served
// as application/octet-stream).
func checkHTML(ctype string, body []byte) error {
	mt := mediaType(ctype)
	sniffed := mediaType(http.DetectContentType(body))
	if sniffed != "application/octet-stream" && binaryType(sniffed) || sniffed == "application/x-gzip" {
		return fmt.Errorf("%w: body is %s", ErrNotHTML, sniffed)
	}
	if sniffed == "application/octet-stream" && binaryBody(ctype, body) {
		return fmt.Errorf("%w: binary body", ErrNotHTML)
	}
	if htmlType(mt) || sniffed == "text/html" {
		return nil
	}
	if mt == "" {
		mt = sniffed
	}
	return fmt.Errorf("%w: content type %s", ErrNotHTML, mt)
}

// binaryBody reports a body whose first KB is not text in any charset a page
// uses: more than 2% of its bytes are C0 control codes that no text holds
// (NUL, BEL, ESC, ...; tab, newlines and form feed excepted). A stray NUL in
// a page does not make it binary; random bytes (10% such codes) and media
// do. UTF-16, whose ASCII has a NUL every other byte, is exempt when its BOM
// or the header says so.
func binaryBody(ctype string, body []byte) bool {
	if bytes.HasPrefix(body, []byte{0xFE, 0xFF}) || bytes.HasPrefix(body, []byte{0xFF, 0xFE}) {
		return false
	}
	if _, params, err := mime.ParseMediaType(ctype); err == nil && strings.HasPrefix(strings.ToLower(params["charset"]), "utf-16") {
		return false
	}
	sample := body[:min(len(body), 1024)]
	n := 0
	for _, b := range sample {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' {
			n++
		}
	}
	return n > 0 && n*50 > len(sample)
}

// htmlContentType is the Content-Type to hand the extractor for a body that
// checkHTML accepted: the header itself when it says HTML, else text/html
// with the header's charset (a page sniffed as HTML behind a wrong type).
func htmlContentType(ctype string) string {
	if htmlType(mediaType(ctype)) {
		return ctype
	}
	if _, params, err := mime.ParseMediaType(ctype); err == nil && params["charset"] != "" {
		return mime.FormatMediaType("text/html", map[string]string{"charset": params["charset"]})
	}
	return "text/html"
}

// checkDocument is checkHTML for feeds and sitemaps: anything that is not
// certainly binary goes to the parser, which decides.
func checkDocument(ctype string, body []byte) error {
	sniffed := mediaType(http.DetectContentType(body))
	if binaryType(sniffed) || sniffed == "application/x-gzip" || binaryType(mediaType(ctype)) {
		return fmt.Errorf("%w: body is %s", ErrNotHTML, sniffed)
	}
	return nil
}

// gunzipTransport decodes gzip bodies that Go's transport leaves encoded
// (Content-Encoding set by a server we did not ask, .gz sitemaps, gzip
// content types) as a stream, so the reader's size cap applies to the
// DECODED bytes and a gzip bomb costs no more memory than max_body.
type gunzipTransport struct{ next http.RoundTripper }

func (t gunzipTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	ce := strings.ToLower(resp.Header.Get("Content-Encoding"))
	mt := mediaType(resp.Header.Get("Content-Type"))
	gzType := mt == "application/gzip" || mt == "application/x-gzip"
	gzPath := strings.HasSuffix(strings.ToLower(req.URL.Path), ".gz")
	// Go's transport decodes Content-Encoding: gzip itself when it asked for
	// it (Uncompressed); a .gz file may still be gzip inside that.
	if !gzType && !gzPath && (resp.Uncompressed || !strings.Contains(ce, "gzip")) {
		return resp, nil
	}
	br := bufio.NewReader(resp.Body)
	magic, _ := br.Peek(2)
	if len(magic) < 2 || magic[0] != 0x1f || magic[1] != 0x8b {
		// Declared gzip but plain (or already decoded): pass the bytes
		// through, marked so that nobody downstream decodes them again.
		resp.Body = readCloser{br, resp.Body}
		resp.Uncompressed = true
		resp.Header.Del("Content-Encoding")
		return resp, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		resp.Body.Close()
		return nil, fmt.Errorf("crawler: gzip body of %s: %w", req.URL, err)
	}
	resp.Body = readCloser{zr, resp.Body}
	resp.Uncompressed = true
	resp.ContentLength = -1
	resp.Header.Del("Content-Encoding")
	resp.Header.Del("Content-Length")
	if gzType {
		resp.Header.Set("Content-Type", "application/xml")
	}
	return resp, nil
}

type readCloser struct {
	io.Reader
	io.Closer
}
