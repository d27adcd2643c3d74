//! Merging the model's names with the rules' names: where the rules found a longer
//! name that holds one or more of the model's spans and adds only what joins a name's
//! parts ("State Law and Order Restoration Council" over "State Law" and "Order
//! Restoration Council", "Kim Jong-un" over "Kim Jong", "Otto F. Warmbier" over "Otto
//! F"), the rules' boundaries win; everywhere else the model's spans stay as they are.

use super::gazetteer::Gazetteer;
use super::lexicon::{self as lx};
use super::rules::{Cand, cand};
use crate::model::Label;
use crate::text::sub;

/// Whether the text a rule name adds around or between the model's spans only joins
/// their parts: joiner words ("of", "and"), name particles ("al", "bin"), hyphen-joined
/// pieces ("-un"), and the period of an initial with the name after it (". Warmbier"
/// after "Otto F"). `before` is the model span's text just before the gap ("" at the
/// start). A title, a possessive, a comma or another capitalised word is not a joiner.
fn joins(gap: &str, before: &str) -> bool {
    let mut after_initial = false;
    let mut after_particle = false;
    let mut ends_initial = {
        let mut rev = before.chars().rev();
        matches!((rev.next(), rev.next()), (Some(c), p) if c.is_uppercase() && !p.is_some_and(char::is_alphanumeric))
    };
    for piece in gap.split_whitespace() {
        let ok = if piece == "." && ends_initial {
            after_initial = true;
            ends_initial = false;
            continue;
        } else if after_initial || after_particle {
            piece.chars().next().is_some_and(char::is_uppercase) && piece.chars().all(char::is_alphabetic)
        } else if is_hyphen(piece.chars().next()) || is_hyphen(piece.chars().last()) {
            // Glued pieces of a hyphenated word: "-un", "-ur-", "-Sharman".
            piece.chars().all(|c| c.is_alphabetic() || is_hyphen(Some(c)))
        } else if lx::is_particle(piece) && piece.chars().next().is_some_and(char::is_uppercase) {
            // A capitalised particle and the name after it: "James Alfred Van Allen".
            after_particle = true;
            continue;
        } else {
            lx::NAME_JOINERS.contains(piece) || lx::PARTICLES.contains(piece)
        };
        if !ok {
            return false;
        }
        after_initial = false;
        after_particle = false;
        ends_initial = false;
    }
    !after_initial && !after_particle
}

fn is_hyphen(c: Option<char>) -> bool {
    matches!(c, Some('-' | '‐' | '‑'))
}

/// The model's names (`found`), with each rule name (`ents`) that strictly holds model
/// spans, all of them inside it and at least one of its label, in their place. The
/// rule span keeps the best model score among those it replaces (the model's calibrated
/// probability) and says why. Both inputs sorted by start and disjoint; so is the
/// output. Linear.
pub fn rule_bounds(src: &str, found: Vec<Cand>, ents: &[Cand]) -> Vec<Cand> {
    if ents.is_empty() || found.is_empty() {
        return found;
    }
    let mut drop = vec![false; found.len()];
    let mut put = Vec::new();
    let mut lo = 0;
    for r in ents
        .iter()
        .filter(|r| matches!(r.label, Label::Actor | Label::Location))
    {
        while lo < found.len() && found[lo].end <= r.start {
            lo += 1;
        }
        let mut hi = lo;
        while hi < found.len() && found[hi].start < r.end {
            hi += 1;
        }
        let m = &found[lo..hi];
        let holds = !m.is_empty()
            && m.iter().all(|e| r.start <= e.start && e.end <= r.end)
            && m.iter().any(|e| e.label == r.label)
            && !(m.len() == 1 && m[0].start == r.start && m[0].end == r.end)
            && gaps_join(src, r, m);
        if holds {
            let best = m.iter().max_by(|a, b| a.score.total_cmp(&b.score)).unwrap_or(&m[0]);
            let mut c = r.clone();
            c.score = best.score;
            c.why = format!("{}; boundaries from the rules ({})", best.why, r.why);
            c.source = best.source;
            drop[lo..hi].iter_mut().for_each(|d| *d = true);
            put.push(c);
        }
        lo = hi.max(lo);
    }
    if put.is_empty() {
        return found;
    }
    let mut out: Vec<Cand> = found
        .into_iter()
        .zip(drop)
        .filter(|(_, d)| !d)
        .map(|(e, _)| e)
        .chain(put)
        .collect();
    out.sort_by_key(|e| (e.start, e.end));
    out
}

