//! The serializer of [`super::write_pretty`]: serde_json's pretty form,
//! written into a buffer of its own that goes to the writer 64 KiB at a
//! time. Its error type is serde_json's, so callers see one kind of error.

use std::fmt::{self, Display};
use std::io::Write;

use serde::ser::{self, Error as _, Impossible, Serialize};
use serde_json::Error;

use super::escape_into;

type Result<T = ()> = std::result::Result<T, Error>;

/// How many bytes are held before they are written.
const FLUSH_AT: usize = 1 << 16;

/// The name serde_json (with `arbitrary_precision`) gives the struct a
/// `Number` is serialized as: its one field is the number's text.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

pub struct Pretty<W: Write> {
    w: W,
    out: Vec<u8>,
    depth: usize,
}

impl<W: Write> Pretty<W> {
    pub fn new(w: W) -> Self {
        Pretty { w, out: Vec::with_capacity(FLUSH_AT + 1024), depth: 0 }
    }

    /// Writes what is held.
    pub fn finish(mut self) -> Result {
        self.w.write_all(&self.out).map_err(Error::io)
    }

    /// Writes what is held once it is a buffer full.
    fn spill(&mut self) -> Result {
        if self.out.len() >= FLUSH_AT {
            self.w.write_all(&self.out).map_err(Error::io)?;
            self.out.clear();
        }
        Ok(())
    }

    /// A line break and the indentation of the current depth (two spaces a
    /// level), after a comma unless `first`.
    fn line(&mut self, first: bool) {
        const BREAK: &[u8; 2 + 2 * 16] = b",\n                                ";
        // The depths of a list of objects, each of a length known here, so
        // copied without a call (a report's every field is at depth 2;
        // copying a length found at run time was 1% of `check`'s work).
        match (first, self.depth) {
            (false, 2) => return self.out.extend_from_slice(b",\n    "),
            (true, 2) => return self.out.extend_from_slice(b"\n    "),
            (false, 1) => return self.out.extend_from_slice(b",\n  "),
            (true, 1) => return self.out.extend_from_slice(b"\n  "),
            _ => {}
        }
        let from = usize::from(first);
        if let Some(line) = BREAK.get(from..2 + 2 * self.depth) {
            self.out.extend_from_slice(line);
        } else {
            self.out.extend_from_slice(&BREAK[from..]);
            for _ in 16..self.depth {
                self.out.extend_from_slice(b"  ");
            }
        }
    }

    fn string(&mut self, s: &str) {
        self.out.push(b'"');
        escape_into(&mut self.out, s);
        self.out.push(b'"');
    }

    /// A name from the program itself, not from data: a struct's field
    /// name or an enum's variant name (`#[serde(rename)]` included), which
    /// is a literal in this program's code and never needs escaping. It is
    /// written as it is, without the check a value gets (`check` writes
    /// twelve such names a flag, and checking them was a tenth of its
    /// work); debug builds, and so every test, check it all the same.
    fn name(&mut self, name: &'static str) {
        debug_assert!(
            !name.bytes().any(|b| super::ESCAPE[usize::from(b)] != 0),
            "the name {name:?} needs escaping"
        );
        self.out.push(b'"');
        self.out.extend_from_slice(name.as_bytes());
        self.out.push(b'"');
    }

    fn open(&mut self, bracket: u8) {
        self.out.push(bracket);
        self.depth += 1;
    }

    /// Closes a list or object that had entries unless `empty`.
    fn close(&mut self, bracket: u8, empty: bool) {
        self.depth -= 1;
        if !empty {
            self.line(true);
        }
        self.out.push(bracket);
    }

    /// `{` and `"variant": `, the start of an enum's non-unit variant.
    fn open_variant(&mut self, variant: &'static str) {
        self.open(b'{');
        self.line(true);
        self.name(variant);
        self.out.extend_from_slice(b": ");
    }

    /// A finite float as serde_json writes it (shortest round trip, by
    /// `ryu`), others as `null`.
    fn float(&mut self, v: impl ryu::Float, finite: bool) {
        if finite {
            self.out.extend_from_slice(ryu::Buffer::new().format_finite(v).as_bytes());
        } else {
            self.out.extend_from_slice(b"null");
        }
    }
}

