//! Gazetteers: compact text lists in assets/gazetteers (built from GeoNames and Phoenix by
//! [`build`], plus a hand-kept list), embedded in the binary, matched with one
//! aho-corasick automaton, leftmost-longest, anchored at capitalised word starts.

use crate::text::{head, sub, tail};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeSet, HashSet};
use std::path::Path;

pub const COUNTRIES: &str = include_str!("../../assets/gazetteers/geonames_countries.txt");
pub const ADMIN1: &str = include_str!("../../assets/gazetteers/geonames_admin1.txt");
pub const CITIES: &str = include_str!("../../assets/gazetteers/geonames_cities.txt");
pub const PHOENIX: &str = include_str!("../../assets/gazetteers/phoenix_actors.txt");
pub const HAND: &str = include_str!("../../assets/gazetteers/hand.txt");
pub const COMMON_WORDS: &str = include_str!("../../assets/gazetteers/common_words.txt");

/// What a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cat {
    Country,
    Region,
    Water,
    Intl,
    Gov,
    Group,
    Agency,
    Platform,
    DemonymAdj,
    DemonymPl,
    Admin1,
    City,
    Phoenix,
}

impl Cat {
    /// Every category, in the order of [`Cat::index`].
    const ALL: [Cat; 13] = [
        Cat::Country,
        Cat::Region,
        Cat::Water,
        Cat::Intl,
        Cat::Gov,
        Cat::Group,
        Cat::Agency,
        Cat::Platform,
        Cat::DemonymAdj,
        Cat::DemonymPl,
        Cat::Admin1,
        Cat::City,
        Cat::Phoenix,
    ];

    /// A small number for the category (0..13), for compact tables.
    pub fn index(self) -> u8 {
        self as u8
    }

    /// The category of [`Cat::index`] `i` (the last one for a number out of range).
    pub fn from_index(i: u8) -> Cat {
        Cat::ALL[(i as usize).min(Cat::ALL.len() - 1)]
    }

    pub fn name(self) -> &'static str {
        match self {
            Cat::Country => "countries",
            Cat::Region => "regions",
            Cat::Water => "seas, rivers and mountains",
            Cat::Admin1 => "first-level divisions",
            Cat::City => "cities",
            Cat::Intl => "international bodies",
            Cat::Gov => "governments and agencies",
            Cat::Group => "armed groups",
            Cat::Agency => "news agencies",
            Cat::Phoenix => "Phoenix actors",
            Cat::Platform => "platforms",
            Cat::DemonymAdj => "nationality adjectives",
            Cat::DemonymPl => "peoples",
        }
    }

    /// A place whose label the context decides (ACTOR when it acts).
    pub fn is_place(self) -> bool {
        matches!(self, Cat::Country | Cat::Region | Cat::Admin1 | Cat::City)
    }

    pub fn is_actor(self) -> bool {
        matches!(self, Cat::Intl | Cat::Gov | Cat::Group | Cat::Agency | Cat::Phoenix)
    }

    fn parse(s: &str) -> Option<Cat> {
        Some(match s {
            "country" => Cat::Country,
            "region" => Cat::Region,
            "water" => Cat::Water,
            "intl" => Cat::Intl,
            "gov" => Cat::Gov,
            "group" => Cat::Group,
            "agency" => Cat::Agency,
            "platform" => Cat::Platform,
            _ => return None,
        })
    }
}

/// How a match must be written in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Exactly as the entry (acronyms: "ISIS", "AP", "U.S.").
    Exact,
    /// Every word capitalised (particles "al-", "de", "of" excepted), any other case.
    Name,
}

#[derive(Debug, Clone)]
struct Entry {
    surface: &'static str,
    cat: Cat,
    mode: Mode,
}

/// A gazetteer hit: byte range and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub cat: Cat,
}

/// All the lists and their automaton.
pub struct Gazetteer {
    /// ASCII-lower-cased surface -> its index in `entries`.
    keys: FxHashMap<Box<[u8]>, u32>,
    /// The first word (bytes up to the first that is not an ASCII letter or digit) of
    /// every surface, with the longest surface (in bytes) that starts with it: most
    /// capitalised words start none, and are done in one look-up; the others try only
    /// the word ends within that length.
    /// Keyed by the hash of the word (a compact table that stays in cache; a collision
    /// only makes a look-up try more word ends, which the exact keys then refuse).
    first_words: FxHashMap<u64, u8>,
    /// Hashes of every word-boundary prefix of a surface (the bytes before a char that
    /// is not a letter or digit: "new" and "new york" of "new york city"): a look-up
    /// stops at the first word end no surface goes on across.
    prefixes: FxHashSet<u64>,
    /// Per pattern (lower-cased surface): the entries it stands for, best category first.
    entries: Vec<Vec<Entry>>,
    pub common: FxHashSet<&'static str>,
    /// Lower-cased nationality adjective -> plural.
    pub demonyms: FxHashMap<String, String>,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Gazetteer({} patterns)", self.entries.len())
    }
}

