//! The suggestion in words: for each workload the reasons it is where it
//! is ("after Data platform: needs dp-lake-01", "with CRM: they need each
//! other", "pilot: 4 assets, Low criticality", "Wave 3 is full: 200 of 200
//! assets"), and the warnings for what could not be satisfied.

use super::graph::{Graph, Need, Size};
use super::place::{Block, How, PILOT_ASSETS, Placement, criticality_rank};
use super::{Options, Warning};
use crate::derive::size::replication_hours;
use crate::model::{Criticality, Environment, Plan};

/// How many names a list shows before "and N more".
const SHOWN: usize = 3;

/// "a, b and c", or the first few and how many more.
pub(super) fn name_list(names: &[&str], total: usize) -> String {
    let shown = &names[..names.len().min(SHOWN)];
    let more = total.saturating_sub(shown.len());
    match (shown, more) {
        ([], _) => String::new(),
        ([one], 0) => (*one).to_owned(),
        (_, 0) => {
            let (last, init) = shown.split_last().map_or((&"", &[][..]), |(l, i)| (l, i));
            format!("{} and {last}", init.join(", "))
        }
        _ => format!("{} and {more} more", shown.join(", ")),
    }
}

/// What the placement reads back when it writes.
struct Context<'a> {
    plan: &'a Plan,
    graph: &'a Graph,
    placement: &'a Placement,
    names: &'a [String],
    bandwidth: Option<u32>,
    /// What each wave holds in the end.
    loads: Vec<Size>,
}

impl Context<'_> {
    fn workload(&self, w: usize) -> &str {
        &self.plan.workloads[w].name
    }

    fn wave(&self, k: usize) -> &str {
        self.names.get(k).map_or("", String::as_str)
    }

    /// The assets of a need, by name.
    fn assets(&self, need: &Need) -> String {
        let names: Vec<&str> = need
            .assets
            .iter()
            .map(|&i| self.plan.assets[i].name.as_str())
            .collect();
        name_list(&names, need.count)
    }

    fn hours(&self, bytes: u128) -> f64 {
        self.bandwidth
            .and_then(|b| replication_hours(bytes, b))
            .unwrap_or_default()
    }

    /// "pinned to Wave 2", "kept in Wave 2 for this suggestion".
    fn fixed_words(&self, w: usize) -> String {
        let wave = self.placement.wave[w];
        match (self.placement.how[w], wave) {
            (How::Held, Some(k)) => format!("kept in {} for this suggestion", self.wave(k)),
            (How::Held, None) => "kept in no wave for this suggestion".to_owned(),
            (_, Some(k)) => format!("pinned to {}", self.wave(k)),
            (_, None) => "pinned in no wave".to_owned(),
        }
    }
}

/// The reasons of each workload (in `placement.order`) and the warnings.
pub(super) fn explain(
    plan: &Plan,
    graph: &Graph,
    options: &Options,
    placement: &Placement,
    names: &[String],
) -> (Vec<Vec<String>>, Vec<Warning>) {
    let mut loads = vec![Size::default(); placement.waves];
    for (w, wave) in placement.wave.iter().enumerate() {
        if let Some(k) = wave {
            loads[*k].add(graph.size[w]);
        }
    }
    let context = Context {
        plan,
        graph,
        placement,
        names,
        bandwidth: options.bandwidth_mbps.filter(|b| *b > 0),
        loads,
    };
    let reasons = placement
        .order
        .iter()
        .map(|&w| reasons_of(&context, w))
        .collect();
    (reasons, warnings(&context, options))
}

