//! Where mail comes from (SPEC section 12): the messages of one PATH, read
//! from disk one at a time in a fixed order, so memory stays flat and two
//! runs over the same folder see the same sequence.
//!
//! A PATH is looked at to decide what it is ([`kind_of`]): a folder holding
//! `cur/` and `new/` is a Maildir (both read, merged in file-name order,
//! which starts with the delivery time; `tmp/`, dot files and Maildir++
//! subfolders such as `.Sent` are not read); any other folder is a folder
//! of message files (its files in name order, dot files and subfolders
//! skipped, each file an mbox or one message as a PATH file would be); a
//! file starting with `From ` is an mbox (streamed, see [`MboxReader`]);
//! any other file is one message. `-` is not special here: [`open_reader`]
//! reads one message from stdin or any reader.
//!
//! A PATH that does not exist or cannot be read is an error of the whole
//! read; a file inside a folder that cannot be read is an error item in the
//! stream, which goes on.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use thiserror::Error;

use super::MboxReader;

/// One message as read, before parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawMail {
    /// Names the message in warnings and output: the file's path, `path:N`
    /// for the N-th message of an mbox (from 1), or `-` for stdin.
    pub origin: String,
    /// The message's bytes: from a message file its headers and at most
    /// [`BODY_READ_BYTES`] of body (all that [`super::Mail::parse`] reads);
    /// from an mbox or a reader the whole message (an mbox message without
    /// its `From ` line, `>From ` unquoted).
    pub bytes: Vec<u8>,
    /// The file's modification time (a Maildir file's delivery time; for an
    /// mbox message the mbox file's); `None` for stdin or when unknown.
    pub mtime: Option<SystemTime>,
}

/// What a PATH holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// A folder holding `cur/` and `new/`.
    Maildir,
    /// A folder of message files.
    Folder,
    /// A file starting with `From `.
    Mbox,
    /// Any other file: one message.
    Message,
}

/// A PATH, or a file inside it, that could not be read.
#[derive(Debug, Error)]
pub enum SourceError {
    /// The PATH does not exist.
    #[error("{0}: no such file or folder")]
    NotFound(String),
    /// Reading failed; `origin` names the file as [`RawMail::origin`] does.
    #[error("reading {origin}: {source}")]
    Read {
        /// The file, or `path:N` in an mbox.
        origin: String,
        /// What went wrong.
        #[source]
        source: io::Error,
    },
}

impl SourceError {
    fn read(origin: impl Into<String>, source: io::Error) -> Self {
        SourceError::Read { origin: origin.into(), source }
    }
}

/// Decides what `path` holds by looking at it (for a file, at its first
/// five bytes).
pub fn kind_of(path: &Path) -> Result<SourceKind, SourceError> {
    let origin = path.display().to_string();
    let meta = fs::metadata(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => SourceError::NotFound(origin.clone()),
        _ => SourceError::read(&origin, e),
    })?;
    if meta.is_dir() {
        let is_maildir = path.join("cur").is_dir() && path.join("new").is_dir();
        return Ok(if is_maildir { SourceKind::Maildir } else { SourceKind::Folder });
    }
    let mut reader = BufReader::new(File::open(path).map_err(|e| SourceError::read(&origin, e))?);
    Ok(if starts_with_from(&mut reader).map_err(|e| SourceError::read(&origin, e))? {
        SourceKind::Mbox
    } else {
        SourceKind::Message
    })
}

/// The messages of `path`, as a stream.
pub fn open(path: &Path) -> Result<Mails, SourceError> {
    let kind = kind_of(path)?;
    let origin = path.display().to_string();
    let state = match kind {
        SourceKind::Maildir => {
            let mut files = Vec::new();
            for sub in ["cur", "new"] {
                for name in list_files(&path.join(sub))
                    .map_err(|e| SourceError::read(format!("{origin}/{sub}"), e))?
                {
                    files.push((name, sub));
                }
            }
            files.sort();
            State::Files {
                files: files
                    .into_iter()
                    .map(|(name, sub)| path.join(sub).join(name))
                    .collect::<Vec<_>>()
                    .into_iter(),
                mboxes: false,
                mbox: None,
            }
        }
        SourceKind::Folder => {
            let mut names = list_files(path).map_err(|e| SourceError::read(&origin, e))?;
            names.sort();
            State::Files {
                files: names.into_iter().map(|n| path.join(n)).collect::<Vec<_>>().into_iter(),
                mboxes: true,
                mbox: None,
            }
        }
        SourceKind::Mbox | SourceKind::Message => match open_file(path, true)? {
            Opened::Mbox(mbox) => State::Mbox(mbox),
            Opened::Message(mail) => State::One(Some(mail)),
        },
    };
    Ok(Mails { kind: Some(kind), state })
}

/// One message read whole from `reader` (stdin: `-`); its origin is `-`.
pub fn open_reader(mut reader: impl Read) -> Result<Mails, SourceError> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|e| SourceError::read("-", e))?;
    Ok(Mails { kind: None, state: State::One(Some(RawMail { origin: "-".to_string(), bytes, mtime: None })) })
}

