//! Token features for the tagger, hashed into buckets (see `hash.rs`): the word and its
//! forms, neighbours -2..+2, shapes, capitalisation and position (sentence start,
//! headline, dateline), gazetteer classes, the word lists (titles, reporting verbs,
//! prepositions, heads), possessives, the rule engine's own label at the token
//! (stacking), and whole-document features (the same word capitalised elsewhere, in a
//! rule entity elsewhere, an acronym defined in parentheses).

use super::hash::{self, Forms, bucket, forms, mix};
use crate::suggest::gazetteer::Gazetteer;
use crate::suggest::gazetteer_hits;
use crate::suggest::lexicon::{self as lx, List};
use crate::suggest::rules::{Cand, Doc, is_cap};
use rustc_hash::FxHashMap;

/// One article ready for the tagger: per-token feature buckets and sentences as token
/// ranges.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    /// Feature buckets of token `i`: `feats[off[i]..off[i + 1]]`.
    pub feats: Vec<u32>,
    /// The template of each feature (for explanations): `feats[k]` came from `tpl[k]`.
    pub tpl: Vec<u8>,
    pub off: Vec<u32>,
    /// Sentences: half-open token ranges covering every token, in order.
    pub sents: Vec<(usize, usize)>,
}

impl Prepared {
    pub fn token(&self, i: usize) -> &[u32] {
        &self.feats[self.off[i] as usize..self.off[i + 1] as usize]
    }
    pub fn len(&self) -> usize {
        self.off.len().saturating_sub(1)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

// Lexicon flags of a word (bits).
const F_TITLE: u16 = 1;
const F_LTITLE: u16 = 2;
const F_HONOR: u16 = 4;
const F_REPORT: u16 = 8;
const F_LOCPREP: u16 = 16;
const F_ACTPREP: u16 = 32;
const F_ORGHEAD: u16 = 64;
const F_PLACEHEAD: u16 = 128;
const F_AGENT: u16 = 256;
const F_ADMIN: u16 = 512;
const F_NOTNAME: u16 = 1024;
const F_PARTICLE: u16 = 2048;

type ListFn = fn() -> &'static List;

const LISTS: [(u16, ListFn); 11] = [
    (F_TITLE, || lx::TITLES),
    (F_LTITLE, || lx::LOWER_TITLES),
    (F_HONOR, || lx::HONORIFICS),
    (F_REPORT, || lx::REPORTING),
    (F_LOCPREP, || lx::LOC_PREPS),
    (F_ACTPREP, || lx::ACTOR_PREPS),
    (F_ORGHEAD, || lx::ORG_HEADS),
    (F_PLACEHEAD, || lx::PLACE_HEADS),
    (F_AGENT, || lx::AGENT_VERBS),
    (F_ADMIN, || lx::ADMIN_HEADS),
    (F_NOTNAME, || lx::NOT_NAMES),
];

fn lex_flags(w: &str) -> u16 {
    // One look-up for every list.
    let all = lx::flags(w);
    let mut f = 0;
    for (bit, list) in LISTS {
        if all & list().mask() != 0 {
            f |= bit;
        }
    }
    if lx::is_particle(w) {
        f |= F_PARTICLE;
    }
    f
}

// Templates (hashed with their values).
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub(super) enum T {
    Bias = 1,
    Word,
    Lower,
    LowerM1,
    LowerP1,
    LowerM2,
    LowerP2,
    Pre3,
    Suf2,
    Suf3,
    Shape,
    ShapeM1,
    ShapeP1,
    BigramM1,
    BigramP1,
    Position,
    Dateline,
    Gaz,
    GazM1,
    GazP1,
    Rule,
    RuleSource,
    RuleM1,
    RuleP1,
    RuleLowerM1,
    RuleGaz,
    Lex,
    LexM1,
    LexP1,
    Possessive,
    AfterRun,
    BeforeRun,
    BeforeRunWord,
    DocCase,
    DocEnt,
    Acronym,
    RunLen,
}

/// What a template looks at, in words (for the `why` of a model suggestion).
pub fn template_name(t: u8) -> &'static str {
    const NAMES: [&str; 38] = [
        "?",
        "bias",
        "the word",
        "the word (any case)",
        "the word before",
        "the word after",
        "two words before",
        "two words after",
        "its first letters",
        "its last letters",
        "its last letters",
        "its shape",
        "its shape and the one before",
        "its shape and the one after",
        "the words before and it",
        "it and the word after",
        "capitalisation and position",
        "a dateline",
        "gazetteer class",
        "gazetteer class around",
        "gazetteer class around",
        "the rules' label",
        "the rules' label and suggester",
        "the rules' labels around",
        "the rules' labels around",
        "the rules' label and the word before",
        "the rules' label and gazetteer class",
        "word lists (titles, verbs, prepositions)",
        "word lists, the word before",
        "word lists, the word after",
        "a possessive after",
        "the word after the name",
        "the word before the name",
        "the word before the name",
        "the same word elsewhere in the article",
        "the same word in a name elsewhere in the article",
        "an acronym defined in the article",
        "length of the capitalised run",
    ];
    NAMES.get(t as usize).copied().unwrap_or("?")
}

/// What the features see of a word alone: its forms, word lists and capitalisation.
#[derive(Clone, Copy)]
struct Word {
    forms: Forms,
    lex: u16,
    /// Capitalised (`is_cap`).
    cap: bool,
    /// Two letters or more and no lower-case one.
    allcaps: bool,
}

impl Word {
    fn of(w: &str) -> Word {
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        Word {
            forms: forms(w),
            lex: lex_flags(w),
            cap: is_cap(w),
            allcaps: letters >= 2 && !w.chars().any(char::is_lowercase),
        }
    }
}

/// Words seen before on this thread, by the hash of their bytes (`Forms::word`): a
/// memo of [`Word::of`], a pure function, so it changes no result. Bounded: cleared
/// when it holds more than `WORDS_MAX` words. Each word has an id in it (what the
/// tagger's memo of sums is indexed by), valid for one generation of the vocabulary.
/// At the bound: about 4 MB of words here and 13 MB of sums in `emit.rs`.
const WORDS_MAX: usize = 1 << 16;

struct Vocab {
    ids: FxHashMap<u64, u32>,
    words: Vec<Word>,
    /// Unique per process for each cleared vocabulary (a global counter).
    generation: u64,
}

static GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn generation() -> u64 {
    GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Starts this thread's vocabulary afresh, as when it reaches its bound.
#[cfg(test)]
pub(super) fn reset_vocabulary() {
    WORDS.with_borrow_mut(|v| {
        v.ids.clear();
        v.words.clear();
        v.generation = generation();
    });
}

thread_local! {
    static WORDS: std::cell::RefCell<Vocab> = std::cell::RefCell::new(Vocab {
        ids: FxHashMap::default(),
        words: Vec::new(),
        generation: generation(),
    });
}

/// Per-token facts the templates combine.
#[derive(Clone, Copy, Default)]
pub(super) struct Tk {
    pub(super) f: Forms,
    pub(super) word: bool,
    pub(super) cap: bool,
    allcaps: bool,
    sent_init: bool,
    headline: bool,
    pub(super) dateline: bool,
    pub(super) gaz: u8,
    pub(super) rule: u8,
    pub(super) rule_src: u64,
    pub(super) lex: u16,
    pub(super) poss_after: bool,
    run_start: u32,
    run_end: u32,
    /// The article's id of its lower-case form (what `DocFacts` counts by).
    lid: u32,
}

/// No token: what a template sees past either end of an article.
const NONE: Tk = Tk {
    f: Forms::ZERO,
    word: false,
    cap: false,
    allcaps: false,
    sent_init: false,
    headline: false,
    dateline: false,
    gaz: 0,
    rule: 0,
    rule_src: 0,
    lex: 0,
    poss_after: false,
    run_start: 0,
    run_end: 0,
    lid: 0,
};

impl Tk {
    /// The position template's value: capitalised, all capitals, sentence start,
    /// headline.
    #[inline(always)]
    pub(super) fn pos(&self) -> u64 {
        self.cap as u64 | (self.allcaps as u64) << 1 | (self.sent_init as u64) << 2 | (self.headline as u64) << 3
    }
}

/// Prepares an article: every token's features (see [`Facts::new`] for the arguments).
pub fn prepare(doc: &Doc, gaz: &Gazetteer, ents: &[Cand], sentences: &[(usize, usize)]) -> Prepared {
    Facts::new(doc, gaz, ents, sentences).prepared()
}

/// Everything the templates combine, for every token of an article: the first stage of
/// [`prepare`], which the decoder's fast path (`emit.rs`) reads without building the
/// feature lists.
pub struct Facts {
    pub(super) tk: Vec<Tk>,
    /// The word type of each token: an index into `types`.
    pub(super) ty: Vec<u32>,
    /// The article's distinct words: forms and word-list flags. Type 0 is no word (what
    /// a template sees past either end of the article), as `NONE`.
    pub(super) types: Vec<(Forms, u16)>,
    /// Each type's id in this thread's vocabulary of that `vocabulary` generation
    /// (`u32::MAX` for type 0).
    pub(super) gids: Vec<u32>,
    pub(super) vocabulary: u64,
    pub(super) sents: Vec<(usize, usize)>,
    pub(super) doc: DocFacts,
}

impl Facts {
    /// The facts of an article (index loops: tokens look at their neighbours): `ents`
    /// are the rule entities (byte offsets, sorted, disjoint), `sentences` byte ranges
    /// in order.
    #[allow(clippy::needless_range_loop)]
    pub fn new(doc: &Doc, gaz: &Gazetteer, ents: &[Cand], sentences: &[(usize, usize)]) -> Facts {
        let n = doc.toks.len();
        let mut tk: Vec<Tk> = Vec::with_capacity(n);
        let mut ty: Vec<u32> = Vec::with_capacity(n);
        let mut types: Vec<(Forms, u16)> = vec![(Forms::default(), 0)];
        let mut type_lid: Vec<u32> = vec![0];
        let mut ids: FxHashMap<u64, u32> = FxHashMap::default();
        let mut lids: FxHashMap<u64, u32> = FxHashMap::default();
        let mut caps: Vec<(bool, bool)> = vec![(false, false)];
        let mut gids: Vec<u32> = vec![u32::MAX];
        let vocabulary = WORDS.with_borrow_mut(|v| {
            if v.words.len() > WORDS_MAX {
                v.ids.clear();
                v.words.clear();
                v.generation = generation();
            }
            for i in 0..n {
                let w = doc.w(i);
                let t = doc.toks[i];
                let id = *ids.entry(hash::bytes(w.as_bytes())).or_insert_with_key(|&key| {
                    let gid = *v.ids.entry(key).or_insert_with(|| {
                        v.words.push(Word::of(w));
                        v.words.len() as u32 - 1
                    });
                    gids.push(gid);
                    let word = v.words[gid as usize];
                    types.push((word.forms, word.lex));
                    caps.push((word.cap, word.allcaps));
                    let next = lids.len() as u32;
                    type_lid.push(*lids.entry(word.forms.lower).or_insert(next));
                    types.len() as u32 - 1
                });
                ty.push(id);
                let (f, lex) = types[id as usize];
                let (cap, allcaps) = caps[id as usize];
                tk.push(Tk {
                    f,
                    word: t.word,
                    cap: t.word && cap,
                    allcaps: t.word && allcaps,
                    lex,
                    lid: type_lid[id as usize],
                    ..Tk::default()
                });
            }
            v.generation
        });
        // Sentences as token ranges.
        let mut sents = Vec::new();
        let mut starts: Vec<usize> = sentences.iter().map(|&(s, _)| doc.tok_at(s)).collect();
        starts.push(n);
        starts.dedup();
        let mut prev = 0;
        for &s in &starts {
            let s = s.min(n);
            if s > prev {
                sents.push((prev, s));
                prev = s;
            }
        }
        if prev < n {
            sents.push((prev, n));
        }
        for &(a, b) in &sents {
            if let Some(i) = (a..b).find(|&i| tk[i].word) {
                tk[i].sent_init = true;
            }
        }
        // Headline: the first line. Dateline: a line's leading capitalised words before a dash.
        let mut line_start = 0;
        for i in 0..=n {
            if i == n || (i > 0 && doc.toks[i].nl) {
                let mut j = line_start;
                while j < i && (tk[j].cap || (!tk[j].word && matches!(doc.w(j), "," | "."))) {
                    j += 1;
                }
                if j > line_start && j < i && matches!(doc.w(j), "—" | "–" | "-" | "(") {
                    for t in &mut tk[line_start..j] {
                        t.dateline = true;
                    }
                }
                line_start = i;
            }
            if i < n && line_start == 0 {
                tk[i].headline = true;
            }
        }
        // Gazetteer classes: category + 1, high bit inside a multi-token hit.
        for (s, e, cat, first) in gazetteer_hits::hits(doc, gaz) {
            let last = doc.tok_at(e);
            let _ = s;
            for (k, t) in tk.iter_mut().enumerate().take(last).skip(first) {
                t.gaz = (cat as u8 + 1) | if k > first { 0x80 } else { 0 };
            }
        }
        // Rule labels as BIO (1 B-ACT, 2 I-ACT, 3 B-LOC, 4 I-LOC), with their source.
        for c in ents {
            let (b, i_) = match c.label {
                crate::model::Label::Actor => (1, 2),
                crate::model::Label::Location => (3, 4),
                _ => continue,
            };
            let (a, z) = (doc.tok_at(c.start), doc.tok_at(c.end));
            let src = mix(super::hash::bytes(c.source.as_bytes()), c.person as u64);
            for (k, t) in tk.iter_mut().enumerate().take(z).skip(a) {
                t.rule = if k == a { b } else { i_ };
                t.rule_src = src;
            }
        }
        // Possessive after; capitalised runs ("Foreign Minister Sergei Lavrov", "al-Nusra").
        for i in 0..n {
            tk[i].poss_after = doc.is_possessive_at(i + 1);
        }
        let in_run = |i: usize, tk: &[Tk]| tk[i].cap || (tk[i].lex & F_PARTICLE != 0 && tk[i].word);
        let mut i = 0;
        while i < n {
            if !in_run(i, &tk) {
                tk[i].run_start = i as u32;
                tk[i].run_end = i as u32 + 1;
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < n {
                if in_run(j, &tk) && doc.toks[j].sp {
                    j += 1;
                } else if !doc.toks[j].sp && j + 1 < n && matches!(doc.w(j), "-" | ".") && in_run(j + 1, &tk) {
                    j += 2;
                } else {
                    break;
                }
            }
            for t in &mut tk[i..j] {
                t.run_start = i as u32;
                t.run_end = j as u32;
            }
            i = j;
        }
        let doc_facts = DocFacts::new(doc, &tk, ents, lids.len());
        Facts {
            tk,
            ty,
            types,
            gids,
            vocabulary,
            sents,
            doc: doc_facts,
        }
    }

    pub fn len(&self) -> usize {
        self.tk.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tk.is_empty()
    }

    /// Every token's feature buckets and templates.
    pub fn prepared(self) -> Prepared {
        let n = self.tk.len();
        let mut feats = Vec::with_capacity(n * 36);
        let mut tpls = Vec::with_capacity(n * 36);
        let mut off = Vec::with_capacity(n + 1);
        off.push(0u32);
        for i in 0..n {
            self.features(i, |tpl, v| {
                feats.push(bucket(tpl as u64, v));
                tpls.push(tpl as u8);
            });
            off.push(feats.len() as u32);
        }
        Prepared {
            feats,
            tpl: tpls,
            off,
            sents: self.sents,
        }
    }

    /// Token `k`, or no token (`NONE`) past either end.
    #[inline(always)]
    pub(super) fn at(&self, k: isize) -> &Tk {
        if k < 0 || k as usize >= self.tk.len() {
            &NONE
        } else {
            &self.tk[k as usize]
        }
    }

    /// The run templates' values at a capitalised token `i`: the words after and before
    /// its capitalised run, and the run's length and the token's place in it.
    #[inline(always)]
    pub(super) fn run_values(&self, i: usize) -> [(T, u64); 4] {
        let t = &self.tk[i];
        let (rs, re) = (t.run_start as usize, t.run_end as usize);
        let (after, after2) = (self.at(re as isize), self.at(re as isize + 1));
        let before = self.at(rs as isize - 1);
        [
            (T::AfterRun, mix(after.lex as u64, after2.lex as u64 & F_REPORT as u64)),
            (T::BeforeRun, before.lex as u64),
            (T::BeforeRunWord, before.f.lower),
            (T::RunLen, ((re - rs).min(5) as u64) << 3 | (i - rs).min(5) as u64),
        ]
    }

    /// The acronym template's value at a word token, if it is a defined acronym.
    #[inline(always)]
    pub(super) fn acronym(&self, t: &Tk) -> Option<u64> {
        if self.doc.acronyms.is_empty() {
            return None;
        }
        self.doc.acronyms.get(&t.f.word).map(|&l| l as u64)
    }

    /// The features of token `i` as (template, value), in a fixed order (`emit.rs`
    /// sums the same ones, grouped, and a test holds the two equal).
    #[inline(always)]
    pub(super) fn features(&self, i: usize, mut push: impl FnMut(T, u64)) {
        let t = &self.tk[i];
        let ii = i as isize;
        let (m1, m2, p1, p2) = (self.at(ii - 1), self.at(ii - 2), self.at(ii + 1), self.at(ii + 2));
        push(T::Bias, 0);
        push(T::Word, t.f.word);
        push(T::Lower, t.f.lower);
        push(T::LowerM1, m1.f.lower);
        push(T::LowerP1, p1.f.lower);
        push(T::LowerM2, m2.f.lower);
        push(T::LowerP2, p2.f.lower);
        push(T::Pre3, t.f.pre3);
        push(T::Suf2, t.f.suf2);
        push(T::Suf3, t.f.suf3);
        push(T::Shape, t.f.shape);
        push(T::ShapeM1, mix(m1.f.shape, t.f.shape));
        push(T::ShapeP1, mix(t.f.shape, p1.f.shape));
        push(T::BigramM1, mix(m1.f.lower, t.f.lower));
        push(T::BigramP1, mix(t.f.lower, p1.f.lower));
        push(T::Position, t.pos());
        if t.dateline {
            push(T::Dateline, t.pos());
        }
        push(T::Gaz, t.gaz as u64);
        push(T::GazM1, mix(m1.gaz as u64, t.gaz as u64));
        push(T::GazP1, mix(t.gaz as u64, p1.gaz as u64));
        push(T::Rule, t.rule as u64);
        push(T::RuleSource, mix(t.rule as u64, t.rule_src));
        push(T::RuleM1, mix(m1.rule as u64, t.rule as u64));
        push(T::RuleP1, mix(t.rule as u64, p1.rule as u64));
        push(T::RuleLowerM1, mix(t.rule as u64, m1.f.lower));
        push(T::RuleGaz, mix(t.rule as u64, t.gaz as u64));
        push(T::Lex, t.lex as u64);
        push(T::LexM1, m1.lex as u64);
        push(T::LexP1, p1.lex as u64);
        if t.poss_after {
            push(T::Possessive, t.cap as u64);
        }
        if t.cap {
            for (tpl, v) in self.run_values(i) {
                push(tpl, v);
            }
        }
        if t.word {
            push(T::DocCase, self.doc.case(t));
            push(T::DocEnt, self.doc.ent(t));
            if let Some(v) = self.acronym(t) {
                push(T::Acronym, v);
            }
        }
    }
}

/// What the whole article says about a word.
pub(super) struct DocFacts {
    /// Per lower-case form (by `Tk::lid`): (capitalised not at a sentence start, lower
    /// case) counts.
    case: Vec<(u32, u32)>,
    /// Per lower-case form: bits: in a rule ACTOR, in a rule LOCATION, last word of a
    /// person.
    ents: Vec<u8>,
    /// Acronyms defined in parentheses -> 1 + the rule label of the long form (0 none).
    acronyms: FxHashMap<u64, u8>,
}

impl DocFacts {
    #[allow(clippy::needless_range_loop)]
    fn new(doc: &Doc, tk: &[Tk], ents: &[Cand], lowers: usize) -> DocFacts {
        let mut case = vec![(0u32, 0u32); lowers];
        for t in tk.iter().filter(|t| t.word) {
            let e = &mut case[t.lid as usize];
            if t.cap && !t.sent_init && !t.headline {
                e.0 += 1;
            } else if !t.cap {
                e.1 += 1;
            }
        }
        let mut em = vec![0u8; lowers];
        for c in ents {
            let bit = match c.label {
                crate::model::Label::Actor => 1,
                crate::model::Label::Location => 2,
                _ => continue,
            };
            let (a, z) = (doc.tok_at(c.start), doc.tok_at(c.end));
            for k in a..z.min(tk.len()) {
                if tk[k].cap {
                    let mut b = bit;
                    if c.person && k + 1 == z && z - a > 1 {
                        b |= 4;
                    }
                    em[tk[k].lid as usize] |= b;
                }
            }
        }
        // "Long Name (ACR)": an all-caps word in parentheses after capitalised words one
        // of which starts with its first letter.
        let mut acronyms = FxHashMap::default();
        let n = tk.len();
        for i in 2..n.saturating_sub(1) {
            if !(doc.w(i - 1) == "(" && doc.w(i + 1) == ")" && tk[i].allcaps && tk[i - 2].cap) {
                continue;
            }
            let first = doc.w(i).chars().next();
            let lo = i.saturating_sub(12);
            let found = (lo..i - 1).any(|k| tk[k].cap && doc.w(k).chars().next() == first);
            if found {
                let def = tk[i - 2].rule;
                let label = match def {
                    1 | 2 => 2,
                    3 | 4 => 3,
                    _ => 1,
                };
                acronyms.insert(tk[i].f.word, label);
            }
        }
        DocFacts {
            case,
            ents: em,
            acronyms,
        }
    }

    /// The value of `T::DocCase` at a word token (< 32).
    pub(super) fn case(&self, t: &Tk) -> u64 {
        let (c, l) = self.case[t.lid as usize];
        let own = (t.cap && !t.sent_init && !t.headline) as u32;
        let c = (c - own.min(c)).min(3) as u64;
        let l = l.min(2) as u64;
        (t.cap as u64) << 4 | c << 2 | l
    }

    /// The value of `T::DocEnt` at a word token (< 32).
    pub(super) fn ent(&self, t: &Tk) -> u64 {
        (t.cap as u64) << 4 | self.ents[t.lid as usize] as u64
    }
}
