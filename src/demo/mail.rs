//! The demo's mail (SPEC 9, last clause): a small Maildir, INBOX and Sent,
//! written into the demo's folder and read through the operation of
//! `expect ingest`, dated relative to now. It holds a chaser (Jane writing
//! again before the reply promised), a reply found in the Sent folder,
//! a new address at a client's domain, and a newsletter that is skipped.

use std::path::Path;

use chrono::{DateTime, Duration as Elapsed};
use chrono_tz::Tz;

use super::Demo;
use crate::book::mail::{ingest, IngestOptions, IngestReport};
use crate::book::BookError;
use crate::files::Batch;
use crate::values::{Duration, Unit};

/// One message of the demo's Maildir.
struct Letter<'a> {
    folder: &'a str,
    id: &'a str,
    from: &'a str,
    to: &'a str,
    at: DateTime<Tz>,
    subject: &'a str,
    headers: &'a str,
}

impl Letter<'_> {
    fn bytes(&self) -> String {
        format!(
            "Date: {}\r\nFrom: {}\r\nTo: {}\r\nSubject: {}\r\nMessage-ID: <{}@demo.example>\r\n{}\
             Content-Type: text/plain; charset=utf-8\r\n\r\n(demo)\r\n",
            self.at.to_rfc2822(),
            self.from,
            self.to,
            self.subject,
            self.id,
            self.headers
        )
    }
}

/// Writes the Maildir into `dir` (`INBOX` and `Sent`, each with `cur`,
/// `new` and `tmp`) and ingests it; returns what the run did.
pub(super) fn mailbox(d: &Demo<'_, '_>, dir: &Path) -> Result<IngestReport, BookError> {
    let now = d.env.now;
    let hours = |h: i64| now - Elapsed::hours(h);
    let letters = [
        Letter {
            folder: "INBOX",
            id: "homepage-1",
            from: "Jane Doe <jane@acme.example>",
            to: "Alex Rivera <alex@studio.example>",
            at: hours(3),
            subject: "Homepage copy for the spring campaign",
            headers: "",
        },
        Letter {
            folder: "INBOX",
            id: "homepage-2",
            from: "Jane Doe <jane@acme.example>",
            to: "Alex Rivera <alex@studio.example>",
            at: hours(1),
            subject: "Re: Homepage copy for the spring campaign",
            headers: "In-Reply-To: <homepage-1@demo.example>\r\nReferences: <homepage-1@demo.example>\r\n",
        },
        Letter {
            folder: "INBOX",
            id: "design-invoice",
            from: "Hank Scorpio <hank@globex.example>",
            to: "Sam Lee <sam@studio.example>",
            at: d.ago(1, Unit::BusinessDays),
            subject: "Invoice for the design phase",
            headers: "",
        },
        Letter {
            folder: "Sent",
            id: "design-invoice-reply",
            from: "Sam Lee <sam@studio.example>",
            to: "Hank Scorpio <hank@globex.example>",
            at: hours(2),
            subject: "Re: Invoice for the design phase",
            headers: "In-Reply-To: <design-invoice@demo.example>\r\n",
        },
        Letter {
            folder: "INBOX",
            id: "logo-files",
            from: "\"Park, Lisa\" <lisa.park@globex.example>",
            to: "Sam Lee <sam@studio.example>",
            at: hours(5),
            subject: "Logo files for the website",
            headers: "",
        },
        Letter {
            folder: "INBOX",
            id: "newsletter",
            from: "Initech News <news@initech.example>",
            to: "alex@studio.example",
            at: hours(6),
            subject: "This month at Initech",
            headers: "List-Id: Initech news <news.initech.example>\r\nPrecedence: list\r\n",
        },
    ];
    let mut files = Batch::new();
    let write = |files: &mut Batch| -> Result<(), crate::files::FileError> {
        for folder in ["INBOX", "Sent"] {
            for sub in ["cur", "new", "tmp"] {
                files.folder(&dir.join(folder).join(sub))?;
            }
        }
        for (n, l) in letters.iter().enumerate() {
            let name = format!("{}.M{n}P1.demo:2,S", l.at.timestamp());
            files.write(&dir.join(l.folder).join("cur").join(name), l.bytes().as_bytes())?;
        }
        Ok(())
    };
    write(&mut files).map_err(|e| BookError::Inconsistent(format!("writing the demo mail: {e}")))?;
    let mut sources = Vec::new();
    for folder in ["INBOX", "Sent"] {
        let path = dir.join(folder);
        sources.push(
            crate::mail::open(&path)
                .map_err(|e| BookError::Inconsistent(format!("reading the demo mail: {e}")))?,
        );
    }
    // The demo's clients were added just now; their mail is older.
    let since = d.env.cal.sub(now, Duration::new(30, Unit::Days));
    let report = ingest(d.tx, d.env, sources, &IngestOptions { since: Some(since) }, &mut |_| {})?;
    files.keep();
    Ok(report)
}
