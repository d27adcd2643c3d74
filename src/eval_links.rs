//! Scores SAID_BY links against gold: speaker accuracy over matched claims and relation
//! precision / recall / F1.
//!
//! Claims are paired exactly as CLAIM spans are scored ([`crate::eval::claim_pairs`]:
//! IoU >= 0.5, one-to-one). Over the pairs whose gold claim has a speaker, the speaker
//! is right when the predicted claim's speaker has the gold speaker's start and end; it
//! is "the same person" when it has those of any gold ACTOR mention of the same name:
//! the same words, or the last words of the other ("Warren" for "Steve Warren"). A
//! predicted relation is correct when its claim is paired with a gold claim and its
//! speaker is that gold claim's speaker (exactly, or for the same-person count, a gold
//! ACTOR mention of the same name).

use crate::eval::{Counts, claim_pairs};
use crate::export::{DocRecord, RecordSpan};
use crate::model::Label;
use std::collections::BTreeMap;

/// The link scores of one or more documents (they add up).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinkCounts {
    /// Matched claims whose gold claim has a speaker: the denominator of accuracy.
    pub with_speaker: usize,
    /// ... of which the predicted speaker is the gold speaker span.
    pub speaker_exact: usize,
    /// ... of which it is the gold speaker or another gold mention of the same name.
    pub speaker_same: usize,
    /// Matched claims whose gold claim has no speaker.
    pub without_speaker: usize,
    /// ... of which the prediction links a speaker all the same.
    pub speaker_spurious: usize,
    /// Relations: correct when the claim matches and the speaker is the gold speaker.
    pub relations: Counts,
    /// Relations, counting another gold mention of the speaker's name as correct.
    pub relations_same: Counts,
    /// Relations that are not CLAIM -> ACTOR (either way round) and were left out,
    /// in gold and in the prediction.
    pub ignored_gold: usize,
    pub ignored_pred: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

impl LinkCounts {
    /// Speaker right (exact span) over matched claims with a gold speaker.
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.speaker_exact, self.with_speaker)
    }
    /// Speaker right counting another mention of the same name.
    pub fn same_person_accuracy(&self) -> f64 {
        ratio(self.speaker_same, self.with_speaker)
    }
    pub fn add(&mut self, o: LinkCounts) {
        self.with_speaker += o.with_speaker;
        self.speaker_exact += o.speaker_exact;
        self.speaker_same += o.speaker_same;
        self.without_speaker += o.without_speaker;
        self.speaker_spurious += o.speaker_spurious;
        self.relations.add(o.relations);
        self.relations_same.add(o.relations_same);
        self.ignored_gold += o.ignored_gold;
        self.ignored_pred += o.ignored_pred;
    }

    /// The rows `spanbench eval` prints under its span table (same columns).
    pub fn table(&self) -> String {
        let mut s = self.relations.row("SAID_BY");
        s.push_str(&self.relations_same.row("SAID_BY~"));
        s.push_str(&format!(
            "speaker accuracy {:.3} ({} of {} matched claims with a gold speaker); same person {:.3} ({} of {})\n",
            self.speaker_accuracy(),
            self.speaker_exact,
            self.with_speaker,
            self.same_person_accuracy(),
            self.speaker_same,
            self.with_speaker
        ));
        s.push_str(&format!(
            "speaker linked where gold has none: {} of {} matched claims\n",
            self.speaker_spurious, self.without_speaker
        ));
        s
    }
}

/// The text of span `s` of `rec`: its own "text", else the record's text at its offsets.
fn span_text(rec: &DocRecord, s: &RecordSpan) -> Option<String> {
    if let Some(t) = &s.text {
        return Some(t.clone());
    }
    let text = rec.text.as_deref()?;
    Some(text.chars().skip(s.start).take(s.end.saturating_sub(s.start)).collect())
}

/// Per span index, the speaker indices of its SAID_BY relations (in order), taking
/// relations drawn from the ACTOR to the CLAIM the right way round; the number of
/// relations that are not between a CLAIM and an ACTOR.
fn speakers_of(rec: &DocRecord) -> (Vec<Vec<usize>>, usize) {
    let mut out = vec![Vec::new(); rec.spans.len()];
    let mut ignored = 0;
    for r in &rec.relations {
        let (Some(a), Some(b)) = (rec.spans.get(r.claim), rec.spans.get(r.speaker)) else {
            ignored += 1;
            continue;
        };
        let (c, s) = match (a.label, b.label) {
            (Label::Claim, Label::Actor) => (r.claim, r.speaker),
            (Label::Actor, Label::Claim) => (r.speaker, r.claim),
            _ => {
                ignored += 1;
                continue;
            }
        };
        if !out[c].contains(&s) {
            out[c].push(s);
        }
    }
    (out, ignored)
}

