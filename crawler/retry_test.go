package crawler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, in string
		want     time.Duration
	}{
		{"empty", "", 0},
		{"seconds", "120", 2 * time.Minute},
		{"spaces", " 5 ", 5 * time.Second},
		{"zero", "0", 0},
		{"negative", "-3", 0},
		{"huge seconds capped", "99999999999", 24 * time.Hour},
		{"http date", "Fri, 27 Nov 2026 12:00:30 GMT", 30 * time.Second},
		{"rfc850 date", "Friday, 27-Nov-26 12:01:00 GMT", time.Minute},
		{"asctime date", "Fri Nov 27 12:00:10 2026", 10 * time.Second},
		{"past date", "Fri, 27 Nov 2026 11:00:00 GMT", 0},
		{"garbage", "soon", 0},
		{"fraction", "1.5", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseRetryAfter(tt.in, now); got != tt.want {
				t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		name       string
		attempt    int
		rnd        float64
		retryAfter time.Duration
		want       time.Duration
	}{
		{"first, no jitter", 1, 0.5, 0, baseBackoff},
		{"first, low jitter", 1, 0, 0, baseBackoff / 2},
		{"second doubles", 2, 0.5, 0, 2 * baseBackoff},
		{"third", 3, 0.5, 0, 4 * baseBackoff},
		{"capped", 30, 0.99, 0, maxBackoff},
		{"retry-after wins", 1, 0.5, 7 * time.Second, 7 * time.Second},
		{"backoff over retry-after", 5, 0.5, time.Second, 16 * baseBackoff},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := retryPolicy{Rand: func() float64 { return tt.rnd }}
			if got := p.backoff(tt.attempt, tt.retryAfter); got != tt.want {
				t.Errorf("backoff(%d, %v) = %v, want %v", tt.attempt, tt.retryAfter, got, tt.want)
			}
		})
	}
}

func TestRetryPolicyDo(t *testing.T) {
	tests := []struct {
		name      string
		retries   int
		errs      []error // returned by successive calls; nil after the list
		wantCalls int
		wantErr   bool
		wantSleep []time.Duration
	}{
		{"success", 2, nil, 1, false, nil},
		{"500 then ok", 2, []error{&HTTPError{Status: 500}}, 2, false, []time.Duration{baseBackoff}},
		{"429 retry-after", 2, []error{&HTTPError{Status: 429, RetryAfter: 3 * time.Second}}, 2, false, []time.Duration{3 * time.Second}},
		{"always 503", 2, []error{&HTTPError{Status: 503}, &HTTPError{Status: 503}, &HTTPError{Status: 503}, &HTTPError{Status: 503}}, 3, true, []time.Duration{baseBackoff, 2 * baseBackoff}},
		{"no retries configured", 0, []error{&HTTPError{Status: 500}}, 1, true, nil},
		{"404 not retried", 3, []error{&HTTPError{Status: 404}}, 1, true, nil},
		{"too large not retried", 3, []error{fmt.Errorf("x: %w", ErrTooLarge)}, 1, true, nil},
		{"network error retried", 1, []error{io.ErrUnexpectedEOF}, 2, false, []time.Duration{baseBackoff}},
		{"retry-after too long", 3, []error{&HTTPError{Status: 429, RetryAfter: time.Hour}}, 1, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var slept []time.Duration
			p := retryPolicy{
				Retries: tt.retries,
				Rand:    func() float64 { return 0.5 },
				Sleep:   func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil },
			}
			calls := 0
			n, err := p.do(context.Background(), func() error {
				calls++
				if calls <= len(tt.errs) {
					return tt.errs[calls-1]
				}
				return nil
			})
			if calls != tt.wantCalls || n != tt.wantCalls {
				t.Errorf("calls = %d (reported %d), want %d", calls, n, tt.wantCalls)
			}
			if (err != nil) != tt.wantErr {
				t.Errorf("err = %v, want error: %v", err, tt.wantErr)
			}
			if fmt.Sprint(slept) != fmt.Sprint(tt.wantSleep) {
				t.Errorf("slept %v, want %v", slept, tt.wantSleep)
			}
		})
	}
}

func TestRetryStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	p := retryPolicy{Retries: 5, Sleep: func(ctx context.Context, d time.Duration) error { cancel(); return ctx.Err() }}
	_, err := p.do(ctx, func() error { calls++; return &HTTPError{Status: 503} })
	if calls != 1 || !errors.As(err, new(*HTTPError)) {
		t.Errorf("calls = %d, err = %v; want 1 call and the HTTP error", calls, err)
	}
}

func TestSleepCtx(t *testing.T) {
	if err := sleepCtx(context.Background(), 0); err != nil {
		t.Errorf("zero wait: %v", err)
	}
	if err := sleepCtx(context.Background(), time.Microsecond); err != nil {
		t.Errorf("tiny wait: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sleepCtx(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled wait: %v, want context.Canceled (and no hour-long sleep)", err)
	}
}
