//! The numbers of assets/model/README.md: cross-validation on the seeds, the held-out
//! public dev set, merge policies against the rules alone, the learning curve of online
//! learning, and the reliability of the calibrated scores (the model's, and the final
//! suggestions' with and without the rules' calibration).

use super::calibrate::{Calibration, reliability, reliability_ece};
use super::data::{Example, GoldDoc, gold_tags};
use super::features::prepare;
use super::{Model, decode};
use crate::eval::{Counts, evaluate};
use crate::export::{DocRecord, RecordSpan};
use crate::model::{Annotations, Edit, Label, Origin, Status};
use crate::suggest::rules::Doc;
use crate::suggest::rules_calib::RulesCalibration;
use crate::suggest::{Engine, Policy};
use crate::text::TextIndex;
use std::collections::HashSet;
use std::sync::Arc;

/// A gold article with its text index and training example.
pub struct Prepped {
    pub gold: GoldDoc,
    pub ti: TextIndex,
    pub ex: Example,
}

/// Prepares gold articles: the rules' layers, features and gold tags.
pub fn prepare_docs(docs: Vec<GoldDoc>) -> Vec<Prepped> {
    let rules = Engine::with_model(None);
    docs.into_iter()
        .map(|g| {
            let ti = TextIndex::new(g.text.clone());
            let doc = Doc::new(ti.as_str());
            let (ents, _, sentences) = rules.rule_layers(&doc, &ti);
            let p = prepare(&doc, &rules.gaz, &ents, &sentences);
            let (gold, _) = gold_tags(&doc, &ti, &g.spans);
            let ex = Example {
                id: g.id.clone(),
                p,
                gold,
            };
            Prepped { gold: g, ti, ex }
        })
        .collect()
}

/// The model's spans on one article with their margins, and whether each is right.
pub fn margins(w: &[i32], d: &Prepped) -> Vec<(i64, bool)> {
    let doc = Doc::new(d.ti.as_str());
    let gold: HashSet<(Label, usize, usize)> = d.gold.spans.iter().copied().collect();
    decode(w, &doc, &d.ex.p)
        .into_iter()
        .map(|f| {
            let s = d.ti.char_of_byte(doc.toks[f.a].s);
            let e = d.ti.char_of_byte(doc.toks[f.b - 1].e);
            (f.margin, gold.contains(&(f.label, s, e)))
        })
        .collect()
}

/// The gold record of an article (ACTOR and LOCATION).
pub fn gold_record(d: &Prepped) -> DocRecord {
    DocRecord {
        doc: Some(d.gold.id.clone()),
        spans: d
            .gold
            .spans
            .iter()
            .map(|&(label, start, end)| RecordSpan {
                start,
                end,
                label,
                text: None,
            })
            .collect(),
        ..Default::default()
    }
}

/// The engine's ACTOR and LOCATION suggestions for an article with no annotations.
pub fn predict(engine: &Engine, d: &Prepped) -> DocRecord {
    let ann = Annotations::new(d.gold.id.clone(), "", "");
    DocRecord {
        doc: Some(d.gold.id.clone()),
        spans: engine
            .suggest(&d.ti, &ann)
            .into_iter()
            .filter(|s| s.label != Label::Claim)
            .map(|s| RecordSpan {
                start: s.start,
                end: s.end,
                label: s.label,
                text: None,
            })
            .collect(),
        ..Default::default()
    }
}

/// ACTOR and LOCATION counts of an engine over some articles.
pub fn score(engine: &Engine, docs: &[&Prepped]) -> (Counts, Counts) {
    let gold: Vec<DocRecord> = docs.iter().map(|d| gold_record(d)).collect();
    let pred: Vec<DocRecord> = docs.iter().map(|d| predict(engine, d)).collect();
    let r = evaluate(&gold, &pred);
    (r.get(Label::Actor), r.get(Label::Location))
}

/// The article's gold as a finished annotation file (for learning).
pub fn annotations(d: &Prepped) -> Annotations {
    let mut ann = Annotations::new(d.gold.id.clone(), "", "");
    ann.status = Status::Done;
    let mut spans = d.gold.spans.clone();
    spans.sort_by_key(|s| (s.1, s.2));
    for (label, s, e) in spans {
        if let Ok(span) = ann.new_span(&d.ti, label, s, e, Origin::Imported) {
            let _ = ann.apply(Edit::AddSpan(span));
        }
    }
    ann
}

/// A markdown row: name, then P / R / F1 of ACTOR and LOCATION.
pub fn row(name: &str, a: Counts, l: Counts) -> String {
    format!(
        "| {name} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |\n",
        a.precision(),
        a.recall(),
        a.f1(),
        l.precision(),
        l.recall(),
        l.f1()
    )
}

pub const HEADER: &str = "| | ACTOR P | ACTOR R | ACTOR F1 | LOCATION P | LOCATION R | LOCATION F1 |\n| --- | --- | --- | --- | --- | --- | --- |\n";

