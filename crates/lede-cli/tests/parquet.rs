//! Parquet in and out: `lede summarize` keeps every input column and adds the highlights as a
//! `list<struct<text, start, end, score, spans, sentence, cuts, capitalized, period_added>>`
//! column, row for row (each highlight as `--output json` gives it); `lede eval` and `lede rouge
//! --pairs` read Parquet as they read JSONL.

mod common;

use std::fs::{self, File};
use std::path::Path;
use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, AsArray, BooleanArray, Float64Array, Int32Array, Int64Array, ListBuilder,
    RecordBatch, StringArray, StringBuilder, StructArray,
};
use arrow::datatypes::{DataType, Field, Schema};
use assert_cmd::Command;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

fn lede() -> Command {
    Command::cargo_bin("lede").unwrap()
}

/// Writes `batch` to `path` in row groups of at most `group_rows` rows.
fn write_parquet(path: &Path, batch: &RecordBatch, group_rows: usize) {
    let props = WriterProperties::builder()
        .set_max_row_group_row_count(Some(group_rows))
        .build();
    let mut w =
        ArrowWriter::try_new(File::create(path).unwrap(), batch.schema(), Some(props)).unwrap();
    w.write(batch).unwrap();
    w.close().unwrap();
}

/// The whole file as one batch, and its number of row groups.
fn read_parquet(path: &Path) -> (RecordBatch, usize) {
    let builder = ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap()).unwrap();
    let groups = builder.metadata().num_row_groups();
    let schema = builder.schema().clone();
    let batches: Vec<RecordBatch> = builder.build().unwrap().map(Result::unwrap).collect();
    (
        arrow::compute::concat_batches(&schema, &batches).unwrap(),
        groups,
    )
}

fn strings<'a>(items: impl IntoIterator<Item = Option<&'a str>>) -> ArrayRef {
    Arc::new(StringArray::from_iter(items))
}

/// A list<utf8> column.
fn string_lists(rows: &[Option<Vec<&str>>]) -> ArrayRef {
    let mut b = ListBuilder::new(StringBuilder::new());
    for r in rows {
        match r {
            Some(items) => {
                for s in items {
                    b.values().append_value(s);
                }
                b.append(true);
            }
            None => b.append(false),
        }
    }
    Arc::new(b.finish())
}

/// The expected highlights type, spelled out.
fn highlights_type() -> DataType {
    let list_of = |fields: Vec<Field>| {
        DataType::List(Arc::new(Field::new(
            "item",
            DataType::Struct(fields.into()),
            true,
        )))
    };
    list_of(vec![
        Field::new("text", DataType::Utf8, true),
        Field::new("start", DataType::Int64, true),
        Field::new("end", DataType::Int64, true),
        Field::new("score", DataType::Float64, true),
        Field::new(
            "spans",
            list_of(vec![
                Field::new("start", DataType::Int64, true),
                Field::new("end", DataType::Int64, true),
            ]),
            true,
        ),
        Field::new("sentence", DataType::Int64, true),
        Field::new(
            "cuts",
            list_of(vec![
                Field::new("start", DataType::Int64, true),
                Field::new("end", DataType::Int64, true),
                Field::new("kind", DataType::Utf8, true),
            ]),
            true,
        ),
        Field::new("capitalized", DataType::Boolean, true),
        Field::new("period_added", DataType::Boolean, true),
    ])
}

/// The output's first columns are the input's, field for field and value for value.
fn assert_input_columns_kept(got: &RecordBatch, batch: &RecordBatch) {
    for (i, f) in batch.schema().fields().iter().enumerate() {
        assert_eq!(got.schema().field(i), f.as_ref(), "column {}", f.name());
        assert_eq!(
            got.column(i).to_data(),
            batch.column(i).to_data(),
            "column {}",
            f.name()
        );
    }
}

