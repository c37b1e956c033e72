"""Story highlights for every article of a Parquet corpus, on Spark.

    spark-submit examples/spark/summarize_parquet.py INPUT OUTPUT \
        [--field article] [--output-field highlights] [--overwrite] \
        [--method learned] [--sentences N] [--compress connectives] [--partitions N] \
        [--mode error]

Reads INPUT (a Parquet file or directory) with Spark, runs lede over the text column in
`mapInArrow`, and writes OUTPUT as Parquet with every input column kept, in order, plus the
highlights column:

    highlights: array<struct<text: string, start: bigint, end: bigint, score: double,
                             spans: array<struct<start: bigint, end: bigint>>,
                             sentence: bigint,
                             cuts: array<struct<start: bigint, end: bigint, kind: string>>,
                             capitalized: boolean, period_added: boolean>>

`text` is the highlight as lede writes it (with `--compress full`, the sentence with optional
spans cut), `start`/`end` the byte offsets of its whole sentence in the article (UTF-8),
`score` the method's score, `spans` the byte ranges of the article that the text keeps (one
for a whole sentence, more where compression cut), `sentence` the sentence's index, `cuts` the
ranges compression removed and their kind, `capitalized` and `period_added` its two edits (as
`lede summarize --output json` gives them); a null article gives null highlights. Each Python worker builds one
`lede.Summarizer` per partition and hands it whole Arrow record batches
(`Summarizer.summarize_arrow`), so no article is converted to a Python string.

Every executor's Python must be able to `import lede` (the package is compiled: install it in
the executors' Python environment, or ship one with `--archives`; see README.md beside this
file).
"""

import argparse
import sys
import time

from pyspark.sql import SparkSession
from pyspark.sql.types import (
    ArrayType,
    BooleanType,
    DoubleType,
    LongType,
    StringType,
    StructField,
    StructType,
)

# The Spark type of the highlights column: what `Summarizer.summarize_arrow` returns
# (list<struct<text: string, start: int64, end: int64, score: double,
# spans: list<struct<start: int64, end: int64>>, sentence: int64,
# cuts: list<struct<start: int64, end: int64, kind: string>>, capitalized: bool,
# period_added: bool>>), declared once.
SPAN = StructType([StructField("start", LongType()), StructField("end", LongType())])
CUT = StructType(SPAN.fields + [StructField("kind", StringType())])
HIGHLIGHT = StructType(
    [
        StructField("text", StringType()),
        StructField("start", LongType()),
        StructField("end", LongType()),
        StructField("score", DoubleType()),
        StructField("spans", ArrayType(SPAN)),
        StructField("sentence", LongType()),
        StructField("cuts", ArrayType(CUT)),
        StructField("capitalized", BooleanType()),
        StructField("period_added", BooleanType()),
    ]
)
HIGHLIGHTS = ArrayType(HIGHLIGHT)

METHODS = ("learned", "lead", "textrank", "lexrank")
# lede's compression modes, as `lede.Summarizer(compress=...)` and the CLI name them.
COMPRESS = ("connectives", "full", "off")


def output_schema(input_schema, field, output_field):
    """The input's columns, in order, with `output_field` appended as highlights, or in place
    of a column of that name (only reached with --overwrite)."""
    column = StructField(output_field, HIGHLIGHTS)
    fields = [column if f.name == output_field else f for f in input_schema.fields]
    if output_field not in input_schema.names:
        fields.append(column)
    return StructType(fields)


