//! Every asset's searchable text in lower case, made once per plan
//! revision, with the facets the drop-down filters test; a few changed
//! assets taken in on the side.

use std::collections::HashMap;

use memchr::memmem;

use super::as_u32;
use crate::derive::{Derived, Stage};
use crate::model::{
    Assessment, Asset, AssetKind, Plan, RemediationStatus, ReplicationStatus, Staging, Strategy,
};

/// The plan's assets as the filter sees them, made once per revision.
#[derive(Default)]
pub(super) struct Search {
    /// Each asset's name, workload name and source fact values, in lower
    /// case, each followed by a NUL; asset after asset.
    pub(super) text: String,
    /// Where each asset's text starts in `text`, and where the last ends.
    pub(super) starts: Vec<usize>,
    /// Where each asset's name ends in `text`.
    pub(super) name_ends: Vec<usize>,
    /// Some field holds a NUL of its own, so fields cannot be told apart
    /// by it: the filter then tests field by field, as the plan has them.
    pub(super) irregular: bool,
    pub(super) facets: Vec<Facets>,
    /// Each workload id used by an asset, and its number in `Facets`.
    pub(super) workload_codes: HashMap<String, u32>,
    /// The workload ids by number.
    pub(super) workload_ids: Vec<String>,
    /// The workloads' names in lower case, by number.
    pub(super) workload_names: Vec<String>,
    /// Assets changed since `text` was made, with their text as it is
    /// now: their part of `text` is stale.
    pub(super) patched: HashMap<usize, Patched>,
    /// The source fact names, numbered as first seen.
    pub(super) fact_names: Vec<String>,
    /// How many assets have each fact, by number: a name no asset has any
    /// more (after a patch) is not offered.
    pub(super) fact_counts: Vec<u32>,
    pub(super) fact_numbers: HashMap<String, u32>,
    /// Each asset's source facts by number, in the order `text` has their
    /// values; asset after asset.
    pub(super) fact_ids: Vec<u32>,
    /// Where each asset's facts start in `fact_ids`, and where the last
    /// ends.
    pub(super) fact_starts: Vec<usize>,
    /// Where each of those facts' value starts in `text`.
    pub(super) value_starts: Vec<usize>,
}

/// What the drop-down filters test, for one asset.
#[derive(Clone, Copy, Debug)]
pub(super) struct Facets {
    pub(super) kind: AssetKind,
    pub(super) strategy: Strategy,
    pub(super) assessment: Assessment,
    pub(super) stage: Stage,
    pub(super) remediation: RemediationStatus,
    pub(super) replication: ReplicationStatus,
    pub(super) staging: Staging,
    /// The asset's workload id, numbered; `NO_WORKLOAD` when in the
    /// inventory.
    pub(super) workload: u32,
}

pub(super) const NO_WORKLOAD: u32 = u32::MAX;

impl Facets {
    pub(super) fn of(asset: &Asset, derived: &Derived, index: usize, workload: u32) -> Self {
        Self {
            kind: asset.kind,
            strategy: asset.strategy,
            assessment: asset.assessment,
            stage: derived
                .stages
                .get(index)
                .copied()
                .unwrap_or(Stage::Unassessed),
            remediation: asset.remediation.status,
            replication: asset.replication.status,
            staging: asset.staging,
            workload,
        }
    }
}

