//! JSON as every command writes it: serde_json's pretty form, with DEL and
//! the C1 control characters (U+0080 to U+009F) also written as `\u`
//! escapes. serde_json escapes only those below U+0020; a raw C1 character
//! is valid JSON but a terminal may act on it (U+009B starts a control
//! sequence), and the escape reads back as the same text.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

/// Writes `value` as pretty JSON to `w`.
pub fn write_pretty<W: Write, T: Serialize + ?Sized>(w: W, value: &T) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(w, Safe(PrettyFormatter::new()));
    value.serialize(&mut ser)
}

fn escaped(c: char) -> bool {
    c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c)
}

/// serde_json's pretty formatter, escaping [`escaped`] characters in strings.
struct Safe(PrettyFormatter<'static>);

impl Formatter for Safe {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        // DEL is 0x7F and every C1 character starts with 0xC2 in UTF-8: a
        // fragment with neither (nearly all) is written as it is.
        if memchr::memchr2(0x7f, 0xc2, fragment.as_bytes()).is_none() {
            return w.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if escaped(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                write!(w, "\\u{:04x}", u32::from(c))?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    /// `value` as pretty JSON text.
    fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
        let mut out = Vec::new();
        write_pretty(&mut out, value)?;
        Ok(String::from_utf8(out).expect("serde_json writes UTF-8"))
    }

    use super::*;

    #[test]
    fn c1_and_del_are_escaped_and_read_back_the_same() {
        let value = serde_json::json!({"name": "a\u{9b}31mb\u{7f}c\u{85}é\u{1b}", "list": [1, "x"]});
        let text = to_string_pretty(&value).unwrap();
        assert_eq!(
            text,
            "{\n  \"name\": \"a\\u009b31mb\\u007fc\\u0085é\\u001b\",\n  \"list\": [\n    1,\n    \"x\"\n  ]\n}"
        );
        assert!(text.chars().all(|c| !c.is_control() || c == '\n'), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
        assert_eq!(
            text,
            serde_json::to_string_pretty(&value)
                .unwrap()
                .replace('\u{9b}', "\\u009b")
                .replace('\u{7f}', "\\u007f")
                .replace('\u{85}', "\\u0085")
        );
    }
}
