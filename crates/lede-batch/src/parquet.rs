//! Parquet datasets: read by row group in bounded memory, summarized in parallel in row order,
//! and written back with every column kept and the highlights added as a column of type
//! [`highlights_type`] (or as JSONL lines).
//!
//! Memory: one batch of rows ([`BATCH_ROWS`]) is decoded at a time, and the output is flushed
//! as a row group at the end of every input row group or when the buffered row group passes
//! [`ROW_GROUP_BYTES`], whichever comes first; the file is never read whole.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, AsArray, BooleanArray, Float64Array, Int64Array, ListArray, RecordBatch,
    StringArray, StructArray,
};
use arrow::buffer::{NullBuffer, OffsetBuffer};
use arrow::datatypes::{DataType, Field, Fields, Schema, SchemaRef};
use arrow::util::display::{ArrayFormatter, FormatOptions};
use lede::{Highlight, Highlights, Summarizer};
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder,
};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use serde_json::{Number, Value};

use crate::error::{invalid, Context, Error, Result};
use crate::format::{self, HighlightsValue};
use crate::jsonl::Record;
use crate::output::Output;
use crate::parallel::Workers;
use crate::summarize::{Counts, Observer};

/// Rows decoded and summarized at a time.
pub const BATCH_ROWS: usize = 1024;
/// An output row group is flushed when its buffered (encoded) size passes this.
pub const ROW_GROUP_BYTES: usize = 64 << 20;

/// The fields of one kept byte range of a highlight: `start` and `end` (int64).
pub fn span_fields() -> Fields {
    Fields::from(vec![
        Field::new("start", DataType::Int64, true),
        Field::new("end", DataType::Int64, true),
    ])
}

fn spans_item() -> Arc<Field> {
    Arc::new(Field::new("item", DataType::Struct(span_fields()), true))
}

/// The fields of one compression cut of a highlight: `start` and `end` (int64, the byte range
/// of the article it removed) and `kind` (utf8: "trailing_attribution", "parenthetical", ...).
pub fn cut_fields() -> Fields {
    Fields::from(vec![
        Field::new("start", DataType::Int64, true),
        Field::new("end", DataType::Int64, true),
        Field::new("kind", DataType::Utf8, true),
    ])
}

fn cuts_item() -> Arc<Field> {
    Arc::new(Field::new("item", DataType::Struct(cut_fields()), true))
}

/// The fields of one highlight, in this order: `text` (utf8), `start` and `end` (int64, the
/// byte offsets of its whole sentence in the article), `score` (float64), `spans`, the byte
/// ranges of the article that the text keeps (`list<struct<start: int64, end: int64>>`: one
/// range for a whole sentence, more where compression cut), then as `--output json` gives them:
/// `sentence` (int64, the sentence's index in the article), `cuts` (what compression removed:
/// `list<struct<start: int64, end: int64, kind: utf8>>`, empty for a whole sentence), and the
/// two edits compression may make, `capitalized` (the new first word was capitalised) and
/// `period_added` (bool).
pub fn highlight_fields() -> Fields {
    Fields::from(vec![
        Field::new("text", DataType::Utf8, true),
        Field::new("start", DataType::Int64, true),
        Field::new("end", DataType::Int64, true),
        Field::new("score", DataType::Float64, true),
        Field::new("spans", DataType::List(spans_item()), true),
        Field::new("sentence", DataType::Int64, true),
        Field::new("cuts", DataType::List(cuts_item()), true),
        Field::new("capitalized", DataType::Boolean, true),
        Field::new("period_added", DataType::Boolean, true),
    ])
}

/// The type of a highlights column: `list<struct<text: utf8, start: int64, end: int64, score:
/// float64, spans: list<struct<start: int64, end: int64>>, sentence: int64, cuts:
/// list<struct<start: int64, end: int64, kind: utf8>>, capitalized: bool, period_added: bool>>`
/// (every level nullable, list items named `item`, as pyarrow and Spark write them).
pub fn highlights_type() -> DataType {
    DataType::List(highlights_item())
}

fn highlights_item() -> Arc<Field> {
    Arc::new(Field::new(
        "item",
        DataType::Struct(highlight_fields()),
        true,
    ))
}

