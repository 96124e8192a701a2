//! Derived state kept up to date one edit at a time: an edit that changes
//! only what an asset or a workload says about itself re-derives that
//! asset, the assets that depend on it and the workloads that need them,
//! instead of the whole plan (a full derive of 100,000 assets takes a few
//! hundred milliseconds, too long for a click in the RACI grid).
//!
//! What is cheap to redo is decided from the edit before it is applied
//! ([`Touched::by`]); a log entry's owner or status re-checks the log
//! alone. An asset moved to another workload regroups the two workloads
//! it left and joined; a workload moved to another wave re-checks the
//! workloads that need its assets; a dependency added or taken away finds
//! the plan's cycles and what the workloads that need the asset need
//! again. Anything that moves items, changes ids, names or parties asks
//! for a full derive. The result is always the one a full derive would
//! give.

use std::collections::{BTreeMap, BTreeSet, HashMap};

#[cfg(test)]
use super::out_of_scope;
use super::problems::{self, AssetFacts, Blocking};
use super::rules::Findings;
use super::workload;
use super::{Derived, Problem, Severity, party_ids, stage, workload_names};
use crate::edit::{Edit, Item};
use crate::model::{IdKind, Plan};

/// The problems of a plan as a full derive finds them, part by part, in
/// the order they are listed before sorting by severity.
#[derive(Clone, Debug, Default)]
pub(super) struct ProblemParts {
    /// Duplicate ids and dependency cycles.
    pub of_plan: Vec<Problem>,
    /// Log entries whose owner is not a party.
    pub of_log: Vec<Problem>,
    /// One list per workload, in the order of `plan.workloads`.
    pub of_workloads: Vec<Vec<Problem>>,
    /// One list per asset, in the order of `plan.assets`.
    pub of_assets: Vec<Vec<Problem>>,
    /// The waves' dates and the size of the first wave.
    pub of_waves: Vec<Problem>,
}

/// The log's part among the problems; the workloads' follow it.
const LOG: usize = 1;

/// Severities in the order of the problems list.
const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

/// How many problems of each severity one part has.
type Counts = [u32; 3];

fn counts(problems: &[Problem]) -> Counts {
    let mut counts = [0; 3];
    for p in problems {
        counts[p.severity as usize] += 1;
    }
    counts
}

impl ProblemParts {
    /// How many problems of each severity each part has, in part order:
    /// the plan, the log, each workload, each asset, the waves.
    fn counts(&self) -> Vec<Counts> {
        [&self.of_plan[..], &self.of_log[..]]
            .into_iter()
            .chain(self.of_workloads.iter().map(Vec::as_slice))
            .chain(self.of_assets.iter().map(Vec::as_slice))
            .chain(std::iter::once(&self.of_waves[..]))
            .map(counts)
            .collect()
    }

    /// The problems list: every part in order, then sorted by severity
    /// (stable: errors, then warnings, then infos, each in part order).
    pub fn into_problems(self) -> Vec<Problem> {
        let mut all: Vec<Problem> = self
            .of_plan
            .into_iter()
            .chain(self.of_log)
            .chain(self.of_workloads.into_iter().flatten())
            .chain(self.of_assets.into_iter().flatten())
            .chain(self.of_waves)
            .collect();
        all.sort_by_key(|p| p.severity);
        all
    }
}

/// How many problems the parts hold in all.
fn held(counts: &[Counts]) -> usize {
    counts.iter().flatten().map(|&c| c as usize).sum()
}