/// A list or object being written: whether an entry has been, whether it
/// closes an enum variant's object too, and whether it is a `Number`'s text.
pub struct Compound<'a, W: Write> {
    ser: &'a mut Pretty<W>,
    first: bool,
    variant: bool,
    number: bool,
}

impl<'a, W: Write> Compound<'a, W> {
    fn new(ser: &'a mut Pretty<W>, bracket: u8, variant: bool) -> Self {
        ser.open(bracket);
        Compound { ser, first: true, variant, number: false }
    }

    /// The start of an entry.
    fn entry(&mut self) -> Result {
        self.ser.spill()?;
        self.ser.line(self.first);
        self.first = false;
        Ok(())
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.entry()?;
        value.serialize(&mut *self.ser)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.entry()?;
        self.ser.name(key);
        self.ser.out.extend_from_slice(b": ");
        value.serialize(&mut *self.ser)
    }

    /// Writes the closing bracket (and the variant's closing brace).
    fn close(self, bracket: u8) {
        self.ser.close(bracket, self.first);
        if self.variant {
            self.ser.close(b'}', false);
        }
    }
}

/// Calls `$m!` with the `Serializer` method of each integer type.
macro_rules! each_integer {
    ($m:ident) => {
        $m!(
            serialize_i8: i8,
            serialize_i16: i16,
            serialize_i32: i32,
            serialize_i64: i64,
            serialize_i128: i128,
            serialize_u8: u8,
            serialize_u16: u16,
            serialize_u32: u32,
            serialize_u64: u64,
            serialize_u128: u128
        );
    };
}

/// Integers of each type, in decimal (by `itoa`, as serde_json writes them).
macro_rules! integers {
    ($($method:ident: $t:ty),*) => {$(
        fn $method(self, v: $t) -> Result {
            self.out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
            Ok(())
        }
    )*};
}

impl<'a, W: Write> ser::Serializer for &'a mut Pretty<W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, W>;
    type SerializeTuple = Compound<'a, W>;
    type SerializeTupleStruct = Compound<'a, W>;
    type SerializeTupleVariant = Compound<'a, W>;
    type SerializeMap = Compound<'a, W>;
    type SerializeStruct = Compound<'a, W>;
    type SerializeStructVariant = Compound<'a, W>;

    fn serialize_bool(self, v: bool) -> Result {
        self.out.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }

    each_integer!(integers);

    fn serialize_f32(self, v: f32) -> Result {
        self.float(v, v.is_finite());
        Ok(())
    }

    fn serialize_f64(self, v: f64) -> Result {
        self.float(v, v.is_finite());
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result {
        self.string(v);
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result {
        let mut seq = Compound::new(self, b'[', false);
        for b in v {
            ser::SerializeSeq::serialize_element(&mut seq, b)?;
        }
        seq.close(b']');
        Ok(())
    }

    fn serialize_none(self) -> Result {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result {
        self.name(variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.open_variant(variant);
        value.serialize(&mut *self)?;
        self.close(b'}', false);
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, W>> {
        Ok(Compound::new(self, b'[', false))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, W>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a, W>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, W>> {
        self.open_variant(variant);
        Ok(Compound::new(self, b'[', true))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, W>> {
        Ok(Compound::new(self, b'{', false))
    }

    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Compound<'a, W>> {
        if name == NUMBER_TOKEN {
            return Ok(Compound { ser: self, first: true, variant: false, number: true });
        }
        Ok(Compound::new(self, b'{', false))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, W>> {
        self.open_variant(variant);
        Ok(Compound::new(self, b'{', true))
    }

    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result {
        /// Escapes each piece as it is written: a piece is whole characters,
        /// so escaping them one by one is escaping the whole.
        struct Escaping<'b>(&'b mut Vec<u8>);
        impl fmt::Write for Escaping<'_> {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                escape_into(self.0, s);
                Ok(())
            }
        }
        self.out.push(b'"');
        fmt::write(&mut Escaping(&mut self.out), format_args!("{value}"))
            .map_err(|_| Error::custom("a value failed to format itself"))?;
        self.out.push(b'"');
        Ok(())
    }
}

/// The four kinds of list serde writes (a sequence, a tuple, a tuple
/// struct, a tuple variant's fields), each by its method's name.
macro_rules! list {
    ($($kind:ident :: $add:ident),*) => {$(
        impl<W: Write> ser::$kind for Compound<'_, W> {
            type Ok = ();
            type Error = Error;

            fn $add<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
                self.element(value)
            }

            fn end(self) -> Result {
                self.close(b']');
                Ok(())
            }
        }
    )*};
}

list!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl<W: Write> ser::SerializeMap for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.entry()?;
        key.serialize(MapKey(&mut *self.ser))
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.ser.out.extend_from_slice(b": ");
        value.serialize(&mut *self.ser)
    }

    fn end(self) -> Result {
        self.close(b'}');
        Ok(())
    }
}

