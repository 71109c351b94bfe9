package readability

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// body is article prose that every snippet carries, so that the rules see
// a real article around the boilerplate.
const body = `<p>The water utility will replace every known lead service line in the city by the end of 2030, officials said on Tuesday, accelerating a program that had been expected to take until the middle of the next decade.</p>
<p>The plan, approved by the board in a 6-1 vote, calls for crews to dig up and replace roughly 41,000 pipes that connect homes to the water mains beneath the street.</p>`

type ruleCase struct {
	name string
	in   string   // snippet; body is appended
	gone []string // must not be in the text afterwards
	kept []string // must still be in the text
}

func runRuleCases(t *testing.T, rule func(root *html.Node), cases []ruleCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			root := parseFragment(t, tt.in+body)
			rule(root)
			got := renderText(root)
			for _, g := range tt.gone {
				if strings.Contains(got, g) {
					t.Errorf("%q is still in the text:\n%s", g, got)
				}
			}
			for _, k := range append(tt.kept, "41,000 pipes") {
				if !strings.Contains(got, k) {
					t.Errorf("%q was removed:\n%s", k, got)
				}
			}
		})
	}
}

func TestRemoveBoilerBlocks(t *testing.T) {
	runRuleCases(t, func(root *html.Node) { removeBoilerBlocks(root, nil) }, []ruleCase{
		{name: "share bar", in: `<div class="td-post-sharing"><a href="#">Facebook</a><a href="#">Twitter</a></div>`, gone: []string{"Facebook"}},
		{name: "related widget", in: `<div class="jp-relatedposts"><h3>Related</h3><p>Other story</p></div>`, gone: []string{"Other story"}},
		{name: "camelCase token", in: `<div class="shareBar">Share this</div>`, gone: []string{"Share this"}},
		{name: "author box", in: `<div class="author-box-wrap">Jane writes about water.</div>`, gone: []string{"Jane writes"}},
		{name: "tag list", in: `<ul class="td-tags"><li>Water</li><li>City</li></ul>`, gone: []string{"Water\nCity"}},
		{name: "newsletter box", in: `<section class="newsletter-signup"><p>Get the brief</p></section>`, gone: []string{"Get the brief"}},
		{name: "cookie banner", in: `<div id="onetrust-cookie-banner">We value your privacy</div>`, gone: []string{"privacy"}},
		{name: "comments", in: `<div id="comments"><p>Great article!</p></div><form class="comment-form">Leave a reply</form>`, gone: []string{"Great article", "Leave a reply"}},
		{name: "breadcrumbs", in: `<nav class="breadcrumb">Home › News</nav>`, gone: []string{"Home › News"}},
		{name: "caption class", in: `<p class="wp-caption-text">Crews at work. Photo: J. Doe</p>`, gone: []string{"Crews at work"}},
		{name: "figcaption tag", in: `<figure><img src="a.jpg"><figcaption>A crew on Calder Street</figcaption></figure>`, gone: []string{"Calder Street"}},
		{name: "aside and nav tags", in: `<aside>Most Popular</aside><nav>Sections</nav>`, gone: []string{"Most Popular", "Sections"}},
		{name: "ad container", in: `<div class="adsbygoogle">sponsored slot</div><div class="ad-slot">Buy now</div>`, gone: []string{"sponsored slot", "Buy now"}},
		{name: "screen reader text", in: `<p>Read <span class="screen-reader-text">opens in new window</span> more.</p>`, gone: []string{"opens in new window"}},
		{name: "role navigation", in: `<div role="navigation">Menu items</div>`, gone: []string{"Menu items"}},
		{name: "article header with headline", in: `<div class="entry-header"><h1>Headline</h1><span class="meta">By Jane</span></div>`, gone: []string{"Headline", "By Jane"}},
		{name: "in-text link with tag class kept", in: `<p>Fans of <a class="auto-tag" href="/t/doobie">Doobie Brothers</a> cheered.</p>`, kept: []string{"Fans of Doobie Brothers cheered."}},
		{name: "hover card removed, link kept", in: `<p>Rep. <span class="rollover-people"><a class="rollover-people-link" href="/p/omar">Ilhan Omar</a><span class="rollover-people-block"><a href="/x">Other headline</a></span></span> (D-Minn.) spoke.</p>`, gone: []string{"Other headline"}, kept: []string{"Rep. Ilhan Omar (D-Minn.) spoke."}},
		{name: "embedded tweet in widget wrapper kept", in: `<div class="sdc-article-widget sdc-article-tweet"><blockquote class="twitter-tweet"><p>Club statement here</p></blockquote></div>`, kept: []string{"Club statement here"}},
		{name: "box heading row kept", in: `<div class="article-boxout"><div class="article-boxout__header"><h3>How is the plague spread?</h3></div><p>Fleas.</p></div>`, kept: []string{"How is the plague spread?"}},
		{name: "paywalled paragraph kept", in: `<p class="paywall">Hickson now has his first locking door in the city, on Sixth Street, just east of the main drag.</p>`, kept: []string{"first locking door"}},
		{name: "paywall bar removed", in: `<div class="paywall-bar">You have read 3 of 4 free stories.</div>`, gone: []string{"free stories"}},
		{name: "section anchored by its heading's slug kept", in: `<div class="section" id="sharing-with-shared-history"><h2>Sharing with shared history</h2><p>Now that you know how to share your own history, read on.</p></div>`, kept: []string{"Sharing with shared history", "read on"}},
		{name: "share id not a slug of the heading", in: `<div id="share-this-story-box"><h3>Spread the word</h3><p>Facebook Twitter</p></div>`, gone: []string{"Facebook Twitter"}},
		{name: "not a token prefix", in: `<h2 class="story-body__crosshead">What did the prosecutors say?</h2><div class="commentary">An analysis paragraph.</div>`, kept: []string{"What did the prosecutors say?", "An analysis paragraph."}},
		{name: "place dateline opening the first sentence kept", in: `<p><span class="dateline">KOBE – </span>A total of 6,000 surgical masks have been lost at a hospital.</p>`, kept: []string{"KOBE – A total of 6,000"}},
		{name: "date in a dateline span removed", in: `<p><span class="dateline">March 5, 2024 — </span>A total of 6,000 surgical masks have been lost at a hospital.</p>`, gone: []string{"2024"}, kept: []string{"A total of 6,000"}},
		{name: "dateline block under the headline removed", in: `<div class="dateline">LONDON</div><p>A total of 6,000 surgical masks have been lost at a hospital.</p>`, gone: []string{"LONDON"}},
		{name: "weekday in a dateline span removed", in: `<p><span class="dateline">Monday — </span>A total of 6,000 surgical masks have been lost at a hospital.</p>`, gone: []string{"Monday"}},
		{name: "byline and dateline span removed", in: `<p><span class="byline dateline">By Jane Doe </span>A total of 6,000 surgical masks have been lost at a hospital.</p>`, gone: []string{"Jane Doe"}},
		{name: "hidden dateline span removed", in: `<p><span class="dateline sr-only">KOBE – </span>A total of 6,000 surgical masks have been lost at a hospital.</p>`, gone: []string{"KOBE"}},
		{name: "updateline is not a dateline", in: `<p><span class="updateline">Updated Tuesday evening </span>A total of 6,000 surgical masks have been lost at a hospital.</p>`, gone: []string{"Updated Tuesday"}},
	})
}

