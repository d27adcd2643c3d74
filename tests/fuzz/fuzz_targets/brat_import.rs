//! The brat importer: any .ann text against an article gives a record or line errors,
//! never a panic; a record merges into valid annotations or leaves them unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spanbench::export::brat::parse_ann;
use spanbench::import::merge_record;
use spanbench::model::Annotations;
use spanbench::text::TextIndex;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    let text = TextIndex::new("Moscow said “Erdoğan” — Крылатые ракеты in Syria.\n\nAnkara denied it.");
    if let Ok(rec) = parse_ann(src, &text) {
        let mut ann = Annotations::new("d", "d.txt", "x");
        let before = ann.clone();
        match merge_record(&mut ann, &text, &rec) {
            Ok(_) => assert!(ann.validate(&text).is_empty(), "{:?}", ann.validate(&text)),
            Err(_) => assert_eq!(ann, before),
        }
    }
});