fn offset(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A highlights column: one list per row, null where the row has no highlights (`None`).
/// The caller keeps the highlights' text under Arrow's 2 GiB limit for a string array (a batch of
/// [`BATCH_ROWS`] articles is far below it).
pub fn highlights_array(rows: &[Option<&[Highlight]>]) -> ArrayRef {
    let n: usize = rows.iter().flatten().map(|h| h.len()).sum();
    let mut text = Vec::with_capacity(n);
    let mut start = Vec::with_capacity(n);
    let mut end = Vec::with_capacity(n);
    let mut score = Vec::with_capacity(n);
    let mut spans = Ranges::with_capacity(n);
    let mut sentence = Vec::with_capacity(n);
    let mut cuts = Ranges::with_capacity(n);
    let mut cut_kind = Vec::new();
    let mut capitalized = Vec::with_capacity(n);
    let mut period_added = Vec::with_capacity(n);
    let mut lengths = Vec::with_capacity(rows.len());
    for items in rows {
        let items = items.unwrap_or(&[]);
        lengths.push(items.len());
        for x in items {
            text.push(x.text.as_str());
            start.push(offset(x.start));
            end.push(offset(x.end));
            score.push(x.score);
            spans.push(x.spans.iter().copied());
            sentence.push(offset(x.sentence));
            cuts.push(x.cuts.iter().map(|c| (c.start, c.end)));
            cut_kind.extend(x.cuts.iter().map(|c| c.kind.name()));
            capitalized.push(x.capitalized);
            period_added.push(x.period_added);
        }
    }
    let spans = spans.finish(spans_item(), span_fields(), vec![]);
    let cuts = cuts.finish(
        cuts_item(),
        cut_fields(),
        vec![Arc::new(StringArray::from(cut_kind)) as ArrayRef],
    );
    let structs = StructArray::new(
        highlight_fields(),
        vec![
            Arc::new(StringArray::from(text)) as ArrayRef,
            Arc::new(Int64Array::from(start)),
            Arc::new(Int64Array::from(end)),
            Arc::new(Float64Array::from(score)),
            Arc::new(spans),
            Arc::new(Int64Array::from(sentence)),
            Arc::new(cuts),
            Arc::new(BooleanArray::from(capitalized)),
            Arc::new(BooleanArray::from(period_added)),
        ],
        None,
    );
    let nulls = NullBuffer::from(rows.iter().map(Option::is_some).collect::<Vec<bool>>());
    Arc::new(ListArray::new(
        highlights_item(),
        OffsetBuffer::from_lengths(lengths),
        Arc::new(structs),
        (nulls.null_count() > 0).then_some(nulls),
    ))
}

/// A list of byte ranges per highlight, gathered as columns: the `spans` and `cuts` fields.
struct Ranges {
    lengths: Vec<usize>,
    start: Vec<i64>,
    end: Vec<i64>,
}

impl Ranges {
    fn with_capacity(n: usize) -> Self {
        Ranges {
            lengths: Vec::with_capacity(n),
            start: Vec::with_capacity(n),
            end: Vec::with_capacity(n),
        }
    }

    fn push(&mut self, ranges: impl Iterator<Item = (usize, usize)>) {
        let before = self.start.len();
        for (a, b) in ranges {
            self.start.push(offset(a));
            self.end.push(offset(b));
        }
        self.lengths.push(self.start.len() - before);
    }

    /// The list array: structs of `start`, `end` and then the `more` columns, in `fields` order.
    fn finish(self, item: Arc<Field>, fields: Fields, more: Vec<ArrayRef>) -> ListArray {
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(Int64Array::from(self.start)),
            Arc::new(Int64Array::from(self.end)),
        ];
        columns.extend(more);
        ListArray::new(
            item,
            OffsetBuffer::from_lengths(self.lengths),
            Arc::new(StructArray::new(fields, columns, None)),
            None,
        )
    }
}

