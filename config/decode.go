package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"go.yaml.in/yaml/v3"
	"golang.org/x/net/idna"
)

// The config is decoded by walking the yaml.Node tree rather than by
// yaml.Decoder.Decode into a struct: the walk checks keys against the same
// schema KnownFields(true) would, but every error, not only unknown keys,
// comes out as an *Error with the line and the field, and "key absent" can be
// told from "key set to 0".

var (
	topKeys      = []string{"db", "user_agent", "defaults", "sources"}
	settingKeys  = []string{"delay", "parallelism", "timeout", "max_body", "retries", "max_depth", "allow_private_networks", "schedule"}
	sourceOnly   = []string{"name", "feeds", "sitemaps", "start_urls", "allowed_domains", "article_pattern"}
	sourceKeys   = append(append([]string{}, sourceOnly...), settingKeys...)
	yamlLineRE   = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	maxMergeDeep = 8
)

// yamlError turns a yaml.v3 syntax error into an *Error with its line.
//
// yaml.v3 reports the line of the enclosing collection, 0-based for parser
// errors and 1-based for scanner errors, and no line at all for problems on
// the first line or in the byte stream. So the line is found again: it is the
// first line at which the document, cut off after that line, already fails
// with the same message.
func yamlError(data []byte, err error) error {
	msg := err.Error()
	line := 0
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = "yaml: " + m[2]
	}
	if l := failingLine(data, msg); l > 0 {
		line = l
	}
	if isTabError(msg) && strings.Contains(lineText(data, line), "\t") {
		msg += tabHint
	}
	return &Error{Line: line, Err: &invalidError{msg: msg}}
}

// tabHint follows yaml.v3's words for a tab where indentation is expected,
// which do not say that the tab is the problem.
const tabHint = " (tabs are not allowed for indentation in YAML; use spaces)"

func isTabError(msg string) bool {
	return strings.HasSuffix(msg, "found character that cannot start any token") ||
		strings.HasSuffix(msg, "found a tab character that violates indentation")
}

// lineText is the 1-based line n of data, "" when there is no such line.
func lineText(data []byte, n int) string {
	if n < 1 {
		return ""
	}
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(data, '\n')
		if j < 0 {
			return ""
		}
		data = data[j+1:]
	}
	line, _, _ := bytes.Cut(data, []byte("\n"))
	return string(line)
}

const maxRescanLines = 1000

func failingLine(data []byte, msg string) int {
	end, n := 0, 0
	for end < len(data) && n < maxRescanLines {
		i := bytes.IndexByte(data[end:], '\n')
		if i < 0 {
			end = len(data)
		} else {
			end += i + 1
		}
		n++
		var doc yaml.Node
		dec := yaml.NewDecoder(bytes.NewReader(data[:end]))
		for {
			err := dec.Decode(&doc)
			if err == nil {
				continue
			}
			if errors.Is(err, io.EOF) {
				break
			}
			got := err.Error()
			if m := yamlLineRE.FindStringSubmatch(got); m != nil {
				got = "yaml: " + m[2]
			}
			if got == msg {
				return n
			}
			break
		}
	}
	return 0
}

// settings are the inheritable keys; nil means "not set here".
type settings struct {
	Delay, Timeout                 *time.Duration
	Parallelism, Retries, MaxDepth *int
	MaxBody                        *int64
	AllowPrivateNetworks           *bool
	Schedule                       *string
}

func builtinSettings() settings {
	d, t := DefaultDelay, DefaultTimeout
	p, r, m := DefaultParallelism, DefaultRetries, DefaultMaxDepth
	b := int64(DefaultMaxBody)
	a := false
	s := DefaultSchedule
	return settings{&d, &t, &p, &r, &m, &b, &a, &s}
}

// over returns s with every key set in o replaced.
func (s settings) over(o settings) settings {
	s.Delay = override(s.Delay, o.Delay)
	s.Timeout = override(s.Timeout, o.Timeout)
	s.Parallelism = override(s.Parallelism, o.Parallelism)
	s.Retries = override(s.Retries, o.Retries)
	s.MaxDepth = override(s.MaxDepth, o.MaxDepth)
	s.MaxBody = override(s.MaxBody, o.MaxBody)
	s.AllowPrivateNetworks = override(s.AllowPrivateNetworks, o.AllowPrivateNetworks)
	s.Schedule = override(s.Schedule, o.Schedule)
	return s
}

