//! The context suggester: ACTOR, LOCATION or nothing for each gazetteer hit, from the
//! words around it (prepositions, verbs, possessives, hyphen suffixes, datelines).

use super::gazetteer::{Cat, Gazetteer};
use super::gazetteer_hits::Hit;
use super::lexicon::*;
use super::rules::{Cand, Doc, cand, is_cap};
use crate::model::Label;
use crate::text::{head, sub, tail};

/// Appends a candidate for each gazetteer hit that its context labels.
pub fn classify_hits(doc: &Doc, gaz: &Gazetteer, hits: &[Hit], out: &mut Vec<Cand>) {
    let text = doc.text;
    let mut gi = 0;
    while gi < hits.len() {
        // A coordinated group: "Hama, Homs, Latakia and Idlib", "the EU, Russia and the US".
        let mut gj = gi;
        while gj + 1 < hits.len() {
            let between = sub(text, hits[gj].1, hits[gj + 1].0);
            let bt = between.trim();
            if matches!(
                bt,
                "," | "and" | ", and" | "or" | "and the" | ", the" | ", and the" | "or the"
            ) {
                gj += 1;
            } else {
                break;
            }
        }
        let first_tok = hits[gi].3;
        let last_end = hits[gj].1;
        for (s, e, cat, ti) in hits[gi..=gj].iter().copied() {
            let (s2, e2) = if gi == gj { (s, e) } else { (hits[gi].0, last_end) };
            let _ = s2;
            if let Some(c) = classify(doc, gaz, s, e, cat, ti, first_tok, e2) {
                out.push(c);
            }
        }
        gi = gj + 1;
    }
}

