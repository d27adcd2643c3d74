//! Agreement and adjudication between analysts: F1 and unitizing alpha on constructed
//! folders with known answers, alpha_u on Krippendorff's published examples and against
//! a by-definition implementation on random folders, SAID_BY agreement, adjudication of
//! three analysts, and both commands end to end.

mod common;
use common::char_find;
use spanbench::adjudicate::{self, ReviewItem};
use spanbench::agree::{self, alpha, load};
use spanbench::model::{Annotations, Edit, Label, Origin, Relation, Status};
use spanbench::store::Store;
use spanbench::text::{TextIndex, sha256_hex};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const A1: &str = "Sergei Lavrov said the strikes hit targets near Hama on Tuesday. \
Erdoğan told reporters in Ankara that “the talks must go on” and that Russia’s Defense Ministry \
had agreed. Moscow denied it.";
const A2: &str = "DAMASCUS — Крылатые ракеты hit Raqqa, the Syrian Observatory for Human Rights said. \
John Kirby said the U.S. would not take part.";

/// A span given by its label and the text it covers (the first occurrence, or the nth).
#[derive(Clone, Copy)]
struct S(Label, &'static str, usize);

fn actor(t: &'static str) -> S {
    S(Label::Actor, t, 0)
}
fn loc(t: &'static str) -> S {
    S(Label::Location, t, 0)
}
fn claim(t: &'static str) -> S {
    S(Label::Claim, t, 0)
}

/// One article of one analyst: spans, and SAID_BY links as (claim, speaker) indices.
struct Doc {
    id: &'static str,
    spans: Vec<S>,
    links: Vec<(usize, usize)>,
}

fn doc(id: &'static str, spans: &[S], links: &[(usize, usize)]) -> Doc {
    Doc {
        id,
        spans: spans.to_vec(),
        links: links.to_vec(),
    }
}

fn text_of(id: &str) -> &'static str {
    match id {
        "a1" => A1,
        "a2" => A2,
        _ => panic!("no article {id}"),
    }
}

/// A temp folder with `corpus/` (the two articles) and one folder per analyst.
struct Team {
    dir: tempfile::TempDir,
}

