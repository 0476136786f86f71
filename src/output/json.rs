//! JSON as every command writes it: serde_json's pretty form (two spaces a
//! level, `"key": value`, `[]` and `{}` when empty), with DEL and the C1
//! control characters (U+0080 to U+009F) also written as `\u` escapes.
//! serde_json escapes only those below U+0020; a raw C1 character is valid
//! JSON but a terminal may act on it (U+009B starts a control sequence),
//! and the escape reads back as the same text.
//!
//! The serializer is [`pretty::Pretty`], not serde_json's own: the reports
//! write tens of thousands of objects, and serde_json's `Formatter` is
//! called for every key, quote and indentation step and cannot scan a string
//! for our extra escapes in its own pass. Writing them was a third of
//! `overdue`'s work (issue 12); the tests hold the form to serde_json's.

mod pretty;

use std::io::Write;

use serde::Serialize;

/// Writes `value` as pretty JSON to `w`.
pub fn write_pretty<W: Write, T: Serialize + ?Sized>(w: W, value: &T) -> serde_json::Result<()> {
    let mut ser = pretty::Pretty::new(w);
    value.serialize(&mut ser)?;
    ser.finish()
}

/// A list of flat objects (each field a string or a bool) written in the
/// form of [`write_pretty`] a field at a time, without serde: for the one
/// list of tens of thousands of objects with nine fields each (`check`'s
/// flags), where serde's call a field and the serializer's state were a
/// fifth of the command's work. The bytes are [`write_pretty`]'s of the
/// same rows, as the tests hold.
pub struct Objects<W: Write> {
    w: W,
    out: Vec<u8>,
    empty: bool,
}

/// The fields of one object of [`Objects`], written in order by
/// [`flat_fields!`], which gives each its line break, indentation and
/// name as one literal.
pub struct Fields<'a> {
    out: &'a mut Vec<u8>,
    wrote: bool,
}

/// Writes the fields of an object of [`Objects`], each `"name" =>
/// kind(value)` with a kind of [`Fields`] (`str`, `name_str`, `bool`,
/// `instant`): `flat_fields!(f; "key" => str(k), "dismissed" => bool(d))`.
macro_rules! flat_fields {
    ($f:expr; $first:literal => $kind:ident($value:expr) $(, $name:literal => $k:ident($v:expr))* $(,)?) => {{
        let f: &mut $crate::output::json::Fields<'_> = $f;
        f.$kind(concat!("\n    \"", $first, "\": "), $value);
        $( f.$k(concat!(",\n    \"", $name, "\": "), $v); )*
    }};
}
pub(crate) use flat_fields;

/// How many bytes [`Objects`] holds before it writes them.
const OBJECTS_FLUSH_AT: usize = 1 << 16;