/// The problems list with some parts replaced: `old` is the list
/// [`ProblemParts::into_problems`] made, `counts` what each part held in it,
/// `changed` the new problems of some parts (by part index, ascending).
/// Unchanged parts are moved, not copied, so this costs a pass over the
/// list whatever its size. `None` when `old` does not match `counts`.
fn splice(
    old: Vec<Problem>,
    counts: &mut [Counts],
    changed: Vec<(usize, Vec<Problem>)>,
) -> Option<Vec<Problem>> {
    if held(counts) != old.len() {
        return None;
    }
    let mut out = Vec::with_capacity(old.len() + 16);
    let mut old = old.into_iter();
    for (s, severity) in SEVERITIES.into_iter().enumerate() {
        let mut next = 0;
        let run = |from: usize, to: usize, counts: &[Counts]| -> usize {
            counts[from..to].iter().map(|c| c[s] as usize).sum()
        };
        for (part, problems) in &changed {
            out.extend(old.by_ref().take(run(next, *part, counts)));
            old.by_ref().take(counts[*part][s] as usize).for_each(drop);
            out.extend(problems.iter().filter(|p| p.severity == severity).cloned());
            next = part + 1;
        }
        out.extend(old.by_ref().take(run(next, counts.len(), counts)));
    }
    for (part, problems) in &changed {
        counts[*part] = self::counts(problems);
    }
    Some(out)
}

/// The problems list without one part's problems (`counts` as in
/// [`splice`], which must match `old`).
fn drop_part(old: Vec<Problem>, counts: &[Counts], part: usize) -> Vec<Problem> {
    let mut out = Vec::with_capacity(old.len());
    let mut old = old.into_iter();
    for s in 0..SEVERITIES.len() {
        let before: usize = counts[..part].iter().map(|c| c[s] as usize).sum();
        let after: usize = counts[part + 1..].iter().map(|c| c[s] as usize).sum();
        out.extend(old.by_ref().take(before));
        old.by_ref().take(counts[part][s] as usize).for_each(drop);
        out.extend(old.by_ref().take(after));
    }
    out
}

/// What a full derive computed on the way, per asset and per workload.
pub(super) struct Parts {
    pub problems: ProblemParts,
    /// What each asset blocks in the workloads that need it.
    pub blocking: Vec<Blocking>,
    /// The plan's part of the problems without the dependency cycles.
    pub duplicate_ids: Vec<Problem>,
    /// What each asset depends on, by position.
    pub depends: Vec<Vec<u32>>,
    /// Asset → the first earlier asset with the same name.
    pub namesakes: HashMap<usize, usize>,
    /// The assets of each workload, in the order of `plan.workloads`.
    pub members: Vec<Vec<usize>>,
    /// What each workload's assets need outside them, transitively.
    pub closures: Vec<Vec<usize>>,
}

/// The parts of the last full derive and the maps that say which parts an
/// asset's change reaches. Valid as long as every edit since that derive
/// was one [`Touched::by`] did not ask a full derive for.
pub struct Incremental {
    /// How many problems of each severity each part has in the problems
    /// list, in part order: the plan, the log, each workload, each asset,
    /// the waves.
    counts: Vec<Counts>,
    blocking: Vec<Blocking>,
    duplicate_ids: Vec<Problem>,
    namesakes: HashMap<usize, usize>,
    members: Vec<Vec<usize>>,
    closures: Vec<Vec<usize>>,
    /// Asset → the workloads that have it among their assets or need it.
    needed_by: Vec<Vec<u32>>,
    /// Asset → the assets it depends on, as [`problems::dependencies`]
    /// gives them (the cycles are found again from these).
    depends: Vec<Vec<u32>>,
    /// Asset → the assets that depend on it directly.
    dependents: Vec<Vec<u32>>,
    /// The plan's size when derived, as a guard.
    assets: usize,
    workloads: usize,
    /// The workloads' ids when derived, in order: what was removed.
    workload_ids: Vec<String>,
}

impl std::fmt::Debug for Incremental {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Incremental")
            .field("assets", &self.assets)
            .field("workloads", &self.workloads)
            .finish_non_exhaustive()
    }
}

