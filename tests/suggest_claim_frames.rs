//! More claim shapes on constructed text (nothing from the seeds): headlines with a
//! source or a present-tense verb, "what X called Y", progressive reporting verbs,
//! content that stops before a narrator's participle clause or a colon and quote, and
//! block quotes that go on in the present tense.

use spanbench::model::Label;
use spanbench::suggest::Engine;
use spanbench::text::TextIndex;

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

fn texts(text: &str) -> Vec<String> {
    claims(text).into_iter().map(|c| c.0).collect()
}

#[test]
fn a_headline_with_a_source_before_a_colon() {
    let text = "UN Envoy: Aid Convoys Blocked Near Marib For Third Week\n\nThe convoys were stopped on Monday.\n";
    assert_eq!(texts(text), ["Aid Convoys Blocked Near Marib For Third Week"]);
}

#[test]
fn a_headline_label_is_not_a_source() {
    let text =
        "UPDATE 1700 GMT: Talks resume in Geneva after a pause\n\nPHOTO: Delegates arrive at the Palais des Nations\n";
    assert!(texts(text).is_empty(), "{:?}", claims(text));
}

#[test]
fn a_headline_with_a_present_tense_reporting_verb() {
    let text =
        "Foreign Minister Kemal Arslan Says Turkey Will Not Accept New Refugee Wave\n\nMore details followed later.\n";
    let c = claims(text);
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].0, "Turkey Will Not Accept New Refugee Wave");
    assert_eq!(c[0].1.as_deref(), Some("Kemal Arslan"));
    let bare = "Rebels Claim Capture of Hill Near Kherson\n\nNo one confirmed it.\n";
    assert_eq!(texts(bare), ["Capture of Hill Near Kherson"]);
}

#[test]
fn what_x_called_y_is_a_claim_of_x() {
    let text = "Protesters marched on the embassy in what Foreign Minister Pavel Novak called an attack on the sovereignty of the republic.\n";
    let c = claims(text);
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].0, "an attack on the sovereignty of the republic");
    assert_eq!(c[0].1.as_deref(), Some("Pavel Novak"));
}

#[test]
fn a_progressive_reporting_verb_reports() {
    let text = "Rebels are claiming that they have taken the airport south of Idlib.\n";
    assert_eq!(texts(text), ["they have taken the airport south of Idlib"]);
    let passive = "Several officers were reported killed in the attack on the base.\n";
    assert!(
        texts(passive).iter().all(|c| !c.starts_with("killed")),
        "{:?}",
        claims(passive)
    );
}

#[test]
fn the_content_stops_before_a_narrators_participle_clause() {
    let text = "The army claimed that it had retaken the village, showing footage of soldiers in the square.\n";
    assert_eq!(texts(text), ["it had retaken the village"]);
    let inside = "The ministry said that all allies would be defended, including Estonia.\n";
    assert_eq!(texts(inside), ["all allies would be defended, including Estonia"]);
}

#[test]
fn the_content_stops_at_a_colon_before_a_quote() {
    let text = "A commander of the brigade said fighters entered the town at dawn: “The clashes are inside the streets now.”\n";
    let t = texts(text);
    assert!(t.contains(&"fighters entered the town at dawn".to_string()), "{t:?}");
}

#[test]
fn a_block_quote_goes_on_while_it_speaks_in_the_present() {
    let text = "The secretary general of the alliance, Ingrid Dahl, said:\n\n\
        This is a serious violation of the airspace of a member state.\n\n\
        It is unacceptable to violate the borders of another country and this must not happen again.\n\n\
        The meeting ended after two hours and the delegates left the building.\n";
    let t = texts(text);
    assert_eq!(
        t,
        [
            "This is a serious violation of the airspace of a member state",
            "It is unacceptable to violate the borders of another country and this must not happen again"
        ],
        "{:?}",
        claims(text)
    );
}

#[test]
fn a_relative_clause_after_a_report_noun_is_not_its_content() {
    let text = "From all the reports that I have read, the city was well prepared for the storm.\n";
    assert!(texts(text).is_empty(), "{:?}", claims(text));
    let content = "Officials dismissed his warning that the dam would burst before the spring.\n";
    let t = texts(content);
    assert!(
        t.iter().any(|c| c.starts_with("the dam would burst")),
        "{:?}",
        claims(content)
    );
}

#[test]
fn content_in_an_opening_subordinate_clause_ends_at_its_comma() {
    let text = "While the governor said the curfew would end on Friday, police closed the bridge.\n\n\
However, when asked whether the talks would resume, the envoy declined to answer.\n";
    let t = texts(text);
    assert!(t.contains(&"the curfew would end on Friday".to_string()), "{t:?}");
    assert!(t.contains(&"whether the talks would resume".to_string()), "{t:?}");
}

#[test]
fn content_stops_before_the_narrators_frame_or_a_new_main_clause() {
    let text = "The mayor said the water was safe to drink, in an interview with a local radio station.\n\n\
Two aides said the meeting had gone badly on the condition of anonymity.\n\n\
He said he was too nervous to ask a question, the man ended up on the stage anyway.\n";
    let t = texts(text);
    for want in [
        "the water was safe to drink",
        "the meeting had gone badly",
        "he was too nervous to ask a question",
    ] {
        assert!(t.contains(&want.to_string()), "{want:?} not in {t:?}");
    }
}

#[test]
fn a_list_or_a_condition_inside_the_content_does_not_end_it() {
    let text = "The minister said Peru, Chile and Bolivia opposed the plan.\n\n\
The senator said if he won, the party would unite behind him.\n";
    let t = texts(text);
    assert!(
        t.contains(&"Peru, Chile and Bolivia opposed the plan".to_string()),
        "{t:?}"
    );
    assert!(
        t.contains(&"if he won, the party would unite behind him".to_string()),
        "{t:?}"
    );
}

#[test]
fn suggest_and_propose_take_their_content_directly() {
    let text = "She strongly suggested they should drop out of the race.\n\n\
The council has proposed taxing carbon emissions at a higher rate.\n";
    let t = texts(text);
    assert!(t.contains(&"they should drop out of the race".to_string()), "{t:?}");
    assert!(
        t.contains(&"taxing carbon emissions at a higher rate".to_string()),
        "{t:?}"
    );
}
