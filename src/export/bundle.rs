//! The `ron` export: one bundle file holding every exported article's annotations, a RON
//! list of the same records the store writes one per file, for review or archiving.
//! Nothing is lost: rejected suggestions, orphans, origins and ids are all kept.

use crate::model::Annotations;
use crate::store::{StoreError, to_ron};
use std::path::Path;

/// The start of a bundle file.
pub const HEADER: &str = "// spanbench annotations bundle: a list of annotation files (see annotations/README.md)\n[\n";
/// The end of a bundle file.
pub const FOOTER: &str = "]\n";

/// Writes one article's annotations as an element of the list.
pub fn write(w: &mut dyn std::io::Write, ann: &Annotations) -> std::io::Result<()> {
    let s = to_ron(ann);
    w.write_all(s.trim_end().as_bytes())?;
    w.write_all(b",\n")
}

/// Reads a bundle back; `path` is only used in errors.
pub fn read(src: &str, path: &Path) -> Result<Vec<Annotations>, StoreError> {
    ron::from_str::<Vec<Annotations>>(src).map_err(|e| StoreError::Parse {
        path: path.to_path_buf(),
        line: e.span.start.line,
        col: e.span.start.col,
        message: e.code.to_string(),
    })
}
