"""Runs the peer summarizers (sumy, summa) over pre-split articles; started by bench/peers.py
inside the peers' virtual environment.

Reads JSONL records {"id", "sentences": [...], "highlights": [...]} on the path given, writes one
JSONL file per peer into the output folder ({"id", "system": [...], "highlights": [...]}), and
prints {"peer": seconds} as JSON: the time of the summarizer calls alone, one thread.

Every peer gets lede's sentence split, through its own document model (sumy) or one sentence a
line (summa), so differences come from the scoring, not from the splitting. sumy's words are its
own: NLTK's word tokenizer on each sentence, filtered by sumy's word pattern (see WordTokenizer).
"""
import json
import sys
import time

from nltk.tokenize import word_tokenize
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.tokenizers import Tokenizer
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words
from summa import summarizer as summa_summarizer


class WordTokenizer:
    """sumy's English word tokenizer without its sentence splitter: sumy's `Tokenizer.to_words`
    is NLTK's `word_tokenize` (which first splits sentences with punkt, whose data cannot be
    downloaded here) filtered by sumy's own word pattern. Each text given here is one sentence
    already, so `preserve_line=True` (no punkt) tokenizes exactly as sumy does."""

    language = "english"

    def to_words(self, text):
        return tuple(filter(Tokenizer._is_word, word_tokenize(text, preserve_line=True)))

    def to_sentences(self, text):  # not used: sentences come from lede
        return (text,)


SUMY = {
    "sumy-lexrank": LexRankSummarizer,
    "sumy-textrank": TextRankSummarizer,
    "sumy-lsa": LsaSummarizer,
    "sumy-luhn": LuhnSummarizer,
    "sumy-sumbasic": SumBasicSummarizer,
    "sumy-kl": KLSummarizer,
}


def sumy_peer(cls):
    # SumBasic with a stemmer raises KeyError in sumy 0.11 (it stems before removing stopwords
    # for the document but after for sentences); it runs unstemmed, as sumy's own CLI does.
    summarizer = cls() if cls is SumBasicSummarizer else cls(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = WordTokenizer()

    def run(sentences, k):
        doc = ObjectDocumentModel([Paragraph([Sentence(s, tokenizer) for s in sentences])])
        chosen = summarizer(doc, k)
        return [str(s) for s in chosen]

    return run


def summa_textrank(sentences, k):
    # All sentences with their scores (ratio 1), then the best k in document order.
    text = "\n".join(sentences)
    scored = summa_summarizer.summarize(text, ratio=1.0, scores=True)
    best = sorted(range(len(scored)), key=lambda i: -scored[i][1])[:k]
    return [scored[i][0] for i in sorted(best)]


def main():
    data, out_dir, names, k = sys.argv[1], sys.argv[2], sys.argv[3].split(","), int(sys.argv[4])
    records = [json.loads(line) for line in open(data, encoding="utf-8") if line.strip()]
    peers = {name: sumy_peer(cls) for name, cls in SUMY.items()}
    peers["summa-textrank"] = summa_textrank
    seconds = {}
    for name in names:
        run = peers[name]
        total = 0.0
        with open(f"{out_dir}/{name}.jsonl", "w", encoding="utf-8") as out:
            for i, r in enumerate(records):
                start = time.thread_time()
                try:
                    system = run(r["sentences"], k)
                except Exception as e:  # a peer failing on one article is reported, not fatal
                    print(f"{name}: record {i}: {type(e).__name__}: {e}", file=sys.stderr)
                    system = []
                total += time.thread_time() - start
                out.write(json.dumps({"id": r["id"], "system": system, "highlights": r["highlights"]}) + "\n")
        seconds[name] = total
        print(f"{name}: {len(records)} articles in {total:.1f} s", file=sys.stderr, flush=True)
    print(json.dumps(seconds))


if __name__ == "__main__":
    main()
