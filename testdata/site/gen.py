#!/usr/bin/env python3
"""Regenerates the article pages of the fixture news site (testdata/site).

The site is served by crawler tests (newTestSite in crawler/site_test.go), which
replace http://news.example with the test server's address. Run from this
folder: python3 gen.py. Output is deterministic.
"""
import random, os, json

BASE = "http://news.example"

SENTENCES = [
    "{official} told reporters on {day} that the {subject} would be reviewed again before the end of the year.",
    "According to figures published by {org}, the {subject} affected roughly {n} thousand people in {place}.",
    "Residents of {place} said the {subject} had already changed how they plan their week.",
    "{org} has not commented publicly, but two people familiar with the matter said a statement was being drafted.",
    "Analysts at {org} warned that the {subject} could weigh on growth well into {month}.",
    "In {place}, local officials described the mood as cautious rather than alarmed.",
    "The debate over the {subject} has divided lawmakers, with {n} of them signing an open letter last {day}.",
    "{official} said the government was prepared to act quickly if conditions worsened.",
    "Critics argue that the response to the {subject} has been slow and poorly coordinated.",
    "Supporters counter that the measures announced in {month} are already showing results in {place}.",
    "A spokesperson for {org} said the organisation expected to publish a fuller assessment within {n} days.",
    "Small businesses in {place} reported a sharp drop in orders linked to the {subject}.",
    "Economists surveyed by {org} were split on whether the {subject} marked a turning point.",
    "The last comparable episode, in {year}, lasted several months and left lasting scars in {place}.",
    "{official} declined to give a timetable, saying only that talks were continuing.",
    "Trade unions in {place} have called for clearer guarantees for workers affected by the {subject}.",
    "Independent observers noted that the data released on {day} was incomplete.",
    "Officials in {place} have set aside emergency funds of about {n} million to deal with the {subject}.",
    "Several regional newspapers ran front-page editorials on the {subject} this week.",
    "{org} estimates that the cost of the {subject} could reach {n} million by {month}.",
    "Many of those interviewed in {place} said they felt left out of the decision-making process.",
    "The opposition accused {official} of playing down the scale of the {subject}.",
    "Engineers and planners in {place} are drawing up contingency plans in case the {subject} drags on.",
    "Markets reacted calmly on {day}, with benchmark indices closing little changed.",
    "Researchers at {org} said longer-term data would be needed before drawing firm conclusions.",
    "Community groups in {place} have organised meetings to explain what the {subject} means for families.",
]

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
MONTHS = ["January", "February", "March", "April", "May", "June"]