/// A person's name with "of" and a place glued on ("Tono Eitel of Germany") is two
/// names: the person (ACTOR) and the place (LOCATION). Only when the words before "of"
/// are two or more capitalised words that are no common words, titles or heads (so
/// "Bank of England", "University of Michigan", "Republic of Ireland" stay whole) and
/// the words after it are exactly a gazetteer place. Sorted and disjoint in and out.
pub fn split_person_of_place(src: &str, gaz: &Gazetteer, ents: Vec<Cand>) -> Vec<Cand> {
    let mut out = Vec::with_capacity(ents.len());
    for e in ents {
        match (e.label == Label::Actor)
            .then(|| person_of_place(src, gaz, &e))
            .flatten()
        {
            Some((person, place)) => {
                out.push(person);
                out.push(place);
            }
            None => out.push(e),
        }
    }
    out
}

fn person_of_place(src: &str, gaz: &Gazetteer, e: &Cand) -> Option<(Cand, Cand)> {
    let text = sub(src, e.start, e.end);
    let i = text.rfind(" of ")?;
    let (ps, pe, ls) = (e.start, e.start + i, e.start + i + 4);
    let words: Vec<&str> = sub(src, ps, pe).split_whitespace().collect();
    let name_like = |w: &&str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\''))
            && !lx::ORG_HEADS.contains(w)
            && !lx::PLACE_HEADS.contains(w)
            && !lx::TITLES.contains(w)
            && !lx::HONORIFICS.contains(w)
            && !gaz.common.contains(w.to_lowercase().as_str())
    };
    if words.len() < 2 || !words.iter().all(name_like) {
        return None;
    }
    let hit = gaz.match_at(src, ls)?;
    if hit.end != e.end || !hit.cat.is_place() {
        return None;
    }
    let mut person = cand(
        Label::Actor,
        ps,
        pe,
        e.score,
        format!("{}; a person before 'of' a place", e.why),
        e.source,
    );
    person.person = true;
    let place = cand(
        Label::Location,
        ls,
        e.end,
        e.score,
        "a place after 'of' a person's name",
        e.source,
    );
    Some((person, place))
}

/// Whether every part of rule name `r` outside the model spans `m` (inside it, sorted)
/// only joins them (see [`joins`]).
fn gaps_join(src: &str, r: &Cand, m: &[Cand]) -> bool {
    let mut at = r.start;
    let mut before = "";
    for e in m {
        let gap = sub(src, at, e.start);
        let firm = at == r.start && r.label == Label::Actor && firm_gap(gap, true);
        if !firm && !joins(gap, before) {
            return false;
        }
        before = sub(src, e.start, e.end);
        at = e.end;
    }
    let gap = sub(src, at, r.end);
    joins(gap, before) || r.label == Label::Actor && firm_gap(gap, false)
}

/// Whether the rule name adds, before (`leading`) or after the model's spans, the other
/// side of an "&" ("Barlow &" + "Finch", "Marsh" + "& Co"), or before them a word that
/// opens a name inside a sentence ("New" + "Harbour Exchange", `name_openers.txt`).
fn firm_gap(gap: &str, leading: bool) -> bool {
    let pieces: Vec<&str> = gap.split_whitespace().collect();
    let cap = |p: &&str| p.chars().next().is_some_and(char::is_uppercase);
    match (leading, pieces.as_slice()) {
        (true, [w]) => lx::NAME_OPENERS.contains(w),
        (true, [names @ .., "&"]) | (false, ["&", names @ ..]) => !names.is_empty() && names.iter().all(cap),
        _ => false,
    }
}