/// What edits since the last derive touched: the assets and workloads to
/// re-derive, or everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Touched {
    /// A full derive is needed.
    pub everything: bool,
    /// Indices into `plan.assets` whose own fields changed.
    pub assets: BTreeSet<usize>,
    /// Indices into `plan.workloads` whose own fields changed.
    pub workloads: BTreeSet<usize>,
    /// Log entries changed, keeping their ids and texts.
    pub log: bool,
    /// Assets (also in `assets`) whose workload changed, with the
    /// workload each had when the derived state was made.
    pub moved: BTreeMap<usize, Option<String>>,
    /// Workloads (also in `workloads`) whose wave changed: the workloads
    /// that need their assets are checked again.
    pub rewaved: BTreeSet<usize>,
    /// Assets (also in `assets`) whose dependencies changed.
    pub rewired: BTreeSet<usize>,
    /// New workloads put at the end of the plan's list (by
    /// [`Edit::Put`] of an id the plan does not have).
    pub appended: usize,
    /// The plan's wave rules read something that changed (the bandwidth,
    /// which the wave limits are checked at).
    pub waves: bool,
    /// Workloads removed (never with workloads appended): cheap when they
    /// were the last of the list and no asset is left in them, as when
    /// a new workload is undone.
    pub removed: usize,
}

impl Touched {
    /// Everything must be derived again.
    pub fn everything() -> Self {
        Self {
            everything: true,
            ..Self::default()
        }
    }

    /// Nothing derived changed.
    pub fn is_nothing(&self) -> bool {
        !self.everything
            && self.assets.is_empty()
            && self.workloads.is_empty()
            && !self.log
            && !self.waves
            && self.appended == 0
            && self.removed == 0
    }

    /// What `edit` touches when applied to `plan`, whose positions are
    /// `derived.asset_positions` (the derived state may be older than
    /// `plan`, as long as only edits this function did not send to a full
    /// derive came between). Call it *before* applying the edit: it
    /// compares what the edit puts with what it replaces.
    pub fn by(plan: &Plan, positions: &super::Positions, edit: &Edit) -> Self {
        let mut touched = Self::default();
        touched.add(plan, positions, edit);
        touched
    }

    /// Adds what `edit` touches (see [`Touched::by`]).
    pub fn add(&mut self, plan: &Plan, positions: &super::Positions, edit: &Edit) {
        if self.everything {
            return;
        }
        match edit {
            // Only the control characters' rule reads the plan's name.
            Edit::SetPlanName(new) => {
                if new.chars().any(char::is_control) || plan.name.chars().any(char::is_control) {
                    *self = Self::everything();
                }
            }
            Edit::Put(Item::Asset(new)) => {
                let old = positions
                    .get(new.id.as_str())
                    .and_then(|&i| Some((i, plan.assets.get(i)?)));
                match old {
                    // Another asset's findings and the duplicate ids read
                    // only these of an asset's fields (and its strategy and
                    // workload, which reach its dependents, re-derived with
                    // it). A new workload regroups the workloads' members;
                    // new dependencies change the cycles and what the
                    // workloads need.
                    Some((i, old)) if old.id == new.id && old.name == new.name => {
                        // The first change since the derive says what the
                        // kept state has.
                        if old.workload != new.workload {
                            self.moved.entry(i).or_insert_with(|| old.workload.clone());
                        }
                        if old.depends_on != new.depends_on {
                            self.rewired.insert(i);
                        }
                        self.assets.insert(i);
                    }
                    _ => *self = Self::everything(),
                }
            }
            Edit::Put(Item::Workload(new)) => {
                match plan.workloads.iter().position(|w| w.id == new.id) {
                    // Other items read only a workload's id, name and wave;
                    // its wave only for the wave rules of the workloads
                    // that need its assets.
                    Some(k) if plan.workloads[k].name == new.name => {
                        if plan.workloads[k].wave != new.wave {
                            self.rewaved.insert(k);
                        }
                        self.workloads.insert(k);
                    }
                    // A new workload goes at the end of the list: nothing
                    // before it moves.
                    None if self.removed == 0 => self.appended += 1,
                    None => *self = Self::everything(),
                    _ => *self = Self::everything(),
                }
            }
            Edit::Batch(edits) => {
                for edit in edits {
                    self.add(plan, positions, edit);
                }
            }
            Edit::Put(Item::Log(new)) => match plan.log.iter().find(|l| l.id == new.id) {
                // Only the duplicate ids read a log entry's text.
                Some(old) if old.text == new.text => self.log = true,
                _ => *self = Self::everything(),
            },
            Edit::Remove(IdKind::Workload, _) if self.appended == 0 => self.removed += 1,
            // Only the wave limits read the bandwidth; no rule reads a
            // wave's notes.
            Edit::SetBandwidth(_) => self.waves = true,
            Edit::PutWave(i, new)
                if plan.waves.get(*i).is_some_and(|old| {
                    (&old.name, &old.start, &old.end) == (&new.name, &new.start, &new.end)
                }) => {}
            // The wave rules read the limits.
            Edit::SetWaveLimits(_)
            | Edit::PutWave(..)
            | Edit::InsertWave(..)
            | Edit::RemoveWave(_) => *self = Self::everything(),
            Edit::Put(Item::Party(_))
            | Edit::Insert(..)
            | Edit::Remove(..)
            | Edit::ReplacePlan(_) => *self = Self::everything(),
        }
    }