// override is v when it was set (non-nil), else base.
func override[T any](base, v *T) *T {
	if v != nil {
		return v
	}
	return base
}

type pair struct {
	key      string
	keyNode  *yaml.Node
	val      *yaml.Node
	fullPath string
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// resolve follows aliases.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxMergeDeep; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.DocumentNode:
		return "a document"
	}
	if n.Tag == "!!null" {
		return "nothing"
	}
	return fmt.Sprintf("%q", n.Value)
}

// mapping returns the key/value pairs of a mapping node, in document order,
// with merge keys (<<) expanded, checking every key against known.
func mapping(n *yaml.Node, path string, known []string) ([]pair, error) {
	n = resolve(n)
	if isNull(n) {
		return nil, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, errorf(n.Line, path, "want a mapping of keys, got %s", kindName(n))
	}
	var explicit, merged []pair
	if err := collect(n, path, known, &explicit, &merged, 0); err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(explicit))
	for _, p := range explicit {
		seen[p.key] = true
	}
	out := explicit
	for _, p := range merged {
		if !seen[p.key] {
			seen[p.key] = true
			out = append(out, p)
		}
	}
	return out, nil
}

func collect(n *yaml.Node, path string, known []string, explicit, merged *[]pair, depth int) error {
	if depth > maxMergeDeep {
		return errorf(n.Line, path, "merge keys nested too deep")
	}
	first := make(map[string]int)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		kr := resolve(k)
		if kr == nil || kr.Kind != yaml.ScalarNode {
			return errorf(k.Line, path, "keys must be plain strings")
		}
		if kr.Tag == "!!merge" {
			var srcs []*yaml.Node
			vr := resolve(v)
			switch {
			case vr != nil && vr.Kind == yaml.MappingNode:
				srcs = []*yaml.Node{vr}
			case vr != nil && vr.Kind == yaml.SequenceNode:
				for _, e := range vr.Content {
					srcs = append(srcs, resolve(e))
				}
			}
			for _, m := range srcs {
				if m == nil || m.Kind != yaml.MappingNode {
					return errorf(k.Line, path, "<< must merge a mapping or a list of mappings")
				}
				var sub []pair
				if err := collect(m, path, known, &sub, &sub, depth+1); err != nil {
					return err
				}
				*merged = append(*merged, sub...)
			}
			continue
		}
		key := kr.Value
		field := join(path, key)
		if prev, dup := first[key]; dup {
			return &Error{Line: k.Line, Field: field, Err: fmt.Errorf("%w %q (first at line %d)", ErrDuplicateKey, key, prev)}
		}
		first[key] = k.Line
		if path == "" && strings.HasPrefix(key, "x-") {
			continue // extension keys, a place for YAML anchors (as in compose files)
		}
		if !contains(known, key) {
			err := fmt.Errorf("%w %q", ErrUnknownKey, key)
			if s := suggest(key, known); s != "" {
				err = fmt.Errorf("%w %q (did you mean %q?)", ErrUnknownKey, key, s)
			}
			return &Error{Line: k.Line, Field: field, Err: err}
		}
		*explicit = append(*explicit, pair{key: key, keyNode: k, val: v, fullPath: field})
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// suggest returns the known key closest to key, if it is close enough to be
// a typo.
func suggest(key string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := editDistance(strings.ToLower(key), k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 1 << 30
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// scalar returns the value of a scalar node, rejecting lists, mappings and
// empty values.
func scalar(n *yaml.Node, field string) (string, error) {
	n = resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		if n == nil {
			return "", errorf(0, field, "want a value")
		}
		return "", errorf(n.Line, field, "want a single value, got %s", kindName(n))
	}
	if n.Tag == "!!null" {
		return "", errorf(n.Line, field, "missing value")
	}
	return n.Value, nil
}

func str(n *yaml.Node, field string) (string, error) {
	s, err := scalar(n, field)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(s) == "" {
		return "", errorf(resolve(n).Line, field, "must not be empty")
	}
	return s, nil
}

func integer(n *yaml.Node, field string) (int, error) {
	s, err := scalar(n, field)
	if err != nil {
		return 0, err
	}
	n = resolve(n)
	var v int
	if n.Tag != "!!int" || n.Decode(&v) != nil {
		return 0, errorf(n.Line, field, "want a whole number, got %q", s)
	}
	if v < 0 {
		return 0, errorf(n.Line, field, "must not be negative, got %d", v)
	}
	return v, nil
}

func boolean(n *yaml.Node, field string) (bool, error) {
	s, err := scalar(n, field)
	if err != nil {
		return false, err
	}
	n = resolve(n)
	var v bool
	if n.Tag != "!!bool" || n.Decode(&v) != nil {
		return false, errorf(n.Line, field, "want true or false, got %q", s)
	}
	return v, nil
}

func duration(n *yaml.Node, field string) (time.Duration, error) {
	s, err := scalar(n, field)
	if err != nil {
		return 0, err
	}
	line := resolve(n).Line
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, errorf(line, field, "bad duration %q: want a number with a unit, e.g. 1s, 500ms, 2m", s)
	}
	if d < 0 {
		return 0, errorf(line, field, "must not be negative, got %s", s)
	}
	return d, nil
}

func size(n *yaml.Node, field string) (int64, error) {
	s, err := scalar(n, field)
	if err != nil {
		return 0, err
	}
	v, err := ParseSize(s)
	if err != nil {
		return 0, errorf(resolve(n).Line, field, "%s", err.Error())
	}
	return v, nil
}

// strings returns a list of strings; a single string is a list of one.
func stringList(n *yaml.Node, field string) ([]string, error) {
	r := resolve(n)
	if isNull(r) {
		return nil, nil
	}
	if r.Kind == yaml.ScalarNode {
		s, err := str(r, field)
		if err != nil {
			return nil, err
		}
		return []string{s}, nil
	}
	if r.Kind != yaml.SequenceNode {
		return nil, errorf(r.Line, field, "want a list of strings, got %s", kindName(r))
	}
	out := make([]string, 0, len(r.Content))
	for i, e := range r.Content {
		s, err := str(e, fmt.Sprintf("%s[%d]", field, i))
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// ParseSchedule checks a cron spec with robfig/cron/v3's standard parser:
// five fields (minute hour day-of-month month day-of-week), descriptors such as
// @hourly and @every 30m, and an optional CRON_TZ=Zone prefix.
func ParseSchedule(spec string) (cron.Schedule, error) {
	spec = strings.TrimSpace(spec)
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		// cron v3.0.1 slices out of range when the zone is not followed by a space.
		if !strings.Contains(spec, " ") {
			return nil, fmt.Errorf("time zone %q must be followed by a schedule", spec)
		}
	}
	if rest, ok := strings.CutPrefix(spec, "@every "); ok {
		d, err := time.ParseDuration(strings.TrimSpace(rest))
		if err != nil {
			return nil, fmt.Errorf("bad duration in %q: %w", spec, err)
		}
		if d < time.Second {
			return nil, fmt.Errorf("@every needs at least 1s, got %s", rest)
		}
	}
	return parseCron(spec)
}

func parseCron(spec string) (s cron.Schedule, err error) {
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, fmt.Errorf("cannot parse cron spec: %v", r)
		}
	}()
	return cron.ParseStandard(spec)
}

