//! The writers' lock of an annotations folder: `<folder>/.spanbench.lock`.
//!
//! Every writer of RON files (import, [`crate::store::Store::save`], adjudicate's output)
//! holds it while it reads, merges and writes, so two writers never interleave a
//! read-modify-write and lose each other's work. It is an advisory lock (`flock` via
//! [`std::fs::File::try_lock`]): readers (check, export, agree) do not take it.
//!
//! A writer waits for the lock up to [`timeout`] (30 s, or `SPANBENCH_LOCK_TIMEOUT_MS`)
//! and then gives up with [`LockError`], which names the folder. Within one thread the
//! lock is re-entrant: a save inside an import that holds it does not wait for itself.
//! A folder the process cannot create files in is not locked (nothing can be written
//! there by us anyway; the write itself then fails and says why).

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

/// The lock file's name inside an annotations folder.
pub const LOCK_FILE: &str = ".spanbench.lock";

/// The environment variable that sets how long a writer waits, in milliseconds.
pub const TIMEOUT_ENV: &str = "SPANBENCH_LOCK_TIMEOUT_MS";

/// How long a writer waits for another writer by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

static NOTICE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether a writer that has waited a moment says so on standard error (the command
/// line turns it on; the workbench does not).
pub fn set_wait_notice(on: bool) {
    NOTICE.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// How long a writer waits for the lock: `SPANBENCH_LOCK_TIMEOUT_MS` or 30 s.
pub fn timeout() -> Duration {
    std::env::var(TIMEOUT_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_millis)
        .unwrap_or(DEFAULT_TIMEOUT)
}

/// Why the lock could not be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LockError {
    /// Another writer held it for the whole wait.
    Busy { dir: PathBuf, waited: Duration },
    /// The lock file could not be opened or locked.
    Io { path: PathBuf, message: String },
}

impl fmt::Display for LockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LockError::Busy { dir, waited } => write!(
                f,
                "{}: another spanbench is writing to this annotations folder (it holds {}); \
                 waited {:.1} s. Nothing was written; try again when it is done \
                 (or wait longer with {TIMEOUT_ENV})",
                dir.display(),
                dir.join(LOCK_FILE).display(),
                waited.as_secs_f64()
            ),
            LockError::Io { path, message } => write!(f, "{}: cannot lock: {message}", path.display()),
        }
    }
}

impl std::error::Error for LockError {}

/// The held lock; released when the last guard of this thread for the folder drops.
#[derive(Debug)]
pub struct FolderLock {
    key: PathBuf,
    _file: Option<Rc<File>>,
}

thread_local! {
    static HELD: RefCell<HashMap<PathBuf, (Rc<File>, usize)>> = RefCell::new(HashMap::new());
}

fn key_of(dir: &Path) -> PathBuf {
    dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())
}

/// Takes the writers' lock of `dir` (which must exist), waiting up to [`timeout`].
pub fn lock(dir: &Path) -> Result<FolderLock, LockError> {
    lock_with_timeout(dir, timeout())
}

/// [`lock`] with an explicit wait.
pub fn lock_with_timeout(dir: &Path, wait: Duration) -> Result<FolderLock, LockError> {
    let key = key_of(dir);
    let held = HELD.with(|h| {
        let mut h = h.borrow_mut();
        h.get_mut(&key).map(|(f, n)| {
            *n += 1;
            f.clone()
        })
    });
    if let Some(f) = held {
        return Ok(FolderLock { key, _file: Some(f) });
    }
    let path = dir.join(LOCK_FILE);
    let file = match OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
    {
        Ok(f) => f,
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            match File::open(&path) {
                Ok(f) => f,
                // Nobody could create the lock file, so nobody writes here as us either.
                Err(_) => return Ok(FolderLock { key, _file: None }),
            }
        }
        Err(e) => {
            return Err(LockError::Io {
                path,
                message: e.to_string(),
            });
        }
    };
    let started = Instant::now();
    let mut pause = Duration::from_millis(5);
    let mut told = false;
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(std::fs::TryLockError::WouldBlock) => {
                let waited = started.elapsed();
                if waited >= wait {
                    return Err(LockError::Busy {
                        dir: dir.to_path_buf(),
                        waited,
                    });
                }
                if !told && waited >= Duration::from_millis(250) && NOTICE.load(std::sync::atomic::Ordering::Relaxed) {
                    told = true;
                    eprintln!(
                        "{}: waiting for another spanbench that is writing to this annotations folder (up to {:.0} s)...",
                        dir.display(),
                        wait.as_secs_f64()
                    );
                }
                std::thread::sleep(pause.min(wait - waited));
                pause = (pause * 2).min(Duration::from_millis(10));
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(LockError::Io {
                    path,
                    message: e.to_string(),
                });
            }
        }
    }
    let file = Rc::new(file);
    HELD.with(|h| h.borrow_mut().insert(key.clone(), (file.clone(), 1)));
    Ok(FolderLock { key, _file: Some(file) })
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        if self._file.is_none() {
            return;
        }
        HELD.with(|h| {
            let mut h = h.borrow_mut();
            if let Some((_, n)) = h.get_mut(&self.key) {
                *n -= 1;
                if *n == 0 {
                    // Dropping the last File closes it, which releases the flock.
                    h.remove(&self.key);
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_waits_then_gets_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_path_buf();
        let _held = lock(&d).unwrap();
        // Re-entrant in this thread.
        let again = lock_with_timeout(&d, Duration::from_millis(10)).unwrap();
        drop(again);
        let d2 = d.clone();
        let e = std::thread::spawn(move || lock_with_timeout(&d2, Duration::from_millis(150)).unwrap_err())
            .join()
            .unwrap();
        let msg = e.to_string();
        assert!(matches!(e, LockError::Busy { .. }), "{msg}");
        assert!(
            msg.contains(&d.display().to_string()) && msg.contains("another spanbench"),
            "{msg}"
        );
    }

    #[test]
    fn the_lock_is_free_again_after_the_last_guard() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_path_buf();
        let a = lock(&d).unwrap();
        let b = lock(&d).unwrap();
        drop(a);
        let d2 = d.clone();
        let busy = std::thread::spawn(move || lock_with_timeout(&d2, Duration::from_millis(50)).is_err())
            .join()
            .unwrap();
        assert!(busy, "still held by b");
        drop(b);
        let d3 = d.clone();
        let ok = std::thread::spawn(move || lock_with_timeout(&d3, Duration::from_millis(50)).is_ok())
            .join()
            .unwrap();
        assert!(ok);
    }
}