    /// Adds what another set of edits touched.
    pub fn merge(&mut self, other: Touched) {
        if other.everything {
            *self = Self::everything();
        } else if !self.everything {
            self.assets.extend(other.assets);
            self.workloads.extend(other.workloads);
            self.log |= other.log;
            self.waves |= other.waves;
            for (i, was) in other.moved {
                self.moved.entry(i).or_insert(was);
            }
            self.rewaved.extend(other.rewaved);
            self.rewired.extend(other.rewired);
            self.appended += other.appended;
            self.removed += other.removed;
            if self.appended > 0 && self.removed > 0 {
                *self = Self::everything();
            }
        }
    }
}

impl Incremental {
    /// The kept parts of a full derive, and the problems list it makes.
    pub(super) fn new(plan: &Plan, parts: Parts) -> (Self, Vec<Problem>) {
        let n = plan.assets.len();
        let mut needed_by: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (k, (own, closure)) in parts.members.iter().zip(&parts.closures).enumerate() {
            for &i in own.iter().chain(closure) {
                needed_by[i].push(k as u32);
            }
        }
        let depends = parts.depends;
        let mut dependents: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (i, deps) in depends.iter().enumerate() {
            for &j in deps {
                dependents[j as usize].push(i as u32);
            }
        }
        let counts = parts.problems.counts();
        let incremental = Self {
            counts,
            blocking: parts.blocking,
            duplicate_ids: parts.duplicate_ids,
            namesakes: parts.namesakes,
            members: parts.members,
            closures: parts.closures,
            needed_by,
            depends,
            dependents,
            assets: n,
            workloads: plan.workloads.len(),
            workload_ids: plan.workloads.iter().map(|w| w.id.clone()).collect(),
        };
        (incremental, parts.problems.into_problems())
    }

