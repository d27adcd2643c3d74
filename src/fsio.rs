//! Files on disk, safely: capped reads that refuse special files, atomic writes that
//! keep a file's mode and group, and `-o` outputs that never replace a device, a FIFO
//! or a symlink, and never land in the annotations or corpus folder.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// What kind of thing a non-regular file is, in words.
pub fn kind_name(meta: &Metadata) -> &'static str {
    let ft = meta.file_type();
    if ft.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    let mut o = OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A FIFO opens at once instead of waiting for a writer; it is refused below.
        o.custom_flags(libc::O_NONBLOCK);
    }
    o.open(path)
}

/// Reads a regular file (symlinks followed) of at most `max` bytes. A folder, FIFO,
/// device or socket is refused without reading (`InvalidInput`, saying what it is), a
/// larger file with `FileTooLarge`; nothing ever blocks or reads without end.
pub fn read_capped(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    read_capped_meta(path, max).map(|(b, _)| b)
}

/// [`read_capped`] with the file's metadata (taken from the open file).
pub fn read_capped_meta(path: &Path, max: u64) -> std::io::Result<(Vec<u8>, Metadata)> {
    let file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("is {}, not a regular file", kind_name(&meta)),
        ));
    }
    if meta.len() > max {
        return Err(too_large(max));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_large(max));
    }
    Ok((bytes, meta))
}

fn too_large(max: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::FileTooLarge,
        format!("too large (the limit is {max} bytes)"),
    )
}

/// Like [`read_capped`], but a FIFO or character device named on the command line
/// (`/dev/stdin`, `<(...)`) is read too, still capped at `max` bytes.
pub fn read_input_capped(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if meta.is_file() || meta.is_dir() {
        return read_capped(path, max);
    }
    let mut bytes = Vec::new();
    File::open(path)?.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_large(max));
    }
    Ok(bytes)
}

/// The folder a path is in ("." for a bare name).
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// A temporary name in the target's folder: short whatever the target's name (a
/// 250-byte article name still leaves room), hidden, and ending in `.tmp`.
fn temp_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut short = String::new();
    for c in name.chars() {
        if short.len() + c.len_utf8() > 24 {
            break;
        }
        short.push(c);
    }
    format!(".{short}.")
}

/// A file being written atomically: the bytes go to a temp file in the target's
/// folder; [`AtomicFile::commit`] fsyncs it, renames it over the target and fsyncs the
/// folder. Dropped without a commit, the temp file is removed and the target is
/// untouched. A crash at any point leaves the old file or the new one, never a mix.
///
/// A new file gets the mode the umask gives (like any program's new file); a file
/// that is replaced keeps its mode, group and (when allowed) owner.
pub struct AtomicFile {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
    /// Synced since the last write (commit need not sync again).
    synced: bool,
}

impl AtomicFile {
    pub fn create(path: &Path) -> std::io::Result<AtomicFile> {
        let existing = std::fs::metadata(path).ok().filter(Metadata::is_file);
        let prefix = temp_prefix(path);
        let mut b = tempfile::Builder::new();
        b.prefix(&prefix).suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            b.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let tmp = b.tempfile_in(folder_of(path))?;
        #[cfg(unix)]
        if let Some(m) = existing {
            use std::os::unix::fs::{MetadataExt, PermissionsExt};
            let f = tmp.as_file();
            let _ = std::os::unix::fs::fchown(f, None, Some(m.gid()));
            if f.metadata().map(|x| x.uid()).ok() != Some(m.uid()) {
                let _ = std::os::unix::fs::fchown(f, Some(m.uid()), None);
            }
            f.set_permissions(std::fs::Permissions::from_mode(m.mode() & 0o7777))?;
        }
        #[cfg(not(unix))]
        let _ = existing;
        Ok(AtomicFile {
            tmp,
            path: path.to_path_buf(),
            synced: false,
        })
    }

    /// Where the file goes.
    pub fn target(&self) -> &Path {
        &self.path
    }

    /// Writes the bytes out and fsyncs them, without renaming yet: after this the
    /// rename of [`AtomicFile::commit`] cannot fail for want of space.
    pub fn sync(&mut self) -> std::io::Result<()> {
        self.tmp.flush()?;
        self.tmp.as_file().sync_all()?;
        self.synced = true;
        Ok(())
    }

