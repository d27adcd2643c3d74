//! One test per layer of the suggestion engine, on sentences written for these tests
//! (not the seeds).

use spanbench::model::{Annotations, Edit, Label, Origin, Rejected};
use spanbench::suggest::{Engine, Suggestion};
use spanbench::text::TextIndex;

/// The rule layers without the learned model (these tests are about the rules; the
/// model's own behaviour is tested in tests/tagger_*.rs).
fn rules_only() -> Engine {
    Engine::with_model(None)
}

fn run(engine: &Engine, text: &str) -> (TextIndex, Vec<Suggestion>) {
    let t = TextIndex::new(text);
    let ann = Annotations::new("t", "t.txt", "");
    let s = engine.suggest(&t, &ann);
    (t, s)
}

fn has(t: &TextIndex, s: &[Suggestion], label: Label, surface: &str) -> bool {
    s.iter().any(|x| x.label == label && t.slice(x.start, x.end) == surface)
}

fn find<'a>(t: &TextIndex, s: &'a [Suggestion], label: Label, surface: &str) -> Option<&'a Suggestion> {
    s.iter()
        .find(|x| x.label == label && t.slice(x.start, x.end) == surface)
}

#[test]
fn gazetteer_finds_places_bodies_groups_and_agencies_with_reasons() {
    let e = rules_only();
    let (t, s) = run(
        &e,
        "Fighters of Hayat Tahrir al-Sham and the Houthis were named in a report by Xinhua on shipping in the Black Sea near Odesa.",
    );
    assert!(has(&t, &s, Label::Actor, "Hayat Tahrir al-Sham"), "{s:?}");
    assert!(has(&t, &s, Label::Actor, "Houthis"));
    assert!(has(&t, &s, Label::Actor, "Xinhua"));
    assert!(has(&t, &s, Label::Location, "Black Sea"));
    assert!(has(&t, &s, Label::Location, "Odesa"));
    let x = find(&t, &s, Label::Actor, "Xinhua").unwrap();
    assert_eq!(x.why, "gazetteer: news agencies");
    assert!(x.score > 0.0 && x.score <= 1.0);
}

#[test]
fn gazetteer_skips_common_words_nationality_adjectives_and_platforms() {
    let e = rules_only();
    let (t, s) = run(
        &e,
        "Most people posted on YouTube that the Iranian drones were Nice to see, said one man.",
    );
    assert!(
        !s.iter()
            .any(|x| x.label != Label::Claim
                && matches!(t.slice(x.start, x.end), "Most" | "Nice" | "YouTube" | "Iranian")),
        "{s:?}"
    );
}

#[test]
fn names_after_titles_and_organisations() {
    let e = rules_only();
    let (t, s) = run(
        &e,
        "Defence Minister Oleksandr Kravets met spokesman Pieter Van Dam of the Danish Refugee Council. Kravets left.",
    );
    assert!(has(&t, &s, Label::Actor, "Oleksandr Kravets"), "{s:?}");
    assert!(has(&t, &s, Label::Actor, "Pieter Van Dam"));
    assert!(has(&t, &s, Label::Actor, "Danish Refugee Council"));
    // A surname alone later is the same person.
    let later = s
        .iter()
        .find(|x| x.label == Label::Actor && t.slice(x.start, x.end) == "Kravets" && x.start > 60);
    assert!(later.is_some_and(|x| x.why.contains("same person")), "{s:?}");
    // The title stays outside.
    assert!(!s.iter().any(|x| t.slice(x.start, x.end).contains("Minister")));
}

