//! A workbook's parts, checked before the spreadsheet reader opens it.
//!
//! The reader decompresses and indexes whole parts up front (shared strings,
//! styles, the sheet list), reserving memory from counts the file declares
//! and copying a sheet's path once per sheet entry; a few kilobytes on disk
//! could otherwise ask for gigabytes and abort the process. The zip reader
//! fails a part that inflates past its declared size, so the declared sizes
//! checked here bound what the reader will see.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Seek};
use std::path::Path;

use zip::{ZipArchive, ZipReadOptions};

use super::ImportError;
use super::limits::{Limits, count_text, size_text};

/// The parts that describe a workbook (relationships, the sheet list, the
/// theme, binary styles) are kilobytes in any real file.
const INDEX_PART_BYTES: u64 = 16 * 1024 * 1024;
/// `styles.xml`: a workbook near Excel's 64,000 formats is a few MiB.
const STYLES_BYTES: u64 = 64 * 1024 * 1024;
/// Elements of `styles.xml`: each becomes a record in memory.
const STYLE_ELEMENTS: u64 = 1_000_000;
/// Cell formats (`xf`): Excel allows about 64,000 of each kind; each
/// becomes a full style with copies of its font name and number format.
const STYLE_FORMATS: u64 = 131_072;
/// An attribute in the parts that describe a workbook (a sheet's path or
/// name) or its styles (a font name, a number format): each is copied once
/// per sheet or format, so a long one is multiplied.
const INDEX_ATTRIBUTE_BYTES: usize = 4096;
const STYLE_ATTRIBUTE_BYTES: usize = 2048;
/// Sheets in one workbook.
const SHEETS: u64 = 10_000;
/// Excel's limit on a sheet name, in characters; binary workbooks copy a
/// sheet's name into every reference to it.
const SHEET_NAME_CHARS: u32 = 31;
/// How much of a start tag is kept to read its name and attributes.
const TAG_BYTES: usize = 64 * 1024;

/// A zip-based spreadsheet, by what is inside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Package {
    /// Office Open XML: `.xlsx`, `.xlsm`.
    Xlsx,
    /// Excel binary workbook: `.xlsb`.
    Xlsb,
    /// OpenDocument spreadsheet: `.ods`.
    Ods,
}

/// Checks every part of the workbook against `limits`; `Ok` says which
/// kind of workbook it is, and that the reader may open it.
pub(super) fn check<R: Read + Seek>(
    reader: R,
    path: &Path,
    limits: &Limits,
) -> Result<Package, ImportError> {
    let archive = ZipArchive::new(reader).map_err(|e| unreadable(path, e.to_string()))?;
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive
            .by_index_data(index)
            .map_err(|e| unreadable(path, e.to_string()))?;
        let name = entry
            .name()
            .map_err(|e| unreadable(path, e.to_string()))?
            .into_owned();
        let size = entry.size();
        if size > limits.part_bytes {
            return Err(too_large(
                path,
                format!(
                    "its part {name} expands to {}, more than the {} Ferry reads",
                    size_text(size),
                    size_text(limits.part_bytes)
                ),
            ));
        }
        total = total.saturating_add(size);
        if total > limits.workbook_bytes {
            return Err(too_large(
                path,
                format!(
                    "it expands to more than the {} Ferry reads",
                    size_text(limits.workbook_bytes)
                ),
            ));
        }
        by_name.entry(normalize(&name)).or_default().push(index);
    }
    let mut parts = Parts {
        archive,
        by_name,
        path,
        limits,
    };
    let package = if parts.has("xl/workbook.bin") {
        Package::Xlsb
    } else if parts.has("mimetype") && parts.has("content.xml") {
        Package::Ods
    } else {
        Package::Xlsx
    };
    match package {
        Package::Xlsx => parts.check_xlsx()?,
        Package::Xlsb => parts.check_xlsb()?,
        Package::Ods => {}
    }
    Ok(package)
}