/// Two ACTOR spans split at the period of an initial ("Mario J" + "Lucero" of "Mario J.
/// Lucero") are one name: the first ends in a single capital letter, the second starts
/// right after its period and a space. `ents` sorted and disjoint; stays so. Linear.
pub(super) fn join_initials(text: &str, ents: Vec<Cand>) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::with_capacity(ents.len());
    for c in ents {
        if let Some(p) = out.last_mut()
            && p.label == Label::Actor
            && c.label == Label::Actor
            && c.start == p.end + 2
            && sub(text, p.end, c.start) == ". "
            && ends_in_initial(head_of(text, p.end))
            && tail_starts_upper(text, c.start)
        {
            p.end = c.end;
            p.score = p.score.max(c.score);
            continue;
        }
        out.push(c);
    }
    out
}

/// Whether `s` ends in a single capital letter after a space ("Mario J").
fn ends_in_initial(s: &str) -> bool {
    let mut rev = s.chars().rev();
    matches!((rev.next(), rev.next()), (Some(c), Some(' ')) if c.is_uppercase())
}

fn head_of(text: &str, end: usize) -> &str {
    crate::text::head(text, end)
}

fn tail_starts_upper(text: &str, start: usize) -> bool {
    crate::text::tail(text, start)
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

/// Names that end in an abbreviation ("Norvale Holdings Inc", "Miguel Reyes Jr") take
/// the period written right after it (`assets/lexicon/abbrev_heads.txt`). `ents` sorted
/// and disjoint; stays so (a name that starts at the period keeps it).
pub(super) fn abbrev_periods(text: &str, ents: &mut [Cand]) {
    for k in 0..ents.len() {
        let e = ents[k].end;
        if ents[k].label == Label::Claim
            || text.as_bytes().get(e) != Some(&b'.')
            || ents.get(k + 1).is_some_and(|n| n.start <= e)
        {
            continue;
        }
        let last = head_word(crate::text::head(text, e));
        if lx::ABBREV_HEADS.contains(last) {
            ents[k].end = e + 1;
        }
    }
}

/// The last word of `s` (its letters after the last other char).
fn head_word(s: &str) -> &str {
    s.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Byte range of `needle` in `src`.
    fn at(src: &str, needle: &str) -> (usize, usize) {
        let s = src.find(needle).expect(needle);
        (s, s + needle.len())
    }

    fn c(src: &str, label: Label, needle: &str, score: f32) -> Cand {
        let (s, e) = at(src, needle);
        cand(label, s, e, score, "x", "t")
    }

    fn texts(src: &str, v: &[Cand]) -> Vec<(Label, String)> {
        v.iter()
            .map(|e| (e.label, sub(src, e.start, e.end).to_string()))
            .collect()
    }

    #[test]
    fn a_longer_rule_name_joined_by_of_and_or_a_hyphen_takes_the_model_spans() {
        let src = "The State Law and Order Restoration Council met Kim Jong-un and Otto F. Warmbier in Pyongyang.";
        let found = vec![
            c(src, Label::Actor, "State Law", 0.6),
            c(src, Label::Actor, "Order Restoration Council", 0.8),
            c(src, Label::Actor, "Kim Jong", 0.7),
            c(src, Label::Actor, "Otto F", 0.5),
            c(src, Label::Location, "Pyongyang", 0.9),
        ];
        let ents = vec![
            c(src, Label::Actor, "State Law and Order Restoration Council", 0.7),
            c(src, Label::Actor, "Kim Jong-un", 0.7),
            c(src, Label::Actor, "Otto F. Warmbier", 0.7),
            c(src, Label::Location, "Pyongyang", 0.5),
        ];
        let out = rule_bounds(src, found, &ents);
        let want = [
            (Label::Actor, "State Law and Order Restoration Council"),
            (Label::Actor, "Kim Jong-un"),
            (Label::Actor, "Otto F. Warmbier"),
            (Label::Location, "Pyongyang"),
        ];
        let want: Vec<(Label, String)> = want.iter().map(|(l, t)| (*l, t.to_string())).collect();
        assert_eq!(texts(src, &out), want);
        // The best model score of the spans replaced; the model's own span unchanged.
        assert_eq!(out[0].score, 0.8);
        assert_eq!(out[3].score, 0.9);
        assert!(out[0].why.contains("boundaries from the rules"));
    }

    #[test]
    fn hyphen_chains_and_a_capitalised_particle_join() {
        let src = "Ata-ur-Rehman bowled to James Alfred Van Allen.";
        let found = vec![
            c(src, Label::Actor, "Ata", 0.6),
            c(src, Label::Actor, "Rehman", 0.6),
            c(src, Label::Actor, "James Alfred", 0.7),
        ];
        let ents = vec![
            c(src, Label::Actor, "Ata-ur-Rehman", 0.7),
            c(src, Label::Actor, "James Alfred Van Allen", 0.7),
        ];
        let out = rule_bounds(src, found, &ents);
        let want: Vec<(Label, String)> = vec![
            (Label::Actor, "Ata-ur-Rehman".into()),
            (Label::Actor, "James Alfred Van Allen".into()),
        ];
        assert_eq!(texts(src, &out), want);
        // A particle with nothing after it does not join.
        assert!(!joins(" Van", "James Alfred"));
        assert!(!joins(" Van Allen's", "James Alfred"));
    }

    #[test]
    fn a_place_inside_a_body_goes_with_it() {
        let src = "the United Nations Assistance Mission in Afghanistan said";
        let found = vec![
            c(src, Label::Actor, "United Nations Assistance Mission", 0.7),
            c(src, Label::Location, "Afghanistan", 0.7),
        ];
        let ents = vec![c(
            src,
            Label::Actor,
            "United Nations Assistance Mission in Afghanistan",
            0.6,
        )];
        let out = rule_bounds(src, found, &ents);
        let whole = "United Nations Assistance Mission in Afghanistan".to_string();
        assert_eq!(texts(src, &out), vec![(Label::Actor, whole)]);
    }

    #[test]
    fn the_model_stays_where_the_rule_adds_a_title_a_possessive_or_another_name() {
        let src = "Mullah Mohammad Omar and Smithsonian's National Air and the Museum of Flight CEO left";
        let found = vec![
            c(src, Label::Actor, "Mohammad Omar", 0.6),
            c(src, Label::Actor, "Smithsonian", 0.6),
            c(src, Label::Actor, "National Air", 0.6),
            c(src, Label::Actor, "Flight CEO", 0.6),
        ];
        let ents = vec![
            c(src, Label::Actor, "Mullah Mohammad Omar", 0.7),
            c(src, Label::Actor, "Smithsonian's National Air", 0.7),
            c(src, Label::Actor, "Museum of Flight CEO", 0.7),
        ];
        assert_eq!(rule_bounds(src, found.clone(), &ents), found);
    }

    #[test]
    fn the_model_stays_where_it_crosses_the_rule_or_no_label_matches() {
        let src = "Abu Bakr al-Baghdadi was seen near Raqqa Province";
        let found = vec![
            c(src, Label::Actor, "Abu Bakr", 0.6),
            c(src, Label::Location, "Raqqa", 0.6),
        ];
        let ents = vec![
            c(src, Label::Actor, "Bakr al-Baghdadi", 0.7),
            c(src, Label::Actor, "Raqqa Province", 0.7),
        ];
        assert_eq!(rule_bounds(src, found.clone(), &ents), found);
    }

    #[test]
    fn a_person_of_a_country_is_two_names_a_body_of_one_stays_whole() {
        let gaz = crate::suggest::Engine::new().gaz.clone();
        let src = "President Tono Eitel of Germany met the Bank of England and the Kingdom of Saudi Arabia.";
        let ents = vec![
            c(src, Label::Actor, "Tono Eitel of Germany", 0.7),
            c(src, Label::Actor, "Bank of England", 0.7),
            c(src, Label::Actor, "Kingdom of Saudi Arabia", 0.7),
        ];
        let out = split_person_of_place(src, &gaz, ents);
        let want: Vec<(Label, String)> = vec![
            (Label::Actor, "Tono Eitel".into()),
            (Label::Location, "Germany".into()),
            (Label::Actor, "Bank of England".into()),
            (Label::Actor, "Kingdom of Saudi Arabia".into()),
        ];
        assert_eq!(texts(src, &out), want);
        assert!(out[0].person);
    }

    #[test]
    fn a_name_ending_in_an_abbreviation_takes_its_period() {
        let src = "Shares of Norvale Holdings Inc. rose; Miguel Reyes Jr. said Kelso Ltd. and Ölçer Co. agreed. Inc.";
        let mut ents = vec![
            c(src, Label::Actor, "Norvale Holdings Inc", 0.9),
            c(src, Label::Actor, "Miguel Reyes Jr", 0.9),
            c(src, Label::Actor, "Kelso", 0.9),
            c(src, Label::Actor, "Ölçer Co", 0.9),
        ];
        abbrev_periods(src, &mut ents);
        let got: Vec<&str> = ents.iter().map(|e| sub(src, e.start, e.end)).collect();
        // "Kelso" does not end in an abbreviation: its name stays.
        assert_eq!(got, ["Norvale Holdings Inc.", "Miguel Reyes Jr.", "Kelso", "Ölçer Co."]);
    }

    #[test]
    fn a_name_split_at_an_initial_is_joined() {
        let src = "Wikinews meets Mario J. Lucero and Ayşe K. Öztürk. Then P. Left.";
        let ents = vec![
            c(src, Label::Actor, "Mario J", 0.7),
            c(src, Label::Actor, "Lucero", 0.6),
            c(src, Label::Actor, "Ayşe K", 0.7),
            c(src, Label::Actor, "Öztürk", 0.6),
        ];
        let got: Vec<&str> = join_initials(src, ents)
            .iter()
            .map(|e| sub(src, e.start, e.end))
            .collect();
        assert_eq!(got, ["Mario J. Lucero", "Ayşe K. Öztürk"]);
        // Not across a sentence: "Öztürk" does not end in an initial.
        let ents = vec![
            c(src, Label::Actor, "Öztürk", 0.6),
            c(src, Label::Location, "Then", 0.6),
        ];
        assert_eq!(join_initials(src, ents).len(), 2);
    }

    #[test]
    fn a_rule_firm_joined_by_an_ampersand_or_opened_by_new_takes_the_model_span() {
        let src = "Shares of Barlow & Finch, Marsh & Co and the New Harbour Exchange rose in Ölçer & Şen.";
        let found = vec![
            c(src, Label::Actor, "Finch", 0.8),
            c(src, Label::Actor, "Marsh", 0.8),
            c(src, Label::Actor, "Harbour Exchange", 0.8),
            c(src, Label::Actor, "Şen", 0.8),
        ];
        let ents = vec![
            c(src, Label::Actor, "Barlow & Finch", 0.75),
            c(src, Label::Actor, "Marsh & Co", 0.75),
            c(src, Label::Actor, "New Harbour Exchange", 0.75),
            c(src, Label::Actor, "Ölçer & Şen", 0.75),
        ];
        let got: Vec<&str> = rule_bounds(src, found, &ents)
            .iter()
            .map(|e| sub(src, e.start, e.end))
            .collect();
        assert_eq!(
            got,
            ["Barlow & Finch", "Marsh & Co", "New Harbour Exchange", "Ölçer & Şen"]
        );
        // Another capitalised word before the model's span is no joiner.
        let found = vec![c(src, Label::Actor, "Finch", 0.8)];
        let ents = vec![c(src, Label::Actor, "of Barlow & Finch", 0.75)];
        assert_eq!(rule_bounds(src, found, &ents).len(), 1);
    }
}
