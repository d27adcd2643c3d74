//! Building the gazetteer lists from the raw data (`spanbench gazetteers --from ../shared/data`).

use super::gazetteer::{COMMON_WORDS, word_is_capitalised};
use super::lexicon::is_particle;
use crate::text::{head, tail};
use std::collections::{BTreeSet, HashSet};
use std::path::Path;

/// Folds Latin diacritics to ASCII ("Ḩamāh" -> "Hamah"); None when other letters remain.
fn ascii_fold(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let f = match c {
            'à'..='å' | 'ā' | 'ă' | 'ą' | 'ả' | 'ạ' | 'ấ' | 'ầ' | 'ẩ' | 'ậ' | 'ắ' | 'ằ' => 'a',
            'À'..='Å' | 'Ā' | 'Ă' | 'Ą' => 'A',
            'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => 'c',
            'Ç' | 'Ć' | 'Č' => 'C',
            'ḑ' | 'ď' | 'đ' | 'ḍ' => 'd',
            'Ḑ' | 'Ď' | 'Đ' | 'Ḍ' => 'D',
            'è'..='ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'ẽ' | 'ế' | 'ề' | 'ể' | 'ệ' => 'e',
            'È'..='Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => 'E',
            'ğ' | 'ġ' | 'ģ' => 'g',
            'Ğ' | 'Ġ' | 'Ģ' => 'G',
            'ḩ' | 'ḥ' | 'ħ' | 'ẖ' => 'h',
            'Ḩ' | 'Ḥ' | 'Ħ' => 'H',
            'ì'..='ï' | 'ī' | 'ı' | 'į' | 'ĩ' | 'ị' => 'i',
            'Ì'..='Ï' | 'Ī' | 'İ' | 'Į' => 'I',
            'ķ' | 'ḱ' => 'k',
            'Ķ' => 'K',
            'ł' | 'ľ' | 'ļ' | 'ĺ' => 'l',
            'Ł' | 'Ľ' | 'Ļ' => 'L',
            'ñ' | 'ń' | 'ň' | 'ņ' => 'n',
            'Ñ' | 'Ń' | 'Ň' => 'N',
            'ò'..='ö' | 'ø' | 'ō' | 'ő' | 'ơ' | 'ọ' | 'ố' | 'ồ' | 'ổ' | 'ộ' => 'o',
            'Ò'..='Ö' | 'Ø' | 'Ō' | 'Ő' => 'O',
            'ř' | 'ŕ' => 'r',
            'Ř' => 'R',
            'ś' | 'š' | 'ş' | 'ș' | 'ṣ' => 's',
            'Ś' | 'Š' | 'Ş' | 'Ș' | 'Ṣ' => 'S',
            'ţ' | 'ț' | 'ť' | 'ṭ' => 't',
            'Ţ' | 'Ț' | 'Ť' | 'Ṭ' => 'T',
            'ù'..='ü' | 'ū' | 'ů' | 'ű' | 'ų' | 'ư' | 'ụ' => 'u',
            'Ù'..='Ü' | 'Ū' | 'Ů' | 'Ű' => 'U',
            'ý' | 'ÿ' => 'y',
            'Ý' | 'Ÿ' => 'Y',
            'ž' | 'ź' | 'ż' | 'ẓ' => 'z',
            'Ž' | 'Ź' | 'Ż' | 'Ẓ' => 'Z',
            'ʿ' | 'ʾ' | '‘' | '’' => '\'',
            _ => return None,
        };
        out.push(f);
    }
    Some(out)
}

/// Whether a place name may enter a list: ASCII, capitalised, at least 4 characters
/// (acronyms excepted), and, as one word, not a common English word.
fn keep_place(name: &str, common: &HashSet<&str>) -> bool {
    let n = name.trim();
    if n.is_empty() || !n.is_ascii() || n.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    if !n.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
        return false;
    }
    if n.len() < 4 {
        return false;
    }
    if n.contains(['(', ')', '/', ',', ';', '"']) {
        return false;
    }
    if !n.split(' ').all(word_is_capitalised) {
        return false;
    }
    let lower = n.to_lowercase();
    !common.contains(lower.as_str())
}

fn write_list(out: &Path, file: &str, header: &str, items: &BTreeSet<String>) -> Result<(), String> {
    let mut s = String::new();
    for l in header.lines() {
        s.push_str("# ");
        s.push_str(l);
        s.push('\n');
    }
    for i in items {
        s.push_str(i);
        s.push('\n');
    }
    crate::store::write_atomic(&out.join(file), s.as_bytes()).map_err(|e| format!("{}: {e}", out.join(file).display()))
}

