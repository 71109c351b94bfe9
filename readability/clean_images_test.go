package readability

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// renderHTML is the markup of n's children.
func renderHTML(t *testing.T, n *html.Node) string {
	t.Helper()
	var buf bytes.Buffer
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if err := html.Render(&buf, c); err != nil {
			t.Fatal(err)
		}
	}
	return buf.String()
}

func TestRemoveImageAds(t *testing.T) {
	cases := []struct {
		name string
		in   string   // snippet; body is appended
		gone []string // must not be in the HTML afterwards
		kept []string // must still be in the HTML
	}{
		{name: "theme placeholder linked to the advertise page",
			in:   `<div class="td-a-rec"><div class="td-all-devices"><a href="https://news.example/advertise/" target="_blank"><img src="https://news.example/wp-content/uploads/2021/09/ad-728x90-content_top.jpg" alt="spot_img"></a></div></div>`,
			gone: []string{"spot_img", "728x90", "/advertise/", "td-a-rec"}},
		{name: "ad server link", in: `<p><a href="https://ad.doubleclick.net/clk;123"><img src="https://cdn.example/x/creative.png"></a></p>`,
			gone: []string{"doubleclick", "creative.png"}},
		{name: "ad class on the link", in: `<a class="ad-link" href="https://shop.example/sale"><img src="https://cdn.example/sale.png"></a>`,
			gone: []string{"sale.png", "shop.example"}},
		{name: "ad words in the image path", in: `<div><img src="https://cdn.example/ads/summer.jpg"></div>`,
			gone: []string{"summer.jpg"}},
		{name: "ad server host", in: `<div><img src="https://ads.network.example/serve/123.gif"></div>`,
			gone: []string{"123.gif"}},
		{name: "banners folder", in: `<div><img src="https://news.example/media/banners/spring.png"></div>`,
			gone: []string{"spring.png"}},
		{name: "share button host", in: `<p><a href="https://www.addthis.com/bookmark.php"><img src="https://s7.addthis.com/static/btn/v2/lg-share-en.gif" alt="Bookmark and Share"></a></p>`,
			gone: []string{"lg-share-en.gif", "Bookmark and Share"}},
		{name: "affiliate image link", in: `<figure><p><a href="https://shop.example/subscribe/?utm_source=news&amp;utm_medium=affiliates"><img src="https://cdn.example/holiday.png" alt="Holiday offer"></a></p></figure>`,
			gone: []string{"holiday.png", "shop.example"}},
		{name: "call-to-action image", in: `<p><a href="https://cta-redirect.example/cta/redirect/1/2"><img src="https://no-cache.example/cta/default/1/abc.png" alt="New Call-to-action"></a></p>`,
			gone: []string{"abc.png"}},
		{name: "alt that only says advertisement", in: `<img src="https://cdn.example/x.jpg" alt="Advertisement">`,
			gone: []string{"x.jpg"}},
		{name: "IAB size in the attributes", in: `<div><img src="https://cdn.example/q.jpg" width="300" height="250"></div>`,
			gone: []string{"q.jpg"}},
		{name: "IAB size in the file name", in: `<div><a href="https://shop.example/"><img src="https://cdn.example/leader-970x250.png"></a></div>`,
			gone: []string{"970x250", "shop.example"}},
		{name: "promo word on a bare image", in: `<div class="house-promo"><img src="https://cdn.example/subscribe.png"></div>`,
			gone: []string{"subscribe.png"}},
		{name: "tracking pixel inside a paragraph", in: `<p>Crews began work on Monday.<img src="https://stats.example/p.gif" width="1" height="1"></p>`,
			gone: []string{"p.gif"}, kept: []string{"Crews began work on Monday."}},
		{name: "ad inside a captioned figure still goes", in: `<figure><a href="https://news.example/advertise/"><img src="https://cdn.example/b.jpg"></a><figcaption>Advertise with us</figcaption></figure>`,
			gone: []string{"b.jpg"}},
		{name: "story photo kept", in: `<figure><img src="https://news.example/uploads/crew-696x464.jpg" width="696" height="464" alt="A crew on Calder Street"><figcaption>A crew on Calder Street.</figcaption></figure>`,
			kept: []string{"crew-696x464.jpg"}},
		{name: "captioned figure at a banner size kept", in: `<figure><img src="https://news.example/uploads/mayor-300x250.jpg" width="300" height="250"><figcaption>The mayor on Tuesday.</figcaption></figure>`,
			kept: []string{"mayor-300x250.jpg"}},
		{name: "banner word in a photo inside prose kept", in: `<p>Protesters marched downtown. <img src="https://news.example/uploads/protest-banner.jpg"> They carried signs.</p>`,
			kept: []string{"protest-banner.jpg"}},
		{name: "lightbox link to the full photo kept", in: `<a href="https://news.example/uploads/crew.jpg"><img src="https://news.example/uploads/crew-696x464.jpg" alt=""></a>`,
			kept: []string{"crew-696x464.jpg", `href="https://news.example/uploads/crew.jpg"`}},
		{name: "square thumbnail its alt describes kept", in: `<table><tr><td><a href="https://wiki.example/wiki/File:Map.svg"><img alt="A map of the hemisphere centred on New Zealand." src="https://upload.example/250px-Map.png" width="250" height="250"></a></td></tr></table>`,
			kept: []string{"250px-Map.png"}},
		{name: "hash bucket folder kept", in: `<p><a href="https://wiki.example/wiki/Queen"><img alt="The Queen" src="https://upload.example/commons/thumb/a/ad/Queen_2.jpg/152px-Queen_2.jpg"></a></p>`,
			kept: []string{"Queen_2.jpg"}},
		{name: "ad word in a host label kept", in: `<div><img src="https://img.ad-hoc-news.example/uploads/port.jpg"></div>`,
			kept: []string{"port.jpg"}},
		{name: "ad word in a captioned photo's file name kept", in: `<figure><img src="https://news.example/uploads/ad-campaign-bus.jpg"><figcaption>The new campaign on a bus shelter.</figcaption></figure>`,
			kept: []string{"ad-campaign-bus.jpg"}},
		{name: "banner class on the lead photo kept", in: `<div class="article-banner"><img src="https://news.example/uploads/lead.jpg"></div>`,
			kept: []string{"lead.jpg"}},
		{name: "ad words in the query only kept", in: `<img src="https://news.example/photo.jpg?ad=1&banner=top">`,
			kept: []string{"photo.jpg"}},
		{name: "alt that tells of an ad kept", in: `<div><img src="https://news.example/uploads/campaign.jpg" alt="An ad for the new campaign on a bus shelter"></div>`,
			kept: []string{"campaign.jpg"}},
		{name: "image with a text link kept", in: `<a href="https://news.example/advertise/"><img src="https://news.example/logo.png"> Advertise with us</a>`,
			kept: []string{"logo.png"}},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			root := parseFragment(t, tt.in+body)
			removeImageAds(root)
			got := renderHTML(t, root)
			for _, g := range tt.gone {
				if strings.Contains(got, g) {
					t.Errorf("%q is still in the HTML:\n%s", g, got)
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

func TestTidyLinks(t *testing.T) {
	root := parseFragment(t, `<p><a href="https://news.example/uploads/crew.jpg"></a></p><p>See <a href="https://news.example/map">the map</a>. <a href="https://news.example/x"><img src="https://news.example/x.jpg"></a><a href="https://news.example/y"> </a><a>Kept words</a><a href="https://news.example/z"><br></a>Next line</p>`+body)
	tidyLinks(root)
	got := renderHTML(t, root)
	for _, g := range []string{"crew.jpg", "news.example/y", "<a>", "news.example/z"} {
		if strings.Contains(got, g) {
			t.Errorf("empty link %q is still in the HTML:\n%s", g, got)
		}
	}
	for _, k := range []string{`<a href="https://news.example/map">the map</a>`, "x.jpg", "Kept words", "<br/>Next line", "41,000 pipes"} {
		if !strings.Contains(got, k) {
			t.Errorf("%q was removed:\n%s", k, got)
		}
	}
}