/// Writes `rows` as [`Objects`], the fields of each given by `fields`.
pub fn write_objects<W: Write, T>(
    w: W,
    rows: &[T],
    fields: impl Fn(&T, &mut Fields<'_>),
) -> std::io::Result<()> {
    let mut objects = Objects::new(w);
    for row in rows {
        objects.object(|f| fields(row, f))?;
    }
    objects.finish()
}

impl<W: Write> Objects<W> {
    pub fn new(w: W) -> Self {
        Objects { w, out: Vec::with_capacity(OBJECTS_FLUSH_AT + 4096), empty: true }
    }

    /// Writes one object, its fields given by `fields`.
    pub fn object(&mut self, fields: impl FnOnce(&mut Fields<'_>)) -> std::io::Result<()> {
        self.out.extend_from_slice(if self.empty { b"[\n  {" } else { b",\n  {" });
        self.empty = false;
        let mut f = Fields { out: &mut self.out, wrote: false };
        fields(&mut f);
        let wrote = f.wrote;
        self.out.extend_from_slice(if wrote { b"\n  }" } else { b"}" });
        if self.out.len() >= OBJECTS_FLUSH_AT {
            self.w.write_all(&self.out)?;
            self.out.clear();
        }
        Ok(())
    }

    /// Closes the list (`[]` when it had no object) and writes what is held.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.out.extend_from_slice(if self.empty { b"[]" } else { b"\n]" });
        self.w.write_all(&self.out)
    }
}

impl Fields<'_> {
    /// The line break, indentation and `"name": ` of a field, as
    /// [`flat_fields!`] makes them: a comma first but for the first field.
    fn start(&mut self, prefix: &'static str) {
        debug_assert!(
            prefix.starts_with(if self.wrote { ",\n    \"" } else { "\n    \"" })
                && prefix.ends_with("\": ")
                && !prefix
                    .trim_start_matches(',')
                    .trim_start_matches("\n    \"")
                    .trim_end_matches("\": ")
                    .bytes()
                    .any(|b| ESCAPE[usize::from(b)] != 0),
            "{prefix:?} is not the start of a field here"
        );
        self.wrote = true;
        self.out.extend_from_slice(prefix.as_bytes());
    }

    /// A string field, escaped as [`write_pretty`] escapes it.
    pub fn str(&mut self, prefix: &'static str, value: &str) {
        self.start(prefix);
        self.out.push(b'"');
        escape_into(self.out, value);
        self.out.push(b'"');
    }

    /// A string field whose value is a name from the program itself (an
    /// enum's text, never needing an escape; debug builds check it).
    pub fn name_str(&mut self, prefix: &'static str, value: &'static str) {
        debug_assert!(!value.bytes().any(|b| ESCAPE[usize::from(b)] != 0), "{value:?} needs escaping");
        self.start(prefix);
        self.out.push(b'"');
        self.out.extend_from_slice(value.as_bytes());
        self.out.push(b'"');
    }

    pub fn bool(&mut self, prefix: &'static str, value: bool) {
        self.start(prefix);
        self.out.extend_from_slice(if value { b"true" } else { b"false" });
    }

    /// An instant as RFC 3339 text, as [`crate::values::serialize_instant`]
    /// writes it.
    pub fn instant(&mut self, prefix: &'static str, t: &chrono::DateTime<chrono::FixedOffset>) {
        let mut buf = [0u8; 25];
        if crate::values::write_iso_instant(t, &mut buf).is_some() {
            self.start(prefix);
            self.out.push(b'"');
            self.out.extend_from_slice(&buf);
            self.out.push(b'"');
        } else {
            self.str(prefix, &t.to_rfc3339());
        }
    }
}

/// How a byte is written inside a JSON string: 0 as it is, `b'u'` as
/// `\u00XX`, `b'?'` when it may start a C1 character (0xC2), else the letter
/// after the backslash.
const ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b'u';
        b += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0a] = b'n';
    t[0x0c] = b'f';
    t[0x0d] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t[0x7f] = b'u';
    t[0xc2] = b'?';
    t
};

/// `\u00XX` for `byte`, in serde_json's lower-case hex.
fn unicode_escape(out: &mut Vec<u8>, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.extend_from_slice(&[
        b'\\',
        b'u',
        b'0',
        b'0',
        HEX[usize::from(byte >> 4)],
        HEX[usize::from(byte & 0xf)],
    ]);
}

/// Whether any of the eight bytes of `w` may need escaping: a control
/// character, a quote, a backslash, DEL, or a byte of a character beyond
/// ASCII (a C1 character among them). Exact enough to skip: it may say yes
/// for a word that needs nothing, never no for one that does.
fn may_need_escaping(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    (w & HIGH)
        | below_space
        | has_zero(w ^ (ONES * u64::from(b'"')))
        | has_zero(w ^ (ONES * u64::from(b'\\')))
        | has_zero(w ^ (ONES * 0x7f))
        != 0
}

/// Whether `bytes` has anything [`escape_into`] may have to escape: a
/// string shorter than eight bytes (a key) as one word, one of eight to
/// sixteen as two (overlapping), a longer one sixteen bytes at a time in a
/// form the compiler makes vector instructions of, the last sixteen
/// overlapping those before. Nothing stops early: no branch a word.
fn may_need_escaping_any(bytes: &[u8]) -> bool {
    let (Some(first), Some(last)) = (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) else {
        return may_need_escaping(short_word(bytes));
    };
    let Some(last) = bytes.last_chunk::<16>() else {
        return may_need_escaping(u64::from_le_bytes(*first)) | may_need_escaping(u64::from_le_bytes(*last));
    };
    let (chunks, _) = bytes.as_chunks::<16>();
    chunks.iter().fold(may_need_escaping_16(last), |any, c| any | may_need_escaping_16(c))
}

