//! Offsets are code points in every format, checked by reading each output here with
//! plain serde_json / string splitting (not spanbench's readers) and slicing the text the
//! way Python does: on the seeds' curly quotes, Turkish "Erdoğan", the Cyrillic line of
//! seed 004, and an extra article with emoji (where UTF-16 units would differ).

mod export_support;
use export_support::*;
use serde_json::Value;
use spanbench::export::{ExportOptions, Format, conll};
use spanbench::model::{Edit, Label, Origin};
use spanbench::text::TextIndex;
use std::collections::{BTreeMap, BTreeSet};

type Got = BTreeMap<String, BTreeSet<(String, usize, usize)>>;

const EMOJI: &str = "emoji_article";
const EMOJI_TEXT: &str = "😀😀 Erdoğan 👍 said: “🇹🇷 Ankara will answer”\nКремль 🤝 agreed.\n";

/// The annotated seeds plus the emoji article, and the expected spans per article.
fn fixture() -> (Ws, Got, BTreeMap<String, String>) {
    let ws = Ws::annotated();
    std::fs::write(ws.path().join("seeds").join(format!("{EMOJI}.txt")), EMOJI_TEXT).unwrap();
    let a = ws.articles().into_iter().find(|a| a.id == EMOJI).unwrap();
    let t = TextIndex::new(a.text.clone());
    let mut ann = spanbench::model::Annotations::new(a.id.clone(), "", a.sha256.clone());
    for (label, needle) in [
        (Label::Actor, "Erdoğan"),
        (Label::Claim, "🇹🇷 Ankara will answer"),
        (Label::Location, "Ankara"),
        (Label::Actor, "Кремль"),
    ] {
        let s = char_find(EMOJI_TEXT, needle, 0).unwrap();
        let sp = ann
            .new_span(&t, label, s, s + needle.chars().count(), Origin::Manual)
            .unwrap();
        ann.apply(Edit::AddSpan(sp)).unwrap();
    }
    ws.store().save(&ann).unwrap();
    let mut want = Got::new();
    let mut texts = BTreeMap::new();
    for a in ws.articles() {
        let ann = ws.store().read(&a.id).unwrap().unwrap();
        want.insert(
            a.id.clone(),
            ann.spans
                .iter()
                .map(|s| (s.label.upper().to_string(), s.start, s.end))
                .collect(),
        );
        texts.insert(a.id.clone(), a.text);
    }
    (ws, want, texts)
}

fn export(ws: &Ws, format: Format, options: &ExportOptions) -> std::path::PathBuf {
    let out = ws.path().join(format!("out.{format}"));
    spanbench::export::export(
        format,
        Some(&out),
        &ws.corpus(),
        &ws.store(),
        Default::default(),
        options,
        &mut |_, _| {},
    )
    .unwrap();
    out
}

