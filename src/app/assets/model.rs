//! The asset table's rows, without egui: which assets pass the filters, in
//! which order, in which groups.
//!
//! With 100,000 assets a keystroke in the filter or a click on a header has
//! to fit in a frame, so the work is kept by what it depends on:
//!
//! - per plan revision: every asset's searchable text in lower case (one
//!   block of text for the whole plan), the small facts the drop-down
//!   filters test and the order of the names; per revision and column,
//!   the order of all the assets; per revision and grouping, each asset's
//!   group;
//! - per query: the assets that match. A query that contains the previous
//!   one can only keep fewer, so it looks only at the previous matches;
//!   any other query searches the whole block of text at once;
//! - per sort: the matches in the column's order, picked out of the
//!   column's order of all assets (or, for a few matches, sorted by their
//!   place in it), never compared again.
//!
//! A frame where nothing changed does none of it.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use memchr::memmem;

use crate::derive::{Derived, Stage};
use crate::model::{
    Assessment, Asset, AssetKind, Plan, RemediationStatus, ReplicationStatus, Staging, Strategy,
};

/// A column the table can sort by: a field, or a source fact.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum SortColumn {
    /// The plan's own order.
    #[default]
    Plan,
    Name,
    Kind,
    Workload,
    Assessment,
    Remediation,
    Replication,
    Staging,
    Stage,
    Fact(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum WorkloadFilter {
    #[default]
    All,
    Inventory,
    Workload(String),
}

/// What the rows are grouped by.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum GroupBy {
    #[default]
    Nothing,
    Workload,
    Stage,
    Fact(String),
}

/// The filters the user set.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Filters {
    /// Matched, in lower case, against the name, the workload's name and
    /// the source facts' values.
    pub text: String,
    pub workload: WorkloadFilter,
    pub stage: Option<Stage>,
    pub kind: Option<AssetKind>,
    pub strategy: Option<Strategy>,
    pub assessment: Option<Assessment>,
}

impl Filters {
    /// Everything but the text is the same.
    fn same_choices(&self, other: &Filters) -> bool {
        self.workload == other.workload
            && self.stage == other.stage
            && self.kind == other.kind
            && self.strategy == other.strategy
            && self.assessment == other.assessment
    }
}

/// How the table is asked to look.
#[derive(Clone, Copy, Debug)]
pub struct Shape<'a> {
    pub filters: &'a Filters,
    pub sort: &'a SortColumn,
    pub descending: bool,
    pub group_by: &'a GroupBy,
    /// Groups folded, by key.
    pub collapsed: &'a BTreeSet<String>,
}

/// One line of the table: a group's header or an asset.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry<'a> {
    Group {
        key: &'a str,
        count: usize,
        /// The group's rows, as a range of [`Rows::rows`].
        rows: Range<usize>,
    },
    /// An asset, by its index in the plan.
    Asset(usize),
}

/// The table's rows, and what they are made from, kept between frames.
#[derive(Default)]
pub struct Rows {
    /// The plan revision and asset count the caches were made for.
    made_for: Option<(u64, usize)>,
    search: Search,
    /// The order of all assets by each column sorted by at this revision.
    orders: Vec<(SortColumn, Order)>,
    /// Each asset's group, for the grouping last asked for at this
    /// revision.
    grouping: Option<(GroupBy, Grouping)>,

    /// The filters `matched` was made with (none: to be made afresh).
    matched_for: Option<Filters>,
    /// The filter text, trimmed and in lower case, and its searcher.
    needle: String,
    finder: Option<memmem::Finder<'static>>,
    /// The assets that pass the filters, in plan order.
    matched: Vec<u32>,

    sorted_for: Option<(SortColumn, bool)>,
    /// Filtered and sorted (and, when grouped, group-ordered) asset
    /// indices.
    rows: Vec<usize>,

    grouped_for: Option<GroupBy>,
    /// The groups, in order, each with its rows in `rows`.
    groups: Vec<(u32, Range<usize>)>,

    lines_for: Option<BTreeSet<String>>,
    /// What the table draws when grouped: `rows` with group headers,
    /// folded groups left out. Not grouped, the lines are `rows`.
    lines: Vec<Line>,
    /// Which assets match, one bit each, while rows are picked out of a
    /// column's order.
    bits: Vec<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Line {
    /// A group header, by index into `Rows::groups`.
    Group(u32),
    /// An asset, by index in the plan.
    Asset(usize),
}

impl Rows {
    /// Brings the rows up to date with the plan and the shape asked for,
    /// doing only the work the change needs. `changed_since` tells, for an
    /// earlier revision, which assets changed since then in their own
    /// fields only (not their name, workload or dependencies), or `None`
    /// when more changed or it is not known.
    pub fn refresh(
        &mut self,
        plan: &Plan,
        derived: &Derived,
        revision: u64,
        shape: Shape<'_>,
        changed_since: impl FnOnce(u64) -> Option<BTreeSet<usize>>,
    ) {
        let mut stale = false;
        if self.made_for != Some((revision, plan.assets.len())) {
            let patch = match self.made_for {
                Some((before, len)) if len == plan.assets.len() => changed_since(before)
                    .filter(|c| self.search.patched.len() + c.len() <= (len / 32).max(64)),
                _ => None,
            };
            match patch {
                Some(changed) => self.patch(plan, derived, &changed),
                None => self.remake(plan, derived),
            }
            self.made_for = Some((revision, plan.assets.len()));
            self.matched_for = None;
            stale = true;
        }
        if stale || self.matched_for.as_ref() != Some(shape.filters) {
            self.filter(plan, shape.filters);
            stale = true;
        }
        // Grouping reorders the sorted rows: another grouping starts again
        // from the sort.
        if stale
            || self.grouped_for.as_ref() != Some(shape.group_by)
            || self
                .sorted_for
                .as_ref()
                .is_none_or(|(s, d)| s != shape.sort || *d != shape.descending)
        {
            self.sort(plan, shape.sort, shape.descending);
            stale = true;
        }
        if stale {
            self.group(plan, shape.group_by);
        }
        if stale || self.lines_for.as_ref() != Some(shape.collapsed) {
            self.lay_out(shape.collapsed);
        }
    }

