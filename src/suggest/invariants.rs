//! What every suggestion satisfies, on any text: the property test and the engine's
//! fuzz target check these.

use super::Suggestion;
use crate::model::Label;
use crate::text::TextIndex;

/// `Err` names the first suggestion that breaks an invariant: its char range is empty
/// or out of the text, it starts or ends on whitespace, its score is not in 0..=1, or a
/// claim's speaker is not one of the ACTOR suggestions. Every char offset is on a char
/// boundary by construction (offsets count chars), which `TextIndex::byte` checks.
pub fn check(text: &TextIndex, sugg: &[Suggestion]) -> Result<(), String> {
    let n = text.len_chars();
    let ws_edged = |s: usize, e: usize| {
        text.char_at(s).is_some_and(char::is_whitespace) || text.char_at(e - 1).is_some_and(char::is_whitespace)
    };
    for s in sugg {
        let what = || format!("{} [{}, {}) {:?}", s.label, s.start, s.end, s.why);
        if s.start >= s.end || s.end > n {
            return Err(format!("{}: out of the text (length {n})", what()));
        }
        if ws_edged(s.start, s.end) {
            return Err(format!("{}: starts or ends on whitespace", what()));
        }
        if !(0.0..=1.0).contains(&s.score) {
            return Err(format!("{}: score {}", what(), s.score));
        }
        let r = text.byte_range(s.start, s.end);
        if !text.as_str().is_char_boundary(r.start) || !text.as_str().is_char_boundary(r.end) {
            return Err(format!("{}: not on char boundaries", what()));
        }
        if let Some((a, b)) = s.speaker {
            if s.label != Label::Claim {
                return Err(format!("{}: a speaker on a non-claim", what()));
            }
            let actor = sugg
                .iter()
                .any(|x| x.label == Label::Actor && x.start == a && x.end == b);
            if !actor {
                return Err(format!("{}: speaker [{a}, {b}) is not an ACTOR suggestion", what()));
            }
        }
    }
    Ok(())
}
