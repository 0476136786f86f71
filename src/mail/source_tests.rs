//! Tests of reading PATHs: what each kind is taken for, the order messages
//! come in, what is skipped, and per-file errors that do not stop a read.

use std::fs;
use std::io::{self, Cursor};
use std::path::{Path, PathBuf};

use super::*;
use crate::mail::Mail;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mail")
}

/// The origins of every item under `path`, relative to it, errors as
/// `error: <origin>`.
fn origins(path: &Path) -> Vec<String> {
    let base = format!("{}/", path.display());
    open(path)
        .unwrap()
        .map(|item| match item {
            Ok(mail) => mail.origin.replace(&base, ""),
            Err(SourceError::Read { origin, .. }) => format!("error: {}", origin.replace(&base, "")),
            Err(e) => panic!("{e}"),
        })
        .collect()
}

fn subjects(path: &Path) -> Vec<String> {
    open(path).unwrap().map(|m| Mail::parse(&m.unwrap().bytes).unwrap().subject).collect()
}

#[test]
fn kinds() {
    let f = fixtures();
    assert_eq!(kind_of(&f.join("maildir")).unwrap(), SourceKind::Maildir);
    assert_eq!(kind_of(&f.join("maildir/.Sent")).unwrap(), SourceKind::Maildir);
    assert_eq!(kind_of(&f.join("maildir/cur")).unwrap(), SourceKind::Folder);
    assert_eq!(kind_of(&f).unwrap(), SourceKind::Folder);
    assert_eq!(kind_of(&f.join("archive.mbox")).unwrap(), SourceKind::Mbox);
    assert_eq!(kind_of(&f.join("thunderbird.eml")).unwrap(), SourceKind::Message);
    assert_eq!(kind_of(&f.join("not-a-message.png")).unwrap(), SourceKind::Message);
    let missing = f.join("no-such-folder");
    let err = kind_of(&missing).unwrap_err();
    assert_eq!(err.to_string(), format!("{}: no such file or folder", missing.display()));
    assert!(open(&missing).is_err());
}

#[test]
fn maildir_merges_cur_and_new_in_name_order_and_skips_tmp_and_subfolders() {
    let inbox = fixtures().join("maildir");
    assert_eq!(
        origins(&inbox),
        vec![
            "cur/1764230400.M101P4242Q1.laptop,S=258",
            "new/1764316800.M202P4242Q2.laptop",
            "cur/1764403200.M303P4242Q3.laptop,S=246",
        ]
    );
    assert_eq!(subjects(&inbox), vec!["First draft feedback", "Re: First draft feedback", "Budget"]);
    assert_eq!(origins(&inbox.join(".Sent")), vec!["cur/1764320000.M505P4242Q5.laptop,S=244"]);
    assert_eq!(open(&inbox).unwrap().kind(), Some(SourceKind::Maildir));
    let mut mails = open(&inbox).unwrap();
    assert_eq!(mails.files_left(), 3);
    mails.next();
    assert_eq!(mails.files_left(), 2);
    assert_eq!(open(&fixtures().join("archive.mbox")).unwrap().files_left(), 1);
}

#[test]
fn mbox_messages_are_split_and_unquoted() {
    let path = fixtures().join("archive.mbox");
    let messages: Vec<RawMail> = open(&path).unwrap().map(Result::unwrap).collect();
    let names: Vec<String> = messages.iter().map(|m| m.origin.clone()).collect();
    let p = path.display();
    assert_eq!(names, vec![format!("{p}:1"), format!("{p}:2"), format!("{p}:3")]);
    let first = String::from_utf8(messages[0].bytes.clone()).unwrap();
    assert_eq!(
        first,
        "Return-Path: <jane@acme.example>\nDate: Tue, 1 Dec 2026 10:00:00 +0100\n\
         From: Jane Doe <jane@acme.example>\nTo: Sam Freelancer <sam@studio.example>\n\
         Subject: Contract draft\nMessage-ID: <contract-draft-1@acme.example>\n\nHi Sam,\n\n\
         From the contract draft: clause 4 needs a change.\n>From here on it is quoted twice.\n\
         From the start of this line nothing is split: no blank line before it.\n\nJane\n"
    );
    let mails: Vec<Mail> = messages.iter().map(|m| Mail::parse(&m.bytes).unwrap()).collect();
    assert_eq!(
        mails.iter().map(|m| (m.key.as_str(), m.subject.as_str())).collect::<Vec<_>>(),
        vec![
            ("contract-draft-1@acme.example", "Contract draft"),
            ("contract-draft-2@acme.example", "Re: Contract draft"),
            ("contract-draft-3@studio.example", "Re: Re: Contract draft"),
        ]
    );
    assert_eq!(mails[2].references, vec!["contract-draft-1@acme.example", "contract-draft-2@acme.example"]);
    assert_eq!(
        String::from_utf8_lossy(&messages[2].bytes).lines().last(),
        Some("Done, the new draft is attached.")
    );
    assert!(messages.iter().all(|m| m.mtime == fs::metadata(&path).unwrap().modified().ok()));
}

