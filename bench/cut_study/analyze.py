import pickle, random, sys
from collections import Counter, defaultdict
import os
OUT = os.environ.get("CUT_STUDY_OUT", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "target", "cut_study"))
os.makedirs(OUT, exist_ok=True)


stats, P = pickle.load(open(os.path.join(OUT, 'pairs.pkl'), 'rb'))
PUNCT = {'.', '?', '!', '"', "''", "'", ',', ':', ';', '--', '-', '(', ')', '``', '`'}
random.seed(7)

n = len(P)
tok_s = sum(len(p['s']) for p in P)
tok_h = sum(len(p['h']) for p in P)
tok_del = sum(len(p['s']) - p['lcs'] for p in P)
w_s = sum(sum(1 for t in p['s'] if t not in PUNCT) for p in P)
w_h = sum(sum(1 for t in p['h'] if t not in PUNCT) for p in P)
unmatched_h = sum(len(p['h']) - p['lcs'] for p in P)

runs = []  # (pair, a, b, info)
for p in P:
    for (a, b), inf in zip(p['runs'], p['info']):
        runs.append((p, a, b, inf))
assert sum(b - a for _, a, b, _ in runs) == tok_del


def show(p, a, b, win=(7, 4)):
    s = p['s']
    lo = max(0, a - win[0]); hi = min(len(s), b + win[1])
    pre = ('… ' if lo > 0 else '') + ' '.join(s[lo:a])
    post = ' '.join(s[b:hi]) + (' …' if hi < len(s) else '')
    run = ' '.join(s[a:b])
    if b - a > 16:
        run = ' '.join(s[a:a + 8]) + ' … ' + ' '.join(s[b - 4:b])
    return (pre + ' [' + run + '] ' + post).strip()


def examples(rs, k=2):
    # prefer sentences of <= 32 tokens
    short = [r for r in rs if len(r[0]['s']) <= 32]
    pool = short if len(short) >= k else rs
    return [show(*r[:3]) for r in random.sample(pool, min(k, len(pool)))]


out = []
W = out.append
W('# Which spans do editors delete when a CNN/DM highlight compresses one article sentence?')
W('')
W('Data: `validation.jsonl` (4,368 articles, %d sentences from the study splitter). Scripts: `bench/cut_study/`.' % stats['sents'])
W('')
W('## Totals')
W('- Highlights: **%d**. With an article sentence whose LCS covers >=85%% of the highlight tokens: %d (%.1f%%); '
  'of those %d dropped because the sentence is <2 tokens longer (near-verbatim copies).' % (
      stats['highlights'], stats['hl_ge85'], 100 * stats['hl_ge85'] / stats['highlights'], stats['hl_ge85_too_short_diff']))
W('- **Kept pairs: %d** (%.1f%% of highlights), from %d distinct articles.' % (n, 100 * n / stats['highlights'], len({p['id'] for p in P})))
W('- Sentence tokens deleted (not in LCS) in kept pairs: %d of %d = **%.1f%%**. Mean per pair: %.1f deleted tokens in %.2f runs.' % (
    tok_del, tok_s, 100 * tok_del / tok_s, tok_del / n, len(runs) / n))
W('- Mean length, kept sentence vs highlight: **%.1f vs %.1f tokens** (%.1f vs %.1f words excluding punctuation). '
  'Highlight tokens not in the LCS (rewrites/insertions): %d = %.1f%% of highlight tokens; %d pairs (%.0f%%) are pure deletions.' % (
    tok_s / n, tok_h / n, w_s / n, w_h / n, unmatched_h, 100 * unmatched_h / tok_h,
    sum(1 for p in P if p['lcs'] == len(p['h'])), 100 * sum(1 for p in P if p['lcs'] == len(p['h'])) / n))
nr = Counter(min(len(p['runs']), 5) for p in P)
W('- Runs per pair: ' + ', '.join('%s: %d' % ('5+' if k == 5 else k, nr[k]) for k in sorted(nr)) + '.')
pos_tok = Counter(); pos_n = Counter()
for p, a, b, inf in runs:
    pos_tok[inf['pos']] += b - a; pos_n[inf['pos']] += 1
W('- By position (runs / share of deleted tokens): ' + '; '.join(
    '%s %d / %.1f%%' % (k, pos_n[k], 100 * pos_tok[k] / tok_del) for k in ('start', 'mid', 'end')) + '.')
lb = Counter(); lbt = Counter()
for p, a, b, inf in runs:
    L = b - a; key = '1' if L == 1 else '2-3' if L <= 3 else '4-7' if L <= 7 else '8-15' if L <= 15 else '16+'
    lb[key] += 1; lbt[key] += L
W('- Run length (runs / share of deleted tokens): ' + '; '.join(
    '%s: %d / %.1f%%' % (k, lb[k], 100 * lbt[k] / tok_del) for k in ('1', '2-3', '4-7', '8-15', '16+')) + '.')
rw = sum(b - a for p, a, b, inf in runs if inf['rewritten'])
W('- Runs at a gap where the highlight also inserts tokens ("rewritten", not pure deletion): %d runs, %.1f%% of deleted tokens.' % (
    sum(1 for r in runs if r[3]['rewritten']), 100 * rw / tok_del))