/// Part names as the spreadsheet reader looks them up: `/` separators, ASCII
/// case ignored.
fn normalize(name: &str) -> String {
    name.replace('\\', "/").to_ascii_lowercase()
}

struct Parts<'a, R> {
    archive: ZipArchive<R>,
    /// Every entry under its normalized name: a crafted file may hold two.
    by_name: HashMap<String, Vec<usize>>,
    path: &'a Path,
    limits: &'a Limits,
}

impl<R: Read + Seek> Parts<'_, R> {
    fn has(&self, name: &str) -> bool {
        self.by_name.contains_key(&normalize(name))
    }

    /// The entries the reader may open for `name`.
    fn indices(&self, name: &str) -> Vec<usize> {
        self.by_name
            .get(&normalize(name))
            .cloned()
            .unwrap_or_default()
    }

    fn entry_name(&self, index: usize) -> String {
        self.archive
            .name_for_index(index)
            .and_then(Result::ok)
            .map_or_else(|| format!("#{index}"), |n| n.into_owned())
    }

    fn size(&self, index: usize) -> u64 {
        self.archive.by_index_data(index).map_or(0, |e| e.size())
    }

    /// Refuses the part when it is larger than `cap`; `what` names it, with
    /// its verb, for the message ("its styles expand").
    fn check_size(&self, index: usize, cap: u64, what: &str) -> Result<(), ImportError> {
        let size = self.size(index);
        if size > cap {
            return Err(too_large(
                self.path,
                format!(
                    "{what} to {}, more than the {} Ferry reads",
                    size_text(size),
                    size_text(cap)
                ),
            ));
        }
        Ok(())
    }

    /// Streams one part's start tags to `on_tag`.
    fn scan_xml(
        &mut self,
        index: usize,
        on_tag: impl FnMut(&StartTag<'_>) -> Result<(), ImportError>,
    ) -> Result<(), ImportError> {
        let name = self.entry_name(index);
        let path = self.path;
        let file = self
            .archive
            .by_index_with_options(index, part_options())
            .map_err(|e| unreadable(path, format!("its part {name}: {e}")))?;
        scan_start_tags(BufReader::new(file), on_tag).map_err(|e| e.into_import_error(path, &name))
    }

    /// Refuses a part whose attributes are longer than `cap`, and returns
    /// how many elements named `local` it holds.
    fn check_attributes(
        &mut self,
        index: usize,
        cap: usize,
        local: &[u8],
    ) -> Result<u64, ImportError> {
        let name = self.entry_name(index);
        let path = self.path;
        let mut count = 0u64;
        self.scan_xml(index, |tag| {
            if tag.local_name() == local {
                count += 1;
            }
            if tag.longest_attribute() > cap {
                return Err(too_large(
                    path,
                    format!(
                        "its part {name} holds a value longer than the {} Ferry reads there",
                        size_text(cap as u64)
                    ),
                ));
            }
            Ok(())
        })?;
        Ok(count)
    }

    fn check_xlsx(&mut self) -> Result<(), ImportError> {
        // Where the workbook is: the reader follows the package's
        // officeDocument relationship, so check every one it might follow.
        let mut targets = Vec::new();
        for index in self.indices("_rels/.rels") {
            self.check_size(index, INDEX_PART_BYTES, "its package relationships expand")?;
            let name = self.entry_name(index);
            let path = self.path;
            self.scan_xml(index, |tag| {
                if tag.longest_attribute() > INDEX_ATTRIBUTE_BYTES {
                    return Err(too_large(
                        path,
                        format!(
                            "its part {name} holds a value longer than the {} Ferry reads there",
                            size_text(INDEX_ATTRIBUTE_BYTES as u64)
                        ),
                    ));
                }
                if tag.local_name() != b"Relationship" {
                    return Ok(());
                }
                // Every target of the relationship, should an attribute come twice.
                let office = tag
                    .attributes()
                    .any(|(k, v)| k == b"Type" && v.ends_with(b"/relationships/officeDocument"));
                if office {
                    targets.extend(
                        tag.attributes()
                            .filter(|(k, _)| *k == b"Target")
                            .map(|(_, v)| String::from_utf8_lossy(v).into_owned()),
                    );
                }
                Ok(())
            })?;
        }
        let mut shared_strings: Vec<usize> = self
            .by_name
            .iter()
            .filter(|(n, _)| n.rsplit('/').next() == Some("sharedstrings.xml"))
            .flat_map(|(_, i)| i.iter().copied())
            .collect();
        for target in &targets {
            if target.contains('&') {
                return Err(unreadable(
                    self.path,
                    format!(
                        "its package names its workbook in a way Ferry does not read ({target})"
                    ),
                ));
            }
            let (dir, file) = match target.rfind('/') {
                Some(i) => target.split_at(i + 1),
                None => ("", target.as_str()),
            };
            let dir = dir.strip_prefix('/').unwrap_or(dir);
            let file = if file.is_empty() {
                "workbook.xml"
            } else {
                file
            };
            shared_strings.extend(self.indices(&format!("{dir}sharedStrings.xml")));
            for index in self.indices(&format!("{dir}theme/theme1.xml")) {
                self.check_size(index, INDEX_PART_BYTES, "its theme expands")?;
            }
            for index in self.indices(&format!("{dir}styles.xml")) {
                self.check_styles(index)?;
            }
            for index in self.indices(&format!("{dir}_rels/{file}.rels")) {
                self.check_size(index, INDEX_PART_BYTES, "its workbook relationships expand")?;
                self.check_attributes(index, INDEX_ATTRIBUTE_BYTES, b"")?;
            }
            for index in self.indices(&format!("{dir}{file}")) {
                self.check_size(index, INDEX_PART_BYTES, "its sheet list and names expand")?;
                let sheets = self.check_attributes(index, INDEX_ATTRIBUTE_BYTES, b"sheet")?;
                if sheets > SHEETS {
                    return Err(too_large(
                        self.path,
                        format!(
                            "it lists {} sheets, more than the {} Ferry reads",
                            count_text(sheets),
                            count_text(SHEETS)
                        ),
                    ));
                }
            }
        }
        shared_strings.sort_unstable();
        shared_strings.dedup();
        for index in shared_strings {
            self.check_size(
                index,
                self.limits.shared_strings_bytes,
                "its shared strings expand",
            )?;
            self.check_shared_strings_xml(index)?;
        }
        Ok(())
    }

    fn too_many_strings(&self) -> String {
        format!(
            "its shared strings table has more than {} entries, the most Ferry reads",
            count_text(self.limits.shared_strings)
        )
    }

    /// Counts the strings, and the count the table declares (the reader
    /// reserves room for that many before reading one).
    fn check_shared_strings_xml(&mut self, index: usize) -> Result<(), ImportError> {
        let cap = self.limits.shared_strings;
        let too_many = self.too_many_strings();
        let path = self.path;
        let mut count = 0u64;
        self.scan_xml(index, |tag| match tag.local_name() {
            b"si" => {
                count += 1;
                if count > cap {
                    return Err(too_large(path, too_many.clone()));
                }
                Ok(())
            }
            b"sst" => {
                let declared = tag.attribute(b"uniqueCount").map(|d| {
                    std::str::from_utf8(d)
                        .ok()
                        .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
                        .and_then(|d| d.parse::<u64>().ok())
                });
                // A count that is not plain digits is refused too.
                if tag.truncated() || declared.is_some_and(|n| n.is_none_or(|n| n > cap)) {
                    return Err(too_large(path, too_many.clone()));
                }
                Ok(())
            }
            _ => Ok(()),
        })
    }

    fn check_styles(&mut self, index: usize) -> Result<(), ImportError> {
        self.check_size(index, STYLES_BYTES, "its styles expand")?;
        let path = self.path;
        let mut elements = 0u64;
        let mut formats = 0u64;
        self.scan_xml(index, |tag| {
            elements += 1;
            if tag.local_name() == b"xf" {
                formats += 1;
            }
            if elements > STYLE_ELEMENTS || formats > STYLE_FORMATS {
                return Err(too_large(
                    path,
                    format!(
                        "its styles hold more than Excel makes (over {} formats or {} entries)",
                        count_text(STYLE_FORMATS),
                        count_text(STYLE_ELEMENTS)
                    ),
                ));
            }
            if tag.longest_attribute() > STYLE_ATTRIBUTE_BYTES {
                return Err(too_large(
                    path,
                    format!(
                        "its styles hold a value longer than the {} Ferry reads there",
                        size_text(STYLE_ATTRIBUTE_BYTES as u64)
                    ),
                ));
            }
            Ok(())
        })
    }

    fn check_xlsb(&mut self) -> Result<(), ImportError> {
        for index in self.indices("xl/sharedStrings.bin") {
            self.check_size(
                index,
                self.limits.shared_strings_bytes,
                "its shared strings expand",
            )?;
            let cap = self.limits.shared_strings;
            let too_many = self.too_many_strings();
            let path = self.path;
            let mut count = 0u64;
            self.walk_records(index, 0, |typ, _| {
                // BrtSSTItem: one string each.
                if typ == 0x0013 {
                    count += 1;
                    if count > cap {
                        return Err(too_large(path, too_many.clone()));
                    }
                }
                Ok(())
            })?;
        }
        for index in self.indices("xl/styles.bin") {
            self.check_size(index, INDEX_PART_BYTES, "its styles expand")?;
        }
        for index in self.indices("xl/_rels/workbook.bin.rels") {
            self.check_size(index, INDEX_PART_BYTES, "its workbook relationships expand")?;
            self.check_attributes(index, INDEX_ATTRIBUTE_BYTES, b"")?;
        }
        for index in self.indices("xl/workbook.bin") {
            self.check_size(index, INDEX_PART_BYTES, "its sheet list and names expand")?;
            let path = self.path;
            let mut sheets = 0u64;
            self.walk_records(index, usize::MAX, |typ, body| {
                // BrtBundleSh: one sheet, its relationship id and its name.
                if typ != 0x009C {
                    return Ok(());
                }
                sheets += 1;
                if sheets > SHEETS {
                    return Err(too_large(
                        path,
                        format!(
                            "it lists more than the {} sheets Ferry reads",
                            count_text(SHEETS)
                        ),
                    ));
                }
                let name_chars = u32_at(body, 8)
                    .filter(|&rel| rel != u32::MAX)
                    .and_then(|rel| (rel as usize).checked_mul(2)?.checked_add(12))
                    .and_then(|at| u32_at(body, at));
                if name_chars.is_some_and(|n| n > SHEET_NAME_CHARS) {
                    return Err(unreadable(
                        path,
                        format!(
                            "a sheet name is longer than the {SHEET_NAME_CHARS} characters Excel allows"
                        ),
                    ));
                }
                Ok(())
            })?;
        }
        Ok(())
    }

    /// Streams one binary part's records to `on_record` as (type, the first
    /// `keep` bytes of the body), the way the reader splits them.
    fn walk_records(
        &mut self,
        index: usize,
        keep: usize,
        mut on_record: impl FnMut(u16, &[u8]) -> Result<(), ImportError>,
    ) -> Result<(), ImportError> {
        let name = self.entry_name(index);
        let path = self.path;
        let file = self
            .archive
            .by_index_with_options(index, part_options())
            .map_err(|e| unreadable(path, format!("its part {name}: {e}")))?;
        let mut reader = BufReader::new(file);
        let mut body = Vec::new();
        let io_error = |e: io::Error| unreadable(path, format!("its part {name}: {e}"));
        loop {
            // A record: a 1–2 byte type and a 1–4 byte length, 7 bits each.
            let Some(first) = read_byte(&mut reader).map_err(io_error)? else {
                return Ok(());
            };
            let typ = if first & 0x80 != 0 {
                let Some(second) = read_byte(&mut reader).map_err(io_error)? else {
                    return Ok(());
                };
                u16::from(first & 0x7F) + (u16::from(second & 0x7F) << 7)
            } else {
                u16::from(first)
            };
            let mut len = 0usize;
            for i in 0..4 {
                let Some(b) = read_byte(&mut reader).map_err(io_error)? else {
                    return Ok(());
                };
                len += usize::from(b & 0x7F) << (7 * i);
                if b & 0x80 == 0 {
                    break;
                }
            }
            body.clear();
            let kept = len.min(keep);
            let read = (&mut reader)
                .take(kept as u64)
                .read_to_end(&mut body)
                .map_err(io_error)?;
            let skipped = io::copy(
                &mut (&mut reader).take((len - kept) as u64),
                &mut io::sink(),
            )
            .map_err(io_error)?;
            if read < kept || skipped < (len - kept) as u64 {
                // Cut short: the reader stops here too.
                return Ok(());
            }
            on_record(typ, &body)?;
        }
    }
}

