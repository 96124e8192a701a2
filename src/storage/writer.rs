//! A quick writer of plans: the bytes `ron`'s pretty printer writes with
//! Ferry's settings (four-space indent, `\n`, no struct names, escaped
//! strings), written straight into any `io::Write`.
//!
//! Writing 100,000 assets with `ron` takes about half a second, most of it
//! checking every field name and escaping every string one `char` at a
//! time through `fmt::Write`, and it needs the whole text in memory (over
//! 100 MB) before a byte reaches the disk. This writer copies plain text
//! as it is, escapes only what needs it (with the same escapes as `ron`,
//! `char::escape_debug`), and writes through the caller's buffered writer,
//! so a save never holds the text.
//!
//! It writes the part of RON a plan uses; anything else (a field name
//! that `ron` would write as a raw identifier, bytes, 128-bit numbers) makes
//! it give up, and the caller writes with `ron`, which stays the authority.
//! Tests check that its bytes are `ron`'s, for every kind of plan and text.

use std::fmt;
use std::io::Write;

use serde::ser::{self, Serialize};

/// Why writing stopped.
#[derive(Debug)]
pub enum Stop {
    /// Something outside the part of RON this writer writes: write with
    /// `ron`.
    GiveUp,
    /// The writer failed (the disk is full, the file is too large).
    Io(std::io::Error),
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::GiveUp => f.write_str("not in the part of RON written quickly"),
            Stop::Io(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Stop::GiveUp
    }
}

impl From<std::io::Error> for Stop {
    fn from(e: std::io::Error) -> Self {
        Stop::Io(e)
    }
}

type Result<T = ()> = std::result::Result<T, Stop>;

/// Writes `value` as `ron::ser::to_string_pretty` would with Ferry's
/// settings (without the final new line).
pub fn to_writer<W: Write, T: Serialize + ?Sized>(out: W, value: &T) -> Result {
    let mut writer = Writer {
        out,
        buffer: Vec::with_capacity(BUFFER + 1024),
        indent: 0,
    };
    value.serialize(&mut writer)?;
    writer.flush()
}

/// Bytes gathered before they go to the caller's writer: a plan is
/// written a few bytes at a time, millions of times.
const BUFFER: usize = 64 * 1024;

/// New lines with the indentation of the first levels: a new line and
/// its indentation go out in one piece.
const NEW_LINES: &[u8] = b"\n                                                                ";
const INDENT: usize = 4;

struct Writer<W> {
    out: W,
    buffer: Vec<u8>,
    /// How many levels deep the current line is.
    indent: usize,
}

impl<W: Write> Writer<W> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) -> Result {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= BUFFER {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result {
        self.out.write_all(&self.buffer).map_err(Stop::Io)?;
        self.buffer.clear();
        Ok(())
    }

    /// A name `ron` writes as it is: a plain identifier that is not one of
    /// its words. Anything else `ron` writes as `r#name` or refuses.
    fn identifier(&mut self, name: &str) -> Result {
        let mut bytes = name.bytes();
        let plain = bytes
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && !matches!(
                name,
                "true"
                    | "false"
                    | "Some"
                    | "None"
                    | "inf"
                    | "inff32"
                    | "inff64"
                    | "NaN"
                    | "NaNf32"
                    | "NaNf64"
                    | "_"
            );
        if !plain {
            return Err(Stop::GiveUp);
        }
        self.put(name.as_bytes())
    }

    /// A new line indented to the current level.
    fn new_line(&mut self) -> Result {
        let width = 1 + self.indent * INDENT;
        if width <= NEW_LINES.len() {
            return self.put(&NEW_LINES[..width]);
        }
        self.put(b"\n")?;
        for _ in 0..self.indent {
            self.put(&NEW_LINES[1..=INDENT])?;
        }
        Ok(())
    }

