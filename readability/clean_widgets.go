package readability

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// Inline widgets that themes and editors drop between paragraphs: a
// "Read also: <headline>" line, a "Related" label over a list of links,
// calls to subscribe, follow or download, copyright lines.

// widgetPrefix starts a one-line link to another story, in many languages.
var widgetPrefix = mustCompileGated(`(?i)^[(\[]?\s*(read (also|more|next|this)|related( (stories|story|articles?|content|coverage|news|reading|links?|posts?|videos?))?|see (also|more)|also (read|see|on|in)|more( on| from| about| in)?( this)?( story| stories| news)?|leia (também|mais)|veja (também|mais|ainda)|saiba mais|leia ainda|читайте (также|еще|ещё)|смотрите также|по теме|lesen sie (auch|mehr|hier)|mehr zum thema|lire (aussi|également)|à lire (aussi|également)|voir aussi|leer más|lea (también|más)|te puede interesar|baca (juga|pula|selengkapnya)|leggi anche( su)?|lee (también|más)|ver también|lees (ook|meer)|czytaj (też|także|więcej)|zobacz (też|także)|läs (också|mer)|læs også|les også|lue myös|ayrıca okuyun|читайте також|اقرأ أيضا|اقرأ أيضاً|don['’]?t miss|must read|recommended( for you)?|watch( now| more)?|trending( now)?|top stories|editor['’]?s picks?|click here|you (may|might) (also )?like|further reading|related video|video|more coverage|see the latest|go deeper|explore more|keep reading|continue reading|recommended reading)\s*[:：\-–—|»>]|^also on [\w-]+(\.[\w-]+)+\s`)

// labelLine is a whole line that only labels a widget.
var labelLine = mustCompileGated(`(?i)^(related|related (stories|articles|news|content|posts|coverage|links|topics|videos?|reading)|read (more|next|also)|more (stories|news|articles|videos|to read|from .{1,40}|on .{1,40}|in .{1,40}|great .{1,40} stories|like this)|see also|you (may|might) (also )?(like|enjoy|be interested in)|don['’]?t miss|most (popular|read|viewed|shared|watched|commented)( \S+){0,2}|popular( now| stories| articles)?|trending( now| stories)?|top stories|latest( news| stories| articles)?|recommended( for you| stories| articles)?|editor['’]?s picks?|also (read|see|on .{1,40})|tags?|topics|keywords|filed under|share( this( article| story| post)?)?|share (on|via) .{1,20}|follow us( on .{1,30})?|comments?|\d+ comments?|leave a (comment|reply)|sponsored( content| stories| links)?|newsletter|around the web|from the web|promoted (stories|links)|what to read next|up next|next article|previous article|leia (também|mais)|veja (também|mais)|notícias relacionadas|matérias relacionadas|читайте также|по теме|lesen sie auch|mehr zum thema|lire aussi|à lire aussi|sur le même sujet|leer más|noticias relacionadas|te puede interesar|baca juga|berita terkait|leggi anche|articoli correlati|potrebbe interessarti|ti potrebbe interessare|você (também )?(pode|poderá) gostar|você pode se interessar|veja mais|mais lidas|también te puede (gustar|interesar)|quizás te interese|lo más leído|vous aimerez aussi|à voir aussi|les plus lus|das könnte sie auch interessieren|meistgelesen|anda mungkin (juga )?suka|terpopuler|вам может быть интересно|самые (популярные|читаемые|обсуждаемые)( \S+){0,2}|читайте (также|еще|ещё)|похожие (статьи|материалы|новости)|рекомендуем|популярное|lees ook|gerelateerde artikelen|czytaj też|zobacz też|powiązane artykuły|läs också|relaterade artiklar|i̇lgili haberler|ilgili haberler|читайте також|اقرأ أيضا|مقالات ذات صلة|関連記事|관련기사|相关阅读|相关文章|相關文章)$`)

// callToAction opens a line that asks the reader to do something.
var callToAction = regexp.MustCompile(`(?i)^(subscribe\b|sign up\b|click here\b|tap here\b|get (the|our) .{0,40}\b(app|newsletters?)\b|follow (us|him|her|them|me)\b|join (us|our)\b|download (the|our)\b|like this (story|article)|share (this|it)\b|want more\b|don['’]?t forget to\b|for (more|the latest) (news|stories|information|updates)\b|to (get|receive) .{0,40}\b(newsletter|alerts|updates)\b|have a (news )?tip\b|got a (news )?tip\b|we want to hear\b|tell us what you think\b|support (our|independent) journalism|(enjoy|like|liked) (this|our|reading)\b|print this\b|email this\b|report an error\b|(start|get) your (day|morning)\b.{0,60}\bwith\b|if you (enjoyed|liked|like|value|appreciate) (this|our|reading)\b|get (unlimited |full |instant )?access to\b|follow [\w@.'’-]+( [\w@.'’-]+)? on (twitter|facebook|instagram|x|linkedin|youtube|tiktok|threads|bluesky)\b)`)

