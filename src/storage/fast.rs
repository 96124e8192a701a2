//! A quick reader for plans written the way Ferry writes them.
//!
//! Reading 100,000 assets with `ron` takes about a second: its parser
//! walks the text one `char` at a time through several layers. Ferry's own
//! files use a small part of RON (structs without names, unit and newtype
//! enum variants, `Some`/`None`, plain decimal integers, booleans, strings
//! with the usual escapes, lists and maps, no comments), and this reader
//! reads exactly that part, a byte at a time. It is a serde deserializer
//! like `ron`'s, so what it makes of a plan goes through the same derived
//! `Deserialize` code, the same checks (unknown, missing and repeated
//! fields, unique keys) and the same progress reporting.
//!
//! Anything outside that part — a comment, a struct name, a raw string, a
//! hex number, an unusual escape, and every error — makes it give up, and
//! the caller reads the text again with `ron`, which stays the authority:
//! it gives the result for everything else and every error message. Tests
//! check that where this reader gives a plan, `ron` gives the same one.

use std::fmt;

use serde::de::{self, DeserializeOwned, Visitor};

/// Why the quick reader gave up; never shown to users.
#[derive(Debug)]
pub struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not in the subset of RON read quickly")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<T: fmt::Display>(_: T) -> Self {
        GiveUp
    }
}

type Result<T> = std::result::Result<T, GiveUp>;

/// Reads a value from text in the subset described above; `Err` means
/// "read it with `ron`".
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T> {
    if text.starts_with("#!") {
        // Extensions change how the rest reads.
        return Err(GiveUp);
    }
    let mut de = Reader {
        text,
        bytes: text.as_bytes(),
        at: 0,
        depth: 0,
    };
    let value = T::deserialize(&mut de)?;
    de.skip_ws()?;
    if de.at == de.bytes.len() {
        Ok(value)
    } else {
        Err(GiveUp)
    }
}

/// Nesting beyond this is left to `ron` (and its recursion limit).
const MAX_DEPTH: usize = 64;