const GEONAMES_ATTR: &str = "Contains data from GeoNames (geonames.org), CC BY 4.0.";
/// People's names a small town's name must not consist of (1990 US Census, public domain).
const PERSON_NAMES: &str = include_str!("../../assets/gazetteers/person_names.txt");
/// Towns under this many people (cities1000.json) enter only by their primary name, and
/// only when it has several words that are not all people's names.
const SMALL_TOWN: u64 = 15_000;
const PHOENIX_ATTR: &str = "Phoenix actor dictionaries, Copyright (c) 2014 Open Event Data Alliance, MIT licence.";

/// Converts the raw data folder into the lists in `out`.
pub fn build(data: &Path, out: &Path) -> Result<String, String> {
    let common: HashSet<&str> = COMMON_WORDS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let parse = |p: &Path| -> Result<serde_json::Value, String> {
        serde_json::from_str(&read(p)?).map_err(|e| format!("{}:{}:{}: {e}", p.display(), e.line(), e.column()))
    };
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut report = String::new();

    // Countries: names as GeoNames writes them (ASCII-folded); exempt from the
    // common-word filter ("Turkey", "Chad", "Jordan" are countries first in news).
    let cpath = data.join("geonames/countries.json");
    let countries = parse(&cpath)?;
    let mut cs = BTreeSet::new();
    for (_, c) in countries
        .as_object()
        .ok_or(format!("{}: not an object", cpath.display()))?
    {
        if let Some(name) = c.get("name").and_then(|v| v.as_str())
            && let Some(a) = ascii_fold(name)
            && a.len() >= 4
        {
            cs.insert(a);
        }
    }
    write_list(
        out,
        "geonames_countries.txt",
        &format!("GeoNames countries. {GEONAMES_ATTR}"),
        &cs,
    )?;
    report.push_str(&format!("countries: {}\n", cs.len()));
    // National capitals: the city whose name news also uses for its government ("Moscow
    // said"), so no memory of one article's use fixes its label (memory.rs).
    let mut caps = BTreeSet::new();
    for (_, c) in countries.as_object().into_iter().flatten() {
        if let Some(a) = c.get("capital").and_then(|v| v.as_str()).and_then(ascii_fold) {
            caps.insert(a.trim().to_string());
        }
    }
    caps.remove("");
    write_list(
        out,
        "geonames_capitals.txt",
        &format!("GeoNames national capitals (countries.json, \"capital\"). {GEONAMES_ATTR}"),
        &caps,
    )?;
    report.push_str(&format!("capitals: {}\n", caps.len()));

    // First-level divisions: the ASCII name column.
    let apath = data.join("geonames/admin1CodesASCII.txt");
    let mut a1 = BTreeSet::new();
    for (i, line) in read(&apath)?.lines().enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            return Err(format!(
                "{}:{}: expected 4 tab-separated columns",
                apath.display(),
                i + 1
            ));
        }
        let name = cols[2].trim();
        if keep_place(name, &common) && !cs.contains(name) {
            a1.insert(name.to_string());
        }
    }
    write_list(
        out,
        "geonames_admin1.txt",
        &format!("GeoNames first-level divisions. {GEONAMES_ATTR}"),
        &a1,
    )?;
    report.push_str(&format!("first-level divisions: {}\n", a1.len()));

    // Cities: the primary name folded to ASCII; for cities over 100,000 people also
    // their ASCII alternate names (English forms such as "Hama" for "Ḩamāh").
    // cities1000.json (all places of 1,000+ people, a superset) is used when present.
    let people: HashSet<&str> = PERSON_NAMES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    let base = data.join("geonames/cities15000.json");
    let big = data.join("geonames/cities1000.json");
    let (ppath, listed): (&Path, HashSet<String>) = if big.exists() {
        // the places cities15000 lists (over 15,000 people, or capitals) are not "small"
        let ids = parse(&base)?
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        (&big, ids)
    } else {
        (&base, HashSet::new())
    };
    let cities = parse(ppath)?;
    let mut ci = BTreeSet::new();
    for (id, c) in cities
        .as_object()
        .ok_or(format!("{}: not an object", ppath.display()))?
    {
        let pop = c.get("population").and_then(|v| v.as_u64()).unwrap_or(0);
        let mut names: Vec<String> = Vec::new();
        if let Some(n) = c.get("name").and_then(|v| v.as_str())
            && let Some(a) = ascii_fold(n)
        {
            names.push(a);
        }
        if pop >= 100_000
            && let Some(alts) = c.get("alternatenames").and_then(|v| v.as_array())
        {
            for a in alts.iter().filter_map(|v| v.as_str()) {
                if a.is_ascii() && a.chars().filter(|c| c.is_ascii_uppercase()).count() <= 3 {
                    names.push(a.to_string());
                }
            }
        }
        let small = ppath == big && pop < SMALL_TOWN && !listed.contains(id);
        for n in names {
            // a small town enters only with a name of several words, not all of them
            // people's names ("Eureka Springs", "Levico Terme"; not "Gaming", "Karis",
            // "Kill", "Romney": one-word town names cost more false hits than they find)
            let words: Vec<&str> = n.split([' ', '-']).collect();
            let all_people = words.iter().all(|w| w.len() < 4 || people.contains(w));
            if small && (words.len() == 1 || all_people) {
                continue;
            }
            if keep_place(&n, &common) && !cs.contains(&n) {
                ci.insert(n);
            }
        }
    }
    let what = if ppath.ends_with("cities1000.json") {
        "population > 15,000; towns of 1,000 to 15,000 by a primary name of several words"
    } else {
        "population > 15,000"
    };
    write_list(
        out,
        "geonames_cities.txt",
        &format!("GeoNames cities ({what}). {GEONAMES_ATTR}"),
        &ci,
    )?;
    report.push_str(&format!("cities: {}\n", ci.len()));

    // Phoenix actors: people, institutions, international bodies and armed groups;
    // not the country blocks (their synonyms are cities and provinces), not roles.
    let mut ph = BTreeSet::new();
    for file in [
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
    ] {
        let p = data.join("phoenix").join(file);
        let text = read(&p)?;
        let mut block: Vec<String> = Vec::new();
        let mut country_block = false;
        let flush = |block: &mut Vec<String>, country_block: bool, ph: &mut BTreeSet<String>| {
            if !country_block {
                for b in block.iter() {
                    ph.insert(b.clone());
                }
            }
            block.clear();
        };
        for line in text.lines() {
            let l = line.split('#').next().unwrap_or("");
            if l.trim().is_empty() {
                continue;
            }
            let starts_entry = !l.starts_with([' ', '\t', '+']);
            if starts_entry {
                flush(&mut block, country_block, &mut ph);
                country_block = false;
            }
            let t = l.trim();
            if t.starts_with('[') {
                // A code line: a bare three-letter country code marks a country block.
                let code = t.trim_start_matches('[').split([']', ' ']).next().unwrap_or("");
                if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) && !t.contains(' ') {
                    country_block = true;
                }
                continue;
            }
            let phrase = t.trim_start_matches('+');
            let (phrase, code) = match phrase.find('[') {
                Some(i) => (head(phrase, i), Some(tail(phrase, i))),
                None => (phrase, None),
            };
            if let Some(code) = code {
                let c = code.trim_start_matches('[').split([']', ' ']).next().unwrap_or("");
                if c.len() == 3 && c.chars().all(|c| c.is_ascii_uppercase()) && !code.contains(' ') {
                    country_block = true;
                }
            }
            if let Some(n) = phoenix_phrase(phrase, &common) {
                block.push(n);
            }
        }
        flush(&mut block, country_block, &mut ph);
    }
    for c in &cs {
        ph.remove(c);
    }
    write_list(
        out,
        "phoenix_actors.txt",
        &format!("Phoenix actors (2014). {PHOENIX_ATTR}"),
        &ph,
    )?;
    report.push_str(&format!("Phoenix actors: {}\n", ph.len()));
    Ok(report)
}

