//! `spanbench suggest PATH... [-o FILE] [--annotations DIR]`: headless auto-tagging.

use super::{Engine, Suggestion};
use crate::corpus::{self, Article};
use crate::model::{Annotations, Label};
use crate::store::Store;
use crate::text::TextIndex;
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Serialize)]
struct OutSpan<'a> {
    start: usize,
    end: usize,
    label: &'static str,
    text: &'a str,
    score: f32,
    why: &'a str,
}

#[derive(Serialize)]
struct OutRelation {
    label: &'static str,
    claim: usize,
    speaker: usize,
}

#[derive(Serialize)]
struct OutDoc<'a> {
    doc: &'a str,
    text: &'a str,
    spans: Vec<OutSpan<'a>>,
    relations: Vec<OutRelation>,
}

/// One JSONL line for an article's suggestions: spans with "score" and "why", and a
/// SAID_BY relation from each claim to its speaker when the speaker is a suggested span.
pub fn suggest_record(id: &str, text: &TextIndex, sugg: &[Suggestion]) -> String {
    let spans: Vec<OutSpan> = sugg
        .iter()
        .map(|s| OutSpan {
            start: s.start,
            end: s.end,
            label: s.label.upper(),
            text: text.slice(s.start, s.end),
            score: (s.score * 100.0).round() / 100.0,
            why: &s.why,
        })
        .collect();
    let mut relations = Vec::new();
    for (i, s) in sugg.iter().enumerate() {
        if s.label != Label::Claim {
            continue;
        }
        if let Some((a, b)) = s.speaker
            && let Some(j) = sugg
                .iter()
                .position(|x| x.label == Label::Actor && x.start == a && x.end == b)
        {
            relations.push(OutRelation {
                label: "SAID_BY",
                claim: i,
                speaker: j,
            });
        }
    }
    serde_json::to_string(&OutDoc {
        doc: id,
        text: text.as_str(),
        spans,
        relations,
    })
    .unwrap_or_default()
}

/// Teaches the engine every annotations file in the store (with its article text when
/// the source file can be read, for the rejections).
pub fn learn_store(engine: &mut Engine, store: &Store, articles: &[Article]) -> Vec<String> {
    let mut problems = Vec::new();
    for id in store.ids() {
        match store.read(&id) {
            Ok(Some(ann)) => {
                let text = articles
                    .iter()
                    .find(|a| a.id == id)
                    .map(|a| a.text.clone())
                    .or_else(|| std::fs::read_to_string(&ann.source).ok())
                    .unwrap_or_default();
                engine.learn(&TextIndex::new(text), &ann);
            }
            Ok(None) => {}
            Err(e) => problems.push(e.to_string()),
        }
    }
    problems
}

/// `spanbench suggest`: exit code.
pub fn cli_suggest(inputs: &[PathBuf], output: Option<&Path>, annotations: Option<&Path>) -> i32 {
    let (entries, errors) = corpus::discover(inputs);
    let mut code = 0;
    for e in &errors {
        eprintln!("{e}");
        code = 1;
    }
    let total: u64 = entries.iter().map(|e| e.size).sum();
    let progress = std::io::stderr().is_terminal() || total > 8 * 1024 * 1024;
    let mut engine = Engine::new();
    let store = annotations.map(Store::new);
    // Memory first: the whole store teaches every article.
    let mut articles: Vec<Article> = Vec::new();
    if let Some(store) = &store {
        for e in &entries {
            if let Ok(a) = e.read() {
                articles.push(a);
            }
        }
        for p in learn_store(&mut engine, store, &articles) {
            eprintln!("{p}");
            code = 1;
        }
    }
    let mut sink: Box<dyn Write> = match output {
        Some(p) => match std::fs::File::create(p) {
            Ok(f) => Box::new(std::io::BufWriter::new(f)),
            Err(e) => {
                eprintln!("{}: {e}", p.display());
                return 1;
            }
        },
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let mut done: u64 = 0;
    for (i, e) in entries.iter().enumerate() {
        let article = match articles.iter().find(|a| a.id == e.id) {
            Some(a) => a.clone(),
            None => match e.read() {
                Ok(a) => a,
                Err(err) => {
                    eprintln!("{err}");
                    code = 1;
                    continue;
                }
            },
        };
        let text = TextIndex::new(article.text.clone());
        let ann = match &store {
            Some(s) => match s.open(&article, &text) {
                Ok(o) => o.annotations,
                Err(err) => {
                    eprintln!("{err}");
                    code = 1;
                    Annotations::new(
                        article.id.clone(),
                        article.path.to_string_lossy(),
                        article.sha256.clone(),
                    )
                }
            },
            None => Annotations::new(
                article.id.clone(),
                article.path.to_string_lossy(),
                article.sha256.clone(),
            ),
        };
        let sugg = engine.suggest(&text, &ann);
        if writeln!(sink, "{}", suggest_record(&article.id, &text, &sugg)).is_err() {
            eprintln!("cannot write the output");
            return 1;
        }
        done += e.size;
        if progress {
            let pct = (done * 100).checked_div(total).unwrap_or(100);
            let bar = "#".repeat((pct / 5) as usize);
            eprint!("\r[{bar:<20}] {pct:>3}% {}/{} articles", i + 1, entries.len());
        }
    }
    if progress {
        eprintln!();
    }
    if sink.flush().is_err() {
        eprintln!("cannot write the output");
        return 1;
    }
    code
}