func decodeSetting(p pair, s *settings) error {
	var err error
	switch p.key {
	case "delay":
		var d time.Duration
		d, err = duration(p.val, p.fullPath)
		s.Delay = &d
	case "timeout":
		var d time.Duration
		if d, err = duration(p.val, p.fullPath); err == nil && d == 0 {
			err = errorf(resolve(p.val).Line, p.fullPath, "must be more than 0 (leave it out for the default %s)", DefaultTimeout)
		}
		s.Timeout = &d
	case "parallelism":
		var v int
		if v, err = integer(p.val, p.fullPath); err == nil && v == 0 {
			err = errorf(resolve(p.val).Line, p.fullPath, "must be at least 1 (leave it out for the default %d)", DefaultParallelism)
		}
		s.Parallelism = &v
	case "retries":
		var v int
		v, err = integer(p.val, p.fullPath)
		s.Retries = &v
	case "max_depth":
		var v int
		v, err = integer(p.val, p.fullPath)
		s.MaxDepth = &v
	case "max_body":
		var v int64
		if v, err = size(p.val, p.fullPath); err == nil && v == 0 {
			err = errorf(resolve(p.val).Line, p.fullPath, "must be more than 0 bytes")
		}
		s.MaxBody = &v
	case "allow_private_networks":
		var v bool
		v, err = boolean(p.val, p.fullPath)
		s.AllowPrivateNetworks = &v
	case "schedule":
		var v string
		if v, err = str(p.val, p.fullPath); err == nil {
			v = strings.TrimSpace(v)
			if _, perr := ParseSchedule(v); perr != nil {
				err = errorf(resolve(p.val).Line, p.fullPath, "bad cron spec %q: %v", v, perr)
			}
		}
		s.Schedule = &v
	default:
		return errorf(p.keyNode.Line, p.fullPath, "%w %q", ErrUnknownKey, p.key)
	}
	return err
}