/// Row `i` of a highlights column, each highlight as `--output json` writes it (cuts, and the
/// `capitalized` and `period_added` flags, only where there are some), or `None` for a null.
fn highlights_at(column: &dyn Array, i: usize) -> Option<Vec<Value>> {
    if column.is_null(i) {
        return None;
    }
    let list = column.as_list::<i32>().value(i);
    let s = list.as_struct();
    let int = |c: usize, j: usize| {
        s.column(c)
            .as_primitive::<arrow::datatypes::Int64Type>()
            .value(j)
    };
    let flag = |c: usize, j: usize| s.column(c).as_boolean().value(j);
    // The structs of list column `c` at row `j`: one JSON value each, made by `each`.
    let items = |c: usize, j: usize, each: &dyn Fn(&StructArray, usize) -> Value| {
        let items = s.column(c).as_list::<i32>().value(j);
        let items = items.as_struct();
        (0..items.len()).map(|k| each(items, k)).collect::<Vec<_>>()
    };
    let at = |x: &StructArray, c: usize, k: usize| {
        x.column(c)
            .as_primitive::<arrow::datatypes::Int64Type>()
            .value(k)
    };
    Some(
        (0..s.len())
            .map(|j| {
                let mut h = serde_json::json!({
                    "text": s.column(0).as_string::<i32>().value(j),
                    "start": int(1, j),
                    "end": int(2, j),
                    "score": s.column(3).as_primitive::<arrow::datatypes::Float64Type>().value(j),
                    "spans": items(4, j, &|x, k| serde_json::json!([at(x, 0, k), at(x, 1, k)])),
                    "sentence": int(5, j),
                });
                let cuts = items(6, j, &|x, k| {
                    serde_json::json!({
                        "start": at(x, 0, k),
                        "end": at(x, 1, k),
                        "kind": x.column(2).as_string::<i32>().value(k),
                    })
                });
                if !cuts.is_empty() {
                    h["cuts"] = cuts.into();
                }
                for (c, name) in [(7, "capitalized"), (8, "period_added")] {
                    if flag(c, j) {
                        h[name] = true.into();
                    }
                }
                h
            })
            .collect(),
    )
}

/// A small file with a column of every kind: ints, floats with a null, booleans, nested lists
/// with a null, a struct, and articles with a null.
fn fixture() -> RecordBatch {
    let articles: Vec<Option<&str>> = vec![
        Some(common::ARTICLES[0].0),
        None,
        Some(common::ARTICLES[1].0),
        Some(common::ARTICLES[2].0),
    ];
    let nested = StructArray::from(vec![
        (
            Arc::new(Field::new("section", DataType::Utf8, true)),
            strings([Some("uk"), Some("us"), None, Some("weather")]),
        ),
        (
            Arc::new(Field::new("words", DataType::Int64, true)),
            Arc::new(Int64Array::from(vec![Some(41), None, Some(45), Some(39)])) as ArrayRef,
        ),
    ]);
    let schema = Schema::new(vec![
        Field::new("id", DataType::Int32, false),
        Field::new("weight", DataType::Float64, true),
        Field::new("flag", DataType::Boolean, true),
        Field::new(
            "tags",
            DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
            true,
        ),
        Field::new("meta", nested.data_type().clone(), true),
        Field::new("article", DataType::Utf8, true),
    ]);
    RecordBatch::try_new(
        Arc::new(schema),
        vec![
            Arc::new(Int32Array::from(vec![1, 2, 3, 4])),
            Arc::new(Float64Array::from(vec![
                Some(0.5),
                None,
                Some(-1e300),
                Some(2.25),
            ])),
            Arc::new(BooleanArray::from(vec![
                Some(true),
                Some(false),
                None,
                Some(true),
            ])),
            string_lists(&[
                Some(vec!["crime", "leeds"]),
                None,
                Some(vec![]),
                Some(vec!["storm"]),
            ]),
            Arc::new(nested),
            strings(articles),
        ],
    )
    .unwrap()
}