    /// Everything made again for the plan as it is.
    fn remake(&mut self, plan: &Plan, derived: &Derived) {
        self.search = Search::new(plan, derived);
        self.orders.clear();
        // The order most asked for, made with the names in lower case
        // while they are at hand: a click on Name is then as quick as
        // a click on a column sorted before.
        let by_name = Order::new(plan, &self.search, &SortColumn::Name);
        self.orders.push((SortColumn::Name, by_name));
        self.grouping = None;
    }

    /// Takes in a few assets changed in their own fields: their text and
    /// facets are made again, and the orders and grouping the changes
    /// could move them in are dropped (made again when asked for).
    fn patch(&mut self, plan: &Plan, derived: &Derived, changed: &BTreeSet<usize>) {
        let mut moved: Vec<SortColumn> = Vec::new();
        let mut regroup = false;
        for &i in changed {
            if i >= self.search.facets.len() {
                continue;
            }
            let (name, facets) = (self.search.lower_name(i).to_owned(), self.search.facets[i]);
            let text = self.search.text_of(i).map(str::to_owned);
            let facts = self.search.fact_ids_of(i);
            self.search.patch(plan, derived, i);
            let now = self.search.facets[i];
            // The same values under the same fact names.
            let facts_same = self.search.text_of(i).map(str::to_owned) == text
                && self.search.fact_ids_of(i) == facts;
            for (column, _) in &self.orders {
                let same = match column {
                    SortColumn::Plan | SortColumn::Workload => true,
                    SortColumn::Name => self.search.lower_name(i) == name,
                    SortColumn::Kind => now.kind == facets.kind,
                    SortColumn::Assessment => now.assessment == facets.assessment,
                    SortColumn::Remediation => now.remediation == facets.remediation,
                    SortColumn::Replication => now.replication == facets.replication,
                    SortColumn::Staging => now.staging == facets.staging,
                    SortColumn::Stage => now.stage == facets.stage,
                    SortColumn::Fact(_) => facts_same,
                };
                if !same && !moved.contains(column) {
                    moved.push(column.clone());
                }
            }
            regroup |= match self.grouping.as_ref().map(|(g, _)| g) {
                None | Some(GroupBy::Nothing | GroupBy::Workload) => false,
                Some(GroupBy::Stage) => now.stage != facets.stage,
                // A fact's groups keep the value's case, the text does not.
                Some(GroupBy::Fact(_)) => true,
            };
        }
        self.orders.retain(|(column, _)| !moved.contains(column));
        if regroup {
            self.grouping = None;
        }
        // The rows are picked again from the orders and groups.
        self.sorted_for = None;
        self.grouped_for = None;
    }

    /// Filtered and sorted (and, when grouped, group-ordered) asset
    /// indices, folded groups included.
    pub fn rows(&self) -> &[usize] {
        &self.rows
    }

    /// The names of the source facts the plan's assets have, sorted.
    pub fn fact_names(&self) -> Vec<String> {
        let search = &self.search;
        let mut names: Vec<String> = search
            .fact_names
            .iter()
            .enumerate()
            .filter(|(id, _)| search.fact_counts.get(*id).is_some_and(|&c| c > 0))
            .map(|(_, name)| name.clone())
            .collect();
        names.sort();
        names
    }

    /// The name of the asset at `index` in lower case, as made for the
    /// last revision the rows were brought up to date with.
    pub fn lower_name(&self, index: usize) -> Option<&str> {
        (index < self.search.facets.len()).then(|| self.search.lower_name(index))
    }

    /// The filter text as matched: trimmed, in lower case.
    pub fn needle(&self) -> &str {
        &self.needle
    }

    /// How many lines the table has.
    pub fn len(&self) -> usize {
        if self
            .grouped_for
            .as_ref()
            .is_none_or(|g| *g == GroupBy::Nothing)
        {
            self.rows.len()
        } else {
            self.lines.len()
        }
    }

