package readability

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// parseFragment parses an HTML snippet into a <div> root.
func parseFragment(t *testing.T, s string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader("<html><body><div id=root>" + s + "</div></body></html>"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range elements(doc, "div") {
		if attr(d, "id") == "root" {
			return d
		}
	}
	t.Fatal("no root")
	return nil
}

func TestRenderText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"paragraphs", "<p>One  two\n three.</p><p>Four.</p>", "One two three.\n\nFour."},
		{"headings", "<h2>Head</h2><p>Body.</p><h3>Sub</h3><p>More.</p>", "Head\n\nBody.\n\nSub\n\nMore."},
		{"list items on own lines", "<p>Intro:</p><ul><li>one</li><li>two <b>bold</b></li></ul><p>After.</p>", "Intro:\n\none\ntwo bold\n\nAfter."},
		{"br", "<p>line one<br>line two<br><br>new para</p>", "line one\nline two\n\nnew para"},
		{"divs never glue", "<div>FL</div><div>June 3</div>", "FL\n\nJune 3"},
		{"abutting spans set apart by CSS", "<p><span>Port Ellison</span><span>The Courier</span></p>", "Port Ellison The Courier"},
		{"FL June", "<p><span class=state>FL</span><span class=date>June 3</span></p>", "FL June 3"},
		{"drop cap stays one word", "<p><span class=dropcap>T</span>he river rose.</p>", "The river rose."},
		{"latin link inside japanese", "<p>管理ソフト<a href=x>KeePass</a>の起動</p>", "管理ソフト KeePass の起動"},
		{"custom elements are inline", "<p>in the United States (<hl-trusted-source><a href=x>1</a></hl-trusted-source>).</p>", "in the United States (1)."},
		{"inline markup inside a word", "<p>un<em>believ</em>able</p>", "unbelievable"},
		{"table cells", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>", "a b\nc d"},
		{"pre keeps lines", "<pre>x := 1\n  y := 2</pre>", "x := 1\n  y := 2"},
		{"highlighted code keeps spaces and breaks between spans", "<pre><span class=k>SELECT</span> <span class=n>avg</span>(n)\n<span class=k>FROM</span> t;</pre>", "SELECT avg(n)\nFROM t;"},
		{"scripts skipped", "<p>Text<script>var x=1</script> here.</p>", "Text here."},
		{"nbsp is space", "<p>a&nbsp;b</p>", "a b"},
		{"soft hyphen and zero width dropped", "<p>hyphen\u00adated wo\u200brd</p>", "hyphenated word"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := renderText(parseFragment(t, tt.in))
			if got != tt.want {
				t.Errorf("renderText(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}