/// ACTOR, LOCATION or nothing for one gazetteer hit, by its context.
#[allow(clippy::too_many_arguments)]
fn classify(
    doc: &Doc,
    gaz: &Gazetteer,
    s: usize,
    e: usize,
    cat: Cat,
    ti: usize,
    group_first: usize,
    group_end: usize,
) -> Option<Cand> {
    let text = doc.text;
    let toks = &doc.toks;
    let name = cat.name();
    let actor = |why: String, sc: f32| Some(cand(Label::Actor, s, e, sc, why, "context"));
    let loc = |why: String, sc: f32| Some(cand(Label::Location, s, e, sc, why, "context"));
    match cat {
        Cat::Platform | Cat::DemonymAdj => return None,
        Cat::Water => return loc(["gazetteer: ", name].concat(), 0.85),
        Cat::DemonymPl => {
            let p = ti.checked_sub(1).map(|p| doc.w(p)).unwrap_or("");
            if matches!(
                p,
                "targeting" | "killing" | "killed" | "wounding" | "against" | "of" | "kill" | "target"
            ) {
                return None;
            }
            return Some(cand(
                Label::Actor,
                s,
                e,
                0.55,
                ["gazetteer: ", name].concat(),
                "gazetteer",
            ));
        }
        c if c.is_actor() => {
            return Some(cand(
                Label::Actor,
                s,
                e,
                0.85,
                ["gazetteer: ", name].concat(),
                "gazetteer",
            ));
        }
        _ => {}
    }
    // Places: countries, regions, divisions, cities.
    let after_tok = doc.tok_at(e);
    let prev_i = group_first.checked_sub(1);
    let prev = prev_i.map(|p| doc.w(p)).unwrap_or("");
    let prev2 = prev_i.and_then(|p| p.checked_sub(1)).map(|p| doc.w(p)).unwrap_or("");
    // Hyphen: "U.S.-led" / "Britain-based" / "pro-Assad".
    if tail(text, e).starts_with('-') {
        let k = after_tok + 1;
        if k < toks.len() {
            let suf = doc.w(k);
            if inn(ACTOR_SUFFIXES, suf) {
                return actor(["'", sub(text, s, e), "-", suf, "'"].concat(), 0.8);
            }
            if inn(PLACE_SUFFIXES, suf) {
                return loc(["'", sub(text, s, e), "-", suf, "'"].concat(), 0.8);
            }
        }
    }
    if s > 0 && head(text, s).ends_with('-') {
        let before = head(text, s - 1)
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        if matches!(before.to_lowercase().as_str(), "pro" | "anti") {
            return actor(["'", before, "-'"].concat(), 0.75);
        }
    }
    // Dateline: "DAMASCUS —" at a paragraph start, in capitals.
    if toks[ti].nl && sub(text, s, e).chars().all(|c| !c.is_lowercase()) {
        let rest = tail(text, e).trim_start_matches([' ', ',']);
        if rest.starts_with(['—', '–', '-', '(']) || tail(text, e).starts_with(',') || dated(rest) {
            return loc("dateline".into(), 0.9);
        }
    }
    // Possessive: "Turkey's airspace" (place) / "Syria's army command" (actor).
    if after_tok < toks.len() && doc.is_possessive_at(after_tok) {
        let k = after_tok + 2;
        let next = if k < toks.len() { doc.w(k) } else { "" };
        if inn(POSSESSED_PLACES, next) {
            return loc(["possessive of a place: '", next, "'"].concat(), 0.7);
        }
        if is_cap(next) {
            // "Russia's Defense Ministry" (one actor), "Russia's Embassy" (a place), "Turkey's President".
            let mut j = k;
            while j + 1 < toks.len() && toks[j + 1].word && toks[j + 1].sp && is_cap(doc.w(j + 1)) {
                j += 1;
            }
            let head = doc.w(j);
            if inn(PLACE_HEADS, head) {
                return Some(cand(
                    Label::Location,
                    s,
                    toks[j].e,
                    0.75,
                    ["possessive + '", head, "'"].concat(),
                    "context",
                ));
            }
            if inn(ORG_HEADS, head) || matches!(head, "Ministry" | "Forces" | "Army") {
                return Some(cand(
                    Label::Actor,
                    s,
                    toks[j].e,
                    0.8,
                    ["possessive + '", head, "'"].concat(),
                    "context",
                ));
            }
            if inn(TITLES, head) || inn(TITLES, next) {
                return actor(["country in a title: '", next, "'"].concat(), 0.75);
            }
        }
        return actor(["possessive: '", next, "'"].concat(), 0.7);
    }
    let next_i = doc.tok_at(group_end);
    let next = if next_i < toks.len() { doc.w(next_i) } else { "" };
    let next_is_word = next_i < toks.len() && toks[next_i].word && toks[next_i].sp;
    if next_is_word && inn(MODIFIED_NOUNS, next) && gaz_is_country_like(cat) {
        return None;
    }
    // "Foreign Minister of Turkey", "the president of the Russian Federation", "the
    // governments of France, Germany": a title or an organ of the state.
    let prev3 = prev_i.and_then(|p| p.checked_sub(2)).map(|p| doc.w(p)).unwrap_or("");
    let of_head = match (prev, prev2) {
        ("of", h) => h,
        ("the", "of") => prev3,
        _ => "",
    };
    if !of_head.is_empty() && (is_title_word(of_head) || is_organ_word(of_head)) {
        return actor(["state in '", of_head, " of'"].concat(), 0.75);
    }
    // "relations between Turkey and Russia", "the ambassador to Turkey".
    if prev == "between" && inn(RELATION_NOUNS, &prev2.to_lowercase()) {
        return actor(["'", prev2, " between'"].concat(), 0.7);
    }
    if prev == "to" && inn(ACCREDITED, prev2) {
        return actor(["'", prev2, " to'"].concat(), 0.7);
    }
    if prev == "for"
        && matches!(
            prev2,
            "bound" | "headed" | "heading" | "destined" | "left" | "leaving" | "route"
        )
    {
        return loc(["'", prev2, " for'"].concat(), 0.75);
    }
    if prev == "the" && matches!(prev2, "by" | "with" | "against") {
        return actor(["after '", prev2, " the'"].concat(), 0.7);
    }
    if inn(LOC_PREPS, prev)
        || (inn(LOC_PREPS, prev2)
            && matches!(
                prev,
                "the" | "northern" | "southern" | "eastern" | "western" | "central"
            ))
    {
        return loc(["after '", prev, "' (gazetteer: ", name, ")"].concat(), 0.8);
    }
    // A town with a copula is described, not acting: "Raqqa is considered ...",
    // "Darayya has been cut off" (a country with one may be a state: left to the verbs).
    let town = matches!(cat, Cat::City | Cat::Admin1);
    if town && next_is_word && matches!(next, "is" | "was" | "were" | "are" | "has" | "had" | "have" | "remains") {
        return loc(["place + '", next, "'"].concat(), 0.65);
    }
    // "strikes on Hama, Homs and Idlib": a town after "on" is a target, not addressed.
    if town
        && prev == "on"
        && !matches!(
            prev2,
            "called" | "calls" | "calling" | "call" | "pressure" | "pressures"
        )
    {
        return loc(["after '", prev, "' (gazetteer: ", name, ")"].concat(), 0.7);
    }
    if next_is_word
        && (inn(AGENT_VERBS, next)
            || (next.ends_with("ed") && next.len() > 4 && next.chars().all(|c| c.is_lowercase())))
    {
        return actor(["acts: '", sub(text, s, e), " ", next, "'"].concat(), 0.8);
    }
    if matches!(prev, "for" | "on" | "urged" | "called") && next == "to" {
        return actor(["'", prev, " ... to'"].concat(), 0.7);
    }
    // "the border with Venezuela": a place related to another, not a partner.
    if prev == "with" && inn(PLACE_RELATIONS, prev2) {
        return loc(["'", prev2, " with'"].concat(), 0.75);
    }
    // "telling Beijing to stop", "moved to check China": a state addressed as an agent.
    if prev_i.is_some_and(|p| toks[p].word) && inn(ADDRESSEE_VERBS, prev) {
        return actor(["addressed: '", prev, "'"].concat(), 0.7);
    }
    if inn(ACTOR_PREPS, prev) {
        return actor(["after '", prev, "'"].concat(), 0.65);
    }
    if next_is_word && next.chars().next().is_some_and(|c| c.is_lowercase()) {
        if inn(PLACE_TOPICS, next) {
            return loc(["place + '", next, "'"].concat(), 0.7);
        }
        if matches!(
            next,
            "and"
                | "or"
                | "as"
                | "but"
                | "because"
                | "since"
                | "when"
                | "while"
                | "after"
                | "before"
                | "on"
                | "in"
                | "at"
                | "for"
                | "with"
                | "to"
                | "by"
                | "from"
                | "over"
                | "against"
                | "into"
                | "near"
                | "during"
                | "under"
                | "until"
                | "via"
        ) {
            return loc(["gazetteer: ", name].concat(), 0.6);
        }
        // A modifier: "U.S. officials", "Russia jets".
        return None;
    }
    let _ = gaz;
    loc(["gazetteer: ", name].concat(), 0.6)
}