/// A string column's values, whatever its string type (utf8, large utf8, utf8 view, or a
/// dictionary of strings).
pub enum Strings {
    Utf8(arrow::array::StringArray),
    LargeUtf8(arrow::array::LargeStringArray),
    View(arrow::array::StringViewArray),
    /// Each row's index into the dictionary's strings (`None` for a null row). Read in place:
    /// cast to plain strings, one long entry that many rows use would be copied for each.
    Dictionary(Vec<Option<usize>>, Box<Strings>),
}

impl Strings {
    /// The column as strings, or `None` if it holds something else.
    pub fn new(array: &ArrayRef) -> Option<Strings> {
        match array.data_type() {
            DataType::Utf8 => Some(Strings::Utf8(array.as_string::<i32>().clone())),
            DataType::LargeUtf8 => Some(Strings::LargeUtf8(array.as_string::<i64>().clone())),
            DataType::Utf8View => Some(Strings::View(array.as_string_view().clone())),
            DataType::Dictionary(_, v) if is_string(v) => {
                let dict = array.as_any_dictionary_opt()?;
                let values = Strings::new(dict.values())?;
                let keys = dict
                    .normalized_keys()
                    .into_iter()
                    .enumerate()
                    .map(|(i, k)| array.is_valid(i).then_some(k))
                    .collect();
                Some(Strings::Dictionary(keys, Box::new(values)))
            }
            _ => None,
        }
    }

    /// Row `i`'s string, `None` for a null.
    pub fn get(&self, i: usize) -> Option<&str> {
        match self {
            Strings::Utf8(a) => a.is_valid(i).then(|| a.value(i)),
            Strings::LargeUtf8(a) => a.is_valid(i).then(|| a.value(i)),
            Strings::View(a) => a.is_valid(i).then(|| a.value(i)),
            Strings::Dictionary(keys, values) => values.get(keys.get(i).copied().flatten()?),
        }
    }
}

fn is_string(t: &DataType) -> bool {
    matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
}

/// A Parquet file opened for reading by row group.
pub struct ParquetInput {
    path: PathBuf,
    file: File,
    metadata: ArrowReaderMetadata,
}

impl ParquetInput {
    /// Opens `path` and reads its footer (schema and row groups).
    pub fn open(path: &Path) -> Result<Self> {
        if path.is_dir() {
            invalid!("{} is a directory, not a Parquet file", path.display());
        }
        let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        let metadata = ArrowReaderMetadata::load(&file, ArrowReaderOptions::default())
            .with_context(|| {
                format!(
                    "cannot read {} as Parquet (is it a whole Parquet file?)",
                    path.display()
                )
            })?;
        Ok(ParquetInput {
            path: path.to_path_buf(),
            file,
            metadata,
        })
    }

    /// The file's Arrow schema.
    pub fn schema(&self) -> SchemaRef {
        self.metadata.schema().clone()
    }

    /// Rows in the file (from its footer).
    pub fn num_rows(&self) -> u64 {
        u64::try_from(self.metadata.metadata().file_metadata().num_rows()).unwrap_or(0)
    }

    /// Row groups in the file.
    pub fn num_row_groups(&self) -> usize {
        self.metadata.metadata().num_row_groups()
    }

    /// The compressed size of row group `i` in bytes (for progress).
    pub fn row_group_bytes(&self, i: usize) -> u64 {
        u64::try_from(self.metadata.metadata().row_group(i).compressed_size()).unwrap_or(0)
    }

    /// The uncompressed size in bytes of top-level column `name` in row group `i`, from the
    /// footer.
    pub fn column_bytes(&self, i: usize, name: &str) -> Option<usize> {
        let group = self.metadata.metadata().row_group(i);
        group
            .columns()
            .iter()
            .find(|c| c.column_path().parts() == [name])
            .and_then(|c| usize::try_from(c.uncompressed_size()).ok())
    }

