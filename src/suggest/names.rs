//! The names suggester: capitalised sequences beyond the gazetteers: titles + names,
//! organisations, places, people's names. Headlines in title case get none.

use super::gazetteer::{Cat, Gazetteer, is_particle};
use super::lexicon::*;
use super::rules::{Cand, Doc, cand, is_cap, with_lower};
use crate::model::Label;
use crate::text::sub;

/// Appends the names of the article to `out`; returns the byte ranges of the people
/// named in full (for `consistency.rs`).
pub fn names(doc: &Doc, gaz: &Gazetteer, out: &mut Vec<Cand>) -> Vec<(usize, usize)> {
    let toks = &doc.toks;
    let n = toks.len();
    // Headlines in title case ("Us-Backed Army Launches Offensive") get none.
    let headline = super::layout::title_case_lines(doc);
    let mut persons: Vec<(usize, usize)> = Vec::new();
    // One pair of buffers for every sequence (no allocation per capitalised word).
    let mut words: Vec<usize> = Vec::new();
    let mut seq: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < n {
        if !toks[i].word
            || !is_cap(doc.w(i))
            || headline
                .binary_search_by(|r| {
                    if r.1 <= toks[i].s {
                        std::cmp::Ordering::Less
                    } else if r.0 > toks[i].s {
                        std::cmp::Ordering::Greater
                    } else {
                        std::cmp::Ordering::Equal
                    }
                })
                .is_ok()
        {
            i += 1;
            continue;
        }
        // Collect a sequence of capitalised words glued by spaces or hyphens, with
        // particles inside.
        let mut j = i;
        words.clear();
        words.push(i);
        loop {
            let k = j + 1;
            if k >= n {
                break;
            }
            if toks[k].word && toks[k].sp && !toks[k].nl {
                let w = doc.w(k);
                if is_cap(w) {
                    words.push(k);
                    j = k;
                    continue;
                }
                if (matches!(
                    w,
                    "of" | "for"
                        | "de"
                        | "da"
                        | "di"
                        | "van"
                        | "von"
                        | "bin"
                        | "ibn"
                        | "al"
                        | "el"
                        | "la"
                        | "du"
                        | "der"
                ) || (w == "the" && doc.w(j) == "of")
                    || (is_particle(w) && k + 1 < n && doc.w(k + 1) == "-" && !toks[k + 1].sp))
                    && k + 1 < n
                {
                    // "the" only after "of" ("Islamic State of Iraq and the Levant" is a gazetteer entry).
                    let nk = k + 1;
                    let glued_al = doc.w(nk) == "-" && nk + 1 < n && !toks[nk].sp;
                    if (toks[nk].word && toks[nk].sp && is_cap(doc.w(nk))) || glued_al {
                        words.push(k);
                        j = k;
                        continue;
                    }
                }
                if long_name_glue(doc, gaz, &words, j, k) {
                    words.push(k);
                    j = k;
                    continue;
                }
                break;
            }
            // "&" inside one name: "Barlow & Finch", "Marsh & Co", "AT&T".
            if !toks[k].word
                && doc.w(k) == "&"
                && k + 1 < n
                && toks[k + 1].word
                && !toks[k + 1].nl
                && toks[k].sp == toks[k + 1].sp
                && is_cap(doc.w(k + 1))
            {
                words.push(k + 1);
                j = k + 1;
                continue;
            }
            // An initial or an abbreviated honorific: "Otto F. Warmbier", "Mr. Kim".
            if !toks[k].word
                && doc.w(k) == "."
                && !toks[k].sp
                && k + 1 < n
                && toks[k + 1].word
                && toks[k + 1].sp
                && !toks[k + 1].nl
                && is_cap(doc.w(k + 1))
                && !doc.inn(k + 1, NOT_NAMES)
                // An initial may start the name ("K. Oduya"), not "I" or "A" ("so do I. Then").
                && ((j > i || !doc.inn(j, NOT_NAMES)) && is_initial(doc.w(j)) || doc.inn(j, HONORIFICS))
            {
                words.push(k + 1);
                j = k + 1;
                continue;
            }
            // Possessive inside a name: "Tigray People's Liberation Front", "Kurdistan
            // Workers' Party" (not after a known place: "Russia's Defense Ministry" is
            // built by the context layer).
            if !toks[k].word && matches!(doc.w(k), "'" | "’") && !toks[k].sp && doc.gaz_at(gaz, j).is_none() {
                let (skip, nxt) = if k + 1 < n && doc.w(k + 1) == "s" && !toks[k + 1].sp {
                    (k + 1, k + 2)
                } else {
                    (k, k + 1)
                };
                let plural_ok = skip > k || doc.w(j).ends_with('s');
                if plural_ok && nxt < n && toks[nxt].word && toks[nxt].sp && is_cap(doc.w(nxt)) {
                    words.push(nxt);
                    j = nxt;
                    continue;
                }
            }
            // Hyphen glue: "al-Assad", "Damascus-Aleppo", "Ki-moon".
            if !toks[k].word && doc.w(k) == "-" && !toks[k].sp && k + 1 < n && toks[k + 1].word && !toks[k + 1].sp {
                let w = doc.w(k + 1);
                let suffix = doc.inn(k + 1, ACTOR_SUFFIXES) || doc.inn(k + 1, PLACE_SUFFIXES);
                let pw = doc.w(j);
                // "Kim Jong-un", "Moon Jae-in": a short lower-case syllable inside a name;
                // "Co-operation": a short capitalised prefix.
                let syllable = j > i && w.chars().count() <= 3 && w.chars().all(char::is_lowercase);
                let prefix = pw.chars().count() <= 3 && pw.chars().skip(1).all(char::is_lowercase);
                if !suffix && is_cap(pw) && !is_cap(w) && (syllable || prefix) && w.chars().all(char::is_alphabetic) {
                    words.push(k + 1);
                    j = k + 1;
                    continue;
                }
                if is_cap(w) || is_particle(w) || (j > i && is_particle(doc.w(j))) || w.len() > 2 {
                    if suffix || !is_cap(w) && !is_particle(w) && !is_particle(doc.w(j)) {
                        break;
                    }
                    words.push(k + 1);
                    j = k + 1;
                    continue;
                }
            }
            break;
        }
        // Drop leading non-names ("The", "On").
        let mut first = 0;
        while first < words.len() && doc.inn(words[first], NOT_NAMES) && !opens_name(doc, &words[first..]) {
            first += 1;
        }
        // ... and the particles left at the start ("Government of National Accord"
        // without "Government" is "National Accord").
        while first < words.len() && !is_cap(doc.w(words[first])) {
            first += 1;
        }
        // A glued particle before the first capital belongs to the name: "al-Mallah".
        if words.get(first) == Some(&i)
            && i >= 2
            && doc.w(i - 1) == "-"
            && !toks[i - 1].sp
            && !toks[i].sp
            && toks[i - 2].word
            && (toks[i - 2].sp || toks[i - 2].nl)
            && is_particle(doc.w(i - 2))
            && !is_cap(doc.w(i - 2))
        {
            words.insert(first, i - 2);
        }
        seq.clear();
        seq.extend_from_slice(&words[first..]);
        // Trailing particles out.
        while seq.last().is_some_and(|&k| !is_cap(doc.w(k)) && toks[k].sp) {
            seq.pop();
        }
        if !seq.is_empty() {
            analyse_sequence(doc, gaz, &seq, out, &mut persons);
        }
        i = j + 1;
    }
    persons
}

