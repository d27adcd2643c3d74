//! The claims layer on constructed sentences (none from the seeds): every quote style,
//! split and block quotes, each verb frame, pronoun and inverted speakers, no speaker
//! for an unnamed source, no claim for a programme title or a scare quote.

use spanbench::model::Label;
use spanbench::suggest::{Engine, Suggestion};
use spanbench::text::TextIndex;

fn run(text: &str) -> (TextIndex, Vec<Suggestion>) {
    let ti = TextIndex::new(text.to_string());
    let out = Engine::new().suggest_cold(&ti);
    (ti, out)
}

/// The claims' texts with their speakers' texts.
fn claims(text: &str) -> Vec<(String, Option<String>)> {
    let (ti, out) = run(text);
    out.iter()
        .filter(|s| s.label == Label::Claim)
        .map(|s| {
            (
                ti.slice(s.start, s.end).to_string(),
                s.speaker.map(|(a, b)| ti.slice(a, b).to_string()),
            )
        })
        .collect()
}

fn claim_texts(text: &str) -> Vec<String> {
    claims(text).into_iter().map(|c| c.0).collect()
}

const Q: &str = "we will not leave the valley before winter";

#[test]
fn every_quote_style_gives_the_quoted_words() {
    for (open, close) in [
        ("“", "”"),
        ("\"", "\""),
        ("‘", "’"),
        ("''", "''"),
        ("``", "''"),
        ("„", "“"),
        ("«", "»"),
    ] {
        let text = format!("Marta Kowalczyk said: {open}{Q}{close}\n");
        assert_eq!(claim_texts(&text), [Q], "quote style {open}...{close}");
    }
}

#[test]
fn a_split_quote_gives_one_claim_per_segment() {
    let text = "“The bridge will be rebuilt by spring,” Marta Kowalczyk said. “Nobody will stop the work.”\n";
    let c = claims(text);
    let texts: Vec<&str> = c.iter().map(|x| x.0.as_str()).collect();
    assert_eq!(
        texts,
        ["The bridge will be rebuilt by spring", "Nobody will stop the work"]
    );
    assert!(c.iter().all(|x| x.1.as_deref() == Some("Marta Kowalczyk")), "{c:?}");
}

#[test]
fn a_block_quote_gives_one_claim_per_paragraph() {
    let text = "Marta Kowalczyk said:\n\nWe have rebuilt the bridge in four months.\n\nWe will now repair the roads that our trucks need.\n\nThe weather turned cold on Tuesday.\n";
    let t = claim_texts(text);
    assert_eq!(
        t,
        [
            "We have rebuilt the bridge in four months",
            "We will now repair the roads that our trucks need"
        ]
    );
}

#[test]
fn that_clause_frame() {
    let t = claims("Marta Kowalczyk warned on Monday that the dam could break within days.\n");
    assert_eq!(t[0].0, "the dam could break within days");
    assert_eq!(t[0].1.as_deref(), Some("Marta Kowalczyk"));
}

#[test]
fn bare_clause_frame() {
    let t = claim_texts("Marta Kowalczyk said the dam could break within days.\n");
    assert_eq!(t, ["the dam could break within days"]);
}

#[test]
fn to_infinitive_frame() {
    let t = claim_texts("Marta Kowalczyk vowed to rebuild every bridge in the province.\n");
    assert_eq!(t, ["to rebuild every bridge in the province"]);
}

#[test]
fn object_frames() {
    assert_eq!(
        claim_texts("Marta Kowalczyk urged the farmers to leave the valley at once.\n"),
        ["the farmers to leave the valley at once"]
    );
    assert_eq!(
        claim_texts("Marta Kowalczyk called on the farmers to leave the valley at once.\n"),
        ["the farmers to leave the valley at once"]
    );
    assert_eq!(
        claim_texts("Marta Kowalczyk called for an immediate halt to the logging.\n"),
        ["an immediate halt to the logging"]
    );
    assert_eq!(
        claim_texts("Marta Kowalczyk accused the company of poisoning the river.\n"),
        ["the company of poisoning the river"]
    );
    assert_eq!(
        claim_texts("Marta Kowalczyk described the new dam as a danger to every village.\n"),
        ["the new dam as a danger to every village"]
    );
}

#[test]
fn noun_phrase_report() {
    let t = claims(
        "Marta Kowalczyk visited the valley on Monday. Her warning that the dam could break was ignored for weeks.\n",
    );
    let c = t
        .iter()
        .find(|c| c.0.starts_with("the dam could break"))
        .expect("a noun report");
    assert_eq!(c.1.as_deref(), Some("Marta Kowalczyk"));
}

#[test]
fn a_pronoun_speaker_is_the_nearest_earlier_person() {
    let t = claims("Marta Kowalczyk visited the valley on Monday. She said the dam could break within days.\n");
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(t[0].1.as_deref(), Some("Marta Kowalczyk"));
    let (_, out) = run("Marta Kowalczyk visited the valley on Monday. She said the dam could break within days.\n");
    let c = out.iter().find(|s| s.label == Label::Claim).expect("claim");
    assert!(c.why.contains("antecedent of 'she'"), "{}", c.why);
}

#[test]
fn an_inverted_speaker_is_tagged_as_actor() {
    let text = "The dam could break within days, said Tomasz Wierzbicki of the river board.\n";
    let (ti, out) = run(text);
    let c = out.iter().find(|s| s.label == Label::Claim).expect("claim");
    assert_eq!(ti.slice(c.start, c.end), "The dam could break within days");
    let (a, b) = c.speaker.expect("a speaker");
    assert_eq!(ti.slice(a, b), "Tomasz Wierzbicki");
    assert!(
        out.iter()
            .any(|s| s.label == Label::Actor && (s.start, s.end) == (a, b)),
        "the speaker is an ACTOR suggestion"
    );
}

#[test]
fn an_unnamed_source_gets_no_speaker() {
    let t = claims("Marta Kowalczyk visited the valley. Officials said the dam could break within days.\n");
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(t[0].1, None);
    let t = claims("Marta Kowalczyk visited the valley. The dam could break within days, a spokesman said.\n");
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(t[0].1, None);
}

#[test]
fn no_claim_for_a_programme_title_or_a_scare_quote() {
    assert!(claim_texts("Marta Kowalczyk appeared on “Face the Valley” on Sunday evening.\n").is_empty());
    assert!(claim_texts("The so-called “friendly” inspection lasted three hours.\n").is_empty());
}

#[test]
fn not_speech_uses_of_report_verbs() {
    assert!(claim_texts("Anna Berg reported from the valley for ten years.\n").is_empty());
}

#[test]
fn content_stops_before_the_next_clause() {
    let t = claim_texts("Marta Kowalczyk said the dam could break within days; the army moved in.\n");
    assert_eq!(t, ["the dam could break within days"]);
}