ARTICLES = [
    # path, section, title, subject, place, official, org, author, date
    ("/2026/11/central-bank-holds-rates.html", "World", "Central bank holds interest rates steady as inflation cools",
     "interest rate decision", "the capital", "Governor Elena Marsh", "the National Statistics Office", "Jane Doe", "2026-11-20T09:30:00Z"),
    ("/2026/11/port-strike-enters-second-week.html", "World", "Port strike enters its second week with no talks scheduled",
     "port strike", "the harbour district", "Labour Minister Tomas Berg", "the Dockworkers Federation", "Omar Haddad", "2026-11-19T14:05:00Z"),
    ("/2026/11/election-observers-report.html", "World", "Election observers publish report on regional vote",
     "regional election", "the eastern provinces", "Chief Observer Ana Ruiz", "the Electoral Monitoring Mission", "Jane Doe", "2026-11-18T08:00:00Z"),
    ("/2026/11/floods-northern-provinces.html", "World", "Floods force evacuations across northern provinces",
     "flooding", "the northern river valleys", "Emergency Services Director Paul Okafor", "the Meteorological Institute", "Liu Wen", "2026-11-17T17:45:00Z"),
    ("/2026/11/trade-talks-resume.html", "World", "Trade talks resume after a three-month pause",
     "trade negotiation", "the border towns", "Trade Commissioner Ingrid Solberg", "the Chamber of Commerce", "Omar Haddad", "2026-11-10T11:00:00Z"),
    ("/private/2026/11/leaked-memo.html", "World", "Leaked memo details spending plans",
     "spending plan", "the finance ministry", "Finance Minister Carl Vos", "the Budget Office", "Jane Doe", "2026-11-16T10:00:00Z"),
    ("/2026/11/chipmaker-earnings.html", "Tech", "Chipmaker beats earnings forecasts on data-centre demand",
     "chip shortage", "the industrial park", "Chief Executive Maya Lind", "the Semiconductor Industry Association", "Liu Wen", "2026-11-21T21:10:00Z"),
    ("/2026/11/open-source-license-change.html", "Tech", "Popular database project changes its open-source licence",
     "licence change", "the developer community", "Project Lead Samir Patel", "the Open Source Initiative", "Ravi Kumar", "2026-11-20T16:20:00Z"),
    ("/2026/11/satellite-internet-rural.html", "Tech", "Satellite internet reaches remote rural schools",
     "rural connectivity programme", "the mountain villages", "Education Secretary Grace Mwangi", "the Telecom Regulator", "Ravi Kumar", "2026-11-15T07:30:00Z"),
    ("/2026/10/battery-recycling-plant.html", "Tech", "New battery recycling plant opens amid supply worries",
     "battery supply crunch", "the river port", "Plant Manager Jonas Weber", "the Clean Energy Council", "Liu Wen", "2026-10-30T12:00:00Z"),
]

# (path, copy of) — a syndicated wire copy: same text, different URL.
WIRE = ("/wire/2026/11/port-strike-enters-second-week.html", "/2026/11/port-strike-enters-second-week.html")

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | The Daily Example</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{excerpt}">
<link rel="canonical" href="{canonical}">
{amp}<link rel="alternate" type="application/rss+xml" title="World" href="{base}/feeds/world.rss">
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="og:url" content="{canonical}">
<meta property="og:site_name" content="The Daily Example">
<meta property="og:image" content="{base}/img/{img}.jpg">
<meta property="article:published_time" content="{date}">
<meta name="author" content="{author}">
<script type="application/ld+json">{ld}</script>
</head>
<body>
<header class="site-header">
  <a class="logo" href="/">The Daily Example</a>
  <nav><a href="/world/">World</a> <a href="/tech/">Tech</a> <a href="/about.html">About</a> <a href="/search.html">Search</a></nav>
</header>
<main>
<article>
  <h1>{title}</h1>
  <p class="byline">By <a rel="author" href="/author/{author_slug}.html">{author}</a> · <time datetime="{date}">{date_h}</time></p>
  <figure><img src="/img/{img}.jpg" alt=""><figcaption>{place_cap}. Photo: Example Agency</figcaption></figure>
{body}
  <p class="tags">Filed under <a href="/tag/{section_slug}.html">{section}</a> <a href="/tag/economy.html">Economy</a></p>
