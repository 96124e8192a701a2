//! The placement: workloads that need each other become one unit (the
//! strongly connected components of what workloads need); pinned and held
//! workloads keep their wave and take their unpinned partners with them;
//! then the waves are filled one after another. A unit is ready for a
//! wave once everything it needs is placed in it or before; what a pinned
//! workload needs is placed by the pinned workload's wave (a deadline,
//! beyond the limits); the first wave takes only a pilot; each wave takes
//! ready units in order of preference (non-production first, then lower
//! criticality, then by name) while they fit, and once one does not fit,
//! only units as preferred as it, so a later class never jumps ahead of
//! an earlier one that waits. A unit larger than a limit waits for a wave
//! of its own.

use std::collections::{BTreeMap, BTreeSet};

use super::Options;
use super::graph::{Graph, Size};
use crate::derive::components::strongly_connected;
use crate::derive::size::bytes_within;
use crate::derive::waves::{FIRST_WAVE_ASSETS, wave_index};
use crate::model::{Criticality, Environment, Plan};

/// A pilot holds fewer assets to migrate than this (CAF).
pub const PILOT_ASSETS: usize = FIRST_WAVE_ASSETS;

/// How a workload got its wave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum How {
    /// Pinned: it stays.
    Pinned,
    /// Left where it is for this run.
    Held,
    /// With this pinned (or held) workload: they need each other.
    WithPinned(usize),
    /// In the first wave with room once ready.
    Room,
    /// Alone in a wave: larger than a limit.
    Alone,
    /// By the wave of this pinned (or held) workload, which needs it.
    Deadline(usize),
}

/// Why a unit did not go into a wave it was ready for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Block {
    /// The pilot takes nothing High or Critical.
    PilotCriticality,
    /// The pilot would hold this many assets.
    PilotSize(usize),
    /// The wave had no room left in assets (`true`) or hours.
    Full(usize, bool),
    /// The wave holds this workload's unit alone.
    Closed(usize, usize),
    /// This workload's unit waited for room, and goes first.
    Behind(usize, usize),
}

/// The limits of a wave, in the units the placement counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Limits {
    pub assets: Option<usize>,
    pub bytes: Option<u128>,
    /// The hours `bytes` stands for.
    pub hours: Option<u32>,
    /// The most assets the pilot holds.
    pub pilot_assets: usize,
}

impl Limits {
    pub fn of(options: &Options) -> Self {
        let assets = options.max_assets.map(|a| a as usize);
        let hours = options
            .max_hours
            .filter(|_| options.bandwidth_mbps.is_some_and(|b| b > 0));
        Limits {
            assets,
            bytes: options
                .max_hours
                .zip(options.bandwidth_mbps.filter(|b| *b > 0))
                .map(|(h, b)| bytes_within(h, b)),
            hours,
            pilot_assets: (PILOT_ASSETS - 1).min(assets.unwrap_or(usize::MAX)),
        }
    }

    /// Whether a size alone is above a limit.
    pub fn exceeded_by(&self, size: Size) -> bool {
        self.assets.is_some_and(|m| size.assets > m) || self.bytes.is_some_and(|m| size.bytes > m)
    }
}

/// Where every workload goes, and how.
pub(super) struct Placement {
    /// Per workload: its wave; `None` when it stays in no wave.
    pub wave: Vec<Option<usize>>,
    /// The workloads in the order they were placed (the pinned first).
    pub order: Vec<usize>,
    /// How many waves there are: the plan's and the new ones.
    pub waves: usize,
    pub how: Vec<How>,
    /// Per workload: why its unit did not go into the pilot, and the last
    /// wave it was ready for but did not go into, and why.
    pub pilot_block: Vec<Option<Block>>,
    pub last_block: Vec<Option<Block>>,
    /// The unit (component) of each workload, and the unpinned members of
    /// each unit by name.
    pub unit: Vec<usize>,
    pub members: Vec<Vec<usize>>,
    /// Whether the first wave was filled as a pilot.
    pub pilot: bool,
    /// Whether no unit could make a pilot (then the first wave was filled
    /// as any other).
    pub no_pilot: bool,
    pub limits: Limits,
    /// The environment each workload is placed by (its own, else its
    /// assets' when they all say one).
    pub environment: Vec<Environment>,
}

/// Environment, then criticality, as ranks: lower goes first.
type Class = (u8, u8);

fn environment_rank(e: Environment) -> u8 {
    match e {
        Environment::NonProduction => 0,
        Environment::Unknown => 1,
        Environment::Production => 2,
    }
}

pub(super) fn criticality_rank(c: Criticality) -> u8 {
    match c {
        Criticality::Low => 0,
        Criticality::Medium => 1,
        Criticality::High => 2,
        Criticality::Critical => 3,
    }
}