func decodeConfig(root *yaml.Node) (*Config, error) {
	top, err := mapping(root, "", topKeys)
	if err != nil {
		return nil, err
	}
	c := &Config{DB: DefaultDB, UserAgent: DefaultUserAgent}
	base := builtinSettings()
	var sourcesPair *pair
	for i := range top {
		p := top[i]
		switch p.key {
		case "db":
			if c.DB, err = str(p.val, p.fullPath); err != nil {
				return nil, err
			}
		case "user_agent":
			if c.UserAgent, err = str(p.val, p.fullPath); err != nil {
				return nil, err
			}
			c.UserAgent = strings.TrimSpace(c.UserAgent)
			if strings.ContainsAny(c.UserAgent, "\r\n") {
				return nil, errorf(resolve(p.val).Line, p.fullPath, "must be one line")
			}
		case "defaults":
			pairs, err := mapping(p.val, p.fullPath, settingKeys)
			if err != nil {
				return nil, err
			}
			var d settings
			for _, q := range pairs {
				if err := decodeSetting(q, &d); err != nil {
					return nil, err
				}
			}
			base = base.over(d)
		case "sources":
			sourcesPair = &top[i]
		}
	}
	if sourcesPair == nil {
		return nil, &Error{Line: root.Line, Field: "sources", Err: fmt.Errorf("%w: add a sources: list", ErrNoSources)}
	}
	list := resolve(sourcesPair.val)
	if isNull(list) {
		return nil, &Error{Line: sourcesPair.keyNode.Line, Field: "sources", Err: ErrNoSources}
	}
	if list.Kind != yaml.SequenceNode {
		return nil, errorf(list.Line, "sources", "want a list of sources, got %s", kindName(list))
	}
	if len(list.Content) == 0 {
		return nil, &Error{Line: list.Line, Field: "sources", Err: ErrNoSources}
	}
	names := make(map[string]int)
	for i, n := range list.Content {
		path := fmt.Sprintf("sources[%d]", i)
		s, err := decodeSource(n, path, base)
		if err != nil {
			return nil, err
		}
		if prev, dup := names[s.Name]; dup {
			return nil, &Error{Line: resolve(n).Line, Field: path + ".name", Err: fmt.Errorf("%w %q (first at line %d)", ErrDuplicateName, s.Name, prev)}
		}
		names[s.Name] = resolve(n).Line
		c.Sources = append(c.Sources, s)
	}
	return c, nil
}

