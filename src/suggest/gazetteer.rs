//! Gazetteers: compact text lists in assets/gazetteers (built from GeoNames and Phoenix by
//! `spanbench gazetteers`, plus a hand-kept list), embedded in the binary, and looked up
//! by hash at capitalised word starts, the longest surface that ends at a word boundary
//! (see [`Gazetteer::match_at`]).

use crate::text::{sub, tail};
use rustc_hash::{FxHashMap, FxHashSet};

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

/// All the lists and their look-up tables.
pub struct Gazetteer {
    /// Per word-boundary string of a surface (ASCII-lower-cased), keyed by its hash's tag
    /// (see [`Words`]): the
    /// pattern it is (index + 1 in the bits of [`PATTERN`], 0 for none), whether a longer
    /// surface goes on across its end ([`PREFIX`], the bytes before a char that is not a
    /// letter or digit: "new" and "new york" of "new york city"), and whether another
    /// surface has the same tag ([`MORE`], in `collided`). One look-up per word end; a
    /// pattern is confirmed by its bytes, a prefix needs no confirming (a collision only
    /// makes a look-up try more word ends, which the exact keys then refuse).
    words: Words,
    /// Per pattern: where its lower-cased surface is in `key_bytes` (offset, length).
    key_at: Vec<(u32, u8)>,
    key_bytes: Vec<u8>,
    /// Surfaces whose tag another surface has already.
    collided: FxHashMap<Box<[u8]>, u32>,
    /// The first word (bytes up to the first that is not an ASCII letter or digit) of
    /// every surface, with the longest surface (in bytes) that starts with it, in a table
    /// indexed by the word's hash (the largest length of the words sharing a slot): most
    /// capitalised words start none, and are done with one read of a table that stays in
    /// cache; the others try only the word ends within that length.
    first_len: Box<[u8]>,
    /// The entries each pattern (lower-cased surface) stands for, best category first:
    /// pattern `p`'s are `entries[entry_at[p]..entry_at[p + 1]]` (one array, not a vector
    /// per pattern).
    entries: Vec<Entry>,
    entry_at: Vec<u32>,
    pub common: FxHashSet<&'static str>,
    /// Lower-cased nationality adjective -> plural.
    pub demonyms: FxHashMap<String, String>,
}

/// The table of [`Gazetteer::words`]: open-addressed, linear probing, a slot a (tag,
/// value) pair of `u32`s (tag 0: empty), half the size of a hash map of `u64` keys, for
/// fewer cache misses. The tag is the high half of a key's hash, made non-zero, and also
/// picks the slot a probe starts at: keys with the same tag are one key to the table
/// (their values are or-ed, as for keys of the same hash before), keys with another tag
/// never meet in it.
struct Words {
    slots: Box<[(u32, u32)]>,
    len: usize,
}

impl Words {
    fn with_capacity(n: usize) -> Words {
        let size = (n.max(8) * 2).next_power_of_two();
        Words {
            slots: vec![(0, 0); size].into_boxed_slice(),
            len: 0,
        }
    }

    #[inline]
    fn tag(h: u64) -> u32 {
        ((h >> 32) as u32).max(1)
    }

    #[inline]
    fn home(&self, tag: u32) -> usize {
        (tag.wrapping_mul(0x9E37_79B9) as usize) & (self.slots.len() - 1)
    }

    /// The value of the key of hash `h` (0 for none).
    #[inline]
    fn get(&self, h: u64) -> u32 {
        let tag = Self::tag(h);
        let mask = self.slots.len() - 1;
        let mut i = self.home(tag);
        loop {
            let (t, v) = self.slots[i];
            if t == tag {
                return v;
            }
            if t == 0 {
                return 0;
            }
            i = (i + 1) & mask;
        }
    }

    /// The value of the key of hash `h`, added as 0 if new.
    fn entry(&mut self, h: u64) -> &mut u32 {
        if (self.len + 1) * 8 > self.slots.len() * 5 {
            self.grow();
        }
        let tag = Self::tag(h);
        let mask = self.slots.len() - 1;
        let mut i = self.home(tag);
        while self.slots[i].0 != tag && self.slots[i].0 != 0 {
            i = (i + 1) & mask;
        }
        if self.slots[i].0 == 0 {
            self.slots[i].0 = tag;
            self.len += 1;
        }
        &mut self.slots[i].1
    }

    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![(0, 0); size].into_boxed_slice());
        let mask = self.slots.len() - 1;
        for (t, v) in old.into_vec() {
            if t != 0 {
                let mut i = self.home(t);
                while self.slots[i].0 != 0 {
                    i = (i + 1) & mask;
                }
                self.slots[i] = (t, v);
            }
        }
    }
}

