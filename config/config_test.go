package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/config/good")

const testdataDir = "../testdata/config"

// view is Config in a form that marshals to stable, readable JSON.
type view struct {
	DB        string
	UserAgent string
	Sources   []sourceView
}

type sourceView struct {
	Name                                       string
	Feeds, Sitemaps, StartURLs, AllowedDomains []string
	ArticlePattern                             string
	Schedule                                   string
	Delay, Timeout                             string
	Parallelism, Retries, MaxDepth             int
	MaxBody                                    int64
	AllowPrivateNetworks                       bool
}

func viewOf(c *Config) view {
	v := view{DB: c.DB, UserAgent: c.UserAgent}
	for _, s := range c.Sources {
		sv := sourceView{
			Name: s.Name, Feeds: s.Feeds, Sitemaps: s.Sitemaps, StartURLs: s.StartURLs,
			AllowedDomains: s.AllowedDomains, Schedule: s.Schedule,
			Delay: s.Delay.String(), Timeout: s.Timeout.String(),
			Parallelism: s.Parallelism, Retries: s.Retries, MaxDepth: s.MaxDepth,
			MaxBody: s.MaxBody, AllowPrivateNetworks: s.AllowPrivateNetworks,
		}
		if s.ArticlePattern != nil {
			sv.ArticlePattern = s.ArticlePattern.String()
		}
		v.Sources = append(v.Sources, sv)
	}
	return v
}

// TestGood parses every testdata/config/good/*.yaml as if it lived in
// /etc/newscrawl and compares the result with the .json golden file beside it.
func TestGood(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(testdataDir, "good", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no good configs: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			c, err := Parse(data, "/etc/newscrawl")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			got, err := json.MarshalIndent(viewOf(c), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(file, ".yaml") + ".json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./config -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from golden %s\n--- got\n%s\n--- want\n%s", file, golden, got, want)
			}
		})
	}
}

var wantRE = regexp.MustCompile(`^# want: line (\d+): (.*)$`)

// TestBad parses every testdata/config/bad/*.yaml. The first line of each
// says what the error must be: "# want: line N: substring".
func TestBad(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(testdataDir, "bad", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no bad configs: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".yaml"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := strings.Cut(string(data), "\n")
			m := wantRE.FindStringSubmatch(first)
			if m == nil {
				t.Fatalf("first line %q is not `# want: line N: substring`", first)
			}
			wantLine, _ := strconv.Atoi(m[1])
			c, err := Parse(data, "")
			if err == nil {
				t.Fatalf("Parse succeeded (%+v), want an error at line %d", c, wantLine)
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v (%T) is not a *config.Error", err, err)
			}
			if ce.Line != wantLine {
				t.Errorf("line = %d, want %d (error: %v)", ce.Line, wantLine, err)
			}
			if !strings.Contains(err.Error(), m[2]) {
				t.Errorf("error %q does not contain %q", err, m[2])
			}
			if !strings.HasPrefix(err.Error(), "config: ") {
				t.Errorf("error %q does not start with config:", err)
			}
			if wantLine > 0 && !strings.Contains(err.Error(), "line "+m[1]+": ") {
				t.Errorf("error %q does not name line %s", err, m[1])
			}
		})
	}
}

func TestErrorSentinels(t *testing.T) {
	src := "  - name: a\n    feeds: [https://example.com/feed]\n"
	tests := []struct {
		name string
		yaml string
		want error
	}{
		{"unknown key", "sources:\n" + src + "    delya: 1s\n", ErrUnknownKey},
		{"duplicate key", "db: a\ndb: b\nsources:\n" + src, ErrDuplicateKey},
		{"duplicate name", "sources:\n" + src + src, ErrDuplicateName},
		{"no sources", "sources: []\n", ErrNoSources},
		{"empty", "", ErrEmpty},
		{"blank", " \n\n", ErrEmpty},
		{"null document", "~\n", ErrEmpty},
		{"bad duration", "sources:\n" + src + "    delay: 1x\n", ErrInvalid},
		{"bad regexp", "sources:\n" + src + "    article_pattern: '('\n", ErrInvalid},
		{"multi-line regexp", "sources:\n" + src + "    article_pattern: \"(\\nx\"\n", ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "")
			if !errors.Is(err, tt.want) {
				t.Fatalf("Parse error = %v, want errors.Is %v", err, tt.want)
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %T is not *Error", err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q is more than one line", err)
			}
		})
	}
}

