package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"strings"
)

// help is the text of one command's --help; the flags are listed from its FlagSet.
type help struct {
	usage    string   // synopsis
	about    string   // what the command does, paragraphs
	examples []string // one command line each
}

func writeHelp(w io.Writer, fs *flag.FlagSet, h help) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "Usage: %s\n\n%s\n", h.usage, h.about)
	var own, global []*flag.Flag
	fs.VisitAll(func(f *flag.Flag) {
		if isGlobalFlag(f.Name) {
			global = append(global, f)
		} else {
			own = append(own, f)
		}
	})
	if len(own) > 0 {
		fmt.Fprintf(bw, "\nFlags:\n")
		writeFlags(bw, own)
	}
	fmt.Fprintf(bw, "\nGlobal flags (before or after the command name):\n")
	writeFlags(bw, global)
	if len(h.examples) > 0 {
		fmt.Fprintf(bw, "\nExamples:\n")
		for _, e := range h.examples {
			fmt.Fprintf(bw, "  %s\n", e)
		}
	}
	return bw.Flush()
}

// writeFlags lists flags GNU style: "--db PATH", the usage on the next line, and the default.
func writeFlags(w io.Writer, flags []*flag.Flag) {
	for _, f := range flags {
		name, usage := flag.UnquoteUsage(f)
		if name != "" {
			fmt.Fprintf(w, "  --%s %s\n", f.Name, name)
		} else {
			fmt.Fprintf(w, "  --%s\n", f.Name)
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "0s" {
			usage += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(w, "        %s\n", strings.ReplaceAll(usage, "\n", "\n        "))
	}
}

func writeTopHelp(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprint(bw, `newscrawl crawls news sites and feeds, extracts clean article text and stores it in SQLite.

Usage: newscrawl [--log-format text|json] [--log-level LEVEL] COMMAND [FLAGS] [ARGS]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(bw, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(bw, `
Global flags (before or after the command name):
  --log-format text|json               log format on stderr (default text)
  --log-level debug|info|warn|error    least severe log level shown (default info)

Flags are GNU style: --db PATH and --db=PATH both work. Data goes to stdout, logs to stderr.

Exit status: 0 on success (a crawl in which some pages failed still exits 0 and records the
failures in the database); 1 for a bad or missing config, an unusable database, a bad URL,
a fetch that failed or found no article; 2 for a usage error; 130 when interrupted.

Run "newscrawl help COMMAND" or "newscrawl COMMAND --help" for a command's flags and examples.
`)
	return bw.Flush()
}