func TestRemoveBoilerBlocksKeepsArticle(t *testing.T) {
	// A theme that puts the whole story in a "post-share-enabled" container
	// must not lose it.
	root := parseFragment(t, `<div class="post-share-enabled">`+body+`</div>`)
	removeBoilerBlocks(root, nil)
	if !strings.Contains(renderText(root), "41,000 pipes") {
		t.Fatal("the article was removed for its class")
	}
}

func TestLiveBlogEntryHeaders(t *testing.T) {
	entry := func(h string) string {
		return `<article><header><a href="#b"><time datetime="2024-10-26T13:48">13.48 BST</time></a><h2>` + h + `</h2><span>Aisha Rahman</span></header><p>Entry text for ` + h + ` with enough words to matter here.</p></article>`
	}
	root := parseFragment(t, entry("Ferry crossings cancelled")+entry("Power cuts")+body)
	removeBoilerBlocks(root, nil)
	got := renderText(root)
	for _, k := range []string{"Ferry crossings cancelled", "Power cuts"} {
		if !strings.Contains(got, k) {
			t.Errorf("entry heading %q removed:\n%s", k, got)
		}
	}
	for _, g := range []string{"13.48", "Aisha Rahman"} {
		if strings.Contains(got, g) {
			t.Errorf("%q kept:\n%s", g, got)
		}
	}
}

