package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"
)

// command is one subcommand of newscrawl. Each lives in its own file with its own FlagSet.
type command struct {
	name    string
	summary string // one line for "newscrawl help"
	run     func(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error
}

// commands lists the subcommands in the order "newscrawl help" shows them.
func commands() []command {
	return []command{
		{"crawl", "one pass over the configured sources, then exit (what cron runs)", runCrawl},
		{"run", "stay up and crawl each source on its schedule until SIGINT/SIGTERM", runRun},
		{"fetch", "fetch URLs, extract the articles, print them (and store with --db)", runFetch},
		{"extract", "extract the article from saved HTML files", runExtract},
		{"export", "write stored articles out as JSON lines or CSV", runExport},
		{"search", "full-text search over stored articles", runSearch},
		{"stats", "counts per source, last runs, recent failures", runStats},
		{"help", "explain a command and its flags", runHelp},
	}
}

func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// errHelpShown ends a command after it printed its help; run turns it into success.
var errHelpShown = errors.New("help shown")

// run is the whole program: global flags, then the command and its arguments.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	g := &globals{logFormat: "text", logLevel: "info", stdin: os.Stdin, stderr: stderr}
	fs := flag.NewFlagSet("newscrawl", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	g.define(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return writeTopHelp(stdout)
		}
		return usagef("", "%s", flagMessage(fs, err))
	}
	if err := g.validate(""); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("", "no command given")
	}
	name := fs.Arg(0)
	cmd, ok := lookup(name)
	if !ok {
		return usagef("", "unknown command %q", name)
	}
	err := cmd.run(ctx, g, fs.Args()[1:], stdout, stderr)
	if errors.Is(err, errHelpShown) {
		return nil
	}
	return err
}

// globals are the flags every command accepts, before or after its name.
type globals struct {
	logFormat string
	logLevel  string
	stdin     io.Reader // what extract reads for "-"
	stderr    io.Writer // where logs go
}

func (g *globals) define(fs *flag.FlagSet) {
	fs.StringVar(&g.logFormat, "log-format", g.logFormat, "write logs on stderr as `text|json`")
	fs.StringVar(&g.logLevel, "log-level", g.logLevel, "show logs at level `debug|info|warn|error` and above")
}

func isGlobalFlag(name string) bool { return name == "log-format" || name == "log-level" }

func (g *globals) validate(cmd string) error {
	if g.logFormat != "text" && g.logFormat != "json" {
		return usagef(cmd, "--log-format must be text or json, not %q", g.logFormat)
	}
	if _, err := g.level(); err != nil {
		return usagef(cmd, "--log-level must be debug, info, warn or error, not %q", g.logLevel)
	}
	return nil
}

func (g *globals) level() (slog.Level, error) {
	var l slog.Level
	err := l.UnmarshalText([]byte(g.logLevel))
	return l, err
}

// logger builds the one logger of the process, on stderr; call after validate.
func (g *globals) logger() *slog.Logger {
	level, _ := g.level()
	opts := &slog.HandlerOptions{Level: level}
	if g.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(g.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(g.stderr, opts))
}

// flagSet starts a command's FlagSet; the global flags are defined on it too.
func (g *globals) flagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	g.define(fs)
	return fs
}

// parse parses a command's arguments GNU style: flags and operands may be mixed, "--" ends the
// flags. On --help it prints the command's help to stdout and returns errHelpShown.
func (g *globals) parse(fs *flag.FlagSet, h help, args []string, stdout io.Writer) ([]string, error) {
	var operands []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				if err := writeHelp(stdout, fs, h); err != nil {
					return nil, err
				}
				return nil, errHelpShown
			}
			return nil, usagef(fs.Name(), "%s", flagMessage(fs, err))
		}
		rest := fs.Args()
		used := len(args) - len(rest)
		if len(rest) == 0 || (used > 0 && args[used-1] == "--") {
			operands = append(operands, rest...)
			break
		}
		operands = append(operands, rest[0])
		args = rest[1:]
	}
	if err := g.validate(fs.Name()); err != nil {
		return nil, err
	}
	if err := noEmptyPath(fs); err != nil {
		return nil, err
	}
	return operands, nil
}

