//! Bringing what a file gave into a plan: the edit that adds its new
//! assets and updates the known ones (same name, any case), and a summary
//! of what it does, all at once or a row at a time as the file is read.

use std::collections::HashMap;

use super::{ImportedAsset, Parsed, RowError};
use crate::edit::{Edit, Item};
use crate::model::{Asset, Issue, Plan, RemediationStatus, Workload};
use crate::words;

/// What an import did or would do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub added: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: usize,
    /// Assets of the plan the file does not list (kept, not deleted).
    pub not_in_file: Vec<String>,
    pub errors: Vec<RowError>,
    pub skipped: usize,
    /// The workload created for `--workload`, if it did not exist.
    pub created_workload: Option<String>,
    /// What reading the file had to guess or leave out.
    pub warnings: Vec<String>,
}

impl Summary {
    /// Whether anything at all came from the file.
    pub fn imported_anything(&self) -> bool {
        !self.added.is_empty() || !self.updated.is_empty() || self.unchanged > 0
    }

    /// The first line of [`Summary::describe`]: how many assets are added,
    /// updated, unchanged and left as they were.
    pub fn headline(&self) -> String {
        format!(
            "{} added, {} updated, {} unchanged, {} in the plan but not in the file (kept)",
            words::thousands(self.added.len()),
            words::thousands(self.updated.len()),
            words::thousands(self.unchanged),
            words::thousands(self.not_in_file.len())
        )
    }

    /// A few lines for a terminal or a dialog.
    pub fn describe(&self) -> String {
        let mut text = self.headline();
        if self.skipped > 0 {
            text.push_str(&format!(
                ", {} {} or {} skipped",
                words::thousands(self.skipped),
                words::noun(self.skipped, "template"),
                words::noun(self.skipped, "placeholder")
            ));
        }
        if let Some(w) = &self.created_workload {
            text.push_str(&format!("\nworkload {w} created"));
        }
        for w in &self.warnings {
            text.push_str(&format!("\nwarning: {w}"));
        }
        if !self.errors.is_empty() {
            text.push_str(&format!(
                "\n{} not imported:",
                words::grouped(self.errors.len(), "row")
            ));
            for e in &self.errors {
                text.push_str(&format!("\n  {e}"));
            }
        }
        text
    }
}

/// The edit that brings the file's rows into the plan, and what it does.
/// New assets go to the workload named `workload` (created if needed);
/// assets already in the plan (same name, any case) keep their planning
/// data and get the file's facts, assessment and any new issues.
pub fn merge(plan: &Plan, parsed: &Parsed, workload: Option<&str>) -> (Edit, Summary) {
    merge_parsed(plan, parsed.clone(), workload)
}

/// [`merge`], taking what was read: each row's name and facts move into
/// the asset made of it instead of being copied (at 100,000 rows, a
/// quarter of a second and the memory of a second inventory).
pub fn merge_parsed(plan: &Plan, parsed: Parsed, workload: Option<&str>) -> (Edit, Summary) {
    let mut merging = Merging::new(plan, workload);
    for row in parsed.assets {
        merging.asset(row);
    }
    merging.finish(parsed.errors, parsed.skipped, parsed.warnings)
}

/// The workload new assets go to when an import names `name`: the plan's
/// workload of that name in any case; `None` when the import creates it.
pub fn workload_named<'p>(plan: &'p Plan, name: &str) -> Option<&'p Workload> {
    plan.workloads
        .iter()
        .find(|w| w.name.eq_ignore_ascii_case(name))
}

/// [`merge_parsed`] a row at a time, so that rows can be merged as they
/// are read.
pub struct Merging<'p> {
    plan: &'p Plan,
    workload: Option<&'p str>,
    /// The workload for new assets: found by name, or created once the
    /// first new asset needs it.
    workload_id: Option<String>,
    /// The plan's assets by name in lower case.
    by_name: HashMap<String, usize, crate::model::Hasher>,
    /// Which of the plan's assets the file lists.
    seen: Vec<bool>,
    /// Names of new assets so far, in lower case.
    new_in_file: std::collections::HashSet<String, crate::model::Hasher>,
    edits: Vec<Edit>,
    summary: Summary,
}