    /// The table's line at `position`.
    pub fn entry(&self, position: usize) -> Option<Entry<'_>> {
        if self
            .grouped_for
            .as_ref()
            .is_none_or(|g| *g == GroupBy::Nothing)
        {
            return self.rows.get(position).map(|&i| Entry::Asset(i));
        }
        Some(match *self.lines.get(position)? {
            Line::Asset(i) => Entry::Asset(i),
            Line::Group(g) => {
                let (key, rows) = &self.groups[g as usize];
                let key = self
                    .grouping
                    .as_ref()
                    .map_or("", |(_, grouping)| grouping.keys[*key as usize].as_str());
                Entry::Group {
                    key,
                    count: rows.len(),
                    rows: rows.clone(),
                }
            }
        })
    }

    /// The first line that shows an asset for which `is` holds.
    pub fn position(&self, is: impl Fn(usize) -> bool) -> Option<usize> {
        if self
            .grouped_for
            .as_ref()
            .is_none_or(|g| *g == GroupBy::Nothing)
        {
            return self.rows.iter().position(|&i| is(i));
        }
        self.lines
            .iter()
            .position(|l| matches!(l, Line::Asset(i) if is(*i)))
    }

    /// Where the filter text was found in the asset at `index`, as
    /// "name", "workload" or "os: Windows Server 2019".
    pub fn matched_in(&self, plan: &Plan, index: usize) -> String {
        let Some(asset) = plan.assets.get(index) else {
            return String::new();
        };
        let (Some(finder), false) = (&self.finder, self.search.irregular) else {
            return matched_in_slowly(plan, asset, &self.needle);
        };
        let Some(text) = self.search.text_of(index) else {
            return String::new();
        };
        let Some(field) = text
            .split('\0')
            .position(|f| finder.find(f.as_bytes()).is_some())
        else {
            return String::new();
        };
        match field {
            0 => "name".to_owned(),
            1 => "workload".to_owned(),
            n => asset
                .source
                .iter()
                .nth(n - 2)
                .map(|(k, v)| format!("{k}: {v}"))
                .unwrap_or_default(),
        }
    }

    /// `matched`: the assets that pass `filters`, from the previous
    /// matches when the new text contains the old (it can only keep
    /// fewer), else from the whole plan.
    fn filter(&mut self, plan: &Plan, filters: &Filters) {
        let needle = filters.text.trim().to_lowercase();
        let narrows = self
            .matched_for
            .as_ref()
            .is_some_and(|old| old.same_choices(filters) && needle.contains(self.needle.as_str()));
        if narrows && needle == self.needle {
            self.matched_for = Some(filters.clone());
            return;
        }
        self.finder = (!needle.is_empty() && !needle.contains('\0'))
            .then(|| memmem::Finder::new(needle.as_bytes()).into_owned());
        let search = &self.search;
        let slowly = search.irregular || needle.contains('\0');
        if narrows {
            match &self.finder {
                Some(finder) if !slowly => self
                    .matched
                    .retain(|&i| search.contains(i as usize, finder)),
                _ => self.matched.retain(|&i| {
                    plan.assets
                        .get(i as usize)
                        .is_some_and(|a| matches_slowly(plan, a, &needle))
                }),
            }
        } else {
            self.matched.clear();
            let choices = Choices::new(search, filters);
            let passes = |i: usize| choices.pass(&search.facets[i]);
            if needle.is_empty() {
                self.matched
                    .extend((0..search.facets.len()).filter(|&i| passes(i)).map(as_u32));
            } else if let (Some(finder), false) = (&self.finder, slowly) {
                search.find_all(finder, |i| {
                    if passes(i) {
                        self.matched.push(as_u32(i));
                    }
                });
            } else {
                self.matched.extend(
                    plan.assets
                        .iter()
                        .enumerate()
                        .filter(|(i, a)| passes(*i) && matches_slowly(plan, a, &needle))
                        .map(|(i, _)| as_u32(i)),
                );
            }
        }
        self.needle = needle;
        self.matched_for = Some(filters.clone());
    }

    /// `rows`: the matches in the column's order.
    fn sort(&mut self, plan: &Plan, column: &SortColumn, descending: bool) {
        self.rows.clear();
        if *column == SortColumn::Plan {
            self.rows.extend(self.matched.iter().map(|&i| i as usize));
        } else {
            let at = match self.orders.iter().position(|(c, _)| c == column) {
                Some(at) => at,
                None => {
                    let order = Order::new(plan, &self.search, column);
                    self.orders.push((column.clone(), order));
                    self.orders.len() - 1
                }
            };
            let order = &mut self.orders[at].1;
            let all = order.order.len();
            if self.matched.len() < all / 16 {
                // A few matches: sorted by their place in the order.
                let rank = order.rank();
                self.rows.extend(self.matched.iter().map(|&i| i as usize));
                self.rows.sort_unstable_by_key(|&i| rank[i]);
            } else {
                // Many: the order, keeping the matches.
                self.bits.clear();
                self.bits.resize(all.div_ceil(64), 0);
                for &i in &self.matched {
                    self.bits[i as usize / 64] |= 1u64 << (i % 64);
                }
                let bits = &self.bits;
                self.rows.extend(
                    order
                        .order
                        .iter()
                        .filter(|&&i| bits[i as usize / 64] & (1u64 << (i % 64)) != 0)
                        .map(|&i| i as usize),
                );
            }
        }
        if descending {
            self.rows.reverse();
        }
        self.sorted_for = Some((column.clone(), descending));
    }