pub use super::lexicon::is_particle;

/// Whether one word of a match is written as a name: capitalised, a particle, or
/// "al-Nusra"-like (particle, hyphen or apostrophe, capital).
fn word_is_capitalised(w: &str) -> bool {
    let Some(first) = w.chars().next() else { return true };
    if first.is_uppercase() || first.is_numeric() {
        return true;
    }
    if is_particle(w.trim_end_matches(['.', ','])) {
        return true;
    }
    if let Some(i) = w.find(['-', '\'', '’']) {
        let (p, rest) = w.split_at(i);
        let rest = rest.trim_start_matches(['-', '\'', '’']);
        return is_particle(p) && rest.chars().next().is_some_and(|c| c.is_uppercase());
    }
    false
}

impl Gazetteer {
    /// Builds the look-up tables from the embedded lists.
    pub fn embedded() -> Gazetteer {
        let common: FxHashSet<&'static str> = COMMON_WORDS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect();
        let mut list: Vec<Entry> = Vec::with_capacity(CITIES.len() / 8);
        let mut demonyms = FxHashMap::default();
        for line in HAND.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let Some((cat, surface)) = line.split_once('\t') else {
                continue;
            };
            if cat == "demonym" {
                if let Some((adj, pl)) = surface.split_once(':') {
                    demonyms.insert(adj.to_lowercase(), pl.to_string());
                    list.push(entry(adj, Cat::DemonymAdj));
                    if pl != adj {
                        list.push(entry(pl, Cat::DemonymPl));
                    }
                }
                continue;
            }
            if let Some(cat) = Cat::parse(cat) {
                list.push(entry(surface, cat));
            }
        }
        for (text, cat) in [
            (COUNTRIES, Cat::Country),
            (ADMIN1, Cat::Admin1),
            (PHOENIX, Cat::Phoenix),
            (CITIES, Cat::City),
        ] {
            for line in text.lines() {
                if line.starts_with('#') || line.is_empty() {
                    continue;
                }
                list.push(entry(line, cat));
            }
        }
        // One pattern per lower-cased surface, entries ordered by category priority.
        // A hash of the surfaces: building it takes milliseconds (an automaton over the
        // 60,000 surfaces took most of a second), and a lookup at a word start tries
        // only the word ends within the longest surface of its first word.
        let mut keys: FxHashMap<Box<[u8]>, u32> = FxHashMap::default();
        keys.reserve(list.len());
        let mut entries: Vec<Vec<Entry>> = Vec::with_capacity(list.len());
        let mut first_words: FxHashMap<u64, u8> = FxHashMap::default();
        for e in list {
            if e.surface.len() > MAX_PATTERN {
                continue;
            }
            let key = e.surface.as_bytes().to_ascii_lowercase();
            let i = match keys.get(key.as_slice()) {
                Some(&i) => i as usize,
                None => {
                    let m = first_words.entry(hash_bytes(first_word(&key))).or_insert(0);
                    *m = (*m).max(key.len() as u8);
                    keys.insert(key.into_boxed_slice(), entries.len() as u32);
                    entries.push(Vec::new());
                    entries.len() - 1
                }
            };
            let v = &mut entries[i];
            if !v.iter().any(|x| x.cat == e.cat && x.mode == e.mode) {
                v.push(e);
            }
        }
        for v in &mut entries {
            v.sort_by_key(|e| e.cat);
        }
        let mut prefixes = FxHashSet::default();
        for k in keys.keys() {
            if let Ok(k) = std::str::from_utf8(k) {
                for (i, c) in k.char_indices() {
                    if i > 0 && !c.is_alphanumeric() {
                        prefixes.insert(hash_bytes(&k.as_bytes()[..i]));
                    }
                }
            }
        }
        Gazetteer {
            keys,
            first_words,
            prefixes,
            entries,
            common,
            demonyms,
        }
    }

    /// Number of distinct surfaces.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The longest entry that starts exactly at byte `at` and ends at a word boundary,
    /// written as its mode requires. Surfaces are keyed ASCII-lower-cased, and looked up
    /// on an ASCII-lower-cased window of the text (surfaces are at most [`MAX_PATTERN`]
    /// bytes), longest word end first.
    pub fn match_at(&self, text: &str, at: usize) -> Option<Hit> {
        let bytes = text.as_bytes();
        if at >= bytes.len() || !text.is_char_boundary(at) {
            return None;
        }
        let end_w = (at + MAX_PATTERN).min(bytes.len());
        let mut buf = [0u8; MAX_PATTERN];
        let window = &bytes[at..end_w];
        // The first word, lower-cased, decides whether any surface can start here.
        let fw = window
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(window.len());
        for (d, s) in buf[..fw].iter_mut().zip(window) {
            *d = s.to_ascii_lowercase();
        }
        let &longest = self.first_words.get(&hash_bytes(&buf[..fw]))?;
        let n = (longest as usize).min(window.len());
        for (d, s) in buf[fw..n].iter_mut().zip(&window[fw.min(n)..n]) {
            *d = s.to_ascii_lowercase();
        }
        // Candidate ends within the longest surface: every char end not followed by a
        // letter or digit, shortest first, while the text so far starts some surface.
        let mut found = [(0u8, 0u32); MAX_PATTERN];
        let mut k = 0;
        let mut chars = sub(text, at, end_w).char_indices().peekable();
        while let Some((i, ch)) = chars.next() {
            let end = i + ch.len_utf8();
            if end > n {
                break;
            }
            let next = match chars.peek() {
                Some(&(_, c)) => Some(c),
                None => tail(text, at + end).chars().next(),
            };
            if !next.is_some_and(char::is_alphanumeric) {
                let key = &buf[..end];
                if let Some(&p) = self.keys.get(key) {
                    found[k] = (end as u8, p);
                    k += 1;
                }
                // A longer surface would go on across this word end.
                if !self.prefixes.contains(&hash_bytes(key)) {
                    break;
                }
            }
        }
        for &(len, p) in found[..k].iter().rev() {
            let end = at + len as usize;
            if let Some(h) = self.pick(p as usize, sub(text, at, end), at, end) {
                return Some(h);
            }
        }
        None
    }

    fn pick(&self, pattern: usize, found: &str, start: usize, end: usize) -> Option<Hit> {
        for e in &self.entries[pattern] {
            let ok = match e.mode {
                Mode::Exact => found == e.surface,
                Mode::Name => found.split(' ').all(word_is_capitalised),
            };
            if ok {
                return Some(Hit { start, end, cat: e.cat });
            }
        }
        None
    }
}

