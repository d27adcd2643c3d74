//! Agreement between analysts (`spanbench agree DIR DIR...`): per label and overall,
//! pairwise span F1 with eval's matching rules, Krippendorff's unitizing alpha, and
//! SAID_BY agreement over the claims two analysts both made.
//!
//! - **F1**: for each pair of analysts, one plays gold and the other prediction in
//!   [`eval::score_doc`] (exact start/end/label for ACTOR and LOCATION, one-to-one
//!   IoU >= 0.5 for CLAIM); counts are summed over the articles, F1 taken per pair and
//!   averaged over the pairs. "overall" is the micro F1 over the three labels.
//! - **alpha**: [`alpha`] per label, over the characters of the articles laid end to end
//!   for the corpus figure, and over each article on its own for the per-article
//!   figures; "overall" combines the labels as `1 - Σ D_o / Σ D_e`.
//! - **SAID_BY**: for each pair, the claims matched as in F1; a matched pair agrees when
//!   both claims have the same speakers (by the speakers' start and end; both without a
//!   speaker agrees too). The share that agrees, averaged over pairs.
//!
//! A figure is `None` (JSON null, "-" in the table) when it is undefined: no spans of
//! that label in any folder. Only articles that every folder has are compared; the
//! others are listed (`partial`).

pub mod alpha;
pub mod load;

use crate::eval::{self, Counts};
use crate::export::RecordSpan;
use crate::model::{Annotations, Label};
use alpha::{Disagreement, Range};
use load::Team;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// F1 and alpha of one label (or of all labels).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Score {
    /// Pairwise F1, averaged over pairs.
    pub f1: Option<f64>,
    /// Unitizing alpha.
    pub alpha: Option<f64>,
    /// True positives, false positives and false negatives summed over all pairs.
    pub counts: Counts,
    /// The disagreements behind `alpha`.
    pub disagreement: Disagreement,
}

/// SAID_BY agreement.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SaidBy {
    /// Matched claim pairs, summed over analyst pairs.
    pub matched: usize,
    /// Of those, the ones whose speakers agree.
    pub agreeing: usize,
    /// Share agreeing, averaged over analyst pairs.
    pub agreement: Option<f64>,
}

/// The scores of one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleScore {
    pub article: String,
    pub labels: BTreeMap<Label, Score>,
    pub overall: Score,
}

/// Everything `agree` reports.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AgreeReport {
    pub analysts: Vec<String>,
    pub labels: BTreeMap<Label, Score>,
    pub overall: Score,
    pub said_by: SaidBy,
    pub articles: Vec<ArticleScore>,
    /// Articles only some analysts have: (article, who has it). Not compared.
    pub partial: Vec<(String, Vec<String>)>,
}

fn records(ann: &Annotations) -> Vec<RecordSpan> {
    ann.spans
        .iter()
        .map(|s| RecordSpan {
            start: s.start,
            end: s.end,
            label: s.label,
            text: None,
        })
        .collect()
}

fn ranges(ann: &Annotations, label: Label) -> Vec<Range> {
    ann.spans
        .iter()
        .filter(|s| s.label == label)
        .map(|s| (s.start, s.end))
        .collect()
}

/// The claims of an article with their speakers' ranges, sorted.
fn claims_with_speakers(ann: &Annotations) -> (Vec<Range>, Vec<Vec<Range>>) {
    let mut claims = Vec::new();
    let mut speakers = Vec::new();
    for s in ann.spans.iter().filter(|s| s.label == Label::Claim) {
        claims.push((s.start, s.end));
        let mut who: Vec<Range> = ann
            .speakers_of(s.id)
            .filter_map(|id| ann.span(id))
            .map(|sp| (sp.start, sp.end))
            .collect();
        who.sort_unstable();
        speakers.push(who);
    }
    (claims, speakers)
}

fn f1_of(c: Counts) -> Option<f64> {
    (c.tp + c.fp + c.fn_ > 0).then(|| c.f1())
}