struct Reader<'a> {
    /// The text, and the same as bytes: it is cut only next to ASCII
    /// bytes, so every piece is text.
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    /// Skips blanks; a comment gives up.
    fn skip_ws(&mut self) -> Result<()> {
        while let Some(&b) = self.bytes.get(self.at) {
            match b {
                b' ' | b'\n' | b'\t' | b'\r' => self.at += 1,
                b'/' => return Err(GiveUp),
                _ => break,
            }
        }
        Ok(())
    }

    /// The next byte after blanks, not taken.
    fn peek(&mut self) -> Result<u8> {
        self.skip_ws()?;
        self.bytes.get(self.at).copied().ok_or(GiveUp)
    }

    /// Takes `b` after blanks, or gives up.
    fn expect(&mut self, b: u8) -> Result<()> {
        if self.peek()? == b {
            self.at += 1;
            Ok(())
        } else {
            Err(GiveUp)
        }
    }

    /// Takes `b` after blanks if it is next.
    fn take(&mut self, b: u8) -> Result<bool> {
        if self.peek()? == b {
            self.at += 1;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// An identifier: a letter or `_`, then letters, digits and `_`. A raw
    /// identifier (`r#…`) gives up.
    fn identifier(&mut self) -> Result<&'a str> {
        self.skip_ws()?;
        let start = self.at;
        match self.bytes.get(start) {
            Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {}
            _ => return Err(GiveUp),
        }
        let mut end = start + 1;
        while let Some(b) = self.bytes.get(end) {
            if b.is_ascii_alphanumeric() || *b == b'_' {
                end += 1;
            } else {
                break;
            }
        }
        if self.bytes.get(end) == Some(&b'#') || self.bytes.get(end) == Some(&b'"') {
            // r#ident, r"raw", b"bytes".
            return Err(GiveUp);
        }
        self.at = end;
        self.text.get(start..end).ok_or(GiveUp)
    }

    /// A string in double quotes with the escapes `\"`, `\\`, `\n`, `\r`,
    /// `\t` and `\0`; any other escape, or a control character, gives up.
    fn string(&mut self) -> Result<std::borrow::Cow<'a, str>> {
        self.expect(b'"')?;
        let start = self.at;
        let bytes = self.bytes;
        // The common case: no escape before the closing quote.
        let mut i = start;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'"' => {
                    self.at = i + 1;
                    let s = self.text.get(start..i).ok_or(GiveUp)?;
                    return Ok(std::borrow::Cow::Borrowed(s));
                }
                b'\\' => break,
                0..=0x1f | 0x7f => return Err(GiveUp),
                _ => i += 1,
            }
        }
        let mut out = String::from(self.text.get(start..i).ok_or(GiveUp)?);
        // From here, runs of plain text between escapes.
        let mut run = i;
        loop {
            match bytes.get(i) {
                None => return Err(GiveUp),
                Some(b'"') => {
                    out.push_str(self.text.get(run..i).ok_or(GiveUp)?);
                    self.at = i + 1;
                    return Ok(std::borrow::Cow::Owned(out));
                }
                Some(b'\\') => {
                    out.push_str(self.text.get(run..i).ok_or(GiveUp)?);
                    let escaped = match bytes.get(i + 1) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'0') => '\0',
                        _ => return Err(GiveUp),
                    };
                    out.push(escaped);
                    i += 2;
                    run = i;
                }
                Some(0..=0x1f | 0x7f) => return Err(GiveUp),
                Some(_) => i += 1,
            }
        }
    }

    /// A plain decimal integer: an optional `-`, then digits without a
    /// leading zero (other than `0` itself) or `_`. Anything else about
    /// the number gives up.
    fn integer(&mut self) -> Result<(bool, u64)> {
        self.skip_ws()?;
        let negative = self.bytes.get(self.at) == Some(&b'-');
        let start = self.at + usize::from(negative);
        let mut end = start;
        while self.bytes.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        let digits = &self.bytes[start..end];
        if digits.is_empty() || (digits.len() > 1 && digits[0] == b'0') {
            return Err(GiveUp);
        }
        if self
            .bytes
            .get(end)
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_'))
        {
            // 1.5, 1e3, 0x1f, 1_000, 10u8: left to ron.
            return Err(GiveUp);
        }
        let mut value: u64 = 0;
        for &d in digits {
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(d - b'0')))
                .ok_or(GiveUp)?;
        }
        self.at = end;
        Ok((negative, value))
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(GiveUp);
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// A map (`{…}`) or a struct's fields (`(…)`), handed to `visitor`.
    fn entries<V: Visitor<'a>>(
        &mut self,
        open: u8,
        close: u8,
        fields: bool,
        visitor: V,
    ) -> Result<V::Value> {
        self.expect(open)?;
        self.enter()?;
        let value = visitor.visit_map(Entries {
            de: &mut *self,
            close,
            fields,
        })?;
        self.leave();
        self.expect(close)?;
        Ok(value)
    }

    /// After an item of a list, map or struct: a comma, or the closing
    /// bracket next. Returns whether the list goes on.
    fn after_item(&mut self, close: u8) -> Result<()> {
        if self.take(b',')? {
            return Ok(());
        }
        if self.peek()? == close {
            Ok(())
        } else {
            Err(GiveUp)
        }
    }
}

macro_rules! unsigned {
    ($name:ident, $visit:ident) => {
        fn $name<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            match self.integer()? {
                (false, v) => visitor.$visit(v.try_into().map_err(|_| GiveUp)?),
                (true, _) => Err(GiveUp),
            }
        }
    };
}

macro_rules! signed {
    ($name:ident, $visit:ident, $ty:ty) => {
        fn $name<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            let (negative, v) = self.integer()?;
            let v = i64::try_from(v).map_err(|_| GiveUp)?;
            let v = if negative { -v } else { v };
            visitor.$visit(<$ty>::try_from(v).map_err(|_| GiveUp)?)
        }
    };
}

