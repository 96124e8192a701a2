//! Changes to the plan itself: its name, the replication bandwidth, and
//! its waves — added, renamed (with the workloads in them), dated, moved
//! and removed. Waves are named by index in `plan.waves` (two waves may
//! share a name in a hand-written file); each change edits the waves and
//! workloads it concerns, never the whole plan.

use super::{Refused, count_of};
use crate::derive::waves::{check_dates, wave_index};
use crate::edit::{Edit, Item};
use crate::model::{Plan, Wave, WaveLimits};

/// One change to the plan's name, bandwidth or waves.
#[derive(Clone, Debug, PartialEq)]
pub enum PlanChange {
    /// The plan's name.
    Name(String),
    /// Megabits per second for replication (`None`: not known).
    Bandwidth(Option<u32>),
    /// Appends waves by name, e.g. the labels workloads already use
    /// ([`crate::derive::waves::undefined_labels`]); empty or taken names
    /// are skipped.
    AddWaves(Vec<String>),
    /// Renames a wave and the workloads in it.
    RenameWave(usize, String),
    /// Start and end, `YYYY-MM-DD` (empty: none); refused unless
    /// [`check_dates`] accepts them.
    WaveDates(usize, Option<String>, Option<String>),
    WaveNotes(usize, String),
    /// Moves a wave from one position to another.
    MoveWave(usize, usize),
    /// Removes a wave; its workloads go to no wave.
    RemoveWave(usize),
    /// Format 3: the most a wave should hold (`None`: no limit); a limit
    /// of 0 is refused.
    WaveLimits(WaveLimits),
}

/// What a plan change does: the edit, its label, and for a typed name
/// where the typed text starts in the label.
pub(super) struct Made {
    pub edit: Edit,
    pub label: String,
    pub typed_at: Option<usize>,
}

impl Made {
    fn of(edit: Edit, label: String) -> Self {
        Made {
            edit,
            label,
            typed_at: None,
        }
    }
}