/// A title, written in any case ("President", "president", "Minister").
fn is_title_word(w: &str) -> bool {
    if inn(TITLES, w) {
        return true;
    }
    let mut c = w.chars();
    match c.next() {
        Some(f) if f.is_lowercase() => inn(TITLES, &format!("{}{}", f.to_uppercase(), c.as_str())),
        _ => false,
    }
}

/// A lower-case organ of a state, singular or plural ("government", "governments").
fn is_organ_word(w: &str) -> bool {
    inn(ORGANS, w) || w.strip_suffix('s').is_some_and(|s| inn(ORGANS, s))
}

fn gaz_is_country_like(cat: Cat) -> bool {
    matches!(cat, Cat::Country | Cat::City | Cat::Admin1)
}

/// Whether the rest of a dateline's line is a date alone, as wire services write it
/// ("MOSCOW 1996-08-30", "SEOUL 30/08/1996").
pub(super) fn dated(rest: &str) -> bool {
    let line = rest.split('\n').next().unwrap_or("").trim_end();
    line.starts_with(|c: char| c.is_ascii_digit())
        && line.len() <= 12
        && line.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.'))
}

#[cfg(test)]
mod tests {
    use crate::model::Label;
    use crate::suggest::rules::tagged;

    fn label_of(text: &str, surface: &str) -> Option<Label> {
        tagged(text).into_iter().find(|(_, s)| s == surface).map(|(l, _)| l)
    }