fn reasons_of(c: &Context<'_>, w: usize) -> Vec<String> {
    let placement = c.placement;
    let mut out = Vec::new();
    let Some(k) = placement.wave[w] else {
        out.push(c.fixed_words(w));
        return out;
    };
    match placement.how[w] {
        How::Pinned | How::Held => {
            out.push(c.fixed_words(w));
            return out;
        }
        How::WithPinned(by) => {
            out.push(format!(
                "with {}: they need each other, and {} is {}",
                c.workload(by),
                c.workload(by),
                c.fixed_words(by)
            ));
            return out;
        }
        _ => {}
    }
    let unit = &placement.members[placement.unit[w]];
    if unit.len() > 1 {
        let others: Vec<&str> = unit
            .iter()
            .filter(|&&o| o != w)
            .map(|&o| c.workload(o))
            .collect();
        out.push(format!(
            "with {}: they need each other",
            name_list(&others, others.len())
        ));
    }
    out.extend(dependency_reasons(c, w, k));
    let size = unit.iter().fold(Size::default(), |mut s, &o| {
        s.add(c.graph.size[o]);
        s
    });
    let criticality = unit
        .iter()
        .map(|&o| c.plan.workloads[o].criticality)
        .max_by_key(|&x| criticality_rank(x))
        .unwrap_or(Criticality::Medium);
    if k == 0 && placement.pilot && placement.how[w] == How::Room {
        out.push(format!(
            "pilot: {}, {}",
            crate::words::count(size.assets, "asset"),
            criticality_words(criticality)
        ));
    }
    if let Some(block) = placement.pilot_block[w] {
        out.push(block_words(c, block, size, criticality));
    }
    if let Some(block) = placement.last_block[w] {
        out.push(block_words(c, block, size, criticality));
    }
    match placement.how[w] {
        How::Alone => out.push(format!(
            "alone in {}: {}",
            c.wave(k),
            over_limit_words(c, size)
        )),
        How::Deadline(by) => out.push(format!(
            "needed by {}, {}",
            c.workload(by),
            c.fixed_words(by)
        )),
        _ => {}
    }
    let workload = &c.plan.workloads[w];
    if workload.environment == Environment::Unknown
        && placement.environment[w] != Environment::Unknown
    {
        out.push(format!(
            "{} by its assets' environment, as imported (the workload's own is not set)",
            placement.environment[w].label().to_lowercase()
        ));
    }
    if out.is_empty() {
        out.push(if k == 0 {
            "first wave: it needs no other workload".to_owned()
        } else {
            format!("{}: the first wave with room for it", c.wave(k))
        });
    }
    out
}

/// "after Data platform: needs dp-lake-01" for the latest of what the
/// workload needs; "with …" when that is in the same wave.
fn dependency_reasons(c: &Context<'_>, w: usize, k: usize) -> Vec<String> {
    let placement = c.placement;
    let needs: Vec<(&Need, usize)> = c.graph.needs[w]
        .iter()
        .filter(|n| placement.unit[n.workload] != placement.unit[w])
        .filter_map(|n| Some((n, placement.wave[n.workload]?)))
        .collect();
    let Some(latest) = needs.iter().map(|(_, kv)| *kv).filter(|kv| *kv <= k).max() else {
        return Vec::new();
    };
    let binding: Vec<&Need> = needs
        .iter()
        .filter(|(_, kv)| *kv == latest)
        .map(|(n, _)| *n)
        .collect();
    let word = if latest < k { "after" } else { "with" };
    let mut out: Vec<String> = binding
        .iter()
        .take(2)
        .map(|n| format!("{word} {}: needs {}", c.workload(n.workload), c.assets(n)))
        .collect();
    if binding.len() > 2 {
        out.push(format!(
            "{word} {} more workloads it needs",
            binding.len() - 2
        ));
    }
    out
}

/// "High criticality"; "Critical" is said as what it means.
fn criticality_words(criticality: Criticality) -> String {
    match criticality {
        Criticality::Critical => "critical to the business".to_owned(),
        other => format!("{} criticality", other.label()),
    }
}

/// "320 assets, over the limit of 200 a wave", or the hours.
fn over_limit_words(c: &Context<'_>, size: Size) -> String {
    let limits = c.placement.limits;
    match limits.assets {
        Some(max) if size.assets > max => {
            format!(
                "{}, over the limit of {max} a wave",
                crate::words::count(size.assets, "asset")
            )
        }
        _ => format!(
            "about {:.1} hours of replication, over the limit of {} hours a wave",
            c.hours(size.bytes),
            limits.hours.unwrap_or_default()
        ),
    }
}

