//! Training data: gold articles in our JSONL shape (the seeds' gold with their texts in
//! `seeds/`, and `assets/train/*.jsonl` with the text in each record), their ACTOR and
//! LOCATION spans turned into BIO tags over the engine's tokens.

use super::features::Prepared;
use super::tags::{O, tags_of};
use crate::model::Label;
use crate::suggest::rules::Doc;
use crate::text::TextIndex;
use std::path::Path;

/// One gold article.
#[derive(Debug, Clone)]
pub struct GoldDoc {
    pub id: String,
    pub text: String,
    /// ACTOR and LOCATION spans, char offsets.
    pub spans: Vec<(Label, usize, usize)>,
}

/// Reads a JSONL gold file. A record without "text" takes it from `texts/<doc>.txt`
/// (the seeds' gold); records with neither are an error.
pub fn load(path: &Path, texts: Option<&Path>) -> Result<Vec<GoldDoc>, String> {
    let recs = crate::eval::read_records(path)?;
    let mut out = Vec::new();
    for (k, r) in recs.into_iter().enumerate() {
        let id = r.doc.clone().unwrap_or_else(|| format!("{}#{k}", path.display()));
        let text = match (r.text, texts) {
            (Some(t), _) => t,
            (None, Some(dir)) => {
                let p = dir.join(format!("{id}.txt"));
                std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?
            }
            (None, None) => return Err(format!("{}: record {id} has no text", path.display())),
        };
        let spans = r
            .spans
            .iter()
            .filter(|s| tags_of(s.label).is_some())
            .map(|s| (s.label, s.start, s.end))
            .collect();
        out.push(GoldDoc { id, text, spans });
    }
    Ok(out)
}

/// The JSONL files of a folder, sorted by name.
pub fn jsonl_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    v.sort();
    v
}

/// BIO tags of the gold spans over the article's tokens. Spans whose ends are not token
/// ends, or that overlap a longer one, are left out (counted in the second value).
pub fn gold_tags(doc: &Doc, ti: &TextIndex, spans: &[(Label, usize, usize)]) -> (Vec<u8>, usize) {
    let n = doc.toks.len();
    let mut tags = vec![O; n];
    let mut v: Vec<&(Label, usize, usize)> = spans.iter().collect();
    v.sort_by_key(|s| (std::cmp::Reverse(s.2.saturating_sub(s.1)), s.1, s.0));
    let mut skipped = 0;
    for &&(label, s, e) in &v {
        let Some((b, i)) = tags_of(label) else { continue };
        if e > ti.len_chars() || s >= e {
            skipped += 1;
            continue;
        }
        let (bs, be) = (ti.byte(s), ti.byte(e));
        let a = doc.tok_at(bs);
        let z = doc.tok_at(be);
        let ok =
            a < z && z <= n && doc.toks[a].s == bs && doc.toks[z - 1].e == be && tags[a..z].iter().all(|&t| t == O);
        if !ok {
            skipped += 1;
            continue;
        }
        tags[a] = b;
        for t in &mut tags[a + 1..z] {
            *t = i;
        }
    }
    (tags, skipped)
}

/// An article ready to train on: its features and gold tags.
#[derive(Debug, Clone)]
pub struct Example {
    pub id: String,
    pub p: Prepared,
    pub gold: Vec<u8>,
}