    pub fn commit(mut self) -> std::io::Result<()> {
        if !self.synced {
            self.sync()?;
        }
        self.tmp.persist(&self.path).map_err(|e| e.error)?;
        #[cfg(unix)]
        if let Ok(d) = File::open(folder_of(&self.path)) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

impl AtomicFile {
    /// Syncs the bytes and closes the temp file, keeping it to be renamed later by
    /// [`Staged::commit`] (so thousands can wait without holding a descriptor each).
    pub fn stage(mut self) -> std::io::Result<Staged> {
        self.sync()?;
        Ok(Staged {
            tmp: self.tmp.into_temp_path(),
            path: self.path,
        })
    }
}

/// A synced, closed temp file waiting to be renamed over its target; dropped, it is
/// removed.
pub struct Staged {
    tmp: tempfile::TempPath,
    path: PathBuf,
}

impl Staged {
    pub fn target(&self) -> &Path {
        &self.path
    }

    /// Renames it over the target (the caller fsyncs the folder afterwards, see
    /// [`sync_folder`]).
    pub fn commit(self) -> std::io::Result<()> {
        self.tmp.persist(&self.path).map_err(|e| e.error)
    }
}

/// Fsyncs a folder, so renames in it are durable.
pub fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.synced = false;
        self.tmp.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.tmp.flush()
    }
}

/// Writes `bytes` to `path` atomically (see [`AtomicFile`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// An output named with `-o`: a regular file (new or replaced) is written atomically;
/// a symlink is followed and its target written atomically; a device or FIFO
/// (`/dev/null`, `/dev/stdout`, a pipe) is written through, never replaced.
pub enum OutputFile {
    Atomic(AtomicFile),
    Through(File),
    Stdout(std::io::Stdout),
}

fn invalid(message: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, message)
}

/// `path` made absolute with its folder's symlinks resolved (the file itself may not exist).
fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let dir = folder_of(path)
        .canonicalize()
        .unwrap_or_else(|_| folder_of(path).to_path_buf());
    match path.file_name() {
        Some(n) => dir.join(n),
        None => dir,
    }
}

/// Refuses a path inside (or equal to) one of `protected` (folders, or files).
pub fn refuse_protected(path: &Path, protected: &[PathBuf]) -> std::io::Result<()> {
    let at = resolved(path);
    for p in protected {
        let Ok(p) = p.canonicalize() else { continue };
        if at == p || (p.is_dir() && at.starts_with(&p)) {
            let what = if p.is_dir() { "folder" } else { "file" };
            return Err(invalid(format!(
                "is in the annotations or corpus {what} {} (spanbench does not write outputs there)",
                p.display()
            )));
        }
    }
    Ok(())
}

impl OutputFile {
    /// Opens `path` for an output, refusing folders and anything inside `protected`.
    pub fn create(path: &Path, protected: &[PathBuf]) -> std::io::Result<OutputFile> {
        let p = path.to_string_lossy();
        if matches!(p.as_ref(), "-" | "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1") {
            return Ok(OutputFile::Stdout(std::io::stdout()));
        }
        if p.starts_with("/dev/") || p.starts_with("/proc/") {
            // A device, or a file of the process: written into, never replaced.
            return OpenOptions::new().write(true).open(path).map(OutputFile::Through);
        }
        let link = std::fs::symlink_metadata(path).ok();
        let meta = std::fs::metadata(path);
        match (&link, &meta) {
            (Some(l), Err(_)) if l.file_type().is_symlink() => {
                return Err(invalid("is a symlink to a missing file; give the file itself".into()));
            }
            (_, Ok(m)) if m.is_dir() => return Err(invalid("is a folder; give a file name".into())),
            (_, Ok(m)) if !m.is_file() => {
                // A device or a pipe: write into it as it is.
                return OpenOptions::new().write(true).open(path).map(OutputFile::Through);
            }
            _ => {}
        }
        refuse_protected(path, protected)?;
        let target = match &link {
            Some(l) if l.file_type().is_symlink() => path.canonicalize()?,
            _ => path.to_path_buf(),
        };
        AtomicFile::create(&target).map(OutputFile::Atomic)
    }

    pub fn commit(self) -> std::io::Result<()> {
        match self {
            OutputFile::Atomic(f) => f.commit(),
            OutputFile::Through(mut f) => f.flush(),
            OutputFile::Stdout(mut s) => s.flush(),
        }
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            OutputFile::Atomic(f) => f.write(buf),
            OutputFile::Through(f) => f.write(buf),
            OutputFile::Stdout(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            OutputFile::Atomic(f) => f.flush(),
            OutputFile::Through(f) => f.flush(),
            OutputFile::Stdout(s) => s.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_stay_short() {
        let long = "я".repeat(125) + ".ron";
        assert!(long.len() > 250);
        let p = temp_prefix(Path::new(&long));
        assert!(p.len() <= 26, "{p}");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.ron");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let e = read_capped(&fifo, 100).unwrap_err();
        assert!(e.to_string().contains("FIFO"), "{e}");
        let e = read_capped(Path::new("/dev/zero"), 100).unwrap_err();
        assert!(e.to_string().contains("character device"), "{e}");
        let e = read_capped(dir.path(), 100).unwrap_err();
        assert!(e.to_string().contains("folder"), "{e}");
    }
}