func TestRemoveAdLabels(t *testing.T) {
	runRuleCases(t, removeAdLabels, []ruleCase{
		{name: "dashed label", in: `<div><span class="x">- Advertisement -</span><img src="a.jpg"></div>`, gone: []string{"Advertisement"}},
		{name: "uppercase", in: `<p>ADVERTISEMENT</p>`, gone: []string{"ADVERTISEMENT"}},
		{name: "other languages", in: `<div>Реклама</div><div>Publicidade</div><div>広告</div><div>Advertentie</div>`, gone: []string{"Реклама", "Publicidade", "広告", "Advertentie"}},
		{name: "story continues", in: `<p>Story continues below advertisement</p>`, gone: []string{"Story continues"}},
		{name: "sentence about ads kept", in: `<p>Advertising revenue fell by a third last year.</p>`, kept: []string{"Advertising revenue fell"}},
	})
}

func TestRemoveWidgets(t *testing.T) {
	runRuleCases(t, withBlocks(removeWidgets), []ruleCase{
		{name: "read also", in: `<p><strong>Read Also:</strong> <a href="/x">Another headline here</a></p>`, gone: []string{"Read Also", "Another headline"}},
		{name: "related", in: `<p><strong>Related:</strong> <a href="/x">The federal deadline is coming</a></p>`, gone: []string{"federal deadline"}},
		{name: "see also", in: `<p>See also: <a href="/x">Ten years after Flint</a></p>`, gone: []string{"Flint"}},
		{name: "leia também", in: `<p><b>LEIA TAMBÉM:</b> <a href="/x">Prefeitura anuncia obras</a></p>`, gone: []string{"Prefeitura anuncia"}},
		{name: "читайте также", in: `<p><b>Читайте также:</b> <a href="/x">На улице Лесной начали ремонт</a></p>`, gone: []string{"На улице Лесной"}},
		{name: "lesen sie auch", in: `<p>Lesen Sie auch: <a href="/x">Neue Brücke</a></p>`, gone: []string{"Neue Brücke"}},
		{name: "lire aussi", in: `<p>Lire aussi : <a href="/x">Le pont rouvre</a></p>`, gone: []string{"Le pont rouvre"}},
		{name: "leer más", in: `<p>Leer más: <a href="/x">El puente reabre</a></p>`, gone: []string{"El puente reabre"}},
		{name: "baca juga", in: `<p>Baca juga: <a href="/x">Jembatan dibuka</a></p>`, gone: []string{"Jembatan dibuka"}},
		{name: "lees ook", in: `<p>Lees ook: <a href="/x">Brug weer open</a></p>`, gone: []string{"Brug weer open"}},
		{name: "czytaj też", in: `<p>Czytaj też: <a href="/x">Most otwarty</a></p>`, gone: []string{"Most otwarty"}},
		{name: "label heads a link list", in: `<h3>Most Popular</h3><ul><li><a href="/a">First story</a></li><li><a href="/b">Second story</a></li></ul>`, gone: []string{"Most Popular", "First story", "Second story"}},
		{name: "call to action", in: `<p>Click here to get the Fox News app</p><p>Follow us on Twitter for updates.</p>`, gone: []string{"Fox News app", "Follow us"}},
		{name: "newsletter box heading goes with its line", in: `<div class="inline-box"><h3>The Night Sky, weekly</h3><p>Sign up for our free newsletter and get the best tips in your inbox every Friday.</p></div>`, gone: []string{"The Night Sky", "inbox"}},
		{name: "section heading over a kept paragraph stays", in: `<section><h3>What happens next</h3><p>Sign up for our free newsletter and get the best tips in your inbox every Friday.</p><p>The council votes again in May.</p></section>`, gone: []string{"inbox"}, kept: []string{"What happens next", "votes again"}},
		{name: "newsletter line", in: `<p>Get the latest updates right in your inbox. Subscribe to our newsletters.</p>`, gone: []string{"inbox"}},
		{name: "copyright", in: `<p>© 2024 The National Courier Company. All rights reserved.</p>`, gone: []string{"National Courier Company"}},
		{name: "column header of a data table kept", in: `<table><tr><td><p><b>Status</b></p></td><td><p><b>Comment</b></p></td></tr><tr><td><p>enqueued</p></td><td><p>Re-enqueue the task when it waited too long.</p></td></tr><tr><td><p>claimed</p></td><td><p>Re-enqueue when it was never processed.</p></td></tr></table>`, kept: []string{"Comment", "Re-enqueue the task", "never processed"}},
		{name: "prose that mentions reading kept", in: `<p>Read the full report, she said, and you will see why the city acted.</p>`, kept: []string{"Read the full report"}},
	})
}

