//! What the layout of a line says: headlines in title case (the names suggester reads
//! no names in them), list and results lines that only look like one ("Ana Petrova
//! ( Bulgaria ) beat Ines Moreau ( France ) 6-2 6-4"), and wire datelines in capitals
//! ("OSLO 2024-05-01", "PORT LOUIS , Mauritius 2024-05-01", "KYIV ( Agency ) -"),
//! which name a place whether or not the gazetteer knows it. One pass over the tokens.

use super::gazetteer::Gazetteer;
use super::lexicon::NOT_NAMES;
use super::rules::{Cand, Doc, cand, is_cap};
use crate::model::Label;
use crate::text::tail;

/// What one line holds, counted for [`title_case_lines`].
#[derive(Default)]
struct LineStats {
    /// Words longer than 3 bytes, and those of them capitalised.
    long: usize,
    cap: usize,
    /// Parentheses, commas and semicolons, and numbers.
    parens: usize,
    commas: usize,
    numbers: usize,
}

impl LineStats {
    /// Most longer words capitalised, and no final period or closing quote.
    fn title_case(&self, last: &str) -> bool {
        self.long >= 4 && self.cap * 10 >= self.long * 8 && !matches!(last, "." | "”" | "\"" | "’")
    }

    /// A list of names rather than a headline: names in parentheses ("X ( Kenya )"),
    /// names between commas, or a line of scores. Headlines seldom have any of these.
    fn is_list(&self) -> bool {
        self.parens > 0 || self.commas >= 2 || self.numbers >= 3
    }
}

/// Byte ranges of lines written in title case (most longer words capitalised), except
/// lists and results lines (see [`LineStats::is_list`]).
pub fn title_case_lines(doc: &Doc) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut st = LineStats::default();
    let mut line_start = 0;
    let close = |st: &LineStats, start: usize, last: usize, out: &mut Vec<(usize, usize)>| {
        if st.title_case(doc.w(last)) && !st.is_list() {
            out.push((start, doc.toks[last].e));
        }
    };
    for (i, t) in doc.toks.iter().enumerate() {
        if t.nl && i > 0 {
            close(&st, line_start, i - 1, &mut out);
            st = LineStats::default();
            line_start = t.s;
        }
        let w = doc.w(i);
        if t.word {
            st.numbers += usize::from(w.starts_with(|c: char| c.is_ascii_digit()));
            if t.e - t.s > 3 {
                st.long += 1;
                st.cap += usize::from(is_cap(w));
            }
        } else {
            match w {
                "(" | ")" => st.parens += 1,
                "," | ";" => st.commas += 1,
                _ => {}
            }
        }
    }
    if !doc.toks.is_empty() {
        close(&st, line_start, doc.toks.len() - 1, &mut out);
    }
    out
}

/// A word in capitals: two letters or more, none lower case ("OSLO", "N'DJAMENA").
fn caps_word(w: &str) -> bool {
    let mut letters = 0;
    for c in w.chars() {
        if c.is_lowercase() {
            return false;
        }
        letters += usize::from(c.is_alphabetic());
    }
    letters >= 2
}

/// The longest place name of a dateline, in words.
const MAX_DATELINE_WORDS: usize = 4;

