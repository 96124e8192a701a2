//! Blockers grouped for people to read: a workload with 70 unassessed
//! assets gets one line, "70 assets Unassessed: app-01, app-02, app-03, …
//! and 67 more", not 70. Blockers are grouped by rule (and, for an asset,
//! by its stage), in the order their first one was found; a group of a few
//! keeps each message whole. The workload page, presentation, the overview,
//! `ferry status` and the reports all show blockers this way.

use super::rules::rule;
use super::{Blocker, Derived, Stage, Subject};
use crate::model::Plan;
use crate::words;

/// A group of at most this many blockers is listed message by message.
pub const LISTED: usize = 3;
/// How many names a summarised line shows before "… and N more".
pub const NAMES_SHOWN: usize = 3;

/// A line of a blocker list: one blocker, or many of one kind summed up.
#[derive(Clone, Debug, PartialEq)]
pub enum BlockerLine<'a> {
    One(&'a Blocker),
    /// "70 assets Unassessed: app-01, app-02, app-03, … and 67 more", and
    /// the blockers it stands for, in the order found.
    Many(String, Vec<&'a Blocker>),
}

/// These blockers grouped by rule (and, for an asset, by its stage), in
/// the order their first one was found: a group of a few keeps each
/// blocker, a larger one about assets is one line.
pub fn blocker_lines<'a>(
    plan: &Plan,
    derived: &Derived,
    blockers: impl IntoIterator<Item = &'a Blocker>,
) -> Vec<BlockerLine<'a>> {
    type Key<'b> = (&'b str, Option<Stage>);
    let mut groups: Vec<(Key<'a>, Vec<&'a Blocker>)> = Vec::new();
    for b in blockers {
        let stage = match &b.subject {
            Subject::Asset(id) => derived.stage_of(id),
            _ => None,
        };
        let key = (b.code, stage);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(b),
            None => groups.push((key, vec![b])),
        }
    }
    let mut lines = Vec::new();
    for ((code, stage), members) in groups {
        let assets: Vec<&str> = members
            .iter()
            .filter_map(|b| match &b.subject {
                Subject::Asset(id) => Some(id.as_str()),
                _ => None,
            })
            .collect();
        if members.len() <= LISTED || assets.len() < members.len() {
            lines.extend(members.into_iter().map(BlockerLine::One));
            continue;
        }
        // "… and 1 more" says less than the name itself.
        let shown = if assets.len() <= NAMES_SHOWN + 1 {
            assets.len()
        } else {
            NAMES_SHOWN
        };
        let names: Vec<&str> = assets
            .iter()
            .take(shown)
            .map(|id| asset_name(plan, derived, id))
            .collect();
        let text = format!(
            "{}: {}",
            what(code, stage, assets.len()),
            words::names_and_more(&names, assets.len())
        );
        lines.push(BlockerLine::Many(text, members));
    }
    lines
}

/// What a group of `n` blockers about assets says before the names.
fn what(code: &str, stage: Option<Stage>, n: usize) -> String {
    let assets = words::grouped(n, "asset");
    match (code, stage) {
        ("asset-not-staged", Some(stage)) => format!("{assets} {}", stage.label()),
        ("dependency-not-staged", Some(stage)) => format!(
            "{} not staged ({})",
            words::grouped(n, "dependency"),
            stage.label()
        ),
        ("staged-before-verified", _) => {
            format!("{assets} staged before their replication was verified")
        }
        _ => match rule(code) {
            Some(rule) => format!("{assets} against “{}” ({code})", rule.says),
            None => format!("{assets} ({code})"),
        },
    }
}

fn asset_name<'a>(plan: &'a Plan, derived: &Derived, id: &'a str) -> &'a str {
    derived
        .asset_positions
        .get(id)
        .and_then(|&i| plan.assets.get(i))
        .map_or(id, |a| a.name.as_str())
}