impl Search {
    pub(super) fn new(plan: &Plan, derived: &Derived) -> Self {
        // The name a workload id shows as: the first workload with the id,
        // or the id itself when none has it.
        let mut names: HashMap<&str, &str> = HashMap::with_capacity(plan.workloads.len());
        for w in &plan.workloads {
            names.entry(w.id.as_str()).or_insert(w.name.as_str());
        }
        let mut search = Search {
            text: String::with_capacity(plan.assets.len() * 96),
            starts: Vec::with_capacity(plan.assets.len() + 1),
            name_ends: Vec::with_capacity(plan.assets.len()),
            irregular: false,
            facets: Vec::with_capacity(plan.assets.len()),
            workload_codes: HashMap::new(),
            workload_ids: Vec::new(),
            workload_names: Vec::new(),
            patched: HashMap::new(),
            fact_names: Vec::new(),
            fact_counts: Vec::new(),
            fact_numbers: HashMap::new(),
            fact_ids: Vec::with_capacity(plan.assets.len() * 8),
            fact_starts: Vec::with_capacity(plan.assets.len() + 1),
            value_starts: Vec::with_capacity(plan.assets.len() * 8),
        };
        // The assets of a workload mostly come one after another: the
        // previous asset's workload is tried before the map.
        let mut last: Option<u32> = None;
        for (i, asset) in plan.assets.iter().enumerate() {
            search.starts.push(search.text.len());
            search.push_field(&asset.name);
            search.name_ends.push(search.text.len() - 1);
            let workload = match asset.workload.as_deref() {
                None => {
                    search.text.push('\0');
                    NO_WORKLOAD
                }
                Some(id) => {
                    let code = match last {
                        Some(code) if search.workload_ids[code as usize] == id => code,
                        _ => match search.workload_codes.get(id) {
                            Some(&code) => code,
                            None => {
                                let code = as_u32(search.workload_names.len());
                                let name = names.get(id).copied().unwrap_or(id);
                                search.workload_names.push(name.to_lowercase());
                                search.workload_codes.insert(id.to_owned(), code);
                                search.workload_ids.push(id.to_owned());
                                code
                            }
                        },
                    };
                    last = Some(code);
                    let name = &search.workload_names[code as usize];
                    search.irregular |= name.contains('\0');
                    search.text.push_str(name);
                    search.text.push('\0');
                    code
                }
            };
            // Assets mostly have the facts the one before had: its fact
            // at the same place is tried before the map.
            let before = search.fact_starts.last().copied().unwrap_or(0);
            let here = search.fact_ids.len();
            search.fact_starts.push(here);
            for (place, (key, value)) in asset.source.iter().enumerate() {
                let same = (before + place < here)
                    .then(|| search.fact_ids[before + place])
                    .filter(|&id| search.fact_names[id as usize] == *key);
                let id = match same {
                    Some(id) => id,
                    None => match search.fact_numbers.get(key) {
                        Some(&id) => id,
                        None => {
                            let id = as_u32(search.fact_names.len());
                            search.fact_names.push(key.to_owned());
                            search.fact_numbers.insert(key.to_owned(), id);
                            id
                        }
                    },
                };
                search.fact_ids.push(id);
                search.count_fact(id, 1);
                search.value_starts.push(search.text.len());
                search.push_field(value);
            }
            search.facets.push(Facets::of(asset, derived, i, workload));
        }
        search.starts.push(search.text.len());
        search.fact_starts.push(search.fact_ids.len());
        search
    }

    /// The value of a fact of the asset at `index`, in lower case; `None`
    /// when the asset does not have it. Not for an irregular plan.
    pub(super) fn fact_value(&self, index: usize, fact: u32) -> Option<&str> {
        let (text, start) = match self.patched.get(&index) {
            Some(p) => {
                let &(_, start) = p.facts.iter().find(|(id, _)| *id == fact)?;
                (p.text.as_str(), start)
            }
            None => {
                let first = self.fact_starts[index];
                let ids = &self.fact_ids[first..self.fact_starts[index + 1]];
                let at = first + ids.iter().position(|&id| id == fact)?;
                (self.text.as_str(), self.value_starts[at])
            }
        };
        let end = start + memchr::memchr(0, &text.as_bytes()[start..])?;
        text.get(start..end)
    }

    /// The numbers of the facts the asset at `index` has, in order.
    pub(super) fn fact_ids_of(&self, index: usize) -> Vec<u32> {
        match self.patched.get(&index) {
            Some(p) => p.facts.iter().map(|&(id, _)| id).collect(),
            None => match (self.fact_starts.get(index), self.fact_starts.get(index + 1)) {
                (Some(&a), Some(&b)) => self.fact_ids[a..b].to_vec(),
                _ => Vec::new(),
            },
        }
    }

    /// One asset more (or fewer) has the fact numbered `id`.
    pub(super) fn count_fact(&mut self, id: u32, by: i32) {
        let id = id as usize;
        if self.fact_counts.len() <= id {
            self.fact_counts.resize(id + 1, 0);
        }
        self.fact_counts[id] = self.fact_counts[id].saturating_add_signed(by);
    }

    /// Appends a field in lower case, and its NUL.
    pub(super) fn push_field(&mut self, field: &str) {
        self.irregular |= push_lower(&mut self.text, field);
    }

    pub(super) fn text_of(&self, index: usize) -> Option<&str> {
        if let Some(p) = self.patched.get(&index) {
            return Some(&p.text);
        }
        let (start, end) = (*self.starts.get(index)?, *self.starts.get(index + 1)?);
        self.text.get(start..end)
    }

    pub(super) fn lower_name(&self, index: usize) -> &str {
        match self.patched.get(&index) {
            Some(p) => &p.text[..p.name_end],
            None => self
                .text
                .get(self.starts[index]..self.name_ends[index])
                .unwrap_or_default(),
        }
    }