/// An engine with these weights and calibration.
pub fn engine_for(w: Vec<i32>, calib: &Calibration, policy: Policy) -> Engine {
    let mut m = Model::from_weights(w);
    m.calib = calib.clone();
    let mut e = Engine::with_model(Some(Arc::new(m)));
    e.set_policy(policy);
    e
}

/// The learning curve: F1 on the seeds not learned from, after learning (online) from
/// 0, 1, 2 and 4 of them, over every rotation of the seeds (counts summed).
pub fn learning_curve(base: Option<(Vec<i32>, Calibration)>, seeds: &[Prepped]) -> String {
    let n = seeds.len();
    let mut s = String::from(
        "| articles learned | engine | ACTOR F1 | LOCATION F1 | micro F1 |\n| --- | --- | --- | --- | --- |\n",
    );
    // The memory's own suggestions (made or relabelled by it) and the ones it confirmed,
    // on the articles not learned: (score, right).
    let (mut made, mut confirmed) = (Vec::new(), Vec::new());
    for k in [0usize, 1, 2, 4] {
        if k >= n {
            continue;
        }
        for with_model in [false, true] {
            let (mut a, mut l) = (Counts::default(), Counts::default());
            for r in 0..n {
                let mut engine = match (&base, with_model) {
                    (Some((w, c)), true) => engine_for(w.clone(), c, crate::suggest::DEFAULT_POLICY),
                    _ => Engine::with_model(None),
                };
                let learned: Vec<usize> = (0..k).map(|j| (r + j) % n).collect();
                for &j in &learned {
                    engine.learn(&seeds[j].ti, &annotations(&seeds[j]));
                }
                let rest: Vec<&Prepped> = (0..n).filter(|i| !learned.contains(i)).map(|i| &seeds[i]).collect();
                let (x, y) = score(&engine, &rest);
                a.add(x);
                l.add(y);
                if k > 0 {
                    for (memory, score, ok) in memory_scored(&engine, &rest) {
                        if memory { &mut made } else { &mut confirmed }.push((score, ok));
                    }
                }
            }
            let mut m = a;
            m.add(l);
            let name = if with_model {
                "model + online + memory"
            } else {
                "rules + memory"
            };
            s.push_str(&format!(
                "| {k} | {name} | {:.3} | {:.3} | {:.3} |\n",
                a.f1(),
                l.f1(),
                m.f1()
            ));
        }
    }
    for (name, v) in [
        ("made or relabelled by the memory (source `memory`)", made),
        ("found by a layer and confirmed by the memory (\"seen Nx\")", confirmed),
    ] {
        let (table, ece) = reliability_ece(&v);
        s.push_str(&format!(
            "\nThe memory's scores on the articles not learned (rows 1, 2 and 4 together), {name}: {} suggestions, ECE {ece:.3}\n\n{table}",
            v.len()
        ));
    }
    s
}

/// The engine's ACTOR and LOCATION suggestions on some articles that the memory made or
/// touched: (made or relabelled by it, score, right).
fn memory_scored(engine: &Engine, docs: &[&Prepped]) -> Vec<(bool, f32, bool)> {
    names_judged(engine, docs)
        .into_iter()
        .filter(|(x, _)| x.source == "memory" || x.why.contains("in this corpus"))
        .map(|(x, ok)| (x.source == "memory", x.score, ok))
        .collect()
}

/// The first sentence start at or after the middle of an article (chars); its length
/// when no sentence starts there.
fn middle(ti: &TextIndex) -> usize {
    let half = ti.len_chars() / 2;
    ti.sentences()
        .into_iter()
        .map(|r| r.start)
        .find(|&s| s >= half)
        .unwrap_or(ti.len_chars())
}

