//! Feature hashing: a fixed, platform-independent mix (so trained weights mean the same
//! on every machine and in every build) and the hashes of a word's forms.

/// log2 of the number of feature buckets.
pub const BITS: u32 = 18;
pub const BUCKETS: usize = 1 << BITS;

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Mixes `x` into `h` (a multiply-xor-shift step, FxHash-like).
#[inline]
pub fn mix(h: u64, x: u64) -> u64 {
    let v = (h ^ x).wrapping_mul(K);
    v ^ (v >> 29)
}

/// The bucket of a (template, value) pair.
#[inline]
pub fn bucket(template: u64, value: u64) -> u32 {
    let h = mix(mix(0x5bd1_e995, template), value);
    (h.wrapping_mul(K) >> (64 - BITS)) as u32
}

/// Hash of a byte string.
#[inline]
pub fn bytes(b: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for &x in b {
        h = (h ^ x as u64).wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// The forms of one word the features use, hashed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Forms {
    pub word: u64,
    pub lower: u64,
    pub pre3: u64,
    pub suf2: u64,
    pub suf3: u64,
    pub shape: u64,
}

impl Forms {
    /// No word's forms (what a template sees past either end of an article).
    pub const ZERO: Forms = Forms {
        word: 0,
        lower: 0,
        pre3: 0,
        suf2: 0,
        suf3: 0,
        shape: 0,
    };
}

/// Hashes a word's forms in one pass over its chars: exact, lower-case, the first three
/// and the last two and three lower-case chars, and its shape ("Xx", "X.X.", "d", "Xx-Xx":
/// upper, lower and digit runs collapsed, punctuation kept).
pub fn forms(w: &str) -> Forms {
    let word = bytes(w.as_bytes());
    let mut lower = 0xcbf2_9ce4_8422_2325u64;
    let mut pre3 = lower;
    let mut shape = lower;
    let mut last_class = 0u32;
    let mut tail = [0u32; 3];
    let mut n = 0usize;
    for c in w.chars() {
        let lc = if c.is_ascii() {
            c.to_ascii_lowercase()
        } else {
            c.to_lowercase().next().unwrap_or(c)
        } as u32;
        lower = (lower ^ lc as u64).wrapping_mul(0x100_0000_01b3);
        if n < 3 {
            pre3 = (pre3 ^ lc as u64).wrapping_mul(0x100_0000_01b3);
        }
        tail = [tail[1], tail[2], lc];
        n += 1;
        let class = if c.is_uppercase() {
            'X' as u32
        } else if c.is_lowercase() {
            'x' as u32
        } else if c.is_numeric() {
            'd' as u32
        } else {
            c as u32
        };
        if class != last_class {
            shape = (shape ^ class as u64).wrapping_mul(0x100_0000_01b3);
            last_class = class;
        }
    }
    let suf = |k: usize| {
        let mut h = 0x8422_2325u64;
        for &c in &tail[3 - k.min(n).min(3)..] {
            h = (h ^ c as u64).wrapping_mul(0x100_0000_01b3);
        }
        h
    };
    Forms {
        word,
        lower,
        pre3: mix(pre3, n.min(3) as u64),
        suf2: suf(2),
        suf3: suf(3),
        shape,
    }
}

/// Hash of a word's lower-case form (what [`Forms::lower`] holds).
pub fn lower_of(w: &str) -> u64 {
    forms(w).lower
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_shape() {
        assert_eq!(forms("Syria").lower, forms("SYRIA").lower);
        assert_ne!(forms("Syria").word, forms("SYRIA").word);
        assert_eq!(forms("Damascus").shape, forms("Aleppo").shape);
        assert_ne!(forms("U.S.").shape, forms("US").shape);
        assert_eq!(forms("Erdoğan").suf3, forms("xxxğan").suf3);
        assert!(bucket(1, 2) < BUCKETS as u32);
    }
}