/// Wire datelines: a line that starts with a name in capitals, then optionally a comma
/// and a region ("PORT LOUIS , Mauritius"), then only a date, or an agency in
/// parentheses and a dash ("KYIV ( Agency ) -"). The name (and the region) are places.
pub fn datelines(doc: &Doc, out: &mut Vec<Cand>) {
    let toks = &doc.toks;
    let n = toks.len();
    for i in 0..n {
        if !toks[i].nl || !toks[i].word || !caps_word(doc.w(i)) {
            continue;
        }
        // The name: capital words glued by spaces or hyphens ("URUS-MARTAN").
        let (mut last, mut words, mut k) = (i, 1, i + 1);
        while k < n && words <= MAX_DATELINE_WORDS && !toks[k].nl {
            if toks[k].word && toks[k].sp && caps_word(doc.w(k)) {
                (last, words, k) = (k, words + 1, k + 1);
            } else if doc.w(k) == "-"
                && !toks[k].sp
                && k + 1 < n
                && toks[k + 1].word
                && !toks[k + 1].sp
                && caps_word(doc.w(k + 1))
            {
                (last, k) = (k + 1, k + 2);
            } else {
                break;
            }
        }
        if words > MAX_DATELINE_WORDS || k >= n || toks[k].nl {
            continue;
        }
        // ", Region": capitalised words.
        let mut region = None;
        if doc.w(k) == "," {
            let mut m = k + 1;
            while m < n && !toks[m].nl && toks[m].word && is_cap(doc.w(m)) && m < k + 4 {
                m += 1;
            }
            if m == k + 1 || m >= n || toks[m].nl {
                continue;
            }
            region = Some((toks[k + 1].s, toks[m - 1].e));
            k = m;
        }
        if !(super::context::dated(tail(doc.text, toks[k].s)) || agency_dash(doc, k)) {
            continue;
        }
        out.push(cand(
            Label::Location,
            toks[i].s,
            toks[last].e,
            0.9,
            "dateline",
            "layout",
        ));
        if let Some((s, e)) = region {
            out.push(cand(Label::Location, s, e, 0.8, "dateline region", "layout"));
        }
    }
}

/// Whether token `k` starts "( Agency ) -": capitalised words in parentheses, then a dash.
fn agency_dash(doc: &Doc, k: usize) -> bool {
    let n = doc.toks.len();
    if doc.w(k) != "(" {
        return false;
    }
    let mut m = k + 1;
    while m < n && m <= k + 3 && doc.toks[m].word && is_cap(doc.w(m)) {
        m += 1;
    }
    m > k + 1 && m + 1 < n && doc.w(m) == ")" && matches!(doc.w(m + 1), "-" | "—" | "–")
}

/// The most lower-case words (of three letters or more) a results line may have.
const MAX_RESULT_LOWER: usize = 1;

/// Results and standings lines ("Norvik 2 Talland 1", "Norvik 4 3 0 1 7 5 9",
/// "Ana Petrova ( Bulgaria ) 71 68"): at least two numbers and next to no lower-case
/// words. A run of capitalised words before a number or a parenthesis there is a team or
/// a competitor: an ACTOR. Not a known place in a list with commas: "Casualties: Aleppo
/// (12), Idlib (5)" counts by place, and the context layer labels it. One pass over the
/// tokens.
pub fn results_lines(doc: &Doc, gaz: &Gazetteer, out: &mut Vec<Cand>) {
    let toks = &doc.toks;
    let n = toks.len();
    let mut a = 0;
    while a < n {
        let mut b = a + 1;
        while b < n && !toks[b].nl {
            b += 1;
        }
        let (mut numbers, mut lower, mut commas) = (0, 0, 0);
        for (k, t) in toks.iter().enumerate().take(b).skip(a) {
            let w = doc.w(k);
            commas += usize::from(w == ",");
            if t.word {
                if w.starts_with(|c: char| c.is_ascii_digit()) {
                    numbers += 1;
                } else if w.starts_with(char::is_lowercase) && w.chars().count() >= 3 {
                    lower += 1;
                }
            }
        }
        if numbers >= 2 && lower <= MAX_RESULT_LOWER {
            let gaz = (commas > 0).then_some(gaz);
            result_names(doc, gaz, a, b, out);
        }
        a = b;
    }
}

