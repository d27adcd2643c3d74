//! One label per place across an article: a town the analyst tagged with one label in
//! this article keeps it where the rules or the model would give it another, unless it
//! is a country or a national capital (names that also stand for governments), or the
//! corpus has it with the other label too. Sentences written for this test.

use spanbench::model::{Annotations, Edit, Label, Origin};
use spanbench::suggest::{Engine, Suggestion};
use spanbench::text::TextIndex;

const TEXT: &str = "Shelling hit Hama and Damascus on Monday, and Çavuşoğlu’s envoy left Turkey. \
                    Hama warned the rebels. Damascus warned them too. Turkey warned them as well.";

fn tag(ann: &mut Annotations, t: &TextIndex, label: Label, nth_of: (&str, usize)) {
    let (surface, nth) = nth_of;
    let text = t.as_str();
    let byte = text.match_indices(surface).nth(nth).unwrap().0;
    let start = text.char_indices().take_while(|&(i, _)| i < byte).count();
    let end = start + surface.chars().count();
    let sp = ann.new_span(t, label, start, end, Origin::Manual).unwrap();
    ann.apply(Edit::AddSpan(sp)).unwrap();
}

fn label_of(t: &TextIndex, s: &[Suggestion], surface: &str, nth: usize) -> Option<Label> {
    let text = t.as_str();
    let byte = text.match_indices(surface).nth(nth).unwrap().0;
    let start = text.char_indices().take_while(|&(i, _)| i < byte).count();
    s.iter()
        .find(|x| x.start == start && t.slice(x.start, x.end) == surface)
        .map(|x| x.label)
}

/// The first sentence's three places tagged LOCATION, as an analyst at work would.
fn first_sentence_tagged(t: &TextIndex) -> Annotations {
    let mut ann = Annotations::new("a", "a.txt", "");
    for p in ["Hama", "Damascus", "Turkey"] {
        tag(&mut ann, t, Label::Location, (p, 0));
    }
    ann
}

#[test]
fn a_town_tagged_once_keeps_its_label_but_capitals_and_countries_do_not() {
    // The rules alone and the shipped model (the model learns the lesson online too,
    // so what it makes of the capital and the country is its own).
    for (mut e, rules) in [(Engine::with_model(None), true), (Engine::new(), false)] {
        let t = TextIndex::new(TEXT);
        let cold = e.suggest(&t, &Annotations::new("a", "a.txt", ""));
        // Without the lesson, the subjects of "warned" are actors.
        assert_eq!(label_of(&t, &cold, "Hama", 1), Some(Label::Actor), "{cold:?}");
        let ann = first_sentence_tagged(&t);
        e.learn(&t, &ann);
        let s = e.suggest(&t, &ann);
        let hama = s
            .iter()
            .find(|x| label_of(&t, std::slice::from_ref(x), "Hama", 1).is_some());
        assert_eq!(hama.map(|x| x.label), Some(Label::Location), "{s:?}");
        assert!(hama.is_some_and(|x| x.why.contains("never otherwise")), "{hama:?}");
        if rules {
            // A capital and a country stand for their governments: the context decides.
            assert_eq!(label_of(&t, &s, "Damascus", 1), Some(Label::Actor), "{s:?}");
            assert_eq!(label_of(&t, &s, "Turkey", 1), Some(Label::Actor), "{s:?}");
        }
    }
}

#[test]
fn another_articles_lesson_or_a_mixed_corpus_leaves_the_label_to_the_context() {
    let t = TextIndex::new(TEXT);
    // Taught in another article only: this article's context decides.
    let mut e = Engine::with_model(None);
    let other = first_sentence_tagged(&t);
    let mut other = other.clone();
    other.article = "b".into();
    e.learn(&t, &other);
    let s = e.suggest(&t, &Annotations::new("a", "a.txt", ""));
    assert_eq!(label_of(&t, &s, "Hama", 1), Some(Label::Actor), "{s:?}");
    // Taught as LOCATION here and as ACTOR in another article: no single label.
    let mut e = Engine::with_model(None);
    let ann = first_sentence_tagged(&t);
    e.learn(&t, &ann);
    let mut b = Annotations::new("b", "b.txt", "");
    tag(&mut b, &t, Label::Actor, ("Hama", 1));
    e.learn(&t, &b);
    let s = e.suggest(&t, &ann);
    assert_eq!(label_of(&t, &s, "Hama", 1), Some(Label::Actor), "{s:?}");
}
