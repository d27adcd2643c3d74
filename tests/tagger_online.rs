//! Online learning: a decision in one article changes the model's next suggestions in
//! another article of the same corpus (one that shares none of the taught strings, so
//! the string memory cannot be the cause); the learned state does not depend on the
//! order articles are learned in; forgetting an article undoes its lesson.

use spanbench::model::{Annotations, Edit, Label, Origin, Rejected};
use spanbench::suggest::{Engine, Suggestion};
use spanbench::text::TextIndex;

const A: &str = "Talks in Velmora\n\nThe envoy Tarek Osmani met Dunstan Pryce in Velmora on Monday. \
Pryce said the ceasefire held across Northern Ardel. Osmani told reporters the Ardel Front \
had withdrawn from the port of Sivrak.";
const B: &str = "Fighting near Kestov\n\nThe mediator Halim Ruzdi met Corwen Blake in Kestov on Friday. \
Blake said the truce failed across Southern Mirel. Ruzdi told reporters the Mirel Brigade \
had left the port of Ostrava.";

fn names(s: &[Suggestion]) -> Vec<(Label, usize, usize, u32)> {
    s.iter()
        .filter(|x| x.label != Label::Claim)
        .map(|x| (x.label, x.start, x.end, (x.score * 1000.0) as u32))
        .collect()
}

/// Article A as an analyst decided it: every model / rule name in it rejected but
/// "Tarek Osmani" and "Dunstan Pryce", plus hand-made LOCATION "Sivrak".
fn decided(e: &Engine, ti: &TextIndex) -> Annotations {
    let mut ann = Annotations::new("a", "a.txt", "");
    let mut id = 1;
    for s in e.suggest(ti, &ann) {
        if s.label == Label::Claim {
            continue;
        }
        let text = ti.slice(s.start, s.end);
        if text == "Tarek Osmani" || text == "Dunstan Pryce" {
            let mut span = ann.new_span(ti, s.label, s.start, s.end, Origin::Manual).unwrap();
            span.id = id;
            id += 1;
            let _ = ann.apply(Edit::AddSpan(span));
        } else {
            ann.rejected.push(Rejected {
                label: s.label,
                start: s.start,
                end: s.end,
            });
        }
    }
    let at = A.find("Sivrak").unwrap();
    let (s, e2) = (A[..at].chars().count(), A[..at].chars().count() + 6);
    let mut span = ann.new_span(ti, Label::Location, s, e2, Origin::Manual).unwrap();
    span.id = id;
    let _ = ann.apply(Edit::AddSpan(span));
    ann
}

#[test]
fn a_decision_in_one_article_changes_another_articles_suggestions() {
    let mut e = Engine::new();
    assert!(e.model().is_some(), "the shipped model loads");
    let (ta, tb) = (TextIndex::new(A), TextIndex::new(B));
    let empty_b = Annotations::new("b", "b.txt", "");
    let before = names(&e.suggest(&tb, &empty_b));
    let ann = decided(&e, &ta);
    let t0 = std::time::Instant::now();
    e.learn(&ta, &ann);
    eprintln!("learned one article in {:?} (debug build)", t0.elapsed());
    let after = names(&e.suggest(&tb, &empty_b));
    assert_ne!(before, after, "learning from A left B's suggestions unchanged");
    // Forgetting A restores B's suggestions exactly.
    e.forget("a");
    assert_eq!(names(&e.suggest(&tb, &empty_b)), before);
}

#[test]
fn the_learned_state_does_not_depend_on_the_order_of_learning() {
    let base = Engine::new();
    let (ta, tb) = (TextIndex::new(A), TextIndex::new(B));
    let ann_a = decided(&base, &ta);
    let mut ann_b = Annotations::new("b", "b.txt", "");
    let s = B.find("Ostrava").unwrap();
    let span = ann_b.new_span(&tb, Label::Location, s, s + 7, Origin::Manual).unwrap();
    let _ = ann_b.apply(Edit::AddSpan(span));
    let mut e1 = Engine::new();
    e1.learn(&ta, &ann_a);
    e1.learn(&tb, &ann_b);
    let mut e2 = Engine::new();
    e2.learn(&tb, &ann_b);
    e2.learn(&ta, &ann_a);
    // Re-learning an article replaces its lesson rather than adding to it.
    e2.learn(&ta, &ann_a);
    let probe = TextIndex::new("Envoy Mara Quell arrived in Dorvan, officials said.");
    let empty = Annotations::new("p", "p.txt", "");
    assert_eq!(e1.suggest(&probe, &empty), e2.suggest(&probe, &empty));
}

const C: &str = "Talks in Velmora\n\nThe envoy Tarek Osmani met Dunstan Pryce and Halim Ruzdi in Velmora on Monday. \
Pryce said the ceasefire held across Northern Ardel.";

/// An in-progress article with "Tarek Osmani" tagged in its second paragraph, and,
/// if `later`, "Pryce" tagged in the sentence after it.
fn in_progress(ti: &TextIndex, later: bool) -> Annotations {
    let mut ann = Annotations::new("c", "c.txt", "");
    let chars = |needle: &str, from: usize| {
        let at = C[from..].find(needle).unwrap() + from;
        let s = C[..at].chars().count();
        (s, s + needle.chars().count(), at + needle.len())
    };
    let (s, e, _) = chars("Tarek Osmani", 0);
    let mut marks = vec![(s, e)];
    if later {
        let first = C.find(". ").unwrap();
        let (s, e, _) = chars("Pryce", first);
        marks.push((s, e));
    }
    for (id, (s, e)) in marks.into_iter().enumerate() {
        let mut span = ann.new_span(ti, Label::Actor, s, e, Origin::Manual).unwrap();
        span.id = (id + 1) as _;
        let _ = ann.apply(Edit::AddSpan(span));
    }
    ann
}

fn score_of(s: &[Suggestion], ti: &TextIndex, text: &str) -> Option<f32> {
    s.iter()
        .find(|x| x.label != Label::Claim && ti.slice(x.start, x.end) == text)
        .map(|x| x.score)
}

#[test]
fn the_sentence_at_work_teaches_only_its_decisions() {
    let tc = TextIndex::new(C);
    let mut e = Engine::new();
    let cold = e.suggest_cold(&tc);
    let untagged = ["Dunstan Pryce", "Halim Ruzdi", "Velmora"];
    // Only "Tarek Osmani" tagged: the names after it in its sentence are not decided
    // yet, so learning must not teach them as "no name" (they keep their suggestions).
    e.learn(&tc, &in_progress(&tc, false));
    let at_work = e.suggest_cold(&tc);
    // The analyst has moved on to the next sentence: the first one counts as finished,
    // and its untagged names as no names.
    e.learn(&tc, &in_progress(&tc, true));
    let moved_on = e.suggest_cold(&tc);
    for name in untagged {
        let before = score_of(&cold, &tc, name);
        assert!(before.is_some(), "{name} is a cold suggestion");
        assert_eq!(
            score_of(&at_work, &tc, name),
            before,
            "{name} while the sentence is at work"
        );
        assert!(
            score_of(&moved_on, &tc, name).is_none_or(|s| s < before.unwrap_or(0.0)),
            "{name} once the sentence is finished"
        );
    }
}
