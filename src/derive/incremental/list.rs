//! The problems list as a full derive makes it, kept as parts so that an
//! edit replaces only the parts it touched: the plan's, the log's, one per
//! workload, one per asset, the waves'. The list holds every part in order
//! and is then sorted by severity (stable), so each part's problems of one
//! severity are one run; how many each part has of each severity is all
//! that is needed to find its runs again.

use super::super::{Problem, Severity};

/// The problems of a plan as a full derive finds them, part by part, in
/// the order they are listed before sorting by severity.
#[derive(Clone, Debug, Default)]
pub(in crate::derive) struct ProblemParts {
    /// Duplicate ids, control characters in names, dependency cycles.
    pub of_plan: Vec<Problem>,
    /// Log entries whose owner is not a party, or whose dates are none.
    pub of_log: Vec<Problem>,
    /// One list per workload, in the order of `plan.workloads`.
    pub of_workloads: Vec<Vec<Problem>>,
    /// One list per asset, in the order of `plan.assets`.
    pub of_assets: Vec<Vec<Problem>>,
    /// The waves' dates and the size of the first wave.
    pub of_waves: Vec<Problem>,
}

/// Severities in the order of the problems list.
const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

/// Where warnings are counted in [`Counts`].
pub(super) const WARNING: usize = Severity::Warning as usize;

/// How many problems of each severity one part has.
pub(super) type Counts = [u32; 3];

pub(super) fn counts(problems: &[Problem]) -> Counts {
    let mut counts = [0; 3];
    for p in problems {
        counts[p.severity as usize] += 1;
    }
    counts
}

/// How many problems the parts hold in all.
pub(super) fn held(counts: &[Counts]) -> usize {
    counts.iter().flatten().map(|&c| c as usize).sum()
}

impl ProblemParts {
    /// How many problems of each severity each part has, in part order:
    /// the plan, the log, each workload, each asset, the waves.
    pub(super) fn counts(&self) -> Vec<Counts> {
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

/// New problems for one part.
pub(super) enum Redo {
    /// All of them.
    All(Vec<Problem>),
    /// Only a run of its warnings: `len` of them after the first
    /// `before`, replaced by `new` (all warnings).
    Warnings {
        before: u32,
        len: u32,
        new: Vec<Problem>,
    },
}

/// The problems list with some parts' problems replaced: `old` is the list
/// as `counts` describe it, `changed` the new problems of some parts (by
/// part index, ascending, each once). Unchanged parts are moved, not
/// copied, so this costs a pass over the list whatever its size. `counts`
/// follow. `None` when `old` does not match `counts`.
pub(super) fn splice(
    old: Vec<Problem>,
    counts: &mut [Counts],
    changed: Vec<(usize, Redo)>,
) -> Option<Vec<Problem>> {
    if held(counts) != old.len() {
        return None;
    }
    if changed.is_empty() {
        return Some(old);
    }
    let mut out = Vec::with_capacity(old.len() + 16);
    let mut old = old.into_iter();
    for (s, severity) in SEVERITIES.into_iter().enumerate() {
        let mut next = 0;
        let run = |from: usize, to: usize, counts: &[Counts]| -> usize {
            counts[from..to].iter().map(|c| c[s] as usize).sum()
        };
        for (part, redo) in &changed {
            out.extend(old.by_ref().take(run(next, *part, counts)));
            let held = counts[*part][s] as usize;
            match redo {
                Redo::All(problems) => {
                    old.by_ref().take(held).for_each(drop);
                    out.extend(problems.iter().filter(|p| p.severity == severity).cloned());
                }
                Redo::Warnings { before, len, new } if s == WARNING => {
                    let (before, len) = (*before as usize, *len as usize);
                    out.extend(old.by_ref().take(before));
                    old.by_ref().take(len).for_each(drop);
                    out.extend(new.iter().cloned());
                    out.extend(old.by_ref().take(held.saturating_sub(before + len)));
                }
                Redo::Warnings { .. } => out.extend(old.by_ref().take(held)),
            }
            next = part + 1;
        }
        out.extend(old.by_ref().take(run(next, counts.len(), counts)));
    }
    for (part, redo) in &changed {
        match redo {
            Redo::All(problems) => counts[*part] = self::counts(problems),
            Redo::Warnings { len, new, .. } => {
                let warnings = &mut counts[*part][WARNING];
                *warnings = (*warnings + new.len() as u32).saturating_sub(*len);
            }
        }
    }
    Some(out)
}

/// The problems list without the problems of the `dropped` parts
/// (ascending); `counts` must match `old` and still has those parts.
pub(super) fn drop_parts(old: Vec<Problem>, counts: &[Counts], dropped: &[usize]) -> Vec<Problem> {
    if dropped.is_empty() {
        return old;
    }
    let mut out = Vec::with_capacity(old.len());
    let mut old = old.into_iter();
    for s in 0..SEVERITIES.len() {
        let mut next = 0;
        let run = |from: usize, to: usize| -> usize {
            counts[from..to].iter().map(|c| c[s] as usize).sum()
        };
        for &part in dropped {
            out.extend(old.by_ref().take(run(next, part)));
            old.by_ref().take(counts[part][s] as usize).for_each(drop);
            next = part + 1;
        }
        out.extend(old.by_ref().take(run(next, counts.len())));
    }
    out
}

/// Where each part's run of each severity starts in the list.
pub(super) struct Offsets {
    /// Per severity, per part: the index of its first problem of that
    /// severity.
    starts: [Vec<usize>; 3],
}

impl Offsets {
    pub(super) fn new(counts: &[Counts]) -> Self {
        let mut at = 0;
        let starts = std::array::from_fn(|s| {
            let mut starts = Vec::with_capacity(counts.len());
            for c in counts {
                starts.push(at);
                at += c[s] as usize;
            }
            starts
        });
        Self { starts }
    }

    /// The part's problems of one severity, as places in the list.
    pub(super) fn run(
        &self,
        counts: &[Counts],
        part: usize,
        severity: Severity,
    ) -> std::ops::Range<usize> {
        let s = severity as usize;
        let start = self.starts[s][part];
        start..start + counts[part][s] as usize
    }
}

/// Puts the messages of `new` problems in place of those of the part's
/// problems with the same rule and subject (a rename changes words, not
/// which rules fire).
pub(super) fn rewrite(
    problems: &mut [Problem],
    offsets: &Offsets,
    counts: &[Counts],
    part: usize,
    new: Vec<Problem>,
) {
    for p in new {
        let run = offsets.run(counts, part, p.severity);
        if let Some(old) = problems[run]
            .iter_mut()
            .find(|old| old.code == p.code && old.subject == p.subject)
        {
            old.message = p.message;
        }
    }
}