fn every_column_is_kept_and_highlights_are_added_row_for_row() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in.parquet");
    let out = dir.path().join("out.parquet");
    let batch = fixture();
    write_parquet(&input, &batch, 3);
    lede()
        .args(["summarize", "--threads", "2"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let (got, groups) = read_parquet(&out);
    assert_eq!(groups, 2, "one output row group per input row group");
    assert_eq!(got.num_rows(), 4);
    assert_input_columns_kept(&got, &batch);
    let h = got.column_by_name("highlights").unwrap();
    assert_eq!(h.data_type(), &highlights_type());
    assert_eq!(got.schema().fields().len(), batch.num_columns() + 1);
    // A null article gets null highlights; the others get what `lede summarize` gives the text.
    assert!(highlights_at(h.as_ref(), 1).is_none());
    for (row, article) in [(0, 0), (2, 1), (3, 2)] {
        let text = common::ARTICLES[article].0;
        let json = lede()
            .args(["summarize", "--output", "json", "-"])
            .write_stdin(text)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let v: Value = serde_json::from_slice(&json).unwrap();
        let want = v["highlights"].as_array().unwrap();
        let got = highlights_at(h.as_ref(), row).unwrap();
        assert!(!got.is_empty());
        for x in &got {
            let (s, e) = (x["start"].as_u64().unwrap(), x["end"].as_u64().unwrap());
            assert_eq!(text[s as usize..e as usize], x["text"]);
            assert_eq!(x["spans"], serde_json::json!([[s, e]]));
        }
        assert_eq!(&got, want, "row {row}");
    }
    assert!(!dir.path().join("out.parquet.partial").exists());
}

fn parquet_to_jsonl_writes_each_row_as_a_json_object() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in.parquet");
    write_parquet(&input, &fixture(), 100);
    let out = lede()
        .args(["summarize", "--output-field", "lede"])
        .arg(&input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["id"], 1);
    assert_eq!(lines[0]["weight"], 0.5);
    assert_eq!(lines[1]["weight"], Value::Null);
    assert_eq!(lines[2]["flag"], Value::Null);
    assert_eq!(lines[0]["tags"], serde_json::json!(["crime", "leeds"]));
    assert_eq!(
        lines[3]["meta"],
        serde_json::json!({"section": "weather", "words": 39})
    );
    assert_eq!(lines[1]["lede"], Value::Null);
    assert!(lines[0]["lede"].as_array().unwrap()[0].is_string());
    // Columns in order, the highlights last; a struct's fields in order.
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with(r#"{"id":1,"weight":0.5,"flag":true,"tags":["crime","leeds"],"meta":{"section":"uk","words":41},"article":"#),
        "{first}"
    );
    assert!(first.contains(r#"","lede":["#), "{first}");
}

fn an_existing_output_column_needs_overwrite() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in.parquet");
    let out = dir.path().join("out.parquet");
    write_parquet(&input, &fixture(), 100);
    lede()
        .args(["summarize", "--output-field", "tags"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the file already has a column `tags`; write to another with --output-field NAME, \
             or replace it with --overwrite",
        ));
    assert!(!out.exists());
    lede()
        .args(["summarize", "--output-field", "tags", "--overwrite"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let (got, _) = read_parquet(&out);
    let names: Vec<&str> = got
        .schema_ref()
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .collect();
    assert_eq!(names, ["id", "weight", "flag", "tags", "meta", "article"]);
    assert_eq!(got.column(3).data_type(), &highlights_type());
}

fn bad_inputs_get_clear_errors() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in.parquet");
    let out = dir.path().join("out.parquet");
    write_parquet(&input, &fixture(), 100);
    lede()
        .args(["summarize", "--field", "body"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no column `body` (columns: id, weight, flag, tags, meta, article; choose one with --field)",
        ));
    lede()
        .args(["summarize", "--field", "id"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "column `id` is of type Int32, not strings",
        ));
    // A file cut short has no footer.
    let bytes = fs::read(&input).unwrap();
    let cut = dir.path().join("cut.parquet");
    fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    lede()
        .arg("summarize")
        .arg(&cut)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "cannot read {} as Parquet (is it a whole Parquet file?)",
            cut.display()
        )));
    assert!(!out.exists());
    // Parquet cannot come from standard input, nor be resumed; other input cannot become
    // Parquet.
    lede()
        .args(["summarize", "--input", "parquet", "-"])
        .write_stdin(bytes.clone())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("Parquet input must be a file"));
    lede()
        .args(["summarize", "--resume"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--resume is for JSONL runs"));
    let jsonl = dir.path().join("in.jsonl");
    fs::write(&jsonl, "{\"article\": \"The council met. It voted.\"}\n").unwrap();
    lede()
        .arg("summarize")
        .arg(&jsonl)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "Parquet output is for Parquet input",
        ));
    for format in ["json", "markdown", "html"] {
        lede()
            .args(["summarize", "--output", format])
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(format!(
                "--output {format} is for JSONL output"
            )));
    }
    assert!(!out.exists());
}