#[test]
fn context_decides_actor_or_location() {
    let e = rules_only();
    let text = "Ankara said it would respond. Talks were held in Ankara. Kenya's Foreign Ministry protested. \
                Sudan's army command said little. Egypt's airspace was closed. U.S. officials met Egypt-based aid groups. \
                The French-led mission left. NAIROBI — Rain fell.";
    let (t, s) = run(&e, text);
    let at = |surface: &str, nth: usize| {
        let b = text.match_indices(surface).nth(nth).unwrap().0;
        let c = t.char_of_byte(b);
        s.iter()
            .find(|x| x.start == c && x.end == c + surface.chars().count() && x.label != Label::Claim)
            .map(|x| x.label)
    };
    assert_eq!(at("Ankara", 0), Some(Label::Actor), "{s:?}");
    assert_eq!(at("Ankara", 1), Some(Label::Location));
    assert_eq!(at("Kenya's Foreign Ministry", 0), Some(Label::Actor));
    assert_eq!(at("Sudan", 0), Some(Label::Actor));
    assert_eq!(at("Egypt", 0), Some(Label::Location));
    assert_eq!(at("U.S.", 0), None, "a country as a modifier is untagged");
    assert_eq!(at("Egypt", 1), Some(Label::Location), "Egypt-based");
    assert_eq!(at("NAIROBI", 0), Some(Label::Location), "dateline");
    assert!(!has(&t, &s, Label::Actor, "French"));
}

#[test]
fn claims_from_quotes_and_reported_speech_with_speakers() {
    let e = Engine::new();
    let text = "“The harbour is mined and nobody can leave,” said Admiral Tomas Berg. \
                Colonel Ana Ruiz insisted the convoy had reached the border crossing safely. \
                The dam was damaged in the night, according to the Associated Press.";
    let (t, s) = run(&e, text);
    let q = find(&t, &s, Label::Claim, "The harbour is mined and nobody can leave").expect("quote claim");
    assert_eq!(q.speaker.map(|(a, b)| t.slice(a, b)), Some("Tomas Berg"));
    let r = find(
        &t,
        &s,
        Label::Claim,
        "the convoy had reached the border crossing safely",
    )
    .expect("reported claim");
    assert_eq!(r.speaker.map(|(a, b)| t.slice(a, b)), Some("Ana Ruiz"));
    assert!(r.why.contains("insisted"));
    let a = find(&t, &s, Label::Claim, "The dam was damaged in the night").expect("according to");
    assert_eq!(a.speaker.map(|(a, b)| t.slice(a, b)), Some("Associated Press"));
}

#[test]
fn claims_one_per_quoted_segment_and_no_scare_quotes() {
    let e = Engine::new();
    let text = "“We are ready to talk,” the minister said, “but not under fire.” \
                The ministry called the plan a “provocation” and moved on.";
    let (t, s) = run(&e, text);
    assert!(has(&t, &s, Label::Claim, "We are ready to talk"), "{s:?}");
    assert!(has(&t, &s, Label::Claim, "but not under fire"));
    assert!(!has(&t, &s, Label::Claim, "provocation"));
}

#[test]
fn memory_teaches_the_corpus_and_rejections_suppress() {
    let mut e = Engine::new();
    let a = TextIndex::new("The Zorvan Collective claimed the attack.");
    let mut ann_a = Annotations::new("a", "a.txt", "");
    let sp = ann_a.new_span(&a, Label::Actor, 4, 21, Origin::Manual).unwrap();
    ann_a.apply(Edit::AddSpan(sp)).unwrap();
    e.learn(&a, &ann_a);
    let b = TextIndex::new("Later the Zorvan Collective denied it. Zorvan Collective fighters left.");
    let ann_b = Annotations::new("b", "b.txt", "");
    let s = e.suggest(&b, &ann_b);
    let hits: Vec<&Suggestion> = s
        .iter()
        .filter(|x| b.slice(x.start, x.end) == "Zorvan Collective")
        .collect();
    assert_eq!(hits.len(), 2, "{s:?}");
    assert!(hits[0].why.contains("seen 1x as ACTOR"), "{hits:?}");
    // Rejecting one occurrence in b suppresses it there for good and lowers the other.
    let mut ann_b2 = ann_b.clone();
    ann_b2.rejected.push(Rejected {
        label: Label::Actor,
        start: hits[0].start,
        end: hits[0].end,
    });
    e.learn(&b, &ann_b2);
    let s2 = e.suggest(&b, &ann_b2);
    let hits2: Vec<&Suggestion> = s2
        .iter()
        .filter(|x| b.slice(x.start, x.end) == "Zorvan Collective")
        .collect();
    assert_eq!(hits2.len(), 1);
    assert!(hits2[0].score < hits[1].score);
    assert!(hits2[0].why.contains("rejected 1x"));
    // Forgetting article a removes its lesson (the rules may still find the name).
    e.forget("a");
    let s3 = e.suggest(&b, &ann_b);
    assert!(!s3.iter().any(|x| x.why.contains("seen")), "{s3:?}");
}

