// Package config reads newscrawl's YAML configuration (see CONTRACT.md,
// "Config (YAML)") into one flat Source per configured source, with the
// built-in defaults, the `defaults:` block and the per-source keys already
// merged.
//
// Parsing is strict: unknown or duplicate keys, values of the wrong kind, bad
// durations, sizes, regexps, cron specs and URLs are errors that name the line
// and the field, as an *Error.
//
// Decisions the contract leaves open:
//   - parallelism, timeout and max_body must be positive: 0 is an error, not
//     "use the default" (leave the key out for that). delay, retries and
//     max_depth may be 0, and an explicit 0 in a source overrides `defaults:`.
//   - Sizes: KB/MB/GB/TB are powers of 1000, KiB/MiB/GiB/TiB powers of 1024
//     (see ParseSize); a plain integer is bytes.
//   - schedule defaults to DefaultSchedule and may also be set in `defaults:`.
//   - A source needs at least one of feeds, sitemaps or start_urls.
//   - A list key also accepts a single string.
//   - Top-level keys starting with "x-" are ignored: a place for YAML anchors.
//     Anchors, aliases and merge keys (<<) work everywhere.
package config

import (
	"bytes"
	_ "embed"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"syscall"
	"time"

	"go.yaml.in/yaml/v3"
)

// Built-in defaults (CONTRACT.md).
const (
	DefaultUserAgent   = "newscrawl/1.0 (+https://github.com/newscrawl/newscrawl)"
	DefaultDB          = "news.db"
	DefaultDelay       = time.Second
	DefaultParallelism = 2
	DefaultTimeout     = 20 * time.Second
	DefaultMaxBody     = 10 * 1000 * 1000 // 10MB
	DefaultRetries     = 2
	DefaultMaxDepth    = 1
	DefaultSchedule    = "@hourly"
)

// Config is a parsed and validated configuration.
type Config struct {
	DB        string // resolved relative to the config file's folder
	UserAgent string
	Sources   []Source // defaults already merged in
}

// Source is one configured source with every setting resolved.
type Source struct {
	Name                                       string
	Feeds, Sitemaps, StartURLs, AllowedDomains []string       // AllowedDomains defaulted to hosts of the URLs
	ArticlePattern                             *regexp.Regexp // nil when not given
	Schedule                                   string         // cron spec, validated with robfig/cron/v3 standard parser
	Delay, Timeout                             time.Duration
	Parallelism, Retries, MaxDepth             int
	MaxBody                                    int64 // bytes
	AllowPrivateNetworks                       bool
}

// Source returns the source called name.
func (c *Config) Source(name string) (Source, bool) {
	for _, s := range c.Sources {
		if s.Name == name {
			return s, true
		}
	}
	return Source{}, false
}

// Load reads and parses the config file at path. Relative paths in it (db)
// are resolved against the file's folder.
func Load(path string) (*Config, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(path)
	c, err := Parse(data, dir)
	if err != nil {
		var ce *Error
		if errors.As(err, &ce) {
			ce.File = path
		}
		return nil, err
	}
	return c, nil
}

// readFile reads the config file; its errors are one plain line that names
// the path once ("config: /x.yaml: no such file", "config: /tmp is a
// directory, not a config file") and unwrap to the *fs.PathError, so
// errors.Is(err, fs.ErrNotExist) holds for a missing file.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, newFileError(path, err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, &fileError{msg: "config: " + path + " is a directory, not a config file",
			err: &fs.PathError{Op: "read", Path: path, Err: syscall.EISDIR}}
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, newFileError(path, err)
	}
	return data, nil
}

// Parse parses a YAML config. dir is the folder relative paths are resolved
// against ("" leaves them relative to the working directory).
func Parse(data []byte, dir string) (*Config, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{Err: ErrEmpty}
		}
		return nil, yamlError(data, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, errorf(extra.Line, "", "more than one YAML document")
	} else if !errors.Is(err, io.EOF) {
		return nil, yamlError(data, err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return nil, &Error{Err: ErrEmpty}
		}
		root = root.Content[0]
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil, &Error{Line: root.Line, Err: ErrEmpty}
	}
	c, err := decodeConfig(root)
	if err != nil {
		return nil, err
	}
	if dir != "" && !filepath.IsAbs(c.DB) {
		c.DB = filepath.Join(dir, c.DB)
	}
	return c, nil
}

//go:embed default.yaml
var defaultYAML []byte

// DefaultYAML returns the text of the built-in config.
func DefaultYAML() []byte { return bytes.Clone(defaultYAML) }

// Default returns the built-in config: a few well-known public news feeds,
// stored in news.db in the working directory. Each call returns a fresh value.
func Default() *Config {
	c, err := Parse(defaultYAML, "")
	if err != nil {
		panic("config: built-in default config is invalid: " + err.Error())
	}
	return c
}