/// The messages of one PATH, in a fixed order: each item is a message or
/// a file inside the PATH that could not be read.
pub struct Mails {
    kind: Option<SourceKind>,
    state: State,
}

impl Mails {
    /// What the PATH was; `None` for a reader.
    pub fn kind(&self) -> Option<SourceKind> {
        self.kind
    }

    /// How many files are left to read (an mbox counts as one file): what a
    /// progress bar measures.
    pub fn files_left(&self) -> usize {
        match &self.state {
            State::Files { files, mbox, .. } => files.len() + usize::from(mbox.is_some()),
            State::Mbox(_) => 1,
            State::One(mail) => usize::from(mail.is_some()),
        }
    }
}

enum State {
    /// Files read one by one; `mboxes`: whether a file may be an mbox (not
    /// in a Maildir, whose files are each one message).
    Files {
        files: std::vec::IntoIter<PathBuf>,
        mboxes: bool,
        mbox: Option<MboxFile>,
    },
    Mbox(MboxFile),
    One(Option<RawMail>),
}

/// An mbox being streamed, with what its messages are named by.
struct MboxFile {
    messages: MboxReader<BufReader<File>>,
    origin: String,
    count: usize,
    mtime: Option<SystemTime>,
}

impl MboxFile {
    fn next(&mut self) -> Option<Result<RawMail, SourceError>> {
        let item = self.messages.next()?;
        self.count += 1;
        let origin = format!("{}:{}", self.origin, self.count);
        Some(match item {
            Ok(bytes) => Ok(RawMail { origin, bytes, mtime: self.mtime }),
            Err(e) => Err(SourceError::read(origin, e)),
        })
    }
}

impl Iterator for Mails {
    type Item = Result<RawMail, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.state {
            State::One(mail) => mail.take().map(Ok),
            State::Mbox(mbox) => mbox.next(),
            State::Files { files, mboxes, mbox } => loop {
                if let Some(current) = mbox {
                    if let Some(item) = current.next() {
                        return Some(item);
                    }
                    *mbox = None;
                }
                match open_file(&files.next()?, *mboxes) {
                    Err(e) => return Some(Err(e)),
                    Ok(Opened::Message(mail)) => return Some(Ok(mail)),
                    Ok(Opened::Mbox(next)) => *mbox = Some(next),
                }
            },
        }
    }
}

enum Opened {
    Mbox(MboxFile),
    Message(RawMail),
}

/// Opens one file: an mbox to stream (when `mboxes` allows), or one message
/// read whole.
fn open_file(path: &Path, mboxes: bool) -> Result<Opened, SourceError> {
    let origin = path.display().to_string();
    let fail = |e| SourceError::read(&origin, e);
    let file = File::open(path).map_err(fail)?;
    let meta = file.metadata().map_err(fail)?;
    if meta.is_dir() {
        return Err(fail(io::Error::other("is a folder, not a message file")));
    }
    let mtime = meta.modified().ok();
    let mut reader = BufReader::new(file);
    if mboxes && starts_with_from(&mut reader).map_err(fail)? {
        let messages = MboxReader::new(reader);
        return Ok(Opened::Mbox(MboxFile { messages, origin, count: 0, mtime }));
    }
    let bytes = read_head(reader).map_err(fail)?;
    Ok(Opened::Message(RawMail { origin, bytes, mtime }))
}

/// How much of a message file's body is read: enough for the digest's
/// 4 KiB of body even when every line ends in CR LF. The rest (attachments)
/// is never read, which keeps big Maildirs fast.
pub const BODY_READ_BYTES: u64 = 8192;

/// Past this many bytes without a blank line, a file is not a message; the
/// read stops there.
const MAX_HEADER_BYTES: u64 = 1 << 20;

/// The headers of a message, up to and including the blank line after them,
/// and at most [`BODY_READ_BYTES`] of its body.
fn read_head(reader: impl BufRead) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut headers = reader.take(MAX_HEADER_BYTES);
    loop {
        let start = bytes.len();
        if headers.read_until(b'\n', &mut bytes)? == 0 || matches!(&bytes[start..], b"\n" | b"\r\n") {
            break;
        }
    }
    headers.into_inner().take(BODY_READ_BYTES).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Whether what `reader` holds starts with `From `, without consuming it.
fn starts_with_from(reader: &mut BufReader<File>) -> io::Result<bool> {
    loop {
        match reader.fill_buf() {
            Ok(buf) => return Ok(buf.starts_with(b"From ")),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// The names in `dir` that are not dot files and not folders (a name whose
/// type cannot be told is kept: reading it will say what is wrong).
fn list_files(dir: &Path) -> io::Result<Vec<std::ffi::OsString>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if name.as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if !is_dir {
            names.push(name);
        }
    }
    Ok(names)
}

#[cfg(test)]
#[path = "source_tests.rs"]
mod tests;
