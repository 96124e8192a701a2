//! A placement of workloads into waves, applied as one step: what a
//! suggestion of waves proposes ([`crate::derive::suggest_waves`]) — new
//! waves appended by name, each workload moved to its wave, the pins and
//! the limits and bandwidth the room settled on while looking at it.

use super::{Refused, count_of};
use crate::derive::suggest_waves::Suggestion;
use crate::edit::{Edit, Item};
use crate::model::{Plan, Wave, WaveLimits};

/// Workloads into waves, as one change.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Placement {
    /// Waves to append, by name, in order.
    pub add_waves: Vec<String>,
    /// Workload id → the name of its wave.
    pub moves: Vec<(String, String)>,
    /// Workload id → pinned or not.
    pub pins: Vec<(String, bool)>,
    /// The wave limits to keep with the plan, when they change.
    pub limits: Option<WaveLimits>,
    /// The replication bandwidth to keep with the plan (Mbit/s, `None`
    /// for not known), when it changes: the hours limit was kept at it.
    pub bandwidth: Option<Option<u32>>,
}

impl Placement {
    /// What a suggestion moves and adds.
    pub fn of(suggestion: &Suggestion) -> Self {
        Placement {
            add_waves: suggestion.new_waves(),
            moves: suggestion.moves(),
            ..Placement::default()
        }
    }
}

/// The edit that applies a placement, and its label ("Apply suggested
/// waves: move 12 workloads, add 2 waves"); refused when it changes
/// nothing, adds a wave the plan has or moves a workload to a wave it
/// will not have.
pub(super) fn place(plan: &Plan, placement: &Placement) -> Result<(Edit, String), Refused> {
    let mut edits = Vec::new();
    let mut names: Vec<String> = plan
        .waves
        .iter()
        .map(|w| w.name.trim().to_owned())
        .collect();
    for name in &placement.add_waves {
        let name = name.trim();
        if name.is_empty() || names.iter().any(|n| n == name) {
            return Err(Refused::Invalid(format!(
                "There is a wave {name} already; suggest the waves again"
            )));
        }
        edits.push(Edit::InsertWave(
            names.len(),
            Wave {
                name: name.to_owned(),
                ..Wave::default()
            },
        ));
        names.push(name.to_owned());
    }
    let added = edits.len();
    let mut moved = 0;
    let mut pinned = 0;
    let mut unpinned = 0;
    for workload in &plan.workloads {
        let mut updated = workload.clone();
        if let Some((_, wave)) = placement.moves.iter().find(|(id, _)| *id == workload.id) {
            let wave = wave.trim();
            if !names.iter().any(|n| n == wave) {
                return Err(Refused::Invalid(format!(
                    "{} would go to wave {wave}, which the plan does not have; suggest the waves again",
                    workload.name
                )));
            }
            if updated.wave.trim() != wave {
                updated.wave = wave.to_owned();
                moved += 1;
            }
        }
        if let Some(&(_, pin)) = placement.pins.iter().find(|(id, _)| *id == workload.id)
            && updated.wave_pinned != pin
        {
            updated.wave_pinned = pin;
            if pin {
                pinned += 1;
            } else {
                unpinned += 1;
            }
        }
        if updated != *workload {
            edits.push(Edit::Put(Item::Workload(updated)));
        }
    }
    let limits = placement.limits.filter(|l| {
        *l != plan.wave_limits && l.assets != Some(0) && l.replication_hours != Some(0)
    });
    if let Some(limits) = limits {
        edits.push(Edit::SetWaveLimits(limits));
    }
    let bandwidth = placement
        .bandwidth
        .filter(|b| *b != plan.bandwidth_mbps && *b != Some(0));
    if let Some(mbps) = bandwidth {
        edits.push(Edit::SetBandwidth(mbps));
    }
    if edits.is_empty() {
        return Err(Refused::Nothing);
    }
    let mut parts = Vec::new();
    if moved > 0 {
        parts.push(format!("move {}", count_of(moved, "workload")));
    }
    if added > 0 {
        parts.push(format!("add {}", count_of(added, "wave")));
    }
    if pinned > 0 {
        parts.push(format!("pin {}", count_of(pinned, "workload")));
    }
    if unpinned > 0 {
        parts.push(format!("unpin {}", count_of(unpinned, "workload")));
    }
    if let Some(limits) = limits {
        parts.push(match (limits.assets, limits.replication_hours) {
            (None, None) => "clear the wave limits".to_owned(),
            (assets, hours) => format!(
                "limit each wave to {}",
                [
                    assets.map(|n| count_of(n as usize, "asset")),
                    hours.map(|h| format!("{} of replication", count_of(h as usize, "hour"))),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" and ")
            ),
        });
    }
    match bandwidth {
        Some(Some(mbps)) => parts.push(format!("set the bandwidth to {mbps} Mbit/s")),
        Some(None) => parts.push("clear the bandwidth".to_owned()),
        None => {}
    }
    Ok((
        Edit::Batch(edits),
        format!("Apply suggested waves: {}", parts.join(", ")),
    ))
}