    /// Re-derives what `touched` names in `derived`, which must be the
    /// derived state of the plan before the touched edits; returns `false`
    /// when a full derive is needed instead (when `touched` says so, or
    /// the plan or the derived state do not match what was kept), having
    /// changed nothing.
    pub fn update(&mut self, plan: &Plan, derived: &mut Derived, touched: &Touched) -> bool {
        if touched.everything
            || plan.assets.len() != self.assets
            || plan.workloads.len() + touched.removed != self.workloads + touched.appended
            || !self.can_append(plan, derived)
            || !self.can_truncate(plan, derived, touched.removed)
            || derived.stages.len() != self.assets
            || derived.workloads.len() != self.workloads
            || held(&self.counts) != derived.problems.len()
        {
            return false;
        }
        if touched.is_nothing() {
            return true;
        }
        self.truncate(derived, touched.removed);
        let appended = self.append(plan);
        let regrouped = self.regroup(plan, derived, &touched.moved);
        let rewired = self.rewire(plan, &derived.asset_positions, &touched.rewired);
        // An asset's strategy and workload are read by the assets that
        // depend on it.
        let mut assets: Vec<usize> = touched.assets.iter().copied().collect();
        for &i in &touched.assets {
            assets.extend(self.dependents[i].iter().map(|&d| d as usize));
        }
        assets.sort_unstable();
        assets.dedup();
        let names = workload_names(plan);
        let parties = party_ids(plan);
        let Derived {
            stages,
            workloads,
            problems,
            plan_stages,
            asset_positions,
            ..
        } = derived;
        let facts = AssetFacts {
            plan,
            index: asset_positions,
            workload_names: &names,
            parties: &parties,
        };
        let first_asset = LOG + 1 + self.workloads;
        let mut of_assets = Vec::with_capacity(assets.len());
        let mut to_redo: BTreeSet<usize> = touched.workloads.clone();
        to_redo.extend(appended);
        to_redo.extend(regrouped);
        to_redo.extend(rewired);
        // The wave rules of a workload read the waves of what it needs.
        for &k in &touched.rewaved {
            for &j in &self.members[k] {
                to_redo.extend(self.needed_by[j].iter().map(|&k| k as usize));
            }
        }
        for &i in &assets {
            let now = stage(&plan.assets[i]);
            let before = std::mem::replace(&mut stages[i], now);
            plan_stages[before.index()] -= 1;
            plan_stages[now.index()] += 1;
            let mut found = Findings::default();
            let namesake = self.namesakes.get(&i).copied();
            self.blocking[i] = problems::asset(&facts, i, namesake, &mut found);
            of_assets.push((first_asset + i, found.problems));
            to_redo.extend(self.needed_by[i].iter().map(|&k| k as usize));
        }
        let waves = crate::derive::waves::WaveIndex::new(plan);
        let context = workload::Context {
            plan,
            stages: stages.as_slice(),
            index: asset_positions,
            names: &names,
            parties: &parties,
            blocking: &self.blocking,
            waves: &waves,
        };
        let mut changed = Vec::with_capacity(to_redo.len() + of_assets.len() + 3);
        if !touched.rewired.is_empty() {
            let mut found = Findings {
                problems: self.duplicate_ids.clone(),
            };
            problems::cycles_of(plan, &self.depends, &mut found);
            changed.push((0, found.problems));
        }
        if touched.log {
            let mut found = Findings::default();
            problems::log(plan, &parties, &mut found);
            changed.push((LOG, found.problems));
        }
        for k in to_redo {
            let mut found = Findings::default();
            let status = workload::status(
                &context,
                &plan.workloads[k],
                &self.members[k],
                &self.closures[k],
                &mut found,
            );
            // New workloads come last, in order.
            match workloads.get_mut(k) {
                Some(kept) => *kept = status,
                None => workloads.push(status),
            }
            changed.push((LOG + 1 + k, found.problems));
        }
        changed.append(&mut of_assets);
        let mut found = Findings::default();
        crate::derive::waves::plan_findings(plan, &waves, &self.members, &mut found);
        changed.push((first_asset + self.assets, found.problems));
        match splice(std::mem::take(problems), &mut self.counts, changed) {
            Some(spliced) => {
                *problems = spliced;
                true
            }
            // The list was changed elsewhere: derive it all again.
            None => false,
        }
    }

