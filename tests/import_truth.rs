//! Issue 12, points 5 and 12-14: imports that write all or nothing and say what they
//! did, third-party files read with label maps, and odd ids, BOMs and gold that tell
//! the truth. Each test runs the real binary.

mod common;

use common::*;
use spanbench::corpus::{self, Article};
use spanbench::model::{Annotations, Label, Origin, Span};
use spanbench::store::Store;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const S000: &str = "000_ee3d024688d38bd3";

/// A corpus folder `c` and an annotations folder `a` in a temp dir.
struct Tiny {
    dir: tempfile::TempDir,
}

impl Tiny {
    fn new(articles: &[(&str, &[u8])]) -> Tiny {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("c")).unwrap();
        std::fs::create_dir_all(dir.path().join("a")).unwrap();
        for (name, bytes) in articles {
            std::fs::write(dir.path().join("c").join(name), bytes).unwrap();
        }
        Tiny { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn corpus(&self) -> PathBuf {
        self.path().join("c")
    }

    fn ann(&self) -> PathBuf {
        self.path().join("a")
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_spanbench"));
        c.args(args)
            .arg("--corpus")
            .arg(self.corpus())
            .arg("--annotations")
            .arg(self.ann());
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    fn write(&self, name: &str, body: &str) -> PathBuf {
        let p = self.path().join(name);
        std::fs::write(&p, body).unwrap();
        p
    }
}

fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.chars().chain(std::iter::once(' ')).enumerate() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

// Point 5
#[cfg(unix)]
#[test]
fn a_write_that_fails_on_the_second_file_leaves_the_first_unwritten() {
    let long: String = (0..400).map(|i| format!("word{i} ")).collect();
    let t = Tiny::new(&[("a.txt", b"Ankara said yes.\n"), ("b.txt", long.as_bytes())]);
    let spans: Vec<serde_json::Value> = words(&long)
        .iter()
        .map(|&(s, e)| serde_json::json!({"start": s, "end": e, "label": "ACTOR"}))
        .collect();
    let input = t.write(
        "in.jsonl",
        &format!(
            "{}\n{}\n",
            serde_json::json!({"doc": "a", "spans": [{"start": 0, "end": 6, "label": "LOCATION"}]}),
            serde_json::json!({"doc": "b", "spans": spans})
        ),
    );
    // The file size limit lets a.ron (small) be written and b.ron (40 KB) not: as a
    // disk that fills up between the two.
    let o = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 16; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_spanbench"))
        .arg("import")
        .arg(&input)
        .arg("--corpus")
        .arg(t.corpus())
        .arg("--annotations")
        .arg(t.ann())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("b.ron") && err.contains("nothing was imported"), "{err}");
    assert!(
        !t.ann().join("a.ron").exists(),
        "all or nothing: a.ron must not be written"
    );
    let left: Vec<String> = std::fs::read_dir(t.ann())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n != spanbench::lock::LOCK_FILE)
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // Without the limit the same import writes both.
    let o = t.run(&["import", input.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("2 files written"), "{}", stderr(&o));
}

// Point 5: all or nothing does not hold a file open per article.
#[cfg(unix)]
#[test]
fn an_import_into_more_articles_than_open_files_allowed_goes_through() {
    let names: Vec<(String, Vec<u8>)> = (0..150)
        .map(|i| (format!("n{i:03}.txt"), format!("Ankara said yes {i}.\n").into_bytes()))
        .collect();
    let refs: Vec<(&str, &[u8])> = names.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let t = Tiny::new(&refs);
    let lines: String = (0..150)
        .map(|i| {
            format!(
                "{}\n",
                serde_json::json!({"doc": format!("n{i:03}"), "spans": [{"start": 0, "end": 6, "label": "LOCATION"}]})
            )
        })
        .collect();
    let input = t.write("many.jsonl", &lines);
    let o = Command::new("sh")
        .arg("-c")
        .arg("ulimit -n 64; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_spanbench"))
        .arg("import")
        .arg(&input)
        .arg("--corpus")
        .arg(t.corpus())
        .arg("--annotations")
        .arg(t.ann())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("150 files written"), "{}", stderr(&o));
    assert_eq!(Store::new(t.ann()).ids().len(), 150);
}