    /// The batches of row group `i`, each at most `batch_rows` rows, decoded as they are
    /// read.
    pub fn row_group(
        &self,
        i: usize,
        batch_rows: usize,
    ) -> Result<impl Iterator<Item = Result<RecordBatch>> + '_> {
        let file = self
            .file
            .try_clone()
            .with_context(|| format!("cannot read {}", self.path.display()))?;
        let reader =
            ParquetRecordBatchReaderBuilder::new_with_metadata(file, self.metadata.clone())
                .with_row_groups(vec![i])
                .with_batch_size(batch_rows.max(1))
                .build()
                .with_context(|| {
                    format!("cannot read {}: row group {}", self.path.display(), i + 1)
                })?;
        let name = self.path.display().to_string();
        Ok(reader
            .map(move |b| b.with_context(|| format!("cannot read {name}: row group {}", i + 1))))
    }

    /// The file's name for messages.
    pub fn name(&self) -> String {
        self.path.display().to_string()
    }
}

/// What a Parquet summarize run reads and writes.
#[derive(Debug, Clone)]
pub struct ParquetSettings {
    /// The string column that holds the articles.
    pub field: String,
    /// The column the highlights are written to.
    pub output_field: String,
    /// Replace the output column if the file has it (otherwise that is an error).
    pub overwrite: bool,
    /// Rows that cannot be summarized get null highlights and a message in an `error` column
    /// (`lede_error` if there is one already), and the run goes on; otherwise it stops there.
    pub skip_bad: bool,
}

/// Where the rows go.
pub enum ParquetOutput<'a> {
    /// A Parquet file, written as `PATH.partial` and renamed to `PATH` when the run ends.
    Parquet(&'a Path),
    /// JSONL lines: each row as a JSON object with the highlights in the chosen form.
    Jsonl(&'a mut Output, HighlightsValue),
}

/// The output schema: the input's columns with the highlights column added (or put in the
/// place of the one it replaces) and, under `skip_bad`, an error column.
fn output_schema(
    input: &Schema,
    settings: &ParquetSettings,
) -> Result<(SchemaRef, Option<String>)> {
    let mut fields: Vec<Field> = input.fields().iter().map(|f| f.as_ref().clone()).collect();
    let column = Field::new(&settings.output_field, highlights_type(), true);
    match fields
        .iter()
        .position(|f| f.name() == &settings.output_field)
    {
        Some(_) if !settings.overwrite => invalid!(
            "the file already has a column `{}`; write to another with --output-field NAME, \
             or replace it with --overwrite",
            settings.output_field
        ),
        Some(i) => fields[i] = column,
        None => fields.push(column),
    }
    let mut error_column = None;
    if settings.skip_bad {
        let name = crate::format::error_field(|name| fields.iter().any(|f| f.name() == name));
        fields.push(Field::new(&name, DataType::Utf8, true));
        error_column = Some(name);
    }
    Ok((
        Arc::new(Schema::new_with_metadata(fields, input.metadata().clone())),
        error_column,
    ))
}

/// The article column's index, checked to hold strings.
fn article_column(schema: &Schema, field: &str) -> Result<usize> {
    let Some(i) = schema.fields().iter().position(|f| f.name() == field) else {
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        invalid!(
            "no column `{field}` (columns: {}; choose one with --field)",
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        );
    };
    let t = schema.field(i).data_type();
    let ok = is_string(t) || matches!(t, DataType::Dictionary(_, v) if is_string(v));
    if !ok {
        invalid!("column `{field}` is of type {t}, not strings");
    }
    Ok(i)
}

/// A Parquet writer to `PATH.partial`, renamed to `PATH` by [`PartialParquet::finish`]; a
/// `PATH` that exists and is not a regular file (a device such as `/dev/null`, a FIFO, a
/// symbolic link) is written directly and never replaced.
struct PartialParquet {
    writer: Option<ArrowWriter<File>>,
    /// The file written; the partial file unless `direct`.
    partial: PathBuf,
    out: PathBuf,
    direct: bool,
}

impl PartialParquet {
    fn create(out: &Path, schema: SchemaRef) -> Result<Self> {
        if out.is_dir() {
            invalid!("cannot create {}: it is a directory", out.display());
        }
        let direct = out
            .symlink_metadata()
            .is_ok_and(|m| !m.file_type().is_file());
        let partial = if direct {
            out.to_path_buf()
        } else {
            let mut partial = out.as_os_str().to_owned();
            partial.push(".partial");
            PathBuf::from(partial)
        };
        let file = if direct {
            File::create(&partial)
                .with_context(|| format!("cannot create {}", partial.display()))?
        } else {
            crate::files::create_no_follow(&partial, "the output being written")?
        };
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(1 << 20))
            .build();
        let writer = ArrowWriter::try_new(file, schema, Some(props))
            .with_context(|| format!("cannot write {}", partial.display()))?;
        Ok(PartialParquet {
            writer: Some(writer),
            partial,
            out: out.to_path_buf(),
            direct,
        })
    }

    fn writer(&mut self) -> Result<&mut ArrowWriter<File>> {
        match self.writer.as_mut() {
            Some(w) => Ok(w),
            None => invalid!("{} is already closed", self.partial.display()),
        }
    }

    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        let name = self.partial.display().to_string();
        let w = self.writer()?;
        w.write(batch)
            .with_context(|| format!("cannot write to {name}"))?;
        if w.in_progress_size() >= ROW_GROUP_BYTES {
            w.flush()
                .with_context(|| format!("cannot write to {name}"))?;
        }
        Ok(())
    }

    /// Ends the current row group.
    fn end_row_group(&mut self) -> Result<()> {
        let name = self.partial.display().to_string();
        let w = self.writer()?;
        if w.in_progress_rows() > 0 {
            w.flush()
                .with_context(|| format!("cannot write to {name}"))?;
        }
        Ok(())
    }

    /// Writes the footer, syncs the file and renames it into place.
    fn finish(&mut self) -> Result<()> {
        let Some(w) = self.writer.take() else {
            return Ok(());
        };
        let name = self.partial.display().to_string();
        let file = w
            .into_inner()
            .with_context(|| format!("cannot write to {name}"))?;
        if self.direct {
            return Ok(());
        }
        file.sync_all()
            .with_context(|| format!("cannot write to {name}"))?;
        fs::rename(&self.partial, &self.out).with_context(|| {
            format!(
                "cannot rename {} to {}",
                self.partial.display(),
                self.out.display()
            )
        })?;
        Ok(())
    }
}

