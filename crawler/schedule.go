package crawler

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/robfig/cron/v3"

	"newscrawl/config"
)

// scheduled is a source and when it runs next.
type scheduled struct {
	src   config.Source
	sched cron.Schedule
	next  time.Time
}

func (c *Crawler) after(d time.Duration) <-chan time.Time {
	if c.After != nil {
		return c.After(d)
	}
	return time.After(d)
}

// Run is `newscrawl run`: a first pass of every source, then each source
// whenever its cron schedule (robfig/cron standard syntax, used only to
// compute next times) comes due. Passes run one at a time, so a source never
// overlaps itself and two sources never double a host's request rate; a
// pass that overruns delays the next due ones, and missed ticks coalesce.
// When ctx is cancelled Run starts nothing new, lets the pass in flight
// commit or roll back, and returns nil. A pass that fails for a database
// reason is logged and the loop goes on.
func (c *Crawler) Run(ctx context.Context) error {
	if c.Config == nil || c.DB == nil {
		return errors.New("crawler: run needs a config and a database")
	}
	var all []*scheduled
	for _, src := range c.Config.Sources {
		spec := src.Schedule
		if spec == "" {
			spec = config.DefaultSchedule
		}
		s, err := config.ParseSchedule(spec) // guards cron v3's panics on some specs
		if err != nil {
			return fmt.Errorf("crawler: source %s: schedule %q: %w", src.Name, spec, err)
		}
		all = append(all, &scheduled{src: src, sched: s})
	}
	log := c.logger()
	runOne := func(e *scheduled) {
		if _, err := c.Pass(ctx, []config.Source{e.src}); err != nil && ctx.Err() == nil {
			log.Error("pass failed", "source", e.src.Name, "error", err)
		}
		e.next = e.sched.Next(c.now())
	}
	for _, e := range all {
		if ctx.Err() != nil {
			return nil
		}
		runOne(e)
	}
	for len(all) > 0 {
		first := all[0]
		for _, e := range all[1:] {
			if e.next.Before(first.next) {
				first = e
			}
		}
		if wait := first.next.Sub(c.now()); wait > 0 {
			log.Debug("waiting", "source", first.src.Name, "next", first.next)
			select {
			case <-ctx.Done():
				return nil
			case <-c.after(wait):
			}
		}
		now := c.now()
		for _, e := range all {
			if ctx.Err() != nil {
				return nil
			}
			if !e.next.After(now) {
				runOne(e)
			}
		}
	}
	<-ctx.Done()
	return nil
}