    /// Takes in the asset at `index` as the plan has it now (no workload's
    /// name changed, so no other asset's text changes): its text is made
    /// again on the side, its facets in place.
    pub(super) fn patch(&mut self, plan: &Plan, derived: &Derived, index: usize) {
        let Some(asset) = plan.assets.get(index) else {
            return;
        };
        let workload = self.workload_code(plan, asset.workload.as_deref());
        for id in self.fact_ids_of(index) {
            self.count_fact(id, -1);
        }
        let mut patched = Patched {
            text: String::new(),
            name_end: 0,
            facts: Vec::with_capacity(asset.source.len()),
        };
        self.irregular |= push_lower(&mut patched.text, &asset.name);
        patched.name_end = patched.text.len() - 1;
        if let Some(name) = self.workload_names.get(workload as usize) {
            patched.text.push_str(name);
        }
        patched.text.push('\0');
        for (key, value) in &asset.source {
            let id = match self.fact_numbers.get(key) {
                Some(&id) => id,
                None => {
                    let id = as_u32(self.fact_names.len());
                    self.fact_names.push(key.to_owned());
                    self.fact_numbers.insert(key.to_owned(), id);
                    id
                }
            };
            self.count_fact(id, 1);
            patched.facts.push((id, patched.text.len()));
            self.irregular |= push_lower(&mut patched.text, value);
        }
        self.facets[index] = Facets::of(asset, derived, index, workload);
        self.patched.insert(index, patched);
    }

    /// The number of a workload id, numbered now if no asset had it when
    /// the text was made; `NO_WORKLOAD` for none.
    fn workload_code(&mut self, plan: &Plan, id: Option<&str>) -> u32 {
        let Some(id) = id else {
            return NO_WORKLOAD;
        };
        if let Some(&code) = self.workload_codes.get(id) {
            return code;
        }
        // As when the text is made: the first workload with the id, or the
        // id itself.
        let name = plan
            .workloads
            .iter()
            .find(|w| w.id == id)
            .map_or(id, |w| w.name.as_str())
            .to_lowercase();
        self.irregular |= name.contains('\0');
        let code = as_u32(self.workload_names.len());
        self.workload_names.push(name);
        self.workload_codes.insert(id.to_owned(), code);
        self.workload_ids.push(id.to_owned());
        code
    }

    /// Whether the asset's text holds the needle (which has no NUL, so a
    /// match lies within one field).
    pub(super) fn contains(&self, index: usize, finder: &memmem::Finder<'_>) -> bool {
        self.text_of(index)
            .is_some_and(|t| finder.find(t.as_bytes()).is_some())
    }

    /// Calls `found` with each asset whose text holds the needle, in plan
    /// order: one pass over all the text, skipping to the next asset after
    /// a match; patched assets are tested on their own text instead.
    pub(super) fn find_all(&self, finder: &memmem::Finder<'_>, mut found: impl FnMut(usize)) {
        let mut patched: Vec<usize> = self
            .patched
            .iter()
            .filter(|(_, p)| finder.find(p.text.as_bytes()).is_some())
            .map(|(&i, _)| i)
            .collect();
        patched.sort_unstable();
        let mut patched = patched.into_iter().peekable();
        let bytes = self.text.as_bytes();
        let assets = self.starts.len().saturating_sub(1);
        let (mut at, mut asset) = (0, 0);
        while asset < assets
            && let Some(offset) = finder.find(&bytes[at..])
        {
            let hit = at + offset;
            // The asset whose text holds the hit: the last one starting at
            // or before it.
            asset += self.starts[asset + 1..=assets].partition_point(|&s| s <= hit);
            if asset >= assets {
                break;
            }
            while let Some(i) = patched.next_if(|&i| i < asset) {
                found(i);
            }
            if !self.patched.contains_key(&asset) {
                found(asset);
            }
            asset += 1;
            at = self.starts[asset];
        }
        patched.for_each(found);
    }
}

/// An asset's text made again after a change, apart from the plan's.
pub(super) struct Patched {
    /// As in [`Search::text`]: name, workload, fact values, each followed
    /// by a NUL, in lower case.
    pub(super) text: String,
    pub(super) name_end: usize,
    /// Each fact's number and where its value starts in `text`.
    pub(super) facts: Vec<(u32, usize)>,
}

/// Appends `field` to `text` in lower case, and a NUL; whether the field
/// held a NUL of its own.
pub(super) fn push_lower(text: &mut String, field: &str) -> bool {
    let start = text.len();
    if field.is_ascii() {
        text.push_str(field);
        text[start..].make_ascii_lowercase();
    } else {
        text.push_str(&field.to_lowercase());
    }
    let irregular = memchr::memchr(0, &text.as_bytes()[start..]).is_some();
    text.push('\0');
    irregular
}
