//! Precision, recall and F1 per label, as GUIDELINES.md scores suggestions: exact match
//! of start, end and label for ACTOR and LOCATION; IoU >= 0.5 for CLAIM, one gold claim
//! for at most one predicted claim. SAID_BY links are scored in [`crate::eval_links`].

use crate::eval_links::{LinkCounts, score_doc_links};
use crate::export::{DocRecord, RecordSpan};
use crate::model::Label;
use crate::store::Store;
use std::collections::BTreeMap;
use std::path::Path;

/// Counts for one label.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
    pub fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

impl Counts {
    /// One line of `spanbench eval`'s table: name, tp, fp, fn, precision, recall, F1.
    pub fn row(&self, name: &str) -> String {
        format!(
            "{:<10} {:>5} {:>5} {:>5} {:>9.3} {:>9.3} {:>9.3}\n",
            name,
            self.tp,
            self.fp,
            self.fn_,
            self.precision(),
            self.recall(),
            self.f1()
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// The scores of a prediction against gold.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub per_label: BTreeMap<Label, Counts>,
    pub docs: usize,
    /// Gold documents with no prediction at all.
    pub missing: Vec<String>,
    /// Speaker accuracy and SAID_BY precision / recall / F1.
    pub links: LinkCounts,
}

impl Report {
    pub fn get(&self, l: Label) -> Counts {
        self.per_label.get(&l).copied().unwrap_or_default()
    }
    pub fn micro(&self) -> Counts {
        let mut c = Counts::default();
        for v in self.per_label.values() {
            c.add(*v);
        }
        c
    }
    /// The table `spanbench eval` prints.
    pub fn table(&self) -> String {
        let mut s = format!(
            "{:<10} {:>5} {:>5} {:>5} {:>9} {:>9} {:>9}\n",
            "label", "tp", "fp", "fn", "precision", "recall", "F1"
        );
        for l in [Label::Actor, Label::Claim, Label::Location] {
            s.push_str(&self.get(l).row(l.upper()));
        }
        s.push_str(&self.micro().row("micro"));
        s.push_str(&self.links.table());
        s
    }
}

/// The one-to-one CLAIM matching of GUIDELINES.md: pairs `(gold index, predicted
/// index)` with IoU >= 0.5, best IoU first (ties by index), each claim used once.
pub fn match_claims(gold: &[(usize, usize)], pred: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
    for (i, gs) in gold.iter().enumerate() {
        for (j, ps) in pred.iter().enumerate() {
            let v = crate::suggest::iou(gs.0, gs.1, ps.0, ps.1);
            if v >= 0.5 {
                pairs.push((v, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut gu = vec![false; gold.len()];
    let mut pu = vec![false; pred.len()];
    let mut out = Vec::new();
    for (_, i, j) in pairs {
        if !gu[i] && !pu[j] {
            gu[i] = true;
            pu[j] = true;
            out.push((i, j));
        }
    }
    out
}

/// The CLAIM pairs of one document as [`score_doc`] counts them: `(gold index, predicted
/// index)` into the given span lists, predicted claims with the same offsets taken once.
pub fn claim_pairs(gold: &[RecordSpan], pred: &[RecordSpan]) -> Vec<(usize, usize)> {
    let g: Vec<usize> = (0..gold.len()).filter(|&i| gold[i].label == Label::Claim).collect();
    let mut p: Vec<usize> = (0..pred.len()).filter(|&i| pred[i].label == Label::Claim).collect();
    p.sort_by_key(|&i| (pred[i].start, pred[i].end));
    p.dedup_by_key(|i| (pred[*i].start, pred[*i].end));
    let gr: Vec<(usize, usize)> = g.iter().map(|&i| (gold[i].start, gold[i].end)).collect();
    let pr: Vec<(usize, usize)> = p.iter().map(|&i| (pred[i].start, pred[i].end)).collect();
    match_claims(&gr, &pr).into_iter().map(|(a, b)| (g[a], p[b])).collect()
}

/// Scores one document's predicted spans against its gold spans.
pub fn score_doc(gold: &[RecordSpan], pred: &[RecordSpan]) -> BTreeMap<Label, Counts> {
    let mut out = BTreeMap::new();
    for l in [Label::Actor, Label::Claim, Label::Location] {
        let g: Vec<&RecordSpan> = gold.iter().filter(|s| s.label == l).collect();
        let mut p: Vec<&RecordSpan> = pred.iter().filter(|s| s.label == l).collect();
        p.sort_by_key(|s| (s.start, s.end));
        p.dedup_by_key(|s| (s.start, s.end));
        let mut c = Counts::default();
        if l == Label::Claim {
            c.tp = claim_pairs(gold, pred).len();
        } else {
            let mut gs: Vec<(usize, usize)> = g.iter().map(|s| (s.start, s.end)).collect();
            gs.sort();
            gs.dedup();
            for s in &p {
                if gs.binary_search(&(s.start, s.end)).is_ok() {
                    c.tp += 1;
                }
            }
            c.fp = p.len() - c.tp;
            c.fn_ = gs.len() - c.tp;
            out.insert(l, c);
            continue;
        }
        c.fp = p.len() - c.tp;
        c.fn_ = g.len() - c.tp;
        out.insert(l, c);
    }
    out
}

/// Scores predictions against gold, document by document (by "doc" id).
pub fn evaluate(gold: &[DocRecord], pred: &[DocRecord]) -> Report {
    let mut r = Report::default();
    let by_id: BTreeMap<&str, &DocRecord> = pred.iter().filter_map(|p| Some((p.doc.as_deref()?, p))).collect();
    for g in gold {
        let id = g.doc.as_deref().unwrap_or("");
        let p = by_id.get(id);
        if p.is_none() {
            r.missing.push(id.to_string());
        }
        let empty = Vec::new();
        let ps = p.map(|p| &p.spans).unwrap_or(&empty);
        for (l, c) in score_doc(&g.spans, ps) {
            r.per_label.entry(l).or_default().add(c);
        }
        r.links.add(score_doc_links(g, p.copied()));
        r.docs += 1;
    }
    r
}

/// Reads our JSONL shape; errors name the file and line.
pub fn read_records(path: &Path) -> Result<Vec<DocRecord>, String> {
    let (recs, errs) = crate::import::read_jsonl(path, None);
    if let Some(e) = errs.first() {
        return Err(format!("{}:{}: {}", path.display(), e.line, e.message));
    }
    Ok(recs.into_iter().map(|(_, r)| r).collect())
}

/// Reads gold: our JSONL shape, at least one record, every span with `start < end`
/// (a reversed or empty gold span would score nonsense). Errors name file and line.
pub fn read_gold(path: &Path) -> Result<Vec<DocRecord>, String> {
    let (recs, errs) = crate::import::read_jsonl(path, None);
    if let Some(e) = errs.first() {
        return Err(format!("{}:{}: {}", path.display(), e.line, e.message));
    }
    if recs.is_empty() {
        return Err(format!(
            "{}: the gold file holds no records; there is nothing to score against",
            path.display()
        ));
    }
    for (line, r) in &recs {
        for (i, s) in r.spans.iter().enumerate() {
            if s.end <= s.start {
                return Err(format!(
                    "{}:{line}: spans[{i}] {} {}..{}: the end is not after the start",
                    path.display(),
                    s.label,
                    s.start,
                    s.end
                ));
            }
        }
    }
    Ok(recs.into_iter().map(|(_, r)| r).collect())
}

/// Predictions from a JSONL file or an annotations folder.
pub fn read_predictions(path: &Path) -> Result<Vec<DocRecord>, String> {
    if path.is_dir() {
        let store = Store::new(path);
        let mut out = Vec::new();
        for id in store.ids() {
            match store.read(&id) {
                Ok(Some(ann)) => out.push(DocRecord::from_annotations(&ann, "")),
                Ok(None) => {}
                Err(e) => return Err(e.to_string()),
            }
        }
        Ok(out)
    } else {
        read_records(path)
    }
}

/// `spanbench eval --gold GOLD PRED`: exit code.
pub fn cli_eval(gold: &Path, pred: &Path, corpus: &[std::path::PathBuf]) -> i32 {
    let _ = corpus;
    let g = match read_gold(gold) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    let p = match read_predictions(pred) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    let r = evaluate(&g, &p);
    for m in &r.missing {
        eprintln!("{}: no prediction for gold document {m}", pred.display());
    }
    for (n, file) in [(r.links.ignored_gold, gold), (r.links.ignored_pred, pred)] {
        if n > 0 {
            eprintln!(
                "{}: {n} relations not between a CLAIM and an ACTOR were left out",
                file.display()
            );
        }
    }
    print!("{}", r.table());
    0
}