    /// A string in quotes, escaped as `ron` escapes it: each `char` by
    /// `char::escape_debug`. Printable ASCII other than quotes and the
    /// backslash is its own escape, so runs of it are copied at once.
    fn string(&mut self, text: &str) -> Result {
        let bytes = text.as_bytes();
        let plain = |b: u8| matches!(b, b' '..=b'~') && !matches!(b, b'"' | b'\'' | b'\\');
        let Some(first) = bytes.iter().position(|&b| !plain(b)) else {
            // Most text: nothing to escape.
            self.put(b"\"")?;
            self.put(bytes)?;
            return self.put(b"\"");
        };
        self.put(b"\"")?;
        self.put(&bytes[..first])?;
        let mut from = first;
        let mut chars = text[first..].char_indices();
        while let Some((at, c)) = chars.next() {
            if c.is_ascii() && plain(c as u8) {
                continue;
            }
            self.put(&bytes[from..first + at])?;
            let mut buffer = [0u8; 4];
            for escaped in c.escape_debug() {
                self.put(escaped.encode_utf8(&mut buffer).as_bytes())?;
            }
            from = first + chars.offset();
        }
        self.put(&bytes[from..])?;
        self.put(b"\"")
    }

    /// The current level's indentation, at the start of a line.
    fn indentation(&mut self) -> Result {
        let width = self.indent * INDENT;
        if width < NEW_LINES.len() {
            return self.put(&NEW_LINES[1..=width]);
        }
        for _ in 0..self.indent {
            self.put(&NEW_LINES[1..=INDENT])?;
        }
        Ok(())
    }

    fn display(&mut self, value: impl fmt::Display) -> Result {
        write!(self.buffer, "{value}").map_err(Stop::Io)
    }

    /// Opens a list, map or struct of `len` entries: `ron` writes an empty
    /// one on one line.
    fn open(&mut self, bracket: &[u8], len: Option<usize>) -> Result<Compound<'_, W>> {
        self.put(bracket)?;
        self.indent += 1;
        let empty = len == Some(0);
        if !empty {
            self.put(b"\n")?;
        }
        Ok(Compound {
            writer: self,
            first: true,
            empty,
            close: b"",
        })
    }

    fn open_tuple(&mut self, close: &'static [u8]) -> Compound<'_, W> {
        Compound {
            writer: self,
            first: true,
            empty: false,
            close,
        }
    }
}

/// A list, map, struct or tuple being written.
struct Compound<'a, W> {
    writer: &'a mut Writer<W>,
    first: bool,
    /// Declared empty: opened and closed on one line.
    empty: bool,
    /// For tuples: what closes them.
    close: &'static [u8],
}

impl<W: Write> Compound<'_, W> {
    /// Before an entry of a list, map or struct: its own line (the
    /// opening wrote the first new line).
    fn entry(&mut self) -> Result {
        if self.first {
            self.first = false;
            self.writer.indentation()
        } else {
            self.writer.put(b",")?;
            self.writer.new_line()
        }
    }

    /// Closes a list, map or struct with `bracket`.
    fn close(self, bracket: &[u8]) -> Result {
        if !self.first {
            self.writer.put(b",\n")?;
        }
        self.writer.indent -= 1;
        if !self.empty {
            self.writer.indentation()?;
        }
        self.writer.put(bracket)
    }

    /// Before an element of a tuple: on the same line.
    fn tuple_element(&mut self) -> Result {
        if !self.first {
            self.writer.put(b", ")?;
        }
        self.first = false;
        Ok(())
    }
}

impl<'a, W: Write> ser::Serializer for &'a mut Writer<W> {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = Compound<'a, W>;
    type SerializeTuple = Compound<'a, W>;
    type SerializeTupleStruct = Compound<'a, W>;
    type SerializeTupleVariant = Compound<'a, W>;
    type SerializeMap = Compound<'a, W>;
    type SerializeStruct = Compound<'a, W>;
    type SerializeStructVariant = Compound<'a, W>;