// moderationNote is a comment section's house rules.
var moderationNote = regexp.MustCompile(`(?i)\b(comments?|comentários?|comentarios?|kommentare?|commentaires?|commenti|commento)\b.{0,100}\b(moderat|moderador|aprovados|approved|reviewed)`)

// shortcodeLine is a WordPress shortcode left unrendered by the theme.
var shortcodeLine = regexp.MustCompile(`^\[(button|caption|embed|gallery|video|audio|contact-form[\w-]*|su_\w+|vc_\w+|et_pb_\w+|mc4wp\w*|ad\w*)\b[^\]]*\]`)

var clickHere = regexp.MustCompile(`(?i)\bclick here\b|\bclique aqui\b|\bhaga clic aquí\b|\bklicken sie hier\b|\bcliquez ici\b`)

// disclosureLine is an affiliate disclosure.
var disclosureLine = regexp.MustCompile(`(?i)\baffiliate (links?|commissions?|partnerships?|programs?)\b|\bwe (may )?(earn|receive) (a )?(small )?commission\b`)

var newsletterWords = regexp.MustCompile(`(?i)\b(newsletters?|inbox|e-?mail alerts?)\b`)
var subscribeWords = regexp.MustCompile(`(?i)\b(sign up|subscribe|delivered|register|get (the|our))\b`)
var copyrightLine = regexp.MustCompile(`(?i)^(©|\(c\)\s|copyright\b)|all rights reserved|may not be (published|reproduced|redistributed)|this material may not`)

// removeWidgets removes one-line "Read also" links, label lines with the
// link lists they head, calls to action, newsletter boxes and copyright lines.
func removeWidgets(root *html.Node, bs []block) {
	for i := 0; i < len(bs); i++ {
		b := bs[i]
		if !isDescendant(b.node, root) {
			continue // inside something removed already
		}
		if labelledLinkLines(b) {
			removeBlock(b.node, root, "label-lines")
			continue
		}
		if b.words > 45 {
			continue // prose
		}
		// Cheap substring tests keep the unanchored patterns off most lines.
		lower := strings.ToLower(b.text)
		has := func(subs ...string) bool {
			for _, s := range subs {
				if strings.Contains(lower, s) {
					return true
				}
			}
			return false
		}
		switch {
		case b.words <= 40 && (b.linked >= 0.3 || b.words <= 20) && maybeWidgetPrefix(lower) && widgetPrefix.MatchString(b.text):
			removeBlock(b.node, root, "widget-prefix")
		case isLabel(b) && !tableCell(b):
			i = removeLabel(bs, i, root)
		case ctaFirstWords[firstWord(lower)] && callToAction.MatchString(b.text):
			removeBlock(b.node, root, "cta")
		case b.words <= 10 && dateStamp.MatchString(b.text) && mostlyDates(b.text):
			removeBlock(b.node, root, "timestamp") // "Updated at 1:23 p.m." between paragraphs
		case has("newsletter", "inbox", "mail") && newsletterWords.MatchString(b.text) && subscribeWords.MatchString(b.text):
			removeBlock(b.node, root, "newsletter")
		case b.words <= 40 && has("©", "(c)", "copyright", "rights reserved", "may not be", "this material") && copyrightLine.MatchString(b.text):
			removeBlock(b.node, root, "copyright")
		case has("affiliate", "commission") && disclosureLine.MatchString(b.text):
			removeBlock(b.node, root, "disclosure")
		case b.words <= 40 && has("moderat", "aprovad", "approved", "reviewed") && moderationNote.MatchString(b.text):
			removeBlock(b.node, root, "moderation")
		case b.words <= 40 && strings.HasPrefix(b.text, "[") && shortcodeLine.MatchString(b.text):
			removeBlock(b.node, root, "shortcode")
		case b.words <= 30 && has("click", "clique", "clic ", "klicken") && clickHere.MatchString(b.text):
			removeBlock(b.node, root, "click-here")
		}
	}
}

// nextElement returns the element after n, skipping white space and
// climbing out of wrappers n is the last child of.
func nextElement(n, root *html.Node) *html.Node {
	for ; n != nil && n != root; n = n.Parent {
		for s := n.NextSibling; s != nil; s = s.NextSibling {
			if s.Type == html.ElementNode {
				return s
			}
			if s.Type == html.TextNode && strings.TrimSpace(s.Data) != "" {
				return nil
			}
		}
	}
	return nil
}