/// How parts are opened for the checks: their declared size is enforced,
/// their checksum left to the reader, so a file it reads is not refused here
/// for a checksum it never looks at.
fn part_options() -> ZipReadOptions<'static> {
    ZipReadOptions::new().ignore_crc32(true)
}

fn read_byte(reader: &mut impl BufRead) -> io::Result<Option<u8>> {
    let buf = reader.fill_buf()?;
    let Some(&b) = buf.first() else {
        return Ok(None);
    };
    reader.consume(1);
    Ok(Some(b))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn too_large(path: &Path, reason: String) -> ImportError {
    ImportError::TooLarge {
        path: path.to_owned(),
        reason,
    }
}

fn unreadable(path: &Path, message: String) -> ImportError {
    ImportError::Unreadable {
        path: path.to_owned(),
        message,
    }
}

// ------------------------------------------------------------ XML scanning

/// One start tag (or empty-element tag): its bytes after `<`, up to
/// [`TAG_BYTES`] of them, and its whole length.
struct StartTag<'a> {
    bytes: &'a [u8],
    len: usize,
}

impl StartTag<'_> {
    fn name(&self) -> &[u8] {
        let end = self
            .bytes
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .unwrap_or(self.bytes.len());
        &self.bytes[..end]
    }

    /// The name without its namespace prefix, as the reader matches it.
    fn local_name(&self) -> &[u8] {
        let name = self.name();
        match name.iter().rposition(|b| *b == b':') {
            Some(i) => &name[i + 1..],
            None => name,
        }
    }

    fn attributes(&self) -> Attributes<'_> {
        Attributes {
            rest: &self.bytes[self.name().len()..],
        }
    }

    /// The raw value of the attribute named exactly `key`.
    fn attribute(&self, key: &[u8]) -> Option<&[u8]> {
        self.attributes().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// Whether the tag was too long to keep whole.
    fn truncated(&self) -> bool {
        self.len > self.bytes.len()
    }

    /// The longest raw attribute value; a tag too long to keep counts as
    /// one value of its whole length.
    fn longest_attribute(&self) -> usize {
        if self.truncated() {
            return self.len;
        }
        self.attributes().map(|(_, v)| v.len()).max().unwrap_or(0)
    }
}