macro_rules! give_up {
    ($($name:ident),*) => {
        $(fn $name<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
            Err(GiveUp)
        })*
    };
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = GiveUp;

    /// Only what a plan's own types may ask for without saying the type:
    /// strings, integers, booleans, lists and maps.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek()? {
            b'"' => self.deserialize_string(visitor),
            b'[' => self.deserialize_seq(visitor),
            b'{' => self.deserialize_map(visitor),
            b'-' => self.deserialize_i64(visitor),
            b'0'..=b'9' => self.deserialize_u64(visitor),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.identifier()? {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => Err(GiveUp),
        }
    }

    unsigned!(deserialize_u8, visit_u8);
    unsigned!(deserialize_u16, visit_u16);
    unsigned!(deserialize_u32, visit_u32);
    unsigned!(deserialize_u64, visit_u64);
    signed!(deserialize_i8, visit_i8, i8);
    signed!(deserialize_i16, visit_i16, i16);
    signed!(deserialize_i32, visit_i32, i32);
    signed!(deserialize_i64, visit_i64, i64);
    give_up!(
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_ignored_any
    );

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            std::borrow::Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            std::borrow::Cow::Owned(s) => visitor.visit_string(s),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.identifier()? {
            "None" => visitor.visit_none(),
            "Some" => {
                self.expect(b'(')?;
                self.enter()?;
                let value = visitor.visit_some(&mut *self)?;
                self.leave();
                self.take(b',')?;
                self.expect(b')')?;
                Ok(value)
            }
            _ => Err(GiveUp),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'(')?;
        self.expect(b')')?;
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _visitor: V,
    ) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'[')?;
        self.enter()?;
        let value = visitor.visit_seq(Items {
            de: &mut *self,
            close: b']',
        })?;
        self.leave();
        self.expect(b']')?;
        Ok(value)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        _visitor: V,
    ) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.entries(b'{', b'}', false, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        // Ferry writes structs without their names.
        self.entries(b'(', b')', true, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.enter()?;
        let value = visitor.visit_enum(Variant { de: &mut *self })?;
        self.leave();
        Ok(value)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.identifier()?)
    }
}

/// The items of a list.
struct Items<'r, 'de> {
    de: &'r mut Reader<'de>,
    close: u8,
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = GiveUp;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>> {
        if self.de.peek()? == self.close {
            return Ok(None);
        }
        let value = seed.deserialize(&mut *self.de)?;
        self.de.after_item(self.close)?;
        Ok(Some(value))
    }
}

/// The entries of a map (`{ key: value }`) or the fields of a struct
/// (`( name: value )`, names being identifiers).
struct Entries<'r, 'de> {
    de: &'r mut Reader<'de>,
    close: u8,
    fields: bool,
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = GiveUp;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.de.peek()? == self.close {
            return Ok(None);
        }
        let key = if self.fields {
            let name = self.de.identifier()?;
            seed.deserialize(de::value::BorrowedStrDeserializer::<GiveUp>::new(name))?
        } else {
            seed.deserialize(&mut *self.de)?
        };
        self.de.expect(b':')?;
        Ok(Some(key))
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let value = seed.deserialize(&mut *self.de)?;
        self.de.after_item(self.close)?;
        Ok(value)
    }
}

/// An enum's variant: a name, alone (unit) or with one value in
/// parentheses (newtype).
struct Variant<'r, 'de> {
    de: &'r mut Reader<'de>,
}

impl<'de> de::EnumAccess<'de> for Variant<'_, 'de> {
    type Error = GiveUp;
    type Variant = Self;

    fn variant_seed<V: de::DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let name = self.de.identifier()?;
        let variant = seed.deserialize(de::value::BorrowedStrDeserializer::<GiveUp>::new(name))?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, 'de> {
    type Error = GiveUp;

    fn unit_variant(self) -> Result<()> {
        // `Name()` or `Name(…)` for a unit variant: left to ron.
        if self.de.peek()? == b'(' {
            return Err(GiveUp);
        }
        Ok(())
    }

    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        self.de.expect(b'(')?;
        let value = seed.deserialize(&mut *self.de)?;
        self.de.take(b',')?;
        self.de.expect(b')')?;
        Ok(value)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value> {
        Err(GiveUp)
    }
}

#[cfg(test)]
#[path = "fast_tests.rs"]
mod tests;