/// Scores the links of one document. `pred` may be absent (no prediction): every gold
/// relation is then missed.
pub fn score_doc_links(gold: &DocRecord, pred: Option<&DocRecord>) -> LinkCounts {
    let mut c = LinkCounts::default();
    let (gspk, ig) = speakers_of(gold);
    c.ignored_gold = ig;
    let gold_rels: usize = gspk.iter().map(Vec::len).sum();
    let Some(pred) = pred else {
        c.relations.fn_ = gold_rels;
        c.relations_same.fn_ = gold_rels;
        return c;
    };
    let (pspk, ip) = speakers_of(pred);
    c.ignored_pred = ip;
    // Predicted speakers per claim offsets (duplicate claims and links merged).
    let mut by_claim: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    for (k, spk) in pspk.iter().enumerate() {
        let key = (pred.spans[k].start, pred.spans[k].end);
        for &j in spk {
            let v = by_claim.entry(key).or_default();
            let at = (pred.spans[j].start, pred.spans[j].end);
            if !v.iter().any(|&x| (pred.spans[x].start, pred.spans[x].end) == at) {
                v.push(j);
            }
        }
    }
    let pred_rels: usize = by_claim.values().map(Vec::len).sum();
    // Gold ACTOR spans by offsets, and their texts for "the same person".
    let gtext: Vec<Option<String>> = gold.spans.iter().map(|s| span_text(gold, s)).collect();
    let gold_actor_at = |(a, b): (usize, usize)| {
        gold.spans
            .iter()
            .position(|s| s.label == Label::Actor && s.start == a && s.end == b)
    };
    let same_text = |g: usize, p: &RecordSpan| -> bool {
        let Some(j) = gold_actor_at((p.start, p.end)) else {
            return false;
        };
        j == g || matches!((&gtext[j], &gtext[g]), (Some(x), Some(y)) if same_name(x, y))
    };
    let exact = |g: usize, p: &RecordSpan| gold.spans[g].start == p.start && gold.spans[g].end == p.end;
    let mut correct = 0;
    let mut correct_same = 0;
    for (gi, pi) in claim_pairs(&gold.spans, &pred.spans) {
        let gs = &gspk[gi];
        let empty = Vec::new();
        let ps = by_claim
            .get(&(pred.spans[pi].start, pred.spans[pi].end))
            .unwrap_or(&empty);
        if gs.is_empty() {
            c.without_speaker += 1;
            if !ps.is_empty() {
                c.speaker_spurious += 1;
            }
            continue;
        }
        c.with_speaker += 1;
        // Accuracy: the claim's first predicted speaker (one claim, one speaker).
        if let Some(&p) = ps.first() {
            let p = &pred.spans[p];
            if gs.iter().any(|&g| exact(g, p)) {
                c.speaker_exact += 1;
            }
            if gs.iter().any(|&g| same_text(g, p)) {
                c.speaker_same += 1;
            }
        }
        // Relations: each gold relation found at most once.
        let mut used = vec![false; gs.len()];
        let mut used_same = vec![false; gs.len()];
        for &p in ps {
            let p = &pred.spans[p];
            if let Some(k) = (0..gs.len()).find(|&k| !used[k] && exact(gs[k], p)) {
                used[k] = true;
                correct += 1;
            }
            if let Some(k) = (0..gs.len()).find(|&k| !used_same[k] && same_text(gs[k], p)) {
                used_same[k] = true;
                correct_same += 1;
            }
        }
    }
    c.relations = Counts {
        tp: correct,
        fp: pred_rels - correct,
        fn_: gold_rels - correct,
    };
    c.relations_same = Counts {
        tp: correct_same,
        fp: pred_rels - correct_same,
        fn_: gold_rels - correct_same,
    };
    c
}

