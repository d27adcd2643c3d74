//! Word lists the rules use: titles, institution heads, verbs, prepositions.
//!
//! The lists are data, in `assets/lexicon/*.txt` (one entry a line, `#` starts a
//! comment; where they came from is in `assets/lexicon/README.md`). Each is embedded
//! at build time and parsed into a hash set the first time it is asked.

use std::sync::OnceLock;

type Set = rustc_hash::FxHashSet<&'static str>;

/// One word list: its embedded text and the set built from it on first use.
pub struct List {
    src: &'static str,
    set: OnceLock<Set>,
    /// Its bit in [`flags`].
    bit: u32,
}

impl List {
    pub const fn new(src: &'static str, bit: u32) -> List {
        assert!(bit < 32);
        List {
            src,
            set: OnceLock::new(),
            bit,
        }
    }

    /// Its bit in the [`flags`] of a word.
    pub fn mask(&self) -> u32 {
        1 << self.bit
    }

    /// The entries, in file order (comments and blank lines skipped).
    pub fn entries(&self) -> impl Iterator<Item = &'static str> {
        parse(self.src)
    }

    fn set(&self) -> &Set {
        self.set.get_or_init(|| parse(self.src).collect())
    }

    /// Whether `w` is an entry (exact, case-sensitive).
    pub fn contains(&self, w: &str) -> bool {
        self.set().contains(w)
    }
}

impl std::fmt::Debug for List {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "List({} entries)", self.set().len())
    }
}

