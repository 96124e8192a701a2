//! Derived state kept up to date one edit at a time. A full derive of
//! 100,000 assets takes a few hundred milliseconds, too long for a click
//! or a keystroke; an edit instead re-derives what it touched, as the
//! edit says it ([`Touches`]: which assets, workloads, parties, log
//! entries and waves were created, removed, renamed, moved or changed in
//! their other fields).
//!
//! What a full derive computed on the way is kept, by position: each
//! asset's stage, what it blocks, what it depends on and what depends on
//! it, its workload; each workload's assets and what they need; the
//! problems list as parts (see [`list`]). An edit then costs what it
//! reaches: an asset's field re-checks the asset, what depends on it and
//! the workloads that need it; a rename also the assets and workloads
//! whose findings name it; an asset or workload removed or inserted
//! moves the positions after it along ([`Remap`]) and regroups what it
//! belonged to; a wave changed finds every workload's wave findings
//! again, and nothing else; a party renamed rewrites the few messages that
//! name it. The result is always the one a full derive would give (a
//! property test compares them over random edits of every kind); what it
//! cannot tell cheaply — an id that two items share, thousands of assets
//! created at once — asks for a full derive instead.

mod list;
mod remap;
mod update;

use std::collections::{HashMap, HashSet};

use super::problems::Blocking;
use super::workload::WaveSegment;
use super::{Derived, Hasher, Problem};
use crate::model::Plan;
pub(super) use list::ProblemParts;
use list::{Counts, held};
pub use remap::Remap;

/// The plan's part of the problems list; the log's follows it, then the
/// workloads', the assets' and the waves'.
const PLAN: usize = 0;
const LOG: usize = 1;

/// What [`Incremental::workload_of`] says of an asset in no workload.
const INVENTORY: u32 = u32::MAX;
/// … of an asset whose workload is not in the plan.
const ORPHAN: u32 = u32::MAX - 1;
/// … of an asset just created, not yet placed.
const NEW: u32 = u32::MAX - 2;

/// What a full derive computed on the way, per asset and per workload.
pub(super) struct Parts {
    pub problems: ProblemParts,
    /// Where each workload's wave findings sit among its problems.
    pub wave_segments: Vec<WaveSegment>,
    /// The plan's part of the problems: duplicate ids, control
    /// characters in names, dependency cycles (in that order).
    pub duplicate_ids: Vec<Problem>,
    pub control: Vec<Problem>,
    pub cycles: Vec<Problem>,
    /// Ids more than one item carries.
    pub repeated_ids: HashSet<String, Hasher>,
    /// The assets in a dependency cycle, ascending.
    pub in_cycle: Vec<u32>,
    /// What each asset blocks in the workloads that need it.
    pub blocking: Vec<Blocking>,
    /// What each asset depends on, by position.
    pub depends: Vec<Vec<u32>>,
    /// Dependencies on ids no asset has → the assets that name them.
    pub missing: HashMap<String, Vec<u32>, Hasher>,
    /// Asset → the first earlier asset with the same name.
    pub namesakes: HashMap<usize, usize>,
    /// Each asset's name as a number ([`super::problems::name_key`]).
    pub name_keys: Vec<u64>,
    /// The assets of each workload, in the order of `plan.workloads`.
    pub members: Vec<Vec<usize>>,
    /// What each workload's assets need outside them, transitively.
    pub closures: Vec<Vec<usize>>,
}

/// The parts of the last derive and the maps that say which parts a
/// change reaches, for the plan as it was derived.
pub struct Incremental {
    /// How many problems of each severity each part has in the problems
    /// list, in part order: the plan, the log, each workload, each asset,
    /// the waves.
    counts: Vec<Counts>,
    wave_segments: Vec<WaveSegment>,
    duplicate_ids: Vec<Problem>,
    control: Vec<Problem>,
    cycles: Vec<Problem>,
    repeated_ids: HashSet<String, Hasher>,
    in_cycle: Vec<u32>,
    blocking: Vec<Blocking>,
    namesakes: HashMap<usize, usize>,
    /// Asset → its name as a number: a look for namesakes reads these,
    /// not every asset's name.
    name_keys: Vec<u64>,
    members: Vec<Vec<usize>>,
    closures: Vec<Vec<usize>>,
    /// Asset → the workloads that have it among their assets or need it,
    /// ascending.
    needed_by: Vec<Vec<u32>>,
    /// Asset → the assets it depends on.
    depends: Vec<Vec<u32>>,
    /// Asset → the assets that depend on it directly, ascending.
    dependents: Vec<Vec<u32>>,
    missing: HashMap<String, Vec<u32>, Hasher>,
    /// Asset → the place of its workload in `plan.workloads`, or
    /// [`INVENTORY`], [`ORPHAN`].
    workload_of: Vec<u32>,
    /// The workloads' ids, in order.
    workload_ids: Vec<String>,
    /// Workload id → the place of the first workload with it.
    workload_index: HashMap<String, u32, Hasher>,
    /// Two workloads share an id: both list the same assets, which
    /// [`Incremental::workload_of`] cannot say; a change to who is in a
    /// workload derives everything.
    workload_ids_repeated: bool,
}