#[test]
fn suggestions_are_deterministic_sorted_and_skip_annotated() {
    let e = Engine::new();
    let text = "Moscow said on Monday that Hezbollah fighters had entered Homs and Hama.";
    let t = TextIndex::new(text);
    let mut ann = Annotations::new("t", "t.txt", "");
    let a = e.suggest(&t, &ann);
    let b = Engine::new().suggest(&t, &ann);
    assert_eq!(a, b);
    assert!(
        a.windows(2)
            .all(|w| (w[0].start, w[0].end, w[0].label) <= (w[1].start, w[1].end, w[1].label))
    );
    let first = a.iter().find(|x| x.label == Label::Actor).unwrap().clone();
    let sp = ann
        .new_span(
            &t,
            first.label,
            first.start,
            first.end,
            Origin::Suggested("context".into()),
        )
        .unwrap();
    ann.apply(Edit::AddSpan(sp)).unwrap();
    let c = e.suggest(&t, &ann);
    assert!(
        !c.iter()
            .any(|x| x.start == first.start && x.end == first.end && x.label == first.label)
    );
    assert_eq!(c.len(), a.len() - 1);
}

#[test]
fn offsets_are_chars_on_non_ascii_text() {
    let e = Engine::new();
    let text = "Şükrü’s “report” — İstanbul: Kremlin said Türkiye’s army command moved troops.";
    let (t, s) = run(&e, text);
    assert!(has(&t, &s, Label::Actor, "Kremlin"), "{s:?}");
    for x in &s {
        assert!(x.end <= t.len_chars());
        assert_eq!(t.slice(x.start, x.end).trim(), t.slice(x.start, x.end));
    }
}

#[test]
fn accept_all_above_a_score_is_one_undo_step_with_speaker_links() {
    use spanbench::suggest::accept_edit;
    let e = Engine::new();
    let t = TextIndex::new("Colonel Ana Ruiz insisted the convoy had reached the border crossing safely.");
    let mut ann = Annotations::new("t", "t.txt", "");
    let s = e.suggest(&t, &ann);
    let chosen: Vec<&Suggestion> = s.iter().filter(|x| x.score >= 0.5).collect();
    assert!(chosen.len() >= 2);
    let before = ann.clone();
    let undo = ann.apply(accept_edit(&ann, &t, &chosen).unwrap()).unwrap();
    assert_eq!(ann.spans.len(), chosen.len());
    assert_eq!(ann.relations.len(), 1, "claim linked to Ana Ruiz");
    assert!(e.suggest(&t, &ann).iter().all(|x| x.score < 0.5));
    ann.apply(undo).unwrap();
    assert_eq!(ann, before);
}

#[test]
fn a_city_before_a_wire_date_is_a_dateline_location() {
    let (t, s) = run(
        &rules_only(),
        "SOCCER RESULTS\n\nMOSCOW 1996-08-30\n\nThe match ended in a draw.",
    );
    let m = find(&t, &s, Label::Location, "MOSCOW").expect("MOSCOW suggested");
    assert!(m.why.contains("dateline"), "{}", m.why);
}