/// One row's outcome.
enum RowOutcome {
    Done(Option<Highlights>),
    Bad(String),
}

/// Summarizes the `settings.field` column of `input` into `output`, in parallel on `workers`,
/// in row order, one row group at a time. A null article gets null highlights. A row that
/// cannot be summarized (an empty article) stops the run after the rows before it are written
/// (Parquet output is then closed and put in place, so those rows are kept), unless
/// `settings.skip_bad`.
pub fn run_parquet(
    settings: &ParquetSettings,
    summarizer: &Summarizer,
    workers: &Workers,
    input: &ParquetInput,
    output: ParquetOutput<'_>,
    observer: &mut dyn Observer,
) -> Result<Counts> {
    let schema = input.schema();
    let article = article_column(&schema, &settings.field)?;
    let (out_schema, error_column) = output_schema(&schema, settings)?;
    let mut sink = match output {
        ParquetOutput::Parquet(path) => {
            Sink::Parquet(Box::new(PartialParquet::create(path, out_schema.clone())?))
        }
        ParquetOutput::Jsonl(out, value) => Sink::Jsonl(out, value),
    };
    let result = run_rows(
        settings,
        summarizer,
        workers,
        input,
        article,
        &out_schema,
        error_column.as_deref(),
        &mut sink,
        observer,
    );
    // Whatever happened, the rows written stay written: a Parquet file gets its footer.
    let finished = match &mut sink {
        Sink::Parquet(p) => p.finish(),
        Sink::Jsonl(..) => Ok(()),
    };
    let counts = result?;
    finished?;
    Ok(counts)
}

enum Sink<'a> {
    Parquet(Box<PartialParquet>),
    Jsonl(&'a mut Output, HighlightsValue),
}

