//! The JSONL importers (ours, doccano, Prodigy): any line gives a record or an error;
//! merging a record into an article's annotations either succeeds with a valid file
//! or fails leaving it unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spanbench::export::Format;
use spanbench::import::{merge_record, parse_line};
use spanbench::model::Annotations;
use spanbench::text::TextIndex;

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else { return };
    let text = TextIndex::new("Moscow said “Erdoğan” — Крылатые ракеты in Syria.\n\nAnkara denied it.");
    for format in [None, Some(Format::Jsonl), Some(Format::Doccano), Some(Format::Prodigy)] {
        if let Ok(rec) = parse_line(line, format) {
            let mut ann = Annotations::new("d", "d.txt", "x");
            let before = ann.clone();
            match merge_record(&mut ann, &text, &rec) {
                Ok(_) => assert!(ann.validate(&text).is_empty(), "{:?}", ann.validate(&text)),
                Err(_) => assert_eq!(ann, before),
            }
        }
    }
});
