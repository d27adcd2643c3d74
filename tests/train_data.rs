//! The training and dev data in assets/train (converted from GUM by
//! assets/train/convert_gum.py): every span lies inside its text, covers exactly its
//! "text", starts and ends on a word edge and never on whitespace, carries an ACTOR or
//! LOCATION label, and spans of one document do not overlap (BIO tagging needs that).
//! Each file also loads through the project's own JSONL reader, and every document is
//! listed in the manifest with an open text licence.

use spanbench::eval::read_records;
use spanbench::text::TextIndex;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

fn train_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/train")
}

fn jsonl_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(train_dir())
        .expect("assets/train exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    files
}

/// Licences a document's text may carry (assets/train/README.md).
const OPEN: [&str; 3] = [
    "CC BY 2.5 (Wikinews)",
    "CC BY-SA 3.0 (Wikipedia)",
    "CC BY-SA 3.0 (Wikivoyage)",
];

fn manifest() -> BTreeMap<String, (String, String)> {
    let p = train_dir().join("gum-manifest.tsv");
    let text = std::fs::read_to_string(&p).expect("manifest");
    let mut out = BTreeMap::new();
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(cols.len() >= 4, "manifest line: {line}");
        out.insert(cols[0].to_string(), (cols[1].to_string(), cols[3].to_string()));
    }
    out
}

fn check_file(path: &Path, manifest: &BTreeMap<String, (String, String)>) -> (usize, usize) {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let stem = name.trim_start_matches("gum-").trim_end_matches(".jsonl").to_string();
    let raw = std::fs::read_to_string(path).expect("read jsonl");
    let (mut docs, mut spans) = (0, 0);
    for (n, line) in raw.lines().enumerate() {
        let at = format!("{name}:{}", n + 1);
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{at}: {e}"));
        let doc = v["doc"].as_str().unwrap_or_else(|| panic!("{at}: no doc"));
        let (file, licence) = manifest
            .get(doc)
            .unwrap_or_else(|| panic!("{at}: {doc} not in the manifest"));
        assert_eq!(file, &stem, "{at}: manifest puts {doc} in {file}");
        assert!(OPEN.contains(&licence.as_str()), "{at}: licence {licence}");
        let text = TextIndex::new(v["text"].as_str().unwrap_or_else(|| panic!("{at}: no text")));
        let mut last_end = 0;
        for s in v["spans"].as_array().unwrap_or_else(|| panic!("{at}: no spans")) {
            let start = s["start"].as_u64().expect("start") as usize;
            let end = s["end"].as_u64().expect("end") as usize;
            let label = s["label"].as_str().expect("label");
            let covered = s["text"].as_str().expect("span text");
            let what = format!("{at}: {doc} [{start}, {end}) {label} {covered:?}");
            assert!(start < end && end <= text.len_chars(), "{what}: out of range");
            assert!(matches!(label, "ACTOR" | "LOCATION"), "{what}: label");
            assert_eq!(text.slice(start, end), covered, "{what}: text differs");
            let first = text.char_at(start).unwrap();
            let last = text.char_at(end - 1).unwrap();
            assert!(
                !first.is_whitespace() && !last.is_whitespace(),
                "{what}: whitespace at an edge"
            );
            let before = start.checked_sub(1).and_then(|c| text.char_at(c));
            let after = text.char_at(end);
            let cuts_left = before.is_some_and(char::is_alphanumeric);
            let cuts_right = after.is_some_and(char::is_alphanumeric) && last.is_alphanumeric();
            assert!(!cuts_left && !cuts_right, "{what}: cuts a word");
            assert!(start >= last_end, "{what}: overlaps the previous span");
            last_end = end;
            spans += 1;
        }
        docs += 1;
    }
    // The project's own reader takes the file as it is (eval --gold, import).
    let recs = read_records(path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(recs.len(), docs);
    (docs, spans)
}

#[test]
fn every_span_is_in_range_matches_its_text_and_has_our_labels() {
    let manifest = manifest();
    let files = jsonl_files();
    let names: HashSet<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    for want in ["gum-news-train.jsonl", "gum-news-dev.jsonl", "gum-wiki-train.jsonl"] {
        assert!(names.contains(want), "{want} missing");
    }
    let mut total_docs = 0;
    for f in &files {
        let (docs, spans) = check_file(f, &manifest);
        assert!(
            docs > 0 && spans > 10 * docs / 2,
            "{}: {docs} docs, {spans} spans",
            f.display()
        );
        total_docs += docs;
    }
    assert_eq!(total_docs, manifest.len(), "every manifest row is a document");
}

#[test]
fn dev_and_train_share_no_document() {
    let manifest = manifest();
    let dev: Vec<&String> = manifest
        .iter()
        .filter(|(_, (f, _))| f.ends_with("-dev"))
        .map(|(d, _)| d)
        .collect();
    assert!(dev.len() >= 8, "dev has {} documents", dev.len());
    let mut seen = HashSet::new();
    for f in jsonl_files() {
        for line in std::fs::read_to_string(&f).unwrap().lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let doc = v["doc"].as_str().unwrap().to_string();
            assert!(seen.insert(doc.clone()), "{doc} appears twice");
        }
    }
}