func decodeSource(n *yaml.Node, path string, base settings) (Source, error) {
	r := resolve(n)
	if isNull(r) {
		return Source{}, errorf(n.Line, path, "empty source")
	}
	pairs, err := mapping(r, path, sourceKeys)
	if err != nil {
		return Source{}, err
	}
	var src Source
	var own settings
	hasName := false
	var domainsGiven bool
	for _, p := range pairs {
		line := resolve(p.val).Line
		switch p.key {
		case "name":
			if src.Name, err = str(p.val, p.fullPath); err != nil {
				return Source{}, err
			}
			src.Name = strings.TrimSpace(src.Name)
			hasName = true
		case "feeds", "sitemaps", "start_urls":
			urls, err := stringList(p.val, p.fullPath)
			if err != nil {
				return Source{}, err
			}
			for i, u := range urls {
				if urls[i], err = checkURL(u); err != nil {
					return Source{}, errorf(urlLine(p.val, i), fmt.Sprintf("%s[%d]", p.fullPath, i), "%v", err)
				}
			}
			switch p.key {
			case "feeds":
				src.Feeds = urls
			case "sitemaps":
				src.Sitemaps = urls
			default:
				src.StartURLs = urls
			}
		case "allowed_domains":
			doms, err := stringList(p.val, p.fullPath)
			if err != nil {
				return Source{}, err
			}
			for i, d := range doms {
				if doms[i], err = checkDomain(d); err != nil {
					return Source{}, errorf(urlLine(p.val, i), fmt.Sprintf("%s[%d]", p.fullPath, i), "%v", err)
				}
			}
			src.AllowedDomains = dedup(doms)
			domainsGiven = len(doms) > 0
		case "article_pattern":
			s, err := str(p.val, p.fullPath)
			if err != nil {
				return Source{}, err
			}
			re, err := regexp.Compile(s)
			if err != nil {
				return Source{}, errorf(line, p.fullPath, "bad regexp: %v", err)
			}
			src.ArticlePattern = re
		default:
			if err := decodeSetting(p, &own); err != nil {
				return Source{}, err
			}
		}
	}
	if !hasName {
		return Source{}, errorf(r.Line, path+".name", "missing: every source needs a name")
	}
	if len(src.Feeds)+len(src.Sitemaps)+len(src.StartURLs) == 0 {
		return Source{}, errorf(r.Line, path, "source %q has nothing to crawl: give feeds, sitemaps or start_urls", src.Name)
	}
	if !domainsGiven {
		src.AllowedDomains = defaultDomains(src)
	}
	set := base.over(own)
	src.Delay, src.Timeout = *set.Delay, *set.Timeout
	src.Parallelism, src.Retries, src.MaxDepth = *set.Parallelism, *set.Retries, *set.MaxDepth
	src.MaxBody = *set.MaxBody
	src.AllowPrivateNetworks = *set.AllowPrivateNetworks
	src.Schedule = *set.Schedule
	return src, nil
}

// urlLine is the line of the i-th element of a list node (or of the node).
func urlLine(n *yaml.Node, i int) int {
	r := resolve(n)
	if r.Kind == yaml.SequenceNode && i < len(r.Content) {
		if e := resolve(r.Content[i]); e != nil {
			return e.Line
		}
	}
	return r.Line
}

var errNotHTTP = errors.New("want an absolute http:// or https:// URL")

// checkURL accepts absolute http(s) URLs with a host.
func checkURL(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("bad URL %q: %w", raw, errors.Unwrap(err))
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" || u.Host == "" || u.Hostname() == "" {
		return "", fmt.Errorf("bad URL %q: %w", raw, errNotHTTP)
	}
	if _, err := asciiHost(u.Hostname()); err != nil {
		return "", fmt.Errorf("bad URL %q: bad host: %w", raw, err)
	}
	return s, nil
}

// asciiHost lowercases a host name and turns an IDN into punycode.
func asciiHost(h string) (string, error) {
	h = strings.TrimSuffix(strings.ToLower(h), ".")
	if h == "" {
		return "", errors.New("empty host")
	}
	if strings.Contains(h, ":") { // IPv6 literal
		return h, nil
	}
	a, err := idna.Lookup.ToASCII(h)
	if err != nil {
		// Hosts with underscores and the like are still reachable; keep them.
		a, err = idna.Punycode.ToASCII(h)
		if err != nil {
			return "", err
		}
	}
	return a, nil
}

func checkDomain(raw string) (string, error) {
	d := strings.TrimSpace(raw)
	if strings.ContainsAny(d, "/:@?# \t") {
		return "", fmt.Errorf("bad domain %q: want a host name such as example.com, without scheme, port or path", raw)
	}
	d = strings.TrimPrefix(d, ".")
	a, err := asciiHost(d)
	if err != nil {
		return "", fmt.Errorf("bad domain %q: %w", raw, err)
	}
	return a, nil
}

func defaultDomains(s Source) []string {
	var out []string
	for _, list := range [][]string{s.Feeds, s.Sitemaps, s.StartURLs} {
		for _, raw := range list {
			u, err := url.Parse(raw)
			if err != nil {
				continue
			}
			if h, err := asciiHost(u.Hostname()); err == nil {
				out = append(out, h)
			}
		}
	}
	return dedup(out)
}

func dedup(list []string) []string {
	seen := make(map[string]bool, len(list))
	out := list[:0:0]
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
