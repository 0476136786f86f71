//! Writing files for the user (reminders, e-mails, man pages, backups)
//! without ever harming what is there: every file is created new (never
//! replacing one, never following a symlink planted in its place), only its
//! owner may read it, and a run that fails removes what it wrote.

use std::fs::{self, File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Something is already at the path (a file, a folder or a link).
    #[error("{} already exists", .0.display())]
    Exists(PathBuf),
    /// The folder to write into is not a folder.
    #[error("{}: not a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error("writing {}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl FileError {
    /// Every file error exits with status 2.
    pub fn exit_code(&self) -> u8 {
        2
    }
}

/// Creates `path` as a new file (mode 0600 on Unix): refused when anything,
/// a dangling symlink included, is there.
pub fn create_new(path: &Path) -> Result<File, FileError> {
    if fs::symlink_metadata(path).is_ok() {
        return Err(FileError::Exists(path.to_path_buf()));
    }
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // O_CREAT | O_EXCL: POSIX refuses a symbolic link at the path, even
        // a dangling one, so a link planted after the check is refused too.
        opts.mode(0o600);
    }
    opts.open(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::AlreadyExists => FileError::Exists(path.to_path_buf()),
        _ => FileError::Io { path: path.to_path_buf(), source },
    })
}

/// The files one run writes: each created new; unless [`Batch::keep`] is
/// called, dropping the batch removes them (a failed run leaves nothing).
#[derive(Debug, Default)]
pub struct Batch {
    written: Vec<PathBuf>,
    folders: Vec<PathBuf>,
    kept: bool,
}

impl Batch {
    pub fn new() -> Batch {
        Batch::default()
    }

    /// Makes sure `dir` is a folder, creating it (and its parents, mode
    /// 0700) when missing; folders this batch created are removed with it.
    pub fn folder(&mut self, dir: &Path) -> Result<(), FileError> {
        match fs::symlink_metadata(dir) {
            Ok(m) if m.is_dir() => return Ok(()),
            Ok(_) => return Err(FileError::NotAFolder(dir.to_path_buf())),
            Err(_) => {}
        }
        if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            self.folder(parent)?;
        }
        let mut builder = fs::DirBuilder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt as _;
            builder.mode(0o700);
        }
        builder.create(dir).map_err(|source| FileError::Io { path: dir.to_path_buf(), source })?;
        self.folders.push(dir.to_path_buf());
        Ok(())
    }

    /// Writes `bytes` to `path`, a new file.
    pub fn write(&mut self, path: &Path, bytes: &[u8]) -> Result<(), FileError> {
        let mut file = create_new(path)?;
        self.written.push(path.to_path_buf());
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(|source| FileError::Io { path: path.to_path_buf(), source })
    }

    /// The files written so far.
    pub fn written(&self) -> &[PathBuf] {
        &self.written
    }

    /// Keeps what was written (the run succeeded).
    pub fn keep(mut self) -> Vec<PathBuf> {
        self.kept = true;
        std::mem::take(&mut self.written)
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        if self.kept {
            return;
        }
        for f in self.written.iter().rev() {
            let _ = fs::remove_file(f);
        }
        for d in self.folders.iter().rev() {
            let _ = fs::remove_dir(d);
        }
    }
}

/// A file name for `name` (an invoice number, say) that stays inside its
/// folder: letters, digits, `-`, `_` and `.` are kept, any other character
/// is written `%XX` per UTF-8 byte (`a/b` → `a%2Fb`), and a leading `.` is
/// written `%2E` so the file is never hidden or `..`.
pub fn safe_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for (i, b) in name.bytes().enumerate() {
        let keep = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_') || (b == b'.' && i > 0);
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_stay_inside_their_folder_and_do_not_clash() {
        assert_eq!(safe_name("INV-0001"), "INV-0001");
        assert_eq!(safe_name("a/b"), "a%2Fb");
        assert_eq!(safe_name("a_b"), "a_b");
        assert_eq!(safe_name("../x"), "%2E.%2Fx");
        assert_eq!(safe_name("2026.7"), "2026.7");
        assert_eq!(safe_name("Rö"), "R%C3%B6");
    }

    #[test]
    fn a_batch_writes_new_files_only_and_removes_them_unless_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out/inner");
        {
            let mut batch = Batch::new();
            batch.folder(&out).unwrap();
            batch.write(&out.join("a.txt"), b"a").unwrap();
            assert!(matches!(batch.write(&out.join("a.txt"), b"b"), Err(FileError::Exists(_))));
        }
        assert!(!dir.path().join("out").exists(), "a dropped batch leaves nothing");
        let mut batch = Batch::new();
        batch.folder(&out).unwrap();
        batch.write(&out.join("a.txt"), b"a").unwrap();
        assert_eq!(batch.keep().len(), 1);
        assert_eq!(fs::read(out.join("a.txt")).unwrap(), b"a");
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_symlink_is_refused_and_its_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        fs::write(&target, b"keep").unwrap();
        std::os::unix::fs::symlink(&target, dir.path().join("link")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("nowhere"), dir.path().join("dangling")).unwrap();
        let mut batch = Batch::new();
        assert!(matches!(batch.write(&dir.path().join("link"), b"x"), Err(FileError::Exists(_))));
        assert!(matches!(batch.write(&dir.path().join("dangling"), b"x"), Err(FileError::Exists(_))));
        assert_eq!(fs::read(&target).unwrap(), b"keep");
        assert!(!dir.path().join("nowhere").exists());
    }
}
