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

use std::collections::BTreeSet;
use std::ops::Range;

use memchr::memmem;

mod order;
mod search;

use self::order::{Grouping, Order};
use self::search::{Facets, NO_WORKLOAD, Search};

use crate::derive::{Derived, Stage};
use crate::model::{Assessment, Asset, AssetKind, Plan, Strategy};

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
    /// Whether a choice other than the text narrows the rows.
    pub fn any_choice(&self) -> bool {
        !self.same_choices(&Filters::default())
    }

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
    /// The filter text, trimmed and in lower case, and the searchers of
    /// its words: the first word's, and the others' (a row matches when
    /// every word is found, each in any field).
    needle: String,
    finder: Option<memmem::Finder<'static>>,
    more: Vec<memmem::Finder<'static>>,
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
    /// Goes up whenever the rows change.
    generation: u64,
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
    /// earlier revision, which assets changed since then with no other
    /// asset's row changing (no workload renamed, no asset added or
    /// removed), or `None` when more changed or it is not known.
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
        if stale {
            self.generation += 1;
        }
    }

    /// Goes up whenever the rows change (another filter, sort, grouping or
    /// plan).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Whether the asset at `index` in the plan passes the filters (it may
    /// still be in a folded group).
    pub fn shows(&self, index: usize) -> bool {
        u32::try_from(index).is_ok_and(|i| self.matched.binary_search(&i).is_ok())
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

    /// Takes in a few assets changed in their own fields (their workload
    /// among them): their text and facets are made again, and the orders
    /// and grouping the changes could move them in are dropped (made
    /// again when asked for).
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
                    SortColumn::Plan => true,
                    SortColumn::Workload => now.workload == facets.workload,
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
                None | Some(GroupBy::Nothing) => false,
                Some(GroupBy::Workload) => now.workload != facets.workload,
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
        let finder = |word: &str| memmem::Finder::new(word.as_bytes()).into_owned();
        let mut words = needle.split_whitespace();
        self.finder = (!needle.contains('\0'))
            .then(|| words.next().map(finder))
            .flatten();
        self.more = words.map(finder).collect();
        let search = &self.search;
        let more = &self.more;
        let slowly = search.irregular || needle.contains('\0');
        if narrows {
            match &self.finder {
                Some(finder) if !slowly => self.matched.retain(|&i| {
                    search.contains(i as usize, finder)
                        && more.iter().all(|f| search.contains(i as usize, f))
                }),
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
                    if passes(i) && more.iter().all(|f| search.contains(i, f)) {
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

/// Whether every word of the filter text (lower case) is in the asset's
/// name, its workload's name or a source fact's value, each in any of
/// them ("prod linux": a prod asset running Linux): field by field, as
/// the plan has them.
fn matches_slowly(plan: &Plan, asset: &Asset, needle: &str) -> bool {
    needle.split_whitespace().all(|word| {
        let has = |s: &str| s.to_lowercase().contains(word);
        has(&asset.name)
            || asset
                .workload
                .as_deref()
                .is_some_and(|w| has(plan.workload_name(w)))
            || asset.source.values().any(has)
    })
}

/// Which field the filter text's first word matched, field by field.
fn matched_in_slowly(plan: &Plan, asset: &Asset, needle: &str) -> String {
    let needle = needle.split_whitespace().next().unwrap_or_default();
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

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
