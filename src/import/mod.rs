//! Inventory in: RVTools, Azure Migrate and mapped CSV files become assets.
//!
//! Reading a file gives [`Parsed`] rows (bad rows reported with their row
//! and column, not fatal); [`merge`] turns them into one [`Edit`] against a
//! plan plus a [`Summary`]. A re-import matches assets by name and changes
//! only inventory facts and the assessment, never planning data.

pub mod dependencies;
mod limits;
mod merge;
mod parts;
mod table;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use limits::Limits;
pub use merge::{Merging, Summary, merge, merge_parsed, workload_named};
pub use table::{
    Table, is_spreadsheet, normalize_header, read_csv, read_csv_bytes, read_csv_with, read_input,
    read_sheet, read_sheet_with,
};

use crate::edit::Edit;
use crate::model::{Assessment, AssetKind, Plan};

/// What kind of file is being imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    /// RVTools export: sheet `vInfo` of an `.xlsx`, or its CSV export.
    RvTools,
    /// Azure Migrate: the CSV import template or the assessment export.
    AzureMigrate,
    /// Any CSV (or sheet), with columns mapped to fields.
    Csv(Mapping),
}

impl Format {
    pub fn label(&self) -> &'static str {
        match self {
            Format::RvTools => "RVTools",
            Format::AzureMigrate => "Azure Migrate",
            Format::Csv(_) => "CSV",
        }
    }
}

/// Column name → field for generic CSV. Fields: `name`, `kind`,
/// `assessment`, `issues`, or any other word, which becomes a source fact
/// of that name (`os`, `cpus`, `memory_mib`, `ip`…).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping(pub Vec<(String, String)>);

impl Mapping {
    /// Parses `"Column name=field"` pairs.
    pub fn parse(pairs: &[String]) -> Result<Self, String> {
        pairs
            .iter()
            .map(|p| match p.rsplit_once('=') {
                Some((column, field)) if !column.trim().is_empty() && !field.trim().is_empty() => {
                    Ok((column.trim().to_owned(), field.trim().to_owned()))
                }
                _ => Err(format!("`{p}` is not a `Column name=field` pair")),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Mapping)
    }

    pub fn field_of(&self, column: &str) -> Option<&str> {
        let column = normalize_header(column);
        self.0
            .iter()
            .find(|(c, _)| normalize_header(c) == column)
            .map(|(_, f)| f.as_str())
    }
}

/// Options for reading.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Import VM templates and SRM placeholders too (RVTools).
    pub include_templates: bool,
}

/// One row that became an asset's inventory facts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportedAsset {
    pub row: usize,
    pub name: String,
    pub kind: AssetKind,
    pub assessment: Option<Assessment>,
    pub issues: Vec<String>,
    pub source: crate::model::Facts,
}

/// A row that could not be imported, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub column: Option<String>,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(c) => write!(f, "row {}, column {c}: {}", self.row, self.message),
            None => write!(f, "row {}: {}", self.row, self.message),
        }
    }
}

/// What reading a file gave.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub assets: Vec<ImportedAsset>,
    pub errors: Vec<RowError>,
    /// Rows skipped on purpose (templates, SRM placeholders).
    pub skipped: usize,
    /// What the file turned out to be, e.g. "RVTools vInfo".
    pub kind: String,
    /// What reading had to guess or leave out (an encoding, far columns):
    /// the import goes ahead, but the user should check.
    pub warnings: Vec<String>,
}

/// A file that cannot be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {message}", path.display())]
    Unreadable { path: PathBuf, message: String },
    /// Past one of Ferry's [`Limits`]: refused before it can exhaust memory.
    #[error("{}: {reason}", path.display())]
    TooLarge { path: PathBuf, reason: String },
    #[error("{} is not {expected}: found {found}", path.display())]
    NotRecognised {
        path: PathBuf,
        expected: String,
        found: String,
    },
}

/// Reads an inventory file of the given format.
pub fn read(path: &Path, format: &Format, options: &Options) -> Result<Parsed, ImportError> {
    read_with_limits(path, format, options, &Limits::DEFAULT)
}

/// [`read`] within the given caps.
pub fn read_with_limits(
    path: &Path,
    format: &Format,
    options: &Options,
    limits: &Limits,
) -> Result<Parsed, ImportError> {
    read_parts(path, format, options, limits, None).map(|(parsed, _)| parsed)
}