/// Attributes split the way the spreadsheet reader splits them: a key up
/// to `=`, a quoted value; anything malformed ends the list, as it ends the
/// reader's.
struct Attributes<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Attributes<'a> {
    type Item = (&'a [u8], &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.rest;
        self.rest = &[];
        let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        let rest = &rest[start..];
        let eq = rest.iter().position(|b| *b == b'=')?;
        let key = rest[..eq].trim_ascii_end();
        let after = rest[eq + 1..].trim_ascii_start();
        let (&quote, value) = after.split_first()?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let end = value
            .iter()
            .position(|b| *b == quote)
            .unwrap_or(value.len());
        self.rest = value.get(end + 1..).unwrap_or_default();
        Some((key, &value[..end]))
    }
}

/// Why a scan stopped early.
enum ScanError {
    Io(io::Error),
    Refused(ImportError),
}

impl ScanError {
    fn into_import_error(self, path: &Path, part: &str) -> ImportError {
        match self {
            ScanError::Io(e) => unreadable(path, format!("its part {part}: {e}")),
            ScanError::Refused(e) => e,
        }
    }
}

/// Streams the start tags of an XML document to `on_tag`, holding one tag
/// at a time. Comments, declarations and end tags are skipped to their
/// first `>`, so this never skips past a tag a full parser would see: at
/// worst it counts a few more.
fn scan_start_tags(
    mut reader: impl BufRead,
    mut on_tag: impl FnMut(&StartTag<'_>) -> Result<(), ImportError>,
) -> Result<(), ScanError> {
    #[derive(Clone, Copy)]
    enum State {
        Text,
        Open,
        Tag { quote: Option<u8> },
        Skip,
    }
    let mut state = State::Text;
    let mut tag: Vec<u8> = Vec::with_capacity(256);
    let mut tag_len = 0usize;
    loop {
        let buf = reader.fill_buf().map_err(ScanError::Io)?;
        if buf.is_empty() {
            return Ok(());
        }
        let n = buf.len();
        let mut i = 0;
        while i < n {
            match state {
                State::Text => match buf[i..].iter().position(|b| *b == b'<') {
                    Some(p) => {
                        i += p + 1;
                        state = State::Open;
                    }
                    None => i = n,
                },
                State::Open => {
                    if matches!(buf[i], b'/' | b'!' | b'?') {
                        i += 1;
                        state = State::Skip;
                    } else {
                        tag.clear();
                        tag_len = 0;
                        state = State::Tag { quote: None };
                    }
                }
                State::Skip => match buf[i..].iter().position(|b| *b == b'>') {
                    Some(p) => {
                        i += p + 1;
                        state = State::Text;
                    }
                    None => i = n,
                },
                State::Tag { quote } => {
                    let b = buf[i];
                    i += 1;
                    match quote {
                        Some(q) if b == q => state = State::Tag { quote: None },
                        None if b == b'"' || b == b'\'' => state = State::Tag { quote: Some(b) },
                        None if b == b'>' => {
                            on_tag(&StartTag {
                                bytes: &tag,
                                len: tag_len,
                            })
                            .map_err(ScanError::Refused)?;
                            state = State::Text;
                            continue;
                        }
                        _ => {}
                    }
                    tag_len += 1;
                    if tag.len() < TAG_BYTES {
                        tag.push(b);
                    }
                }
            }
        }
        reader.consume(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(xml: &str) -> Vec<(String, usize)> {
        let mut seen = Vec::new();
        let result = scan_start_tags(xml.as_bytes(), |tag| {
            seen.push((
                String::from_utf8_lossy(tag.local_name()).into_owned(),
                tag.longest_attribute(),
            ));
            Ok(())
        });
        assert!(result.is_ok());
        seen
    }

    #[test]
    fn the_scanner_sees_every_element_a_parser_would() {
        let seen = tags(
            r#"<?xml version="1.0"?><!-- <a> --><x:sst uniqueCount="3"><si><t>a > b</t></si><si/><![CDATA[ ]]><si a='>'/></x:sst>"#,
        );
        let names: Vec<&str> = seen.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["sst", "si", "t", "si", "si"]);
        assert_eq!(seen[0].1, 1);
        assert_eq!(seen[4].1, 1);
    }

    #[test]
    fn attributes_are_read_raw() {
        let xml = r#"<Relationship Id="rId1" Type = 'http://x/relationships/officeDocument' Target="xl/workbook.xml"/>"#;
        let mut found = None;
        let _ = scan_start_tags(xml.as_bytes(), |tag| {
            found = tag.attribute(b"Target").map(<[u8]>::to_vec);
            assert!(
                tag.attribute(b"Type")
                    .is_some_and(|t| t.ends_with(b"/relationships/officeDocument"))
            );
            Ok(())
        });
        assert_eq!(found.as_deref(), Some(&b"xl/workbook.xml"[..]));
    }
}
