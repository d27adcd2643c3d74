//! The article loader and the offset index: any bytes give a text or a reason; every
//! text indexes, segments and snaps without panicking, and offsets round-trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spanbench::corpus::decode_text;
use spanbench::text::TextIndex;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode_text(data) else { return };
    let t = TextIndex::new(text);
    let n = t.len_chars();
    for c in [0, n / 3, n / 2, n.saturating_sub(1), n] {
        assert_eq!(t.char_of_byte(t.byte(c)), c);
    }
    for s in t.sentences() {
        assert!(s.start <= s.end && s.end <= n);
    }
    for p in t.paragraphs() {
        assert!(p.start < p.end && p.end <= n);
    }
    let (a, b) = (n / 4, n / 2);
    let (s, e) = t.snap_to_words(a, b);
    assert!(s <= e && e <= n);
    let (s, e) = t.trim(a, b);
    assert!(s <= e && e <= n);
    let _ = t.words_in(0, n);
});