fn mean(xs: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let v: Vec<f64> = xs.flatten().collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

fn add(a: &mut Counts, b: Counts) {
    a.tp += b.tp;
    a.fp += b.fp;
    a.fn_ += b.fn_;
}

/// Computes every figure for a loaded team.
pub fn agree(team: &Team) -> AgreeReport {
    let m = team.analysts.len();
    let pairs: Vec<(usize, usize)> = (0..m).flat_map(|i| (i + 1..m).map(move |j| (i, j))).collect();
    // Per pair and label, counts summed over articles; per pair, SAID_BY counts.
    let mut pair_counts = vec![BTreeMap::<Label, Counts>::new(); pairs.len()];
    let mut pair_said = vec![(0usize, 0usize); pairs.len()];
    // Per label and analyst, the units of all articles laid end to end.
    let mut corpus_units: BTreeMap<Label, Vec<Vec<Range>>> =
        Label::ALL.iter().map(|&l| (l, vec![Vec::new(); m])).collect();
    let mut offset = 0usize;
    let mut articles = Vec::with_capacity(team.common.len());
    for id in &team.common {
        let docs: Vec<&Annotations> = team.analysts.iter().map(|a| &a.docs[id]).collect();
        let len = team.lengths.get(id).copied().unwrap_or(0);
        let recs: Vec<Vec<RecordSpan>> = docs.iter().map(|d| records(d)).collect();
        let mut art_counts = vec![BTreeMap::<Label, Counts>::new(); pairs.len()];
        for (p, &(i, j)) in pairs.iter().enumerate() {
            for (l, c) in eval::score_doc(&recs[i], &recs[j]) {
                add(pair_counts[p].entry(l).or_default(), c);
                add(art_counts[p].entry(l).or_default(), c);
            }
            let (ci, si) = claims_with_speakers(docs[i]);
            let (cj, sj) = claims_with_speakers(docs[j]);
            for (a, b) in eval::match_claims(&ci, &cj) {
                pair_said[p].0 += 1;
                if si[a] == sj[b] {
                    pair_said[p].1 += 1;
                }
            }
        }
        let mut art = ArticleScore {
            article: id.clone(),
            ..Default::default()
        };
        for l in Label::ALL {
            let coders: Vec<Vec<Range>> = docs.iter().map(|d| alpha::units(ranges(d, l))).collect();
            let d = alpha::disagreement(len, &coders);
            for (k, us) in coders.into_iter().enumerate() {
                corpus_units.get_mut(&l).expect("every label")[k]
                    .extend(us.into_iter().map(|(s, e)| (s + offset, e + offset)));
            }
            let mut counts = Counts::default();
            for c in &art_counts {
                add(&mut counts, c.get(&l).copied().unwrap_or_default());
            }
            art.overall.disagreement.add(d);
            add(&mut art.overall.counts, counts);
            art.labels.insert(
                l,
                Score {
                    f1: mean(art_counts.iter().map(|c| f1_of(c.get(&l).copied().unwrap_or_default()))),
                    alpha: d.alpha(),
                    counts,
                    disagreement: d,
                },
            );
        }
        art.overall.alpha = art.overall.disagreement.alpha();
        art.overall.f1 = mean(art_counts.iter().map(|c| f1_of(micro(c))));
        articles.push(art);
        offset += len;
    }
    let mut report = AgreeReport {
        analysts: team.analysts.iter().map(|a| a.name.clone()).collect(),
        articles,
        partial: team.partial.clone(),
        ..Default::default()
    };
    for (l, coders) in &corpus_units {
        let d = alpha::disagreement(offset, coders);
        let mut counts = Counts::default();
        for c in &pair_counts {
            add(&mut counts, c.get(l).copied().unwrap_or_default());
        }
        report.overall.disagreement.add(d);
        add(&mut report.overall.counts, counts);
        report.labels.insert(
            *l,
            Score {
                f1: mean(pair_counts.iter().map(|c| f1_of(c.get(l).copied().unwrap_or_default()))),
                alpha: d.alpha(),
                counts,
                disagreement: d,
            },
        );
    }
    report.overall.alpha = report.overall.disagreement.alpha();
    report.overall.f1 = mean(pair_counts.iter().map(|c| f1_of(micro(c))));
    report.said_by = SaidBy {
        matched: pair_said.iter().map(|p| p.0).sum(),
        agreeing: pair_said.iter().map(|p| p.1).sum(),
        agreement: mean(pair_said.iter().map(|&(n, k)| (n > 0).then(|| k as f64 / n as f64))),
    };
    report
}

fn micro(c: &BTreeMap<Label, Counts>) -> Counts {
    let mut t = Counts::default();
    for v in c.values() {
        add(&mut t, *v);
    }
    t
}

fn score_json(s: &Score) -> Value {
    json!({
        "f1": s.f1,
        "alpha": s.alpha,
        "tp": s.counts.tp,
        "fp": s.counts.fp,
        "fn": s.counts.fn_,
        "observed_disagreement": s.disagreement.observed,
        "expected_disagreement": s.disagreement.expected,
    })
}

fn labels_json(labels: &BTreeMap<Label, Score>) -> Value {
    Value::Object(
        labels
            .iter()
            .map(|(l, s)| (l.upper().to_string(), score_json(s)))
            .collect(),
    )
}

impl AgreeReport {
    /// The `--json` shape.
    pub fn to_json(&self) -> Value {
        json!({
            "analysts": self.analysts,
            "labels": labels_json(&self.labels),
            "overall": score_json(&self.overall),
            "said_by": {
                "agreement": self.said_by.agreement,
                "matched_claims": self.said_by.matched,
                "agreeing": self.said_by.agreeing,
            },
            "articles": self.articles.iter().map(|a| json!({
                "article": a.article,
                "labels": labels_json(&a.labels),
                "overall": score_json(&a.overall),
            })).collect::<Vec<_>>(),
            "partial": self.partial.iter().map(|(id, who)| json!({"article": id, "analysts": who})).collect::<Vec<_>>(),
        })
    }

    /// The readable table.
    pub fn table(&self) -> String {
        let f = |x: Option<f64>| x.map(|v| format!("{v:.3}")).unwrap_or_else(|| "-".into());
        let mut s = format!(
            "{} analysts ({}), {} articles compared\n\n",
            self.analysts.len(),
            self.analysts.join(", "),
            self.articles.len()
        );
        s.push_str(&format!(
            "{:<10} {:>7} {:>7} {:>6} {:>6} {:>6}\n",
            "label", "F1", "alpha", "tp", "fp", "fn"
        ));
        let row = |name: &str, sc: &Score| {
            format!(
                "{:<10} {:>7} {:>7} {:>6} {:>6} {:>6}\n",
                name,
                f(sc.f1),
                f(sc.alpha),
                sc.counts.tp,
                sc.counts.fp,
                sc.counts.fn_
            )
        };
        for (l, sc) in &self.labels {
            s.push_str(&row(l.upper(), sc));
        }
        s.push_str(&row("overall", &self.overall));
        s.push_str(&format!(
            "\nSAID_BY    {:>7}   ({} of {} matched claims have the same speakers)\n",
            f(self.said_by.agreement),
            self.said_by.agreeing,
            self.said_by.matched
        ));
        s.push_str(&format!(
            "\n{:<28} {:>9} {:>9} {:>9} {:>9}\n",
            "article (alpha)", "ACTOR", "CLAIM", "LOCATION", "overall"
        ));
        for a in &self.articles {
            let al = |l: Label| f(a.labels.get(&l).and_then(|x| x.alpha));
            s.push_str(&format!(
                "{:<28} {:>9} {:>9} {:>9} {:>9}\n",
                a.article,
                al(Label::Actor),
                al(Label::Claim),
                al(Label::Location),
                f(a.overall.alpha)
            ));
        }
        for (id, who) in &self.partial {
            s.push_str(&format!("not compared: {id} (only in {})\n", who.join(", ")));
        }
        s
    }
}

/// `spanbench agree DIR DIR... [--json]`: exit code (1 when a file could not be read).
pub fn cli_agree(dirs: &[PathBuf], corpus: &[PathBuf], json_out: bool) -> i32 {
    let team = match load::load_team(dirs, corpus) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    for p in &team.problems {
        eprintln!("skipped: {p}");
    }
    if let Some(first) = team.without_text.first() {
        eprintln!(
            "note: {} compared articles ({first}{}) are not in the corpus (--corpus); their length is taken from the spans",
            team.without_text.len(),
            if team.without_text.len() > 1 { ", ..." } else { "" }
        );
    }
    for id in &team.mismatched {
        eprintln!(
            "warning: {id}: the analysts' files were made on different texts, and the text is not in the corpus to re-anchor them"
        );
    }
    for (id, who) in &team.partial {
        eprintln!("not compared: {id} is only in {}", who.join(", "));
    }
    let report = agree(&team);
    if json_out {
        println!("{}", report.to_json());
    } else {
        print!("{}", report.table());
    }
    if team.problems.is_empty() { 0 } else { 1 }
}
