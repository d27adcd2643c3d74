//! The weights as the decoder reads them. A trained table is sparse (about one bucket
//! in ten has a non-zero row), and the dense table is 5 MB: looking a feature up there
//! misses the cache almost every time. [`Packed`] keeps only the non-zero rows, found
//! through a 64 KB bitmap with running counts (rank), so the common case, a feature
//! whose row is zero, costs one cached load; the sums are exactly the dense table's.

use super::hash::BUCKETS;
use super::perceptron::EMIT;
use super::tags::NT;

/// A weight table the decoder can read: a feature's row of tag scores (None when it is
/// all zero) and the transition table.
pub trait Table {
    /// A feature's row of tag scores (None when it is all zero).
    fn row(&self, f: u32) -> Option<[i32; NT]>;
    fn trans(&self) -> &[i32];
    /// An id for these exact weights, if they never change (memos of sums over them
    /// key on it); None for a table updated in place.
    fn frozen_id(&self) -> Option<u64> {
        None
    }
    /// Adds a feature's row to `acc` (lanes `NT..` are padding and stay as they are).
    #[inline]
    fn add_row(&self, f: u32, acc: &mut Acc) {
        if let Some(r) = self.row(f) {
            for t in 0..NT {
                acc[t] = acc[t].wrapping_add(r[t]);
            }
        }
    }
}

/// Tag scores padded to eight lanes, so that adding a row is two vector additions.
pub type Acc = [i32; 8];

/// The dense vector (training and online learning update it in place).
impl Table for [i32] {
    #[inline]
    fn row(&self, f: u32) -> Option<[i32; NT]> {
        let base = f as usize * NT;
        // Only emission rows (a bucket past the last is no row, not the transitions).
        self.get(base..(base + NT).min(EMIT)).and_then(|r| r.try_into().ok())
    }
    fn trans(&self) -> &[i32] {
        self.get(EMIT..).unwrap_or(&[])
    }
}

/// 64 buckets: which have a non-zero row, and how many rows come before them.
#[derive(Debug, Clone, Copy, Default)]
struct Block {
    bits: u64,
    rank: u32,
}

/// Only the non-zero rows of a weight vector: as 16-byte rows of i16 when every weight
/// fits (the shipped ones span about -1,700..1,700; 16 bytes never straddle a cache
/// line, and the table is half the size), else as i32.
#[derive(Debug, Clone, Default)]
pub struct Packed {
    blocks: Vec<Block>,
    narrow: Vec<[i16; 8]>,
    wide: Vec<[i32; NT]>,
    trans: Vec<i32>,
    /// Unique per packing (a process-wide counter): see [`Table::frozen_id`].
    id: u64,
}

static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl Packed {
    /// Packs a dense weight vector (emissions then transitions, as `perceptron::LEN`).
    pub fn new(w: &[i32]) -> Packed {
        let mut blocks = vec![Block::default(); BUCKETS.div_ceil(64)];
        let mut wide = Vec::new();
        let emit = w.get(..EMIT).unwrap_or(&[]);
        for (f, r) in emit.chunks_exact(NT).enumerate() {
            let b = &mut blocks[f / 64];
            if f % 64 == 0 {
                b.rank = wide.len() as u32;
            }
            if r.iter().any(|&x| x != 0) {
                b.bits |= 1 << (f % 64);
                wide.push([r[0], r[1], r[2], r[3], r[4]]);
            }
        }
        let fits = wide.iter().flatten().all(|&x| i16::try_from(x).is_ok());
        let narrow = if fits {
            let n = |x: i32| x as i16;
            std::mem::take(&mut wide)
                .into_iter()
                .map(|r| [n(r[0]), n(r[1]), n(r[2]), n(r[3]), n(r[4]), 0, 0, 0])
                .collect()
        } else {
            Vec::new()
        };
        Packed {
            blocks,
            narrow,
            wide,
            trans: w.get(EMIT..).unwrap_or(&[]).to_vec(),
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// How many rows are non-zero.
    pub fn rows(&self) -> usize {
        self.narrow.len() + self.wide.len()
    }

    /// Whether the rows are held as i16.
    pub fn is_narrow(&self) -> bool {
        self.wide.is_empty()
    }
}

impl Table for Packed {
    #[inline]
    fn row(&self, f: u32) -> Option<[i32; NT]> {
        let b = self.blocks.get(f as usize / 64)?;
        let bit = f % 64;
        if b.bits >> bit & 1 == 0 {
            return None;
        }
        let k = (b.rank + (b.bits & ((1u64 << bit) - 1)).count_ones()) as usize;
        match self.narrow.get(k) {
            Some(r) => Some([r[0] as i32, r[1] as i32, r[2] as i32, r[3] as i32, r[4] as i32]),
            None => self.wide.get(k).copied(),
        }
    }
    fn trans(&self) -> &[i32] {
        &self.trans
    }
    fn frozen_id(&self) -> Option<u64> {
        Some(self.id)
    }
    #[inline]
    fn add_row(&self, f: u32, acc: &mut Acc) {
        let Some(b) = self.blocks.get(f as usize / 64) else {
            return;
        };
        let bit = f % 64;
        if b.bits >> bit & 1 == 0 {
            return;
        }
        let k = (b.rank + (b.bits & ((1u64 << bit) - 1)).count_ones()) as usize;
        if let Some(r) = self.narrow.get(k) {
            // The padding lanes of a narrow row are 0.
            for t in 0..8 {
                acc[t] = acc[t].wrapping_add(r[t] as i32);
            }
        } else if let Some(r) = self.wide.get(k) {
            for t in 0..NT {
                acc[t] = acc[t].wrapping_add(r[t]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::perceptron::LEN;
    use super::*;

    #[test]
    fn packed_rows_are_the_dense_rows() {
        let mut w = vec![0i32; LEN];
        for (i, f) in [0usize, 1, 63, 64, 65, 1000, BUCKETS - 1].into_iter().enumerate() {
            w[f * NT + i % NT] = i as i32 + 1;
            w[f * NT + (i + 2) % NT] = -(i as i32) - 7;
        }
        w[EMIT + 3] = 9;
        let check = |w: &[i32], narrow: bool| {
            let p = Packed::new(w);
            assert_eq!(p.rows(), 7);
            assert_eq!(p.is_narrow(), narrow);
            for f in 0..BUCKETS as u32 {
                let dense = w.row(f).filter(|r| r.iter().any(|&x| x != 0));
                assert_eq!(p.row(f), dense, "bucket {f}");
            }
            assert_eq!(p.trans(), w.trans());
            assert_eq!(p.row(BUCKETS as u32), None);
            for f in [0u32, 1, 2, 63, 64, 65, 999, 1000, BUCKETS as u32 - 1, BUCKETS as u32] {
                let (mut a, mut b) = ([3; 8], [3; 8]);
                p.add_row(f, &mut a);
                w.add_row(f, &mut b);
                assert_eq!(a, b, "bucket {f}");
            }
        };
        check(&w, true);
        // A weight beyond i16 (online learning can push one there): rows stay i32.
        w[1000 * NT] = 40_000;
        w[NT] = -40_000;
        check(&w, false);
    }

    #[test]
    fn the_shipped_model_is_sparse() {
        let Some(m) = super::super::Model::shipped() else {
            return;
        };
        let p = &m.packed;
        // The point of packing: most buckets hold nothing, and the rest fit in i16.
        assert!(p.rows() < BUCKETS / 4, "{} non-zero rows", p.rows());
        assert!(p.is_narrow());
    }
}
