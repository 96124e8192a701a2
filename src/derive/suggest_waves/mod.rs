//! Suggested waves: every workload that is not pinned placed into waves by
//! the product's six rules, strongest first — pinned workloads stay; those
//! that need each other share a wave; a workload comes with or after what
//! it needs; the first wave is a pilot (fewer than 10 assets, nothing High
//! or Critical); each wave keeps within the plan's limits; then
//! non-production before production, lower criticality earlier, fewer and
//! fuller waves, ties by name — each placement with the reasons a person
//! reads in a workshop, and warnings for what could not be satisfied.
//!
//! A pure function of the plan (and of limits and pins given for one
//! run): the same plan always gives the same answer, and the placement
//! depends on nothing a suggestion changes, so suggesting again on its
//! result moves nothing. Existing waves are reused in order, with their
//! names, dates and notes; new ones are named `Wave N`.
//!
//! One room per step: what workloads need of each other (`graph`), the
//! placement (`place`), and the reasons and warnings in words (`words`).

mod graph;
mod place;
mod words;

use std::collections::{BTreeMap, BTreeSet};

use crate::derive::size::replication_hours;
use crate::model::Plan;

pub use place::PILOT_ASSETS;

/// What a suggestion is asked with: the plan's limits and bandwidth, or
/// others for this run, and pins or holds of the moment (the app's
/// proposal, before they are applied).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The most assets to migrate in one wave.
    pub max_assets: Option<u32>,
    /// The most hours of replication in one wave, at `bandwidth_mbps`.
    pub max_hours: Option<u32>,
    /// Megabits per second for replication.
    pub bandwidth_mbps: Option<u32>,
    /// Pins that differ from the plan's for this run (workload id →
    /// pinned).
    pub pins: BTreeMap<String, bool>,
    /// Workloads left where they are for this run, without a pin.
    pub held: BTreeSet<String>,
}

impl Options {
    /// The plan's own limits and bandwidth.
    pub fn of(plan: &Plan) -> Self {
        Options {
            max_assets: plan.wave_limits.assets,
            max_hours: plan.wave_limits.replication_hours,
            bandwidth_mbps: plan.bandwidth_mbps,
            ..Options::default()
        }
    }

    /// Whether the workload stays pinned in this run.
    pub fn pinned(&self, plan: &Plan, index: usize) -> bool {
        let workload = &plan.workloads[index];
        self.pins
            .get(&workload.id)
            .copied()
            .unwrap_or(workload.wave_pinned)
    }
}

/// Something the suggestion could not satisfy, or worth knowing about
/// its answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub code: &'static str,
    pub message: String,
    /// The workload it is about (its id), if one.
    pub subject: Option<String>,
}

/// One workload in a suggested wave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    /// Index in `plan.workloads`.
    pub workload: usize,
    pub id: String,
    pub name: String,
    /// The wave it is in today, when the suggestion moves it (`""` for no
    /// wave); `None` when it stays.
    pub moved_from: Option<String>,
    pub pinned: bool,
    /// Left where it is for this run only.
    pub held: bool,
    /// Why it is here, each a sentence a person reads.
    pub reasons: Vec<String>,
}

/// One wave of the suggestion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SuggestedWave {
    /// Its name; `""` for the workloads that stay in no wave (pinned or
    /// held there), listed last.
    pub name: String,
    /// Whether the plan does not have it yet.
    pub new: bool,
    /// Its place in `plan.waves` once applied; `None` for no wave.
    pub index: Option<usize>,
    /// Its workloads, in the order they were placed.
    pub workloads: Vec<Placed>,
    /// Assets to migrate (Retire and Retain are not).
    pub assets: usize,
    /// Their storage, where known.
    pub bytes: u128,
    /// Assets of unknown size.
    pub unknown: usize,
}

impl SuggestedWave {
    pub fn gib(&self) -> f64 {
        self.bytes as f64 / crate::derive::size::GIB as f64
    }

    /// Hours of replication at this bandwidth; `None` without one, or when
    /// no asset's size is known.
    pub fn hours(&self, bandwidth_mbps: Option<u32>) -> Option<f64> {
        if self.assets > 0 && self.unknown == self.assets {
            return None;
        }
        replication_hours(self.bytes, bandwidth_mbps?)
    }
}