W('')

# ---------- top patterns
def sig(inf):
    f = inf['first']
    s = inf['pos'] + ' ' + (', ' + inf['first_content'] if f == ',' else f)
    if inf['comma']:
        s += ' [comma-bounded]'
    return s

g = defaultdict(list)
for r in runs:
    g[sig(r[3])].append(r)
W('## Top 25 patterns (signature = position + first token (after a leading comma) + comma-bounded), by deleted tokens')
W('')
W('| # | signature | runs | tokens | % del. tok | mean len | examples |')
W('|---|---|---|---|---|---|---|')
top = sorted(g.items(), key=lambda kv: -sum(b - a for _, a, b, _ in kv[1]))[:25]
for i, (k, rs) in enumerate(top, 1):
    t = sum(b - a for _, a, b, _ in rs)
    ex = ' ◆ '.join(e.replace('|', '/') for e in examples(rs))
    W('| %d | `%s` | %d | %d | %.1f | %.1f | %s |' % (i, k, len(rs), t, 100 * t / tok_del, t / len(rs), ex))
cov = sum(sum(b - a for _, a, b, _ in rs) for _, rs in top)
W('')
W('Top 25 cover %.1f%% of deleted tokens; %d distinct signatures in all (long tail).' % (100 * cov / tok_del, len(g)))
W('')

# ---------- categories
CATS = [
    ('a_attr_end', '(a) attribution at end: ", X said ." / ", said X ." / ", according to X ."'),
    ('a2_attr_other', '(a\') attribution elsewhere, <=8 tok ("X said (that)" at start, ", he said ,")'),
    ('b_lead_phrase', '(b) leading phrase ending at a comma, not a sub-clause'),
    ('h_lead_subclause', '(h) leading subordinate clause (after/despite/as/having/while/… + verb-like)'),
    ('c_aside_rel', '(c1) mid comma-bounded who/which/where clause'),
    ('c_aside_noverb', '(c2) mid comma-bounded, no verb-like token (appositive, ", 52 ,")'),
    ('c_aside_verb', '(c3) mid comma-bounded, other with verb-like token'),
    ('d_paren', '(d1) parenthetical ( … ) (mostly DM photo cues "( left )", "( pictured )")'),
    ('d_dash', '(d2) dash-bounded aside, or dash to end ("- a 5 - 0 defeat by chelsea")'),
    ('e_trail_after_comma', '(e) trailing phrase after last comma (run starts with ",")'),
    ('e2_end_pp_nocomma', '(e\') trailing PP at end, no comma (in/with/to/at/on/for …)'),
    ('i_end_subclause', '(e\'\') trailing sub-clause, no comma (after/as/while/because/… + verb)'),
    ('i_end_conj', '(e\'\'\') trailing conjunct, no comma ("and could slot in …", "but …")'),
    ('i_end_rel', '(e4) trailing restrictive who/that/which clause, no comma'),
    ('i_end_other', '(i) other end runs (NP tails, infinitives, misc.)'),
    ('f_mid_pp', '(f) mid PP not comma-bounded (first token a preposition)'),
    ('g_np_det', '(g1) mid 1-2 tokens starting with a determiner/possessive ("the", "his friend")'),
    ('g_short_word', '(g2) mid other 1-2 tokens, no verb-like, no punct (adjectives, first names, adverbs)'),
    ('i_start_det', '(i) sentence-initial determiner only ("[the] former champion")'),
    ('i_start_discourse', '(i) sentence-initial connective ("but", "and", "now", "however")'),
    ('i_start_that_frame', '(i) start framing clause ending in "that" ("it emerged on monday that the")'),
    ('i_start_rewritten', '(i) other start runs where highlight inserts tokens (subject replaced)'),
    ('i_start_other', '(i) other start runs, pure deletion (titles before names, table junk, main clause)'),
    ('i_mid_conj', '(i) mid run starting with and/but/or (no comma)'),
    ('i_mid_comma_led', '(i) mid run starting with "," not comma-bounded (", who" w/o 2nd comma)'),
    ('i_mid_rel_nocomma', '(i) mid run starting with that/who/which, no comma'),
    ('i_mid_other', '(i) mid other (>=3 tok or verb-like: verb phrases, multi-piece rewrites)'),
    ('r_subst', '(r) 1-2 tok run replaced by other highlight tokens (said→says, has→is)'),
    ('p_punct_only', '(p) punctuation-only runs (quote marks, final "." missing in highlight)'),
    ('dateline', '(i) dateline "london ( cnn )" at start'),
]
bycat = defaultdict(list)
for r in runs:
    bycat[r[3]['cat']].append(r)
