#!/usr/bin/env python3
"""Self-consistency checks for testdata/readability fixtures."""
import sys, os, json, re, html, datetime
from html.parser import HTMLParser

ROOT = os.path.dirname(os.path.abspath(__file__))
BLOCK = set('p div h1 h2 h3 h4 h5 h6 li ul ol section article aside header footer nav blockquote figure figcaption br tr td th table form main time'.split())

class P(HTMLParser):
    def __init__(s):
        super().__init__(convert_charrefs=True); s.out=[]; s.skip=0; s.attrs=[]
    def handle_starttag(s, t, a):
        if t in ('script','style','noscript','template'): s.skip+=1
        for k,v in a:
            if v: s.attrs.append(v)
        if t in BLOCK: s.out.append(' ')
    def handle_endtag(s, t):
        if t in ('script','style','noscript','template'): s.skip-=1
        if t in BLOCK: s.out.append(' ')
    def handle_data(s, d):
        if not s.skip: s.out.append(d)

def norm(x): return re.sub(r'\s+', ' ', x).strip()

def charset_of(raw, meta):
    ct = meta.get('content_type','')
    m = re.search(r'charset=([\w-]+)', ct)
    if m: return m.group(1)
    m = re.search(rb'charset=["\']?([\w-]+)', raw[:2048], re.I)
    return m.group(1).decode() if m else 'utf-8'

bad = 0
def fail(c, msg):
    global bad; bad += 1; print(f'FAIL {c}: {msg}')

cases = sys.argv[1:] or sorted(d for d in os.listdir(ROOT) if os.path.isdir(os.path.join(ROOT,d)))
for c in cases:
    d = os.path.join(ROOT, c)
    raw = open(os.path.join(d,'page.html'),'rb').read()
    meta = json.load(open(os.path.join(d,'meta.json'), encoding='utf-8'))
    if len(raw) > 62000: fail(c, f'page.html is {len(raw)} bytes')
    cs = charset_of(raw, meta)
    try: doc = raw.decode({'windows-1251':'cp1251','shift_jis':'shift_jis','iso-8859-1':'latin-1'}.get(cs.lower(), cs))
    except Exception as e: fail(c, f'decode {cs}: {e}'); continue
    if cs.lower() != 'utf-8':
        try: raw.decode('utf-8'); fail(c, 'non-utf8 page decodes as utf-8 (encoding not really applied?)')
        except UnicodeDecodeError: pass
    p = P(); p.feed(doc); p.close()
    text = norm(''.join(p.out)); attrs = ' '.join(p.attrs)
    if 'published_at' in meta:
        try: datetime.datetime.fromisoformat(meta['published_at'].replace('Z','+00:00'))
        except Exception as e: fail(c, f'published_at: {e}')
    wp = os.path.join(d,'want.txt')
    if meta.get('no_article'):
        if os.path.exists(wp): fail(c, 'no_article case has want.txt')
        want = ''
    else:
        want = open(wp, encoding='utf-8').read()
        if not want.endswith('\n') or want.endswith('\n\n'): fail(c, 'want.txt must end with exactly one newline')
        if '\n\n\n' in want: fail(c, 'triple newline')
        paras = want.rstrip('\n').split('\n\n')
        for i, para in enumerate(paras):
            for line in para.split('\n'):  # list items / table rows are single lines
                if line != line.strip() or not line: fail(c, f'para {i} has edge whitespace or an empty line')
                if norm(line) not in text: fail(c, f'para {i} not in page text: {line[:70]!r}')
        words = len(want.split())
        print(f'{c}: {len(paras)} blocks, {words} words, {len(raw)} bytes, charset {cs}')
    bp = os.path.join(d,'boilerplate.txt')
    for line in open(bp, encoding='utf-8').read().splitlines():
        if not line.strip(): fail(c, 'blank line in boilerplate.txt'); continue
        if line.lower() in want.lower(): fail(c, f'boilerplate string in want.txt (case-insensitive): {line!r}')
        if ('Ã' in line or 'â€' in line): continue  # mojibake guard, deliberately absent
        if line not in text and line not in attrs and norm(line) not in text: fail(c, f'boilerplate string not on page: {line!r}')
    if meta.get('title') and norm(meta['title']) not in text and meta['title'] not in attrs: fail(c, 'title not on page')
print('bad:', bad); sys.exit(1 if bad else 0)