impl<'p> Merging<'p> {
    pub fn new(plan: &'p Plan, workload: Option<&'p str>) -> Self {
        let mut by_name: HashMap<String, usize, crate::model::Hasher> =
            HashMap::with_capacity_and_hasher(plan.assets.len(), Default::default());
        for (i, a) in plan.assets.iter().enumerate() {
            by_name.entry(a.name.to_lowercase()).or_insert(i);
        }
        Merging {
            plan,
            workload,
            workload_id: None,
            by_name,
            seen: vec![false; plan.assets.len()],
            new_in_file: Default::default(),
            edits: Vec::new(),
            summary: Summary::default(),
        }
    }

    /// Forgets the rows merged so far: the file is read again.
    pub(super) fn start_again(&mut self) {
        *self = Merging::new(self.plan, self.workload);
    }

    fn target(&mut self) -> Option<String> {
        let name = self.workload?;
        if self.workload_id.is_none() {
            self.workload_id = Some(match workload_named(self.plan, name) {
                Some(w) => w.id.clone(),
                None => {
                    let w = Workload::new(name);
                    self.summary.created_workload = Some(name.to_owned());
                    let id = w.id.clone();
                    self.edits.insert(0, Edit::Put(Item::Workload(w)));
                    id
                }
            });
        }
        self.workload_id.clone()
    }

    /// The next row of the file.
    pub fn asset(&mut self, row: ImportedAsset) {
        let plan = self.plan;
        let key = row.name.to_lowercase();
        if let Some(&i) = self.by_name.get(&key) {
            if self.seen[i] {
                return;
            }
            self.seen[i] = true;
            let current = &plan.assets[i];
            let mut updated = Asset::clone(current);
            updated.source.extend(&row.source);
            if let Some(a) = row.assessment {
                updated.assessment = a;
            }
            for text in row.issues {
                if !updated.remediation.issues.iter().any(|i| i.text == text) {
                    updated.remediation.issues.push(Issue {
                        text,
                        resolved: false,
                    });
                }
            }
            if updated == **current {
                self.summary.unchanged += 1;
            } else {
                self.summary.updated.push(current.name.clone());
                self.edits.push(Edit::Put(Item::Asset(updated.into())));
            }
        } else if !self.new_in_file.insert(key) {
            self.summary.errors.push(RowError {
                row: row.row,
                column: None,
                message: format!(
                    "{} is listed twice; only the first row is imported",
                    row.name
                ),
            });
        } else {
            let mut asset = Asset::new(row.name, row.kind);
            asset.source = row.source;
            asset.workload = self.target();
            if let Some(a) = row.assessment {
                asset.assessment = a;
            }
            if !row.issues.is_empty() {
                asset.remediation.status = RemediationStatus::Required;
                asset.remediation.issues = row
                    .issues
                    .into_iter()
                    .map(|text| Issue {
                        text,
                        resolved: false,
                    })
                    .collect();
            }
            self.summary.added.push(asset.name.clone());
            self.edits.push(Edit::Put(Item::Asset(asset.into())));
        }
    }

    /// The edit and what it does, with what reading the file reported:
    /// its row errors (those of repeated names after them), the rows
    /// skipped on purpose and its warnings.
    pub fn finish(
        self,
        errors: Vec<RowError>,
        skipped: usize,
        warnings: Vec<String>,
    ) -> (Edit, Summary) {
        let mut summary = self.summary;
        let repeated = std::mem::replace(&mut summary.errors, errors);
        summary.errors.extend(repeated);
        summary.skipped = skipped;
        summary.warnings = warnings;
        summary.not_in_file = self
            .plan
            .assets
            .iter()
            .zip(&self.seen)
            .filter(|(_, s)| !**s)
            .map(|(a, _)| a.name.clone())
            .collect();
        (Edit::Batch(self.edits), summary)
    }
}
