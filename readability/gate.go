package readability

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
)

// gatedRegexp is a case-insensitive, ^-anchored pattern with a cheap test
// in front: the first words its lines can start with, read off the
// pattern's syntax when it is compiled. A line whose first word (up to the
// first space) no branch can start with never reaches the matcher. Large
// alternations (labelLine has over 2,000 instructions) run Go's NFA, whose
// every call walks all branches even to fail at the first letter.
type gatedRegexp struct {
	re    *regexp.Regexp
	words map[string]bool // exact first words, case-folded
	open  []openPrefix    // branches where any continuation may follow
	all   bool            // the syntax was too open to gate: always match
}

// openPrefix is a branch whose first word starts with prefix and goes on
// with a rune of class (any rune when class is nil), e.g. "\d+ comments".
type openPrefix struct {
	prefix string
	class  []rune // pairs of ranges as in syntax.Regexp.Rune
}

// maxGateWords bounds the enumeration; past it the gate lets all through.
const maxGateWords = 4096

func mustCompileGated(expr string) *gatedRegexp {
	g := &gatedRegexp{re: regexp.MustCompile(expr), words: make(map[string]bool)}
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		panic(err)
	}
	g.enumerate([]*syntax.Regexp{re.Simplify()}, nil)
	if len(g.words) > maxGateWords {
		g.all = true
	}
	return g
}

// enumerate follows the pattern from the start of the line with rest as
// the stack of nodes still to match, collecting the first words.
func (g *gatedRegexp) enumerate(rest []*syntax.Regexp, prefix []rune) {
	if g.all || len(g.words) > maxGateWords {
		g.all = true
		return
	}
	if len(rest) == 0 {
		// The pattern ends with the line going on: any word with this prefix.
		g.open = append(g.open, openPrefix{prefix: string(prefix)})
		return
	}
	n, rest := rest[len(rest)-1], rest[:len(rest)-1]
	push := func(subs ...*syntax.Regexp) []*syntax.Regexp {
		st := append([]*syntax.Regexp(nil), rest...)
		for i := len(subs) - 1; i >= 0; i-- {
			st = append(st, subs[i])
		}
		return st
	}
	switch n.Op {
	case syntax.OpBeginLine, syntax.OpBeginText, syntax.OpEmptyMatch, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		g.enumerate(rest, prefix)
	case syntax.OpEndText, syntax.OpEndLine:
		g.words[string(prefix)] = true // the line ends: the word is complete
	case syntax.OpCapture:
		g.enumerate(push(n.Sub[0]), prefix)
	case syntax.OpConcat:
		g.enumerate(push(n.Sub...), prefix)
	case syntax.OpAlternate:
		for _, s := range n.Sub {
			g.enumerate(push(s), prefix)
		}
	case syntax.OpPlus:
		// At least one: the sub-pattern, then any more of it.
		g.enumerate(push(n.Sub[0], &syntax.Regexp{Op: syntax.OpStar, Flags: n.Flags, Sub: n.Sub}), prefix)
	case syntax.OpStar:
		// None of it, or a small class repeated: a space in it ends the
		// word; any other rune of it may be followed by anything.
		g.enumerate(rest, prefix)
		sub := n.Sub[0]
		if sub.Op != syntax.OpCharClass || classSize(sub.Rune) > 8 {
			g.open = append(g.open, openPrefix{prefix: string(prefix)})
			return
		}
		for i := 0; i+1 < len(sub.Rune); i += 2 {
			for r := sub.Rune[i]; r <= sub.Rune[i+1]; r++ {
				if r == ' ' {
					g.words[string(prefix)] = true
				} else {
					g.open = append(g.open, openPrefix{prefix: string(append(prefix[:len(prefix):len(prefix)], foldKey(r)))})
				}
			}
		}
	case syntax.OpQuest:
		g.enumerate(rest, prefix)
		g.enumerate(push(n.Sub[0]), prefix)
	case syntax.OpLiteral:
		p := prefix
		for _, r := range n.Rune {
			if r == ' ' {
				g.words[string(p)] = true
				return
			}
			p = append(p[:len(p):len(p)], foldKey(r))
		}
		g.enumerate(rest, p)
	case syntax.OpCharClass:
		if classSize(n.Rune) > 8 {
			g.open = append(g.open, openPrefix{prefix: string(prefix), class: n.Rune})
			return
		}
		for i := 0; i+1 < len(n.Rune); i += 2 {
			for r := n.Rune[i]; r <= n.Rune[i+1]; r++ {
				if r == ' ' {
					g.words[string(prefix)] = true
					continue
				}
				g.enumerate(rest, append(prefix[:len(prefix):len(prefix)], foldKey(r)))
			}
		}
	default:
		// Repeats, any-char and the like: anything may follow the prefix.
		g.open = append(g.open, openPrefix{prefix: string(prefix)})
	}
}

// foldKey maps a rune to the least rune of its case-folding orbit, so
// that 'K', 'k' and the Kelvin sign share one key, as (?i) matches them.
func foldKey(r rune) rune {
	if r < 0x80 {
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}
	m := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		m = min(m, f)
	}
	return m
}

// MatchString reports whether the pattern matches s, running the matcher
// only when s starts with a word the pattern can start with.
func (g *gatedRegexp) MatchString(s string) bool {
	if g.all || g.mayStart(s) {
		return g.re.MatchString(s)
	}
	return false
}

func (g *gatedRegexp) mayStart(s string) bool {
	w, _, _ := strings.Cut(s, " ")
	var key strings.Builder
	key.Grow(len(w))
	for _, r := range w {
		key.WriteRune(foldKey(r))
	}
	k := key.String()
	if g.words[k] {
		return true
	}
	for _, o := range g.open {
		if !strings.HasPrefix(k, o.prefix) {
			continue
		}
		if o.class == nil {
			return true
		}
		// The next rune of s (folded keys of a class's runes may differ
		// from the rune: test the original rune of s and its fold orbit).
		restW := w[prefixRunesLen(w, len([]rune(o.prefix))):]
		if restW == "" {
			continue
		}
		r := []rune(restW)[0]
		for f := r; ; {
			if inClass(f, o.class) {
				return true
			}
			if f = unicode.SimpleFold(f); f == r {
				break
			}
		}
	}
	return false
}

// prefixRunesLen returns the byte length of the first n runes of s.
func prefixRunesLen(s string, n int) int {
	i := 0
	for j := range s {
		if i == n {
			return j
		}
		i++
	}
	return len(s)
}

func classSize(class []rune) int {
	size := 0
	for i := 0; i+1 < len(class); i += 2 {
		size += int(class[i+1]-class[i]) + 1
	}
	return size
}

func inClass(r rune, class []rune) bool {
	for i := 0; i+1 < len(class); i += 2 {
		if class[i] <= r && r <= class[i+1] {
			return true
		}
	}
	return false
}