fn a_bad_row_stops_the_run_after_the_rows_before_it_or_is_passed_with_skip_bad() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in.parquet");
    let out = dir.path().join("out.parquet");
    let schema = Arc::new(Schema::new(vec![
        Field::new("n", DataType::Int64, false),
        Field::new("article", DataType::Utf8, true),
    ]));
    let batch = RecordBatch::try_new(
        schema,
        vec![
            Arc::new(Int64Array::from(vec![1, 2, 3, 4])),
            strings([
                Some(common::ARTICLES[0].0),
                Some(common::ARTICLES[1].0),
                Some("  "),
                Some(common::ARTICLES[2].0),
            ]),
        ],
    )
    .unwrap();
    write_parquet(&input, &batch, 2);
    lede()
        .arg("summarize")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}: row 3: field `article` is empty (the 2 rows before it were written",
            input.display()
        )));
    let (got, _) = read_parquet(&out);
    assert_eq!(got.num_rows(), 2, "the rows before the bad one are kept");
    assert_eq!(
        got.column(0).to_data(),
        batch.column(0).slice(0, 2).to_data()
    );

    lede()
        .args(["summarize", "--skip-bad", "--quiet"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let (got, _) = read_parquet(&out);
    assert_eq!(got.num_rows(), 4);
    let h = got.column_by_name("highlights").unwrap();
    assert!(highlights_at(h.as_ref(), 2).is_none());
    assert!(highlights_at(h.as_ref(), 3).is_some());
    let errors = got
        .column_by_name("error")
        .unwrap()
        .as_string::<i32>()
        .clone();
    assert!(errors.is_null(0) && errors.is_null(3));
    assert_eq!(errors.value(2), "field `article` is empty");
}

/// `--max-record` bounds each article of a Parquet file as it bounds a JSONL line: a row
/// over it is a bad row, and a row group whose article column unpacks to more than its rows
/// may hold is refused before it is read (a few KB of Parquet can unpack to gigabytes).
fn rows_over_the_record_limit_are_bad_rows() {
    let dir = TempDir::new().unwrap();
    let long = common::ARTICLES[0].0.repeat(450);
    assert!(long.len() > 100 << 10, "{}", long.len());
    let schema = Arc::new(Schema::new(vec![Field::new(
        "article",
        DataType::Utf8,
        true,
    )]));
    // One row over the limit, alone in its row group: refused before it is read.
    let alone = dir.path().join("alone.parquet");
    let batch = RecordBatch::try_new(schema.clone(), vec![strings([Some(long.as_str())])]).unwrap();
    write_parquet(&alone, &batch, 10);
    lede()
        .args(["--max-record", "2K", "summarize", "--output-field", "lede"])
        .arg(&alone)
        .arg("-o")
        .arg(dir.path().join("alone.jsonl"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "row group 1 of column `article` unpacks to",
        ));
    // Among short rows, the long one is a bad row: it stops the run, or with --skip-bad it
    // gets null highlights and says why.
    let mixed = dir.path().join("mixed.parquet");
    let short = common::ARTICLES[1].0;
    let batch = RecordBatch::try_new(
        schema,
        vec![strings([Some(short), Some(long.as_str()), Some(short)])],
    )
    .unwrap();
    write_parquet(&mixed, &batch, 10);
    let out = dir.path().join("mixed.jsonl");
    lede()
        .args(["--max-record", "40K", "summarize", "--output-field", "lede"])
        .arg(&mixed)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("row 2: field `article` is "))
        .stderr(predicate::str::contains(
            "over the limit of 40 KiB for one record",
        ));
    // The JSONL is written as OUT.partial and put in place only when the run ends well: the
    // row before the bad one stays in OUT.partial, and no OUT is made.
    let partial = dir.path().join("mixed.jsonl.partial");
    assert_eq!(fs::read_to_string(&partial).unwrap().lines().count(), 1);
    assert!(!out.exists());
    lede()
        .args(["--max-record", "40K", "summarize", "--skip-bad", "--quiet"])
        .args(["--output-field", "lede"])
        .arg(&mixed)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let rows: Vec<Value> = fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 3);
    assert!(rows[0]["lede"].is_array() && rows[2]["lede"].is_array());
    assert!(rows[1]["lede"].is_null());
    assert!(rows[1]["error"]
        .as_str()
        .unwrap()
        .contains("over the limit"));
}

