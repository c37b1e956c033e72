#!/usr/bin/env python3
"""Article extraction quality and speed: lede against trafilatura on the same pages, in one run.

    python3 bench/extract.py [--data DIR] [--readability DIR] [--venv DIR] [--worst N]
                             [--no-trafilatura] [--save-lede FILE] [--score FILE] [--no-per-page]

Two development sets (SOURCE.md in each describes them):
- the 181 news pages of article_extraction_benchmark (html/<id>.html.gz, ground-truth.json);
- the 130 test pages of Mozilla Readability (readability_test_pages/pages/<name>/: source.html.gz,
  expected.html.gz, expected-metadata.json).
Both extractors get the same pages:
- lede: one `lede extract --output jsonl` process per set over all its .html.gz files (it reads
  and gunzips them itself, sniffs the charset, parses and extracts, one JSON line per page, on
  one thread); its time is the whole process's, start-up included: wall time, and CPU time
  (user + system, from the operating system's accounting of the child process).
- trafilatura (PyPI, in a virtual environment, default bench/.venv-extract, gitignored, made on
  the first run): `trafilatura.extract(html)` per page inside one Python process, timed around
  the calls alone (the pages are read and gunzipped beforehand), single threaded: wall time and
  the process's CPU time.
Each is timed --runs times (default 3) and the median is reported. Pages per CPU second are the
speed figure that does not depend on what else the machine runs.

Metrics:
- article_extraction_benchmark: the benchmark's own (its evaluate.py): each body is split into
  `\\w+` Unicode word tokens, case kept, and turned into a multiset of 4-token shingles; per page
  tp/fp/fn are counted and normalised to sum to 1; precision is averaged over pages with
  tp+fp > 0, recall over pages with tp+fn > 0, and F1 is computed from the two means. --score FILE
  scores a JSON file of {id: {"articleBody": ...}} predictions the same way.
- Readability pages: token F1 of the extracted text against the text of expected.html (its
  text nodes, block elements separated, scripts and styles left out; `expected.html` is
  Readability's own output, captions included, not human gold). Tokens are lowercased `\\w+`
  words; per page, precision and recall of the token multisets and their F1 (a page without
  output scores 0); the figures are the means over the pages. Metadata against
  expected-metadata.json: the title (white space normalised) on the pages that have one (also
  counted: equal but for a part split off at a separator, as "Headline | Site"), the
  byline (lede's authors joined by ", ") and whether any starts with "By", and the date of
  `publishedTime` against lede's date.

"No article found" (and any other refusal) is counted per set. Unless --no-per-page, each page
of both sets is also run in its own `lede extract` process to report the slowest page's CPU
time and the largest peak memory (maximum resident set size).
"""
import argparse
import gzip
import html.parser
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
import venv
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# argv: a JSON list of gzipped page paths, the number of runs. The pages are read and decoded
# before the clock starts (as UTF-8, bad bytes replaced: all the pages of both sets are UTF-8).
TRAFILATURA_TIMER = r"""
import gzip, json, statistics, sys, time
import trafilatura
paths = json.loads(sys.argv[1])
runs = int(sys.argv[2])
pages = [gzip.open(p, "rb").read().decode("utf-8", errors="replace") for p in paths]
walls, cpus = [], []
for _ in range(runs):
    out = []
    start, cpu = time.perf_counter(), time.process_time()
    for html in pages:
        out.append(trafilatura.extract(html) or "")
    walls.append(time.perf_counter() - start)
    cpus.append(time.process_time() - cpu)
print(json.dumps({"seconds": statistics.median(walls), "cpu": statistics.median(cpus), "bodies": out,
                  "version": trafilatura.__version__}))
"""

WORD = re.compile(r"\w+", re.UNICODE)


def shared(rel):
    base = os.environ.get("LEDE_SHARED_DATA", "../shared/data")
    if not os.path.isabs(base):
        base = os.path.join(ROOT, base)
    return os.path.join(base, rel)


