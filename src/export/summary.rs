//! Blockers summarised for a report ([`blocker_lines`]): a workload with
//! 70 unassessed assets gets one line, not 70 bullets. The full asset list
//! stays in the workload's Assets section.

use crate::derive::{Blocker, BlockerLine, Derived, blocker_lines};
use crate::model::{Plan, RemediationTiming, Workload};

/// The report's lines for these blockers, grouped and counted.
pub fn blockers<'a>(
    plan: &Plan,
    derived: &Derived,
    blockers: impl IntoIterator<Item = &'a Blocker>,
) -> Vec<String> {
    blocker_lines(plan, derived, blockers)
        .into_iter()
        .flat_map(|line| match line {
            BlockerLine::One(b) => vec![b.message.clone()],
            BlockerLine::Many(text, _) => vec![text],
        })
        .collect()
}

/// The team check, in a sentence: who confirmed they know how the
/// workload's remediation is done, and who has not yet. `None` while the
/// remediation timing is undecided (nothing to confirm yet).
pub fn team_check(plan: &Plan, workload: &Workload) -> Option<String> {
    if workload.remediation_timing == RemediationTiming::Undecided {
        return None;
    }
    let team = crate::derive::remediation_team(plan, workload);
    if team.is_empty() {
        return Some("no one holds an R or an A yet, so no one to ask".to_owned());
    }
    let (confirmed, waiting): (Vec<_>, Vec<_>) = team
        .iter()
        .partition(|p| workload.remediation_timing_confirmed_by.contains(&p.id));
    let names = |ps: &[&&crate::model::Party]| {
        ps.iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    Some(match (confirmed.is_empty(), waiting.is_empty()) {
        (_, true) => format!("everyone confirmed ✔ ({})", names(&confirmed)),
        (true, false) => format!("no one has confirmed yet; waiting for {}", names(&waiting)),
        (false, false) => format!(
            "{} of {} confirmed ({}); waiting for {}",
            confirmed.len(),
            team.len(),
            names(&confirmed),
            names(&waiting)
        ),
    })
}

#[cfg(test)]
#[path = "summary_tests.rs"]
mod tests;