    #[test]
    fn a_place_after_a_locative_preposition_is_a_location() {
        assert_eq!(
            label_of("Floods were reported in Peru on Sunday.", "Peru"),
            Some(Label::Location)
        );
    }

    #[test]
    fn a_country_that_acts_is_an_actor() {
        assert_eq!(
            label_of("On Monday Peru imposed new tariffs.", "Peru"),
            Some(Label::Actor)
        );
    }

    #[test]
    fn hyphen_suffixes_decide() {
        assert_eq!(label_of("a Kenya-led force", "Kenya"), Some(Label::Actor));
        assert_eq!(label_of("a Kenya-based charity", "Kenya"), Some(Label::Location));
    }

    #[test]
    fn a_country_modifying_a_noun_is_left_untagged() {
        assert_eq!(label_of("Chile officials declined to comment.", "Chile"), None);
    }

    #[test]
    fn possessives_decide() {
        assert_eq!(label_of("It entered Chile's airspace.", "Chile"), Some(Label::Location));
        assert_eq!(
            label_of("He spoke of Chile's army command.", "Chile"),
            Some(Label::Actor)
        );
    }

    #[test]
    fn a_state_addressed_by_a_verb_is_an_actor() {
        assert_eq!(
            label_of("The envoy kept telling Lima to wait.", "Lima"),
            Some(Label::Actor)
        );
        assert_eq!(
            label_of("Allies moved quickly to check Peru in the talks.", "Peru"),
            Some(Label::Actor)
        );
    }

    #[test]
    fn a_border_with_a_country_is_a_place_but_talks_with_it_an_actor() {
        assert_eq!(
            label_of("Ecuador closed its border with Peru overnight.", "Peru"),
            Some(Label::Location)
        );
        assert_eq!(
            label_of("Ecuador held talks with Peru overnight.", "Peru"),
            Some(Label::Actor)
        );
    }

    #[test]
    fn a_capital_that_speaks_is_an_actor() {
        assert_eq!(
            label_of("Late on Monday, Lima said it would respond.", "Lima"),
            Some(Label::Actor)
        );
    }

    #[test]
    fn a_country_in_a_title_or_an_organ_is_the_state() {
        assert_eq!(
            label_of("He met the Foreign Minister of Peru on Monday.", "Peru"),
            Some(Label::Actor)
        );
        assert_eq!(
            label_of("A letter reached the president of Chile today.", "Chile"),
            Some(Label::Actor)
        );
        assert_eq!(
            label_of("The governments of Peru and Chile agreed.", "Chile"),
            Some(Label::Actor)
        );
        // A place "of" something else stays a place.
        assert_eq!(
            label_of("It hit the north of Peru on Monday.", "Peru"),
            Some(Label::Location)
        );
    }

    #[test]
    fn states_in_a_relation_are_actors_and_towns_on_a_road_places() {
        assert_eq!(
            label_of("Relations between Peru and Chile soured.", "Chile"),
            Some(Label::Actor)
        );
        assert_eq!(
            label_of("The road between Lima and Cusco was cut.", "Cusco"),
            Some(Label::Location)
        );
    }

    #[test]
    fn an_ambassador_to_a_country_is_sent_to_the_state() {
        assert_eq!(
            label_of("The ambassador to Peru was summoned.", "Peru"),
            Some(Label::Actor)
        );
    }

    #[test]
    fn towns_described_or_struck_are_places() {
        assert_eq!(
            label_of("Only Cusco is considered safe.", "Cusco"),
            Some(Label::Location)
        );
        assert_eq!(
            label_of("Jets carried out strikes on Cusco at dawn.", "Cusco"),
            Some(Label::Location)
        );
    }

    #[test]
    fn a_country_before_an_irregular_verb_acts_and_one_before_by_is_tagged() {
        assert_eq!(
            label_of("Pakistan met Japan on Friday.", "Pakistan"),
            Some(Label::Actor)
        );
        assert_eq!(
            label_of("Japan beat Pakistan by seven runs on Friday.", "Pakistan"),
            Some(Label::Location)
        );
        // A noun after the name still makes it a modifier, left untagged.
        assert_eq!(label_of("Nepal jets flew over the valley.", "Nepal"), None);
    }
}