impl<W: Write> ser::SerializeStruct for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        if self.number {
            // Its text is a string of digits, sign, point and exponent:
            // written as a string, then without its quotes.
            let start = self.ser.out.len();
            value.serialize(&mut *self.ser)?;
            let text = self.ser.out.split_off(start);
            let bare = text.strip_prefix(b"\"").and_then(|t| t.strip_suffix(b"\"")).unwrap_or(&text);
            self.ser.out.extend_from_slice(bare);
            return Ok(());
        }
        self.field(key, value)
    }

    fn end(self) -> Result {
        if !self.number {
            self.close(b'}');
        }
        Ok(())
    }
}

/// A struct variant's fields, written as a struct's (its `Compound` is
/// never a `Number`'s).
impl<W: Write> ser::SerializeStructVariant for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        ser::SerializeStruct::serialize_field(self, key, value)
    }

    fn end(self) -> Result {
        ser::SerializeStruct::end(self)
    }
}

/// serde_json's error for a map key that is not a string.
fn key_must_be_a_string() -> Error {
    Error::custom("key must be a string")
}

/// Map keys of each integer type, written as strings.
macro_rules! integer_keys {
    ($($method:ident: $t:ty),*) => {$(
        fn $method(self, v: $t) -> Result {
            self.quoted(itoa::Buffer::new().format(v))
        }
    )*};
}

/// A map key: a string, or a number, bool or character written as one, as
/// serde_json writes keys.
struct MapKey<'a, W: Write>(&'a mut Pretty<W>);

impl<W: Write> MapKey<'_, W> {
    // The shape of the `Serializer` methods it answers for.
    #[allow(clippy::unnecessary_wraps)]
    fn quoted(self, text: &str) -> Result {
        self.0.string(text);
        Ok(())
    }
}

impl<W: Write> ser::Serializer for MapKey<'_, W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result {
        self.quoted(if v { "true" } else { "false" })
    }

    each_integer!(integer_keys);

    fn serialize_f32(self, v: f32) -> Result {
        if !v.is_finite() {
            return Err(Error::custom("float key must be finite (got NaN or +/-inf)"));
        }
        self.quoted(ryu::Buffer::new().format_finite(v))
    }

    fn serialize_f64(self, v: f64) -> Result {
        if !v.is_finite() {
            return Err(Error::custom("float key must be finite (got NaN or +/-inf)"));
        }
        self.quoted(ryu::Buffer::new().format_finite(v))
    }

    fn serialize_char(self, v: char) -> Result {
        self.quoted(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result {
        self.quoted(v)
    }

    fn serialize_bytes(self, _v: &[u8]) -> Result {
        Err(key_must_be_a_string())
    }

    fn serialize_none(self) -> Result {
        Err(key_must_be_a_string())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result {
        Err(key_must_be_a_string())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        Err(key_must_be_a_string())
    }

    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result {
        self.quoted(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result {
        Err(key_must_be_a_string())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeTupleStruct> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(key_must_be_a_string())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Err(key_must_be_a_string())
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Err(key_must_be_a_string())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(key_must_be_a_string())
    }

    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result {
        self.quoted(&value.to_string())
    }
}