/// Learning from the first half of each article: its gold (spans ending before the
/// middle) imported as an in-progress annotation file and learned, then the engine's
/// suggestions scored on the second half's gold; counts summed over the articles.
pub fn second_half(base: Option<(Vec<i32>, Calibration)>, docs: &[Prepped]) -> String {
    let mut s = String::from(
        "| engine | learned first half | ACTOR F1 | LOCATION F1 | micro F1 |\n| --- | --- | --- | --- | --- |\n",
    );
    let rows: [(&str, bool, bool); 4] = [
        ("rules + memory", false, false),
        ("rules + memory", false, true),
        ("model + online + memory", true, false),
        ("model + online + memory", true, true),
    ];
    for (name, with_model, learn) in rows {
        let (mut a, mut l) = (Counts::default(), Counts::default());
        for d in docs {
            let mut engine = match (&base, with_model) {
                (Some((w, c)), true) => engine_for(w.clone(), c, crate::suggest::DEFAULT_POLICY),
                _ => Engine::with_model(None),
            };
            let mid = middle(&d.ti);
            let mut ann = Annotations::new(d.gold.id.clone(), "", "");
            ann.status = Status::InProgress;
            let mut first: Vec<(Label, usize, usize)> = d.gold.spans.iter().copied().filter(|x| x.2 <= mid).collect();
            first.sort_by_key(|x| (x.1, x.2));
            for (label, st, en) in first {
                if let Ok(span) = ann.new_span(&d.ti, label, st, en, Origin::Imported) {
                    let _ = ann.apply(Edit::AddSpan(span));
                }
            }
            if learn {
                engine.learn(&d.ti, &ann);
            } else {
                ann = Annotations::new(d.gold.id.clone(), "", "");
            }
            let second = |spans: Vec<RecordSpan>| DocRecord {
                doc: Some(d.gold.id.clone()),
                spans: spans.into_iter().filter(|x| x.start >= mid).collect(),
                ..Default::default()
            };
            let gold = second(gold_record(d).spans);
            let pred = second(
                engine
                    .suggest(&d.ti, &ann)
                    .into_iter()
                    .filter(|x| x.label != Label::Claim)
                    .map(|x| RecordSpan {
                        start: x.start,
                        end: x.end,
                        label: x.label,
                        text: None,
                    })
                    .collect(),
            );
            let r = evaluate(&[gold], &[pred]);
            a.add(r.get(Label::Actor));
            l.add(r.get(Label::Location));
        }
        let mut m = a;
        m.add(l);
        let learned = if learn { "yes" } else { "no" };
        s.push_str(&format!(
            "| {name} | {learned} | {:.3} | {:.3} | {:.3} |\n",
            a.f1(),
            l.f1(),
            m.f1()
        ));
    }
    s
}

/// The reliability table of calibrated model scores on some articles.
pub fn reliability_on(w: &[i32], calib: &Calibration, docs: &[&Prepped]) -> String {
    let scored: Vec<(f32, bool)> = docs
        .iter()
        .flat_map(|d| margins(w, d))
        .map(|(m, ok)| (calib.prob(m), ok))
        .collect();
    reliability(&scored)
}

/// The engine's final ACTOR and LOCATION suggestions on some articles (no annotations),
/// each with whether it is right: the gold has that label, start and end.
fn names_judged(engine: &Engine, docs: &[&Prepped]) -> Vec<(crate::suggest::Suggestion, bool)> {
    let mut out = Vec::new();
    for d in docs {
        let gold: HashSet<(Label, usize, usize)> = d.gold.spans.iter().copied().collect();
        let ann = Annotations::new(d.gold.id.clone(), "", "");
        for s in engine.suggest(&d.ti, &ann) {
            if s.label != Label::Claim {
                let ok = gold.contains(&(s.label, s.start, s.end));
                out.push((s, ok));
            }
        }
    }
    out
}

/// [`names_judged`] as (source, score, right).
pub fn final_scored(engine: &Engine, docs: &[&Prepped]) -> Vec<(&'static str, f32, bool)> {
    names_judged(engine, docs)
        .into_iter()
        .map(|(s, ok)| (s.source, s.score, ok))
        .collect()
}

/// The rules alone (no model, `Policy::Rules`) with this calibration of their names.
pub fn rules_engine(calib: Arc<RulesCalibration>) -> Engine {
    let mut e = Engine::with_model(None);
    e.set_policy(Policy::Rules);
    e.set_rules_calibration(calib);
    e
}

/// The rules' calibration fitted on the rules' final suggestions (raw scores) for
/// these articles.
pub fn fit_rules_calibration(docs: &[&Prepped]) -> RulesCalibration {
    let raw = rules_engine(Arc::new(RulesCalibration::default()));
    RulesCalibration::fit(&final_scored(&raw, docs))
}

/// The expected calibration error of an engine's final suggestions on some articles.
pub fn final_ece(engine: &Engine, docs: &[&Prepped]) -> f64 {
    let scored: Vec<(f32, bool)> = final_scored(engine, docs).into_iter().map(|x| (x.1, x.2)).collect();
    reliability_ece(&scored).1
}

/// The report section on the final suggestions: for the rules policy with raw and with
/// calibrated scores, and for the model's policy `with_model`, a reliability table and
/// the ECE each.
pub fn final_reliability(rules_calib: &RulesCalibration, with_model: &Engine, docs: &[&Prepped]) -> String {
    let engines = [
        (
            "rules only, raw scores",
            rules_engine(Arc::new(RulesCalibration::default())),
        ),
        (
            "rules only, calibrated per source",
            rules_engine(Arc::new(rules_calib.clone())),
        ),
        ("default policy (model; reference, unchanged)", with_model.clone()),
    ];
    let mut s = String::new();
    let mut summary = String::from("| final suggestions | count | ECE |\n| --- | --- | --- |\n");
    for (name, e) in engines {
        let scored: Vec<(f32, bool)> = final_scored(&e, docs).into_iter().map(|x| (x.1, x.2)).collect();
        let (table, ece) = reliability_ece(&scored);
        summary.push_str(&format!("| {name} | {} | {ece:.3} |\n", scored.len()));
        s.push_str(&format!("\n{name}: ECE {ece:.3}\n\n{table}"));
    }
    format!("{summary}{s}")
}