    /// `rows` ordered by group, keeping the sort within each group, and
    /// `groups`.
    fn group(&mut self, plan: &Plan, group_by: &GroupBy) {
        self.groups.clear();
        self.grouped_for = Some(group_by.clone());
        if *group_by == GroupBy::Nothing {
            return;
        }
        if self.grouping.as_ref().is_none_or(|(g, _)| g != group_by) {
            let grouping = Grouping::new(plan, &self.search, group_by);
            self.grouping = Some((group_by.clone(), grouping));
        }
        let Some((_, grouping)) = &self.grouping else {
            return;
        };
        // A counting sort by the group's place: stable, so the column's
        // order stays within each group.
        let place = |i: usize| grouping.place[grouping.group_of[i] as usize] as usize;
        let mut starts = vec![0usize; grouping.keys.len() + 1];
        for &i in &self.rows {
            starts[place(i) + 1] += 1;
        }
        for g in 1..starts.len() {
            starts[g] += starts[g - 1];
        }
        let mut placed = vec![0usize; self.rows.len()];
        let mut next = starts.clone();
        for &i in &self.rows {
            let p = place(i);
            placed[next[p]] = i;
            next[p] += 1;
        }
        self.rows = placed;
        let mut by_place = vec![0u32; grouping.keys.len()];
        for (group, &p) in grouping.place.iter().enumerate() {
            by_place[p as usize] = as_u32(group);
        }
        for (p, &group) in by_place.iter().enumerate() {
            if starts[p] < starts[p + 1] {
                self.groups.push((group, starts[p]..starts[p + 1]));
            }
        }
    }

    /// `lines`: each group's header, then its rows unless folded.
    fn lay_out(&mut self, collapsed: &BTreeSet<String>) {
        self.lines.clear();
        self.lines_for = Some(collapsed.clone());
        let Some((_, grouping)) = &self.grouping else {
            return;
        };
        if self
            .grouped_for
            .as_ref()
            .is_none_or(|g| *g == GroupBy::Nothing)
        {
            return;
        }
        for (g, (key, rows)) in self.groups.iter().enumerate() {
            self.lines.push(Line::Group(as_u32(g)));
            if !collapsed.contains(&grouping.keys[*key as usize]) {
                self.lines
                    .extend(self.rows[rows.clone()].iter().map(|&i| Line::Asset(i)));
            }
        }
    }
}

fn as_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The plan's assets as the filter sees them, made once per revision.
#[derive(Default)]
struct Search {
    /// Each asset's name, workload name and source fact values, in lower
    /// case, each followed by a NUL; asset after asset.
    text: String,
    /// Where each asset's text starts in `text`, and where the last ends.
    starts: Vec<usize>,
    /// Where each asset's name ends in `text`.
    name_ends: Vec<usize>,
    /// Some field holds a NUL of its own, so fields cannot be told apart
    /// by it: the filter then tests field by field, as the plan has them.
    irregular: bool,
    facets: Vec<Facets>,
    /// Each workload id used by an asset, and its number in `Facets`.
    workload_codes: HashMap<String, u32>,
    /// The workload ids by number.
    workload_ids: Vec<String>,
    /// The workloads' names in lower case, by number.
    workload_names: Vec<String>,
    /// Assets changed since `text` was made, with their text as it is
    /// now: their part of `text` is stale.
    patched: HashMap<usize, Patched>,
    /// The source fact names, numbered as first seen.
    fact_names: Vec<String>,
    /// How many assets have each fact, by number: a name no asset has any
    /// more (after a patch) is not offered.
    fact_counts: Vec<u32>,
    fact_numbers: HashMap<String, u32>,
    /// Each asset's source facts by number, in the order `text` has their
    /// values; asset after asset.
    fact_ids: Vec<u32>,
    /// Where each asset's facts start in `fact_ids`, and where the last
    /// ends.
    fact_starts: Vec<usize>,
    /// Where each of those facts' value starts in `text`.
    value_starts: Vec<usize>,
}

/// What the drop-down filters test, for one asset.
#[derive(Clone, Copy, Debug)]
struct Facets {
    kind: AssetKind,
    strategy: Strategy,
    assessment: Assessment,
    stage: Stage,
    remediation: RemediationStatus,
    replication: ReplicationStatus,
    staging: Staging,
    /// The asset's workload id, numbered; `NO_WORKLOAD` when in the
    /// inventory.
    workload: u32,
}

const NO_WORKLOAD: u32 = u32::MAX;