fn block_words(c: &Context<'_>, block: Block, size: Size, criticality: Criticality) -> String {
    let limits = c.placement.limits;
    match block {
        Block::PilotCriticality => {
            format!("not in the pilot: {}", criticality_words(criticality))
        }
        Block::PilotSize(would) => {
            let most = limits.pilot_assets;
            if size.assets > most {
                format!(
                    "not in the pilot: {} (a pilot has at most {most})",
                    crate::words::count(size.assets, "asset")
                )
            } else {
                format!(
                    "not in the pilot: it would hold {} (a pilot has at most {most})",
                    crate::words::count(would, "asset")
                )
            }
        }
        Block::Full(k, true) => {
            let max = limits.assets.unwrap_or_default();
            let load = c.loads[k].assets;
            if load >= max {
                format!("{} is full: {load} of {max} assets", c.wave(k))
            } else {
                format!(
                    "{} is full: {load} of {max} assets, no room for its {}",
                    c.wave(k),
                    size.assets
                )
            }
        }
        Block::Full(k, false) => {
            let max = limits.hours.unwrap_or_default();
            format!(
                "{} is full: {:.1} of {max} hours of replication, no room for its {:.1}",
                c.wave(k),
                c.hours(c.loads[k].bytes),
                c.hours(size.bytes)
            )
        }
        Block::Closed(k, by) => format!(
            "{} holds {} alone: it is over a limit by itself",
            c.wave(k),
            c.workload(by)
        ),
        Block::Behind(k, by) => {
            let mine = c.placement.environment[by];
            let why = if mine == Environment::NonProduction {
                "non-production first".to_owned()
            } else {
                format!(
                    "{} first",
                    criticality_words(c.plan.workloads[by].criticality)
                )
            };
            format!(
                "{}: {} found no room and goes first ({why})",
                c.wave(k),
                c.workload(by)
            )
        }
    }
}

fn warnings(c: &Context<'_>, options: &Options) -> Vec<Warning> {
    let plan = c.plan;
    let placement = c.placement;
    let mut out = Vec::new();
    let warn =
        |out: &mut Vec<Warning>, code: &'static str, subject: Option<usize>, message: String| {
            out.push(Warning {
                code,
                message,
                subject: subject.map(|w| plan.workloads[w].id.clone()),
            });
        };
    if let Some(hours) = options.max_hours
        && c.bandwidth.is_none()
    {
        warn(
            &mut out,
            "hours-limit-without-bandwidth",
            None,
            format!(
                "The limit of {hours} hours of replication a wave needs the replication bandwidth, which is not set: the waves were filled without it"
            ),
        );
    }
    if placement.limits.bytes.is_some() {
        let unknown: Vec<usize> = (0..plan.workloads.len())
            .filter(|&w| c.graph.size[w].unknown > 0)
            .collect();
        let count: usize = unknown.iter().map(|&w| c.graph.size[w].unknown).sum();
        if count > 0 {
            let names: Vec<&str> = unknown.iter().map(|&w| c.workload(w)).collect();
            warn(
                &mut out,
                "unknown-size",
                None,
                format!(
                    "{} to migrate {} no known size and {} for nothing in the hours limit (in {})",
                    crate::words::count(count, "asset"),
                    if count == 1 { "has" } else { "have" },
                    if count == 1 { "counts" } else { "count" },
                    name_list(&names, names.len())
                ),
            );
        }
    }
    if placement.no_pilot {
        warn(
            &mut out,
            "no-pilot",
            None,
            format!(
                "No workload could start as a pilot (fewer than {PILOT_ASSETS} assets to migrate, not High or Critical, needing no other workload first): the first wave is filled as any other"
            ),
        );
    }
    pilot_warning(c, &mut out);
    limit_warnings(c, &mut out);
    for w in 0..plan.workloads.len() {
        let (assets, count) = &c.graph.inventory[w];
        if *count > 0 {
            let names: Vec<&str> = assets
                .iter()
                .map(|&i| plan.assets[i].name.as_str())
                .collect();
            warn(
                &mut out,
                "needs-inventory-asset",
                Some(w),
                format!(
                    "{} needs {}, which {} in no workload (the inventory), so in no wave",
                    c.workload(w),
                    name_list(&names, *count),
                    if *count == 1 { "is" } else { "are" }
                ),
            );
        }
    }
    for w in 0..plan.workloads.len() {
        let Some(kw) = placement.wave[w] else {
            continue;
        };
        for need in &c.graph.needs[w] {
            let v = need.workload;
            let message = match placement.wave[v] {
                Some(kv) if kv <= kw => continue,
                None => format!(
                    "{} ({}) needs {} of {}, which is {}",
                    c.workload(w),
                    c.wave(kw),
                    c.assets(need),
                    c.workload(v),
                    c.fixed_words(v)
                ),
                Some(kv) => format!(
                    "{} ({}) needs {} of {}, which is in the later {}: {}",
                    c.workload(w),
                    c.wave(kw),
                    c.assets(need),
                    c.workload(v),
                    c.wave(kv),
                    apart_words(c, w, v)
                ),
            };
            warn(&mut out, "pin-breaks-dependency", Some(w), message);
        }
    }
    out
}