/// Whether `words` start with a word that opens a name inside a sentence ("the New
/// Harbour Exchange"): one of `name_openers.txt`, after a lower-case word on its line,
/// with more of the name after it.
fn opens_name(doc: &Doc, words: &[usize]) -> bool {
    let k = words[0];
    words.len() > 1
        && k > 0
        && !doc.toks[k].nl
        && doc.toks[k - 1].word
        && doc.w(k - 1).starts_with(char::is_lowercase)
        && doc.inn(k, NAME_OPENERS)
}

/// A single capital letter: an initial ("F" of "Otto F. Warmbier").
fn is_initial(w: &str) -> bool {
    let mut c = w.chars();
    c.next().is_some_and(char::is_uppercase) && c.next().is_none()
}

/// Whether the lower-case word at `k` ("and", "in") joins one long organisation name:
/// "State Law and Order Restoration Council", "Organization for Security and
/// Co-operation in Europe", "United Nations Assistance Mission in Afghanistan".
/// `words` is the sequence so far, `j` its last token. Looks ahead a few tokens only.
fn long_name_glue(doc: &Doc, gaz: &Gazetteer, words: &[usize], j: usize, k: usize) -> bool {
    let toks = &doc.toks;
    let n = toks.len();
    let w = doc.w(k);
    if !matches!(w, "and" | "in") || k + 1 >= n || !toks[k + 1].word || !toks[k + 1].sp || !is_cap(doc.w(k + 1)) {
        return false;
    }
    let org_before = words.iter().any(|&m| doc.inn(m, ORG_HEADS));
    if w == "in" {
        // Organisation + "in" + a country or region.
        return org_before
            && doc
                .gaz_at(gaz, k + 1)
                .is_some_and(|h| matches!(h.cat, Cat::Country | Cat::Region));
    }
    // "and" between abstract nouns of one name, not between two names.
    if doc.inn(k + 1, ORG_HEADS) || doc.inn(k + 1, TITLES) || doc.inn(j, ORG_HEADS) {
        return false;
    }
    // Inside "Organisation for/of ...": "Organization for Security and Co-operation".
    let linked = words.iter().any(|&m| matches!(doc.w(m), "of" | "for"));
    if org_before && linked {
        return doc.gaz_at(gaz, k + 1).is_none_or(|h| !h.cat.is_actor());
    }
    // Not between two names ("Assad and Free Syrian Army"): the word before "and" is a
    // common noun ("Peace and ...") or the name follows "the" ("the State Law and ...").
    let after_the = words[0] > 0 && doc.w(words[0] - 1) == "the" || doc.w(words[0]) == "The";
    if !after_the && !doc.is_common(gaz, j) {
        return false;
    }
    // An organisation head a few words on: "Law and Order Restoration Council".
    let mut m = k + 1;
    while m < n && m <= k + 5 && toks[m].word && is_cap(doc.w(m)) && (m == k + 1 || toks[m].sp) {
        if doc.inn(m, ORG_HEADS) {
            // Two words before "and", not counting a sentence's leading "The".
            return words.len() - usize::from(doc.w(words[0]) == "The") <= 2;
        }
        m += 1;
    }
    false
}