/// Whether any of sixteen bytes may need escaping (as [`may_need_escaping`]).
#[inline]
fn may_need_escaping_16(c: &[u8; 16]) -> bool {
    let look = |b: u8| u8::from(b < 0x20) | u8::from(b == b'"') | u8::from(b == b'\\') | u8::from(b >= 0x7f);
    c.iter().fold(0u8, |any, &b| any | look(b)) != 0
}

/// A string shorter than eight bytes as one word to check: its first and
/// last four bytes (overlapping) from four bytes on; its first, middle and
/// last byte (so every byte) of one to three; spaces for the rest.
fn short_word(b: &[u8]) -> u64 {
    let n = b.len();
    let four = |at: usize| u64::from(u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]));
    match n {
        0 => u64::from_le_bytes([b' '; 8]),
        1..=3 => u64::from_le_bytes([b[0], b[n / 2], b[n - 1], b' ', b' ', b' ', b' ', b' ']),
        _ => four(0) | (four(n - 4) << 32),
    }
}

/// The text of `s` as the inside of a JSON string: serde_json's escapes
/// (quote, backslash, the controls below U+0020), and DEL and C1 as `\u`.
/// A string with nothing to escape (nearly every one) is checked a word or
/// sixteen bytes at a time ([`may_need_escaping_any`]) and copied whole (`check` writes a sentence a flag; a
/// byte at a time was an eighth of its work).
fn escape_into(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    if !may_need_escaping_any(bytes) {
        out.extend_from_slice(bytes);
        return;
    }
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        let escape = ESCAPE[usize::from(b)];
        if escape == 0 {
            i += 1;
            continue;
        }
        // U+0080 to U+009F are 0xC2 0x80 to 0xC2 0x9F; other characters
        // starting with 0xC2 (U+00A0 to U+00BF) are written as they are.
        let c1 = escape == b'?' && matches!(bytes.get(i + 1), Some(0x80..=0x9f));
        if escape == b'?' && !c1 {
            i += 1;
            continue;
        }
        out.extend_from_slice(&bytes[start..i]);
        if c1 {
            i += 1;
            unicode_escape(out, bytes[i]);
        } else if escape == b'u' {
            unicode_escape(out, b);
        } else {
            out.extend_from_slice(&[b'\\', escape]);
        }
        i += 1;
        start = i;
    }
    out.extend_from_slice(&bytes[start..]);
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use serde::Serialize;

    use super::*;

    /// `value` as pretty JSON text.
    fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
        let mut out = Vec::new();
        write_pretty(&mut out, value)?;
        Ok(String::from_utf8(out).expect("the writer writes UTF-8"))
    }

    /// serde_json's pretty form of `value` with our extra escapes.
    fn serde_jsons<T: Serialize + ?Sized>(value: &T) -> String {
        let text = serde_json::to_string_pretty(value).unwrap();
        let mut out = String::new();
        for c in text.chars() {
            if c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c) {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            } else {
                out.push(c);
            }
        }
        out
    }

    /// A flat row, written by serde and by [`Objects`] a field at a time.
    #[derive(Serialize)]
    struct Flat {
        text: String,
        name: &'static str,
        yes: bool,
    }

    fn flat(r: &Flat, f: &mut Fields<'_>) {
        flat_fields!(f; "text" => str(&r.text), "name" => name_str(r.name), "yes" => bool(r.yes));
    }

    fn objects<T>(rows: &[T], fields: impl Fn(&T, &mut Fields<'_>)) -> String {
        let mut out = Vec::new();
        write_objects(&mut out, rows, fields).unwrap();
        String::from_utf8(out).unwrap()
    }

    proptest! {
        /// Any list of flat rows, any text in them: the bytes serde writes.
        #[test]
        fn objects_a_field_at_a_time_are_what_serde_writes(
            rows in prop::collection::vec((any::<String>(), any::<bool>()), 0..4),
        ) {
            let rows: Vec<Flat> = rows
                .into_iter()
                .map(|(text, yes)| Flat { text, name: if yes { "violation" } else { "late-reply" }, yes })
                .collect();
            prop_assert_eq!(objects(&rows, flat), to_string_pretty(&rows).unwrap());
        }
    }

    /// A field started by hand, not as [`flat_fields!`] starts it, stops a
    /// debug build (so every test).
    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "is not the start of a field here")]
    fn a_field_not_started_by_the_macro_stops_a_debug_build() {
        objects(&[1], |_, f| f.bool(",\n    \"first\": ", true));
    }

    /// Text that needs every kind of escape, an empty list, a row without
    /// fields, and more rows than one buffer holds.
    #[test]
    fn objects_are_what_serde_writes_at_the_edges() {
        #[derive(Serialize)]
        struct Nothing {}
        let hostile =
            Flat { text: "a \"q\" \\ \n\t\u{1b}[31m \u{7f} \u{9b} é €".into(), name: "x", yes: false };
        let want = to_string_pretty(&[&hostile]).unwrap();
        assert_eq!(objects(&[hostile], flat), want);
        assert!(want.contains(r"\u001b[31m \u007f \u009b é €"), "{want}");
        assert_eq!(objects::<Flat>(&[], flat), "[]");
        assert_eq!(
            objects(&[Nothing {}, Nothing {}], |_, _| {}),
            to_string_pretty(&[Nothing {}, Nothing {}]).unwrap()
        );
        let many: Vec<Flat> = (0..2_000)
            .map(|i| Flat { text: format!("row {i} {}", "x".repeat(i % 90)), name: "n", yes: i % 3 == 0 })
            .collect();
        let text = objects(&many, flat);
        assert!(text.len() > 2 * OBJECTS_FLUSH_AT, "{}", text.len());
        assert_eq!(text, to_string_pretty(&many).unwrap());
    }

    /// Field and variant names are written without the escape check; a
    /// name that would need one (no type of ours has one) stops the tests.
    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "needs escaping")]
    fn a_name_that_needs_escaping_stops_a_debug_build() {
        #[derive(Serialize)]
        struct Odd {
            #[serde(rename = "say \"hi\"")]
            x: u8,
        }
        let _ = to_string_pretty(&Odd { x: 1 });
    }

    /// Names of fields and unit variants come out as serde_json writes
    /// them, at every depth the fast line breaks cover and beyond.
    #[test]
    fn names_are_written_as_serde_json_writes_them() {
        #[derive(Serialize)]
        #[serde(rename_all = "kebab-case")]
        enum Tone {
            Bright,
            DarkRed,
        }
        #[derive(Serialize)]
        struct Inner {
            tone: Tone,
            r#type: Vec<Tone>,
        }
        #[derive(Serialize)]
        struct Outer {
            first: Inner,
            list: Vec<Inner>,
            code: crate::flags::Code,
        }
        let inner = || Inner { tone: Tone::DarkRed, r#type: vec![Tone::Bright, Tone::DarkRed] };
        let value =
            vec![Outer { first: inner(), list: vec![inner(), inner()], code: crate::flags::Code::LateReply }];
        let text = to_string_pretty(&value).unwrap();
        assert_eq!(text, serde_jsons(&value));
        assert!(
            text.contains("\"code\": \"late-reply\"") && text.contains("\"tone\": \"dark-red\""),
            "{text}"
        );
    }

    #[test]
    fn c1_and_del_are_escaped_and_read_back_the_same() {
        let value = serde_json::json!({"name": "a\u{9b}31mb\u{7f}c\u{85}é\u{1b}\u{a0}", "list": [1, "x"]});
        let text = to_string_pretty(&value).unwrap();
        assert_eq!(
            text,
            "{\n  \"name\": \"a\\u009b31mb\\u007fc\\u0085é\\u001b\u{a0}\",\n  \"list\": [\n    1,\n    \"x\"\n  ]\n}"
        );
        assert!(text.chars().all(|c| !c.is_control() || c == '\n'), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
        assert_eq!(text, serde_jsons(&value));
    }

    #[test]
    fn the_form_is_serde_jsons_at_every_depth() {
        // Empty lists and objects, a long run of text, and 20 levels: past
        // the 16 that one write indents.
        let long = format!("{}\u{85}{}\"\\\n\t", "a".repeat(70), "b".repeat(70));
        let mut value = serde_json::json!({"a": [], "b": {}, "c": [1, {"d": null, "e": [true]}], "f": long,
            "g": -12.5, "h": u64::MAX, "i": i64::MIN, "j": 1e300});
        for i in 0..20 {
            value = serde_json::json!({ format!("k{i}"): [value, i] });
        }
        let text = to_string_pretty(&value).unwrap();
        assert_eq!(text, serde_jsons(&value));
        assert!(text.contains(&format!("\n{}\"a\": []", " ".repeat(2 * 41))), "{text}");
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        New(i32),
        Pair(u8, char),
        Empty(),
        Named { w: f64, h: f32, none: Option<bool> },
    }

    #[derive(Serialize)]
    struct Wrapper(&'static str);

    #[derive(Serialize)]
    struct Everything {
        shapes: Vec<Shape>,
        by_number: BTreeMap<i64, Wrapper>,
        by_flag: BTreeMap<bool, Option<u8>>,
        by_char: BTreeMap<char, u128>,
        by_shape: BTreeMap<&'static str, Shape>,
        bytes: serde_bytes_like::Bytes,
        tuple: (i8, i16, u16, u32),
        floats: [f64; 3],
        empty: Vec<()>,
        nothing: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<String>,
        unit: (),
    }

    /// Bytes serialized as bytes (not a list of numbers) without a crate.
    mod serde_bytes_like {
        pub struct Bytes(pub Vec<u8>);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(&self.0)
            }
        }
    }

    #[test]
    fn every_kind_of_value_is_written_as_serde_json_writes_it() {
        let value = Everything {
            shapes: vec![
                Shape::Unit,
                Shape::New(-7),
                Shape::Pair(255, 'ß'),
                Shape::Empty(),
                Shape::Named { w: 0.1, h: 1.5e-7, none: None },
                Shape::Named { w: f64::NAN, h: f32::INFINITY, none: Some(true) },
            ],
            by_number: [(-3, Wrapper("x\u{9f}")), (40, Wrapper(""))].into(),
            by_flag: [(false, None), (true, Some(1))].into(),
            by_char: [('"', u128::MAX)].into(),
            by_shape: [("s", Shape::Pair(0, '\u{1}'))].into(),
            bytes: serde_bytes_like::Bytes(vec![0, 127, 255]),
            tuple: (-128, i16::MIN, u16::MAX, 0),
            floats: [0.0, -0.0, 123_456_789.125],
            empty: vec![],
            nothing: None,
            skipped: None,
            unit: (),
        };
        assert_eq!(to_string_pretty(&value).unwrap(), serde_jsons(&value));
    }

    #[test]
    fn keys_of_every_kind_are_written_as_serde_json_writes_them() {
        #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
        enum Tone {
            Firm,
        }
        #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
        struct Handle(&'static str);
        let some: BTreeMap<Option<u8>, u8> = [(Some(7), 1)].into();
        let tone: BTreeMap<Tone, u8> = [(Tone::Firm, 1)].into();
        let handle: BTreeMap<Handle, u8> = [(Handle("a\u{85}"), 1)].into();
        let float: Vec<(f64, u8)> = vec![(1.5, 1), (-0.0, 2)];
        let float = float.into_iter().map(|(k, v)| (FloatKey(k), v)).collect::<Vec<_>>();
        assert_eq!(to_string_pretty(&some).unwrap(), serde_jsons(&some));
        assert_eq!(to_string_pretty(&tone).unwrap(), serde_jsons(&tone));
        assert_eq!(to_string_pretty(&handle).unwrap(), serde_jsons(&handle));
        assert_eq!(to_string_pretty(&FloatMap(&float)).unwrap(), serde_jsons(&FloatMap(&float)));
        let none: BTreeMap<Option<u8>, u8> = [(None, 1)].into();
        let nan = [(FloatKey(f64::NAN), 1u8)];
        for (ours, theirs) in [
            (to_string_pretty(&none), serde_json::to_string_pretty(&none)),
            (to_string_pretty(&FloatMap(&nan)), serde_json::to_string_pretty(&FloatMap(&nan))),
        ] {
            assert_eq!(ours.unwrap_err().to_string(), theirs.unwrap_err().to_string());
        }
    }

    /// A float map key (no float is `Ord`, so no map type holds one).
    struct FloatKey(f64);
    impl Serialize for FloatKey {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_f64(self.0)
        }
    }

    /// A map of the pairs given, in their order.
    struct FloatMap<'a>(&'a [(FloatKey, u8)]);
    impl Serialize for FloatMap<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
        }
    }

    #[test]
    fn a_key_that_is_no_string_is_refused_as_serde_json_refuses_it() {
        let value: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
        let ours = to_string_pretty(&value).unwrap_err().to_string();
        let theirs = serde_json::to_string_pretty(&value).unwrap_err().to_string();
        assert_eq!(ours, theirs);
        let empty: BTreeMap<String, f64> = BTreeMap::new();
        assert_eq!(to_string_pretty(&empty).unwrap(), "{}");
    }

    #[test]
    fn the_word_check_says_yes_for_every_word_with_a_byte_to_look_at() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut word = *b"abcdefgh";
                word[at] = b;
                let look = ESCAPE[usize::from(b)] != 0 || b >= 0x80;
                if look {
                    assert!(may_need_escaping(u64::from_le_bytes(word)), "{b:#x} at {at}");
                }
            }
            let plain = ESCAPE[usize::from(b)] == 0 && b < 0x80;
            assert_eq!(may_need_escaping(u64::from_le_bytes([b; 8])), !plain, "{b:#x}");
        }
        // Strings of every length to 40 (shorter than a word, one or two
        // words, whole chunks and a part), with one byte to look at at
        // each place.
        for len in 0..=40 {
            assert!(!may_need_escaping_any(&vec![b'a'; len]), "{len}");
            for at in 0..len {
                for b in [0x00, 0x1f, b'"', b'\\', 0x7f, 0x80, 0xc2, 0xff] {
                    let mut text = vec![b'a'; len];
                    text[at] = b;
                    assert!(may_need_escaping_any(&text), "{b:#x} at {at} of {len}");
                }
            }
        }
        // Escapes at every place of a long string, on and off word bounds.
        for at in 0..40 {
            let mut text = "x".repeat(40);
            text.insert(at, '\u{85}');
            text.insert(at / 2, '"');
            let value = serde_json::Value::from(text);
            assert_eq!(to_string_pretty(&value).unwrap(), serde_jsons(&value));
        }
    }

    #[test]
    fn text_written_piece_by_piece_is_escaped_as_one_string() {
        struct Pieces;
        impl std::fmt::Display for Pieces {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                use std::fmt::Write as _;
                f.write_str("a")?;
                f.write_char('\u{85}')?;
                f.write_str("b")?;
                f.write_str("\"q\"")
            }
        }
        #[derive(Serialize)]
        struct Doc {
            #[serde(serialize_with = "collect")]
            text: Pieces,
        }
        fn collect<S: serde::Serializer>(p: &Pieces, s: S) -> Result<S::Ok, S::Error> {
            s.collect_str(p)
        }
        assert_eq!(
            to_string_pretty(&Doc { text: Pieces }).unwrap(),
            "{\n  \"text\": \"a\\u0085b\\\"q\\\"\"\n}"
        );
    }

    #[test]
    fn output_larger_than_the_buffer_is_written_whole_and_in_order() {
        let rows: Vec<String> = (0..30_000).map(|i| format!("row {i}")).collect();
        let text = to_string_pretty(&rows).unwrap();
        assert!(text.len() > 3 * (1 << 16), "{}", text.len());
        assert_eq!(text, serde_jsons(&rows));
    }

    /// A writer that fails: the error reaches the caller.
    struct Full;
    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::new(std::io::ErrorKind::StorageFull, "disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failing_writer_is_an_error() {
        let err = write_pretty(Full, &vec!["x"; 10]).unwrap_err();
        assert!(err.is_io(), "{err}");
        let rows = vec!["x".repeat(100); 2_000];
        assert!(write_pretty(Full, &rows).unwrap_err().is_io());
    }

    fn any_json() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<u64>().prop_map(serde_json::Value::from),
            any::<String>().prop_map(serde_json::Value::from),
            "[\\x00-\\x20\\x7f-\\u{a0}\"\\\\a-z\u{c2}\u{c3}]{0,12}".prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
                prop::collection::vec((any::<String>(), inner), 0..6)
                    .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_value_is_written_as_serde_json_writes_it(value in any_json()) {
            let text = to_string_pretty(&value).unwrap();
            prop_assert_eq!(&text, &serde_jsons(&value));
            let back: serde_json::Value = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(back, value);
        }
    }
}
