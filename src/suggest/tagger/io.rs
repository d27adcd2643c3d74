//! The weights file (`assets/model/weights.bin`): a header, then only the non-zero
//! weights, each as a varint gap from the previous index and a zigzag varint value.
//! Little-endian header words; the same weights always give the same bytes.

use super::hash::BITS;
use super::perceptron::LEN;
use super::tags::NT;

const MAGIC: &[u8; 8] = b"SBTAGGR1";

/// Serialises a weight vector (length [`LEN`]) with its scale.
pub fn write(w: &[i32], scale: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 << 20);
    out.extend_from_slice(MAGIC);
    for x in [BITS, NT as u32, scale, w.iter().filter(|&&x| x != 0).count() as u32] {
        out.extend_from_slice(&x.to_le_bytes());
    }
    let mut last = 0usize;
    for (i, &x) in w.iter().enumerate() {
        if x == 0 {
            continue;
        }
        varint(&mut out, (i - last) as u64);
        varint(&mut out, ((x << 1) ^ (x >> 31)) as u32 as u64);
        last = i;
    }
    out
}

/// Reads a weights file: the weights and their scale.
pub fn read(b: &[u8]) -> Result<(Vec<i32>, u32), String> {
    if b.len() < 24 || &b[..8] != MAGIC {
        return Err("not a spanbench tagger weights file".into());
    }
    let word = |k: usize| u32::from_le_bytes([b[8 + 4 * k], b[9 + 4 * k], b[10 + 4 * k], b[11 + 4 * k]]);
    let (bits, nt, scale, nnz) = (word(0), word(1), word(2), word(3));
    if bits != BITS || nt as usize != NT {
        return Err(format!(
            "weights for {bits} bits x {nt} tags; this build uses {BITS} x {NT}"
        ));
    }
    let mut w = vec![0i32; LEN];
    let mut pos = 24;
    let mut idx = 0usize;
    for _ in 0..nnz {
        let gap = unvarint(b, &mut pos)? as usize;
        let z = unvarint(b, &mut pos)? as u32;
        idx += gap;
        let v = ((z >> 1) as i32) ^ -((z & 1) as i32);
        *w.get_mut(idx).ok_or("weight index out of range")? = v;
    }
    if pos != b.len() {
        return Err("trailing bytes after the weights".into());
    }
    Ok((w, scale))
}

fn varint(out: &mut Vec<u8>, mut x: u64) {
    while x >= 0x80 {
        out.push((x as u8) | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

fn unvarint(b: &[u8], pos: &mut usize) -> Result<u64, String> {
    let mut x = 0u64;
    let mut shift = 0;
    loop {
        let byte = *b.get(*pos).ok_or("truncated weights file")?;
        *pos += 1;
        x |= ((byte & 0x7f) as u64) << shift;
        if byte < 0x80 {
            return Ok(x);
        }
        shift += 7;
        if shift > 63 {
            return Err("bad varint in weights file".into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut w = vec![0i32; LEN];
        w[0] = 5;
        w[17] = -300;
        w[LEN - 1] = i32::MIN + 1;
        let b = write(&w, 100);
        assert_eq!(read(&b).unwrap(), (w, 100));
        assert!(read(&b[..b.len() - 1]).is_err());
        assert!(read(b"garbage").is_err());
    }
}