/// Parquet rows written as JSONL go to OUT.partial, renamed to OUT at the end: a run killed
/// part way leaves no partial file at OUT (either no OUT, or, had it finished, all of it).
fn parquet_to_jsonl_killed_part_way_leaves_no_partial_output() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("many.parquet");
    let rows = 20_000;
    let articles: Vec<&str> = (0..rows).map(|i| common::ARTICLES[i % 3].0).collect();
    let schema = Arc::new(Schema::new(vec![Field::new(
        "article",
        DataType::Utf8,
        true,
    )]));
    let batch =
        RecordBatch::try_new(schema, vec![strings(articles.iter().map(|a| Some(*a)))]).unwrap();
    write_parquet(&input, &batch, 1024);
    let out = dir.path().join("many.jsonl");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_lede"))
        .args([
            "summarize",
            "--threads",
            "1",
            "--quiet",
            "--output-field",
            "lede",
        ])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .spawn()
        .unwrap();
    // Wait until the run has opened its output, then kill it.
    let partial = dir.path().join("many.jsonl.partial");
    let start = std::time::Instant::now();
    let mut written = false;
    while start.elapsed() < std::time::Duration::from_secs(60) {
        if partial.exists() {
            written = true;
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let _ = child.kill();
    let _ = child.wait();
    // The run writes OUT.partial from its start (written straight to OUT, it never would).
    assert!(written, "the run never wrote OUT.partial");
    match fs::read_to_string(&out) {
        Ok(text) => assert_eq!(text.lines().count(), rows, "OUT holds every row"),
        Err(_) => assert!(
            partial.exists(),
            "the killed run's output is at OUT.partial"
        ),
    }
}

/// The three-article fixture as JSONL and as Parquet (with the reference as a list column).
fn eval_fixture(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let jsonl = dir.join("data.jsonl");
    let mut text = String::new();
    for (i, (article, reference)) in common::ARTICLES.iter().enumerate() {
        text.push_str(
            &serde_json::json!({"id": format!("a{i}"), "article": article, "highlights": [reference]})
                .to_string(),
        );
        text.push('\n');
    }
    fs::write(&jsonl, text).unwrap();
    let parquet = dir.join("data.parquet");
    let schema = Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, true),
        Field::new("article", DataType::Utf8, true),
        Field::new(
            "highlights",
            DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
            true,
        ),
    ]));
    let batch = RecordBatch::try_new(
        schema,
        vec![
            strings(["a0", "a1", "a2"].map(Some)),
            strings(common::ARTICLES.map(|(a, _)| Some(a))),
            string_lists(&common::ARTICLES.map(|(_, r)| Some(vec![r]))),
        ],
    )
    .unwrap();
    write_parquet(&parquet, &batch, 2);
    (jsonl, parquet)
}