    fn serialize_bool(self, v: bool) -> Result {
        self.put(if v { b"true" } else { b"false" })
    }
    fn serialize_i8(self, v: i8) -> Result {
        self.display(v)
    }
    fn serialize_i16(self, v: i16) -> Result {
        self.display(v)
    }
    fn serialize_i32(self, v: i32) -> Result {
        self.display(v)
    }
    fn serialize_i64(self, v: i64) -> Result {
        self.display(v)
    }
    fn serialize_u8(self, v: u8) -> Result {
        self.display(v)
    }
    fn serialize_u16(self, v: u16) -> Result {
        self.display(v)
    }
    fn serialize_u32(self, v: u32) -> Result {
        self.display(v)
    }
    fn serialize_u64(self, v: u64) -> Result {
        self.display(v)
    }
    fn serialize_f32(self, _: f32) -> Result {
        Err(Stop::GiveUp)
    }
    fn serialize_f64(self, _: f64) -> Result {
        Err(Stop::GiveUp)
    }
    fn serialize_char(self, _: char) -> Result {
        Err(Stop::GiveUp)
    }
    fn serialize_str(self, v: &str) -> Result {
        self.string(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result {
        Err(Stop::GiveUp)
    }
    fn serialize_none(self) -> Result {
        self.put(b"None")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        self.put(b"Some(")?;
        value.serialize(&mut *self)?;
        self.put(b")")
    }
    fn serialize_unit(self) -> Result {
        self.put(b"()")
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result {
        self.identifier_checked(name)?;
        self.put(b"()")
    }
    fn serialize_unit_variant(self, name: &'static str, _: u32, variant: &'static str) -> Result {
        self.identifier_checked(name)?;
        self.identifier(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result {
        // `ron`'s own raw values have names no struct has: left to it.
        self.identifier_checked(name)?;
        self.put(b"(")?;
        value.serialize(&mut *self)?;
        self.put(b")")
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.identifier_checked(name)?;
        self.identifier(variant)?;
        self.put(b"(")?;
        value.serialize(&mut *self)?;
        self.put(b")")
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a, W>> {
        self.open(b"[", len)
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a, W>> {
        self.put(b"(")?;
        Ok(self.open_tuple(b")"))
    }
    fn serialize_tuple_struct(self, name: &'static str, _: usize) -> Result<Compound<'a, W>> {
        self.identifier_checked(name)?;
        self.put(b"(")?;
        Ok(self.open_tuple(b")"))
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a, W>> {
        self.identifier_checked(name)?;
        self.identifier(variant)?;
        self.put(b"(")?;
        Ok(self.open_tuple(b")"))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a, W>> {
        self.open(b"{", len)
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Compound<'a, W>> {
        if matches!(
            name,
            "Range" | "RangeInclusive" | "RangeFrom" | "RangeTo" | "RangeToInclusive"
        ) {
            // `ron` may write these in its own syntax.
            return Err(Stop::GiveUp);
        }
        self.identifier_checked(name)?;
        self.open(b"(", Some(len))
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a, W>> {
        self.identifier_checked(name)?;
        self.identifier(variant)?;
        self.open(b"(", Some(len))
    }
}

impl<W: Write> Writer<W> {
    /// A struct or enum name `ron` does not write but checks: one it
    /// would refuse is left to it.
    fn identifier_checked(&mut self, name: &str) -> Result {
        let ok = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-' | b'.'));
        if ok { Ok(()) } else { Err(Stop::GiveUp) }
    }
}

impl<W: Write> ser::SerializeSeq for Compound<'_, W> {
    type Ok = ();
    type Error = Stop;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.entry()?;
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result {
        self.close(b"]")
    }
}

impl<W: Write> ser::SerializeMap for Compound<'_, W> {
    type Ok = ();
    type Error = Stop;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.entry()?;
        key.serialize(&mut *self.writer)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.writer.put(b": ")?;
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result {
        self.close(b"}")
    }
}

impl<W: Write> ser::SerializeStruct for Compound<'_, W> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.entry()?;
        self.writer.identifier(key)?;
        self.writer.put(b": ")?;
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result {
        self.close(b")")
    }
}

impl<W: Write> ser::SerializeStructVariant for Compound<'_, W> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result {
        ser::SerializeStruct::end(self)
    }
}

impl<W: Write> ser::SerializeTuple for Compound<'_, W> {
    type Ok = ();
    type Error = Stop;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.tuple_element()?;
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result {
        self.writer.put(self.close)
    }
}

impl<W: Write> ser::SerializeTupleStruct for Compound<'_, W> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        ser::SerializeTuple::serialize_element(self, value)
    }
    fn end(self) -> Result {
        ser::SerializeTuple::end(self)
    }
}

impl<W: Write> ser::SerializeTupleVariant for Compound<'_, W> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        ser::SerializeTuple::serialize_element(self, value)
    }
    fn end(self) -> Result {
        ser::SerializeTuple::end(self)
    }
}

#[cfg(test)]
#[path = "writer_tests.rs"]
mod tests;
