package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"newscrawl/store"
)

var statsDoc = help{
	usage: "newscrawl stats [--db PATH]",
	about: `Shows what the database holds: article counts per source (all, unique, duplicates) with each
source's last run, articles fetched per day over the last two weeks, and the most recent
failures (days without articles are left out). Articles stored by fetch appear under the source "(fetch)".`,
	examples: []string{"newscrawl stats --db news.db"},
}

func runStats(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("stats")
	dbPath := readerDBFlag(fs)
	operands, err := g.parse(fs, statsDoc, args, stdout)
	if err != nil {
		return err
	}
	if len(operands) > 0 {
		return usagef("stats", "unexpected argument %q", operands[0])
	}
	db, err := openReadOnly(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := db.Stats(ctx)
	if err != nil {
		return err
	}
	if err := writeStats(stdout, *dbPath, st); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}

func writeStats(w io.Writer, path string, st store.Stats) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s: %d articles, %d unique, %d duplicates\n\n", path, st.Articles, st.Unique, st.Duplicates)
	fmt.Fprintf(tw, "source\tarticles\tunique\tduplicates\tlast run\tpages\tnew\tupdated\terrors\n")
	for _, s := range st.Sources {
		name := s.Source
		if name == "" {
			name = "(fetch)"
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t", name, s.Articles, s.Unique, s.Duplicates)
		if r := s.LastRun; r != nil {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\n", runTime(r), r.Pages, r.New, r.Updated, r.Errors)
		} else {
			fmt.Fprintf(tw, "-\t\t\t\t\n")
		}
	}
	header := "\nday\tarticles fetched\n"
	for _, d := range st.PerDay {
		if d.Articles > 0 {
			fmt.Fprintf(tw, "%s%s\t%d\n", header, d.Day, d.Articles)
			header = ""
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(st.RecentFailures) == 0 {
		_, err := fmt.Fprintf(w, "\nno failures recorded\n")
		return err
	}
	fmt.Fprintf(w, "\nrecent failures (newest first):\n")
	for _, f := range st.RecentFailures {
		status := "-"
		if f.Status != 0 {
			status = fmt.Sprint(f.Status)
		}
		if _, err := fmt.Fprintf(w, "  %s  %s  %s  %s  %s\n", f.At.UTC().Format(time.RFC3339), orDash(f.Source),
			status, f.URL, oneLine(f.Error)); err != nil {
			return err
		}
	}
	return nil
}

// runTime is when a run started, marked when it never finished.
func runTime(r *store.Run) string {
	s := r.StartedAt.UTC().Format(time.RFC3339)
	if r.FinishedAt.IsZero() {
		s += " (unfinished)"
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