/// The entries of a list file: trimmed lines, without blanks and `#` comments.
pub fn parse(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

macro_rules! lists {
    ($($(#[$doc:meta])* $name:ident, $hidden:ident => $file:literal;)*) => {
        /// The lists' bits in [`flags`], in order.
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        enum Bit {
            $($hidden,)*
        }
        $(
            static $hidden: List = List::new(include_str!(concat!("../../assets/lexicon/", $file)), Bit::$hidden as u32);
            $(#[$doc])*
            pub static $name: &List = &$hidden;
        )*
        /// Every list with its file name (for tests and the README check).
        pub fn all() -> Vec<(&'static str, &'static List)> {
            vec![$(($file, $name)),*]
        }
    };
}

lists! {
    /// Titles and roles before a person's name ("Foreign Minister Sergei Lavrov").
    TITLES, TITLES_LIST => "titles.txt";
    /// Lower-case roles before a name ("spokesman Steve Warren", "envoy Staffan de Mistura").
    LOWER_TITLES, LOWER_TITLES_LIST => "lower_titles.txt";
    /// Capitalised heads that make a name an organisation ("... Council", "... Front").
    ORG_HEADS, ORG_HEADS_LIST => "org_heads.txt";
    /// Capitalised heads that make a name a place ("Ghab Plain", "Ataturk Airport").
    PLACE_HEADS, PLACE_HEADS_LIST => "place_heads.txt";
    /// Reporting verbs and phrases after which reported speech follows.
    REPORTING, REPORTING_LIST => "reporting.txt";
    /// Verbs whose complement (object + infinitive or "as" phrase) is the claim.
    OBJECT_VERBS, OBJECT_VERBS_LIST => "object_verbs.txt";
    /// Verbs an actor does: a place name before one acts ("Russia began airstrikes").
    AGENT_VERBS, AGENT_VERBS_LIST => "agent_verbs.txt";
    /// Prepositions after which a place is a LOCATION.
    LOC_PREPS, LOC_PREPS_LIST => "loc_preps.txt";
    /// Words before a place that make it an actor ("talks with Moscow", "called on Russia").
    ACTOR_PREPS, ACTOR_PREPS_LIST => "actor_preps.txt";
    /// Lower-case organs after "X's" that make X the actor ("Syria's army command").
    ORGANS, ORGANS_LIST => "organs.txt";
    /// Lower-case heads after "X's" that make X a place ("Turkey's airspace").
    POSSESSED_PLACES, POSSESSED_PLACES_LIST => "possessed_places.txt";
    /// Lower-case heads after a bare place name that make it a LOCATION ("the Syria border").
    PLACE_TOPICS, PLACE_TOPICS_LIST => "place_topics.txt";
    /// Hyphen suffixes: "U.S.-led" (actor), "Britain-based" (location).
    ACTOR_SUFFIXES, ACTOR_SUFFIXES_LIST => "actor_suffixes.txt";
    PLACE_SUFFIXES, PLACE_SUFFIXES_LIST => "place_suffixes.txt";
    /// Words that never start a name even when capitalised at a sentence start.
    NOT_NAMES, NOT_NAMES_LIST => "not_names.txt";
    /// Lower-case nouns after a bare country name that make it a modifier, left untagged
    /// ("U.S. officials", "Russia jets", "US negotiators").
    MODIFIED_NOUNS, MODIFIED_NOUNS_LIST => "modified_nouns.txt";
    /// Reporting verbs that take a clause directly ("said the talks failed"); the others
    /// need "that" ("warned that ...").
    CORE_REPORTING, CORE_REPORTING_LIST => "core_reporting.txt";
    /// Place nouns after an unknown capitalised name that make it a location
    /// ("the Sahl al-Ghab plain", "Kfar Nabudeh village").
    PLACE_NOUNS_AFTER, PLACE_NOUNS_AFTER_LIST => "place_nouns_after.txt";
    /// Place nouns before "of X" that make X a location ("the town of Kobani").
    PLACE_NOUNS_OF, PLACE_NOUNS_OF_LIST => "place_nouns_of.txt";
    /// Nouns after an unknown capitalised name that make it an organisation ("the X insurgent group").
    GROUP_NOUNS_AFTER, GROUP_NOUNS_AFTER_LIST => "group_nouns_after.txt";
    /// Honorifics and religious or courtesy titles left outside a person's name.
    HONORIFICS, HONORIFICS_LIST => "honorifics.txt";
    /// Heads of a division kept with a gazetteer place before them ("Kachin State").
    ADMIN_HEADS, ADMIN_HEADS_LIST => "admin_heads.txt";
    /// Verbs whose object is a state addressed as an agent ("telling Beijing").
    ADDRESSEE_VERBS, ADDRESSEE_VERBS_LIST => "addressee_verbs.txt";
    /// Nouns that with "with" make the next place a location ("border with Venezuela").
    PLACE_RELATIONS, PLACE_RELATIONS_LIST => "place_relations.txt";
    /// Nouns of a relation between states before "between" ("relations between X and Y").
    RELATION_NOUNS, RELATION_NOUNS_LIST => "relation_nouns.txt";
    /// Nouns before "to" that make the next country a state ("ambassador to X").
    ACCREDITED, ACCREDITED_LIST => "accredited.txt";
    /// Lower-case particles inside names ("al", "de", "bin"); see [`is_particle`].
    PARTICLES, PARTICLES_LIST => "particles.txt";
    /// Lower-case words joining the parts of one long name ("of", "and", "for").
    NAME_JOINERS, NAME_JOINERS_LIST => "name_joiners.txt";
    /// Title words: Phoenix phrases that start with one are roles, not names.
    PHOENIX_SKIP_START, PHOENIX_SKIP_START_LIST => "phoenix_skip_start.txt";
    /// Abbreviated last words of a name that keep their period ("Inc.", "Jr.").
    ABBREV_HEADS, ABBREV_HEADS_LIST => "abbrev_heads.txt";
    /// Words of `not_names.txt` that open a name inside a sentence ("the New Harbour Exchange").
    NAME_OPENERS, NAME_OPENERS_LIST => "name_openers.txt";
}

/// The lists `w` is an entry of (exact, case-sensitive), as a set of [`List::mask`] bits:
/// one look-up for every list.
pub fn flags(w: &str) -> u32 {
    static ALL: OnceLock<rustc_hash::FxHashMap<&'static str, u32>> = OnceLock::new();
    let m = ALL.get_or_init(|| {
        let mut m = rustc_hash::FxHashMap::default();
        for (_, l) in all() {
            for e in l.entries() {
                *m.entry(e).or_insert(0) |= l.mask();
            }
        }
        m
    });
    m.get(w).copied().unwrap_or(0)
}

/// Whether `w` is in `list`: a hash-set look-up (the set is built once).
pub fn inn(list: &List, w: &str) -> bool {
    list.contains(w)
}

/// Whether `w` is a name particle, ignoring ASCII case ("al", "Al", "de", "bin").
pub fn is_particle(w: &str) -> bool {
    if w.len() > 4 {
        return false;
    }
    if PARTICLES.contains(w) {
        return true;
    }
    if !w.bytes().any(|b| b.is_ascii_uppercase()) {
        return false;
    }
    // Lower-cased on the stack: at most 4 bytes, and ASCII case mapping keeps UTF-8.
    let mut buf = [0u8; 4];
    let buf = &mut buf[..w.len()];
    buf.copy_from_slice(w.as_bytes());
    buf.make_ascii_lowercase();
    std::str::from_utf8(buf).is_ok_and(|l| PARTICLES.contains(l))
}

/// Whether `s` has at least `n` words (`word_count(s) >= n`), counted only so far.
pub(super) fn words_at_least(s: &str, n: usize) -> bool {
    if !s.is_ascii() {
        return s.split_whitespace().take(n).count() >= n;
    }
    let (mut k, mut in_word) = (0, false);
    for &b in s.as_bytes() {
        if k >= n {
            break;
        }
        let ws = matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
        k += usize::from(!ws && !in_word);
        in_word = !ws;
    }
    k >= n
}

/// The number of words of `s` (as `s.split_whitespace().count()`): an ASCII `s` a byte
/// at a time, the runs of bytes that are not whitespace (as `char::is_whitespace`).
pub(super) fn word_count(s: &str) -> usize {
    if !s.is_ascii() {
        return s.split_whitespace().count();
    }
    let mut n = 0;
    let mut in_word = false;
    for &b in s.as_bytes() {
        let ws = matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
        n += usize::from(!ws && !in_word);
        in_word = !ws;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_count_is_split_whitespace_count() {
        let cases = ["", " ", "a", " a  b\tc\nd\x0Be\x0Cf\rg ", "x\u{a0}y z", "über alles"];
        for s in cases {
            assert_eq!(word_count(s), s.split_whitespace().count(), "{s:?}");
            (0..5).for_each(|n| assert_eq!(words_at_least(s, n), word_count(s) >= n));
        }
    }

    #[test]
    fn every_list_loads_and_is_not_empty() {
        for (file, l) in all() {
            assert!(l.entries().count() > 0, "{file} is empty");
        }
    }

    #[test]
    fn look_ups_are_exact_and_skip_comments() {
        assert!(inn(REPORTING, "said"));
        assert!(!inn(REPORTING, "Said"));
        assert!(inn(TITLES, "President"));
        assert!(!TITLES.entries().any(|e| e.starts_with('#')));
        assert!(!inn(TITLES, ""));
    }

    #[test]
    fn flags_are_the_lists_a_word_is_in() {
        let mut bits = 0;
        for (file, l) in all() {
            assert_eq!(bits & l.mask(), 0, "{file} shares a bit");
            bits |= l.mask();
            for e in l.entries() {
                assert!(flags(e) & l.mask() != 0, "{e} of {file}");
            }
        }
        for w in ["said", "Said", "President", "the", "", "Assad", "al"] {
            for (file, l) in all() {
                assert_eq!(flags(w) & l.mask() != 0, l.contains(w), "{w} in {file}");
            }
        }
    }

    #[test]
    fn particles_ignore_case() {
        assert!(is_particle("al"));
        assert!(is_particle("Al"));
        assert!(is_particle("VAN"));
        assert!(!is_particle("Assad"));
    }

    #[test]
    fn every_list_is_described_in_the_readme() {
        let readme = include_str!("../../assets/lexicon/README.md");
        for (file, _) in all() {
            assert!(readme.contains(file), "{file} missing from assets/lexicon/README.md");
        }
    }
}