assert set(bycat) <= {c for c, _ in CATS}, set(bycat) - {c for c, _ in CATS}
pure = [p for p in P if p['lcs'] == len(p['h'])]
pure_ids = {id(p) for p in pure}
pure_del = sum(len(p['s']) - p['lcs'] for p in pure)
W('## Categories (exclusive, assigned in priority order; shares sum to 100%)')
W('')
W('"pure %%": share of deleted tokens in the %d pure-deletion pairs (highlight fully in LCS, %d deleted tokens). '
  '"rewr %%": share of the category\'s tokens in runs where the highlight inserts tokens at that gap.' % (len(pure), pure_del))
W('')
W('| category | runs | runs/pair | pairs with ≥1 | % del. tok | pure % | mean len | rewr % |')
W('|---|---|---|---|---|---|---|---|')
for c, name in CATS:
    rs = bycat[c]
    t = sum(b - a for _, a, b, _ in rs)
    tp = sum(b - a for p, a, b, _ in rs if id(p) in pure_ids)
    pp = len({id(r[0]) for r in rs})
    rwt = sum(b - a for _, a, b, inf in rs if inf['rewritten'])
    W('| %s | %d | %.3f | %d (%.1f%%) | **%.1f** | %.1f | %.1f | %.0f |' % (
        name, len(rs), len(rs) / n, pp, 100 * pp / n, 100 * t / tok_del, 100 * tp / pure_del, t / max(1, len(rs)), 100 * rwt / max(1, t)))
W('')


def grp(cs):
    rs = [r for c in cs for r in bycat[c]]
    t = sum(b - a for _, a, b, _ in rs)
    pp = len({id(r[0]) for r in rs})
    return '%.1f%% of deleted tokens, %.3f runs/pair, in %.1f%% of pairs' % (100 * t / tok_del, len(rs) / n, 100 * pp / n)


def brk(rs, keyf, k=6):
    c = Counter(); ct = Counter()
    for r in rs:
        kk = keyf(r); c[kk] += 1; ct[kk] += r[2] - r[1]
    tot = sum(ct.values()) or 1
    return ', '.join('%s %d/%.0f%%' % (kk, c[kk], 100 * ct[kk] / tot) for kk, _ in ct.most_common(k))


W('## Summary for the questions asked')
for lab, cs in [('(a) attribution at end', ['a_attr_end']), ('(a+a\') attribution anywhere (<=8 tok if not at end)', ['a_attr_end', 'a2_attr_other']),
                ('(b) leading phrase before first comma', ['b_lead_phrase']), ('(c) comma-bounded mid asides c1+c2+c3', ['c_aside_rel', 'c_aside_noverb', 'c_aside_verb']),
                ('(d) parentheticals + dash asides', ['d_paren', 'd_dash']), ('(e) trailing after last comma', ['e_trail_after_comma']),
                ('(e\'-e4) trailing material with NO comma (PP, sub-clause, conjunct, rel.)', ['e2_end_pp_nocomma', 'i_end_subclause', 'i_end_conj', 'i_end_rel']),
                ('(f) mid PP not comma-bounded', ['f_mid_pp']), ('(g) 1-2 word NP-internal-ish deletions g1+g2', ['g_np_det', 'g_short_word']),
                ('(h) leading subordinate clause', ['h_lead_subclause']),
                ('(i) all other (start framing/subject swaps, mid verb phrases, misc.)', [c for c, _ in CATS if c.startswith('i_') and c not in ('i_end_subclause', 'i_end_conj', 'i_end_rel')] + ['dateline']),
                ('(r)+(p) substitutions and punctuation', ['r_subst', 'p_punct_only'])]:
    W('- %s: %s.' % (lab, grp(cs)))
W('')
W('## Category details: top first tokens as runs/%-of-category-tokens (start_other, mid_other: subtypes); one random example (sentence <=32 tok)')
DETAIL = {'a_attr_end', 'a2_attr_other', 'b_lead_phrase', 'h_lead_subclause', 'c_aside_rel', 'c_aside_noverb', 'c_aside_verb',
          'd_paren', 'd_dash', 'e_trail_after_comma', 'e2_end_pp_nocomma', 'i_end_subclause', 'i_end_conj', 'f_mid_pp',
          'g_np_det', 'g_short_word', 'i_start_other', 'i_mid_other', 'r_subst'}
for c, name in CATS:
    rs = bycat[c]
    if not rs or c not in DETAIL:
        continue
    ex = examples(rs, 1)[0]
    if c == 'i_start_other':
        kf = lambda r: ('has ":" (DM caption label)' if ':' in r[0]['s'][r[1]:r[2]] else 'verb-like (clause dropped)' if r[3]['verb'] else '<=4 tok, no verb/comma (descriptor before name?)' if r[2] - r[1] <= 4 and ',' not in r[0]['s'][r[1]:r[2]] else 'other')
    elif c == 'i_mid_other':
        kf = lambda r: ('verb-like' if r[3]['verb'] else 'no verb-like') + (' rewritten' if r[3]['rewritten'] else ' pure')
    else:
        kf = lambda r: r[3]['first_content']
    W('- `%s` %s — %s; e.g. `%s`' % (c, name.split(')')[0] + ')', brk(rs, kf), ex))
W('')
open(os.path.join(OUT, 'REPORT.md'), 'w').write('\n'.join(out) + '\n')
print('\n'.join(out))