/// The edit that applies a plan change, and its label; refused when it
/// would change nothing or cannot apply (an index out of range, a name
/// that is empty or taken, dates that are no pair of dates).
pub(super) fn change_plan(plan: &Plan, change: &PlanChange) -> Result<Made, Refused> {
    let wave = |i: usize| plan.waves.get(i).ok_or(Refused::Nothing);
    let taken = |name: &str, except: Option<usize>| {
        plan.waves
            .iter()
            .enumerate()
            .any(|(i, w)| Some(i) != except && w.name.trim() == name)
    };
    // The workloads in wave `i` (by the wave their label resolves to).
    let members = |i: usize| {
        plan.workloads
            .iter()
            .filter(move |w| wave_index(plan, &w.wave) == Some(i))
    };
    Ok(match change {
        PlanChange::Name(name) => {
            if *name == plan.name {
                return Err(Refused::Nothing);
            }
            let head = "Rename the plan to ".to_owned();
            Made {
                edit: Edit::SetPlanName(name.clone()),
                typed_at: Some(head.len()),
                label: head + name,
            }
        }
        PlanChange::Bandwidth(mbps) => {
            if *mbps == plan.bandwidth_mbps {
                return Err(Refused::Nothing);
            }
            // Typed a digit at a time, a step is named by the whole
            // number: its digits start where the first label's did.
            let head = "Set the replication bandwidth to ";
            match mbps {
                Some(n) => Made {
                    edit: Edit::SetBandwidth(*mbps),
                    label: format!("{head}{n} Mbit/s"),
                    typed_at: Some(head.len()),
                },
                None => Made::of(
                    Edit::SetBandwidth(None),
                    "Clear the replication bandwidth".to_owned(),
                ),
            }
        }
        PlanChange::WaveLimits(limits) => {
            if *limits == plan.wave_limits
                || limits.assets == Some(0)
                || limits.replication_hours == Some(0)
            {
                return Err(Refused::Nothing);
            }
            let parts: Vec<String> = [
                limits.assets.map(|n| count_of(n as usize, "asset")),
                limits
                    .replication_hours
                    .map(|h| format!("{} of replication", count_of(h as usize, "hour"))),
            ]
            .into_iter()
            .flatten()
            .collect();
            let label = if parts.is_empty() {
                "Clear the wave limits".to_owned()
            } else {
                format!("Limit each wave to {}", parts.join(" and "))
            };
            Made::of(Edit::SetWaveLimits(*limits), label)
        }
        PlanChange::AddWaves(names) => {
            let mut added: Vec<&str> = Vec::new();
            for name in names.iter().map(|n| n.trim()) {
                if name.is_empty() || taken(name, None) || added.contains(&name) {
                    continue;
                }
                added.push(name);
            }
            let label = match added.as_slice() {
                [] => return Err(Refused::Nothing),
                [one] => format!("Add wave {one}"),
                many => format!("Add {}", count_of(many.len(), "wave")),
            };
            let at = plan.waves.len();
            let edits = added
                .iter()
                .enumerate()
                .map(|(k, name)| {
                    let wave = Wave {
                        name: (*name).to_owned(),
                        ..Wave::default()
                    };
                    Edit::InsertWave(at + k, wave)
                })
                .collect();
            Made::of(Edit::Batch(edits), label)
        }
        PlanChange::RenameWave(i, name) => {
            let old = wave(*i)?;
            let name = name.trim();
            if name.is_empty() {
                return Err(Refused::Invalid("A wave needs a name".to_owned()));
            }
            if taken(name, Some(*i)) {
                return Err(Refused::Invalid(format!("There is a wave {name} already")));
            }
            if old.name == name {
                return Err(Refused::Nothing);
            }
            let mut edits = vec![Edit::PutWave(
                *i,
                Wave {
                    name: name.to_owned(),
                    ..old.clone()
                },
            )];
            for w in members(*i) {
                let mut moved = w.clone();
                moved.wave = name.to_owned();
                edits.push(Edit::Put(Item::Workload(moved)));
            }
            let head = format!("Rename wave {} to ", old.name);
            Made {
                edit: Edit::Batch(edits),
                typed_at: Some(head.len()),
                label: head + name,
            }
        }
        PlanChange::WaveDates(i, start, end) => {
            let old = wave(*i)?;
            let clean = |d: &Option<String>| {
                d.as_deref()
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                    .map(str::to_owned)
            };
            let (start, end) = (clean(start), clean(end));
            check_dates(start.as_deref(), end.as_deref()).map_err(Refused::Invalid)?;
            if (&start, &end) == (&old.start, &old.end) {
                return Err(Refused::Nothing);
            }
            let label = if start.is_none() && end.is_none() {
                format!("Clear the dates of wave {}", old.name)
            } else {
                format!("Set the dates of wave {}", old.name)
            };
            let dated = Wave {
                start,
                end,
                ..old.clone()
            };
            Made::of(Edit::PutWave(*i, dated), label)
        }
        PlanChange::WaveNotes(i, notes) => {
            let old = wave(*i)?;
            if old.notes == *notes {
                return Err(Refused::Nothing);
            }
            let noted = Wave {
                notes: notes.clone(),
                ..old.clone()
            };
            Made::of(
                Edit::PutWave(*i, noted),
                format!("Edit the notes of wave {}", old.name),
            )
        }
        PlanChange::MoveWave(from, to) => {
            let old = wave(*from)?;
            let to = (*to).min(plan.waves.len() - 1);
            if to == *from {
                return Err(Refused::Nothing);
            }
            let edit = Edit::Batch(vec![
                Edit::RemoveWave(*from),
                Edit::InsertWave(to, old.clone()),
            ]);
            Made::of(
                edit,
                format!("Move wave {} to position {}", old.name, to + 1),
            )
        }
        PlanChange::RemoveWave(i) => {
            let old = wave(*i)?;
            let mut edits: Vec<Edit> = members(*i)
                .map(|w| {
                    let mut moved = w.clone();
                    moved.wave.clear();
                    Edit::Put(Item::Workload(moved))
                })
                .collect();
            let label = match edits.len() {
                0 => format!("Remove wave {}", old.name),
                n => format!(
                    "Remove wave {} ({} to no wave)",
                    old.name,
                    count_of(n, "workload")
                ),
            };
            edits.push(Edit::RemoveWave(*i));
            Made::of(Edit::Batch(edits), label)
        }
    })
}