/// Whether two mentions name the same person or body: the same words (case ignored), or
/// the shorter is the last words of the longer ("Warren" and "Steve Warren", "Times" and
/// "New York Times").
fn same_name(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> { s.split_whitespace().map(str::to_lowercase).collect() };
    let (a, b) = (words(a), words(b));
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    !short.is_empty() && long.ends_with(&short)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::RecordRelation;

    fn sp(start: usize, end: usize, label: Label, text: &str) -> RecordSpan {
        RecordSpan {
            start,
            end,
            label,
            text: Some(text.into()),
        }
    }

    fn rec(spans: Vec<RecordSpan>, rels: &[(usize, usize)]) -> DocRecord {
        DocRecord {
            doc: Some("d".into()),
            spans,
            relations: rels
                .iter()
                .map(|&(claim, speaker)| RecordRelation { claim, speaker })
                .collect(),
            ..Default::default()
        }
    }

    /// Gold: two mentions of Lavrov (0..6, 50..56), one of Kirby (80..85); claim A
    /// (10..40) said by the second Lavrov, claim B (60..78) by Kirby, claim C (90..99)
    /// with no speaker.
    fn gold() -> DocRecord {
        rec(
            vec![
                sp(0, 6, Label::Actor, "Lavrov"),
                sp(10, 40, Label::Claim, "a"),
                sp(50, 56, Label::Actor, "Lavrov"),
                sp(60, 78, Label::Claim, "b"),
                sp(80, 85, Label::Actor, "Kirby"),
                sp(90, 99, Label::Claim, "c"),
            ],
            &[(1, 2), (3, 4)],
        )
    }

    #[test]
    fn exact_speaker_and_relation() {
        let g = gold();
        let c = score_doc_links(&g, Some(&g));
        assert_eq!((c.with_speaker, c.speaker_exact, c.speaker_same), (2, 2, 2));
        assert_eq!((c.without_speaker, c.speaker_spurious), (1, 0));
        assert_eq!((c.relations.tp, c.relations.fp, c.relations.fn_), (2, 0, 0));
        assert!((c.relations.f1() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn another_mention_of_the_same_name_counts_only_as_same_person() {
        // Claim A linked to the first "Lavrov" (0..6), with slightly different bounds.
        let p = rec(
            vec![sp(12, 40, Label::Claim, "a"), sp(0, 6, Label::Actor, "Lavrov")],
            &[(0, 1)],
        );
        let c = score_doc_links(&gold(), Some(&p));
        assert_eq!((c.with_speaker, c.speaker_exact, c.speaker_same), (1, 0, 1));
        assert_eq!((c.relations.tp, c.relations.fp, c.relations.fn_), (0, 1, 2));
        assert_eq!(
            (c.relations_same.tp, c.relations_same.fp, c.relations_same.fn_),
            (1, 0, 1)
        );
    }

    #[test]
    fn a_surname_is_the_same_person_as_the_full_name_but_another_name_is_not() {
        assert!(same_name("Warren", "Steve Warren"));
        assert!(same_name("steve  WARREN", "Steve Warren"));
        assert!(same_name("New York Times", "Times"));
        assert!(!same_name("Steve", "Steve Warren"));
        assert!(!same_name("Warren", "Warrens"));
        assert!(!same_name("", "Warren"));
        // Gold: "Steve Warren" (0..12) and the claim said by "Warren" (50..56).
        let g = rec(
            vec![
                sp(0, 12, Label::Actor, "Steve Warren"),
                sp(20, 40, Label::Claim, "a"),
                sp(50, 56, Label::Actor, "Warren"),
            ],
            &[(1, 2)],
        );
        let p = rec(
            vec![sp(20, 40, Label::Claim, "a"), sp(0, 12, Label::Actor, "Steve Warren")],
            &[(0, 1)],
        );
        let c = score_doc_links(&g, Some(&p));
        assert_eq!((c.speaker_exact, c.speaker_same), (0, 1));
    }

    #[test]
    fn wrong_person_unmatched_claim_and_spurious_speaker() {
        let p = rec(
            vec![
                sp(10, 40, Label::Claim, "a"), // A -> Kirby: the wrong person
                sp(80, 85, Label::Actor, "Kirby"),
                sp(200, 220, Label::Claim, "x"), // matches no gold claim
                sp(90, 99, Label::Claim, "c"),   // C has no gold speaker
                sp(50, 56, Label::Actor, "Lavrov"),
            ],
            // The first is drawn from the actor to the claim: turned around.
            &[(1, 0), (2, 4), (3, 4)],
        );
        let c = score_doc_links(&gold(), Some(&p));
        assert_eq!((c.with_speaker, c.speaker_exact, c.speaker_same), (1, 0, 0));
        assert_eq!((c.without_speaker, c.speaker_spurious), (1, 1));
        assert_eq!((c.relations.tp, c.relations.fp, c.relations.fn_), (0, 3, 2));
        assert_eq!(c.ignored_pred, 0);
    }

    #[test]
    fn no_prediction_misses_every_relation_and_bad_relations_are_left_out() {
        let mut g = gold();
        g.relations.push(RecordRelation { claim: 0, speaker: 2 }); // ACTOR -> ACTOR
        let c = score_doc_links(&g, None);
        assert_eq!(c.relations.fn_, 2);
        assert_eq!(c.ignored_gold, 1);
        assert_eq!(c.with_speaker, 0);
        assert_eq!(c.speaker_accuracy(), 0.0);
    }

    #[test]
    fn table_names_speaker_accuracy_and_relation_f1() {
        let g = gold();
        let t = score_doc_links(&g, Some(&g)).table();
        assert!(t.starts_with("SAID_BY "), "{t}");
        assert!(t.contains("speaker accuracy 1.000 (2 of 2"), "{t}");
        assert!(t.contains("same person 1.000"), "{t}");
    }
}