/// What a wave holds so far.
#[derive(Clone, Copy, Debug, Default)]
struct Load {
    size: Size,
    workloads: usize,
    /// Holds a unit larger than a limit (this workload's), alone.
    closed: Option<usize>,
    /// A High or Critical workload is in it.
    high: bool,
}

/// A unit still to place.
struct Unit {
    members: Vec<usize>,
    size: Size,
    class: Class,
    high: bool,
    /// Sort key: class, then the first member's name.
    key: (Class, String, String),
}

/// The running state of the placement.
struct Sweep<'a> {
    plan: &'a Plan,
    limits: Limits,
    wave: Vec<Option<usize>>,
    how: Vec<How>,
    order: Vec<usize>,
    loads: Vec<Load>,
    /// Waves a workload cannot name (empty, or a name an earlier wave
    /// has): nothing goes there.
    unusable: BTreeSet<usize>,
    pilot_block: Vec<Option<Block>>,
    last_block: Vec<Option<Block>>,
}

impl Sweep<'_> {
    fn load(&mut self, k: usize) -> &mut Load {
        if self.loads.len() <= k {
            self.loads.resize(k + 1, Load::default());
        }
        &mut self.loads[k]
    }

    fn put(&mut self, w: usize, k: Option<usize>, how: How, size: Size) {
        self.wave[w] = k;
        self.how[w] = how;
        self.order.push(w);
        if let Some(k) = k {
            let high = criticality_rank(self.plan.workloads[w].criticality) >= 2;
            let load = self.load(k);
            load.size.add(size);
            load.workloads += 1;
            load.high |= high;
        }
    }

    /// Whether a unit fits wave `k`, as the pilot when `pilot`.
    fn fits(&mut self, unit: &Unit, k: usize, pilot: bool) -> Result<bool, Option<Block>> {
        let limits = self.limits;
        let load = *self.load(k);
        if pilot {
            if unit.high {
                return Err(Some(Block::PilotCriticality));
            }
            let would = load.size.assets + unit.size.assets;
            if would > limits.pilot_assets {
                return Err(Some(Block::PilotSize(would)));
            }
            if limits
                .bytes
                .is_some_and(|m| load.size.bytes + unit.size.bytes > m)
            {
                return Err(Some(Block::Full(k, false)));
            }
            return Ok(false);
        }
        if let Some(by) = load.closed {
            return Err(Some(Block::Closed(k, by)));
        }
        if limits.exceeded_by(unit.size) {
            // A wave of its own, or wait for one.
            return if load.workloads == 0 {
                Ok(true)
            } else {
                Err(None)
            };
        }
        if limits
            .assets
            .is_some_and(|m| load.size.assets + unit.size.assets > m)
        {
            return Err(Some(Block::Full(k, true)));
        }
        if limits
            .bytes
            .is_some_and(|m| load.size.bytes + unit.size.bytes > m)
        {
            return Err(Some(Block::Full(k, false)));
        }
        Ok(false)
    }
}