#[allow(clippy::too_many_arguments)]
fn run_rows(
    settings: &ParquetSettings,
    summarizer: &Summarizer,
    workers: &Workers,
    input: &ParquetInput,
    article: usize,
    out_schema: &SchemaRef,
    error_column: Option<&str>,
    sink: &mut Sink<'_>,
    observer: &mut dyn Observer,
) -> Result<Counts> {
    let mut counts = Counts::default();
    let mut row = 0u64;
    let name = input.name();
    for g in 0..input.num_row_groups() {
        let group_rows =
            u64::try_from(input.metadata.metadata().row_group(g).num_rows()).unwrap_or(0);
        let group_bytes = input.row_group_bytes(g);
        // A column that unpacks to more than its rows may hold is refused before it is read:
        // a few kilobytes of compressed Parquet can hold a string of gigabytes.
        let limit = crate::limits::max_record();
        if let Some(unpacked) = input.column_bytes(g, &settings.field) {
            // Each value carries a length and levels, each page a header: a little more.
            let rows = usize::try_from(group_rows).unwrap_or(usize::MAX);
            let most = limit.saturating_add(64).saturating_mul(rows);
            if unpacked > most.saturating_add(64 << 10) {
                invalid!(
                    "{name}: row group {} of column `{}` unpacks to {}, more than {} {} of at \
                     most {} can hold (the limit for one record; --max-record raises it)",
                    g + 1,
                    settings.field,
                    crate::limits::human(unpacked),
                    group_rows,
                    if group_rows == 1 { "row" } else { "rows" },
                    crate::limits::human(limit)
                );
            }
        }
        for batch in input.row_group(g, BATCH_ROWS)? {
            let batch = batch?;
            let Some(strings) = Strings::new(batch.column(article)) else {
                invalid!("{name}: column `{}` does not hold strings", settings.field);
            };
            let rows: Vec<usize> = (0..batch.num_rows()).collect();
            let outcomes = workers.map(&rows, |&i| match strings.get(i) {
                None => RowOutcome::Done(None),
                Some(text) if text.len() > limit => RowOutcome::Bad(format!(
                    "field `{}` is {} long, over the limit of {} for one record (--max-record \
                     raises it)",
                    settings.field,
                    crate::limits::human(text.len()),
                    crate::limits::human(limit)
                )),
                Some(text) => match summarizer.summarize(text) {
                    Ok(h) => RowOutcome::Done(Some(h)),
                    Err(lede::Error::EmptyInput) => {
                        RowOutcome::Bad(format!("field `{}` is empty", settings.field))
                    }
                    Err(e) => RowOutcome::Bad(e.to_string()),
                },
            });
            // Without --skip-bad, the rows before the first bad one are written, then the run
            // stops.
            let first_bad = outcomes
                .iter()
                .position(|o| matches!(o, RowOutcome::Bad(_)))
                .filter(|_| !settings.skip_bad);
            let keep = first_bad.unwrap_or(outcomes.len());
            let mut highlights: Vec<Option<&Highlights>> = Vec::with_capacity(keep);
            let mut errors: Vec<Option<&str>> = Vec::with_capacity(keep);
            for (i, o) in outcomes[..keep].iter().enumerate() {
                match o {
                    RowOutcome::Done(h) => {
                        highlights.push(h.as_ref());
                        errors.push(None);
                        counts.records += 1;
                    }
                    RowOutcome::Bad(m) => {
                        observer.bad_record(&name, row + i as u64 + 1, m);
                        highlights.push(None);
                        errors.push(Some(m));
                        counts.bad += 1;
                    }
                }
            }
            let kept = batch.slice(0, keep);
            write_rows(
                sink,
                &kept,
                &highlights,
                &errors,
                out_schema,
                settings,
                error_column,
            )?;
            if let (Some(i), Some(RowOutcome::Bad(message))) =
                (first_bad, first_bad.and_then(|i| outcomes.get(i)))
            {
                observer.stopping();
                let before = row + i as u64;
                invalid!(
                    "{name}: row {}: {message}{}",
                    before + 1,
                    if before > 0 {
                        format!(
                            " ({} before it {} written; --skip-bad gives bad rows null \
                             highlights and an error message and goes on)",
                            if before == 1 {
                                "the row".to_string()
                            } else {
                                format!("the {before} rows")
                            },
                            if before == 1 { "was" } else { "were" }
                        )
                    } else {
                        " (--skip-bad gives bad rows null highlights and an error message and \
                         goes on)"
                            .to_string()
                    }
                );
            }
            row += batch.num_rows() as u64;
            if let Some(bytes) = (group_bytes * batch.num_rows() as u64).checked_div(group_rows) {
                observer.progress(bytes);
            }
        }
        if let Sink::Parquet(p) = sink {
            p.end_row_group()?;
        }
    }
    Ok(counts)
}

