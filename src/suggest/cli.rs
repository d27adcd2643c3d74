//! `spanbench suggest PATH... [-o FILE] [--annotations DIR]`: headless auto-tagging.

use super::{Engine, Suggestion};
use crate::corpus::{self, Entry};
use crate::export::RecordRelation;
use crate::export::jsonl::{self, ScoredSpan};
use crate::fsio::OutputFile;
use crate::model::{Annotations, Label};
use crate::progress::Progress;
use crate::store::Store;
use crate::text::TextIndex;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One JSONL line for an article's suggestions (our JSONL shape): spans with "score"
/// and "why", and a SAID_BY relation from each claim to its speaker when the speaker is
/// a suggested span.
pub fn suggest_record(id: &str, text: &TextIndex, sugg: &[Suggestion]) -> String {
    let mut out = Vec::new();
    write_suggest_record(&mut out, id, text, sugg, &mut Vec::new());
    // Only ever valid UTF-8: strings are copied whole and escapes are ASCII.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// [`suggest_record`] appended to `out` (without the newline); `relations` is scratch
/// space kept by the caller so that a run allocates nothing per article.
pub fn write_suggest_record(
    out: &mut Vec<u8>,
    id: &str,
    text: &TextIndex,
    sugg: &[Suggestion],
    relations: &mut Vec<RecordRelation>,
) {
    relations.clear();
    // Each claim's speaker is the first ACTOR suggestion with its range.
    if sugg.iter().any(|s| s.label == Label::Claim && s.speaker.is_some()) {
        let mut actors: rustc_hash::FxHashMap<(usize, usize), usize> = rustc_hash::FxHashMap::default();
        for (j, x) in sugg.iter().enumerate() {
            if x.label == Label::Actor {
                actors.entry((x.start, x.end)).or_insert(j);
            }
        }
        for (i, s) in sugg.iter().enumerate() {
            if s.label != Label::Claim {
                continue;
            }
            if let Some(&j) = s.speaker.and_then(|sp| actors.get(&sp)) {
                relations.push(RecordRelation { claim: i, speaker: j });
            }
        }
    }
    let spans = sugg.iter().map(|s| ScoredSpan {
        start: s.start,
        end: s.end,
        label: s.label,
        text: text.slice(s.start, s.end),
        score: (s.score * 100.0).round() / 100.0,
        why: &s.why,
    });
    jsonl::write_scored_line(out, id, text.as_str(), spans, relations);
}

/// Teaches the engine every annotations file in the store. Each article's text (for
/// its rejections) is read from `entries` (the corpus given) when it is there, one at
/// a time: memory stays flat however large the corpus. A file's `source:` field is
/// never opened: a data file from a colleague must not make spanbench read a path
/// it names (a FIFO, `/dev/zero`, `/etc/shadow`); without its article, a file
/// teaches its spans but not its rejections.
pub fn learn_store(engine: &mut Engine, store: &Store, entries: &[Entry]) -> Vec<String> {
    let by_id: HashMap<&str, &Entry> = entries.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut problems = Vec::new();
    for id in store.ids() {
        match store.read(&id) {
            Ok(Some(ann)) => {
                let text = by_id
                    .get(id.as_str())
                    .and_then(|e| e.read().ok())
                    .map(|a| a.text)
                    .unwrap_or_default();
                engine.learn(&TextIndex::new(text), &ann);
            }
            Ok(None) => {}
            Err(e) => problems.push(e.to_string()),
        }
    }
    problems
}

/// The output is written in pieces of about this many bytes.
const OUTPUT_CHUNK: usize = 1 << 20;

/// `spanbench suggest`: exit code. Streams: one article is in memory at a time, and
/// the output file (`-o`) is written atomically.
pub fn cli_suggest(
    inputs: &[PathBuf],
    output: Option<&Path>,
    annotations: Option<&Path>,
    stats: bool,
    policy: Option<super::Policy>,
) -> i32 {
    let started = std::time::Instant::now();
    let (entries, errors) = corpus::discover_in(inputs, annotations);
    let mut code = 0;
    for e in &errors {
        eprintln!("{e}");
        code = 1;
    }
    let total: u64 = entries.iter().map(|e| e.size).sum();
    let mut engine = Engine::new();
    if let Some(p) = policy {
        engine.set_policy(p);
    }
    let engine_start = started.elapsed();
    let engine_start_cpu = cpu_seconds();
    if let Some(dir) = annotations
        && let Err(e) = crate::commands::require_annotations(dir)
    {
        eprintln!("{e}");
        return 2;
    }
    let store = annotations.map(Store::new);
    let mut protected: Vec<PathBuf> = inputs.to_vec();
    protected.extend(annotations.map(Path::to_path_buf));
    // Memory first: the whole store teaches every article.
    if let Some(store) = &store {
        for p in learn_store(&mut engine, store, &entries) {
            eprintln!("{p}");
            code = 1;
        }
    }
    let mut file = None;
    // Lines are gathered in one buffer, reused, and written in large pieces.
    let mut sink: Box<dyn Write> = match output {
        Some(p) => match OutputFile::create(p, &protected) {
            Ok(f) => Box::new(file.insert(f)),
            Err(e) => {
                eprintln!("{}: cannot write: {e}", p.display());
                return 1;
            }
        },
        None => Box::new(std::io::stdout().lock()),
    };
    let mut buf: Vec<u8> = Vec::with_capacity(OUTPUT_CHUNK + OUTPUT_CHUNK / 4);
    let mut relations = Vec::new();
    let bar = Progress::new(total, "bytes");
    let mut done: u64 = 0;
    for e in &entries {
        done += e.size;
        bar.set(done, total);
        let mut article = match e.read() {
            Ok(a) => a,
            Err(err) => {
                eprintln!("{err}");
                code = 1;
                continue;
            }
        };
        let text = TextIndex::new(std::mem::take(&mut article.text));
        let fresh = || {
            Annotations::new(
                article.id.clone(),
                article.path.to_string_lossy(),
                article.sha256.clone(),
            )
        };
        let ann = match &store {
            Some(s) => match s.open(&article, &text) {
                Ok(o) => o.annotations,
                Err(err) => {
                    eprintln!("{err}");
                    code = 1;
                    fresh()
                }
            },
            None => fresh(),
        };
        // A failure on one article is reported and the others still get suggestions.
        let sugg = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| engine.suggest(&text, &ann))) {
            Ok(s) => s,
            Err(panic) => {
                eprintln!(
                    "{}: suggestions failed: {} (the other articles still get them)",
                    e.path.display(),
                    panic_message(panic.as_ref())
                );
                code = 1;
                continue;
            }
        };
        write_suggest_record(&mut buf, &article.id, &text, &sugg, &mut relations);
        buf.push(b'\n');
        if buf.len() >= OUTPUT_CHUNK {
            if sink.write_all(&buf).is_err() {
                eprintln!("cannot write the output");
                return 1;
            }
            buf.clear();
        }
    }
    bar.finish();
    if sink.write_all(&buf).is_err() || sink.flush().is_err() {
        eprintln!("cannot write the output");
        return 1;
    }
    drop(sink);
    if let (Some(f), Some(p)) = (file, output)
        && let Err(e) = f.commit()
    {
        eprintln!("{}: cannot write: {e}", p.display());
        return 1;
    }
    if stats {
        let secs = started.elapsed().as_secs_f64();
        let mb = total as f64 / 1e6;
        let peak = peak_memory_kib().map_or("unknown".to_string(), |k| format!("{:.0} MB", k as f64 / 1024.0));
        let cpu = match (cpu_seconds(), engine_start_cpu) {
            (Some(all), Some(start)) => format!(
                " ({:.0} ms CPU); CPU {all:.3} s ({:.1} MB/s per core)",
                start * 1e3,
                mb / all.max(1e-9)
            ),
            _ => String::new(),
        };
        eprintln!(
            "{} articles, {mb:.2} MB in {secs:.3} s ({:.1} MB/s); engine start {} ms{cpu}; peak memory {peak}",
            entries.len(),
            mb / secs.max(1e-9),
            engine_start.as_millis()
        );
    }
    code
}

/// CPU time (user + system) the process used so far, in seconds (Unix).
pub fn cpu_seconds() -> Option<f64> {
    #[cfg(unix)]
    {
        // SAFETY: getrusage only writes the struct it is given.
        let mut u: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) } != 0 {
            return None;
        }
        let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 * 1e-6;
        Some(t(u.ru_utime) + t(u.ru_stime))
    }
    #[cfg(not(unix))]
    None
}

/// The process's peak resident memory in KiB (Linux: VmHWM in /proc/self/status).
pub fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The message of a caught panic.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "the engine panicked".to_string())
}