impl Team {
    fn new() -> Team {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("corpus")).unwrap();
        for id in ["a1", "a2"] {
            std::fs::write(dir.path().join("corpus").join(format!("{id}.txt")), text_of(id)).unwrap();
        }
        Team { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn corpus(&self) -> PathBuf {
        self.path().join("corpus")
    }

    fn analyst(&self, name: &str, docs: &[Doc]) -> PathBuf {
        let dir = self.path().join("annotations").join(name);
        let store = Store::new(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for d in docs {
            let text = text_of(d.id);
            let t = TextIndex::new(text);
            let mut ann = Annotations::new(d.id, format!("corpus/{}.txt", d.id), sha256_hex(text));
            ann.status = Status::Done;
            let mut ids = Vec::new();
            for s in &d.spans {
                let start = char_find(text, s.1, s.2);
                let sp = ann
                    .new_span(&t, s.0, start, start + s.1.chars().count(), Origin::Manual)
                    .unwrap();
                ids.push(sp.id);
                ann.apply(Edit::AddSpan(sp)).unwrap();
            }
            for &(c, s) in &d.links {
                ann.apply(Edit::Link(Relation::said_by(ids[c], ids[s]))).unwrap();
            }
            store.save(&ann).unwrap();
        }
        dir
    }

    fn report(&self, dirs: &[PathBuf]) -> agree::AgreeReport {
        let team = load::load_team(dirs, &[self.corpus()]).unwrap();
        assert!(team.problems.is_empty(), "{:?}", team.problems);
        agree::agree(&team)
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_spanbench"))
            .args(args)
            .arg("--corpus")
            .arg(self.corpus())
            .current_dir(self.path())
            .output()
            .unwrap()
    }
}

fn full_docs() -> Vec<Doc> {
    vec![
        doc(
            "a1",
            &[
                actor("Sergei Lavrov"),
                claim("the strikes hit targets near Hama"),
                loc("Hama"),
                actor("Erdoğan"),
                loc("Ankara"),
                claim("the talks must go on"),
                actor("Russia’s Defense Ministry"),
                actor("Moscow"),
            ],
            &[(1, 0), (5, 3)],
        ),
        doc(
            "a2",
            &[
                loc("DAMASCUS"),
                loc("Raqqa"),
                claim("Крылатые ракеты hit Raqqa"),
                actor("Syrian Observatory for Human Rights"),
                actor("John Kirby"),
                claim("the U.S. would not take part"),
                actor("U.S."),
            ],
            &[(2, 3), (5, 4)],
        ),
    ]
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn identical_folders_agree_fully() {
    let t = Team::new();
    let dirs: Vec<PathBuf> = ["ana", "ben", "cem"]
        .iter()
        .map(|n| t.analyst(n, &full_docs()))
        .collect();
    let r = t.report(&dirs);
    assert_eq!(r.articles.len(), 2);
    for l in Label::ALL {
        let s = &r.labels[&l];
        assert_eq!(s.f1, Some(1.0), "{l}");
        assert_eq!(s.alpha, Some(1.0), "{l}");
        for a in &r.articles {
            assert_eq!(a.labels[&l].alpha, Some(1.0), "{} {l}", a.article);
        }
    }
    assert_eq!(r.overall.f1, Some(1.0));
    assert_eq!(r.overall.alpha, Some(1.0));
    assert_eq!(r.said_by.agreement, Some(1.0));
    assert_eq!(r.said_by.matched, 3 * 4);
}

#[test]
fn disjoint_folders_share_nothing() {
    let t = Team::new();
    let a = t.analyst("ana", &[doc("a1", &[actor("Sergei Lavrov"), loc("Hama")], &[])]);
    let b = t.analyst("ben", &[doc("a1", &[actor("Erdoğan"), loc("Ankara")], &[])]);
    let r = t.report(&[a, b]);
    assert_eq!(r.labels[&Label::Actor].f1, Some(0.0));
    assert_eq!(r.labels[&Label::Location].f1, Some(0.0));
    // Nobody tagged a claim: undefined, not 0 or 1.
    assert_eq!(r.labels[&Label::Claim].f1, None);
    assert_eq!(r.labels[&Label::Claim].alpha, None);
    // Units that meet only the other analyst's gaps: alpha below zero (systematic disagreement).
    let al = r.labels[&Label::Actor].alpha.unwrap();
    assert!(al < 0.0, "{al}");
    // And exactly what the by-definition formula gives.
    let len = A1.chars().count();
    let s = |n: &str| {
        let b = char_find(A1, n, 0);
        (b, b + n.chars().count())
    };
    let want = naive_alpha(len, &[vec![s("Sergei Lavrov")], vec![s("Erdoğan")]]);
    assert!(close(Some(al), want.unwrap()), "{al} vs {want:?}");
}

#[test]
fn shifted_boundaries_and_different_labels() {
    let t = Team::new();
    let a = t.analyst(
        "ana",
        &[doc(
            "a1",
            &[
                actor("Sergei Lavrov"),
                claim("the strikes hit targets near Hama"),
                actor("Moscow"),
            ],
            &[],
        )],
    );
    let b = t.analyst(
        "ben",
        &[doc(
            "a1",
            &[
                actor("Lavrov"),
                claim("strikes hit targets near Hama on Tuesday"),
                loc("Moscow"),
            ],
            &[],
        )],
    );
    let r = t.report(&[a, b]);
    // ACTOR: one shifted boundary and one label disagreement: nothing matches exactly.
    assert_eq!(r.labels[&Label::Actor].f1, Some(0.0));
    assert_eq!(r.labels[&Label::Location].f1, Some(0.0));
    // CLAIM: IoU 29/44 >= 0.5 matches.
    assert_eq!(r.labels[&Label::Claim].f1, Some(1.0));
    let ca = r.labels[&Label::Claim].alpha.unwrap();
    assert!(ca > 0.0 && ca < 1.0, "{ca}");
    let c = r.labels[&Label::Actor].counts;
    assert_eq!((c.tp, c.fp, c.fn_), (0, 1, 2));
    // Overall micro F1: 1 tp, 2 fp, 2 fn.
    assert!(close(r.overall.f1, 2.0 / (2.0 + 2.0 + 2.0)));
}

#[test]
fn said_by_agreement_over_matched_claims() {
    let t = Team::new();
    let spans = [
        actor("Sergei Lavrov"),
        claim("the strikes hit targets near Hama"),
        actor("Erdoğan"),
        claim("the talks must go on"),
        actor("Moscow"),
    ];
    let a = t.analyst("ana", &[doc("a1", &spans, &[(1, 0), (3, 2)])]);
    // Same first speaker, a different speaker for the second claim.
    let b = t.analyst("ben", &[doc("a1", &spans, &[(1, 0), (3, 4)])]);
    // No speakers at all, and one claim fewer.
    let c = t.analyst("cem", &[doc("a1", &spans[..3], &[])]);
    let r = t.report(&[a.clone(), b.clone()]);
    assert_eq!((r.said_by.matched, r.said_by.agreeing), (2, 1));
    assert_eq!(r.said_by.agreement, Some(0.5));
    let r = t.report(&[a, b, c]);
    // ana-ben 1/2, ana-cem 0/1, ben-cem 0/1.
    assert_eq!((r.said_by.matched, r.said_by.agreeing), (4, 1));
    assert!(close(r.said_by.agreement, (0.5 + 0.0 + 0.0) / 3.0));
}

#[test]
fn articles_only_some_have_are_reported_not_compared() {
    let t = Team::new();
    let docs = full_docs();
    let a = t.analyst("ana", &docs);
    let b = t.analyst("ben", &docs[..1]);
    let r = t.report(&[a, b]);
    assert_eq!(r.articles.len(), 1);
    assert_eq!(r.partial, vec![("a2".to_string(), vec!["ana".to_string()])]);
    assert_eq!(r.labels[&Label::Actor].f1, Some(1.0));
}

/// Krippendorff, *Content Analysis*, 2nd ed. (2004), p. 254 (as reproduced in DKPro
/// Statistics' tests): two coders on the continuum [150, 450); category c: coder i has
/// units [225, 295) and [370, 400), coder j [220, 300), [355, 375) and [400, 420);
/// category k: both [180, 240) and [300, 350). Published: c: D_o = 0.0144,
/// D_e = 0.0532, alpha = 0.7286; k: D_o = 0, D_e = 0.0490, alpha = 1.
#[test]
fn alpha_u_matches_krippendorff_2004() {
    let shift = |v: &[(usize, usize)]| v.iter().map(|&(b, e)| (b - 150, e - 150)).collect::<Vec<_>>();
    let c = alpha::disagreement(
        300,
        &[
            shift(&[(225, 295), (370, 400)]),
            shift(&[(220, 300), (355, 375), (400, 420)]),
        ],
    );
    assert!((c.observed - 0.0144).abs() < 1e-4, "{c:?}");
    assert!((c.expected - 0.0532).abs() < 1e-4, "{c:?}");
    assert!((c.alpha().unwrap() - 0.7286).abs() < 1e-4, "{c:?}");
    let k = alpha::disagreement(
        300,
        &[shift(&[(180, 240), (300, 350)]), shift(&[(180, 240), (300, 350)])],
    );
    assert_eq!(k.observed, 0.0);
    assert!((k.expected - 0.0490).abs() < 1e-4, "{k:?}");
    assert_eq!(k.alpha(), Some(1.0));
    // Both categories together: 1 - (D_o,c + D_o,k) / (D_e,c + D_e,k).
    let mut both = c;
    both.add(k);
    assert!((both.alpha().unwrap() - (1.0 - 0.014444 / (0.053222 + 0.048979))).abs() < 1e-4);
}

/// Krippendorff (1995), "On the reliability of unitizing continuous data", p. 57: four
/// pairs of coders on 24 units of length; the published observed disagreements (the
/// expected ones there are for a stretched continuum) are A 0.03125, B 2.26736,
/// C 0.02777, D 0.38715. B and D have units that touch.
#[test]
fn alpha_u_observed_matches_krippendorff_1995() {
    type Units = &'static [(usize, usize)];
    let cases: [(Units, Units, f64); 4] = [
        (&[(2, 10), (14, 20)], &[(4, 8), (15, 17)], 0.03125),
        (
            &[(0, 18)],
            &[(0, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 9), (9, 10)],
            2.26736,
        ),
        (
            &[(2, 8), (10, 12), (14, 18), (20, 22)],
            &[(0, 2), (4, 8), (10, 14), (16, 18), (20, 22)],
            0.02777,
        ),
        (
            &[(0, 2), (2, 10), (10, 14), (14, 20), (20, 24)],
            &[(0, 4), (4, 8), (8, 15), (15, 17), (17, 24)],
            0.38715,
        ),
    ];
    for (i, j, want) in cases {
        let d = alpha::disagreement(24, &[i.to_vec(), j.to_vec()]);
        assert!((d.observed - want).abs() < 1e-5, "{d:?} vs {want}");
        let n = naive(24, &[i.to_vec(), j.to_vec()]);
        assert!((n.0 - d.observed).abs() < 1e-12 && (n.1 - d.expected).abs() < 1e-12);
    }
}

/// alpha_u by definition: each coder's sections read off a per-character array (so
/// overlapping spans merge), then δ² summed over every ordered pair of coders and every
/// pair of sections, and D_e's double sum over units and gaps written out.
fn naive(len: usize, coders: &[Vec<(usize, usize)>]) -> (f64, f64) {
    let m = coders.len();
    let sections: Vec<Vec<(i64, i64, bool)>> = coders
        .iter()
        .map(|c| {
            let mut on = vec![false; len];
            let mut starts = vec![false; len + 1];
            for &(b, e) in c {
                on[b..e].iter_mut().for_each(|x| *x = true);
            }
            // A unit also starts where one span ends and a touching one begins.
            for &(b, _) in c {
                if !c.iter().any(|&(b2, e2)| b2 < b && b < e2) {
                    starts[b] = true;
                }
            }
            let mut out = Vec::new();
            let mut at = 0;
            while at < len {
                let mut end = at + 1;
                while end < len && on[end] == on[at] && !(on[end] && starts[end]) {
                    end += 1;
                }
                out.push((at as i64, end as i64, on[at]));
                at = end;
            }
            out
        })
        .collect();
    let mut o = 0.0;
    for i in 0..m {
        for j in 0..m {
            if i == j {
                continue;
            }
            for g in &sections[i] {
                for h in &sections[j] {
                    let (bg, lg, bh, lh) = (g.0, g.1 - g.0, h.0, h.1 - h.0);
                    let d = bg - bh;
                    o += match (g.2, h.2) {
                        (true, true) if -lg < d && d < lh => (d * d + (d + lg - lh) * (d + lg - lh)) as f64,
                        (true, false) if lh - lg >= d && d >= 0 => (lg * lg) as f64,
                        (false, true) if lg - lh >= -d && -d >= 0 => (lh * lh) as f64,
                        _ => 0.0,
                    };
                }
            }
        }
    }
    let l = len as f64;
    let mf = m as f64;
    let observed = o / (mf * (mf - 1.0) * l * l);
    let all: Vec<&(i64, i64, bool)> = sections.iter().flatten().collect();
    let unit_lens: Vec<f64> = all.iter().filter(|s| s.2).map(|s| (s.1 - s.0) as f64).collect();
    let gap_lens: Vec<f64> = all.iter().filter(|s| !s.2).map(|s| (s.1 - s.0) as f64).collect();
    let n = unit_lens.len() as f64;
    let mut num = 0.0;
    for &u in &unit_lens {
        let mut inner = 0.0;
        for &g in &gap_lens {
            if g >= u {
                inner += g - u + 1.0;
            }
        }
        num += (n - 1.0) / 3.0 * (2.0 * u.powi(3) - 3.0 * u * u + u) + u * u * inner;
    }
    let den = mf * l * (mf * l - 1.0) - unit_lens.iter().map(|u| u * (u - 1.0)).sum::<f64>();
    (observed, 2.0 / l * num / den)
}

fn naive_alpha(len: usize, coders: &[Vec<(usize, usize)>]) -> Option<f64> {
    let (o, e) = naive(len, coders);
    (e > 0.0).then(|| 1.0 - o / e)
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[test]
fn alpha_u_equals_the_definition_on_random_continua() {
    let mut rng = Rng(0x9e3779b97f4a7c15);
    for round in 0..300 {
        let len = 5 + rng.below(60);
        let m = 2 + rng.below(3);
        let coders: Vec<Vec<(usize, usize)>> = (0..m)
            .map(|_| {
                let spans: Vec<(usize, usize)> = (0..rng.below(6))
                    .map(|_| {
                        let b = rng.below(len);
                        (b, b + 1 + rng.below(len - b))
                    })
                    .collect();
                alpha::units(spans)
            })
            .collect();
        let d = alpha::disagreement(len, &coders);
        let (o, e) = naive(len, &coders);
        assert!((d.observed - o).abs() < 1e-9, "round {round}: {d:?} vs {o}");
        assert!((d.expected - e).abs() < 1e-9, "round {round}: {d:?} vs {e}");
    }
}

#[test]
fn agree_alpha_equals_the_definition_on_random_folders() {
    // Random folders of word-aligned spans over the two articles; per article and label
    // the reported alpha equals the by-definition one on the raw spans (which the naive
    // version merges itself).
    let t = Team::new();
    let mut rng = Rng(42);
    let words: Vec<&'static str> = A1.split(' ').filter(|w| w.chars().all(char::is_alphabetic)).collect();
    let mut dirs = Vec::new();
    let mut raw: Vec<Vec<S>> = Vec::new();
    for name in ["ana", "ben", "cem"] {
        let mut spans: Vec<S> = Vec::new();
        for _ in 0..8 {
            let w = words[rng.below(words.len())];
            let label = Label::ALL[rng.below(3)];
            if !spans.iter().any(|s| s.0 == label && s.1 == w) {
                spans.push(S(label, w, 0));
            }
        }
        dirs.push(t.analyst(name, &[doc("a1", &spans, &[])]));
        raw.push(spans);
    }
    let r = t.report(&dirs);
    let len = A1.chars().count();
    for l in Label::ALL {
        let coders: Vec<Vec<(usize, usize)>> = raw
            .iter()
            .map(|spans| {
                spans
                    .iter()
                    .filter(|s| s.0 == l)
                    .map(|s| {
                        let b = char_find(A1, s.1, s.2);
                        (b, b + s.1.chars().count())
                    })
                    .collect()
            })
            .collect();
        let want = naive_alpha(len, &coders);
        let got = r.articles[0].labels[&l].alpha;
        match want {
            None => assert_eq!(got, None),
            Some(w) => assert!(close(got, w), "{l}: {got:?} vs {w}"),
        }
        // One article: the corpus figure is the article's.
        assert_eq!(r.labels[&l].alpha, got);
    }
}

fn three_analysts(t: &Team) -> Vec<PathBuf> {
    let base = [
        actor("Sergei Lavrov"),                     // 0: all
        claim("the strikes hit targets near Hama"), // 1: all
        loc("Hama"),                                // 2: all
        actor("Erdoğan"),                           // 3: all
        claim("the talks must go on"),              // 4: all
    ];
    let mut ana = base.to_vec();
    ana.push(actor("Russia’s Defense Ministry")); // boundaries vs ben
    ana.push(actor("Moscow")); // label vs cem
    let mut ben = base.to_vec();
    ben.push(actor("Defense Ministry"));
    ben.push(actor("Moscow"));
    ben.push(loc("Ankara")); // only ben: partial
    let mut cem = base.to_vec();
    cem.push(actor("Russia’s Defense Ministry"));
    cem.push(loc("Moscow"));
    vec![
        t.analyst(
            "ana",
            &[doc("a1", &ana, &[(1, 0), (4, 3)]), doc("a2", &[loc("Raqqa")], &[])],
        ),
        t.analyst("ben", &[doc("a1", &ben, &[(1, 0), (4, 3)])]),
        // cem links the second claim to Lavrov: a speaker disagreement.
        t.analyst("cem", &[doc("a1", &cem, &[(1, 0), (4, 0)])]),
    ]
}

fn kinds(queue: &[ReviewItem]) -> Vec<(&str, &str, usize)> {
    queue
        .iter()
        .map(|i| (i.article.as_str(), i.kind.as_str(), i.start))
        .collect()
}

#[test]
fn adjudicate_accepts_only_what_all_made() {
    let t = Team::new();
    let dirs = three_analysts(&t);
    let team = load::load_team(&dirs, &[t.corpus()]).unwrap();
    let out = adjudicate::adjudicate(&team);
    assert_eq!(out.files.len(), 1);
    let a = &out.files[0];
    let got: Vec<(Label, &str)> = a.spans.iter().map(|s| (s.label, s.text.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (Label::Actor, "Sergei Lavrov"),
            (Label::Claim, "the strikes hit targets near Hama"),
            (Label::Location, "Hama"),
            (Label::Actor, "Erdoğan"),
            (Label::Claim, "the talks must go on"),
        ]
    );
    let names: Vec<String> = ["ana", "ben", "cem"].map(String::from).to_vec();
    assert!(a.spans.iter().all(|s| s.origin == Origin::Agreed(names.clone())));
    // Only the relation all three made.
    let lavrov = a.spans[0].id;
    let strikes = a.spans[1].id;
    assert_eq!(a.relations, vec![Relation::said_by(strikes, lavrov)]);
    assert_eq!(a.status, Status::InProgress);
    assert!(a.validate(&TextIndex::new(A1)).is_empty());
    // Nothing partial accepted: every output span is in every input.
    for s in &a.spans {
        for an in &team.analysts {
            assert!(an.docs["a1"].find(s.label, s.start, s.end).is_some());
        }
    }
    let at = |n: &str| char_find(A1, n, 0);
    assert_eq!(
        kinds(&out.queue),
        vec![
            ("a1", "partial", at("Ankara")),
            ("a1", "speaker", at("the talks")),
            ("a1", "boundaries", at("Russia’s")),
            ("a1", "label", at("Moscow")),
            ("a2", "article", 0),
        ]
    );
    let b = &out.queue[2];
    let versions: Vec<Vec<&str>> = b
        .versions
        .iter()
        .map(|v| v.spans.iter().map(|s| s.text.as_str()).collect())
        .collect();
    assert_eq!(
        versions,
        vec![
            vec!["Russia’s Defense Ministry"],
            vec!["Defense Ministry"],
            vec!["Russia’s Defense Ministry"]
        ]
    );
    let partial = &out.queue[0];
    assert_eq!(
        partial.versions.iter().map(|v| v.spans.len()).collect::<Vec<_>>(),
        vec![0, 1, 0]
    );
    let speaker = &out.queue[1];
    let who: Vec<&str> = speaker
        .versions
        .iter()
        .map(|v| v.spans[0].speakers[0].text.as_str())
        .collect();
    assert_eq!(who, vec!["Erdoğan", "Erdoğan", "Sergei Lavrov"]);
}

#[test]
fn agree_command_json_and_table() {
    let t = Team::new();
    let dirs = three_analysts(&t);
    let args: Vec<&str> = dirs.iter().map(|d| d.to_str().unwrap()).collect();
    let o = t.run(&[&["agree"], &args[..], &["--json"]].concat());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for l in ["ACTOR", "LOCATION", "CLAIM"] {
        assert!(v["labels"][l]["f1"].is_f64(), "{v}");
        assert!(v["labels"][l]["alpha"].is_f64(), "{v}");
    }
    assert_eq!(v["labels"]["CLAIM"]["f1"], 1.0);
    assert!(v["said_by"]["agreement"].as_f64().unwrap() < 1.0);
    assert_eq!(v["articles"].as_array().unwrap().len(), 1);
    assert_eq!(v["articles"][0]["article"], "a1");
    assert_eq!(v["partial"][0]["article"], "a2");
    assert!(String::from_utf8_lossy(&o.stderr).contains("not compared: a2 is only in ana"));
    let o = t.run(&[&["agree"], &args[..]].concat());
    assert!(o.status.success());
    let table = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        table.contains("ACTOR") && table.contains("SAID_BY") && table.contains("a1"),
        "{table}"
    );
    // One folder is not a team.
    let o = t.run(&["agree", args[0]]);
    assert!(!o.status.success());
}

#[test]
fn adjudicate_command_writes_agreed_files_and_queue() {
    let t = Team::new();
    let dirs = three_analysts(&t);
    let args: Vec<&str> = dirs.iter().map(|d| d.to_str().unwrap()).collect();
    let out = t.path().join("adjudicated");
    let o = t.run(&[&["adjudicate"], &args[..], &["-o", out.to_str().unwrap()]].concat());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let ann = spanbench::commands::parse_ron_file(&out.join("a1.ron")).unwrap();
    assert_eq!(ann.spans.len(), 5);
    assert!(!out.join("a2.ron").exists());
    let ron = std::fs::read_to_string(out.join("a1.ron")).unwrap();
    assert!(ron.contains("origin: Agreed([\"ana\", \"ben\", \"cem\"])"), "{ron}");
    let queue = std::fs::read_to_string(out.join("review.jsonl")).unwrap();
    let items: Vec<serde_json::Value> = queue.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(items.len(), 5);
    assert!(items.iter().all(|i| i["versions"].as_array().unwrap().len() == 3));
    // The output is a valid annotations folder: check passes on it.
    let o = Command::new(env!("CARGO_BIN_EXE_spanbench"))
        .args(["check", "--corpus"])
        .arg(t.corpus())
        .arg("--annotations")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    // No temp files stay; the output may not be an input.
    assert!(
        std::fs::read_dir(&out)
            .unwrap()
            .all(|e| !e.unwrap().file_name().to_string_lossy().ends_with(".tmp"))
    );
    let o = t.run(&[&["adjudicate"], &args[..], &["-o", args[0]]].concat());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn agree_without_the_corpus_takes_lengths_from_the_spans() {
    let t = Team::new();
    let dirs: Vec<PathBuf> = ["ana", "ben"].iter().map(|n| t.analyst(n, &full_docs())).collect();
    let empty = t.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let team = load::load_team(&dirs, std::slice::from_ref(&empty)).unwrap();
    assert_eq!(team.without_text, vec!["a1".to_string(), "a2".to_string()]);
    assert!(team.mismatched.is_empty());
    let r = agree::agree(&team);
    assert_eq!(r.labels[&Label::Actor].alpha, Some(1.0));
    let o = Command::new(env!("CARGO_BIN_EXE_spanbench"))
        .arg("agree")
        .args(&dirs)
        .arg("--corpus")
        .arg(&empty)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("2 compared articles (a1, ...) are not in the corpus"));
}