/// Why a workload and what it needs ended in the wrong order: the pins.
fn apart_words(c: &Context<'_>, w: usize, v: usize) -> String {
    let fixity = |x: usize| match c.placement.how[x] {
        How::Pinned | How::Held => Some(format!("{} is {}", c.workload(x), c.fixed_words(x))),
        How::WithPinned(by) => Some(format!(
            "{} goes with {}, {}, as they need each other",
            c.workload(x),
            c.workload(by),
            c.fixed_words(by)
        )),
        How::Deadline(by) => Some(format!(
            "{} is needed by {}, {}",
            c.workload(x),
            c.workload(by),
            c.fixed_words(by)
        )),
        How::Room | How::Alone => None,
    };
    let parts: Vec<String> = [fixity(w), fixity(v)].into_iter().flatten().collect();
    if parts.is_empty() {
        format!("{} could come no earlier", c.workload(v))
    } else {
        parts.join("; ")
    }
}

/// A first wave that pins made more than a pilot.
fn pilot_warning(c: &Context<'_>, out: &mut Vec<Warning>) {
    let placement = c.placement;
    if !placement.pilot || c.loads.is_empty() {
        return;
    }
    let in_first: Vec<usize> = (0..c.plan.workloads.len())
        .filter(|&w| placement.wave[w] == Some(0))
        .collect();
    let high = in_first
        .iter()
        .any(|&w| criticality_rank(c.plan.workloads[w].criticality) >= 2);
    let assets = c.loads[0].assets;
    if assets < PILOT_ASSETS && !high {
        return;
    }
    let forced: Vec<&str> = in_first
        .iter()
        .filter(|&&w| placement.how[w] != How::Room)
        .map(|&w| c.workload(w))
        .collect();
    let mut what = vec![format!("{assets} assets to migrate")];
    if high {
        what.push("a High or Critical workload".to_owned());
    }
    out.push(Warning {
        code: "pilot-not-small",
        message: format!(
            "The first wave, {}, is no small pilot: pinned workloads and what they need ({}) put {} in it",
            c.wave(0),
            name_list(&forced, forced.len()),
            what.join(" and ")
        ),
        subject: None,
    });
}

/// Units larger than a limit, and waves the pins fill past one.
fn limit_warnings(c: &Context<'_>, out: &mut Vec<Warning>) {
    let placement = c.placement;
    let limits = placement.limits;
    if limits.assets.is_none() && limits.bytes.is_none() {
        return;
    }
    for (k, load) in c.loads.iter().enumerate() {
        let in_wave: Vec<usize> = placement
            .order
            .iter()
            .copied()
            .filter(|&w| placement.wave[w] == Some(k))
            .collect();
        let alone = in_wave
            .iter()
            .find(|&&w| placement.how[w] == How::Alone)
            .copied();
        if let Some(first) = alone {
            let unit = &placement.members[placement.unit[first]];
            let size = unit.iter().fold(Size::default(), |mut s, &o| {
                s.add(c.graph.size[o]);
                s
            });
            let names: Vec<&str> = unit.iter().map(|&o| c.workload(o)).collect();
            let (code, message) = if unit.len() == 1 {
                (
                    "workload-over-limit",
                    format!(
                        "{} has {}: it gets {} to itself",
                        names[0],
                        over_limit_words(c, size),
                        c.wave(k)
                    ),
                )
            } else {
                (
                    "cycle-over-limit",
                    format!(
                        "{} need each other and together have {}: they share {}, alone",
                        name_list(&names, names.len()),
                        over_limit_words(c, size),
                        c.wave(k)
                    ),
                )
            };
            out.push(Warning {
                code,
                message,
                subject: Some(c.plan.workloads[first].id.clone()),
            });
            continue;
        }
        if !limits.exceeded_by(*load) {
            continue;
        }
        let forced: Vec<&str> = in_wave
            .iter()
            .filter(|&&w| placement.how[w] != How::Room)
            .map(|&w| c.workload(w))
            .collect();
        out.push(Warning {
            code: "wave-over-limit",
            message: format!(
                "{} holds {}: pinned workloads and what they need ({}) leave no choice",
                c.wave(k),
                over_limit_words(c, *load),
                name_list(&forced, forced.len())
            ),
            subject: None,
        });
    }
}
