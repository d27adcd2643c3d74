//! The tag set: BIO over ACTOR and LOCATION, the allowed transitions, and the spans a
//! tag sequence stands for.

use crate::model::Label;

/// Tags, in weight order: O, B-ACTOR, I-ACTOR, B-LOCATION, I-LOCATION.
pub const NT: usize = 5;
pub const O: u8 = 0;
pub const B_ACT: u8 = 1;
pub const I_ACT: u8 = 2;
pub const B_LOC: u8 = 3;
pub const I_LOC: u8 = 4;
/// The "previous tag" at a sentence start (a sixth row of the transition table).
pub const START: usize = NT;

/// Whether tag `cur` may follow `prev` (`START` at a sentence start): an I-X only after
/// B-X or I-X.
pub fn allowed(prev: usize, cur: u8) -> bool {
    match cur {
        I_ACT => prev == B_ACT as usize || prev == I_ACT as usize,
        I_LOC => prev == B_LOC as usize || prev == I_LOC as usize,
        _ => true,
    }
}

/// The label of a B tag.
pub fn label_of(tag: u8) -> Option<Label> {
    match tag {
        B_ACT | I_ACT => Some(Label::Actor),
        B_LOC | I_LOC => Some(Label::Location),
        _ => None,
    }
}

/// The B and I tags of a label (None for CLAIM).
pub fn tags_of(l: Label) -> Option<(u8, u8)> {
    match l {
        Label::Actor => Some((B_ACT, I_ACT)),
        Label::Location => Some((B_LOC, I_LOC)),
        _ => None,
    }
}

/// The spans of a tag sequence: `(label, first token, last token + 1)`, left to right.
/// A stray I (never produced by the constrained decoder) starts a span of its own.
pub fn spans(tags: &[u8]) -> Vec<(Label, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        let Some(l) = label_of(tags[i]) else {
            i += 1;
            continue;
        };
        let inside = if l == Label::Actor { I_ACT } else { I_LOC };
        let mut j = i + 1;
        while j < tags.len() && tags[j] == inside {
            j += 1;
        }
        out.push((l, i, j));
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_follow_bio() {
        let t = [O, B_ACT, I_ACT, O, B_LOC, B_LOC, I_LOC];
        assert_eq!(
            spans(&t),
            vec![(Label::Actor, 1, 3), (Label::Location, 4, 5), (Label::Location, 5, 7)]
        );
        assert!(!allowed(O as usize, I_ACT));
        assert!(!allowed(B_LOC as usize, I_ACT));
        assert!(allowed(START, B_LOC));
    }
}