def shingles(text, n=4):
    tokens = WORD.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def page_counts(true, pred):
    """Normalised (tp, fp, fn) of one page, as the benchmark counts them."""
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def score(truth, preds):
    """(precision, recall, f1, per-page {id: (p, r, f1)}) with the benchmark's metric."""
    precisions, recalls, pages = [], [], {}
    for pid, true in truth.items():
        tp, fp, fn = page_counts(true, preds.get(pid, ""))
        p = tp / (tp + fp) if tp + fp > 0 else None
        r = tp / (tp + fn) if tp + fn > 0 else None
        if p is not None:
            precisions.append(p)
        if r is not None:
            recalls.append(r)
        pp, rr = p or 0.0, r or 0.0
        pages[pid] = (pp, rr, 2 * pp * rr / (pp + rr) if pp + rr > 0 else 0.0)
    P = sum(precisions) / len(precisions) if precisions else 0.0
    R = sum(recalls) / len(recalls) if recalls else 0.0
    F = 2 * P * R / (P + R) if P + R > 0 else 0.0
    return P, R, F, pages


def token_prf(true, pred):
    """Precision, recall and F1 of lowercased word-token multisets."""
    t = Counter(w.lower() for w in WORD.findall(true or ""))
    p = Counter(w.lower() for w in WORD.findall(pred or ""))
    common = sum((t & p).values())
    if common == 0:
        return 0.0, 0.0, 0.0
    P, R = common / sum(p.values()), common / sum(t.values())
    return P, R, 2 * P * R / (P + R)


def token_score(truth, preds):
    """(mean precision, mean recall, mean F1, per-page {id: (p, r, f1)}) over all pages."""
    pages = {pid: token_prf(true, preds.get(pid, "")) for pid, true in truth.items()}
    n = max(1, len(pages))
    return (sum(v[0] for v in pages.values()) / n, sum(v[1] for v in pages.values()) / n,
            sum(v[2] for v in pages.values()) / n, pages)


BLOCKS = {"p", "div", "section", "article", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
          "blockquote", "pre", "table", "tr", "td", "th", "figure", "figcaption", "dd", "dt", "dl", "hr"}


class TextOf(html.parser.HTMLParser):
    """The text nodes of an HTML fragment, block elements separated by line breaks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(markup):
    p = TextOf()
    p.feed(markup)
    p.close()
    return "".join(p.parts)


def equal_but_site(got, expected):
    """Whether `got` is `expected` with a part split off at a separator ("Headline | Site")."""
    for sep in (" | ", " - ", " \u2013 ", " \u2014 ", " \u00b7 ", " _", " :: "):
        parts = expected.split(sep)
        for i in range(1, len(parts)):
            if got in (sep.join(parts[:i]).strip(), sep.join(parts[i:]).strip()):
                return True
    return False


def norm(s):
    return " ".join((s or "").split())


def ensure_trafilatura(venv_dir):
    py = os.path.join(venv_dir, "bin", "python")
    if not os.path.exists(py):
        print(f"creating {venv_dir} and installing trafilatura from PyPI ...", file=sys.stderr)
        venv.create(venv_dir, with_pip=True)
    if subprocess.run([py, "-c", "import trafilatura"], capture_output=True).returncode != 0:
        # lxml 5.2+ moved its HTML cleaner (which justext, a trafilatura fallback, imports)
        # into a separate package.
        subprocess.run([py, "-m", "pip", "install", "-q", "trafilatura", "lxml_html_clean"], check=True)
    return py


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_lede(lede, files):
    """lede's records (one per file), wall seconds, CPU seconds of the process."""
    cpu0 = child_cpu()
    start = time.perf_counter()
    proc = subprocess.run([lede, "extract", "--output", "jsonl", *files], capture_output=True, text=True)
    secs = time.perf_counter() - start
    cpu = child_cpu() - cpu0
    if proc.returncode not in (0, 1) or not proc.stdout:
        sys.exit(f"lede extract failed:\n{proc.stderr}")
    recs = [json.loads(line) for line in proc.stdout.splitlines()]
    if len(recs) != len(files):
        sys.exit(f"lede extract gave {len(recs)} records for {len(files)} pages")
    return recs, secs, cpu