/// [`Gazetteer::words`] value bits: the pattern index + 1, a longer surface goes on, and
/// another surface shares the hash.
const PATTERN: u32 = (1 << 30) - 1;
const PREFIX: u32 = 1 << 31;
const MORE: u32 = 1 << 30;
/// Bits of a first word's hash that index [`Gazetteer::first_len`].
const FIRST_BITS: u32 = 18;

fn first_slot(h: u64) -> usize {
    (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - FIRST_BITS)) as usize
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Gazetteer({} patterns)", self.len())
    }
}

pub use super::lexicon::is_particle;

/// Whether one word of a match is written as a name: capitalised, a particle, or
/// "al-Nusra"-like (particle, hyphen or apostrophe, capital).
pub(super) fn word_is_capitalised(w: &str) -> bool {
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
        // Every table is filled in one pass, without an allocation per surface: the
        // lower-cased surface is made on the stack, and looked up as `match_at` does.
        // (pattern, entry) in the order of the lists; grouped by pattern below.
        let mut found: Vec<(u32, Entry)> = Vec::with_capacity(list.len());
        let mut first_len = vec![0u8; 1 << FIRST_BITS].into_boxed_slice();
        let mut words = Words::with_capacity(list.len() * 3 / 2);
        let mut key_at: Vec<(u32, u8)> = Vec::with_capacity(list.len());
        let mut key_bytes: Vec<u8> = Vec::with_capacity(list.len() * 16);
        let mut collided: FxHashMap<Box<[u8]>, u32> = FxHashMap::default();
        let mut buf = [0u8; MAX_PATTERN];
        for e in list {
            if e.surface.len() > MAX_PATTERN {
                continue;
            }
            let key = &mut buf[..e.surface.len()];
            key.copy_from_slice(e.surface.as_bytes());
            key.make_ascii_lowercase();
            let key = &*key;
            let v = words.entry(hash_bytes(key));
            let i = match find_pattern(&key_at, &key_bytes, &collided, *v, key) {
                Some(i) => i as usize,
                None => {
                    let i = key_at.len() as u32;
                    let m = &mut first_len[first_slot(hash_bytes(first_word(key)))];
                    *m = (*m).max(key.len() as u8);
                    key_at.push((key_bytes.len() as u32, key.len() as u8));
                    key_bytes.extend_from_slice(key);
                    if *v & PATTERN == 0 {
                        *v |= i + 1;
                    } else {
                        *v |= MORE;
                        collided.insert(key.into(), i);
                    }
                    i as usize
                }
            };
            found.push((i as u32, e));
        }
        // Per pattern, its entries by category (a stable sort: the lists' order within
        // one), the first of each (category, mode) kept: as keeping the first of each in
        // the lists' order, then sorting by category. Grouped by pattern with a count per
        // pattern (a sort of all entries took a third of the build).
        let np = key_at.len();
        let mut start = vec![0u32; np + 1];
        for &(p, _) in &found {
            start[p as usize + 1] += 1;
        }
        for p in 0..np {
            start[p + 1] += start[p];
        }
        let mut grouped: Vec<Option<Entry>> = vec![None; found.len()];
        let mut fill = start.clone();
        for (p, e) in found {
            grouped[fill[p as usize] as usize] = Some(e);
            fill[p as usize] += 1;
        }
        let mut entries: Vec<Entry> = Vec::with_capacity(grouped.len());
        let mut entry_at: Vec<u32> = Vec::with_capacity(np + 1);
        for p in 0..np {
            let first = entries.len();
            entry_at.push(first as u32);
            for e in grouped[start[p] as usize..start[p + 1] as usize]
                .iter_mut()
                .filter_map(Option::take)
            {
                if !entries[first..].iter().any(|x| x.cat == e.cat && x.mode == e.mode) {
                    entries.push(e);
                }
            }
            entries[first..].sort_by_key(|e| e.cat);
        }
        entry_at.push(entries.len() as u32);
        for &(off, len) in &key_at {
            let k = &key_bytes[off as usize..off as usize + len as usize];
            // (An ASCII key a byte at a time: its chars are its bytes.)
            if k.is_ascii() {
                for (i, b) in k.iter().enumerate().skip(1) {
                    if !b.is_ascii_alphanumeric() {
                        *words.entry(hash_bytes(&k[..i])) |= PREFIX;
                    }
                }
            } else if let Ok(k) = std::str::from_utf8(k) {
                for (i, c) in k.char_indices() {
                    if i > 0 && !c.is_alphanumeric() {
                        *words.entry(hash_bytes(&k.as_bytes()[..i])) |= PREFIX;
                    }
                }
            }
        }
        Gazetteer {
            words,
            key_at,
            key_bytes,
            collided,
            first_len,
            entries,
            entry_at,
            common,
            demonyms,
        }
    }

    /// Number of distinct surfaces.
    pub fn len(&self) -> usize {
        self.key_at.len()
    }

    pub fn is_empty(&self) -> bool {
        self.key_at.is_empty()
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
        let window = &bytes[at..end_w];
        // The window, lower-cased in place eight bytes at a time as far as it is read.
        let mut buf = [0u8; MAX_PATTERN];
        buf[..window.len()].copy_from_slice(window);
        // The first word, lower-cased, decides whether any surface can start here.
        let fw = window
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(window.len());
        lower_ascii(&mut buf, 0, fw);
        // (A surface that starts with this first word is at least as long: a shorter
        // length is another word's, sharing the slot.)
        let longest = self.first_len[first_slot(hash_bytes(&buf[..fw]))];
        if longest == 0 || (longest as usize) < fw {
            return None;
        }
        let n = (longest as usize).min(window.len());
        lower_ascii(&mut buf, fw, n);
        // Candidate ends within the longest surface: every char end not followed by a
        // letter or digit, shortest first, while the text so far starts some surface.
        let mut found = [(0u8, 0u32); MAX_PATTERN];
        let mut k = 0;
        // The chars of the window by their lead bytes (`at` is a char boundary): the
        // ends `char_indices` gives, without decoding but where the next char is not ASCII.
        let mut i = 0;
        while i < window.len() {
            let end = i + utf8_len(window[i]);
            if end > n {
                break;
            }
            let next_alnum = match bytes.get(at + end) {
                None => false,
                Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
                Some(_) => tail(text, at + end).chars().next().is_some_and(char::is_alphanumeric),
            };
            i = end;
            if !next_alnum {
                let key = &buf[..end];
                let v = self.words.get(hash_bytes(key));
                if let Some(p) = find_pattern(&self.key_at, &self.key_bytes, &self.collided, v, key) {
                    found[k] = (end as u8, p);
                    k += 1;
                }
                // A longer surface would go on across this word end.
                if v & PREFIX == 0 {
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
        let (a, b) = (self.entry_at[pattern], self.entry_at[pattern + 1]);
        for e in &self.entries[a as usize..b as usize] {
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

/// ASCII-lower-cases (as `to_ascii_lowercase`, other bytes as they are) the 8-byte
/// words of `buf` from the one holding byte `from` through the one holding byte `to - 1`
/// (`from <= to`); a word lower-cased again stays as it is.
#[inline]
fn lower_ascii(buf: &mut [u8; MAX_PATTERN], from: usize, to: usize) {
    for c in buf[from / 8 * 8..to.div_ceil(8) * 8].chunks_exact_mut(8) {
        let x = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        c.copy_from_slice(&lower_word(x).to_le_bytes());
    }
}

/// The bytes of `x` ASCII-lower-cased: 0x20 added to each byte in `A..=Z`.
#[inline]
fn lower_word(x: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Seven bits per byte plus at most 0x3F: no carry leaves its byte.
    let low7 = x & !HIGH;
    let at_least_a = low7 + ONES * u64::from(0x80 - b'A');
    let above_z = low7 + ONES * u64::from(0x80 - b'Z' - 1);
    let upper = at_least_a & !above_z & !x & HIGH;
    x | (upper >> 2)
}

/// The length of the UTF-8 char whose lead byte is `b`.
#[inline]
fn utf8_len(b: u8) -> usize {
    match b {
        0..0x80 => 1,
        0x80..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    }
}

/// The pattern that is `key`, given the [`Gazetteer::words`] value `v` of its hash.
#[inline]
fn find_pattern(
    key_at: &[(u32, u8)],
    key_bytes: &[u8],
    collided: &FxHashMap<Box<[u8]>, u32>,
    v: u32,
    key: &[u8],
) -> Option<u32> {
    let p = v & PATTERN;
    if p == 0 {
        return None;
    }
    let (off, len) = key_at[p as usize - 1];
    if key_bytes.get(off as usize..off as usize + len as usize) == Some(key) {
        return Some(p - 1);
    }
    if v & MORE != 0 {
        return collided.get(key).copied();
    }
    None
}

/// The bytes of `key` up to the first that is not an ASCII letter or digit (a whole
/// non-ASCII key when it has no such byte).
fn first_word(key: &[u8]) -> &[u8] {
    let end = key.iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(key.len());
    &key[..end]
}

/// The hash of a byte string (for the look-up tables).
fn hash_bytes(b: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(b)
}

/// The longest surface the gazetteers keep, in bytes.
pub const MAX_PATTERN: usize = 64;

fn entry(surface: &'static str, cat: Cat) -> Entry {
    if surface.is_ascii() {
        // (As below, for ASCII: a letter is upper case unless it is lower case.)
        let b = surface.as_bytes();
        let all_upper = b.iter().any(u8::is_ascii_alphabetic) && !b.iter().any(u8::is_ascii_lowercase);
        let mode = if all_upper || b.len() <= 3 {
            Mode::Exact
        } else {
            Mode::Name
        };
        return Entry { surface, cat, mode };
    }
    let mut letters = surface.chars().filter(|c| c.is_alphabetic()).peekable();
    let all_upper = letters.peek().is_some() && letters.all(char::is_uppercase);
    let mode = if all_upper || surface.chars().count() <= 3 {
        Mode::Exact
    } else {
        Mode::Name
    };
    Entry { surface, cat, mode }
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

    /// [`Gazetteer::match_at`] as it was written first: the window lower-cased a byte at
    /// a time, its chars walked with `char_indices`.
    fn match_at_by_chars(g: &Gazetteer, text: &str, at: usize) -> Option<Hit> {
        let bytes = text.as_bytes();
        if at >= bytes.len() || !text.is_char_boundary(at) {
            return None;
        }
        let end_w = (at + MAX_PATTERN).min(bytes.len());
        let mut buf = [0u8; MAX_PATTERN];
        let window = &bytes[at..end_w];
        let fw = window
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(window.len());
        for (d, s) in buf[..fw].iter_mut().zip(window) {
            *d = s.to_ascii_lowercase();
        }
        let longest = g.first_len[first_slot(hash_bytes(&buf[..fw]))];
        if longest == 0 || (longest as usize) < fw {
            return None;
        }
        let n = (longest as usize).min(window.len());
        for (d, s) in buf[fw..n].iter_mut().zip(&window[fw.min(n)..n]) {
            *d = s.to_ascii_lowercase();
        }
        let mut found = Vec::new();
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
                let v = g.words.get(hash_bytes(key));
                if let Some(p) = find_pattern(&g.key_at, &g.key_bytes, &g.collided, v, key) {
                    found.push((end, p));
                }
                if v & PREFIX == 0 {
                    break;
                }
            }
        }
        found
            .into_iter()
            .rev()
            .find_map(|(len, p)| g.pick(p as usize, sub(text, at, at + len), at, at + len))
    }

    #[test]
    fn the_byte_walk_is_the_char_walk() {
        let g = Gazetteer::embedded();
        let seed = include_str!("../../seeds/004_002fb6ada771653b.txt");
        // Non-ASCII next to names, in them and at the window's edge.
        let odd = "Erdoğan’s İstanbul, São Paulo—Côte d'Ivoire, al-Nusra Front·New Yorké, \
                   Ürümqi ÜRÜMQI Moscowß Kyiv\u{301} U.S.-led «Damascus» 東京 Aleppo";
        let long = format!(
            "{} {}",
            "Islamic State of Iraq and the Levant ".repeat(3),
            "é".repeat(40)
        );
        let mut hits = 0;
        for text in [seed, odd, long.as_str(), "", "a", "é", "New York"] {
            for at in 0..=text.len() + 1 {
                let h = g.match_at(text, at);
                assert_eq!(h, match_at_by_chars(&g, text, at), "at {at} of {text:?}");
                hits += usize::from(h.is_some());
            }
        }
        assert!(hits > 30, "{hits}");
    }

    #[test]
    fn word_lower_casing_is_to_ascii_lowercase() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                let mut bytes = *b"AbZ@[`z{";
                bytes[lane] = b;
                let mut want = bytes;
                want.make_ascii_lowercase();
                assert_eq!(
                    lower_word(u64::from_le_bytes(bytes)).to_le_bytes(),
                    want,
                    "{b:#x} at {lane}"
                );
            }
        }
    }

    #[test]
    fn lead_bytes_give_char_lengths() {
        for c in ['a', '\u{7f}', 'é', 'ß', '’', '東', '\u{ffff}', '😀', '\u{10ffff}'] {
            let mut b = [0u8; 4];
            assert_eq!(utf8_len(c.encode_utf8(&mut b).as_bytes()[0]), c.len_utf8(), "{c:?}");
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
