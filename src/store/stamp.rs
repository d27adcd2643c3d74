//! What a file on disk was when it was read: size, modification time and the SHA-256
//! of its bytes. The workbench keeps the stamp of the article it has open and saves
//! with [`Store::save_if_unchanged`], which refuses ([`StoreError::ChangedOnDisk`])
//! when an import, a `git pull` or an editor changed the file in the meantime; it then
//! reads the file as it is now ([`Store::read_current`]) to merge
//! ([`crate::model::rebase`] puts the analyst's edits on top as one undoable edit).
//! Do the merge holding [`Store::lock`] (re-entrant): then nobody writes between the
//! read and the save, and the save after the merge goes through:
//!
//! ```no_run
//! # use spanbench::store::{Store, StoreError};
//! # fn merge(store: &Store, base: &spanbench::model::Annotations, mine: &spanbench::model::Annotations,
//! #          stamp: Option<&spanbench::store::FileStamp>) -> Result<(), StoreError> {
//! match store.save_if_unchanged(mine, stamp) {
//!     Err(StoreError::ChangedOnDisk { .. }) => {
//!         let _held = store.lock()?;
//!         if let Some((theirs, now)) = store.read_current(&mine.article)? {
//!             let (edit, _skipped) = spanbench::model::rebase(base, mine, &theirs);
//!             let mut merged = theirs;
//!             let _undo = merged.apply(edit).expect("rebase gives an edit that applies");
//!             store.save_if_unchanged(&merged, Some(&now))?;
//!         }
//!         Ok(())
//!     }
//!     other => other.map(|_| ()),
//! }
//! # }
//! ```

use super::{AtomicFile, Store, StoreError, io_err, to_ron};
use crate::model::Annotations;
use std::fs::Metadata;
use std::io::Write;
use std::time::SystemTime;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStamp {
    pub size: u64,
    /// When known (a stamp of bytes just written has it from the file).
    pub modified: Option<SystemTime>,
    /// Lowercase hex of the SHA-256 of the file's bytes.
    pub sha256: String,
}

impl FileStamp {
    /// The stamp of `bytes`, with the modification time from `meta` when given.
    pub fn of(bytes: &[u8], meta: Option<&Metadata>) -> FileStamp {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(bytes);
        let mut sha256 = String::with_capacity(64);
        for b in digest {
            sha256.push_str(&format!("{b:02x}"));
        }
        FileStamp {
            size: bytes.len() as u64,
            modified: meta.and_then(|m| m.modified().ok()),
            sha256,
        }
    }

    /// Whether two stamps are of the same bytes. A new modification time alone (a
    /// `touch`, a checkout of the same content) is not a change.
    pub fn same_content(&self, other: &FileStamp) -> bool {
        self.size == other.size && self.sha256 == other.sha256
    }
}

impl Store {
    /// The stamp of `<id>.ron` as it is on disk now; `None` when there is none.
    pub fn stamp(&self, id: &str) -> Result<Option<FileStamp>, StoreError> {
        let path = self.path_for(id)?;
        Ok(self.read_bytes(&path)?.map(|(_, s)| s))
    }

    /// The file as it is on disk now, parsed, with its stamp: what a merge starts from
    /// after [`StoreError::ChangedOnDisk`]. `Ok(None)` when there is no file.
    pub fn read_current(&self, id: &str) -> Result<Option<(Annotations, FileStamp)>, StoreError> {
        self.read_stamped(id)
    }

