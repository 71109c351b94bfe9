package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"unicode"

	"newscrawl/crawler"
	"newscrawl/readability"
)

// Exit codes; every error-to-exit-code decision is made in exitCode.
const (
	exitOK          = 0
	exitFailure     = 1 // bad config, unusable database, bad URL, failed fetch, no article
	exitUsage       = 2 // unknown command or flag, bad flag value
	exitInterrupted = 130
)

// usageError is a mistake on the command line. It is printed with a hint where to find help.
type usageError struct {
	cmd string // "" for the top level
	msg string
}

func (e *usageError) Error() string { return e.msg }

func usagef(cmd, format string, args ...any) error {
	return &usageError{cmd: cmd, msg: fmt.Sprintf(format, args...)}
}

// errReported means a command already printed one line per failed item on stderr; main prints
// nothing more and exits 1.
var errReported = errors.New("newscrawl: failures reported above")

// exitCode prints err as one line on stderr (if it has not been printed yet) and returns the
// process exit status for it.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, errReported) {
		return exitFailure
	}
	var ue *usageError
	if errors.As(err, &ue) {
		hint := "newscrawl help"
		if ue.cmd != "" {
			hint = "newscrawl " + ue.cmd + " --help"
		}
		fmt.Fprintf(stderr, "newscrawl: %s (see '%s')\n", oneLine(ue.msg), hint)
		return exitUsage
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "newscrawl: interrupted")
		return exitInterrupted
	}
	fmt.Fprintf(stderr, "newscrawl: %s\n", oneLine(err.Error()))
	return exitFailure
}

// message words what went wrong with one item (a URL, a file) plainly for the conditions users
// meet most: no article, HTTP status, refused address, no such host, not HTML. The item's name
// goes before it, so the wrapping that only repeats the URL is dropped; other errors keep the
// text their packages gave them.
func message(err error) string {
	var httpErr *crawler.HTTPError
	var dnsErr *net.DNSError
	var opErr *net.OpError
	var netErr net.Error
	switch {
	case errors.Is(err, readability.ErrNoArticle):
		return "no article found on the page"
	case errors.As(err, &httpErr):
		return fmt.Sprintf("HTTP status %d %s", httpErr.Status, http.StatusText(httpErr.Status))
	case errors.Is(err, crawler.ErrPrivateAddress):
		return "refusing to connect to a loopback, private or link-local address (--allow-private allows it)"
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return fmt.Sprintf("cannot resolve host %q", dnsErr.Name)
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("cannot resolve host %q: %s (no network?)", dnsErr.Name, dnsErr.Err)
	case errors.As(err, &netErr) && netErr.Timeout():
		return "timed out (see --timeout)"
	case errors.As(err, &opErr) && opErr.Op == "dial" && opErr.Addr != nil:
		return fmt.Sprintf("cannot connect to %s: %s", opErr.Addr, strings.TrimPrefix(opErr.Err.Error(), "connect: "))
	}
	for _, sentinel := range []error{crawler.ErrNotHTML, crawler.ErrScheme, crawler.ErrTooLarge,
		crawler.ErrTooManyRedirects, crawler.ErrRobotsDisallowed} {
		if errors.Is(err, sentinel) {
			return fromSentinel(err, sentinel)
		}
	}
	return err.Error()
}

// fromSentinel is err's text from the sentinel's words on, without the package prefix: the
// sentinel and the details wrapped after it, not the fetch/URL prefixes wrapped before it.
func fromSentinel(err, sentinel error) string {
	msg, word := err.Error(), sentinel.Error()
	if i := strings.Index(msg, word); i >= 0 {
		msg = msg[i:]
	}
	if pkg, _, ok := strings.Cut(word, ": "); ok {
		msg = strings.TrimPrefix(msg, pkg+": ")
	}
	return msg
}

// report prints one failure line for one item of a multi-item command (a file of extract, a URL
// of fetch) in the same form exitCode uses.
func report(stderr io.Writer, item string, err error) {
	fmt.Fprintf(stderr, "newscrawl: %s: %s\n", item, oneLine(message(err)))
}

// oneLine makes s safe to print as (part of) one line for a person at a terminal: line breaks
// become "; ", tabs a space, and other control characters (C0, DEL, C1: ESC, BEL, CSI) are
// dropped, so a page's title or a server's error text cannot drive the terminal.
func oneLine(s string) string {
	lines := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
	var b strings.Builder
	for _, line := range lines {
		line = strings.TrimSpace(strings.Map(func(r rune) rune {
			switch {
			case r == '\t':
				return ' '
			case unicode.IsControl(r):
				return -1
			}
			return r
		}, line))
		if line == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		b.WriteString(line)
	}
	return b.String()
}