impl Facets {
    fn of(asset: &Asset, derived: &Derived, index: usize, workload: u32) -> Self {
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
    fn new(plan: &Plan, derived: &Derived) -> Self {
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
                            search.fact_names.push(key.clone());
                            search.fact_numbers.insert(key.clone(), id);
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
    fn fact_value(&self, index: usize, fact: u32) -> Option<&str> {
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
    fn fact_ids_of(&self, index: usize) -> Vec<u32> {
        match self.patched.get(&index) {
            Some(p) => p.facts.iter().map(|&(id, _)| id).collect(),
            None => match (self.fact_starts.get(index), self.fact_starts.get(index + 1)) {
                (Some(&a), Some(&b)) => self.fact_ids[a..b].to_vec(),
                _ => Vec::new(),
            },
        }
    }

    /// One asset more (or fewer) has the fact numbered `id`.
    fn count_fact(&mut self, id: u32, by: i32) {
        let id = id as usize;
        if self.fact_counts.len() <= id {
            self.fact_counts.resize(id + 1, 0);
        }
        self.fact_counts[id] = self.fact_counts[id].saturating_add_signed(by);
    }

    /// Appends a field in lower case, and its NUL.
    fn push_field(&mut self, field: &str) {
        self.irregular |= push_lower(&mut self.text, field);
    }

    fn text_of(&self, index: usize) -> Option<&str> {
        if let Some(p) = self.patched.get(&index) {
            return Some(&p.text);
        }
        let (start, end) = (*self.starts.get(index)?, *self.starts.get(index + 1)?);
        self.text.get(start..end)
    }

    fn lower_name(&self, index: usize) -> &str {
        match self.patched.get(&index) {
            Some(p) => &p.text[..p.name_end],
            None => self
                .text
                .get(self.starts[index]..self.name_ends[index])
                .unwrap_or_default(),
        }
    }

    /// Takes in the asset at `index` as the plan has it now (its name,
    /// workload and dependencies unchanged, so no other asset's text
    /// changes): its text is made again on the side, its facets in place.
    fn patch(&mut self, plan: &Plan, derived: &Derived, index: usize) {
        let Some(asset) = plan.assets.get(index) else {
            return;
        };
        let workload = self.facets[index].workload;
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
                    self.fact_names.push(key.clone());
                    self.fact_numbers.insert(key.clone(), id);
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

    /// Whether the asset's text holds the needle (which has no NUL, so a
    /// match lies within one field).
    fn contains(&self, index: usize, finder: &memmem::Finder<'_>) -> bool {
        self.text_of(index)
            .is_some_and(|t| finder.find(t.as_bytes()).is_some())
    }

    /// Calls `found` with each asset whose text holds the needle, in plan
    /// order: one pass over all the text, skipping to the next asset after
    /// a match; patched assets are tested on their own text instead.
    fn find_all(&self, finder: &memmem::Finder<'_>, mut found: impl FnMut(usize)) {
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
struct Patched {
    /// As in [`Search::text`]: name, workload, fact values, each followed
    /// by a NUL, in lower case.
    text: String,
    name_end: usize,
    /// Each fact's number and where its value starts in `text`.
    facts: Vec<(u32, usize)>,
}

/// Appends `field` to `text` in lower case, and a NUL; whether the field
/// held a NUL of its own.
fn push_lower(text: &mut String, field: &str) -> bool {
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

/// The drop-down filters, resolved against the plan's numbering.
struct Choices<'a> {
    filters: &'a Filters,
    /// `None`: any workload; `Some(None)`: a workload no asset has.
    workload: Option<Option<u32>>,
}

impl<'a> Choices<'a> {
    fn new(search: &Search, filters: &'a Filters) -> Self {
        let workload = match &filters.workload {
            WorkloadFilter::All => None,
            WorkloadFilter::Inventory => Some(Some(NO_WORKLOAD)),
            WorkloadFilter::Workload(id) => Some(search.workload_codes.get(id).copied()),
        };
        Self { filters, workload }
    }

    fn pass(&self, f: &Facets) -> bool {
        self.workload.is_none_or(|w| w == Some(f.workload))
            && self.filters.stage.is_none_or(|s| f.stage == s)
            && self.filters.kind.is_none_or(|k| f.kind == k)
            && self.filters.strategy.is_none_or(|s| f.strategy == s)
            && self.filters.assessment.is_none_or(|x| f.assessment == x)
    }
}

/// Whether the filter text (lower case) is in the asset's name, its
/// workload's name or a source fact's value: field by field, as the
/// plan has them.
fn matches_slowly(plan: &Plan, asset: &Asset, needle: &str) -> bool {
    let has = |s: &str| s.to_lowercase().contains(needle);
    has(&asset.name)
        || asset
            .workload
            .as_deref()
            .is_some_and(|w| has(plan.workload_name(w)))
        || asset.source.values().any(|v| has(v))
}

/// Which field the filter text matched, field by field.
fn matched_in_slowly(plan: &Plan, asset: &Asset, needle: &str) -> String {
    if asset.name.to_lowercase().contains(needle) {
        return "name".to_owned();
    }
    if let Some(w) = asset.workload.as_deref()
        && plan.workload_name(w).to_lowercase().contains(needle)
    {
        return "workload".to_owned();
    }
    asset
        .source
        .iter()
        .find(|(_, v)| v.to_lowercase().contains(needle))
        .map(|(k, v)| format!("{k}: {v}"))
        .unwrap_or_default()
}

/// All assets in a column's order (ties in plan order), and each asset's
/// place in it once needed.
struct Order {
    order: Vec<u32>,
    rank: Option<Vec<u32>>,
}

impl Order {
    fn new<'a>(plan: &'a Plan, search: &'a Search, column: &'a SortColumn) -> Self {
        let a = &plan.assets;
        let n = a.len();
        let order = match column {
            SortColumn::Plan => (0..n).map(as_u32).collect(),
            SortColumn::Name => {
                let names: Vec<&[u8]> = (0..n).map(|i| search.lower_name(i).as_bytes()).collect();
                by_text(&names)
            }
            SortColumn::Kind => by_key(search.facets.iter().map(|f| f.kind)),
            SortColumn::Workload => {
                let places = workload_places(plan, search);
                let count = places.iter().max().map_or(0, |&p| p as usize + 1);
                by_place(places.into_iter(), count)
            }
            SortColumn::Assessment => by_key(search.facets.iter().map(|f| f.assessment)),
            SortColumn::Remediation => by_key(search.facets.iter().map(|f| f.remediation)),
            SortColumn::Replication => by_key(search.facets.iter().map(|f| f.replication)),
            SortColumn::Staging => by_key(search.facets.iter().map(|f| f.staging)),
            SortColumn::Stage => by_key(search.facets.iter().map(|f| f.stage)),
            SortColumn::Fact(fact) => {
                // In lower case from the text made for the filter, or,
                // when its fields cannot be told apart, as the plan has
                // them.
                if search.irregular {
                    let value = |i: usize| a[i].source.get(fact).map(String::as_str);
                    fact_order(n, value, |v| FactKey::read(v, lower))
                } else if let Some(&id) = search.fact_numbers.get(fact) {
                    fact_order(n, |i| search.fact_value(i, id), FactKey::of_lower)
                } else {
                    (0..n).map(as_u32).collect()
                }
            }
        };
        Self { order, rank: None }
    }

    fn rank(&mut self) -> &[u32] {
        self.rank.get_or_insert_with(|| {
            let mut rank = vec![0u32; self.order.len()];
            for (place, &i) in self.order.iter().enumerate() {
                rank[i as usize] = as_u32(place);
            }
            rank
        })
    }
}

/// The indices `0..n` in order of the keys of their values, ties in index
/// order.
fn fact_order<'a>(
    n: usize,
    value: impl Fn(usize) -> Option<&'a str>,
    key: impl Fn(Option<&'a str>) -> FactKey<'a>,
) -> Vec<u32> {
    // Few distinct values (an OS, a cluster) are each read once; many (an
    // IP address) are read and sorted as they come.
    let sample = n.min(2048);
    let seen: std::collections::HashSet<Option<&str>> = (0..sample).map(&value).collect();
    if seen.len() <= sample / 4 {
        order_by_values(n, value, key)
    } else {
        order_by_assets(n, value, key)
    }
}

/// `fact_order`, each distinct value read once and the assets placed by it.
fn order_by_values<'a>(
    n: usize,
    value: impl Fn(usize) -> Option<&'a str>,
    key: impl Fn(Option<&'a str>) -> FactKey<'a>,
) -> Vec<u32> {
    let mut distinct: HashMap<Option<&'a str>, u32> = HashMap::new();
    let mut keys: Vec<FactKey<'a>> = Vec::new();
    let value_of: Vec<u32> = (0..n)
        .map(|i| {
            let v = value(i);
            *distinct.entry(v).or_insert_with(|| {
                keys.push(key(v));
                as_u32(keys.len() - 1)
            })
        })
        .collect();
    let (places, count) = fact_places(&keys);
    by_place(value_of.iter().map(|&v| places[v as usize]), count)
}

/// `fact_order`, each asset's value read and sorted: numbers, then texts,
/// then none.
fn order_by_assets<'a>(
    n: usize,
    value: impl Fn(usize) -> Option<&'a str>,
    key: impl Fn(Option<&'a str>) -> FactKey<'a>,
) -> Vec<u32> {
    let mut numbers: Vec<(f64, u32)> = Vec::new();
    let mut texts: Vec<(u32, Cow<'a, str>)> = Vec::new();
    let mut missing: Vec<u32> = Vec::new();
    for i in 0..n {
        match key(value(i)) {
            FactKey::Number(v) => numbers.push((v, as_u32(i))),
            FactKey::Text(t) => texts.push((as_u32(i), t)),
            FactKey::Missing => missing.push(as_u32(i)),
        }
    }
    numbers.sort_unstable_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
    let bytes: Vec<&[u8]> = texts.iter().map(|(_, t)| t.as_bytes()).collect();
    numbers
        .iter()
        .map(|(_, i)| *i)
        .chain(by_text(&bytes).into_iter().map(|at| texts[at as usize].0))
        .chain(missing)
        .collect()
}

/// The indices in order of their places (each less than `count`), ties in
/// index order: a counting sort.
fn by_place(places: impl Iterator<Item = u32> + Clone, count: usize) -> Vec<u32> {
    let mut starts = vec![0usize; count + 1];
    for p in places.clone() {
        starts[p as usize + 1] += 1;
    }
    for p in 1..starts.len() {
        starts[p] += starts[p - 1];
    }
    let mut order = vec![0u32; starts[count]];
    for (i, p) in places.enumerate() {
        order[starts[p as usize]] = as_u32(i);
        starts[p as usize] += 1;
    }
    order
}

/// Each key's place in `FactKey` order, equal keys sharing one, and how
/// many places there are.
fn fact_places(keys: &[FactKey<'_>]) -> (Vec<u32>, usize) {
    let mut numbers: Vec<(f64, u32)> = Vec::new();
    let mut texts: Vec<(u32, &[u8])> = Vec::new();
    let mut missing: Vec<u32> = Vec::new();
    for (k, key) in keys.iter().enumerate() {
        match key {
            FactKey::Number(v) => numbers.push((*v, as_u32(k))),
            FactKey::Text(t) => texts.push((as_u32(k), t.as_bytes())),
            FactKey::Missing => missing.push(as_u32(k)),
        }
    }
    numbers.sort_unstable_by(|x, y| x.0.total_cmp(&y.0));
    let bytes: Vec<&[u8]> = texts.iter().map(|(_, t)| *t).collect();
    let in_order = numbers
        .iter()
        .map(|(_, k)| *k)
        .chain(by_text(&bytes).into_iter().map(|at| texts[at as usize].0))
        .chain(missing);
    let mut places = vec![0u32; keys.len()];
    let mut count = 0;
    let mut last: Option<u32> = None;
    for k in in_order {
        if last.is_none_or(|l| keys[l as usize].cmp(&keys[k as usize]).is_ne()) {
            count += 1;
        }
        places[k as usize] = as_u32(count - 1);
        last = Some(k);
    }
    (places, count)
}

/// The indices in order of their keys, ties in index order.
fn by_key<K: Ord>(keys: impl Iterator<Item = K>) -> Vec<u32> {
    let mut keyed: Vec<(K, u32)> = keys.zip(0..).collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// The places of `texts` in order of the texts (byte by byte, as `str`
/// compares them), equal texts in order of place.
///
/// Sorted a few bytes at a time: a text's next bytes, how many are left
/// and its place make one number, so sorting numbers does the work; only
/// texts alike so far and going on are looked at again, further on.
fn by_text(texts: &[&[u8]]) -> Vec<u32> {
    let mut keyed: Vec<u128> = (0..texts.len()).map(|at| key(texts[at], 0, at)).collect();
    sort_from(&mut keyed, texts, 0);
    keyed.into_iter().map(|k| k as u32).collect()
}

/// How many bytes of a text one sort key holds.
const KEY_BYTES: usize = 11;

/// The sort key of the text at `at` from `offset`: its next bytes (zeros
/// past its end), how many bytes it has left (more than `KEY_BYTES`
/// counting as one more), then `at`. Equal keys of texts that end within
/// them are equal texts.
fn key(bytes: &[u8], offset: usize, at: usize) -> u128 {
    let rest = &bytes[offset.min(bytes.len())..];
    let n = rest.len().min(KEY_BYTES);
    let mut word = [0u8; 16];
    word[..n].copy_from_slice(&rest[..n]);
    word[KEY_BYTES] = rest.len().min(KEY_BYTES + 1) as u8;
    (u128::from_be_bytes(word) & !u128::from(u32::MAX)) | u128::from(as_u32(at))
}

/// Sorts keys of texts alike before `offset` by their bytes from there.
fn sort_from(keyed: &mut [u128], texts: &[&[u8]], offset: usize) {
    keyed.sort_unstable();
    let text = |k: u128| texts[(k as u32) as usize];
    let going_on = |k: u128| (k >> 32) as u8 as usize > KEY_BYTES;
    let mut start = 0;
    while start < keyed.len() {
        let same = keyed[start] >> 32;
        let end = start
            + keyed[start..]
                .iter()
                .take_while(|&&k| k >> 32 == same)
                .count();
        let run = &mut keyed[start..end];
        // A run of equal texts is in order of place already.
        if run.len() > 64 && going_on(run[0]) {
            let next = offset + KEY_BYTES;
            for k in run.iter_mut() {
                *k = key(text(*k), next, (*k as u32) as usize);
            }
            sort_from(run, texts, next);
        } else if run.len() > 1 && going_on(run[0]) {
            run.sort_unstable_by(|&x, &y| text(x).cmp(text(y)).then((x as u32).cmp(&(y as u32))));
        }
        start = end;
    }
}

/// Each asset's place when sorted by workload: the inventory first, then
/// by the workload's name in lower case (the id, as it is, for an id no
/// workload has).
fn workload_places(plan: &Plan, search: &Search) -> Vec<u32> {
    // As a map collects them: the last workload with an id wins.
    let names: HashMap<&str, String> = plan
        .workloads
        .iter()
        .map(|w| (w.id.as_str(), w.name.to_lowercase()))
        .collect();
    let keys: Vec<&str> = search
        .workload_ids
        .iter()
        .map(|id| names.get(id.as_str()).map_or(id.as_str(), String::as_str))
        .collect();
    let places = places_of(&keys, |x, y| x.cmp(y));
    search
        .facets
        .iter()
        .map(|f| match f.workload {
            NO_WORKLOAD => 0,
            code => places[code as usize] + 1,
        })
        .collect()
}

/// Each item's place when sorted by `cmp`, equal items sharing a place.
fn places_of<T>(items: &[T], cmp: impl Fn(&T, &T) -> std::cmp::Ordering) -> Vec<u32> {
    let mut sorted: Vec<u32> = (0..as_u32(items.len())).collect();
    sorted.sort_by(|&x, &y| cmp(&items[x as usize], &items[y as usize]));
    let mut places = vec![0u32; items.len()];
    let mut place = 0;
    for (k, pair) in sorted.iter().enumerate() {
        if k > 0 && cmp(&items[sorted[k - 1] as usize], &items[*pair as usize]).is_ne() {
            place += 1;
        }
        places[*pair as usize] = place;
    }
    places
}

/// Each asset's group for one way of grouping.
struct Grouping {
    /// Each group's key, as its header shows it.
    keys: Vec<String>,
    /// Each group's place among the groups.
    place: Vec<u32>,
    /// Each asset's group.
    group_of: Vec<u32>,
}

impl Grouping {
    fn new(plan: &Plan, search: &Search, group_by: &GroupBy) -> Self {
        let mut keys: Vec<String> = Vec::new();
        let mut numbers: HashMap<String, u32> = HashMap::new();
        let mut number = |key: &str| -> u32 {
            if let Some(&g) = numbers.get(key) {
                return g;
            }
            let g = as_u32(keys.len());
            keys.push(key.to_owned());
            numbers.insert(key.to_owned(), g);
            g
        };
        let group_of: Vec<u32> = match group_by {
            GroupBy::Nothing => vec![0; plan.assets.len()],
            GroupBy::Workload => {
                // The name a workload id shows as: the first workload with
                // the id, or the id itself.
                let mut names: HashMap<&str, &str> = HashMap::new();
                for w in &plan.workloads {
                    names.entry(w.id.as_str()).or_insert(w.name.as_str());
                }
                let inventory = number("— inventory");
                let by_code: Vec<u32> = search
                    .workload_ids
                    .iter()
                    .map(|id| number(names.get(id.as_str()).copied().unwrap_or(id)))
                    .collect();
                search
                    .facets
                    .iter()
                    .map(|f| match f.workload {
                        NO_WORKLOAD => inventory,
                        code => by_code[code as usize],
                    })
                    .collect()
            }
            GroupBy::Stage => search
                .facets
                .iter()
                .map(|f| number(f.stage.label()))
                .collect(),
            GroupBy::Fact(f) => {
                let missing = format!("— no {f}");
                plan.assets
                    .iter()
                    .map(|a| match a.source.get(f).filter(|v| !v.trim().is_empty()) {
                        Some(v) => number(v),
                        None => number(&missing),
                    })
                    .collect()
            }
        };
        // Groups in order of their key: stages in journey order, others
        // numbers as numbers, then text (equal texts by their key).
        let mut by_order: Vec<u32> = (0..as_u32(keys.len())).collect();
        match group_by {
            GroupBy::Stage => {
                let stage_of = |g: u32| {
                    Stage::ALL
                        .into_iter()
                        .find(|s| s.label() == keys[g as usize])
                        .unwrap_or(Stage::Unassessed)
                };
                by_order.sort_by_key(|&g| stage_of(g));
            }
            _ => {
                let fact_keys: Vec<FactKey> = keys.iter().map(|k| FactKey::of(Some(k))).collect();
                by_order.sort_by(|&x, &y| {
                    fact_keys[x as usize]
                        .cmp(&fact_keys[y as usize])
                        .then_with(|| keys[x as usize].cmp(&keys[y as usize]))
                });
            }
        }
        let mut place = vec![0u32; keys.len()];
        for (p, &g) in by_order.iter().enumerate() {
            place[g as usize] = as_u32(p);
        }
        Self {
            keys,
            place,
            group_of,
        }
    }
}

/// `s` in lower case, borrowed when it is already.
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

/// A sort key for text that may be a number: numbers first, in numeric
/// order (so 4, 16, 128 — not 128, 16, 4), then text.
#[derive(Clone, Debug, PartialEq)]
enum FactKey<'a> {
    Number(f64),
    /// In lower case.
    Text(Cow<'a, str>),
    Missing,
}

impl<'a> FactKey<'a> {
    fn of(value: Option<&'a String>) -> Self {
        Self::read(value.map(String::as_str), lower)
    }

    /// The key of a value already in lower case. The same as of the value
    /// itself: case changes neither blanks, digits nor commas, and a
    /// number reads the same in either case ("1E3", "NaN").
    fn of_lower(value: Option<&'a str>) -> Self {
        Self::read(value, Cow::Borrowed)
    }

    fn read(value: Option<&'a str>, lower: impl Fn(&'a str) -> Cow<'a, str>) -> Self {
        match value {
            None => FactKey::Missing,
            Some(v) if v.trim().is_empty() => FactKey::Missing,
            Some(v) => {
                let trimmed = v.trim();
                let number = if trimmed.contains(',') {
                    trimmed.replace(',', "").parse::<f64>()
                } else {
                    trimmed.parse::<f64>()
                };
                match number {
                    Ok(n) if n.is_finite() => FactKey::Number(n),
                    _ => FactKey::Text(lower(v)),
                }
            }
        }
    }

    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        match (self, other) {
            (FactKey::Number(a), FactKey::Number(b)) => a.total_cmp(b),
            (FactKey::Text(a), FactKey::Text(b)) => a.cmp(b),
            (FactKey::Number(_), _) | (FactKey::Text(_), FactKey::Missing) => Ordering::Less,
            (_, FactKey::Number(_)) | (FactKey::Missing, FactKey::Text(_)) => Ordering::Greater,
            (FactKey::Missing, FactKey::Missing) => Ordering::Equal,
        }
    }
}

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