/// The bytes of `key` up to the first that is not an ASCII letter or digit (a whole
/// non-ASCII key when it has no such byte).
fn first_word(key: &[u8]) -> &[u8] {
    let end = key.iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(key.len());
    &key[..end]
}

/// The hash of a byte string (for the prefix set).
fn hash_bytes(b: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(b)
}

/// The longest surface the gazetteers keep, in bytes.
pub const MAX_PATTERN: usize = 64;

fn entry(surface: &'static str, cat: Cat) -> Entry {
    let mut letters = surface.chars().filter(|c| c.is_alphabetic()).peekable();
    let all_upper = letters.peek().is_some() && letters.all(char::is_uppercase);
    let mode = if all_upper || surface.chars().count() <= 3 {
        Mode::Exact
    } else {
        Mode::Name
    };
    Entry { surface, cat, mode }
}

// ---------------------------------------------------------------------------------------
// Building the lists from the raw data (`spanbench gazetteers --from ../shared/data`).

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
        std::fs::write(g.join("countries.json"), r#"{"XX": {"name": "Examplia"}}"#).unwrap();
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
    fn without_cities1000_the_build_is_the_cities15000_one() {
        let dir = tempfile::tempdir().unwrap();
        data_folder(dir.path(), false);
        assert_eq!(cities(dir.path()), ["Hamah", "Vaduz"]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_numbers_round_trip() {
        for c in Cat::ALL {
            assert_eq!(Cat::from_index(c.index()), c);
        }
    }

    #[test]
    fn the_longest_surface_wins_and_word_ends_are_respected() {
        let g = Gazetteer::embedded();
        let text = "He flew to New York City and then to Newcastle upon Tyne.";
        let at = text.find("New York").unwrap();
        let h = g.match_at(text, at).unwrap();
        assert!(crate::text::sub(text, h.start, h.end).starts_with("New York"), "{h:?}");
        // No surface ends inside a word: "Newcastle" is not "New".
        let at = text.find("Newcastle").unwrap();
        assert!(
            g.match_at(text, at)
                .is_none_or(|h| h.end - h.start >= "Newcastle".len())
        );
        // Lower-cased text is not a name.
        assert!(g.match_at("the france word", 4).is_none());
    }
}