/// A proposal of waves for every workload, with reasons and warnings.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// The waves in order: the plan's, then the new ones; then, when some
    /// workloads stay in no wave, a group named `""`.
    pub waves: Vec<SuggestedWave>,
    pub warnings: Vec<Warning>,
    /// What it was asked with.
    pub options: Options,
}

impl Suggestion {
    /// The names of the waves it adds, in order.
    pub fn new_waves(&self) -> Vec<String> {
        self.waves
            .iter()
            .filter(|w| w.new)
            .map(|w| w.name.clone())
            .collect()
    }

    /// Every workload it moves: (id, the wave it goes to), in wave order.
    pub fn moves(&self) -> Vec<(String, String)> {
        self.waves
            .iter()
            .flat_map(|w| {
                w.workloads
                    .iter()
                    .filter(|p| p.moved_from.is_some())
                    .map(|p| (p.id.clone(), w.name.clone()))
            })
            .collect()
    }

    /// How many workloads it moves.
    pub fn moved(&self) -> usize {
        self.waves
            .iter()
            .flat_map(|w| &w.workloads)
            .filter(|p| p.moved_from.is_some())
            .count()
    }

    /// Where the workload with this id goes, and why.
    pub fn placed(&self, id: &str) -> Option<(&SuggestedWave, &Placed)> {
        self.waves
            .iter()
            .find_map(|w| w.workloads.iter().find(|p| p.id == id).map(|p| (w, p)))
    }

    /// Whether it changes nothing of the plan.
    pub fn is_nothing(&self) -> bool {
        self.moved() == 0 && !self.waves.iter().any(|w| w.new)
    }
}

/// Places every workload of the plan that is not pinned (or held) into
/// waves, and says why for each.
pub fn suggest(plan: &Plan, options: &Options) -> Suggestion {
    let graph = graph::Graph::of(plan);
    let placement = place::place(plan, &graph, options);
    let names = wave_names(plan, placement.waves);
    let (reasons, warnings) = words::explain(plan, &graph, options, &placement, &names);
    let mut waves: Vec<SuggestedWave> = names
        .iter()
        .enumerate()
        .map(|(k, name)| SuggestedWave {
            name: name.clone(),
            new: k >= plan.waves.len(),
            index: Some(k),
            workloads: Vec::new(),
            assets: 0,
            bytes: 0,
            unknown: 0,
        })
        .collect();
    let mut nowhere = SuggestedWave {
        name: String::new(),
        new: false,
        index: None,
        workloads: Vec::new(),
        assets: 0,
        bytes: 0,
        unknown: 0,
    };
    for (&w, reasons) in placement.order.iter().zip(reasons) {
        let workload = &plan.workloads[w];
        let wave = placement.wave[w];
        // Moved when its label changes: a label that already names a
        // wave the suggestion adds is not a move.
        let moved_from = match wave {
            Some(k) if workload.wave.trim() != names[k].trim() => {
                Some(workload.wave.trim().to_owned())
            }
            _ => None,
        };
        let target = match wave {
            Some(k) => &mut waves[k],
            None => &mut nowhere,
        };
        let size = graph.size[w];
        target.assets += size.assets;
        target.bytes += size.bytes;
        target.unknown += size.unknown;
        target.workloads.push(Placed {
            workload: w,
            id: workload.id.clone(),
            name: workload.name.clone(),
            moved_from,
            pinned: options.pinned(plan, w),
            held: options.held.contains(&workload.id),
            reasons,
        });
    }
    if !nowhere.workloads.is_empty() {
        waves.push(nowhere);
    }
    Suggestion {
        waves,
        warnings,
        options: options.clone(),
    }
}

/// The names of the waves: the plan's, then `Wave N` for each new one
/// (the first number from its place up that no wave has).
fn wave_names(plan: &Plan, count: usize) -> Vec<String> {
    let mut names: Vec<String> = plan.waves.iter().map(|w| w.name.clone()).collect();
    let mut taken: BTreeSet<String> = names.iter().map(|n| n.trim().to_lowercase()).collect();
    for k in plan.waves.len()..count {
        let mut number = k + 1;
        let name = loop {
            let name = format!("Wave {number}");
            if taken.insert(name.to_lowercase()) {
                break name;
            }
            number += 1;
        };
        names.push(name);
    }
    names
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod properties;