</article>
<aside class="share">Share: <a href="https://twitter.example/share">Twitter</a> <a href="https://facebook.example/share">Facebook</a></aside>
<aside class="related"><h2>More from {section}</h2><ul>{related}</ul></aside>
</main>
<footer>&copy; 2026 The Daily Example · <a href="/about.html">About us</a> · <a href="/privacy.html">Privacy</a></footer>
</body>
</html>
"""

def slug(s):
    return s.lower().replace(" ", "-")

def body_for(a):
    path, section, title, subject, place, official, org, author, date = a
    rnd = random.Random(path)
    fill = dict(subject=subject, place=place, official=official, org=org)
    lead = f"{title}. The {subject} dominated the agenda in {place} this week, and {official} said more decisions would follow."
    sents = SENTENCES[:]
    rnd.shuffle(sents)
    paras = [lead]
    i = 0
    for _ in range(6):
        k = rnd.randint(2, 3)
        chunk = []
        for s in sents[i:i + k]:
            chunk.append(s.format(n=rnd.randint(3, 900), day=rnd.choice(DAYS), month=rnd.choice(MONTHS),
                                  year=rnd.randint(1995, 2019), **fill))
        i += k
        paras.append(" ".join(chunk))
    out = []
    for j, p in enumerate(paras):
        out.append(f"  <p>{p}</p>")
        if j == 3:
            out.append(f"  <h2>What happens next</h2>")
    return "\n".join(out), lead

def render(a, canonical_path, amp_path=None, related=()):
    path, section, title, subject, place, official, org, author, date = a
    body, lead = body_for(a)
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                     "datePublished": date, "author": {"@type": "Person", "name": author}})
    amp = f'<link rel="amphtml" href="{BASE}{amp_path}">\n' if amp_path else ""
    rel = "".join(f'<li><a href="{p}">{t}</a></li>' for p, t in related)
    return PAGE.format(title=title, excerpt=lead[:150], canonical=BASE + canonical_path, amp=amp, base=BASE,
                       img=slug(subject), date=date, date_h=date[:10], author=author, author_slug=slug(author),
                       ld=ld, body=body, place_cap=place.capitalize(), section=section,
                       section_slug=slug(section), related=rel)

def write(path, text, encoding="utf-8"):
    fn = path.lstrip("/")
    os.makedirs(os.path.dirname(fn) or ".", exist_ok=True)
    with open(fn, "w", encoding=encoding, newline="\n") as f:
        f.write(text)

def main():
    by_path = {a[0]: a for a in ARTICLES}
    for a in ARTICLES:
        related = [(b[0], b[2]) for b in ARTICLES if b[1] == a[1] and b[0] != a[0]][:3]
        amp = "/amp" + a[0] if a[0] == "/2026/11/central-bank-holds-rates.html" else None
        write(a[0], render(a, a[0], amp, related))
        if amp:
            # AMP variant: same story, rel=canonical to the main URL.
            write(amp, render(a, a[0]).replace("<html lang=\"en\">", "<html amp lang=\"en\">"))
    wire_path, orig = WIRE
    a = by_path[orig]
    write(wire_path, render(a, wire_path).replace("The Daily Example", "Example Wire Service"))
    # A windows-1251 page (Cyrillic), served with charset=windows-1251.
    ru = RU_PAGE
    write("/ru/2026/11/moskva-metro.html", ru, encoding="cp1251")

RU_PAGE = """<!DOCTYPE html>
<html lang="ru">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>В Москве открыли новую станцию метро</title>
<meta property="og:type" content="article">
<meta property="og:title" content="В Москве открыли новую станцию метро">
<meta property="article:published_time" content="2026-11-12T10:00:00Z">
</head>
<body>
<header><a href="/">The Daily Example</a></header>
<article>
<h1>В Москве открыли новую станцию метро</h1>
<p class="byline">Автор: Ирина Петрова</p>
<p>В четверг в Москве открылась новая станция метро, которая соединила два крупных жилых района на юго-западе города. По словам представителей транспортного ведомства, в первые часы работы станцией воспользовались более десяти тысяч пассажиров.</p>
<p>Строительство станции заняло почти четыре года. Инженерам пришлось работать в сложных геологических условиях: под площадкой проходит подземная река, и тоннели пришлось укреплять дополнительными конструкциями.</p>
<p>Жители окрестных домов говорят, что дорога до центра теперь занимает на двадцать минут меньше. Многие раньше добирались до ближайшей станции на автобусе, который в часы пик стоял в пробках.</p>
<p>Городские власти обещают, что до конца следующего года на этой линии появятся ещё две станции. Кроме того, планируется обновить подвижной состав и увеличить частоту поездов в вечерние часы.</p>
<p>Эксперты отмечают, что развитие метро остаётся главным инструментом борьбы с пробками в столице, однако предупреждают, что новые районы растут быстрее, чем транспортная сеть.</p>
</article>
<footer>&copy; 2026 The Daily Example</footer>
</body>
</html>
"""

if __name__ == "__main__":
    main()