def summarize_batches(
    field, output_field, method, sentences, compress, threads, articles, seconds
):
    """The function given to `mapInArrow`: one iterator of record batches per partition.
    `articles` and `seconds` are accumulators of the rows summarized and the time spent in
    lede (its construction and its calls), so that the driver can tell lede's share of the
    job from Spark's."""

    def summarize(batches):
        # Imported here, on the executor: the driver never needs lede.
        import lede
        import pyarrow as pa

        start = time.perf_counter()
        summarizer = lede.Summarizer(method=method, sentences=sentences, compress=compress)
        seconds.add(time.perf_counter() - start)
        for batch in batches:
            start = time.perf_counter()
            highlights = summarizer.summarize_arrow(
                batch.column(batch.schema.get_field_index(field)), threads=threads
            )
            seconds.add(time.perf_counter() - start)
            articles.add(batch.num_rows)
            names = list(batch.schema.names)
            columns = list(batch.columns)
            if output_field in names:
                columns[names.index(output_field)] = highlights
            else:
                names.append(output_field)
                columns.append(highlights)
            yield pa.RecordBatch.from_arrays(columns, names=names)

    return summarize


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="Write lede's story highlights for every article of a Parquet corpus."
    )
    ap.add_argument("input", help="Parquet file or directory to read")
    ap.add_argument("output", help="directory to write the Parquet result to")
    ap.add_argument("--field", default="article", help="the column that holds the article text")
    ap.add_argument(
        "--output-field", default="highlights", help="the column the highlights are written to"
    )
    ap.add_argument(
        "--overwrite",
        action="store_true",
        help="replace the output column when the input has one (by default that is an error, "
        "so that reference highlights are never replaced by accident)",
    )
    ap.add_argument("--method", "-m", default="learned", choices=METHODS)
    ap.add_argument(
        "--sentences",
        "-n",
        type=int,
        help="at most N highlights (default: lede's own count, 3, and 2 from the learned method "
        "for a story that opens with a dateline)",
    )
    ap.add_argument(
        "--compress",
        default="connectives",
        choices=COMPRESS,
        help="connectives (default): whole sentences, a leading connective cut; full: each "
        "highlight also loses optional spans (attribution, asides, trailing clauses), as "
        "`lede summarize --compress` does; off: whole sentences as written",
    )
    ap.add_argument(
        "--partitions",
        type=int,
        help="repartition the input into N partitions first (a shuffle); by default the input's "
        "own splits are kept, and a small file of one row group is one task",
    )
    ap.add_argument(
        "--mode",
        default="error",
        choices=("error", "overwrite"),
        help="when OUTPUT exists: fail (default) or replace it",
    )
    args = ap.parse_args(argv)
    if args.sentences is not None and args.sentences < 1:
        ap.error("--sentences must be at least 1")
    if args.partitions is not None and args.partitions < 1:
        ap.error("--partitions must be at least 1")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    spark = SparkSession.builder.appName("lede summarize_parquet").getOrCreate()
    try:
        df = spark.read.parquet(args.input)
        if args.field not in df.schema.names:
            sys.exit(f"summarize_parquet: {args.input} has no column `{args.field}` "
                     f"(its columns: {', '.join(df.schema.names)}); choose one with --field")
        if not isinstance(df.schema[args.field].dataType, StringType):
            sys.exit(f"summarize_parquet: column `{args.field}` is "
                     f"{df.schema[args.field].dataType.simpleString()}, not a string")
        if args.output_field == args.field:
            sys.exit("summarize_parquet: --output-field must differ from --field")
        if args.output_field in df.schema.names and not args.overwrite:
            sys.exit(f"summarize_parquet: {args.input} already has a column "
                     f"`{args.output_field}`; write to another with --output-field NAME, or "
                     "replace it with --overwrite")
        if args.partitions is not None:
            df = df.repartition(args.partitions)
        threads = int(spark.conf.get("spark.task.cpus", "1"))
        articles = spark.sparkContext.accumulator(0)
        lede_seconds = spark.sparkContext.accumulator(0.0)
        out = df.mapInArrow(
            summarize_batches(
                args.field, args.output_field, args.method, args.sentences, args.compress,
                threads, articles, lede_seconds,
            ),
            output_schema(df.schema, args.field, args.output_field),
        )
        start = time.perf_counter()
        out.write.mode(args.mode).parquet(args.output)
        seconds = time.perf_counter() - start
        # The accumulators count every attempt of a task (a retried task counts twice).
        print(
            f"summarize_parquet: wrote {args.output} in {seconds:.3f} s; lede summarized "
            f"{articles.value} articles in {lede_seconds.value:.3f} s of task time",
            flush=True,
        )
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