/// Where each workload goes.
pub(super) fn place(plan: &Plan, graph: &Graph, options: &Options) -> Placement {
    let n = plan.workloads.len();
    let limits = Limits::of(options);
    let environment: Vec<Environment> = plan
        .workloads
        .iter()
        .zip(&graph.asset_environment)
        .map(|(w, assets)| match w.environment {
            Environment::Unknown => assets.unwrap_or(Environment::Unknown),
            own => own,
        })
        .collect();
    // Pinned or held: the wave it is in today, which it keeps.
    let fixed: Vec<Option<(Option<usize>, How)>> = (0..n)
        .map(|w| {
            let today = wave_index(plan, &plan.workloads[w].wave);
            if options.pinned(plan, w) {
                Some((today, How::Pinned))
            } else if options.held.contains(&plan.workloads[w].id) {
                Some((today, How::Held))
            } else {
                None
            }
        })
        .collect();
    let edges: Vec<Vec<usize>> = graph
        .needs
        .iter()
        .map(|needs| needs.iter().map(|n| n.workload).collect())
        .collect();
    let components = strongly_connected(&edges);
    let unit = components.of_each();
    let comp_list: Vec<&[usize]> = components.iter().collect();
    let comps = comp_list.len();
    let name_key = |w: usize| {
        let name = &plan.workloads[w].name;
        (name.to_lowercase(), name.clone(), w)
    };
    // The unpinned members of each unit, by name.
    let members: Vec<Vec<usize>> = comp_list
        .iter()
        .map(|c| {
            let mut free: Vec<usize> = c.iter().copied().filter(|&w| fixed[w].is_none()).collect();
            free.sort_by_key(|&w| name_key(w));
            free
        })
        .collect();
    // The units each unit needs, and those that need it.
    let mut needs: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); comps];
    for (w, targets) in edges.iter().enumerate() {
        for &v in targets {
            if unit[v] != unit[w] {
                needs[unit[w]].insert(unit[v]);
            }
        }
    }
    let mut needed_by: Vec<Vec<usize>> = vec![Vec::new(); comps];
    for (c, targets) in needs.iter().enumerate() {
        for &d in targets {
            needed_by[d].push(c);
        }
    }
    let mut sweep = Sweep {
        plan,
        limits,
        wave: vec![None; n],
        how: vec![How::Room; n],
        order: Vec::with_capacity(n),
        loads: vec![Load::default(); plan.waves.len()],
        unusable: unusable_waves(plan),
        pilot_block: vec![None; n],
        last_block: vec![None; n],
    };
    // Pinned and held workloads first, in plan order; then their
    // unpinned partners, to the latest of their waves.
    let mut forced: Vec<Option<(usize, usize)>> = vec![None; comps];
    for w in 0..n {
        if let Some((today, how)) = fixed[w] {
            sweep.put(w, today, how, graph.size[w]);
            if let Some(k) = today
                && forced[unit[w]].is_none_or(|(f, _)| k > f)
            {
                forced[unit[w]] = Some((k, w));
            }
        }
    }
    for (c, free) in members.iter().enumerate() {
        if let Some((k, by)) = forced[c] {
            for &w in free {
                sweep.put(w, Some(k), How::WithPinned(by), graph.size[w]);
            }
        }
    }
    // Units still to place, and when each is settled (every member has
    // its wave, or stays in no wave).
    let units: Vec<Option<Unit>> = (0..comps)
        .map(|c| {
            if members[c].is_empty() || forced[c].is_some() {
                return None;
            }
            let mut size = Size::default();
            let mut environment_class = 0;
            let mut criticality_class = 0;
            for &w in &members[c] {
                size.add(graph.size[w]);
                environment_class = environment_class.max(environment_rank(environment[w]));
                criticality_class =
                    criticality_class.max(criticality_rank(plan.workloads[w].criticality));
            }
            let class = (environment_class, criticality_class);
            let (lower, name, _) = name_key(members[c][0]);
            Some(Unit {
                members: members[c].clone(),
                size,
                class,
                high: criticality_class >= 2,
                key: (class, lower, name),
            })
        })
        .collect();
    // The deadline of each unit: the earliest wave of a pinned workload
    // that needs it, directly or through units that need it; and which
    // pinned workload sets it. Units that need others come later in the
    // components' order, so they are done first going backwards.
    let mut deadline: Vec<Option<(usize, usize)>> = vec![None; comps];
    for c in (0..comps).rev() {
        for &w in comp_list[c] {
            let bound = match sweep.how[w] {
                How::Pinned | How::Held | How::WithPinned(_) => sweep.wave[w].map(|k| (k, w)),
                _ => deadline[c],
            };
            let Some((k, by)) = bound else {
                continue;
            };
            for v in &edges[w] {
                let d = unit[*v];
                if d != c && deadline[d].is_none_or(|(e, _)| k < e) {
                    deadline[d] = Some((k, by));
                }
            }
        }
    }
    let mut remaining: Vec<usize> = needs.iter().map(BTreeSet::len).collect();
    let mut lower: Vec<usize> = vec![0; comps];
    let settle =
        |c: usize, k: Option<usize>, remaining: &mut Vec<usize>, lower: &mut Vec<usize>| {
            let mut now_ready = Vec::new();
            for &d in &needed_by[c] {
                remaining[d] -= 1;
                if let Some(k) = k {
                    lower[d] = lower[d].max(k);
                }
                if remaining[d] == 0 {
                    now_ready.push(d);
                }
            }
            now_ready
        };
    let mut waiting: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut to_place = 0;
    for c in 0..comps {
        if units[c].is_none() {
            // Settled from the start: what waits for it is counted below.
            let wave = comp_list[c].iter().filter_map(|&w| sweep.wave[w]).max();
            let _ = settle(c, wave, &mut remaining, &mut lower);
        } else {
            to_place += 1;
        }
    }
    for c in 0..comps {
        if units[c].is_some() && remaining[c] == 0 {
            waiting.entry(lower[c]).or_default().push(c);
        }
    }
    // Past every wave a pin names and one wave per unit, every unit is
    // placed; a guard against a mistake looping for ever.
    let last_wave = sweep.loads.len() + comps + 1;
    let key = |c: usize| units[c].as_ref().map(|u| u.key.clone()).unwrap_or_default();
    let mut ready: BTreeSet<((Class, String, String), usize)> = BTreeSet::new();
    let mut due: BTreeSet<(usize, (Class, String, String), usize)> = BTreeSet::new();
    let mut pilot = true;
    let mut no_pilot = false;
    let mut k = 0;
    while to_place > 0 && k <= last_wave {
        for (_, list) in waiting.range(..=k) {
            for &c in list {
                ready.insert((key(c), c));
                if let Some((d, _)) = deadline[c] {
                    due.insert((d, key(c), c));
                }
            }
        }
        waiting.retain(|&lb, _| lb > k);
        if sweep.unusable.contains(&k) {
            k += 1;
            continue;
        }
        let as_pilot = pilot && k == 0;
        let mut skipped: BTreeSet<usize> = BTreeSet::new();
        // The class of the first unit that found no room: only units as
        // preferred as it may still go into this wave.
        let mut waits: Option<(Class, usize)> = None;
        let placed_before = sweep.load(k).workloads;
        loop {
            // What a pinned workload of this wave (or an earlier one)
            // needs goes now, whatever the limits.
            let next = match due.first() {
                Some(&(d, _, c)) if d <= k => {
                    Some((c, Some(How::Deadline(deadline[c].map_or(0, |(_, by)| by)))))
                }
                _ => ready
                    .iter()
                    .find(|(key, c)| {
                        !skipped.contains(c) && waits.is_none_or(|(class, _)| key.0 <= class)
                    })
                    .map(|&(_, c)| (c, None)),
            };
            let Some((c, forced_how)) = next else {
                break;
            };
            let Some(unit_c) = units[c].as_ref() else {
                break;
            };
            let how = match forced_how {
                Some(how) => how,
                None => match sweep.fits(unit_c, k, as_pilot) {
                    Ok(true) => How::Alone,
                    Ok(false) => How::Room,
                    Err(block) => {
                        skipped.insert(c);
                        if let Some(block) = block {
                            for &w in &unit_c.members {
                                if as_pilot {
                                    sweep.pilot_block[w] = Some(block);
                                } else {
                                    sweep.last_block[w] = Some(block);
                                }
                            }
                            if matches!(block, Block::Full(..)) && !as_pilot && waits.is_none() {
                                waits = Some((unit_c.class, unit_c.members[0]));
                            }
                        }
                        continue;
                    }
                },
            };
            for &w in &unit_c.members {
                sweep.put(w, Some(k), how, graph.size[w]);
            }
            if how == How::Alone {
                sweep.load(k).closed = Some(unit_c.members[0]);
            }
            ready.remove(&(key(c), c));
            if let Some((d, _)) = deadline[c] {
                due.remove(&(d, key(c), c));
            }
            to_place -= 1;
            for d in settle(c, Some(k), &mut remaining, &mut lower) {
                if units[d].is_none() {
                    continue;
                }
                if lower[d] <= k {
                    ready.insert((key(d), d));
                    if let Some((e, _)) = deadline[d] {
                        due.insert((e, key(d), d));
                    }
                } else {
                    waiting.entry(lower[d]).or_default().push(d);
                }
            }
        }
        if as_pilot
            && sweep.load(0).workloads == placed_before
            && placed_before == 0
            && !ready.is_empty()
        {
            // Nothing could start as a pilot: the first wave is filled
            // as any other.
            pilot = false;
            no_pilot = true;
            sweep.pilot_block.iter_mut().for_each(|b| *b = None);
            continue;
        }
        // Units that were ready but waited behind a preferred one.
        if let Some((class, by)) = waits {
            for (key, c) in &ready {
                if key.0 > class
                    && let Some(u) = &units[*c]
                {
                    for &w in &u.members {
                        sweep.last_block[w] = Some(Block::Behind(k, by));
                    }
                }
            }
        }
        k += 1;
    }
    let used = sweep
        .wave
        .iter()
        .flatten()
        .map(|k| k + 1)
        .max()
        .unwrap_or(0);
    Placement {
        waves: used.max(plan.waves.len()),
        wave: sweep.wave,
        order: sweep.order,
        how: sweep.how,
        pilot_block: sweep.pilot_block,
        last_block: sweep.last_block,
        unit,
        members,
        pilot: pilot && !no_pilot,
        no_pilot,
        limits,
        environment,
    }
}

/// The waves a workload cannot be placed in by name: an empty name, or a
/// name an earlier wave has (a label names the first).
fn unusable_waves(plan: &Plan) -> BTreeSet<usize> {
    plan.waves
        .iter()
        .enumerate()
        .filter(|(k, w)| wave_index(plan, &w.name) != Some(*k))
        .map(|(k, _)| k)
        .collect()
}