/// A capitalised sequence: title + person, organisation, place, or a person's name.
fn analyse_sequence(doc: &Doc, gaz: &Gazetteer, seq: &[usize], out: &mut Vec<Cand>, persons: &mut Vec<(usize, usize)>) {
    let text = doc.text;
    let toks = &doc.toks;
    let w = |k: usize| doc.w(k);
    // The last title word in the sequence splits it: "[NATO] Secretary General [Jens Stoltenberg]".
    let title_at = seq.iter().rposition(|&k| {
        let x = w(k);
        doc.inn(k, TITLES)
            || doc.inn(k, HONORIFICS)
            || (k == seq[0] && x.len() > 3 && with_lower(x, |l| inn(LOWER_TITLES, l)))
    });
    // A title word inside an organisation's name is no title: "Council of Chief Justices".
    let title_at = title_at.filter(|_| !doc.inn(seq[seq.len() - 1], ORG_HEADS));
    if let Some(ti) = title_at {
        let mut name: &[usize] = &seq[ti + 1..];
        // "Secretary of State John Kerry": the organ after "of" belongs to the title.
        if name.len() >= 3 && w(name[0]) == "of" {
            name = &name[2..];
        }
        // "Foreign Minister of Peru": the country after "of" is no person.
        while name.first().is_some_and(|&k| !is_cap(w(k))) {
            name = &name[1..];
        }
        // "Minister of the Russian Federation Sergey Lavrov": the state is the
        // gazetteer's, the person follows it.
        if name.len() >= 3
            && let Some(h) = doc.gaz_at(gaz, name[0])
            && (h.cat.is_place() || h.cat.is_actor())
        {
            let rest = name.partition_point(|&k| toks[k].s < h.end);
            if rest < name.len() && rest > 0 && is_cap(w(name[rest])) && toks[name[rest]].s >= h.end {
                name = &name[rest..];
            }
        }
        let name: Vec<usize> = name.iter().copied().filter(|&k| toks[k].word).collect();
        if !name.is_empty() && name.len() <= 5 {
            let s = toks[name[0]].s;
            let e = toks[*name.last().unwrap_or(&name[0])].e;
            // A name, not an organ: "Secretary of State" has no person after it.
            let whole = sub(text, s, e);
            let is_gaz_place = doc
                .gaz_at(gaz, name[0])
                .is_some_and(|h| h.end == e && !h.cat.is_actor());
            if !is_gaz_place && !inn(NOT_NAMES, whole) && !doc.inn(name[name.len() - 1], ORG_HEADS) {
                let mut c = cand(
                    Label::Actor,
                    s,
                    e,
                    0.8,
                    format!("name after title '{}'", w(seq[ti])),
                    "names",
                );
                c.person = true;
                out.push(c);
                persons.push((s, e));
            }
        }
        return;
    }
    // Leading gazetteer names are theirs: "envoy for [Syria] Staffan de Mistura".
    // An organisation head inside the gazetteer name does not count ("[Russian
    // Federation] Ivo Mettler").
    if seq.len() >= 3 {
        let h = doc.gaz_at(gaz, seq[0]);
        if let Some(h) = h
            && (h.cat.is_place() || h.cat.is_actor())
        {
            let rest: Vec<usize> = seq.iter().copied().filter(|&k| toks[k].s >= h.end).collect();
            if rest.len() >= 2
                && rest.len() < seq.len()
                && is_cap(w(rest[0]))
                && !rest.iter().any(|&k| doc.inn(k, ORG_HEADS))
            {
                return analyse_sequence(doc, gaz, &rest, out, persons);
            }
        }
    }
    let s = toks[seq[0]].s;
    let e = toks[seq[seq.len() - 1]].e;
    let last = w(seq[seq.len() - 1]);
    // "Barlow & Finch": a firm.
    let has_org = seq
        .iter()
        .any(|&k| doc.inn(k, ORG_HEADS) || k > 0 && doc.w(k - 1) == "&");
    let two = seq.len() >= 2;
    let before = seq[0].checked_sub(1);
    if !has_org
        && (2..=4).contains(&seq.len())
        && before.is_some_and(|p| toks[p].word && doc.inn(p, LOWER_TITLES) && toks[seq[0]].sp)
        && seq.iter().all(|&k| !doc.inn(k, NOT_NAMES) && !w(k).contains('.'))
        && doc.gaz_at(gaz, seq[0]).is_none_or(|h| h.end < e)
    {
        let mut c = cand(
            Label::Actor,
            s,
            e,
            0.75,
            format!("name after '{}'", w(before.unwrap_or(0))),
            "names",
        );
        c.person = true;
        out.push(c);
        persons.push((s, e));
        return;
    }
    // "Kachin State", "Helmand Province": a gazetteer place and its division head.
    if two
        && doc.inn(seq[seq.len() - 1], ADMIN_HEADS)
        && doc
            .gaz_at(gaz, seq[0])
            .is_some_and(|h| h.cat.is_place() && h.end == toks[seq[seq.len() - 2]].e)
    {
        out.push(cand(
            Label::Location,
            s,
            e,
            0.8,
            format!("gazetteer place + '{last}'"),
            "names",
        ));
        return;
    }
    if two && doc.inn(seq[seq.len() - 1], PLACE_HEADS) {
        out.push(cand(
            Label::Location,
            s,
            e,
            0.75,
            format!("capitalised place name ending in '{last}'"),
            "names",
        ));
        return;
    }
    if two && has_org {
        // Possessive before: "Russia's Defense Ministry" is built in `classify`.
        out.push(cand(Label::Actor, s, e, 0.75, "capitalised organisation name", "names"));
        return;
    }
    let prev = seq[0].checked_sub(1);
    let last_tok = seq[seq.len() - 1];
    let next_word = if last_tok + 1 < toks.len() && toks[last_tok + 1].word && toks[last_tok + 1].sp {
        w(last_tok + 1)
    } else {
        ""
    };
    let next_word2 = if last_tok + 2 < toks.len() && toks[last_tok + 2].word {
        w(last_tok + 2)
    } else {
        ""
    };
    let prev_w = prev.filter(|&p| toks[p].word).map(w).unwrap_or("");
    let prev_w2 = prev
        .and_then(|p| p.checked_sub(1))
        .filter(|&p| toks[p].word)
        .map(w)
        .unwrap_or("");
    // A short lower-case syllable glued by a hyphen ("un" of "Kim Jong-un") is part of a
    // word, not a common word of its own ("Pro-government" stays out).
    let glued = |k: usize| {
        k > 0 && !toks[k].sp && w(k - 1) == "-" && w(k).chars().count() <= 3 && w(k).chars().all(char::is_lowercase)
    };
    let unknown = seq.iter().all(|&k| {
        let x = w(k);
        is_particle(x) || glued(k) || (!doc.inn(k, NOT_NAMES) && !doc.is_common(gaz, k))
    }) && doc.gaz_at(gaz, seq[0]).is_none_or(|h| h.end < e);
    if unknown && !doc.is_demonym(gaz, seq[0]) {
        let locative = matches!(
            prev_w,
            "in" | "near" | "at" | "into" | "toward" | "towards" | "outside" | "around"
        ) && seq.len() >= 2;
        if inn(PLACE_NOUNS_AFTER, next_word) || prev_w == "of" && inn(PLACE_NOUNS_OF, prev_w2) || locative {
            out.push(cand(
                Label::Location,
                s,
                e,
                0.6,
                "unknown name in a place context",
                "names",
            ));
            return;
        }
        if inn(GROUP_NOUNS_AFTER, next_word)
            || inn(GROUP_NOUNS_AFTER, next_word2)
                && next_word.len() > 3
                && next_word.chars().all(|c| c.is_lowercase())
                && !matches!(
                    next_word,
                    "with"
                        | "from"
                        | "that"
                        | "this"
                        | "into"
                        | "have"
                        | "were"
                        | "said"
                        | "over"
                        | "than"
                        | "their"
                        | "which"
                        | "when"
                        | "where"
                        | "after"
                        | "about"
                )
        {
            out.push(cand(
                Label::Actor,
                s,
                e,
                0.6,
                format!("name before '{next_word}'"),
                "names",
            ));
            return;
        }
    }
    let after_lower_title = prev.is_some_and(|p| toks[p].word && doc.inn(p, LOWER_TITLES) && toks[seq[0]].sp);
    // A person's name: two to four capitalised words, none a common word or a gazetteer name.
    let words_ok = seq.iter().all(|&k| {
        let x = w(k);
        !doc.inn(k, NOT_NAMES)
            && !doc.inn(k, ORG_HEADS)
            && !doc.inn(k, PLACE_HEADS)
            && !doc.inn(k, TITLES)
            && !x.contains('.')
            && (is_particle(x) || is_initial(x) || glued(k) || !doc.is_common(gaz, k))
            && !doc.is_demonym(gaz, k)
    });
    // Gazetteer names inside: a one-word city among other words is a first name or a
    // surname ("Martin Griffiths", "Burhan Wani"), anything else makes it no person.
    let (mut strong, mut cities) = (false, 0);
    for &k in seq {
        match doc.gaz_at(gaz, k) {
            Some(h) if h.cat == Cat::City && h.end == toks[k].e => cities += 1,
            Some(h) if h.cat.is_place() || h.cat.is_actor() => strong = true,
            _ => {}
        }
    }
    let n_words = seq.iter().filter(|&&k| toks[k].word).count();
    let any_gaz = strong || cities >= n_words;
    if words_ok && (after_lower_title && n_words <= 4 || (2..=4).contains(&n_words) && !any_gaz) {
        let why = if after_lower_title {
            format!("name after '{}'", w(prev.unwrap_or(0)))
        } else {
            "capitalised name".to_string()
        };
        let mut c = cand(
            Label::Actor,
            s,
            e,
            if after_lower_title { 0.75 } else { 0.55 },
            why,
            "names",
        );
        c.person = true;
        out.push(c);
        persons.push((s, e));
        return;
    }
    // "Tan said": one unknown capitalised word before a reporting verb is a person
    // (not a plural of a common word: "Witnesses said").
    let plural_of_common = || {
        with_lower(last, |lower| {
            lower.strip_suffix("es").is_some_and(|x| gaz.common.contains(x))
                || lower.strip_suffix('s').is_some_and(|x| gaz.common.contains(x))
        })
    };
    if words_ok
        && n_words == 1
        && inn(CORE_REPORTING, next_word)
        && !plural_of_common()
        && !crate::suggest::speech::generic_source(last)
        && doc.gaz_at(gaz, seq[0]).is_none()
        && !matches!(prev_w, "the" | "The")
        && last.chars().count() >= 2
        && last.chars().skip(1).all(char::is_lowercase)
    {
        let mut c = cand(Label::Actor, s, e, 0.55, format!("name before '{next_word}'"), "names");
        c.person = true;
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Label;
    use crate::suggest::rules::tagged;

    fn has(text: &str, label: Label, surface: &str) -> bool {
        tagged(text).iter().any(|(l, s)| *l == label && s == surface)
    }

    #[test]
    fn a_name_after_a_title_is_a_person_without_the_title() {
        let t = "Later, Foreign Minister Halvard Brekke arrived.";
        assert!(has(t, Label::Actor, "Halvard Brekke"), "{:?}", tagged(t));
    }

    #[test]
    fn a_name_after_a_lower_case_role_is_a_person() {
        let t = "The talks were led by envoy Ilse Varga on Monday.";
        assert!(has(t, Label::Actor, "Ilse Varga"), "{:?}", tagged(t));
    }

    #[test]
    fn capitalised_organisation_names_are_actors() {
        let t = "Yesterday the Coastal Farmers Council rejected the plan.";
        assert!(has(t, Label::Actor, "Coastal Farmers Council"), "{:?}", tagged(t));
    }

    #[test]
    fn unknown_names_in_a_place_context_are_locations() {
        let t = "Shelling hit the town of Korvelo overnight.";
        assert!(has(t, Label::Location, "Korvelo"), "{:?}", tagged(t));
    }

    #[test]
    fn title_case_headlines_get_no_names() {
        let t = "Rebel Army Launches Big Offensive Near River\nThe text follows here.";
        assert!(tagged(t).iter().all(|(_, s)| s != "Rebel Army"), "{:?}", tagged(t));
    }

    fn actors(text: &str) -> Vec<String> {
        tagged(text)
            .into_iter()
            .filter(|(l, _)| *l == Label::Actor)
            .map(|(_, s)| s)
            .collect()
    }

    #[test]
    fn hyphenated_syllables_stay_in_the_name() {
        let t = "Envoys said leader Pak Song-il had met the delegation.";
        assert!(actors(t).contains(&"Pak Song-il".to_string()), "{:?}", tagged(t));
    }

    #[test]
    fn middle_initials_stay_in_the_name() {
        let t = "The lawyer Ferris Q. Oduya rejected the charge.";
        assert!(actors(t).contains(&"Ferris Q. Oduya".to_string()), "{:?}", tagged(t));
    }

    #[test]
    fn honorifics_stay_outside_the_name() {
        let t = "Followers of Mullah Rahim Zadran gathered. Later Mr. Zadran left.";
        let a = actors(t);
        assert!(a.contains(&"Rahim Zadran".to_string()), "{:?}", tagged(t));
        assert!(
            !a.iter().any(|x| x.starts_with("Mullah") || x.starts_with("Mr")),
            "{a:?}"
        );
        assert!(a.contains(&"Zadran".to_string()), "{a:?}");
    }

    #[test]
    fn long_organisation_names_are_not_split() {
        let t = "Delegates of the Peace and Unity Reconstruction Council arrived on Monday.";
        assert!(
            actors(t).contains(&"Peace and Unity Reconstruction Council".to_string()),
            "{:?}",
            tagged(t)
        );
        let t = "The Commission for Truth and Reconciliation in Kenya published a report.";
        assert!(
            actors(t).contains(&"Commission for Truth and Reconciliation in Kenya".to_string()),
            "{:?}",
            tagged(t)
        );
    }

    #[test]
    fn two_organisations_joined_by_and_stay_two() {
        let t = "Fighters of the Northern Army and Coastal Guard Council clashed.";
        assert!(!actors(t).iter().any(|x| x.contains(" and ")), "{:?}", tagged(t));
    }

    #[test]
    fn a_division_head_stays_with_its_place() {
        let t = "Fighting spread across Kachin State last week.";
        assert!(has(t, Label::Location, "Kachin State"), "{:?}", tagged(t));
    }

    #[test]
    fn a_city_name_inside_a_person_name_is_not_a_place() {
        let t = "The report was written by Oriana Martin and presented on Friday.";
        let v = tagged(t);
        assert!(has(t, Label::Actor, "Oriana Martin"), "{v:?}");
        assert!(!v.iter().any(|(l, s)| *l == Label::Location && s == "Martin"), "{v:?}");
    }

    #[test]
    fn an_unknown_word_before_a_reporting_verb_is_a_person() {
        let t = "The deal is fragile, Okonkwo said on Tuesday.";
        assert!(has(t, Label::Actor, "Okonkwo"), "{:?}", tagged(t));
        // Not a common word, not a known place.
        let t = "The deal is fragile, Yesterday said nothing.";
        assert!(!has(t, Label::Actor, "Yesterday"), "{:?}", tagged(t));
    }

    #[test]
    fn a_name_after_the_keeps_its_and() {
        let t = "Envoys met the Land Reform and Water Authority Council in May.";
        assert!(
            actors(t).contains(&"Land Reform and Water Authority Council".to_string()),
            "{:?}",
            tagged(t)
        );
    }

    #[test]
    fn a_title_pair_stays_outside() {
        let t = "The decree was signed by Chief Executive Oduya Mensah on Friday.";
        assert!(actors(t).contains(&"Oduya Mensah".to_string()), "{:?}", tagged(t));
    }

    #[test]
    fn a_glued_particle_starts_the_name() {
        let t = "Fighters took the al-Qardaha area overnight.";
        assert!(has(t, Label::Location, "al-Qardaha"), "{:?}", tagged(t));
    }

    #[test]
    fn a_person_after_a_state_in_a_title_is_apart() {
        let t = "He met the Foreign Minister of the Russian Federation Ivo Mettler yesterday.";
        assert!(has(t, Label::Actor, "Ivo Mettler"), "{:?}", tagged(t));
    }

    #[test]
    fn a_plural_common_noun_before_said_is_no_person() {
        let t = "Nothing moved. Officials said the crops failed.";
        assert!(!has(t, Label::Actor, "Officials"), "{:?}", tagged(t));
    }

    #[test]
    fn a_hyphenated_syllable_that_is_also_a_word_stays_in_the_name() {
        // "un" is a common word on its own; glued by a hyphen it is a syllable.
        let t = "Analysts said Pak Jong-un had won.";
        assert!(has(t, Label::Actor, "Pak Jong-un"), "{:?}", tagged(t));
    }

    #[test]
    fn a_long_name_after_a_sentence_initial_the_keeps_its_and() {
        let t = "The Civic Law and Order Renewal Council ruled until 1997.";
        assert!(
            has(t, Label::Actor, "Civic Law and Order Renewal Council"),
            "{:?}",
            tagged(t)
        );
    }

    #[test]
    fn a_generic_plural_at_a_sentence_start_before_said_is_no_person() {
        for t in ["Analysts said the truce held.", "Envoys said talks would go on."] {
            assert!(tagged(t).iter().all(|(l, _)| *l != Label::Actor), "{:?}", tagged(t));
        }
        let t = "The truce held, Tan said.";
        assert!(has(t, Label::Actor, "Tan"), "{:?}", tagged(t));
    }

    #[test]
    fn a_name_may_start_with_an_initial() {
        let t = "The second innings: K. Oduya 54 , P. Brandtner 12 and Ö. Şahin 7.";
        for name in ["K. Oduya", "P. Brandtner", "Ö. Şahin"] {
            assert!(has(t, Label::Actor, name), "{name}: {:?}", tagged(t));
        }
        // A capital letter that ends a sentence starts no name.
        let t = "They chose plan B. Then Ivo Marek left. So did I. Marta stayed.";
        assert!(
            tagged(t)
                .iter()
                .all(|(_, s)| !s.starts_with('B') && !s.starts_with("I.")),
            "{:?}",
            tagged(t)
        );
    }

    #[test]
    fn an_ampersand_joins_one_firm() {
        let t = "The deal was advised by Barlow & Finch and by Marsh & Co on Friday.";
        assert!(has(t, Label::Actor, "Barlow & Finch"), "{:?}", tagged(t));
        assert!(has(t, Label::Actor, "Marsh & Co"), "{:?}", tagged(t));
        let t = "Talks with Доронин & Сыновья stalled.";
        assert!(has(t, Label::Actor, "Доронин & Сыновья"), "{:?}", tagged(t));
    }

    #[test]
    fn a_name_opener_inside_a_sentence_stays_in_the_name() {
        let t = "Shares rose on the New Harbour Exchange and at First Carrow Bank.";
        assert!(has(t, Label::Actor, "New Harbour Exchange"), "{:?}", tagged(t));
        assert!(has(t, Label::Actor, "First Carrow Bank"), "{:?}", tagged(t));
        // At a sentence start it stays out.
        let t = "First Carrow Bank rose. New Harbour Exchange fell.";
        assert!(
            !tagged(t)
                .iter()
                .any(|(_, s)| s.starts_with("First") || s.starts_with("New")),
            "{:?}",
            tagged(t)
        );
    }
}