/// Reads an inventory file into `plan` ([`merge_parsed`] of what [`read`]
/// gives, with the same result): each part of a long sheet is merged
/// while the next is read. Gives what the file is, the edit that brings it
/// into the plan and what that does.
pub fn read_into(
    path: &Path,
    format: &Format,
    options: &Options,
    plan: &Plan,
    workload: Option<&str>,
) -> Result<(String, Edit, Summary), ImportError> {
    let (parsed, merging) = read_parts(
        path,
        format,
        options,
        &Limits::DEFAULT,
        Some(Merging::new(plan, workload)),
    )?;
    let merging = merging.unwrap_or_else(|| Merging::new(plan, workload));
    let (edit, summary) = merging.finish(parsed.errors, parsed.skipped, parsed.warnings);
    Ok((parsed.kind, edit, summary))
}

/// Reads the file; the rows go into `merging` if there is one, else into
/// the result.
fn read_parts<'p>(
    path: &Path,
    format: &Format,
    options: &Options,
    limits: &Limits,
    merging: Option<Merging<'p>>,
) -> Result<(Parsed, Option<Merging<'p>>), ImportError> {
    if let Err(e) = std::fs::metadata(path) {
        return Err(ImportError::Io {
            path: path.to_owned(),
            source: if crate::storage::is_link_loop(&e) {
                std::io::Error::other("it is a symbolic link that leads in a circle")
            } else if e.kind() == std::io::ErrorKind::NotFound {
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such file")
            } else {
                e
            },
        });
    }
    let spreadsheet = is_spreadsheet(path);
    // Rows of a sheet become assets while the rest is read.
    let mut parsing = Parsing {
        format,
        path,
        options,
        parsed: None,
        merging,
    };
    let mut sheet =
        |sheets: &[&str]| table::read_sheet_handing_over(path, sheets, limits, Some(&mut parsing));
    let mut table = match format {
        Format::RvTools if spreadsheet => sheet(&["vInfo"])?,
        Format::AzureMigrate if spreadsheet => {
            match sheet(&["All_Assessed_Machines", "Assessed_Machines"]) {
                Err(ImportError::NotRecognised { .. }) => sheet(&[])?,
                other => other?,
            }
        }
        Format::Csv(_) if spreadsheet => sheet(&[])?,
        _ => read_csv_with(path, limits)?,
    };
    let (mut parsed, merging) = parsing.finish(&mut table)?;
    // Rows left out while reading take their place among the others.
    parsed.errors.extend(table.errors);
    parsed.errors.sort_by_key(|e| e.row);
    parsed.warnings.extend(table.warnings);
    Ok((parsed, merging))
}

/// Makes assets of a table's rows, a part at a time: each format takes
/// the rows out of the table, moving each cell's text into the asset that
/// keeps it rather than copying it.
struct Parsing<'a, 'p> {
    format: &'a Format,
    path: &'a Path,
    options: &'a Options,
    /// What the rows so far gave; `None` before the first.
    parsed: Option<Result<Parsed, ImportError>>,
    /// Where the assets go as they are made, if not into `parsed`.
    merging: Option<Merging<'p>>,
}

impl<'p> Parsing<'_, 'p> {
    /// The assets of the rows in `table`, which it takes out; merged at
    /// once when there is a merge.
    fn parse(&mut self, table: &mut Table) -> Result<Parsed, ImportError> {
        let mut parsed = match self.format {
            Format::RvTools => rvtools(table, self.path, self.options),
            Format::AzureMigrate => azure_migrate(table, self.path),
            Format::Csv(mapping) => mapped(table, self.path, mapping),
        }?;
        if let Some(merging) = &mut self.merging {
            for asset in parsed.assets.drain(..) {
                merging.asset(asset);
            }
        }
        Ok(parsed)
    }

    /// With the rows not handed over yet, and the table's header if none
    /// were: all that the rows gave.
    fn finish(mut self, table: &mut Table) -> Result<(Parsed, Option<Merging<'p>>), ImportError> {
        let more = self.parse(table);
        let parsed = match self.parsed {
            None => more?,
            Some(so_far) => {
                let mut so_far = so_far?;
                so_far.add(more?);
                so_far
            }
        };
        Ok((parsed, self.merging))
    }
}

impl Parsed {
    /// Adds what the rows after these gave.
    fn add(&mut self, more: Parsed) {
        self.assets.extend(more.assets);
        self.errors.extend(more.errors);
        self.warnings.extend(more.warnings);
        self.skipped += more.skipped;
    }
}