    /// Moves the `moved` assets (with the workload each had when derived)
    /// from the members of the workloads they left to those they joined,
    /// and finds again what those workloads need; keeps the plan's
    /// unassigned and orphaned assets. Returns the workloads regrouped.
    fn regroup(
        &mut self,
        plan: &Plan,
        derived: &mut Derived,
        moved: &BTreeMap<usize, Option<String>>,
    ) -> BTreeSet<usize> {
        let mut regrouped = BTreeSet::new();
        if moved.is_empty() {
            return regrouped;
        }
        // Workload id → its places (two, when the plan repeats an id).
        let mut places: HashMap<&str, Vec<usize>, super::Hasher> = HashMap::default();
        for (k, w) in plan.workloads.iter().enumerate() {
            places.entry(w.id.as_str()).or_default().push(k);
        }
        let places_of = |id: Option<&str>| id.and_then(|id| places.get(id)).into_iter().flatten();
        let moves: Vec<(usize, Option<&str>, Option<&str>)> = moved
            .iter()
            .map(|(&i, was)| (i, was.as_deref(), plan.assets[i].workload.as_deref()))
            .filter(|(_, was, now)| was != now)
            .collect();
        for &(_, was, now) in &moves {
            regrouped.extend(places_of(was).chain(places_of(now)));
        }
        // What the regrouped workloads needed, forgotten…
        for &k in &regrouped {
            for &j in self.members[k].iter().chain(&self.closures[k]) {
                self.needed_by[j].retain(|&x| x as usize != k);
            }
        }
        // Who leaves and who joins each workload, and the plan's orphans
        // (in a workload the plan does not have), in ascending order: the
        // lists are merged once, as a move may take every asset of the
        // plan.
        let mut leaving: HashMap<usize, Vec<usize>, super::Hasher> = HashMap::default();
        let mut joining: HashMap<usize, Vec<usize>, super::Hasher> = HashMap::default();
        let (mut orphans_leaving, mut orphans_joining) = (Vec::new(), Vec::new());
        let orphan = |w: Option<&str>| w.is_some_and(|w| !places.contains_key(w));
        for &(i, was, now) in &moves {
            for &k in places_of(was) {
                leaving.entry(k).or_default().push(i);
            }
            for &k in places_of(now) {
                joining.entry(k).or_default().push(i);
            }
            derived.unassigned_assets =
                derived.unassigned_assets + usize::from(now.is_none()) - usize::from(was.is_none());
            if orphan(was) {
                orphans_leaving.push(i);
            }
            if orphan(now) {
                orphans_joining.push(i);
            }
        }
        for &k in &regrouped {
            let members = &mut self.members[k];
            regroup_list(
                members,
                leaving.get(&k).map_or(&[], Vec::as_slice),
                joining.get(&k).map_or(&[], Vec::as_slice),
            );
        }
        regroup_list(
            &mut derived.orphaned_assets,
            &orphans_leaving,
            &orphans_joining,
        );
        // …and found again.
        for &k in &regrouped {
            self.closures[k] =
                super::dependency_closure(plan, &derived.asset_positions, &self.members[k]);
            for &j in self.members[k].iter().chain(&self.closures[k]) {
                let needed_by = &mut self.needed_by[j];
                if let Err(at) = needed_by.binary_search(&(k as u32)) {
                    needed_by.insert(at, k as u32);
                }
            }
        }
        regrouped
    }
}

impl Incremental {
    /// Whether the workloads after the kept ones are new to the plan in
    /// every way a full derive would notice: their ids name nothing else
    /// (no duplicate-id problem to list) and no asset was already in them
    /// (an orphan that would now have a workload).
    fn can_append(&self, plan: &Plan, derived: &Derived) -> bool {
        let Some(new) = plan.workloads.get(self.workloads..) else {
            // Fewer than kept: none new.
            return true;
        };
        new.iter().enumerate().all(|(at, w)| {
            let id = w.id.as_str();
            !derived.asset_positions.contains_key(id)
                && !plan.parties.iter().any(|p| p.id == id)
                && !plan.log.iter().any(|l| l.id == id)
                && !plan.workloads[..self.workloads + at]
                    .iter()
                    .any(|other| other.id == id)
                && !derived
                    .orphaned_assets
                    .iter()
                    .any(|&i| plan.assets[i].workload.as_deref() == Some(id))
        })
    }