// Point 12
#[test]
fn doccano_offsets_that_cut_words_warn_and_name_the_line() {
    let text = "Turkey’s Erdoğan and Russia’s Putin met in Sochi.\n";
    let t = Tiny::new(&[("t.txt", text.as_bytes())]);
    let chars = |w: &str| {
        let s = char_find(text, w, 0);
        (s, s + w.chars().count())
    };
    let bytes = |w: &str| {
        let s = text.find(w).unwrap();
        (s, s + w.chars().count())
    };
    let (ok_s, ok_e) = chars("Erdoğan");
    let (b_s, b_e) = bytes("Russia");
    let input = t.write(
        "d.jsonl",
        &format!(
            "{}\n{}\n",
            serde_json::json!({"doc": "t", "text": text, "label": [[ok_s, ok_e, "ACTOR"]]}),
            serde_json::json!({"doc": "t", "text": text, "label": [[b_s, b_e, "LOCATION"]]})
        ),
    );
    let o = t.run(&["import", input.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(warnings[0].contains("d.jsonl:2:"), "{err}");
    assert!(
        warnings[0].contains("cuts a word") && warnings[0].contains("bytes or UTF-16"),
        "{err}"
    );
}

// Point 13: --skip-bad keeps the good lines of a file with bad ones.
#[test]
fn brat_skip_bad_skips_exactly_the_bad_lines() {
    let text = "Lavrov said the talks failed.\n";
    let t = Tiny::new(&[("t.txt", text.as_bytes())]);
    let brat = t.path().join("brat");
    std::fs::create_dir_all(&brat).unwrap();
    std::fs::write(brat.join("t.txt"), text).unwrap();
    let claim = char_find(text, "the talks failed", 0);
    std::fs::write(
        brat.join("t.ann"),
        format!(
            "T1\tACTOR 0 6\tLavrov\nT2\tACTOR 0 6\tWrong\nT3\tCLAIM {claim} {}\tthe talks failed\nR1\tSaidBy Arg1:T3 Arg2:T1\n",
            claim + 16
        ),
    )
    .unwrap();
    let o = t.run(&["import", brat.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = t.run(&["import", brat.to_str().unwrap(), "--skip-bad"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let skipped: Vec<&str> = err.lines().filter(|l| l.starts_with("skipped:")).collect();
    assert_eq!(skipped.len(), 1, "{err}");
    assert!(skipped[0].contains("t.ann:2:"), "{err}");
    let ann = Store::new(t.ann()).read("t").unwrap().unwrap();
    let got: Vec<(Label, &str)> = ann.spans.iter().map(|s| (s.label, s.text.as_str())).collect();
    assert_eq!(got, vec![(Label::Actor, "Lavrov"), (Label::Claim, "the talks failed")]);
    assert_eq!(ann.relations.len(), 1);
}

// Point 13: a real third-party brat file, read with --map.
#[test]
fn map_brings_other_teams_brat_types_in_and_counts_what_it_ignores() {
    let text = "Lavrov said the talks failed in Geneva.\n";
    let t = Tiny::new(&[("t.txt", text.as_bytes())]);
    let brat = t.path().join("brat");
    std::fs::create_dir_all(&brat).unwrap();
    std::fs::write(brat.join("t.txt"), text).unwrap();
    let claim = char_find(text, "the talks failed", 0);
    let geneva = char_find(text, "Geneva", 0);
    std::fs::write(
        brat.join("t.ann"),
        format!(
            "T1\tSource 0 6\tLavrov\nT2\tContent {claim} {}\tthe talks failed\nT3\tPlace {geneva} {}\tGeneva\n\
             T4\tPerson 0 6\tLavrov\nE1\tStatement:T2 Agent:T1\nA1\tNegated T2\nR1\tSays Arg1:T2 Arg2:T1\n\
             R2\tKnows Arg1:T1 Arg2:T4\n#1\tAnnotatorNotes T1\tchecked\n",
            claim + 16,
            geneva + 6
        ),
    )
    .unwrap();
    // Without a map the file is refused line by line, as before.
    let o = t.run(&["import", brat.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = t.run(&[
        "import",
        brat.to_str().unwrap(),
        "--map",
        "Source=ACTOR,Content=CLAIM,Place=LOCATION,Says=SAID_BY",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    for want in [
        "1 T lines of type \"Person\"",
        "1 E lines",
        "1 A lines",
        "1 # lines",
        "1 R lines of type \"Knows\"",
    ] {
        assert!(
            err.contains(&format!("ignored (not in --map): {want}")),
            "{want}: {err}"
        );
    }
    let ann = Store::new(t.ann()).read("t").unwrap().unwrap();
    let got: Vec<(Label, &str)> = ann.spans.iter().map(|s| (s.label, s.text.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (Label::Actor, "Lavrov"),
            (Label::Claim, "the talks failed"),
            (Label::Location, "Geneva")
        ]
    );
    assert_eq!(ann.relations.len(), 1, "Says mapped to SAID_BY");
    // A bad map is a usage error.
    let o = t.run(&["import", brat.to_str().unwrap(), "--map", "Source=PERSON"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

// Point 13: the map works for the JSONL importers too.
#[test]
fn map_works_for_doccano_prodigy_and_our_jsonl() {
    let text = "Lavrov met Kerry in Geneva.\n";
    let t = Tiny::new(&[("t.txt", text.as_bytes())]);
    let g = char_find(text, "Geneva", 0);
    let k = char_find(text, "Kerry", 0);
    let input = t.write(
        "m.jsonl",
        &format!(
            "{}\n{}\n{}\n",
            serde_json::json!({"doc": "t", "text": text, "label": [[0, 6, "PER"], [g, g + 6, "GPE"], [k, k + 5, "MISC"]]}),
            serde_json::json!({"doc": "t", "text": text, "spans": [{"start": k, "end": k + 5, "label": "PER"}], "tokens": [],
                "_input_hash": 1, "answer": "accept"}),
            serde_json::json!({"doc": "t", "spans": [{"start": 0, "end": 6, "label": "ORG"}]})
        ),
    );
    let o = t.run(&["import", input.to_str().unwrap(), "--map", "PER=ACTOR,GPE=LOCATION"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("1 spans of type \"MISC\"") && err.contains("1 spans of type \"ORG\""),
        "{err}"
    );
    let ann = Store::new(t.ann()).read("t").unwrap().unwrap();
    let got: Vec<(Label, &str)> = ann.spans.iter().map(|s| (s.label, s.text.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (Label::Actor, "Lavrov"),
            (Label::Actor, "Kerry"),
            (Label::Location, "Geneva")
        ]
    );
}

/// Seed 000 with a RON file whose one span has id `id`.
fn with_span_id(ws: &Workspace, id: u32) {
    let a = corpus::load(&[ws.corpus().join(format!("{S000}.txt"))])
        .articles
        .remove(0);
    let mut ann = Annotations::new(S000, a.path.to_string_lossy(), a.sha256.clone());
    ann.spans.push(Span {
        id,
        label: Label::Location,
        start: 0,
        end: 6,
        text: "Rocket".into(),
        origin: Origin::Manual,
    });
    Store::new(ws.annotations()).save(&ann).unwrap();
}

// Point 14
#[test]
fn span_id_u32_max_boms_and_bad_gold_tell_the_truth() {
    // A span with id 4294967295: check passes and an import adds a span beside it.
    let ws = Workspace::new();
    with_span_id(&ws, u32::MAX);
    assert!(ws.run(&["check"]).status.success());
    let o = ws.run(&["import", ws.actor_jsonl(S000, 7, 13).to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ann = Store::new(ws.annotations()).read(S000).unwrap().unwrap();
    let ids: Vec<u32> = ann.spans.iter().map(|s| s.id).collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&u32::MAX) && !ids.contains(&0), "{ids:?}");
    let o = ws.run(&["check"]);
    assert!(o.status.success(), "{}", stdout(&o));
    // A RON file that starts with a byte order mark is read.
    let path = Store::new(ws.annotations()).path_for(S000).unwrap();
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(std::fs::read(&path).unwrap());
    std::fs::write(&path, bytes).unwrap();
    let o = ws.run(&["check"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let o = ws.run(&["import", ws.actor_jsonl(S000, 14, 18).to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    // eval refuses a reversed gold span and an empty gold file.
    let gold = ws.path().join("gold.jsonl");
    std::fs::write(
        &gold,
        format!(
            "{}\n",
            serde_json::json!({"doc": S000, "spans": [{"start": 9, "end": 2, "label": "ACTOR"}]})
        ),
    )
    .unwrap();
    let o = ws.run(&[
        "eval",
        "--gold",
        gold.to_str().unwrap(),
        ws.annotations().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("gold.jsonl:1:") && stderr(&o).contains("not after the start"),
        "{}",
        stderr(&o)
    );
    std::fs::write(&gold, "\n").unwrap();
    let o = ws.run(&[
        "eval",
        "--gold",
        gold.to_str().unwrap(),
        ws.annotations().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stderr(&o).contains("no records"), "{}", stderr(&o));
}

// Point 14: an article whose file has two byte order marks survives brat.
#[test]
fn an_article_with_two_boms_survives_its_brat_export_and_reimport() {
    let t = Tiny::new(&[("t.txt", "\u{feff}\u{feff}Erdoğan said yes.\n".as_bytes())]);
    let a: Article = corpus::load(&[t.corpus()]).articles.remove(0);
    assert!(a.text.starts_with('\u{feff}'));
    let e = char_find(&a.text, "Erdoğan", 0);
    let line = serde_json::json!({"doc": "t", "spans": [{"start": e, "end": e + 7, "label": "ACTOR"}]});
    let input = t.write("in.jsonl", &format!("{line}\n"));
    assert!(t.run(&["import", input.to_str().unwrap()]).status.success());
    let out = t.path().join("brat");
    let o = t.run(&["export", "--format", "brat", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let fresh = t.path().join("fresh");
    let o = Command::new(env!("CARGO_BIN_EXE_spanbench"))
        .args(["import", out.to_str().unwrap(), "--corpus"])
        .arg(t.corpus())
        .arg("--annotations")
        .arg(&fresh)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let back = Store::new(&fresh).read("t").unwrap().unwrap();
    let orig = Store::new(t.ann()).read("t").unwrap().unwrap();
    assert_eq!(back.spans.len(), 1);
    assert_eq!(
        (back.spans[0].start, back.spans[0].end, &back.spans[0].text),
        (orig.spans[0].start, orig.spans[0].end, &orig.spans[0].text)
    );
}