/// A Phoenix phrase ("SYRIAN_OBSERVATORY_FOR_HUMAN_RIGHTS_") as a surface
/// ("Syrian Observatory for Human Rights"); None for roles and common words.
fn phoenix_phrase(raw: &str, common: &HashSet<&str>) -> Option<String> {
    let words: Vec<&str> = raw
        .trim()
        .trim_matches('_')
        .split('_')
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || !raw.is_ascii() {
        return None;
    }
    if super::lexicon::PHOENIX_SKIP_START.contains(words[0]) {
        return None;
    }
    if words
        .iter()
        .any(|w| w.contains(['(', ')', '!', '&', '*', '$', '%', '^', '~', '{', '}', '=', '+']))
    {
        return None;
    }
    if words.len() == 1 {
        let w = words[0];
        if w.len() <= 4 {
            // An acronym: kept exactly (upper case) when it has 3 or more letters.
            return (w.len() >= 3 && w.chars().all(|c| c.is_ascii_uppercase())).then(|| w.to_string());
        }
        if common.contains(w.to_lowercase().as_str()) {
            return None;
        }
    }
    if words
        .iter()
        .all(|w| common.contains(w.to_lowercase().as_str()) || is_particle(w))
    {
        return None;
    }
    let out: Vec<String> = words
        .iter()
        .map(|w| {
            let lw = w.to_lowercase();
            if is_particle(&lw) {
                return lw;
            }
            // Title case each hyphen part: AL-NUSRA -> al-Nusra, BAN_KI-MOON -> Ban Ki-Moon.
            lw.split('-')
                .map(|p| {
                    if is_particle(p) {
                        p.to_string()
                    } else {
                        let mut c = p.chars();
                        match c.next() {
                            Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                            None => String::new(),
                        }
                    }
                })
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect();
    let s = out.join(" ");
    let first = s.chars().next()?;
    if first.is_lowercase() {
        // "al-Nusra Front": fine, but the whole phrase must hold a capital.
        if !s.chars().any(char::is_uppercase) {
            return None;
        }
    }
    Some(s)
}

#[cfg(test)]
mod build_tests {
    use super::build;
    use std::path::Path;

    fn city(id: u32, name: &str, pop: u64) -> String {
        format!(
            r#""{id}": {{"geonameid": {id}, "name": "{name}", "population": {pop}, "countrycode": "XX", "admin1code": "01", "alternatenames": []}}"#
        )
    }

    fn data_folder(dir: &Path, with_1000: bool) {
        let g = dir.join("geonames");
        std::fs::create_dir_all(&g).unwrap();
        std::fs::create_dir_all(dir.join("phoenix")).unwrap();
        for f in [
            "Phoenix.Countries.actors.txt",
            "Phoenix.International.actors.txt",
            "Phoenix.MilNonState.actors.txt",
        ] {
            std::fs::write(dir.join("phoenix").join(f), "").unwrap();
        }
        std::fs::write(
            g.join("countries.json"),
            r#"{"XX": {"name": "Examplia", "capital": " Exampleton"}, "YY": {"name": "Nocapitalia", "capital": ""}}"#,
        )
        .unwrap();
        std::fs::write(g.join("admin1CodesASCII.txt"), "XX.01\tNorthshire\tNorthshire\t1\n").unwrap();
        // cities15000: a city and a small capital
        let base = [city(1, "Hamah", 20_000), city(2, "Vaduz", 5_000)];
        std::fs::write(g.join("cities15000.json"), format!("{{{}}}", base.join(", "))).unwrap();
        if with_1000 {
            let small = [
                city(3, "Eureka Springs", 2_000),
                city(4, "Karis", 3_000),
                city(5, "Camilla Martin", 1_500),
            ];
            let all: Vec<String> = base.iter().chain(small.iter()).cloned().collect();
            std::fs::write(g.join("cities1000.json"), format!("{{{}}}", all.join(", "))).unwrap();
        }
    }

    fn cities(dir: &Path) -> Vec<String> {
        let out = dir.join("out");
        build(dir, &out).unwrap();
        std::fs::read_to_string(out.join("geonames_cities.txt"))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn cities1000_adds_small_towns_with_several_word_names_only() {
        let dir = tempfile::tempdir().unwrap();
        data_folder(dir.path(), true);
        // every cities15000 place stays (the small capital too); of the small towns only
        // the several-word name that is not a person's name enters
        assert_eq!(cities(dir.path()), ["Eureka Springs", "Hamah", "Vaduz"]);
    }

    #[test]
    fn the_capitals_list_holds_each_country_capital_trimmed() {
        let dir = tempfile::tempdir().unwrap();
        data_folder(dir.path(), false);
        let out = dir.path().join("out");
        build(dir.path(), &out).unwrap();
        let caps = std::fs::read_to_string(out.join("geonames_capitals.txt")).unwrap();
        let caps: Vec<&str> = caps.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(caps, ["Exampleton"]);
    }

    #[test]
    fn without_cities1000_the_build_is_the_cities15000_one() {
        let dir = tempfile::tempdir().unwrap();
        data_folder(dir.path(), false);
        assert_eq!(cities(dir.path()), ["Hamah", "Vaduz"]);
    }
}
