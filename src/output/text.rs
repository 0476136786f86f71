//! Hostile text made visible (SPEC 3, TEXT): control characters stored as
//! given are shown as escapes in human output, so that a name or a subject
//! can neither drive the terminal (colours, cursor moves, a bell) nor forge
//! a table row with a line break. JSON and CSV keep the exact text.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `s` for one line of human output (a table cell, a name in a sentence):
/// every control character is escaped, line breaks and tabs included —
/// ESC as `\e`, LF `\n`, CR `\r`, tab `\t`, other C0 and DEL as `\x07` /
/// `\x7f`, C1 as `\u{9b}`. Borrows when there is nothing to escape.
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// `s` for multi-line human output (letters, sheets, printed text): like
/// [`escape_controls`], but line feeds, CR LF pairs and tabs stay as they
/// are. A CR alone is escaped: it would let a line overwrite itself.
pub fn escape_controls_multiline(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

fn escape(s: &str, lines: bool) -> Cow<'_, str> {
    let kept =
        |c: char, next: Option<char>| lines && (c == '\n' || c == '\t' || (c == '\r' && next == Some('\n')));
    let mut chars = s.chars().peekable();
    let mut first = None;
    let mut at = 0;
    while let Some(c) = chars.next() {
        if c.is_control() && !kept(c, chars.peek().copied()) {
            first = Some(at);
            break;
        }
        at += c.len_utf8();
    }
    let Some(first) = first else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str(&s[..first]);
    let mut chars = s[first..].chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_control() || kept(c, chars.peek().copied()) {
            out.push(c);
            continue;
        }
        match c {
            '\x1b' => out.push_str("\\e"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_text_escapes_every_control() {
        assert_eq!(escape_controls("plain Ünïcode — ok"), "plain Ünïcode — ok");
        assert!(matches!(escape_controls("plain"), Cow::Borrowed(_)));
        assert_eq!(escape_controls("\x1b[31mred\x1b[0m"), "\\e[31mred\\e[0m");
        assert_eq!(escape_controls("ding\x07"), "ding\\x07");
        assert_eq!(escape_controls("back\x08space"), "back\\x08space");
        assert_eq!(escape_controls("del\x7f"), "del\\x7f");
        assert_eq!(escape_controls("csi\u{9b}2J"), "csi\\u{9b}2J");
        assert_eq!(escape_controls("nul\0"), "nul\\x00");
        assert_eq!(escape_controls("two\nlines\r\n\tand tab"), "two\\nlines\\r\\n\\tand tab");
    }

    #[test]
    fn multi_line_text_keeps_line_breaks_and_tabs() {
        let letter = "Dear Jane,\r\n\n\tINV-0001\x1b]0;owned\x07\nover\rwrite";
        assert_eq!(
            escape_controls_multiline(letter),
            "Dear Jane,\r\n\n\tINV-0001\\e]0;owned\\x07\nover\\rwrite"
        );
        assert!(matches!(escape_controls_multiline("a\nb\tc\r\n"), Cow::Borrowed(_)));
        assert_eq!(escape_controls_multiline("end\r"), "end\\r");
    }
}
