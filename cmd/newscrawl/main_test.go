package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"

	"newscrawl/crawler"
	"newscrawl/readability"
)

// result is what one in-process run of newscrawl printed and its exit status.
type result struct {
	stdout, stderr string
	code           int
}

// newscrawl runs the program in-process, as main would.
func newscrawl(t *testing.T, args ...string) result {
	t.Helper()
	return newscrawlCtx(t.Context(), t, args...)
}

// newscrawlCtx is newscrawl with a context the test controls (the signals of main).
func newscrawlCtx(ctx context.Context, t *testing.T, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(ctx, args, &stdout, &stderr)
	code := exitCode(err, &stderr)
	return result{stdout.String(), stderr.String(), code}
}

// checkOneLine fails unless stderr is exactly one line, of newscrawl's own, with no trace of a
// panic.
func checkOneLine(t *testing.T, r result) {
	t.Helper()
	if strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "newscrawl: ") {
		t.Errorf("stderr is not one newscrawl line:\n%s", r.stderr)
	}
	for _, bad := range []string{"goroutine", "panic", ".go:"} {
		if strings.Contains(r.stderr, bad) {
			t.Errorf("stderr contains %q:\n%s", bad, r.stderr)
		}
	}
}

func TestHelp(t *testing.T) {
	top := newscrawl(t, "help")
	if top.code != 0 || top.stderr != "" {
		t.Fatalf("help: exit %d, stderr %q", top.code, top.stderr)
	}
	for _, c := range commands() {
		if !strings.Contains(top.stdout, "\n  "+c.name+" ") {
			t.Errorf("help does not list %q:\n%s", c.name, top.stdout)
		}
	}
	for _, args := range [][]string{{"--help"}, {"-h"}} {
		if r := newscrawl(t, args...); r.code != 0 || r.stdout != top.stdout {
			t.Errorf("%v: exit %d, output differs from help", args, r.code)
		}
	}

	// Every command explains itself, and every one of its flags, in both spellings.
	wantFlags := map[string][]string{
		"crawl":   {"--config FILE", "--db PATH", "--source NAME"},
		"run":     {"--config FILE", "--db PATH", "--listen ADDR"},
		"fetch":   {"--db PATH", "--format json|text|markdown|html", "--allow-private", "--timeout D", "--user-agent S", "--max-body SIZE"},
		"extract": {"--url URL", "--format json|text|markdown|html", "--max-body SIZE"},
		"export":  {"--db PATH", "--since TIME", "--after-id N", "--source NAME", "--unique", "--format jsonl|csv"},
		"search":  {"--db PATH", "--limit N", "--format text|jsonl"},
		"stats":   {"--db PATH"},
		"help":    {},
	}
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			want, ok := wantFlags[c.name]
			if !ok {
				t.Fatalf("no expected flags for command %q", c.name)
			}
			r := newscrawl(t, c.name, "--help")
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("%s --help: exit %d, stderr %q", c.name, r.code, r.stderr)
			}
			for _, s := range append(want, "Usage: newscrawl "+c.name, "--log-format text|json", "--log-level") {
				if !strings.Contains(r.stdout, s) {
					t.Errorf("%s --help lacks %q:\n%s", c.name, s, r.stdout)
				}
			}
			if c.name != "help" && !strings.Contains(r.stdout, "Examples:\n  newscrawl "+c.name) {
				t.Errorf("%s --help has no example:\n%s", c.name, r.stdout)
			}
			if h := newscrawl(t, "help", c.name); h.code != 0 || h.stdout != r.stdout {
				t.Errorf("help %s: exit %d, output differs from %s --help", c.name, h.code, c.name)
			}
			if h := newscrawl(t, c.name, "-h"); h.code != 0 || h.stdout != r.stdout {
				t.Errorf("%s -h: exit %d, output differs from %s --help", c.name, h.code, c.name)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // in the one stderr line
	}{
		{"no command", nil, "no command given"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"help of unknown command", []string{"help", "frobnicate"}, `unknown command "frobnicate"`},
		{"unknown global flag", []string{"--verbose", "crawl"}, "unknown flag --verbose"},
		{"unknown flag", []string{"fetch", "--bogus", "https://example.com/"}, "unknown flag --bogus"},
		{"unknown flag after operand", []string{"extract", "page.html", "--bogus"}, "unknown flag --bogus"},
		{"flag without value", []string{"fetch", "https://example.com/", "--db"}, "flag --db needs a value"},
		{"bad duration", []string{"fetch", "--timeout", "soon", "https://example.com/"}, "--timeout"},
		{"zero timeout", []string{"fetch", "--timeout=0s", "https://example.com/"}, "--timeout must be positive"},
		{"bad max body", []string{"fetch", "--max-body", "lots", "https://example.com/"}, "--max-body must be a size"},
		{"bad extract max body", []string{"extract", "--max-body=-1MB", "page.html"}, "--max-body must be a size"},
		{"bad format", []string{"extract", "--format", "pdf", "x.html"}, `--format must be one of json, text, markdown, html, not "pdf"`},
		{"bad export format", []string{"export", "--format=xml"}, `--format must be one of jsonl, csv`},
		{"bad log format", []string{"--log-format", "xml", "stats"}, "--log-format must be text or json"},
		{"bad log level after command", []string{"stats", "--log-level=loud"}, "--log-level must be"},
		{"fetch without URL", []string{"fetch"}, "no URL given"},
		{"extract without file", []string{"extract", "--format", "text"}, "no FILE given"},
		{"search without query", []string{"search"}, "no QUERY given"},
		{"run without config", []string{"run"}, "--config FILE is required"},
		{"crawl with operand", []string{"crawl", "extra"}, `unexpected argument "extra"`},
		{"stats with operand", []string{"stats", "extra"}, `unexpected argument "extra"`},
		{"help with two names", []string{"help", "fetch", "crawl"}, "at most one command"},
		// Bad values of typed flags say what is expected, not "parse error".
		{"duration without unit", []string{"fetch", "--timeout", "5", "https://example.com/"}, `--timeout: "5" is not a duration (use a unit, e.g. 20s, 1m)`},
		{"id not a number", []string{"export", "--after-id", "abc"}, `--after-id: "abc" is not a whole number`},
		{"id out of range", []string{"export", "--after-id=99999999999999999999"}, `--after-id: "99999999999999999999" is out of range`},
		{"limit not a number", []string{"search", "--limit", "ten", "vienna"}, `--limit: "ten" is not a whole number`},
		{"bool not a bool", []string{"fetch", "--allow-private=maybe", "https://example.com/"}, `--allow-private: "maybe" is not true or false`},
		// An explicitly empty --db (an unset shell variable) is not "the default database".
		{"crawl empty db", []string{"crawl", "--db", ""}, "--db is empty"},
		{"run empty db", []string{"run", "--config", "newscrawl.yaml", "--db="}, "--db is empty"},
		{"fetch empty db", []string{"fetch", "--db", "", "https://example.com/"}, "--db is empty"},
		{"export empty db", []string{"export", "--db="}, "--db is empty"},
		{"search empty db", []string{"search", "--db", "", "vienna"}, "--db is empty"},
		{"stats empty db", []string{"stats", "--db", ""}, "--db is empty"},
		{"crawl empty config", []string{"crawl", "--config="}, "--config is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newscrawl(t, tt.args...)
			if r.code != exitUsage {
				t.Errorf("exit %d, want %d; stderr %q", r.code, exitUsage, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout %q, want nothing", r.stdout)
			}
			checkOneLine(t, r)
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr %q lacks %q", r.stderr, tt.want)
			}
			if !strings.Contains(r.stderr, "newscrawl help") && !strings.Contains(r.stderr, "--help") {
				t.Errorf("stderr %q gives no hint where help is", r.stderr)
			}
		})
	}
}