impl table::RowSink for Parsing<'_, '_> {
    fn rows(&mut self, table: &mut Table) {
        if let Some(Err(_)) = self.parsed {
            // The header is not the format's: the rest needs no reading.
            table.rows.clear();
            return;
        }
        let more = self.parse(table);
        match (&mut self.parsed, more) {
            (Some(Ok(so_far)), Ok(more)) => so_far.add(more),
            (parsed, more) => *parsed = Some(more),
        }
    }

    fn start_again(&mut self) {
        self.parsed = None;
        if let Some(merging) = &mut self.merging {
            merging.start_again();
        }
    }
}

/// A source fact column: its header names and the fact it fills.
struct Fact {
    headers: &'static [&'static str],
    key: &'static str,
    number: bool,
}

const fn fact(headers: &'static [&'static str], key: &'static str, number: bool) -> Fact {
    Fact {
        headers,
        key,
        number,
    }
}

const RVTOOLS_FACTS: &[Fact] = &[
    fact(&["Powerstate", "Power state"], "power_state", false),
    fact(&["CPUs", "Num CPUs"], "cpus", true),
    fact(&["Memory"], "memory_mib", true),
    fact(
        &["Provisioned MiB", "Provisioned MB"],
        "provisioned_mib",
        true,
    ),
    fact(&["In Use MiB", "In Use MB"], "in_use_mib", true),
    fact(
        &["OS according to the configuration file"],
        "os_config",
        false,
    ),
    fact(&["OS according to the VMware Tools"], "os_tools", false),
    fact(&["DNS Name"], "dns_name", false),
    fact(&["Primary IP Address"], "ip", false),
    fact(&["Datacenter"], "datacenter", false),
    fact(&["Cluster"], "cluster", false),
    fact(&["Host"], "host", false),
    fact(&["VM UUID"], "uuid", false),
];

fn rvtools(table: &mut Table, path: &Path, options: &Options) -> Result<Parsed, ImportError> {
    let Some(name_col) = table.column(&["VM"]) else {
        return Err(not_recognised(
            path,
            table,
            "an RVTools vInfo export (a `VM` column)",
        ));
    };
    let template = table.column(&["Template"]);
    let placeholder = table.column(&["SRM Placeholder"]);
    let columns = fact_columns(table, RVTOOLS_FACTS);
    let mut parsed = Parsed {
        kind: format!(
            "RVTools {}",
            table.sheet.as_deref().unwrap_or("vInfo (CSV)")
        ),
        ..Parsed::default()
    };
    parsed.assets.reserve(table.rows.len());
    for (row, mut cells) in std::mem::take(&mut table.rows) {
        let cell = |c: Option<usize>| c.and_then(|c| cells.get(c)).map_or("", String::as_str);
        if !options.include_templates && (truthy(cell(template)) || truthy(cell(placeholder))) {
            parsed.skipped += 1;
            continue;
        }
        let Some(mut asset) = start_row(row, &mut cells, name_col, &table.headers, &mut parsed)
        else {
            continue;
        };
        let one_os = |facts: &mut RowFacts<'_>| {
            // One `os` fact: the configuration file's, else VMware Tools'.
            let os = ["os_config", "os_tools"]
                .iter()
                .find_map(|k| facts.iter().find(|(f, _)| f == k));
            if let Some((_, os)) = os {
                facts.push(("os", os.clone()));
            }
        };
        if !fill_facts(&mut asset, &cells, &columns, table, &mut parsed, one_os) {
            continue;
        }
        parsed.assets.push(asset);
    }
    Ok(parsed)
}

const AZURE_TEMPLATE_FACTS: &[Fact] = &[
    fact(&["Server FQDN"], "dns_name", false),
    fact(&["Cores"], "cpus", true),
    fact(&["Memory (In MB)"], "memory_mib", true),
    fact(&["OS name"], "os", false),
    fact(&["OS version"], "os_version", false),
    fact(&["OS architecture"], "os_architecture", false),
    fact(&["IP addresses"], "ip", false),
    fact(&["Number of disks"], "disks", true),
];

const AZURE_ASSESSMENT_FACTS: &[Fact] = &[
    fact(&["Operating system"], "os", false),
    fact(&["Cores"], "cpus", true),
    fact(&["Memory(MB)", "Memory (MB)"], "memory_mib", true),
    fact(&["Storage(GB)", "Storage (GB)"], "storage_gb", true),
    fact(&["Recommended size"], "recommended_size", false),
];