    /// Saves `ann` only when `<article>.ron` on disk is still the file `expected`
    /// stamps (`None`: there was no file), under the folder's lock; returns the stamp
    /// of what it wrote. Otherwise nothing is written and the error is
    /// [`StoreError::ChangedOnDisk`] (a broken file on disk is refused as by
    /// [`Store::save`]).
    pub fn save_if_unchanged(&self, ann: &Annotations, expected: Option<&FileStamp>) -> Result<FileStamp, StoreError> {
        let path = self.path_for(&ann.article)?;
        let _lock = self.lock()?;
        // Not a file we could read: refused below with what it is.
        let found = self.stamp(&ann.article).unwrap_or_default();
        let same = match (expected, &found) {
            (None, None) => std::fs::symlink_metadata(&path).is_err(),
            (Some(e), Some(f)) => e.same_content(f),
            _ => false,
        };
        if !same {
            return Err(StoreError::ChangedOnDisk {
                path,
                expected: expected.cloned(),
                found,
            });
        }
        self.check_replaceable(&ann.article)?;
        let bytes = to_ron(ann);
        let mut f = AtomicFile::create(&path).map_err(|e| io_err(&path, "cannot write", &e))?;
        f.write_all(bytes.as_bytes())
            .and_then(|_| f.commit())
            .map_err(|e| io_err(&path, "cannot write", &e))?;
        let meta = std::fs::metadata(&path).ok();
        Ok(FileStamp::of(bytes.as_bytes(), meta.as_ref()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Article;
    use crate::model::{Edit, Label, Origin};
    use crate::text::TextIndex;

    fn setup() -> (tempfile::TempDir, Store, Article, TextIndex) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("annotations"));
        let article = Article::from_text("a1", "a1.txt", "Erdoğan said Ankara would wait.");
        let text = TextIndex::new(article.text.clone());
        (dir, store, article, text)
    }

    fn with_span(store: &Store, article: &Article, text: &TextIndex, start: usize, end: usize) -> Annotations {
        let mut ann = store.open(article, text).unwrap().annotations;
        let s = ann.new_span(text, Label::Actor, start, end, Origin::Manual).unwrap();
        ann.apply(Edit::AddSpan(s)).unwrap();
        ann
    }

    #[test]
    fn a_save_over_an_unchanged_file_goes_through_and_gives_the_new_stamp() {
        let (_d, store, article, text) = setup();
        let opened = store.open(&article, &text).unwrap();
        assert!(opened.stamp.is_none());
        let ann = with_span(&store, &article, &text, 0, 7);
        let s1 = store.save_if_unchanged(&ann, None).unwrap();
        let (_, on_disk) = store.read_current("a1").unwrap().unwrap();
        assert!(s1.same_content(&on_disk));
        assert_eq!(s1.size, std::fs::metadata(store.path_for("a1").unwrap()).unwrap().len());
        // Reopened: the stamp of the open equals the file's.
        let reopened = store.open(&article, &text).unwrap();
        assert_eq!(reopened.stamp.as_ref().map(|s| &s.sha256), Some(&s1.sha256));
        let mut ann2 = reopened.annotations;
        let s = ann2.new_span(&text, Label::Location, 13, 19, Origin::Manual).unwrap();
        ann2.apply(Edit::AddSpan(s)).unwrap();
        store.save_if_unchanged(&ann2, reopened.stamp.as_ref()).unwrap();
        assert_eq!(store.read("a1").unwrap().unwrap().spans.len(), 2);
    }

    #[test]
    fn an_outside_change_is_refused_and_kept_and_can_be_read_for_a_merge() {
        let (_d, store, article, text) = setup();
        store.save(&with_span(&store, &article, &text, 0, 7)).unwrap();
        let opened = store.open(&article, &text).unwrap();
        let stamp = opened.stamp.clone().unwrap();
        // Someone else (an import) adds a span while the article is open.
        let theirs = with_span(&store, &article, &text, 13, 19);
        store.save(&theirs).unwrap();
        let before = std::fs::read(store.path_for("a1").unwrap()).unwrap();
        let mut mine = opened.annotations;
        let s = mine.new_span(&text, Label::Claim, 20, 31, Origin::Manual).unwrap();
        mine.apply(Edit::AddSpan(s)).unwrap();
        let e = store.save_if_unchanged(&mine, Some(&stamp)).unwrap_err();
        assert!(matches!(e, StoreError::ChangedOnDisk { found: Some(_), .. }), "{e}");
        assert!(
            e.to_string().contains("changed on disk") && e.to_string().contains("a1.ron"),
            "{e}"
        );
        assert_eq!(
            std::fs::read(store.path_for("a1").unwrap()).unwrap(),
            before,
            "nothing written"
        );
        // The merge reads the file as it is now and saves against its stamp.
        let (current, now) = store.read_current("a1").unwrap().unwrap();
        assert_eq!(current, theirs);
        assert!(!now.same_content(&stamp));
        let mut merged = current;
        let s = merged.new_span(&text, Label::Claim, 20, 31, Origin::Manual).unwrap();
        merged.apply(Edit::AddSpan(s)).unwrap();
        store.save_if_unchanged(&merged, Some(&now)).unwrap();
        assert_eq!(store.read("a1").unwrap().unwrap().spans.len(), 3);
    }

    #[test]
    fn a_file_created_or_removed_meanwhile_is_a_change_too() {
        let (_d, store, article, text) = setup();
        let mine = with_span(&store, &article, &text, 0, 7);
        store.save(&with_span(&store, &article, &text, 13, 19)).unwrap();
        let e = store.save_if_unchanged(&mine, None).unwrap_err();
        assert!(e.to_string().contains("was created on disk"), "{e}");
        let stamp = store.stamp("a1").unwrap().unwrap();
        std::fs::remove_file(store.path_for("a1").unwrap()).unwrap();
        let e = store.save_if_unchanged(&mine, Some(&stamp)).unwrap_err();
        assert!(e.to_string().contains("was removed from disk"), "{e}");
        assert!(store.read("a1").unwrap().is_none(), "nothing written");
    }

    #[test]
    fn a_touch_alone_is_not_a_change() {
        let (_d, store, article, text) = setup();
        store.save(&with_span(&store, &article, &text, 0, 7)).unwrap();
        let opened = store.open(&article, &text).unwrap();
        let path = store.path_for("a1").unwrap();
        let f = std::fs::File::options().write(true).open(&path).unwrap();
        f.set_modified(SystemTime::UNIX_EPOCH).unwrap();
        let now = store.stamp("a1").unwrap().unwrap();
        assert_ne!(now.modified, opened.stamp.as_ref().unwrap().modified);
        store
            .save_if_unchanged(&opened.annotations, opened.stamp.as_ref())
            .unwrap();
    }
}