func TestGlobalFlagsEitherSide(t *testing.T) {
	// The global flags parse before and after the command name; a parse error would exit 2.
	for _, args := range [][]string{
		{"--log-format=json", "--log-level", "debug", "help"},
		{"help", "--log-format", "json", "--log-level=warn"},
	} {
		if r := newscrawl(t, args...); r.code != 0 {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
}

func TestOneLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"first\nsecond\r\n third \n", "first; second; third"},
		{"\n\nx\n", "x"},
		{"Title\x1b[2J\x1b]0;pwned\x07 and\tmore\u009b", "Title[2J]0;pwned and more"},
		{"\x1b\n\x07\nend", "end"},
	}
	for _, tt := range tests {
		if got := oneLine(tt.in); got != tt.want {
			t.Errorf("oneLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExitCodes(t *testing.T) {
	var buf bytes.Buffer
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, exitOK},
		{"usage", usagef("fetch", "bad"), exitUsage},
		{"reported", errReported, exitFailure},
		{"canceled", context.Canceled, exitInterrupted},
		{"other", errors.New("store: open x: is a directory"), exitFailure},
	}
	for _, tt := range tests {
		if got := exitCode(tt.err, &buf); got != tt.want {
			t.Errorf("%s: exitCode = %d, want %d", tt.name, got, tt.want)
		}
	}
	if strings.Contains(buf.String(), "failures reported above") {
		t.Errorf("errReported was printed: %q", buf.String())
	}
}

func TestMessage(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("crawler: fetch https://example.com/a: %w", err) }
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"no article", fmt.Errorf("x: %w", readability.ErrNoArticle), "no article found on the page"},
		{"http status", wrap(&crawler.HTTPError{Status: 503}), "HTTP status 503 Service Unavailable"},
		{"private", wrap(crawler.ErrPrivateAddress), "refusing to connect to a loopback, private or link-local address (--allow-private allows it)"},
		{"not html", wrap(fmt.Errorf("%w: content type image/png", crawler.ErrNotHTML)), "not an HTML document: content type image/png"},
		{"too large", wrap(fmt.Errorf("%w (limit 10)", crawler.ErrTooLarge)), "response body too large (limit 10)"},
		{"no such host", wrap(&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Name: "news.invalid", Err: "no such host", IsNotFound: true}}),
			`cannot resolve host "news.invalid"`},
		{"no resolver", wrap(&net.DNSError{Name: "example.com", Err: "server misbehaving"}),
			`cannot resolve host "example.com": server misbehaving (no network?)`},
		{"refused", wrap(&net.OpError{Op: "dial", Net: "tcp", Addr: &net.TCPAddr{IP: net.IPv4(192, 0, 2, 1), Port: 80},
			Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}}), "cannot connect to 192.0.2.1:80: connection refused"},
		{"timeout", wrap(fmt.Errorf("timeout: %w", &net.OpError{Op: "read", Err: os.ErrDeadlineExceeded})), "timed out (see --timeout)"},
		{"other", errors.New("store: open x: is a directory"), "store: open x: is a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := message(tt.err); got != tt.want {
				t.Errorf("message = %q, want %q", got, tt.want)
			}
		})
	}
}