fn azure_migrate(table: &mut Table, path: &Path) -> Result<Parsed, ImportError> {
    if let Some(name_col) = table.column(&["Server name"]) {
        let columns = fact_columns(table, AZURE_TEMPLATE_FACTS);
        let mut parsed = Parsed {
            kind: "Azure Migrate import template".into(),
            ..Parsed::default()
        };
        for (row, mut cells) in std::mem::take(&mut table.rows) {
            let Some(mut asset) = start_row(row, &mut cells, name_col, &table.headers, &mut parsed)
            else {
                continue;
            };
            if fill_facts(&mut asset, &cells, &columns, table, &mut parsed, |_| {}) {
                parsed.assets.push(asset);
            }
        }
        return Ok(parsed);
    }
    let (Some(name_col), Some(readiness_col)) = (
        table.column(&["Machine"]),
        table.column(&["Azure VM readiness"]),
    ) else {
        return Err(not_recognised(
            path,
            table,
            "an Azure Migrate file: the import template (`Server name`) or the assessment export (`Machine`, `Azure VM readiness`)",
        ));
    };
    let issues_col = table.column(&["Azure readiness issues"]);
    let columns = fact_columns(table, AZURE_ASSESSMENT_FACTS);
    let mut parsed = Parsed {
        kind: format!(
            "Azure Migrate assessment ({})",
            table.sheet.as_deref().unwrap_or("CSV")
        ),
        ..Parsed::default()
    };
    for (row, mut cells) in std::mem::take(&mut table.rows) {
        let Some(mut asset) = start_row(row, &mut cells, name_col, &table.headers, &mut parsed)
        else {
            continue;
        };
        let readiness = cells.get(readiness_col).map_or("", String::as_str);
        match readiness_of(readiness) {
            Some(a) => asset.assessment = Some(a),
            None => {
                parsed.errors.push(RowError {
                    row,
                    column: Some(table.headers[readiness_col].clone()),
                    message: format!(
                        "`{readiness}` is not a readiness (Ready, Conditionally ready, Not ready, Readiness unknown)"
                    ),
                });
                continue;
            }
        }
        if let Some(text) = issues_col.and_then(|c| cells.get(c)) {
            asset.issues = split_issues(text);
        }
        if fill_facts(&mut asset, &cells, &columns, table, &mut parsed, |_| {}) {
            parsed.assets.push(asset);
        }
    }
    Ok(parsed)
}

fn mapped(table: &mut Table, path: &Path, mapping: &Mapping) -> Result<Parsed, ImportError> {
    let field_columns: Vec<(usize, &str)> = table
        .headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| mapping.field_of(h).map(|f| (i, f)))
        .collect();
    let Some(&(name_col, _)) = field_columns.iter().find(|(_, f)| *f == "name") else {
        let mapped_to_name = mapping
            .0
            .iter()
            .find(|(_, f)| f == "name")
            .map(|(c, _)| c.as_str());
        return Err(not_recognised(
            path,
            table,
            &match mapped_to_name {
                Some(c) => format!("a CSV with the column `{c}` (mapped to the asset name)"),
                None => "mapped: map one column to `name` (e.g. --map \"Server=name\")".to_owned(),
            },
        ));
    };
    let mut parsed = Parsed {
        kind: "CSV".into(),
        ..Parsed::default()
    };
    'rows: for (row, mut cells) in std::mem::take(&mut table.rows) {
        let Some(mut asset) = start_row(row, &mut cells, name_col, &table.headers, &mut parsed)
        else {
            continue;
        };
        for &(col, field) in &field_columns {
            let value = cells.get(col).map_or("", String::as_str);
            let header = &table.headers[col];
            let bad = |message: String| RowError {
                row,
                column: Some(header.clone()),
                message,
            };
            match field {
                "name" => {}
                "kind" if !value.is_empty() => match kind_of(value) {
                    Some(k) => asset.kind = k,
                    None => {
                        parsed
                            .errors
                            .push(bad(format!("`{value}` is not an asset kind")));
                        continue 'rows;
                    }
                },
                "assessment" if !value.is_empty() => match readiness_of(value) {
                    Some(a) => asset.assessment = Some(a),
                    None => {
                        parsed
                            .errors
                            .push(bad(format!("`{value}` is not a readiness")));
                        continue 'rows;
                    }
                },
                "issues" => asset.issues = split_issues(value),
                _ if value.is_empty() => {}
                fact => {
                    let value = if is_number_fact(fact) {
                        match number_fact(value, fact) {
                            NumberFact::Whole(n) => n,
                            NumberFact::NotWhole => {
                                parsed.warnings.push(not_whole(row, header, value));
                                value.trim().to_owned()
                            }
                            NumberFact::NotANumber => {
                                parsed
                                    .errors
                                    .push(bad(format!("`{value}` is not a number")));
                                continue 'rows;
                            }
                        }
                    } else {
                        value.to_owned()
                    };
                    if fact == "environment"
                        && crate::model::Environment::from_words(&value).is_none()
                    {
                        parsed
                            .warnings
                            .push(unknown_environment(row, header, &value));
                    }
                    asset.source.insert(fact, &value);
                }
            }
        }
        parsed.assets.push(asset);
    }
    Ok(parsed)
}

