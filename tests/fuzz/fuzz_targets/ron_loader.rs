//! The RON loader: any bytes give an annotations file or an error, never a panic or a
//! hang; what parses validates against a text without panicking and writes back to a
//! file that parses to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spanbench::store::{from_ron, to_ron};
use spanbench::text::TextIndex;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    let path = Path::new("fuzz.ron");
    if let Ok(mut ann) = from_ron(src, path) {
        let text = TextIndex::new("Moscow said “Erdoğan” — Крылатые ракеты in Syria.");
        let _ = ann.validate(&text);
        let _ = spanbench::store::reanchor(&mut ann.clone(), &text);
        let out = to_ron(&ann);
        let back = from_ron(&out, path).expect("what we write must parse");
        ann.normalize();
        assert_eq!(back, ann);
    }
});