// repeatedSiblings returns first and the element siblings after it that
// share its tag and first class: a run of cards of one shape.
func repeatedSiblings(first *html.Node) []*html.Node {
	if first == nil {
		return nil
	}
	shape := func(n *html.Node) string {
		f := strings.Fields(attr(n, "class"))
		if len(f) == 0 {
			return n.Data
		}
		return n.Data + "." + f[0]
	}
	want := shape(first)
	if want == "p" || want == "div" {
		return nil // plain paragraphs are the article's own
	}
	run := []*html.Node{first}
	for s := first.NextSibling; s != nil; s = s.NextSibling {
		if s.Type == html.TextNode && strings.TrimSpace(s.Data) == "" {
			continue
		}
		if s.Type != html.ElementNode || shape(s) != want {
			break
		}
		run = append(run, s)
	}
	return run
}

// tableCell reports whether b is the whole text of a cell in a row of
// several cells: a column header ("Comment", "Tags") of a data table, not
// a widget's label.
func tableCell(b block) bool {
	for n := b.node; n != nil; n = n.Parent {
		if isElement(n, "td", "th") {
			if collapseSpace(textOf(n)) != b.text || n.Parent == nil {
				return false
			}
			cells := 0
			for c := n.Parent.FirstChild; c != nil; c = c.NextSibling {
				if isElement(c, "td", "th") {
					cells++
				}
			}
			return cells >= 2
		}
		if isElement(n, "table", "body") {
			return false
		}
	}
	return false
}

func isLabel(b block) bool {
	return b.words <= 8 && labelLine.MatchString(strings.TrimRight(b.text, " :.…»>|"))
}

// removeLabel removes the label bs[i] and the list or cards it heads; it
// returns the index of the last block it consumed.
func removeLabel(bs []block, i int, root *html.Node) int {
	b := bs[i]
	// The list the label heads: the next element when it is a list of
	// links, else the following link lines.
	if next := nextElement(b.node, root); next != nil && isElement(next, "ul", "ol", "dl", "div", "section", "table") &&
		linkDensity(next) >= 0.3 && textWords(textOf(next)) <= 250 {
		for i+1 < len(bs) && isDescendant(bs[i+1].node, next) {
			i++
		}
		removeBlock(next, root, "label-list")
	} else if run := repeatedSiblings(next); len(run) >= 2 {
		// Post cards of the same shape: "You may like" over excerpts.
		for _, r := range run {
			removeBlock(r, root, "label-cards")
		}
	} else {
		for j := i + 1; j < len(bs) && bs[j].linked >= 0.6 && bs[j].words <= 30; j++ {
			removeBlock(bs[j].node, root, "label-list")
			i = j
		}
	}
	removeBlock(b.node, root, "label")
	return i
}

// labelledLinkLines reports a block of <br>-separated lines: a widget label
// ("DON'T MISS") over lines that are mostly links.
func labelledLinkLines(b block) bool {
	if b.words > 120 || len(elements(b.node, "br")) < 2 {
		return false
	}
	lines := splitLines(b.node)
	if len(lines) < 3 {
		return false
	}
	if !isLabel(lines[0].block) {
		return false
	}
	links := 0
	for _, l := range lines[1:] {
		if l.linked >= 0.5 {
			links++
		}
	}
	return links*10 >= (len(lines)-1)*6
}

// maybeWidgetPrefix is the cheap test before widgetPrefix: a separator
// early in the line, or "also on".
func maybeWidgetPrefix(lower string) bool {
	head := lower
	if len(head) > 60 {
		head = head[:60]
	}
	return strings.ContainsAny(head, ":：-–—|»>") || strings.HasPrefix(lower, "also on ")
}

// ctaFirstWords are the words a callToAction line can start with.
var ctaFirstWords = map[string]bool{
	"subscribe": true, "sign": true, "click": true, "tap": true, "get": true, "follow": true, "join": true,
	"download": true, "like": true, "share": true, "want": true, "don't": true, "don’t": true, "dont": true,
	"for": true, "to": true, "have": true, "got": true, "we": true, "tell": true, "support": true,
	"enjoy": true, "liked": true, "print": true, "email": true, "report": true, "start": true, "if": true,
}

// firstWord returns the first word of s, lower-cased s, without punctuation around it.
func firstWord(lower string) string {
	w, _, _ := strings.Cut(lower, " ")
	return strings.Trim(w, ".,:;!?\"'“”‘()[]")
}