/// Kept for no plan: an update asks for a full derive.
impl Default for Incremental {
    fn default() -> Self {
        Self {
            counts: Vec::new(),
            wave_segments: Vec::new(),
            duplicate_ids: Vec::new(),
            control: Vec::new(),
            cycles: Vec::new(),
            repeated_ids: HashSet::default(),
            in_cycle: Vec::new(),
            blocking: Vec::new(),
            namesakes: HashMap::new(),
            name_keys: Vec::new(),
            members: Vec::new(),
            closures: Vec::new(),
            needed_by: Vec::new(),
            depends: Vec::new(),
            dependents: Vec::new(),
            missing: HashMap::default(),
            workload_of: Vec::new(),
            workload_ids: Vec::new(),
            workload_index: HashMap::default(),
            workload_ids_repeated: false,
        }
    }
}

impl std::fmt::Debug for Incremental {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Incremental")
            .field("assets", &self.workload_of.len())
            .field("workloads", &self.workload_ids.len())
            .finish_non_exhaustive()
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
        let mut dependents: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (i, deps) in parts.depends.iter().enumerate() {
            for &j in deps {
                let list = &mut dependents[j as usize];
                // An asset may name the same dependency twice.
                if list.last() != Some(&(i as u32)) {
                    list.push(i as u32);
                }
            }
        }
        let mut workload_index: HashMap<String, u32, Hasher> = HashMap::default();
        let mut workload_ids_repeated = false;
        for (k, w) in plan.workloads.iter().enumerate() {
            if workload_index.contains_key(&w.id) {
                workload_ids_repeated = true;
            } else {
                workload_index.insert(w.id.clone(), k as u32);
            }
        }
        let workload_of = plan
            .assets
            .iter()
            .map(|a| place_of(&workload_index, a.workload.as_deref()))
            .collect();
        let counts = parts.problems.counts();
        let incremental = Self {
            counts,
            wave_segments: parts.wave_segments,
            duplicate_ids: parts.duplicate_ids,
            control: parts.control,
            cycles: parts.cycles,
            repeated_ids: parts.repeated_ids,
            in_cycle: parts.in_cycle,
            blocking: parts.blocking,
            namesakes: parts.namesakes,
            name_keys: parts.name_keys,
            members: parts.members,
            closures: parts.closures,
            needed_by,
            depends: parts.depends,
            dependents,
            missing: parts.missing,
            workload_of,
            workload_ids: plan.workloads.iter().map(|w| w.id.clone()).collect(),
            workload_index,
            workload_ids_repeated,
        };
        (incremental, parts.problems.into_problems())
    }

    /// The places of the assets that depend on the asset at place `at`,
    /// ascending, when the kept state is that of `plan` and no two assets
    /// share an id (else `None`: look).
    pub fn dependents_of(&self, plan: &Plan, at: usize) -> Option<&[u32]> {
        (self.repeated_ids.is_empty() && self.dependents.len() == plan.assets.len())
            .then(|| self.dependents.get(at).map(Vec::as_slice))
            .flatten()
    }

    /// The places of the assets in the workload with this id, ascending,
    /// when the kept state is that of `plan` and no two workloads share an
    /// id (else `None`: look).
    pub fn members_of(&self, plan: &Plan, id: &str) -> Option<&[usize]> {
        if self.workload_ids_repeated
            || self.workload_of.len() != plan.assets.len()
            || self.workload_ids.len() != plan.workloads.len()
        {
            return None;
        }
        let &k = self.workload_index.get(id)?;
        self.members.get(k as usize).map(Vec::as_slice)
    }

    /// Whether the kept state still describes `derived` (an update that
    /// gave up may have left it half way).
    fn matches(&self, derived: &Derived) -> bool {
        let (n, w) = (self.workload_of.len(), self.workload_ids.len());
        self.counts.len() == n + w + 3
            && self.name_keys.len() == n
            && derived.stages.len() == n
            && derived.workloads.len() == w
            && held(&self.counts) == derived.problems.len()
    }
}

/// Where an asset of workload `id` is: the place of its workload, or
/// [`INVENTORY`], or [`ORPHAN`] when the plan has no workload with it.
fn place_of(index: &HashMap<String, u32, Hasher>, id: Option<&str>) -> u32 {
    match id {
        None => INVENTORY,
        Some(id) => index.get(id).copied().unwrap_or(ORPHAN),
    }
}

#[cfg(test)]
#[path = "incremental_tests.rs"]
mod tests;
