//! Splitting an mbox into its messages, streamed: one message in memory at a
//! time, whatever the size of the file.
//!
//! A message starts at a `From ` line at the start of the file or after a
//! blank line; the blank line before it belongs to the format, not to the
//! message before. `>From ` quoting is undone the mboxrd way, which also
//! reads mboxo: one `>` comes off every line that is `>`s then `From `
//! (`>From ` is `From `, `>>From ` is `>From `). Lines may end in LF or
//! CR LF.

use std::io::{self, BufRead};

/// An iterator over the messages of an mbox read from `R`: each item is one
/// message's bytes, without its `From ` line, unquoted. A read error ends
/// the iteration after it is yielded.
pub struct MboxReader<R> {
    reader: R,
    /// The bytes of the message being gathered; `None` before the first
    /// `From ` line.
    current: Option<Vec<u8>>,
    /// Where the last line of `current` starts, to drop it when it is the
    /// blank line before the next `From `.
    last_line_start: usize,
    after_blank: bool,
    done: bool,
    line: Vec<u8>,
}

impl<R: BufRead> MboxReader<R> {
    /// Reads the mbox in `reader`.
    pub fn new(reader: R) -> Self {
        MboxReader {
            reader,
            current: None,
            last_line_start: 0,
            after_blank: true,
            done: false,
            line: Vec::new(),
        }
    }

    /// The gathered message, without a blank line at its end.
    fn finish(&mut self) -> Option<Vec<u8>> {
        let mut message = self.current.take()?;
        if self.after_blank {
            message.truncate(self.last_line_start);
        }
        Some(message)
    }
}

impl<R: BufRead> Iterator for MboxReader<R> {
    type Item = io::Result<Vec<u8>>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.line.clear();
            match self.reader.read_until(b'\n', &mut self.line) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
                Ok(0) => {
                    self.done = true;
                    return self.finish().map(Ok);
                }
                Ok(_) => {}
            }
            if self.after_blank && self.line.starts_with(b"From ") {
                let finished = self.finish();
                self.current = Some(Vec::new());
                self.after_blank = false;
                if let Some(message) = finished {
                    return Some(Ok(message));
                }
                continue;
            }
            let is_blank = matches!(self.line.as_slice(), b"\n" | b"\r\n");
            // Text before the first `From ` line is no message; a file
            // named as an mbox starts with one.
            let Some(message) = self.current.as_mut() else {
                self.after_blank = is_blank;
                continue;
            };
            self.last_line_start = message.len();
            message.extend_from_slice(unquote(&self.line));
            self.after_blank = is_blank;
        }
        None
    }
}

/// `line` with one `>` taken off when it is `>`s then `From `.
fn unquote(line: &[u8]) -> &[u8] {
    let quotes = line.iter().take_while(|b| **b == b'>').count();
    if quotes > 0 && line[quotes..].starts_with(b"From ") {
        &line[1..]
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy as _;

    fn split(mbox: &str) -> Vec<String> {
        MboxReader::new(mbox.as_bytes()).map(|m| String::from_utf8(m.unwrap()).unwrap()).collect()
    }

    #[test]
    fn splits_on_from_lines_after_blank_lines() {
        let mbox = "From a@x Tue Dec  1 10:00:00 2026\nSubject: one\n\nbody one\nFrom here, no split\n\n\
                    From b@x Tue Dec  1 11:00:00 2026\nSubject: two\n\nbody two\n\n";
        assert_eq!(
            split(mbox),
            vec!["Subject: one\n\nbody one\nFrom here, no split\n", "Subject: two\n\nbody two\n"]
        );
    }

    #[test]
    fn unquotes_mboxrd_and_mboxo() {
        let mbox = "From a@x Tue Dec  1 10:00:00 2026\nSubject: q\n\n>From me\n>>From you\n>>>From them\n\
                    > From not quoted\n>Fromage\nFrom\n";
        assert_eq!(
            split(mbox),
            vec!["Subject: q\n\nFrom me\n>From you\n>>From them\n> From not quoted\n>Fromage\nFrom\n"]
        );
    }

    #[test]
    fn tolerates_crlf() {
        let mbox = "From a@x Tue Dec  1 10:00:00 2026\r\nSubject: one\r\n\r\n>From me\r\n\r\n\
                    From b@x Tue Dec  1 11:00:00 2026\r\nSubject: two\r\n\r\nlast line without end";
        assert_eq!(
            split(mbox),
            vec!["Subject: one\r\n\r\nFrom me\r\n", "Subject: two\r\n\r\nlast line without end"]
        );
    }

    #[test]
    fn edge_cases() {
        assert_eq!(split(""), Vec::<String>::new());
        assert_eq!(split("no separator at all\n"), Vec::<String>::new());
        assert_eq!(split("From a@x\n"), vec![""]);
        assert_eq!(split("From a@x\n\nFrom b@x\nS: 2\n"), vec!["", "S: 2\n"]);
        // Only one blank line goes with the separator.
        assert_eq!(split("From a@x\nS: 1\n\nbody\n\n\nFrom b@x\n"), vec!["S: 1\n\nbody\n\n", ""]);
        assert_eq!(split("junk first\n\nFrom a@x\nS: 1\n"), vec!["S: 1\n"]);
    }

    /// How an mboxrd writer stores `messages`: a `From ` line before each,
    /// `>` before every `>*From ` line, a blank line after each.
    fn write_mboxrd(messages: &[String]) -> String {
        let mut out = String::new();
        for m in messages {
            out.push_str("From sam@studio.example Tue Dec  1 10:00:00 2026\n");
            for line in m.split_inclusive('\n') {
                if line.trim_start_matches('>').starts_with("From ") {
                    out.push('>');
                }
                out.push_str(line);
            }
            out.push('\n');
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn mboxrd_round_trips(messages in proptest::collection::vec(
            proptest::collection::vec("(>{0,2}From |From|S: |[a-z ]{0,6}|)[a-z]{0,4}", 0..6)
                .prop_map(|lines| lines.iter().map(|l| l.clone() + "\n").collect::<String>()),
            0..5,
        )) {
            proptest::prop_assert_eq!(split(&write_mboxrd(&messages)), messages);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
            let mut with_from = b"From x\n".to_vec();
            with_from.extend_from_slice(&bytes);
            for input in [bytes.as_slice(), with_from.as_slice()] {
                for message in MboxReader::new(input) {
                    proptest::prop_assert!(message.is_ok());
                }
            }
        }
    }

    #[test]
    fn read_errors_end_the_stream() {
        struct Failing;
        impl io::Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("disk on fire"))
            }
        }
        let mut reader = MboxReader::new(io::BufReader::new(Failing));
        assert_eq!(reader.next().unwrap().unwrap_err().to_string(), "disk on fire");
        assert!(reader.next().is_none());
    }
}