#[test]
fn folder_of_files_in_name_order_mboxes_expanded_subfolders_skipped() {
    assert_eq!(
        origins(&fixtures()),
        vec![
            "apple-mail.eml",
            "archive.mbox:1",
            "archive.mbox:2",
            "archive.mbox:3",
            "auto-reply.eml",
            "bounce.eml",
            "gmail.eml",
            "latin1-b-client.eml",
            "mailing-list.eml",
            "mutt.eml",
            "newsletter.eml",
            "no-date.eml",
            "no-message-id.eml",
            "not-a-message.png",
            "not-a-message.txt",
            "obsolete-date.eml",
            "outlook.eml",
            "thunderbird.eml",
        ]
    );
}

#[test]
fn single_files() {
    let path = fixtures().join("gmail.eml");
    let items: Vec<RawMail> = open(&path).unwrap().map(Result::unwrap).collect();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].origin, path.display().to_string());
    assert_eq!(items[0].bytes, fs::read(&path).unwrap());
    assert_eq!(items[0].mtime, fs::metadata(&path).unwrap().modified().ok());
    assert_eq!(open(&path).unwrap().kind(), Some(SourceKind::Message));
}

struct Failing;

impl io::Read for Failing {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        Err(io::Error::other("pipe closed"))
    }
}

#[test]
fn stdin_is_one_message() {
    let raw = b"From: jane@acme.example\nSubject: piped\n\nbody\n".to_vec();
    let items: Vec<RawMail> = open_reader(Cursor::new(raw.clone())).unwrap().map(Result::unwrap).collect();
    assert_eq!(items, vec![RawMail { origin: "-".to_string(), bytes: raw, mtime: None }]);

    let err = open_reader(Failing).err().unwrap();
    assert_eq!(err.to_string(), "reading -: pipe closed");
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_items_and_the_read_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path();
    for sub in ["cur", "new", "tmp"] {
        fs::create_dir(inbox.join(sub)).unwrap();
    }
    let message = b"From: jane@acme.example\nSubject: kept\n\n";
    fs::write(inbox.join("cur/1764230400.M1P1.host:2,S"), message).unwrap();
    fs::write(inbox.join("new/1764230500.M2P1.host"), message).unwrap();
    fs::write(inbox.join("tmp/1764230600.M3P1.host"), message).unwrap();
    fs::write(inbox.join("cur/.hidden"), message).unwrap();
    fs::create_dir(inbox.join("cur/1764230450.M9P1.host")).unwrap();
    std::os::unix::fs::symlink(inbox.join("gone"), inbox.join("cur/1764230450.M5P1.host:2,")).unwrap();
    // A Maildir file starting with an envelope line is one message, not an mbox.
    fs::write(inbox.join("new/1764230700.M4P1.host"), b"From jane Tue Dec  1 10:00:00 2026\nFrom: a@b\n\n")
        .unwrap();
    assert_eq!(
        origins(inbox),
        vec![
            "cur/1764230400.M1P1.host:2,S",
            "error: cur/1764230450.M5P1.host:2,",
            "new/1764230500.M2P1.host",
            "new/1764230700.M4P1.host",
        ]
    );
    let err = open(inbox).unwrap().nth(1).unwrap().unwrap_err();
    assert!(
        matches!(&err, SourceError::Read { source, .. } if source.kind() == io::ErrorKind::NotFound),
        "{err}"
    );

    // A folder inside a plain folder is skipped; a file that cannot be read
    // is an item.
    let plain = inbox.join("cur");
    assert_eq!(origins(&plain), vec!["1764230400.M1P1.host:2,S", "error: 1764230450.M5P1.host:2,"]);
    // Named directly, a dangling link is a PATH that does not exist.
    assert!(matches!(open(&plain.join("1764230450.M5P1.host:2,")), Err(SourceError::NotFound(_))));
}

#[test]
fn an_empty_maildir_reads_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("cur")).unwrap();
    fs::create_dir(dir.path().join("new")).unwrap();
    assert_eq!(origins(dir.path()), Vec::<String>::new());
}

#[test]
fn message_files_are_read_to_the_start_of_their_body_only() {
    let dir = tempfile::tempdir().unwrap();
    for (name, eol) in [("lf.eml", "\n"), ("crlf.eml", "\r\n")] {
        let headers = format!("From: jane@acme.example{eol}Subject: big{eol}{eol}");
        let full = format!("{headers}{}", format!("attachment line{eol}").repeat(2000));
        let path = dir.path().join(name);
        fs::write(&path, &full).unwrap();
        let read = open(&path).unwrap().next().unwrap().unwrap();
        assert_eq!(read.bytes, full.as_bytes()[..headers.len() + 8192]);
        assert_eq!(Mail::parse(&read.bytes), Mail::parse(full.as_bytes()));
    }
    let lf = Mail::parse(&open(&dir.path().join("lf.eml")).unwrap().next().unwrap().unwrap().bytes).unwrap();
    let crlf =
        Mail::parse(&open(&dir.path().join("crlf.eml")).unwrap().next().unwrap().unwrap().bytes).unwrap();
    assert_eq!(lf.key, crlf.key);
    // Without a blank line the whole (small) file is read.
    let path = dir.path().join("headers-only.eml");
    fs::write(&path, "From: jane@acme.example\nSubject: no body").unwrap();
    assert_eq!(
        open(&path).unwrap().next().unwrap().unwrap().bytes,
        b"From: jane@acme.example\nSubject: no body"
    );
}