fn write_rows(
    sink: &mut Sink<'_>,
    batch: &RecordBatch,
    highlights: &[Option<&Highlights>],
    errors: &[Option<&str>],
    out_schema: &SchemaRef,
    settings: &ParquetSettings,
    error_column: Option<&str>,
) -> Result<()> {
    match sink {
        Sink::Parquet(p) => {
            let rows: Vec<Option<&[Highlight]>> = highlights
                .iter()
                .map(|h| h.map(|h| h.highlights.as_slice()))
                .collect();
            let column = highlights_array(&rows);
            let mut columns: Vec<ArrayRef> = Vec::with_capacity(out_schema.fields().len());
            for f in out_schema.fields() {
                if f.name() == &settings.output_field {
                    columns.push(column.clone());
                } else if Some(f.name().as_str()) == error_column {
                    columns.push(Arc::new(StringArray::from(errors.to_vec())));
                } else {
                    match batch.column_by_name(f.name()) {
                        Some(c) => columns.push(c.clone()),
                        None => invalid!("column `{}` is missing from a batch", f.name()),
                    }
                }
            }
            let out = RecordBatch::try_new(out_schema.clone(), columns)
                .context("cannot build the output rows")?;
            p.write(&out)
        }
        Sink::Jsonl(out, value) => {
            let rows = rows_to_json(batch)?;
            for (i, row) in rows.iter().enumerate() {
                let value = match highlights.get(i).copied().flatten() {
                    Some(h) => format::json_value(h, *value).context("cannot write highlights")?,
                    None => "null".to_string(),
                };
                let record = Record::parse(row).map_err(Error::Invalid)?;
                let mut line = record.to_line_with(&settings.output_field, &value);
                if let (Some(col), Some(Some(e))) = (error_column, errors.get(i)) {
                    let message =
                        serde_json::to_string(e).context("cannot write an error message")?;
                    line = Record::parse(&line)
                        .map_err(Error::Invalid)?
                        .to_line_with(col, &message);
                }
                line.push('\n');
                out.write(&line)?;
            }
            Ok(())
        }
    }
}

/// Every row of `batch` as a JSON object, its keys in column order (and a struct's in field
/// order). Numbers, strings, booleans, nulls, lists and structs map to their JSON forms; NaN
/// and infinite floats to null; other types (dates, timestamps, decimals, binary, maps) to
/// their display strings.
pub fn rows_to_json(batch: &RecordBatch) -> Result<Vec<String>> {
    let schema = batch.schema();
    let mut rows = vec![String::from("{"); batch.num_rows()];
    for (c, (f, col)) in schema.fields().iter().zip(batch.columns()).enumerate() {
        let key = serde_json::to_string(f.name()).context("cannot write a column name")?;
        for (i, row) in rows.iter_mut().enumerate() {
            if c > 0 {
                row.push(',');
            }
            row.push_str(&key);
            row.push(':');
            write_value(col.as_ref(), i, row)?;
        }
    }
    for row in &mut rows {
        row.push('}');
    }
    Ok(rows)
}

/// The JSON value of `array[i]`.
pub fn value_at(array: &dyn Array, i: usize) -> Result<Value> {
    let mut s = String::new();
    write_value(array, i, &mut s)?;
    serde_json::from_str(&s).context("cannot read a value as JSON")
}

