import pickle
from study import PREPS, SUBCONJ, END, QUOTES
import os
OUT = os.environ.get("CUT_STUDY_OUT", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "target", "cut_study"))
os.makedirs(OUT, exist_ok=True)

st, P = pickle.load(open(os.path.join(OUT, 'pairs.pkl'), 'rb'))
DAYS = {'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'yesterday', 'today', 'tonight', 'night', 'weekend', 'week', 'month', 'year', 'morning', 'afternoon', 'evening'}

def deleted_mask(p):
    m = [False] * len(p['s'])
    for a, b in p['runs']:
        for k in range(a, b):
            m[k] = True
    return m

res = {}
def add(name, spans_fn):
    tot = full = part = 0
    for p in P:
        s = p['s']; d = deleted_mask(p)
        for a, b in spans_fn(s):
            tot += 1
            k = sum(d[a:b])
            if k == b - a: full += 1
            elif k > 0: part += 1
    res[name] = (tot, full, part)

def core_end(s):
    e = len(s)
    while e > 0 and (s[e - 1] in END or s[e - 1] in QUOTES):
        e -= 1
    return e

def attr(s):
    return [(i, i + 1) for i, t in enumerate(s) if t in ('said', 'says', 'told')]
def paren(s):
    out = []
    for i, t in enumerate(s):
        if t == '(':
            for j in range(i + 1, min(len(s), i + 14)):
                if s[j] == ')':
                    out.append((i, j + 1)); break
    return out
def rel_aside(s):
    out = []
    for i in range(len(s) - 1):
        if s[i] == ',' and s[i + 1] in ('who', 'which', 'whose', 'where'):
            j = i + 2
            while j < len(s) and s[j] != ',' and s[j] not in END:
                j += 1
            out.append((i, j))  # ", who ... " up to (not incl.) next comma/end
    return out
def num_aside(s):  # ", 52 ,"
    return [(i, i + 2) for i in range(len(s) - 2) if s[i] == ',' and s[i + 1].isdigit() and s[i + 2] == ',']
def trailing_comma(s):
    e = core_end(s)
    cs = [i for i in range(e) if s[i] == ',' and not any(q in QUOTES for q in s[i:e])]
    return [(cs[-1], e)] if cs and cs[-1] > 3 else []
def leading_comma(s):
    for i in range(min(len(s), 13)):
        if s[i] == ',':
            return [(0, i + 1)] if i >= 1 else []
    return []
def lead_sub(s):
    return [x for x in leading_comma(s) if s[0] in SUBCONJ]
def time_pp(s):
    return [(i, i + 2) for i in range(len(s) - 1) if s[i] in ('on', 'last', 'this', 'on') and s[i + 1] in DAYS]
def end_pp(s):
    e = core_end(s)
    for i in range(max(0, e - 10), e):
        if s[i] in PREPS and ',' not in s[i:e]:
            return [(i, e)]
    return []
def mid_the(s):
    e = core_end(s)
    return [(i, i + 1) for i in range(1, e) if s[i] == 'the']
def end_and(s):
    e = core_end(s)
    out = []
    for i in range(max(1, e - 25), e):
        if s[i] == 'and' and ',' not in s[i:e] and s[i - 1] != ',':
            out.append((i, e)); break
    return out

def the_ctx():
    tot = dl = 0
    for p in P:
        s = p['s']; d = deleted_mask(p)
        for i in range(1, len(s) - 1):
            if s[i] == 'the' and not d[i - 1] and not d[i + 1]:
                tot += 1; dl += d[i]
    return tot, dl
for name, fn in [('"said/says/told" token', attr), ('"( … )" parenthetical, <=13 tok', paren),
                 ('", who/which/whose/where …" up to next comma', rel_aside), ('", NUMBER ," (age)', num_aside),
                 ('leading span up to first comma (<=13 tok)', leading_comma),
                 ('  … of which starts with when/as/after/while/although/…', lead_sub),
                 ('trailing span after last comma (not in a quote)', trailing_comma),
                 ('"on/last/this + day/time word"', time_pp),
                 ('trailing span from first preposition in last 10 tokens, no comma', end_pp),
                 ('trailing span from first "and" in last 25 tokens, no comma', end_and),
                 ]:
    add(name, fn)
print('| candidate span (in the 1,900 kept sentences) | occurrences | fully deleted | partly deleted |')
print('|---|---|---|---|')
for k, (t, f, pa) in res.items():
    print('| %s | %d | %d (%.0f%%) | %d (%.0f%%) |' % (k, t, f, 100 * f / max(1, t), pa, 100 * pa / max(1, t)))
t, dl = the_ctx()
print('| "the" whose two neighbours are both kept | %d | %d (%.0f%%) | – |' % (t, dl, 100 * dl / t))