fn eval_reads_parquet_as_it_reads_jsonl() {
    let dir = TempDir::new().unwrap();
    let (jsonl, parquet) = eval_fixture(dir.path());
    let run = |data: &Path| {
        let out = lede()
            .args([
                "eval",
                "--method",
                "lead,learned",
                "--json",
                "--no-timings",
                "--quiet",
            ])
            .args(["--resamples", "50", "--permutations", "50"])
            .arg(data)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    let a = run(&jsonl);
    assert!(a.contains("learned"), "{a}");
    assert_eq!(run(&parquet), a);
}

fn rouge_pairs_read_parquet_as_they_read_jsonl() {
    let dir = TempDir::new().unwrap();
    let system = [
        "Two men were arrested in Leeds.",
        "A bridge was approved.",
        "A storm hit.",
    ];
    let mut text = String::new();
    for (i, ((_, reference), sys)) in common::ARTICLES.iter().zip(system).enumerate() {
        text.push_str(
            &serde_json::json!({"id": i + 1, "system": sys, "highlights": [reference]}).to_string(),
        );
        text.push('\n');
    }
    let jsonl = dir.path().join("pairs.jsonl");
    fs::write(&jsonl, text).unwrap();
    let schema = Arc::new(Schema::new(vec![
        Field::new("id", DataType::Int64, true),
        Field::new("system", DataType::Utf8, true),
        Field::new(
            "highlights",
            DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
            true,
        ),
    ]));
    let batch = RecordBatch::try_new(
        schema,
        vec![
            Arc::new(Int64Array::from(vec![1, 2, 3])),
            strings(system.map(Some)),
            string_lists(&common::ARTICLES.map(|(_, r)| Some(vec![r]))),
        ],
    )
    .unwrap();
    let parquet = dir.path().join("pairs.parquet");
    write_parquet(&parquet, &batch, 2);
    let score = |pairs: &Path| {
        let per_doc = dir.path().join("per-doc.jsonl");
        let out = rouge_json(&[
            "--system-field".as_ref(),
            "system".as_ref(),
            "--reference-field".as_ref(),
            "highlights".as_ref(),
            "--per-doc".as_ref(),
            per_doc.as_os_str(),
            "--pairs".as_ref(),
            pairs.as_os_str(),
        ]);
        // All but the time taken.
        let summary: Vec<String> = String::from_utf8(out)
            .unwrap()
            .lines()
            .filter(|l| !l.contains("\"seconds\""))
            .map(str::to_string)
            .collect();
        (summary, fs::read_to_string(&per_doc).unwrap())
    };
    let want = score(&jsonl);
    assert!(want.1.lines().count() == 3, "{}", want.1);
    assert_eq!(score(&parquet), want);
}

/// The standard output of `lede rouge --json ARGS`, which must succeed.
fn rouge_json(args: &[&std::ffi::OsStr]) -> Vec<u8> {
    lede()
        .args(["rouge", "--json"])
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

/// lede's own highlights are scored as they are written: the structs of its Parquet output and
/// the objects of `--output json` give the same ROUGE as the plain list of strings.
fn rouge_scores_lede_own_highlights_in_every_form() {
    let dir = TempDir::new().unwrap();
    let (_, input) = eval_fixture(dir.path());
    let summarize = |output: &str, out: &str| {
        let out = dir.path().join(out);
        lede()
            .args([
                "summarize",
                "--compress",
                "--output-field",
                "lede",
                "--output",
                output,
            ])
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        out
    };
    let score = |pairs: &Path| {
        let out = rouge_json(&[
            "--system-field".as_ref(),
            "lede".as_ref(),
            "--reference-field".as_ref(),
            "highlights".as_ref(),
            "--pairs".as_ref(),
            pairs.as_os_str(),
        ]);
        let mut v: Value = serde_json::from_slice(&out).unwrap();
        v.as_object_mut().unwrap().remove("seconds");
        v
    };
    let want = score(&summarize("text", "text.jsonl"));
    assert_eq!(want["pairs"], 3, "{want}");
    assert!(
        want["metrics"]["rouge-1"]["f"]["mean"].as_f64().unwrap() > 0.2,
        "{want}"
    );
    let structs = summarize("parquet", "out.parquet");
    assert_eq!(score(&structs), want);
    assert_eq!(score(&summarize("json", "json.jsonl")), want);
    // A null sentence is left out.
    let nulls = dir.path().join("nulls.jsonl");
    fs::write(
        &nulls,
        "{\"lede\": [\"The council met.\", null], \"highlights\": [\"It met.\"]}\n\
         {\"lede\": [\"The council met.\"], \"highlights\": [\"It met.\"]}\n",
    )
    .unwrap();
    let per_doc = dir.path().join("per-doc.jsonl");
    lede()
        .args([
            "rouge",
            "--system-field",
            "lede",
            "--reference-field",
            "highlights",
        ])
        .arg("--per-doc")
        .arg(&per_doc)
        .arg("--pairs")
        .arg(&nulls)
        .assert()
        .success();
    let per_doc = lede_testdata::read_jsonl(&per_doc);
    assert_eq!(per_doc.len(), 2, "{per_doc:?}");
    let scores = |v: &Value| {
        let mut v = v.clone();
        v.as_object_mut().unwrap().remove("id");
        v
    };
    assert_eq!(scores(&per_doc[0]), scores(&per_doc[1]));
    // Anything else in a summary's list is refused by name.
    let bad = dir.path().join("bad.jsonl");
    fs::write(
        &bad,
        "{\"lede\": [{\"score\": 1}], \"highlights\": [\"x\"]}\n",
    )
    .unwrap();
    lede()
        .args(["rouge", "--system-field", "lede", "--reference-field", "highlights"])
        .arg("--pairs")
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "field `lede`: a sentence is {\"score\":1}, not a string (or an object with a `text` string",
        ));
}