    /// Whether the workloads removed were the last `removed` kept ones,
    /// and took nothing a full derive would notice with them: no asset
    /// is left in them (it would be an orphan now) and their ids named
    /// nothing else (a duplicate-id problem would go).
    fn can_truncate(&self, plan: &Plan, derived: &Derived, removed: usize) -> bool {
        if removed == 0 {
            return true;
        }
        let Some(left) = self.workloads.checked_sub(removed) else {
            return false;
        };
        let gone = &self.workload_ids[left..];
        plan.workloads.len() == left
            && plan
                .workloads
                .iter()
                .zip(&self.workload_ids)
                .all(|(w, id)| w.id == *id)
            && !gone.iter().enumerate().any(|(at, id)| {
                gone[at + 1..].contains(id)
                    || plan.workloads.iter().any(|w| w.id == *id)
                    || plan.parties.iter().any(|p| p.id == *id)
                    || plan.log.iter().any(|l| l.id == *id)
                    || derived.asset_positions.contains_key(id.as_str())
            })
            && !plan.assets.iter().any(|a| {
                a.workload
                    .as_deref()
                    .is_some_and(|w| gone.iter().any(|id| id == w))
            })
    }

    /// Forgets the last `removed` workloads (see
    /// [`Incremental::can_truncate`]) and what they needed.
    fn truncate(&mut self, derived: &mut Derived, removed: usize) {
        for _ in 0..removed {
            let k = self.workloads - 1;
            let members = self.members.pop().unwrap_or_default();
            let closure = self.closures.pop().unwrap_or_default();
            for &j in members.iter().chain(&closure) {
                self.needed_by[j].retain(|&x| x as usize != k);
            }
            let part = LOG + 1 + k;
            derived.problems = drop_part(std::mem::take(&mut derived.problems), &self.counts, part);
            self.counts.remove(part);
            self.workload_ids.pop();
            derived.workloads.pop();
            self.workloads = k;
        }
    }

    /// Makes room for the workloads after the kept ones, empty until the
    /// assets that join them are regrouped; returns their places.
    fn append(&mut self, plan: &Plan) -> std::ops::Range<usize> {
        let (from, to) = (self.workloads, plan.workloads.len());
        for k in from..to {
            self.members.push(Vec::new());
            self.closures.push(Vec::new());
            self.counts.insert(LOG + 1 + k, [0; 3]);
            self.workload_ids.push(plan.workloads[k].id.clone());
        }
        self.workloads = to;
        from..to
    }

    /// Takes in the `rewired` assets' new dependencies: who depends on
    /// what, and what the workloads that have or need those assets need.
    /// Returns those workloads.
    fn rewire(
        &mut self,
        plan: &Plan,
        index: &super::Positions,
        rewired: &BTreeSet<usize>,
    ) -> BTreeSet<usize> {
        let mut reached = BTreeSet::new();
        for &i in rewired {
            for &j in &self.depends[i] {
                self.dependents[j as usize].retain(|&d| d as usize != i);
            }
            self.depends[i] = problems::dependencies(index, &plan.assets[i]);
            for &j in &self.depends[i] {
                let dependents = &mut self.dependents[j as usize];
                if let Err(at) = dependents.binary_search(&(i as u32)) {
                    dependents.insert(at, i as u32);
                }
            }
            // Only the workloads that have the asset or need it can reach
            // what it depends on.
            reached.extend(self.needed_by[i].iter().map(|&k| k as usize));
        }
        for &k in &reached {
            for &j in &self.closures[k] {
                self.needed_by[j].retain(|&x| x as usize != k);
            }
            self.closures[k] = super::dependency_closure(plan, index, &self.members[k]);
            for &j in &self.closures[k] {
                let needed_by = &mut self.needed_by[j];
                if let Err(at) = needed_by.binary_search(&(k as u32)) {
                    needed_by.insert(at, k as u32);
                }
            }
        }
        reached
    }
}

/// An ascending list of asset positions without those `leaving` and with
/// those `joining` (both ascending; one asset may be in both, when it
/// moved away and back).
fn regroup_list(list: &mut Vec<usize>, leaving: &[usize], joining: &[usize]) {
    if leaving.is_empty() && joining.is_empty() {
        return;
    }
    list.retain(|i| leaving.binary_search(i).is_err());
    list.extend_from_slice(joining);
    list.sort_unstable();
    list.dedup();
}

#[cfg(test)]
#[path = "incremental_tests.rs"]
mod tests;