/// Appends the JSON of `array[i]` to `out`.
fn write_value(array: &dyn Array, i: usize, out: &mut String) -> Result<()> {
    use std::fmt::Write as _;
    if array.is_null(i) {
        out.push_str("null");
        return Ok(());
    }
    let float = |x: f64, out: &mut String| match Number::from_f64(x) {
        Some(n) => {
            let _ = write!(out, "{n}");
        }
        None => out.push_str("null"),
    };
    let string = |s: &str, out: &mut String| -> Result<()> {
        out.push_str(&serde_json::to_string(s).context("cannot write a string as JSON")?);
        Ok(())
    };
    macro_rules! int {
        ($t:ty) => {{
            let _ = write!(out, "{}", array.as_primitive::<$t>().value(i));
        }};
    }
    use arrow::datatypes as t;
    match array.data_type() {
        DataType::Null => out.push_str("null"),
        DataType::Boolean => {
            let v = array
                .as_any()
                .downcast_ref::<BooleanArray>()
                .is_some_and(|a| a.value(i));
            out.push_str(if v { "true" } else { "false" });
        }
        DataType::Int8 => int!(t::Int8Type),
        DataType::Int16 => int!(t::Int16Type),
        DataType::Int32 => int!(t::Int32Type),
        DataType::Int64 => int!(t::Int64Type),
        DataType::UInt8 => int!(t::UInt8Type),
        DataType::UInt16 => int!(t::UInt16Type),
        DataType::UInt32 => int!(t::UInt32Type),
        DataType::UInt64 => int!(t::UInt64Type),
        DataType::Float32 => float(
            f64::from(array.as_primitive::<t::Float32Type>().value(i)),
            out,
        ),
        DataType::Float64 => float(array.as_primitive::<t::Float64Type>().value(i), out),
        DataType::Utf8 => string(array.as_string::<i32>().value(i), out)?,
        DataType::LargeUtf8 => string(array.as_string::<i64>().value(i), out)?,
        DataType::Utf8View => string(array.as_string_view().value(i), out)?,
        DataType::List(_) => write_list(array.as_list::<i32>().value(i).as_ref(), out)?,
        DataType::LargeList(_) => write_list(array.as_list::<i64>().value(i).as_ref(), out)?,
        DataType::FixedSizeList(..) => {
            write_list(array.as_fixed_size_list().value(i).as_ref(), out)?
        }
        DataType::Struct(fields) => {
            let s = array.as_struct();
            out.push('{');
            for (k, (f, c)) in fields.iter().zip(s.columns()).enumerate() {
                if k > 0 {
                    out.push(',');
                }
                string(f.name(), out)?;
                out.push(':');
                write_value(c.as_ref(), i, out)?;
            }
            out.push('}');
        }
        DataType::Dictionary(..) => {
            let plain = arrow::compute::cast(&array.slice(i, 1), dictionary_value_type(array))
                .context("cannot read a dictionary column")?;
            write_value(plain.as_ref(), 0, out)?;
        }
        _ => {
            let options = FormatOptions::default();
            let f =
                ArrayFormatter::try_new(array, &options).context("cannot show a value as text")?;
            string(&f.value(i).to_string(), out)?;
        }
    }
    Ok(())
}

fn dictionary_value_type(array: &dyn Array) -> &DataType {
    match array.data_type() {
        DataType::Dictionary(_, v) => v,
        other => other,
    }
}

fn write_list(items: &dyn Array, out: &mut String) -> Result<()> {
    out.push('[');
    for j in 0..items.len() {
        if j > 0 {
            out.push(',');
        }
        write_value(items, j, out)?;
    }
    out.push(']');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::DictionaryArray;
    use arrow::datatypes::Int32Type;

    #[test]
    fn a_dictionary_of_strings_is_read_in_place() {
        let long = "x".repeat(1 << 20);
        let dict: DictionaryArray<Int32Type> = vec![Some(long.as_str()), None, Some("a")]
            .into_iter()
            .chain(std::iter::repeat_n(Some(long.as_str()), 1000))
            .collect();
        let array: ArrayRef = Arc::new(dict);
        let strings = Strings::new(&array).expect("a dictionary of strings");
        assert!(matches!(strings, Strings::Dictionary(..)));
        assert_eq!(strings.get(0).map(str::len), Some(1 << 20));
        assert_eq!(strings.get(1), None);
        assert_eq!(strings.get(2), Some("a"));
        assert_eq!(strings.get(1002).map(str::len), Some(1 << 20));
        assert_eq!(strings.get(5000), None);
    }
}
