"""Which spans do newsroom editors delete when a CNN/DailyMail highlight compresses one
article sentence? (Issue: faithful sentence compression.)

Aligns each reference highlight of the validation split with the article sentence whose
longest common subsequence covers at least 85% of it, and classifies the sentence's runs of
tokens that the highlight leaves out (position, first word, commas, verbs).

    LEDE_SHARED_DATA=../shared/data python3 bench/cut_study/study.py
    python3 bench/cut_study/analyze.py     # writes target/cut_study/REPORT.md
    python3 bench/cut_study/cond.py        # how often each candidate span is deleted
    python3 bench/cut_study/tails.py       # what cutting the end of lede's highlights does to ROUGE-1 (needs target/release/lede)

Output goes to target/cut_study (or $CUT_STUDY_OUT); about 5 seconds in all.
"""
import json, sys, random, pickle
from collections import Counter, defaultdict
import os
OUT = os.environ.get("CUT_STUDY_OUT", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "target", "cut_study"))
os.makedirs(OUT, exist_ok=True)


PATH = os.path.join(os.environ.get('LEDE_SHARED_DATA', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared', 'data')), 'cnn_dailymail_tokenized', 'validation.jsonl')
END = {'.', '?', '!'}
QUOTES = {'"', "''", "'", '``', '`', '‘', '’', '“', '”'}
DASH = {'--', '-', '–', '—'}
PUNCT = END | QUOTES | DASH | {',', ':', ';', '(', ')', '...', '…'}


def split_sents(toks):
    sents, cur, i = [], [], 0
    while i < len(toks):
        t = toks[i]
        cur.append(t)
        i += 1
        if t in END:
            # attach closing quotes if the sentence has an unclosed quote
            while i < len(toks) and toks[i] in QUOTES and sum(1 for x in cur if x in QUOTES) % 2 == 1:
                cur.append(toks[i]); i += 1
            sents.append(cur); cur = []
    if cur:
        sents.append(cur)
    return sents


def lcs_len(a, b):
    # a: sentence, b: highlight
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            if x == y:
                cur.append(prev[j] + 1)
            else:
                cur.append(cur[j] if cur[j] > prev[j + 1] else prev[j + 1])
        prev = cur
    return prev[-1]


NEG = -10 ** 9


def align(s, h):
    """Max matches, then min number of deleted sentence runs.
    Returns list of matched flags for s tokens, and list of inserted-h-token positions
    expressed as the s index before which they occur."""
    n, m = len(s), len(h)
    # f[k][i][j]: k=0 last s token matched / none, k=1 last s token deleted
    f0 = [[NEG] * (m + 1) for _ in range(n + 1)]
    f1 = [[NEG] * (m + 1) for _ in range(n + 1)]
    b0 = [[None] * (m + 1) for _ in range(n + 1)]
    b1 = [[None] * (m + 1) for _ in range(n + 1)]
    f0[0][0] = 0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            # state 0: s[i-1] matched h[j-1], or skip h[j-1] staying in state 0
            best, bp = NEG, None
            if i > 0 and j > 0 and s[i - 1] == h[j - 1]:
                for k, f in ((0, f0), (1, f1)):
                    v = f[i - 1][j - 1] + 1000
                    if v > best:
                        best, bp = v, ('m', k)
            if j > 0 and f0[i][j - 1] > best:
                best, bp = f0[i][j - 1], ('ins', 0)
            f0[i][j], b0[i][j] = best, bp
            # state 1: s[i-1] deleted
            best, bp = NEG, None
            if i > 0:
                v = f0[i - 1][j] - 1
                if v > best:
                    best, bp = v, ('d', 0)
                v = f1[i - 1][j]
                if v > best:
                    best, bp = v, ('d', 1)
            if j > 0 and f1[i][j - 1] > best:
                best, bp = f1[i][j - 1], ('ins', 1)
            f1[i][j], b1[i][j] = best, bp
    i, j = n, m
    k = 0 if f0[n][m] >= f1[n][m] else 1
    matched = [False] * n
    ins_before = Counter()  # number of inserted h tokens located right after s index i-1 (i.e. gap i)
    while i > 0 or j > 0:
        bp = (b0 if k == 0 else b1)[i][j]
        op, pk = bp
        if op == 'm':
            matched[i - 1] = True; i -= 1; j -= 1
        elif op == 'd':
            i -= 1
        else:
            ins_before[i] += 1; j -= 1
        k = pk
    return matched, ins_before


SUBCONJ = {'when', 'as', 'after', 'while', 'although', 'though', 'because', 'since', 'if', 'before',
           'despite', 'until', 'once', 'whereas', 'even', 'unless', 'whether', 'having', 'following', 'amid'}
PREPS = {'in', 'on', 'at', 'for', 'with', 'from', 'during', 'after', 'to', 'by', 'of', 'into', 'over',
         'under', 'since', 'before', 'between', 'among', 'against', 'about', 'near', 'outside', 'inside',
         'across', 'through', 'throughout', 'without', 'within', 'amid', 'despite', 'following', 'until',
         'around', 'behind', 'toward', 'towards', 'along', 'onto', 'upon', 'per', 'via', 'like', 'including'}
DETS = {'the', 'a', 'an', 'his', 'her', 'its', 'their', 'this', 'that', 'these', 'those', 'our', 'my',
        'your', 'some', 'all', 'every', 'each', 'both', 'any', 'many', 'several'}
CONJ = {'and', 'but', 'or', 'so', 'yet', 'nor'}
RELPRON = {'who', 'which', 'whose', 'whom', 'where', 'that'}
VERBS = {'said', 'says', 'say', 'told', 'tell', 'is', 'was', 'are', 'were', 'be', 'been', 'has', 'had',
         'have', 'will', 'would', 'can', 'could', 'may', 'might', 'should', 'did', 'does', 'do', 'made',
         'make', 'took', 'take', 'got', 'get', 'went', 'go', 'came', 'come', 'found', 'left', 'saw', 'gave',
         'known', 'became', 'won', 'lost', 'died', 'shot', 'put', 'set'}
ATTR = {'said', 'says', 'say', 'told', 'according', 'added', 'adds', 'reported', 'reports', 'explained',
        'claimed', 'claims', 'stated', 'announced', 'insisted', 'noted', 'admitted', 'revealed',
        'confirmed', 'wrote', 'writes', 'tweeted', 'saying', 'telling', 'explains', 'warned', 'argued',
        'believes', 'believe', 'thinks', 'estimated', 'estimates', 'alleged', 'alleges', 'told'}


def verblike(t):
    return (len(t) >= 4 and (t.endswith('ed') or t.endswith('ing'))) or t in VERBS


def runs_of(s, matched):
    out, i = [], 0
    while i < len(s):
        if not matched[i]:
            j = i
            while j < len(s) and not matched[j]:
                j += 1
            out.append((i, j)); i = j
        else:
            i += 1
    return out


def classify(s, a, b, ins):
    run = s[a:b]
    L = b - a
    before = s[a - 1] if a > 0 else '<S>'
    after = s[b] if b < len(s) else '</S>'
    if all(t in QUOTES for t in s[:a]):
        pos = 'start'
    elif all(t in END or t in QUOTES for t in s[b:]):
        pos = 'end'
    else:
        pos = 'mid'
    # content of run with leading/trailing commas stripped
    core = [t for t in run]
    while core and (core[0] in {',', ':', ';'} or core[0] in DASH):
        core = core[1:]
    first_content = core[0] if core else run[0]
    comma_bounded = ((run[0] == ',' or before == ',') and (run[-1] == ',' or after == ',')) and pos == 'mid'
    paren = ((run[0] == '(' or before == '(') and (run[-1] == ')' or after == ')')) or \
            ((run[0] in DASH or before in DASH) and
             (run[-1] in DASH or after in DASH or pos == 'end') and L >= 3)
    has_verb = any(verblike(t) for t in run)
    attr_idx = [k for k, t in enumerate(run) if t in ATTR]
    rewritten = ins.get(a, 0) + ins.get(b, 0) + sum(ins.get(k, 0) for k in range(a + 1, b)) > 0

    if all(t in PUNCT for t in run):
        cat = 'p_punct_only'
    elif 'cnn' in run and ('(' in run or '--' in run) and pos == 'start':
        cat = 'dateline'
    elif rewritten and L <= 2:
        cat = 'r_subst'
    elif pos == 'end' and attr_idx and attr_idx[0] <= 6 and (run[0] == ',' or before == ',' or (run[0] in ATTR | {'according'} and L <= 8)):
        cat = 'a_attr_end'
    elif paren and '(' in run + [before, after] and ')' in run + [before, after]:
        cat = 'd_paren'
    elif paren:
        cat = 'd_dash'
    elif pos != 'end' and attr_idx and L <= 8:
        cat = 'a2_attr_other'
    elif pos == 'start' and first_content in SUBCONJ and has_verb:
        cat = 'h_lead_subclause'
    elif pos == 'start' and (run[-1] == ',' or after == ','):
        cat = 'b_lead_phrase'
    elif pos == 'start' and L == 1 and run[0] in DETS:
        cat = 'i_start_det'
    elif pos == 'start' and L <= 2 and run[-1] in CONJ | {'now', 'however', 'meanwhile', 'also', 'then', 'still', 'today', 'yesterday', 'last', 'this', 'earlier', 'instead', 'indeed', 'overall', 'in', 'fact'}:
        cat = 'i_start_discourse'
    elif pos == 'start' and L >= 2 and (run[-1] == 'that' or (L >= 3 and run[-2] == 'that' and run[-1] in DETS)):
        cat = 'i_start_that_frame'
    elif pos == 'start' and rewritten:
        cat = 'i_start_rewritten'
    elif pos == 'start':
        cat = 'i_start_other'
    elif pos == 'end' and run[0] == ',':
        cat = 'e_trail_after_comma'
    elif pos == 'end' and run[0] in SUBCONJ and has_verb:
        cat = 'i_end_subclause'
    elif pos == 'end' and run[0] in PREPS:
        cat = 'e2_end_pp_nocomma'
    elif pos == 'end' and run[0] in RELPRON:
        cat = 'i_end_rel'
    elif pos == 'end' and run[0] in CONJ:
        cat = 'i_end_conj'
    elif pos == 'end':
        cat = 'i_end_other'
    elif comma_bounded:
        if first_content in RELPRON:
            cat = 'c_aside_rel'
        elif has_verb:
            cat = 'c_aside_verb'
        else:
            cat = 'c_aside_noverb'
    elif run[0] in PREPS:
        cat = 'f_mid_pp'
    elif L <= 2 and not has_verb and not any(t in PUNCT for t in run) and run[0] not in CONJ | RELPRON:
        cat = 'g_np_det' if run[0] in DETS else 'g_short_word'
    elif run[0] in CONJ:
        cat = 'i_mid_conj'
    elif run[0] == ',':
        cat = 'i_mid_comma_led'
    elif run[0] in RELPRON:
        cat = 'i_mid_rel_nocomma'
    else:
        cat = 'i_mid_other'
    return dict(pos=pos, first=run[0], last=run[-1], before=before, after=after, L=L,
                comma=comma_bounded, paren=paren, verb=has_verb, cat=cat, rewritten=rewritten,
                first_content=first_content)


def main():
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 10 ** 9
    stats = Counter()
    pairs = []
    with open(PATH) as f:
        for ln, line in enumerate(f):
            if ln >= limit:
                break
            r = json.loads(line)
            hl = r['highlights']
            if isinstance(hl, str):
                hl = [x for x in hl.split('\n') if x.strip()]
            sents = split_sents(r['article'].split())
            sbags = [Counter(s) for s in sents]
            stats['articles'] += 1
            stats['sents'] += len(sents)
            for h in hl:
                h = h.split()
                if not h:
                    continue
                stats['highlights'] += 1
                m = len(h)
                need = 0.85 * m
                hb = Counter(h)
                best = None
                for si, (s, sb) in enumerate(zip(sents, sbags)):
                    ub = sum((hb & sb).values())
                    if ub < need:
                        continue
                    l = lcs_len(s, h)
                    if l >= need and (best is None or l > best[0] or (l == best[0] and len(s) < len(best[1]))):
                        best = (l, s, si)
                if best is None:
                    continue
                stats['hl_ge85'] += 1
                l, s, si = best
                if len(s) < m + 2:
                    stats['hl_ge85_too_short_diff'] += 1
                    continue
                matched, ins = align(s, h)
                assert sum(matched) == l, (sum(matched), l)
                runs = runs_of(s, matched)
                info = [classify(s, a, b, ins) for a, b in runs]
                pairs.append(dict(s=s, h=h, lcs=l, si=si, runs=runs, info=info, id=r['id']))
    pickle.dump((stats, pairs), open(os.path.join(OUT, 'pairs.pkl'), 'wb'))
    print(stats, len(pairs))


if __name__ == '__main__':
    main()