/// The validation split through Parquet: the same highlights as the JSONL path (their spans
/// too, compressed and not), and every input column kept with identical values.
fn validation_split_round_trip_matches_the_jsonl_path() {
    let Some(data) = lede_testdata::shared_file("cnn_dailymail_tokenized/validation.jsonl") else {
        return;
    };
    let dir = TempDir::new().unwrap();
    let records = lede_testdata::read_jsonl(&data);
    assert_eq!(records.len(), 4368);
    let s = |r: &Value, k: &str| r[k].as_str().map(str::to_string);
    let schema = Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, true),
        Field::new("url", DataType::Utf8, true),
        Field::new("url_list_index", DataType::Int64, true),
        Field::new("source", DataType::Utf8, true),
        Field::new("article", DataType::Utf8, true),
        Field::new(
            "highlights",
            DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
            true,
        ),
    ]));
    let refs: Vec<Option<Vec<&str>>> = records
        .iter()
        .map(|r| {
            r["highlights"]
                .as_array()
                .map(|a| a.iter().map(|x| x.as_str().unwrap()).collect())
        })
        .collect();
    let batch = RecordBatch::try_new(
        schema,
        vec![
            Arc::new(StringArray::from_iter(records.iter().map(|r| s(r, "id")))),
            Arc::new(StringArray::from_iter(records.iter().map(|r| s(r, "url")))),
            Arc::new(Int64Array::from_iter(
                records.iter().map(|r| r["url_list_index"].as_i64()),
            )),
            Arc::new(StringArray::from_iter(
                records.iter().map(|r| s(r, "source")),
            )),
            Arc::new(StringArray::from_iter(
                records.iter().map(|r| s(r, "article")),
            )),
            string_lists(&refs),
        ],
    )
    .unwrap();
    let input = dir.path().join("validation.parquet");
    write_parquet(&input, &batch, 1000);

    for compress in [None, Some("--compress")] {
        let out = dir.path().join("out.parquet");
        let _ = fs::remove_file(&out);
        lede()
            .args(["summarize", "--output-field", "lede"])
            .args(compress)
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        let jsonl_out = dir.path().join("out.jsonl");
        lede()
            .args([
                "summarize",
                "--input",
                "jsonl",
                "--output-field",
                "lede",
                "--output",
                "json",
            ])
            .args(compress)
            .arg(&data)
            .arg("-o")
            .arg(&jsonl_out)
            .assert()
            .success();

        let (got, groups) = read_parquet(&out);
        assert_eq!(groups, 5);
        assert_eq!(got.num_rows(), 4368);
        assert_input_columns_kept(&got, &batch);
        let h = got.column_by_name("lede").unwrap();
        assert_eq!(h.data_type(), &highlights_type());
        let want = lede_testdata::read_jsonl(&jsonl_out);
        assert_eq!(want.len(), 4368);
        // Highlights whose text keeps more than one range of the article (with --compress,
        // those compression cut from the middle of a sentence), and the kinds of the cuts
        // (without it, only the default's leading connectives go).
        let mut cut = 0;
        let mut kinds = std::collections::BTreeMap::<String, usize>::new();
        for (row, w) in want.iter().enumerate() {
            let want = w["lede"].as_array().unwrap();
            let got = highlights_at(h.as_ref(), row).unwrap();
            assert_eq!(&got, want, "row {row}");
            for x in &got {
                cut += usize::from(x["spans"].as_array().unwrap().len() > 1);
                for c in x
                    .get("cuts")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    *kinds.entry(c["kind"].as_str().unwrap().into()).or_default() += 1;
                }
            }
        }
        eprintln!("{compress:?}: {cut} highlights keep more than one range; cuts {kinds:?}");
        if compress.is_some() {
            assert!(cut > 1_000 && kinds.len() > 5, "{cut} {kinds:?}");
        } else {
            assert_eq!(cut, 0);
            assert_eq!(kinds.keys().collect::<Vec<_>>(), ["leading_connective"]);
        }
    }
}