func TestRemoveLinkRuns(t *testing.T) {
	runRuleCases(t, withBlocks(removeLinkRuns), []ruleCase{
		{name: "run of headlines", in: `<p><a href="/a">Who will make the Rock Hall in 2020?</a></p><p><a href="/b">Fans really want the band in</a></p>`, gone: []string{"Rock Hall", "Fans really"}},
		{name: "kickers between headline links", in: `<p><a href="/a">Andrew parties in unearthed pics</a></p><p>TIME TRAVELLER</p><p><a href="/b">Theorists spot Greta in old pic</a></p>`, gone: []string{"Andrew parties", "TIME TRAVELLER", "Theorists"}},
		{name: "menu", in: `<ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul>`, gone: []string{"Home", "Sport"}},
		{name: "promo link in capitals", in: `<p><a href="/x">CLICK HERE TO GET THE NEWS APP NOW</a></p>`, gone: []string{"NEWS APP"}},
		{name: "linked items of a list with prose items kept", in: `<ul><li><a href="https://blog.example.org/year-in-review">Here is our Year in Review!</a></li><li><a href="https://blog.example.org/perf-review">Here is our Performance Year in Review!</a></li><li>We have just landed <a href="https://bugs.example.org/1553982">Bug 1553982</a>, which prevents starting an update while another instance is running.</li></ul>`, kept: []string{"Here is our Year in Review!", "Performance Year in Review!"}},
		{name: "linked list introduced by its parent item kept", in: `<ul><li>In progress:<ul><li><a href="https://bugs.example.org/1677080">Bug 1677080 – Fullscreen window is affected by switching video source</a></li><li><a href="https://bugs.example.org/1677107">Bug 1677107 – Add telemetry for tracking multiple windows</a></li></ul></li></ul>`, kept: []string{"Bug 1677080", "Bug 1677107"}},
		{name: "sub-menu under a link removed", in: `<ul><li><a href="/news">News</a><ul><li><a href="/world">World news today</a></li><li><a href="/local">Local news today</a></li></ul></li></ul>`, gone: []string{"World news today", "Local news today"}},
		{name: "headings linked to the table of contents kept", in: `<h2><a href="#id5">Sharing with one developer</a></h2><h3><a href="#id6">Setting up</a></h3><p>First create a repository.</p>`, kept: []string{"Sharing with one developer", "Setting up"}},
		{name: "one link sentence kept", in: `<p>The utility published <a href="/plan">its full plan</a> on Monday after a long delay.</p>`, kept: []string{"its full plan"}},
	})
}

