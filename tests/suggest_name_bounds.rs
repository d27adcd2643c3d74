//! The shipped engine (model and rules merged as shipped) keeps long names whole where
//! the model alone cuts them: hyphenated syllables, middle initials, organisation names
//! joined by "and" / "in", and it leaves titles and generic plurals out. The sentences
//! carry the error classes of the suggestion issue (the names are public figures and
//! bodies, none of them in the seeds).

use spanbench::model::{Annotations, Label};
use spanbench::suggest::{Engine, Policy, Suggestion};
use spanbench::text::TextIndex;

const TEXT: &str = "Analysts said Kim Jong-un would not attend. Otto F. Warmbier died after his release, \
and Donald J. Trump blamed the North. Mullah Mohammad Omar led the Taliban for years.\n\n\
The State Law and Order Restoration Council ruled Myanmar until 1997. The United Nations \
Assistance Mission in Afghanistan counted the dead. Witnesses said the shelling went on.";

fn run(e: &Engine) -> (TextIndex, Vec<Suggestion>) {
    let t = TextIndex::new(TEXT);
    let s = e.suggest(&t, &Annotations::new("t", "t.txt", ""));
    (t, s)
}

fn actors(t: &TextIndex, s: &[Suggestion]) -> Vec<String> {
    s.iter()
        .filter(|x| x.label == Label::Actor)
        .map(|x| t.slice(x.start, x.end).to_string())
        .collect()
}

#[test]
fn long_names_stay_whole_and_titles_and_generic_plurals_stay_out() {
    let (t, s) = run(&Engine::new());
    let a = actors(&t, &s);
    for want in [
        "Kim Jong-un",
        "Otto F. Warmbier",
        "Donald J. Trump",
        "Mohammad Omar",
        "State Law and Order Restoration Council",
        "United Nations Assistance Mission in Afghanistan",
    ] {
        assert!(a.iter().any(|x| x == want), "{want:?} missing: {a:?}");
    }
    for not in [
        "Analysts",
        "Witnesses",
        "Mullah Mohammad Omar",
        "Kim Jong",
        "Otto F",
        "State Law",
    ] {
        assert!(!a.iter().any(|x| x == not), "{not:?} suggested: {a:?}");
    }
    // A rule name that replaced model spans says so.
    let slorc = s
        .iter()
        .find(|x| t.slice(x.start, x.end) == "State Law and Order Restoration Council")
        .expect("found");
    assert!(slorc.score > 0.0 && slorc.score <= 1.0);
}

#[test]
fn the_merge_is_what_keeps_them_whole() {
    // The same model with its spans alone: at least one of the long names is cut, so
    // the test above depends on the merge (if the model learns them all, this test says
    // so and can go).
    let mut e = Engine::new();
    e.set_policy(Policy::Model);
    let (t, s) = run(&e);
    let a = actors(&t, &s);
    let whole = [
        "State Law and Order Restoration Council",
        "Kim Jong-un",
        "Otto F. Warmbier",
    ];
    assert!(whole.iter().any(|w| !a.iter().any(|x| x == w)), "{a:?}");
}

/// Wire layouts the model's training articles do not show: a dateline in capitals and a
/// results line keep their rule names in the shipped engine; "Inc." keeps its period.
#[test]
fn datelines_results_lines_and_firm_periods_survive_the_merge() {
    let text = "Late goal lifts Talvikki .\nVARNAKOVO , Maredia 2024-05-01\n\
Talvikki beat Norvik on Sunday. The win lifted Korvanen Holdings Inc. on Monday.\n\
Norvik 1 Talvikki 2\nSüleymanköy 2 Harjula 0\n";
    let t = TextIndex::new(text);
    let s = Engine::new().suggest(&t, &Annotations::new("t", "t.txt", ""));
    let has = |label: Label, surface: &str| s.iter().any(|x| x.label == label && t.slice(x.start, x.end) == surface);
    let all: Vec<(Label, &str)> = s.iter().map(|x| (x.label, t.slice(x.start, x.end))).collect();
    assert!(has(Label::Location, "VARNAKOVO"), "{all:?}");
    assert!(has(Label::Actor, "Süleymanköy"), "{all:?}");
    assert!(has(Label::Actor, "Harjula"), "{all:?}");
    assert!(has(Label::Actor, "Korvanen Holdings Inc."), "{all:?}");
}
