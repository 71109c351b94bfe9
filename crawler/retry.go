package crawler

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Backoff bounds: the first retry waits about baseBackoff, each next one
// twice as long with ±50% jitter, never more than maxBackoff. A Retry-After
// longer than maxRetryAfter is not waited for: the URL fails.
const (
	baseBackoff   = 500 * time.Millisecond
	maxBackoff    = 30 * time.Second
	maxRetryAfter = 2 * time.Minute
)

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date.
// Unparsable, negative or past values give 0.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		if n > int64(24*time.Hour/time.Second) {
			n = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(n) * time.Second
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	if d := t.Sub(now); d > 0 {
		return d
	}
	return 0
}

// retryPolicy decides whether and when a failed request is tried again.
type retryPolicy struct {
	Retries int                                              // retries after the first try
	Sleep   func(ctx context.Context, d time.Duration) error // injectable; nil = real timer
	Rand    func() float64                                   // jitter in [0,1); nil = math/rand
}

// backoff is the wait before retry number attempt (1-based), at least the
// server's Retry-After.
func (p retryPolicy) backoff(attempt int, retryAfter time.Duration) time.Duration {
	d := baseBackoff << min(attempt-1, 16)
	if d > maxBackoff || d <= 0 {
		d = maxBackoff
	}
	r := rand.Float64
	if p.Rand != nil {
		r = p.Rand
	}
	d = time.Duration(float64(d) * (0.5 + r())) // ±50% jitter
	d = min(d, maxBackoff)
	return max(d, retryAfter)
}

// retryable reports whether err is worth another try: network errors,
// timeouts, 408, 429 and 5xx. Limits, policy refusals and cancellation are not.
func retryable(err error) (bool, time.Duration) {
	if err == nil {
		return false, 0
	}
	var he *HTTPError
	if errors.As(err, &he) {
		switch {
		case he.Status == http.StatusTooManyRequests, he.Status == http.StatusRequestTimeout:
			return true, he.RetryAfter
		case he.Status >= 500 && he.Status != http.StatusNotImplemented:
			return true, he.RetryAfter
		}
		return false, 0
	}
	for _, e := range []error{ErrTooLarge, ErrNotHTML, ErrPrivateAddress, ErrScheme,
		ErrRobotsDisallowed, ErrTooManyRedirects, ErrDomain, errUnexpectedNotModified, context.Canceled} {
		if errors.Is(err, e) {
			return false, 0
		}
	}
	return true, 0
}

// do runs fn until it succeeds, fails for good, or the retries are spent.
// It returns the number of tries made and fn's last error.
func (p retryPolicy) do(ctx context.Context, fn func() error) (int, error) {
	sleep := p.Sleep
	if sleep == nil {
		sleep = sleepCtx
	}
	for attempt := 1; ; attempt++ {
		err := fn()
		ok, ra := retryable(err)
		if !ok || attempt > p.Retries || ctx.Err() != nil {
			return attempt, err
		}
		if ra > maxRetryAfter {
			return attempt, err
		}
		if serr := sleep(ctx, p.backoff(attempt, ra)); serr != nil {
			return attempt, err
		}
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