func TestRemoveCaptions(t *testing.T) {
	runRuleCases(t, withBlocks(removeCaptions), []ruleCase{
		{name: "image credit in parentheses", in: `<p>Protesters have worn masks (Image: GETTY )</p>`, gone: []string{"Protesters have worn masks"}},
		{name: "credit suffix", in: `<p>A hospital in BeijingCredit: EPA</p>`, gone: []string{"hospital in Beijing"}},
		{name: "photo prefix", in: `<p>Photo: David Zalubowski / AP</p>`, gone: []string{"Zalubowski"}},
		{name: "gallery controls", in: `<p>Image 1 of 9</p><p>Caption</p><p>Close</p>`, gone: []string{"Image 1 of 9", "Caption", "Close"}},
	})
}

func TestRemoveShareRowsAndCards(t *testing.T) {
	runRuleCases(t, withBlocks(removeShareRows), []ruleCase{
		{name: "share words", in: `<p><a href="#">Whatsapp</a> <a href="#">Facebook</a> <a href="#">Pint</a></p>`, gone: []string{"Whatsapp"}},
		{name: "share endpoints", in: `<p><a href="https://www.facebook.com/sharer/sharer.php?u=x">Post</a> <a href="https://twitter.com/intent/tweet?url=x">Send</a></p>`, gone: []string{"Post"}},
	})
	runRuleCases(t, removeTeaserCards, []ruleCase{
		{name: "teaser cards", in: `<div><article><h2><a href="/a">Koala rescued from bushfire</a></h2><p>Dozens of fires are spreading.</p></article><article><h2><a href="/b">Baby food is hard</a></h2><p>No diet was studied more.</p></article></div>`, gone: []string{"Koala", "Dozens of fires", "Baby food"}},
		{name: "section whose heading links to the contents kept", in: `<div class="section"><h2><a class="toc-backref" href="#id1">Publishing repositories</a></h2><p>The key is to keep your changesets in draft phase.</p></div><div class="section"><h2><a href="#id2">Setting up</a></h2><p>Create two repositories.</p></div>`, kept: []string{"Publishing repositories", "draft phase", "Create two"}},
		{name: "linked heading in the text kept", in: `<h3><a href="/p">Satechi charger</a></h3><p>A good charger for the car.</p>`, kept: []string{"Satechi charger"}},
	})
}