fn lines(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The hard cases land where Python would put them.
fn check_named_cases(got: &Got, texts: &BTreeMap<String, String>) {
    let has = |doc: &str, label: &str, needle: &str| {
        let s = char_find(&texts[doc], needle, 0).unwrap();
        got[doc].contains(&(label.to_string(), s, s + needle.chars().count()))
    };
    assert!(has(S001, "ACTOR", "Erdoğan"));
    assert!(has(S004, "ACTOR", "ИГИЛ"));
    assert!(has(S004, "LOCATION", "СИРИЯ"));
    assert!(has(EMOJI, "ACTOR", "Кремль"));
    assert!(has(EMOJI, "CLAIM", "🇹🇷 Ankara will answer"));
    // A claim inside curly quotes starts right after “ and ends right before ”.
    let t = &texts["000_ee3d024688d38bd3"];
    let quoted = got["000_ee3d024688d38bd3"]
        .iter()
        .filter(|(l, s, e)| l == "CLAIM" && *s > 0 && py_slice(t, s - 1, *s) == "“" && py_slice(t, *e, e + 1) == "”")
        .count();
    assert!(quoted >= 10, "{quoted}");
    // The emoji article: Erdoğan is at char 3 (UTF-16 would say 5).
    assert!(got[EMOJI].contains(&("ACTOR".to_string(), 3, 10)));
}

#[test]
fn jsonl_offsets_are_code_points() {
    let (ws, want, texts) = fixture();
    let out = export(&ws, Format::Jsonl, &ExportOptions::default());
    let mut got = Got::new();
    for v in lines(&out) {
        let doc = v["doc"].as_str().unwrap().to_string();
        assert_eq!(v["text"].as_str().unwrap(), texts[&doc]);
        let set = got.entry(doc.clone()).or_default();
        for s in v["spans"].as_array().unwrap() {
            let (a, b) = (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(py_slice(&texts[&doc], a, b), s["text"].as_str().unwrap());
            set.insert((s["label"].as_str().unwrap().to_string(), a, b));
        }
    }
    assert_eq!(got, want);
    check_named_cases(&got, &texts);
}

#[test]
fn prodigy_offsets_and_tokens_are_code_points() {
    let (ws, want, texts) = fixture();
    let out = export(&ws, Format::Prodigy, &ExportOptions::default());
    let mut got = Got::new();
    for v in lines(&out) {
        let doc = v["meta"]["doc"].as_str().unwrap().to_string();
        let text = &texts[&doc];
        let toks = v["tokens"].as_array().unwrap();
        // Tokens tile the text in order: each at its offsets, "ws" one space after it,
        // other whitespace its own token (so spaCy's Doc(words, spaces) is the text).
        let mut rebuilt = String::new();
        for (i, t) in toks.iter().enumerate() {
            let (a, b) = (
                t["start"].as_u64().unwrap() as usize,
                t["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(t["id"].as_u64().unwrap() as usize, i);
            assert_eq!(rebuilt.chars().count(), a, "{doc} token {i}");
            assert_eq!(py_slice(text, a, b), t["text"].as_str().unwrap());
            rebuilt.push_str(t["text"].as_str().unwrap());
            if t["ws"].as_bool().unwrap() {
                rebuilt.push(' ');
            }
        }
        assert_eq!(&rebuilt, text);
        let set = got.entry(doc.clone()).or_default();
        for s in v["spans"].as_array().unwrap() {
            let (a, b) = (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            let (ts, te) = (
                s["token_start"].as_u64().unwrap() as usize,
                s["token_end"].as_u64().unwrap() as usize,
            );
            assert_eq!(toks[ts]["start"].as_u64().unwrap() as usize, a);
            assert_eq!(toks[te]["end"].as_u64().unwrap() as usize, b);
            set.insert((s["label"].as_str().unwrap().to_string(), a, b));
        }
        for r in v["relations"].as_array().unwrap() {
            assert_eq!(r["label"], "SAID_BY");
            assert_eq!(r["head"], r["head_span"]["token_end"]);
            assert_eq!(r["child"], r["child_span"]["token_end"]);
            assert_eq!(r["head_span"]["label"], "CLAIM");
            assert_eq!(r["child_span"]["label"], "ACTOR");
        }
    }
    assert_eq!(got, want);
    check_named_cases(&got, &texts);
}

#[test]
fn doccano_offsets_are_code_points_in_both_shapes() {
    let (ws, want, texts) = fixture();
    let out = export(&ws, Format::Doccano, &ExportOptions::default());
    let mut got = Got::new();
    for v in lines(&out) {
        let doc = v["doc"].as_str().unwrap().to_string();
        let set = got.entry(doc).or_default();
        for l in v["label"].as_array().unwrap() {
            set.insert((
                l[2].as_str().unwrap().to_string(),
                l[0].as_u64().unwrap() as usize,
                l[1].as_u64().unwrap() as usize,
            ));
        }
    }
    assert_eq!(got, want);
    check_named_cases(&got, &texts);

    let out = export(
        &ws,
        Format::Doccano,
        &ExportOptions {
            relations: true,
            ..Default::default()
        },
    );
    let mut got = Got::new();
    let mut ids = BTreeSet::new();
    for v in lines(&out) {
        let doc = v["doc"].as_str().unwrap().to_string();
        let ents = v["entities"].as_array().unwrap();
        let set = got.entry(doc).or_default();
        for e in ents {
            assert!(
                ids.insert(e["id"].as_u64().unwrap()),
                "entity ids are unique in the file"
            );
            set.insert((
                e["label"].as_str().unwrap().to_string(),
                e["start_offset"].as_u64().unwrap() as usize,
                e["end_offset"].as_u64().unwrap() as usize,
            ));
        }
        for r in v["relations"].as_array().unwrap() {
            let find = |id: &Value| ents.iter().find(|e| e["id"] == *id).unwrap()["label"].clone();
            assert_eq!(find(&r["from_id"]), "CLAIM");
            assert_eq!(find(&r["to_id"]), "ACTOR");
            assert_eq!(r["type"], "SAID_BY");
        }
    }
    assert_eq!(got, want);
}

#[test]
fn brat_offsets_are_code_points_and_text_is_unchanged() {
    let (ws, want, texts) = fixture();
    let out = export(&ws, Format::Brat, &ExportOptions::default());
    let mut got = Got::new();
    for (doc, text) in &texts {
        // The .txt is the article byte for byte.
        let src = std::fs::read(ws.path().join("seeds").join(format!("{doc}.txt"))).unwrap();
        assert_eq!(std::fs::read(out.join(format!("{doc}.txt"))).unwrap(), src);
        let ann = std::fs::read_to_string(out.join(format!("{doc}.ann"))).unwrap();
        let set = got.entry(doc.clone()).or_default();
        for line in ann.lines().filter(|l| l.starts_with('T')) {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 3, "{line}");
            let (label, offs) = cols[1].split_once(' ').unwrap();
            let frags: Vec<(usize, usize)> = offs
                .split(';')
                .map(|f| {
                    let (a, b) = f.split_once(' ').unwrap();
                    (a.parse().unwrap(), b.parse().unwrap())
                })
                .collect();
            let pieces: Vec<String> = frags.iter().map(|&(a, b)| py_slice(text, a, b)).collect();
            assert!(pieces.iter().all(|p| !p.contains('\n')), "{line}");
            assert_eq!(pieces.join(" "), cols[2]);
            set.insert((label.to_string(), frags[0].0, frags[frags.len() - 1].1));
        }
    }
    assert_eq!(got, want);
    check_named_cases(&got, &texts);
    let conf = std::fs::read_to_string(out.join("annotation.conf")).unwrap();
    assert!(conf.contains("SaidBy\tArg1:CLAIM, Arg2:ACTOR"));
    assert!(out.join("visual.conf").is_file());
}

#[test]
fn conll_tokens_are_the_texts_code_points() {
    let (ws, _want, texts) = fixture();
    let out = export(
        &ws,
        Format::Conll,
        &ExportOptions {
            labels: vec![Label::Actor, Label::Location],
            ..Default::default()
        },
    );
    let src = std::fs::read_to_string(&out).unwrap();
    let docs = conll::parse(&src).unwrap();
    // Documents come in corpus order (sorted ids).
    let ids: Vec<&String> = texts.keys().collect();
    assert_eq!(docs.len(), ids.len());
    let mut got = Got::new();
    for (doc, id) in docs.iter().zip(ids) {
        let t = TextIndex::new(texts[id].clone());
        let spans = conll::spans_in_text(doc, &t).unwrap();
        got.insert(
            id.clone(),
            spans
                .iter()
                .map(|s| (s.label.upper().to_string(), s.start, s.end))
                .collect(),
        );
    }
    let has = |doc: &str, label: &str, needle: &str| {
        let s = char_find(&texts[doc], needle, 0).unwrap();
        got[doc].contains(&(label.to_string(), s, s + needle.chars().count()))
    };
    assert!(has(S001, "ACTOR", "Erdoğan"));
    assert!(has(S004, "ACTOR", "ИГИЛ"));
    assert!(has(EMOJI, "LOCATION", "Ankara"));
    assert!(src.contains("\nErdoğan -X- _ B-ACTOR\n"));
}