// pathFlags are the flags naming a file whose empty value would silently mean "the default".
var pathFlags = []string{"db", "config"}

// noEmptyPath refuses --db ” and --config ” given explicitly (an unset variable in a script,
// most likely): left alone, the command would quietly use the config's or the default database.
func noEmptyPath(fs *flag.FlagSet) error {
	var err error
	fs.Visit(func(f *flag.Flag) {
		if err == nil && slices.Contains(pathFlags, f.Name) && f.Value.String() == "" {
			err = usagef(fs.Name(), "--%s is empty: give a path, or leave the flag out", f.Name)
		}
	})
	return err
}

// flagValueRE matches the flag package's bad-value messages, for non-boolean and boolean flags.
var flagValueRE = regexp.MustCompile(`^invalid (?:boolean )?value (".*") for (?:flag )?-(\S+): (.*)$`)

// flagMessage rewrites the flag package's messages in the GNU spelling users type, and says
// what a typed flag expects instead of "parse error".
func flagMessage(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return "unknown flag --" + strings.TrimLeft(name, "-")
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return "flag --" + strings.TrimLeft(name, "-") + " needs a value"
	}
	if m := flagValueRE.FindStringSubmatch(msg); m != nil {
		value, name, reason := m[1], m[2], m[3]
		if want := expected(fs.Lookup(name), reason); want != "" {
			return fmt.Sprintf("--%s: %s %s", name, value, want)
		}
		return fmt.Sprintf("--%s: bad value %s: %s", name, value, reason)
	}
	return strings.Replace(msg, " for flag -", " for --", 1)
}

// expected says what f takes, completing `--name: "value" ...`; "" for flags of other types.
func expected(f *flag.Flag, reason string) string {
	if f == nil {
		return ""
	}
	getter, ok := f.Value.(flag.Getter)
	if !ok {
		return ""
	}
	outOfRange := strings.Contains(reason, "out of range")
	switch getter.Get().(type) {
	case time.Duration:
		return "is not a duration (use a unit, e.g. 20s, 1m)"
	case int, int64, uint, uint64:
		if outOfRange {
			return "is out of range"
		}
		return "is not a whole number"
	case float64:
		if outOfRange {
			return "is out of range"
		}
		return "is not a number"
	case bool:
		return "is not true or false"
	}
	return ""
}

// stringList is a repeatable string flag (--source a --source b).
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func runHelp(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("help")
	operands, err := g.parse(fs, helpDoc, args, stdout)
	if err != nil {
		return err
	}
	switch len(operands) {
	case 0:
		return writeTopHelp(stdout)
	case 1:
		cmd, ok := lookup(operands[0])
		if !ok {
			return usagef("", "unknown command %q", operands[0])
		}
		return cmd.run(ctx, g, []string{"--help"}, stdout, stderr)
	default:
		return usagef("help", "help takes at most one command name")
	}
}

var helpDoc = help{
	usage: "newscrawl help [COMMAND]",
	about: "Without COMMAND, lists the commands; with it, explains that command and its flags.\n" +
		"\"newscrawl COMMAND --help\" does the same.",
	examples: []string{"newscrawl help", "newscrawl help fetch"},
}

// formatFlag checks a --format value against the formats a command knows.
func formatFlag(cmd, got string, known ...string) error {
	for _, k := range known {
		if got == k {
			return nil
		}
	}
	return usagef(cmd, "--format must be one of %s, not %q", strings.Join(known, ", "), got)
}

// parseHTTPURL accepts an absolute http or https URL. Its errors do not repeat the URL: the
// caller names it.
func parseHTTPURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return nil, errors.New("bad URL")
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, errors.New("bad URL: want an http:// or https:// URL")
	case u.Host == "":
		return nil, errors.New("bad URL: no host")
	}
	return u, nil
}
