//! Speaker rules on constructed sentences (no names or sentences from the seeds): the
//! subject before an apposition or a relative clause, coordinated reporting verbs, a
//! pronoun's antecedent in subject position, "the council said" referring back to the
//! body named before, an inverted verb that does not reach across a clause, and report
//! nouns that are not verbs.

use spanbench::model::Label;
use spanbench::suggest::Engine;
use spanbench::text::TextIndex;

/// The claims' texts with their speakers' texts.
fn claims(text: &str) -> Vec<(String, Option<String>)> {
    let ti = TextIndex::new(text.to_string());
    Engine::new()
        .suggest_cold(&ti)
        .iter()
        .filter(|s| s.label == Label::Claim)
        .map(|s| {
            (
                ti.slice(s.start, s.end).to_string(),
                s.speaker.map(|(a, b)| ti.slice(a, b).to_string()),
            )
        })
        .collect()
}

fn speakers(text: &str) -> Vec<Option<String>> {
    claims(text).into_iter().map(|c| c.1).collect()
}

#[test]
fn the_subject_before_a_comma_apposition() {
    let text = "Marta Kowalczyk, a spokeswoman for the Polish Red Cross, told reporters that the convoy had reached the border.\n";
    assert_eq!(
        speakers(text),
        [Some("Marta Kowalczyk".to_string())],
        "{:?}",
        claims(text)
    );
}

#[test]
fn the_subject_before_a_dash_apposition() {
    let text =
        "Senator Mark Holloway — the chair of the Senate Budget Committee — told CNN that the vote would be delayed.\n";
    assert_eq!(
        speakers(text),
        [Some("Mark Holloway".to_string())],
        "{:?}",
        claims(text)
    );
}

#[test]
fn the_subject_before_a_relative_clause() {
    let text = "Olga Sergeyevna Ivanova, the head of the Duma committee who earlier said the talks would last a year, resigned on Friday.\n";
    assert_eq!(
        speakers(text),
        [Some("Olga Sergeyevna Ivanova".to_string())],
        "{:?}",
        claims(text)
    );
}

#[test]
fn the_first_person_of_an_apposition_chain_is_the_subject() {
    let text = "In a recording released Monday, Yusuf Karimov, the head of its political wing, the Ansar Front, urged fighters in the north to attack Damascus.\n";
    assert_eq!(
        speakers(text),
        [Some("Yusuf Karimov".to_string())],
        "{:?}",
        claims(text)
    );
}

#[test]
fn coordinated_verbs_share_their_subject() {
    let text = "Marta Kowalczyk described the ceasefire signed by Hassan Nouri as fragile and added that more monitors were needed.\n";
    let c = claims(text);
    assert!(!c.is_empty(), "{c:?}");
    assert!(
        c.iter().all(|x| x.1.as_deref() == Some("Marta Kowalczyk")),
        "both claims belong to the subject of the first verb: {c:?}"
    );
}

#[test]
fn a_pronoun_takes_the_last_subject_not_the_nearest_object() {
    let text = "Kemal Yıldırım rejected the plan put forward by Hassan Nouri on Monday.\n\n“We cannot accept a plan written without us,” he said.\n";
    let c = claims(text);
    let quote = c
        .iter()
        .find(|x| x.0.starts_with("We cannot"))
        .expect("the quote is a claim");
    assert_eq!(quote.1.as_deref(), Some("Kemal Yıldırım"), "{c:?}");
}

#[test]
fn a_definite_body_refers_back_to_the_body_named_before() {
    let text = "The Norwegian Refugee Council published new figures on Monday.\n\nThe council said that 40,000 people had fled the fighting in Marib.\n";
    let c = claims(text);
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].1.as_deref(), Some("Norwegian Refugee Council"), "{c:?}");
}

#[test]
fn a_plural_or_indefinite_source_stays_unnamed() {
    let text = "The Norwegian Refugee Council published new figures on Monday.\n\nOfficials said that 40,000 people had fled the fighting in Marib.\n";
    assert_eq!(speakers(text), [None], "{:?}", claims(text));
}

#[test]
fn a_name_inside_a_hyphenated_modifier_is_not_the_speaker() {
    let text = "The U.S.-led coalition fighting in Syria said the strikes had hit only military targets.\n";
    assert_eq!(speakers(text), [None], "{:?}", claims(text));
}

#[test]
fn report_nouns_after_earlier_or_media_are_not_verbs() {
    let text = "The road to Kherson stayed open on Tuesday despite earlier reports of heavy shelling.\n";
    assert!(claims(text).is_empty(), "{:?}", claims(text));
}

#[test]
fn a_known_body_is_not_the_antecedent_of_he() {
    // "Islamic State" is two capitalised words, shaped like a person's name, but the
    // gazetteers know it as an armed group.
    let text = "Halvard Brekke met the envoys on Monday. Islamic State took the town on Tuesday. \
He said the offensive would fail.\n";
    let c = claims(text);
    let s = c.iter().find(|x| x.0.starts_with("the offensive")).expect("claim");
    assert_eq!(s.1.as_deref(), Some("Halvard Brekke"), "{c:?}");
}