func TestTrimEdges(t *testing.T) {
	m := &pageMeta{h1: "Port Ellison replaces lead pipes", h1s: map[*html.Node]bool{}}
	a := &Article{Title: "Port Ellison replaces lead pipes"}
	runRuleCases(t, func(root *html.Node) { trimEdges(root, leafBlocks(root), a, m) }, []ruleCase{
		{name: "title, kicker, byline, date on top", in: `<p>Entertainment</p><h2>Port Ellison replaces lead pipes</h2><p>By Maya Okafor</p><p>Updated Nov 19, 9:41 AM; Posted Nov 18, 8:19 PM</p><p>5 min read</p>`, gone: []string{"Entertainment", "Port Ellison replaces", "Maya Okafor", "Updated", "min read"}},
		{name: "first short paragraph of prose kept", in: `<p>Remember the slogan?</p>`, kept: []string{"Remember the slogan?"}},
		{name: "chinese lines without full stops are prose, not labels", in: `<p>一波波接續性低溫寒流報到 已將新竹尖石鄉後山一帶層層山巒披上嫣紅的彩衣</p><p>玉峰道路一路上雲氣山嵐滯留山頭 順路下切蜿蜒道路後不久即抵達</p>`, kept: []string{"一波波接續性低溫寒流報到", "玉峰道路一路上"}},
		{name: "short japanese section name removed", in: `<p>社会</p>`, gone: []string{"社会"}},
		{name: "list written as lines under the title kept", in: `<h2>Port Ellison replaces lead pipes</h2><p>+ Added granite blocks<br>+ Added Slime Block<br>+ Added Iron Trapdoor<br>- Removed Herobrine</p>`, gone: []string{"Port Ellison replaces"}, kept: []string{"+ Added granite blocks", "Slime Block", "Herobrine"}},
		{name: "first section heading over prose kept", in: `<h2>WebIDE</h2><p>Develop, deploy and debug apps directly in your browser, or on a device, with this tool.</p><h2>Page Inspector</h2><p>Examine the page.</p>`, kept: []string{"WebIDE", "Page Inspector"}},
		{name: "kicker over the headline removed though subheads share its tag", in: `<h3>Politics</h3><h2>Port Ellison replaces lead pipes</h2><p>The city council voted on Tuesday to replace every lead pipe in the old town.</p><h3>What next</h3><p>Work starts soon.</p>`, gone: []string{"Politics"}, kept: []string{"What next"}},
		{name: "a lone dash line is still a label", in: `<p>- Sports<br>Nine new schools opened their doors on Monday across the county.</p>`, gone: []string{"Sports"}},
	})
	// A heading the description starts with, going on past it, opens the
	// body; a kicker the description does not start with goes.
	ex := &Article{Title: a.Title, Excerpt: "Highlights: Here's our year in review! We landed the updater fix and the tab-to-search setting."}
	runRuleCases(t, func(root *html.Node) { trimEdges(root, leafBlocks(root), ex, m) }, []ruleCase{
		{name: "heading that opens the description kept", in: `<h3>Highlights</h3><ul><li><a href="/y">Here's our year in review!</a></li></ul>`, kept: []string{"Highlights"}},
		{name: "kicker not in the description removed", in: `<h3>Opinion</h3><p>We landed the updater fix and the tab-to-search setting this week, after months of work.</p>`, gone: []string{"Opinion"}},
	})
	// A description that is the dek itself does not save the dek.
	dek := &Article{Title: a.Title, Excerpt: "Nine schools, one budget"}
	runRuleCases(t, func(root *html.Node) { trimEdges(root, leafBlocks(root), dek, m) }, []ruleCase{
		{name: "dek repeated as description removed", in: `<h2>Port Ellison replaces lead pipes</h2><h3>Nine schools, one budget</h3>`, gone: []string{"Nine schools"}},
	})
	// Tail: built separately because the body must come first.
	root := parseFragment(t, body+`<p>Have a tip? Amy may be reached at amy@example.com.</p><p>SOURCE: News agencies</p><p><a href="/t">Water</a></p>`)
	list := parseFragment(t, body+`<p>* Lots of other changes<br>- Removed Herobrine</p>`)
	trimEdges(list, leafBlocks(list), a, m)
	if got := renderText(list); !strings.Contains(got, "Removed Herobrine") {
		t.Errorf("last item of a list written as lines removed:\n%s", got)
	}
	trimEdges(root, leafBlocks(root), a, m)
	got := renderText(root)
	for _, g := range []string{"Have a tip", "SOURCE", "Water\n"} {
		if strings.Contains(got, g) {
			t.Errorf("tail %q kept:\n%s", g, got)
		}
	}
	if !strings.Contains(got, "41,000 pipes") {
		t.Errorf("body lost:\n%s", got)
	}
}

func TestPreCleanDescription(t *testing.T) {
	root := parseFragment(t, `<div itemprop="description"><p>The lead summary.</p></div><div itemprop="articleBody"><p itemprop="description">Body para.</p></div>`)
	preClean(root)
	got := renderText(root)
	if strings.Contains(got, "lead summary") || !strings.Contains(got, "Body para.") {
		t.Errorf("preClean: %q", got)
	}
}

func TestEmbeddedTweetSurvives(t *testing.T) {
	page := articleHTML("", prose...)
	page = strings.Replace(page, "</article>", `<div class="social-media-embed"><blockquote class="twitter-tweet"><p lang="en">Yes this is real and the state spent half a million on it: <a href="https://t.co/x">https://t.co/x</a></p>— Dianna (@dianna) <a href="https://twitter.com/d/status/1">November 18, 2019</a></blockquote></div><p>`+prose[0]+`</p></article>`, 1)
	a := extractString(t, page, "")
	if !strings.Contains(a.Text, "Yes this is real") {
		t.Errorf("tweet dropped:\n%s", a.Text)
	}
}