fn is_number_fact(key: &str) -> bool {
    matches!(
        key,
        "cpus" | "memory_mib" | "provisioned_mib" | "in_use_mib" | "storage_gb" | "disks"
    )
}

fn not_recognised(path: &Path, table: &Table, expected: &str) -> ImportError {
    let found = if table.headers.is_empty() {
        "no header row".to_owned()
    } else {
        let mut columns: Vec<&str> = table.headers.iter().map(String::as_str).take(8).collect();
        if table.headers.len() > 8 {
            columns.push("…");
        }
        format!(
            "{}columns {}",
            table
                .sheet
                .as_ref()
                .map(|s| format!("sheet {s} with "))
                .unwrap_or_default(),
            columns.join(", ")
        )
    };
    ImportError::NotRecognised {
        path: path.to_owned(),
        expected: expected.to_owned(),
        found,
    }
}

/// A new asset for a row with a name (taken out of the row's cell in
/// column `name_col`), or a row error when the name is empty. Control
/// characters in the name are taken out, with a warning naming the row.
fn start_row(
    row: usize,
    cells: &mut [String],
    name_col: usize,
    headers: &[String],
    parsed: &mut Parsed,
) -> Option<ImportedAsset> {
    let name_header = headers[name_col].as_str();
    let cell = cells
        .get_mut(name_col)
        .map(std::mem::take)
        .unwrap_or_default();
    let name = if cell.chars().any(char::is_control) {
        let (name, removed) = crate::model::without_control_characters(&cell);
        if let Some(removed) = removed {
            parsed.warnings.push(format!(
                "row {row}, column {name_header}: the name had control characters ({removed}); they were taken out"
            ));
        }
        name
    } else {
        cell
    };
    let trimmed = name.trim();
    if trimmed.is_empty() {
        parsed.errors.push(RowError {
            row,
            column: Some(name_header.to_owned()),
            message: "no name: the row is skipped".into(),
        });
        return None;
    }
    // Cells come trimmed from the reader: most names are kept as they are.
    let name = if trimmed.len() == name.len() {
        name
    } else {
        trimmed.to_owned()
    };
    Some(ImportedAsset {
        row,
        name,
        kind: AssetKind::VirtualMachine,
        ..ImportedAsset::default()
    })
}

fn fact_columns<'a>(table: &Table, facts: &'a [Fact]) -> Vec<(usize, &'a Fact)> {
    facts
        .iter()
        .filter_map(|f| table.column(f.headers).map(|c| (c, f)))
        .collect()
}

/// A row's facts as read, before they are the asset's.
type RowFacts<'c> = Vec<(&'static str, Cow<'c, str>)>;

/// Copies the row's facts, with those `derive` adds from them; `false`
/// (and a row error) when a number is not a number.
fn fill_facts<'c>(
    asset: &mut ImportedAsset,
    cells: &'c [String],
    columns: &[(usize, &Fact)],
    table: &Table,
    parsed: &mut Parsed,
    derive: impl FnOnce(&mut RowFacts<'c>),
) -> bool {
    let mut facts: RowFacts<'c> = Vec::with_capacity(columns.len() + 1);
    for &(col, fact) in columns {
        let Some(value) = cells.get(col).map(String::as_str) else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        let value = if !fact.number || is_whole_as_written(value) {
            // Kept as read (most numbers are already written as kept).
            Cow::Borrowed(value)
        } else {
            match number_fact(value, fact.key) {
                NumberFact::Whole(v) => Cow::Owned(v),
                NumberFact::NotWhole => {
                    let header = &table.headers[col];
                    parsed.warnings.push(not_whole(asset.row, header, value));
                    Cow::Borrowed(value.trim())
                }
                NumberFact::NotANumber => {
                    parsed.errors.push(RowError {
                        row: asset.row,
                        column: Some(table.headers[col].clone()),
                        message: format!("`{value}` is not a number: the row is skipped"),
                    });
                    return false;
                }
            }
        };
        facts.push((fact.key, value));
    }
    derive(&mut facts);
    if asset.source.is_empty() {
        // Built at once rather than fact by fact: one text of the size
        // the facts need.
        asset.source = facts.into_iter().collect();
    } else {
        asset.source.extend(facts);
    }
    true
}