/// The names of one results line, tokens `a..b`; with `places`, none that is exactly a
/// gazetteer place.
fn result_names(doc: &Doc, places: Option<&Gazetteer>, a: usize, b: usize, out: &mut Vec<Cand>) {
    let toks = &doc.toks;
    let name_word = |k: usize| toks[k].word && is_cap(doc.w(k));
    let mut k = a;
    while k < b {
        if !name_word(k) || k > a && toks[k - 1].word && !toks[k].sp {
            k += 1;
            continue;
        }
        let start = k;
        while k + 1 < b && name_word(k + 1) && toks[k + 1].sp {
            k += 1;
        }
        let next = if k + 1 < b { doc.w(k + 1) } else { "" };
        let before_score = next.starts_with(|c: char| c.is_ascii_digit()) || next == "(";
        let letters = doc.w(start).chars().count() + usize::from(k > start);
        let place = places.is_some_and(|g| {
            doc.gaz_at(g, start)
                .is_some_and(|h| h.end == toks[k].e && h.cat.is_place())
        });
        if before_score && toks.get(k + 1).is_some_and(|t| t.sp) && letters >= 2 && !place && !doc.inn(start, NOT_NAMES)
        {
            out.push(cand(
                Label::Actor,
                toks[start].s,
                toks[k].e,
                0.6,
                "name in a results line",
                "layout",
            ));
        }
        k += 1;
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
    fn a_capitals_dateline_before_a_date_is_a_place() {
        let t = "Storm hits coast\nVARNAKOVO 2024-05-01\nThe storm hit the coast on Monday.";
        assert!(has(t, Label::Location, "VARNAKOVO"), "{:?}", tagged(t));
        let t = "Storm\nSAN TORVALDO , Maredia 2024-05-01\nRain fell.";
        assert!(has(t, Label::Location, "SAN TORVALDO"), "{:?}", tagged(t));
        assert!(has(t, Label::Location, "Maredia"), "{:?}", tagged(t));
        // Non-ASCII capitals, hyphen-glued names, the agency form.
        let t = "Storm\nİZMİT-ÇAYKÖY ( Agency ) - Rain fell on Monday.";
        assert!(has(t, Label::Location, "İZMİT-ÇAYKÖY"), "{:?}", tagged(t));
        let t = "Storm\nВЕРХНЕГОРСК 2024-05-01\nRain fell.";
        assert!(has(t, Label::Location, "ВЕРХНЕГОРСК"), "{:?}", tagged(t));
    }

    #[test]
    fn a_capitals_line_without_a_date_is_no_dateline() {
        let t = "TENNIS - LOCAL HEROES WIN AGAIN\nThe match ended late.";
        assert!(tagged(t).iter().all(|(l, _)| *l != Label::Location), "{:?}", tagged(t));
        let t = "Storm\nUPDATE 3 fell on Monday.";
        assert!(!has(t, Label::Location, "UPDATE"), "{:?}", tagged(t));
    }

    #[test]
    fn a_results_line_in_title_case_is_no_headline() {
        let t =
            "Results of the final on Sunday:\nMarta Kowalczyk ( Poland ) beat Oyelaran Adebayo ( Nigeria ) 6-2 6-4\n";
        assert!(has(t, Label::Actor, "Marta Kowalczyk"), "{:?}", tagged(t));
        assert!(has(t, Label::Actor, "Oyelaran Adebayo"), "{:?}", tagged(t));
        let t = "The squad:\nTomasz Wrona , Henrik Falkberg , Davide Ostuni , Koray Yıldırımer\n";
        assert!(has(t, Label::Actor, "Koray Yıldırımer"), "{:?}", tagged(t));
    }

    #[test]
    fn names_in_a_results_line_are_actors() {
        let t =
            "Results on Saturday:\nNorvik Rovers 2 Talland 1\nSüleymanköy 4 3 0 1 7 5 9\nKarl Østby ( Norway ) 71 68\n";
        for name in ["Norvik Rovers", "Talland", "Süleymanköy", "Karl Østby"] {
            assert!(has(t, Label::Actor, name), "{name}: {:?}", tagged(t));
        }
        // Not in prose, and not a month before a day.
        let t = "Talland sold 2 ships and Norvik 3 boats in the year.\nResults on August 30 1996 and 31";
        assert!(!has(t, Label::Actor, "Talland"), "{:?}", tagged(t));
        assert!(!has(t, Label::Actor, "August"), "{:?}", tagged(t));
    }

    #[test]
    fn places_counted_in_a_list_stay_places() {
        // A toll by place reads like a results line; its places are no teams.
        let t = "Casualties on Sunday: Aleppo (12), İzmir (5), Hama (3), Norvik Rovers (2).\n";
        for place in ["Aleppo", "Hama"] {
            assert!(!has(t, Label::Actor, place), "{place}: {:?}", tagged(t));
            assert!(has(t, Label::Location, place), "{place}: {:?}", tagged(t));
        }
        // A name the gazetteer does not know as a place is still read as a competitor.
        assert!(has(t, Label::Actor, "Norvik Rovers"), "{:?}", tagged(t));
    }
}