func TestLabeledCards(t *testing.T) {
	card := func(s string) string {
		return `<article class="postbox"><p>` + s + ` is a message about life with enough words to look like prose.</p></article>`
	}
	in := body + `<h3 class="relatedpoststitle">Você pode gostar...</h3>` + card("Otimismo") + card("Família") + card("Fé")
	root := parseFragment(t, in)
	removeLabeledCards(root)
	got := renderText(root)
	for _, g := range []string{"Otimismo", "Família", "Fé"} {
		if strings.Contains(got, g) {
			t.Errorf("card %q kept:\n%s", g, got)
		}
	}
	if !strings.Contains(got, "41,000 pipes") {
		t.Errorf("body lost:\n%s", got)
	}
	// Without a label, repeated articles stay (a live blog's entries).
	root = parseFragment(t, card("Otimismo")+card("Família"))
	removeLabeledCards(root)
	if !strings.Contains(renderText(root), "Família") {
		t.Error("unlabelled cards removed")
	}
}

func TestDateOnly(t *testing.T) {
	for s, want := range map[string]bool{
		"Updated Nov 19, 9:41 AM; Posted Nov 18, 8:19 PM": true,
		"Nov 19, 2019 | 9:41 AM EST":                      true,
		"Wednesday, November 20, 2019":                    true,
		"13 марта 2024, 09:40":                            true,
		"Aug. 30 -- Pepsi Center, Denver, CO":             false,
		"The fair runs July 18–26 at the fairgrounds":     false,
	} {
		if got := dateOnly(s); got != want {
			t.Errorf("dateOnly(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestResponsiveHiddenKept(t *testing.T) {
	runRuleCases(t, func(root *html.Node) { removeBoilerBlocks(root, nil) }, []ruleCase{
		{name: "hidden-xs is visible on desktop", in: `<h2 class="pb10 hidden-xs">The brain behind this startup</h2>`, kept: []string{"The brain behind"}},
		{name: "hide-on-mobile", in: `<p class="hide-on-mobile">Shown on wide screens.</p>`, kept: []string{"Shown on wide"}},
		{name: "hidden is hidden", in: `<p class="hidden">Never shown.</p>`, gone: []string{"Never shown"}},
	})
}

func TestTagRowsAndShortcodes(t *testing.T) {
	runRuleCases(t, withBlocks(removeShareRows), []ruleCase{
		{name: "rel=tag links", in: `<p><strong>Tags<br><a rel="tag" href="/t/a">stock car</a>, <a rel="tag" href="/t/b">interlagos</a></strong></p>`, gone: []string{"interlagos", "Tags"}},
	})
	runRuleCases(t, withBlocks(removeWidgets), []ruleCase{
		{name: "unrendered shortcode", in: `<p>[button link="http://x/submit/" type="big"] Send us YOUR kit review[/button]</p>`, gone: []string{"kit review"}},
		{name: "click here promo", in: `<p>Get the magazine delivered every month. Click here for more information.</p>`, gone: []string{"magazine"}},
		{name: "most popular with a noun", in: `<h2>Самые популярные диеты</h2><ul><li><a href="/a">Белковая</a></li><li><a href="/b">Японская</a></li></ul>`, gone: []string{"Белковая"}},
	})
}

func TestFooterCreditsAndControls(t *testing.T) {
	m := &pageMeta{h1s: map[*html.Node]bool{}}
	a := &Article{Title: "Lead pipes"}
	for _, tail := range []string{
		"<p>Associated Press writers Alan Fram and Zeke Miller contributed to this report.</p>",
		"<p>(Reporting by Greg Roumeliotis; editing by Martin Howell.)</p>",
		"<p>Reach the reporters on Twitter at http://twitter.com/reporter</p>",
		"<p>More AP NBA: https://apnews.com/NBA</p>",
	} {
		root := parseFragment(t, body+tail)
		trimEdges(root, leafBlocks(root), a, m)
		if got := renderText(root); strings.Count(got, "\n\n") != 1 {
			t.Errorf("footer %q kept:\n%s", tail, got)
		}
	}
	// The seed's closing credit is prose and stays.
	root := parseFragment(t, body+"<p>Anton Troyanovsky reported from Vienna and David E. Sanger from Washington. Oleg Matsnev provided a report from Moscow.</p>")
	trimEdges(root, leafBlocks(root), a, m)
	if !strings.Contains(renderText(root), "reported from Vienna") {
		t.Error("closing credit removed")
	}
	runRuleCases(t, removeAdLabels, []ruleCase{
		{name: "click to tweet", in: `<p>Every business exists in time.<a href="https://twitter.com/intent/tweet">Click To Tweet</a></p>`, gone: []string{"Click To Tweet"}, kept: []string{"Every business exists in time."}},
	})
	runRuleCases(t, withBlocks(removeWidgets), []ruleCase{
		{name: "moderation note", in: `<p>ATENÇÃO: Comentários com textos ininteligíveis não serão aprovados pelo moderador.</p>`, gone: []string{"ATENÇÃO"}},
		{name: "also on site", in: `<p>Also on rt.com <a href="/x">Politicians threatened with arrest</a></p>`, gone: []string{"Politicians"}},
		{name: "curly apostrophe label", in: `<h3>DON’T MISS</h3><ul><li><a href="/a">One</a></li><li><a href="/b">Two</a></li></ul>`, gone: []string{"MISS", "One"}},
	})
}

// withBlocks adapts a text rule to runRuleCases.
func withBlocks(rule func(*html.Node, []block)) func(*html.Node) {
	return func(root *html.Node) { rule(root, leafBlocks(root)) }
}

func TestMidArticleWidgets(t *testing.T) {
	runRuleCases(t, withBlocks(removeWidgets), []ruleCase{
		{name: "label over link lines", in: `<p><strong>DON'T MISS</strong><br><strong><a href="/a">CDC names eight deadly diseases</a> [WARNING]</strong><br><strong><a href="/b">Holidaymakers die after eating marmot</a> [INSIGHT]</strong><br><a href="/c">Passengers quarantined</a></p>`, gone: []string{"MISS", "marmot"}},
		{name: "update stamp", in: `<p>Updated at 1:23 p.m.</p>`, gone: []string{"1:23"}},
		{name: "update news kept", in: `<p>Updated guidance was published on Monday.</p>`, kept: []string{"Updated guidance"}},
	})
	runRuleCases(t, func(root *html.Node) { removeBoilerBlocks(root, nil) }, []ruleCase{
		{name: "copyright block", in: `<div class="region-copyright"><p>The Hill 1625 K Street, NW Suite 900</p></div>`, gone: []string{"K Street"}},
	})
}

// TestSmallCardCountsCJK: a section of Chinese text has as many words as
// characters over two, not one per text node, so a long section under a
// linked heading is not a "small card".
func TestSmallCardCountsCJK(t *testing.T) {
	para := strings.Repeat("港口工人罢工进入第二周，货物积压严重，政府呼吁双方恢复谈判。", 20)
	root := parseFragment(t, `<div><h2><a href="/x">港口罢工</a></h2><p>`+para+`</p></div>`)
	div := firstElement(root, "div")
	if smallCard(div, 80) {
		t.Errorf("a section of %d CJK characters counts as a small card", len([]rune(para)))
	}
	small := parseFragment(t, `<div><h2><a href="/x">港口罢工</a></h2><p>港口工人罢工。</p></div>`)
	if !smallCard(firstElement(small, "div"), 80) {
		t.Error("a heading over one short sentence is not a small card")
	}
}

func TestIsShareURL(t *testing.T) {
	for href, want := range map[string]bool{
		"https://www.facebook.com/sharer/sharer.php?u=x":        true,
		"https://www.linkedin.com/shareArticle?mini=true&url=x": true,
		"whatsapp://send?text=x":                                true,
		"mailto:?subject=Look&body=x":                           true,
		"mailto:newsroom@example.com":                           false,
		"https://www.facebook.com/ourpaper":                     false,
		"https://news.example/world/share-prices-fall":          false,
	} {
		if got := isShareURL(href); got != want {
			t.Errorf("isShareURL(%q) = %v, want %v", href, got, want)
		}
	}
}