/// A device is written directly, never replaced by a renamed file.
#[cfg(unix)]
fn parquet_output_to_a_device_is_written_directly() {
    use std::os::unix::fs::FileTypeExt;
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in.parquet");
    write_parquet(&input, &fixture(), 100);
    lede()
        .args(["summarize", "--output", "parquet"])
        .arg(&input)
        .args(["-o", "/dev/null"])
        .assert()
        .success();
    assert!(fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
    assert!(!Path::new("/dev/null.partial").exists());
}

lede_testdata::test_main!(
    every_column_is_kept_and_highlights_are_added_row_for_row,
    parquet_to_jsonl_writes_each_row_as_a_json_object,
    an_existing_output_column_needs_overwrite,
    bad_inputs_get_clear_errors,
    a_bad_row_stops_the_run_after_the_rows_before_it_or_is_passed_with_skip_bad,
    eval_reads_parquet_as_it_reads_jsonl,
    rouge_pairs_read_parquet_as_they_read_jsonl,
    rouge_scores_lede_own_highlights_in_every_form,
    validation_split_round_trip_matches_the_jsonl_path,
    parquet_output_to_a_device_is_written_directly,
    rows_over_the_record_limit_are_bad_rows,
    parquet_to_jsonl_killed_part_way_leaves_no_partial_output,
);