func TestInheritance(t *testing.T) {
	c, err := Load(filepath.Join(testdataDir, "good", "inherit.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		source                         string
		delay, timeout                 time.Duration
		parallelism, retries, maxDepth int
		maxBody                        int64
		private                        bool
		schedule                       string
	}{
		{"inherits", 3 * time.Second, time.Minute, 4, 5, 3, 512_000, true, "@every 2h"},
		{"zeroes", 0, time.Minute, 4, 0, 0, 512_000, false, "@every 2h"},
		{"overrides", 250 * time.Millisecond, 5 * time.Second, 1, 1, 2, 1 << 30, true, "15 6 * * 1-5"},
	}
	for _, tt := range tests {
		t.Run(tt.source, func(t *testing.T) {
			s, ok := c.Source(tt.source)
			if !ok {
				t.Fatalf("no source %q", tt.source)
			}
			if s.Delay != tt.delay || s.Timeout != tt.timeout {
				t.Errorf("delay, timeout = %v, %v; want %v, %v", s.Delay, s.Timeout, tt.delay, tt.timeout)
			}
			if s.Parallelism != tt.parallelism || s.Retries != tt.retries || s.MaxDepth != tt.maxDepth {
				t.Errorf("parallelism, retries, max_depth = %d, %d, %d; want %d, %d, %d",
					s.Parallelism, s.Retries, s.MaxDepth, tt.parallelism, tt.retries, tt.maxDepth)
			}
			if s.MaxBody != tt.maxBody || s.AllowPrivateNetworks != tt.private || s.Schedule != tt.schedule {
				t.Errorf("max_body, private, schedule = %d, %v, %q; want %d, %v, %q",
					s.MaxBody, s.AllowPrivateNetworks, s.Schedule, tt.maxBody, tt.private, tt.schedule)
			}
		})
	}
	if _, ok := c.Source("nope"); ok {
		t.Error(`Source("nope") found a source`)
	}
}

func TestBuiltinDefaults(t *testing.T) {
	c, err := Parse([]byte("sources:\n  - name: a\n    feeds: [https://Example.COM:8080/feed]\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	if c.DB != DefaultDB || c.UserAgent != DefaultUserAgent {
		t.Errorf("db, user_agent = %q, %q", c.DB, c.UserAgent)
	}
	s := c.Sources[0]
	want := Source{
		Name: "a", Feeds: []string{"https://Example.COM:8080/feed"}, AllowedDomains: []string{"example.com"},
		Schedule: DefaultSchedule, Delay: time.Second, Timeout: 20 * time.Second,
		Parallelism: 2, Retries: 2, MaxDepth: 1, MaxBody: 10_000_000,
	}
	if got, w := viewOf(&Config{Sources: []Source{s}}), viewOf(&Config{Sources: []Source{want}}); !jsonEqual(got, w) {
		t.Errorf("source = %+v\nwant     %+v", got.Sources[0], w.Sources[0])
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func TestDBPath(t *testing.T) {
	tests := []struct {
		name, db, dir, want string
	}{
		{"relative to dir", "news.db", "/etc/nc", "/etc/nc/news.db"},
		{"subdir", "data/news.db", "/etc/nc", "/etc/nc/data/news.db"},
		{"parent", "../news.db", "/etc/nc", "/etc/news.db"},
		{"absolute", "/var/news.db", "/etc/nc", "/var/news.db"},
		{"no dir", "news.db", "", "news.db"},
		{"default", "", "/etc/nc", "/etc/nc/news.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y := "sources:\n  - name: a\n    feeds: [https://example.com/]\n"
			if tt.db != "" {
				y = "db: " + tt.db + "\n" + y
			}
			c, err := Parse([]byte(y), tt.dir)
			if err != nil {
				t.Fatal(err)
			}
			if c.DB != filepath.FromSlash(tt.want) {
				t.Errorf("DB = %q, want %q", c.DB, tt.want)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	t.Run("relative db next to the file", func(t *testing.T) {
		p := filepath.Join(dir, "ok.yaml")
		os.WriteFile(p, []byte("db: x.db\nsources:\n  - name: a\n    feeds: [https://example.com/]\n"), 0o644)
		c, err := Load(p)
		if err != nil {
			t.Fatal(err)
		}
		if c.DB != filepath.Join(dir, "x.db") {
			t.Errorf("DB = %q", c.DB)
		}
	})
	t.Run("missing file", func(t *testing.T) {
		_, err := Load(filepath.Join(dir, "missing.yaml"))
		if !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "config: ") {
			t.Fatalf("err = %v, want config: ... not exist", err)
		}
	})
	t.Run("empty file", func(t *testing.T) {
		p := filepath.Join(dir, "empty.yaml")
		os.WriteFile(p, nil, 0o644)
		_, err := Load(p)
		if !errors.Is(err, ErrEmpty) || !strings.Contains(err.Error(), p) {
			t.Fatalf("err = %v, want ErrEmpty naming %s", err, p)
		}
	})
	t.Run("error names file and line", func(t *testing.T) {
		p := filepath.Join(dir, "bad.yaml")
		os.WriteFile(p, []byte("sources:\n  - name: a\n    feeds: [https://example.com/]\n    delya: 1s\n"), 0o644)
		_, err := Load(p)
		want := "config: " + p + ": line 4: sources[0].delya: unknown key"
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Fatalf("err = %v, want prefix %q", err, want)
		}
	})
}

func TestDefault(t *testing.T) {
	c := Default()
	if c.DB != "news.db" {
		t.Errorf("DB = %q, want news.db", c.DB)
	}
	if len(c.Sources) < 3 {
		t.Fatalf("only %d sources", len(c.Sources))
	}
	for _, s := range c.Sources {
		if len(s.Feeds) == 0 || s.Schedule == "" || len(s.AllowedDomains) == 0 {
			t.Errorf("source %q: feeds %v, schedule %q, allowed %v", s.Name, s.Feeds, s.Schedule, s.AllowedDomains)
		}
		if s.Delay < time.Second || s.AllowPrivateNetworks {
			t.Errorf("source %q is not polite: delay %v, private %v", s.Name, s.Delay, s.AllowPrivateNetworks)
		}
		if _, err := ParseSchedule(s.Schedule); err != nil {
			t.Errorf("source %q: %v", s.Name, err)
		}
	}
	// Each call is a fresh value.
	c.Sources[0].Name = "changed"
	if Default().Sources[0].Name == "changed" {
		t.Error("Default shares state between calls")
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{"10MB", 10_000_000, false},
		{"512KB", 512_000, false},
		{"1GiB", 1 << 30, false},
		{"1048576", 1 << 20, false},
		{"2 MiB", 2 << 20, false},
		{"10mb", 10_000_000, false},
		{"1.5MB", 1_500_000, false},
		{"100B", 100, false},
		{"0", 0, false},
		{"1TiB", 1 << 40, false},
		{"", 0, true},
		{"MB", 0, true},
		{"-1", 0, true},
		{"-5MB", 0, true},
		{"10XB", 0, true},
		{"1.5", 0, true},
		{"1.2.3MB", 0, true},
		{"99999999999999999999", 0, true},
		{"9999999999TiB", 0, true},
		{"10 MB extra", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseSize(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("ParseSize(%q) = %d, %v; want %d, err %v", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestParseSchedule(t *testing.T) {
	tests := []struct {
		spec string
		ok   bool
	}{
		{"*/30 * * * *", true},
		{"@hourly", true},
		{"@daily", true},
		{"@every 45m", true},
		{"0 6 * * MON-FRI", true},
		{"CRON_TZ=Europe/Berlin 0 6 * * *", true},
		{"", false},
		{"* * * *", false},
		{"0 0 * * * *", false},
		{"60 * * * *", false},
		{"TZ=", false},
		{"TZ=UTC", false},
		{"CRON_TZ=Nowhere/Else 0 * * * *", false},
		{"@every -1m", false},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			_, err := ParseSchedule(tt.spec)
			if (err == nil) != tt.ok {
				t.Errorf("ParseSchedule(%q) err = %v, want ok=%v", tt.spec, err, tt.ok)
			}
		})
	}
}

// TestLoadFileErrors: a path that is not a readable file gives one plain line
// naming the path once, not the os package's "read open PATH: ...".
func TestLoadFileErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "x.yaml")
	tests := []struct {
		name, path, want string
		is               error // errors.Is must hold; nil: not checked
	}{
		{"directory", dir, "config: " + dir + " is a directory, not a config file", nil},
		{"missing file", missing, "config: " + missing + ": no such file", fs.ErrNotExist},
		{"missing folder", filepath.Join(dir, "no", "x.yaml"), "config: " + filepath.Join(dir, "no", "x.yaml") + ": no such file", fs.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.path)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.is)
			}
		})
	}
}

// TestTabHint: yaml.v3's message for a tab used as indentation does not
// mention tabs; the error says so when the failing line holds a tab, and only then.
func TestTabHint(t *testing.T) {
	const hint = "(tabs are not allowed for indentation in YAML; use spaces)"
	tests := []struct {
		name, src string
		line      int
		wantHint  bool
	}{
		{"tab before list item", "sources:\n\t- name: a\n", 2, true},
		{"tab in nested list", "db: x\nsources:\n  - name: a\n    feeds:\n\t- https://example.com/\n", 5, true},
		{"tab under mapping", "sources:\n  - name: a\n\tfeeds: [https://example.com/]\n", 3, true},
		{"same error without a tab", "sources:\n  - name: \"a\tb\"\n    feeds: [https://example.com/]\n    x: @y\n", 4, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.src), "")
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *config.Error", err)
			}
			if ce.Line != tt.line {
				t.Errorf("line %d, want %d (%v)", ce.Line, tt.line, err)
			}
			if got := strings.Contains(err.Error(), hint); got != tt.wantHint {
				t.Errorf("err = %q, hint shown %v, want %v", err, got, tt.wantHint)
			}
		})
	}
}