/// What a number fact's cell holds.
#[derive(Debug, PartialEq, Eq)]
enum NumberFact {
    /// A whole number of at least 0, as its digits: `"4,096"`, `"4096.0"`
    /// and `" 4096 "` are `"4096"`; a number of any size stays exact.
    /// (`storage_gb` may have decimals: `"12.5"`.)
    Whole(String),
    /// A number, but negative or with decimals: kept as written, with a
    /// warning (no count of CPUs is −4 or 2.5).
    NotWhole,
    /// Not a number at all.
    NotANumber,
}

/// Whether a number cell already reads as [`NumberFact::Whole`] keeps it:
/// digits only, without leading zeros.
fn is_whole_as_written(text: &str) -> bool {
    let bytes = text.as_bytes();
    !bytes.is_empty()
        && bytes.iter().all(u8::is_ascii_digit)
        && (bytes[0] != b'0' || bytes.len() == 1)
}

fn number_fact(text: &str, key: &str) -> NumberFact {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '\u{a0}' && *c != ' ')
        .collect();
    let (int, fraction) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if !int.is_empty() && digits(int) && digits(fraction) {
        let int = int.trim_start_matches('0');
        let int = if int.is_empty() { "0" } else { int };
        let fraction = fraction.trim_end_matches('0');
        return match (fraction.is_empty(), key == "storage_gb") {
            (true, _) => NumberFact::Whole(int.to_owned()),
            (false, true) => NumberFact::Whole(format!("{int}.{fraction}")),
            (false, false) => NumberFact::NotWhole,
        };
    }
    match cleaned.parse::<f64>() {
        Ok(n) if n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n < 9_007_199_254_740_992.0 => {
            // 1e3: whole, and exact below 2^53.
            NumberFact::Whole(format!("{}", n as u64))
        }
        Ok(n) if n.is_finite() => NumberFact::NotWhole,
        _ => NumberFact::NotANumber,
    }
}

/// The warning for a number fact that is not a whole number of at least 0.
/// An environment fact that names neither production nor non-production
/// (`CL01`, or both words): kept, but suggested waves read no environment
/// from it — never a guess.
fn unknown_environment(row: usize, header: &str, value: &str) -> String {
    format!(
        "row {row}, column {header}: `{}` says neither production nor non-production (such as prod, dev, test, uat): kept, but no environment is read from it",
        value.trim()
    )
}

fn not_whole(row: usize, header: &str, value: &str) -> String {
    format!(
        "row {row}, column {header}: `{}` is not a whole number of at least 0: kept as text",
        value.trim()
    )
}

fn truthy(text: &str) -> bool {
    let text = text.trim();
    ["true", "yes", "1", "waar", "wahr", "vrai"]
        .iter()
        .any(|word| text.eq_ignore_ascii_case(word))
}

/// Azure Migrate's readiness words (and Ferry's own) → assessment.
pub fn readiness_of(text: &str) -> Option<Assessment> {
    match normalize_header(text).as_str() {
        "ready" | "readyforazure" => Some(Assessment::Ready),
        "conditionallyready" | "readywithconditions" => Some(Assessment::ReadyWithConditions),
        "notready" | "notreadyforazure" => Some(Assessment::NotReady),
        "readinessunknown" | "unknown" | "" => Some(Assessment::Unknown),
        _ => None,
    }
}

fn kind_of(text: &str) -> Option<AssetKind> {
    match normalize_header(text).as_str() {
        "vm" | "virtualmachine" | "server" => Some(AssetKind::VirtualMachine),
        "database" | "db" => Some(AssetKind::Database),
        "application" | "app" => Some(AssetKind::Application),
        "data" | "storage" => Some(AssetKind::Data),
        "network" => Some(AssetKind::Network),
        "other" => Some(AssetKind::Other),
        _ => None,
    }
}

/// Readiness issues come as one cell: split on `;` and new lines.
fn split_issues(text: &str) -> Vec<String> {
    text.split([';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

// ------------------------------------------------------------------ merge

#[cfg(test)]
mod tests;