def run_trafilatura(py, files, runs):
    proc = subprocess.run([py, "-c", TRAFILATURA_TIMER, json.dumps(files), str(runs)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"trafilatura failed:\n{proc.stderr}")
    return json.loads(proc.stdout)


def per_page(lede, files):
    """Each page in its own process: [(cpu seconds, peak RSS in KiB, file)]."""
    out = []
    for f in files:
        p = subprocess.Popen([lede, "extract", "--output", "jsonl", f], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        _, _, ru = os.wait4(p.pid, 0)
        p.returncode = 0
        out.append((ru.ru_utime + ru.ru_stime, ru.ru_maxrss, f))
    return out


def timed_lede(lede, files, runs):
    results = [run_lede(lede, files) for _ in range(max(1, runs))]
    return results[0][0], statistics.median(r[1] for r in results), statistics.median(r[2] for r in results)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=shared("article_extraction_benchmark"))
    ap.add_argument("--readability", default=shared("readability_test_pages"))
    ap.add_argument("--venv", default=os.path.join(ROOT, "bench", ".venv-extract"))
    ap.add_argument("--worst", type=int, default=10, help="list lede's N worst pages of each set")
    ap.add_argument("--runs", type=int, default=3, help="timed runs of each extractor (median)")
    ap.add_argument("--no-trafilatura", action="store_true", help="lede alone (quick)")
    ap.add_argument("--no-build", action="store_true", help="use target/release/lede as it is")
    ap.add_argument("--no-per-page", action="store_true", help="skip the one-process-per-page run")
    ap.add_argument("--save-lede", metavar="FILE", help="write lede's bodies as {id: {articleBody}}")
    ap.add_argument("--score", metavar="FILE", help="also score this {id: {articleBody}} file")
    args = ap.parse_args()
    gt_path = os.path.join(args.data, "ground-truth.json")
    if not os.path.exists(gt_path):
        sys.exit(f"needs {gt_path} (set LEDE_SHARED_DATA to the shared data folder)")
    with open(gt_path, encoding="utf-8") as f:
        gt = json.load(f)
    truth = {i: v["articleBody"] for i, v in gt.items()}
    ids = sorted(truth)
    html_dir = os.path.join(args.data, "html")
    files = [os.path.join(html_dir, i + ".html.gz") for i in ids]

    rdir = os.path.join(args.readability, "pages")
    if not os.path.isdir(rdir):
        sys.exit(f"needs {rdir} (set LEDE_SHARED_DATA to the shared data folder)")
    names = sorted(os.listdir(rdir))
    rfiles = [os.path.join(rdir, n, "source.html.gz") for n in names]
    rtruth, rmeta = {}, {}
    for n in names:
        with gzip.open(os.path.join(rdir, n, "expected.html.gz"), "rt", encoding="utf-8") as f:
            rtruth[n] = html_text(f.read())
        with open(os.path.join(rdir, n, "expected-metadata.json"), encoding="utf-8") as f:
            rmeta[n] = json.load(f)

    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "-q", "-p", "lede-cli"], cwd=ROOT, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    lede = os.path.join(target, "release", "lede")
    runs = max(1, args.runs)

    # Set 1: article_extraction_benchmark.
    recs, secs, cpu = timed_lede(lede, files, runs)
    lede_bodies = {i: r.get("text", "") for i, r in zip(ids, recs)}
    refused1 = [(i, r["error"]) for i, r in zip(ids, recs) if "error" in r]
    lp, lr, lf, lpages = score(truth, lede_bodies)
    rows1 = [("lede", lp, lr, lf, len(ids) / secs, len(ids) / cpu, len(refused1))]
    if args.save_lede:
        with open(args.save_lede, "w", encoding="utf-8") as f:
            json.dump({i: {"articleBody": b} for i, b in lede_bodies.items()}, f, ensure_ascii=False)
    # Set 2: Readability's pages.
    rrecs, rsecs, rcpu = timed_lede(lede, rfiles, runs)
    rbodies = {n: r.get("text", "") for n, r in zip(names, rrecs)}
    refused2 = [(n, r["error"]) for n, r in zip(names, rrecs) if "error" in r]
    qp, qr, qf, qpages = token_score(rtruth, rbodies)
    rows2 = [("lede", qp, qr, qf, len(names) / rsecs, len(names) / rcpu, len(refused2))]

    if not args.no_trafilatura:
        py = ensure_trafilatura(args.venv)
        t = run_trafilatura(py, files, runs)
        tb = dict(zip(ids, t["bodies"]))
        tp_, tr, tf, _ = score(truth, tb)
        name = f"trafilatura {t['version']}"
        rows1.append((name, tp_, tr, tf, len(ids) / t["seconds"], len(ids) / t["cpu"],
                      sum(1 for b in tb.values() if not b)))
        t2 = run_trafilatura(py, rfiles, runs)
        tb2 = dict(zip(names, t2["bodies"]))
        sp, sr, sf, _ = token_score(rtruth, tb2)
        rows2.append((name, sp, sr, sf, len(names) / t2["seconds"], len(names) / t2["cpu"],
                      sum(1 for b in tb2.values() if not b)))
    if args.score:
        with open(args.score, encoding="utf-8") as f:
            other = {i: v.get("articleBody", "") for i, v in json.load(f).items()}
        sp, sr, sf, _ = score(truth, other)
        rows1.append((os.path.basename(args.score), sp, sr, sf, float("nan"), float("nan"), 0))

    print(f"single thread; {os.cpu_count()} cores; median of {runs} timed runs")
    header = (f"{'extractor':<20} {'precision':>9} {'recall':>7} {'F1':>6} {'pages/s':>8} "
              f"{'pages/CPU-s':>11} {'empty':>5}")
    for title, rows in ((f"{os.path.normpath(args.data)}: {len(ids)} pages, 4-token shingles", rows1),
                        (f"{os.path.normpath(rdir)}: {len(names)} pages, token F1 vs expected.html", rows2)):
        print(title)
        print(header)
        for name, p, r, f, pps, ppc, empty in rows:
            print(f"{name:<20} {p:>9.3f} {r:>7.3f} {f:>6.3f} {pps:>8.1f} {ppc:>11.1f} {empty:>5}")
        if len(rows) > 1 and rows[1][0].startswith("trafilatura"):
            print(f"lede: {rows[0][5] / rows[1][5]:.1f}x trafilatura's pages per CPU second, "
                  f"{rows[0][4] / rows[1][4]:.1f}x per wall second (lede's time includes process start, "
                  f"reading and gunzipping)")
    print(f"lede refused {len(refused1) + len(refused2)} of {len(ids) + len(names)} pages")
    for n, e in refused1 + refused2:
        print(f"  {n[:40]}: {e[:120]}")

    # Metadata of the Readability pages.
    have_title = [n for n in names if norm(rmeta[n].get("title"))]
    title_ok = [n for n in have_title if norm(rrecs[names.index(n)].get("title")) == norm(rmeta[n]["title"])]
    title_site = [n for n in have_title if n in title_ok
                  or equal_but_site(norm(rrecs[names.index(n)].get("title")), norm(rmeta[n]["title"]))]
    have_by = [n for n in names if rmeta[n].get("byline")]
    by_ok = [n for n in have_by
             if norm(", ".join(rrecs[names.index(n)].get("authors") or [])) == norm(rmeta[n]["byline"])]
    leading_by = [n for n, r in zip(names, rrecs)
                  if any(re.match(r"(?i)by\b", a.strip()) for a in r.get("authors") or [])]
    have_date = [n for n in names if rmeta[n].get("publishedTime")]
    date_ok = [n for n in have_date if rrecs[names.index(n)].get("date") == rmeta[n]["publishedTime"][:10]]
    pct = lambda a, b: f"{len(a)}/{len(b)} ({100 * len(a) / max(1, len(b)):.1f}%)"
    print("Readability metadata: title " + pct(title_ok, have_title) + " (equal or equal but for the site's name "
          + pct(title_site, have_title) + "), byline equal " + pct(by_ok, have_by)
          + f", authors starting with 'By' on {len(leading_by)} pages, date " + pct(date_ok, have_date))
    if args.worst:
        print("titles that differ:")
        for n in [n for n in have_title if n not in title_ok][:args.worst]:
            print(f"  {n[:28]:<28} lede {norm(rrecs[names.index(n)].get('title'))[:60]!r} "
                  f"expected {norm(rmeta[n]['title'])[:60]!r}")
        print(f"lede's {args.worst} worst benchmark pages (precision, recall, F1):")
        for pid, (p, r, f) in sorted(lpages.items(), key=lambda kv: kv[1][2])[:args.worst]:
            print(f"  {pid[:12]}  P {p:.3f}  R {r:.3f}  F1 {f:.3f}  {gt[pid]['url'][:90]}")
        print(f"lede's {args.worst} worst Readability pages (precision, recall, F1):")
        for n, (p, r, f) in sorted(qpages.items(), key=lambda kv: kv[1][2])[:args.worst]:
            print(f"  {n[:40]:<40}  P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    if not args.no_per_page:
        pp = per_page(lede, files + rfiles)
        cpu_max = max(pp)
        rss_max = max(pp, key=lambda x: x[1])
        print(f"one process per page ({len(pp)} pages): slowest {cpu_max[0]:.3f} CPU s "
              f"({os.path.relpath(cpu_max[2], os.path.dirname(args.data))}), largest peak memory "
              f"{rss_max[1] / 1024:.1f} MiB ({os.path.relpath(rss_max[2], os.path.dirname(args.data))})")


if __name__ == "__main__":
    main()
