//! Migration waves: which workloads move together, in what order, and
//! what makes one wave wait for another.
//!
//! Wave order is the order of `plan.waves`; a workload whose `wave` names
//! no wave of the plan is in the "no wave" group (named `""`), last. The
//! wave rules of the rule table are evaluated here, by `derive` (per
//! workload, with the dependency closure it already has, and once per
//! plan); the board and `ferry waves` read their problems from the derived
//! state. What a wave weighs (storage, replication time) is in
//! [`crate::estimate`].

use std::collections::HashMap;

use super::rules::{Findings, RuleId};
use super::size::{bytes_within, replication_hours, storage_bytes};
use super::{Subject, out_of_scope};
use crate::model::{Plan, Workload};

/// CAF suggests a first wave of fewer than this many assets.
pub const FIRST_WAVE_ASSETS: usize = 10;

/// One column of the wave board: a wave of the plan, or the workloads in
/// no wave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaveGroup {
    /// The wave's name; `""` for the workloads in no wave.
    pub name: String,
    /// Index in `plan.waves`; `None` for the no-wave group.
    pub wave: Option<usize>,
    /// Indices into `plan.workloads`, in plan order.
    pub workloads: Vec<usize>,
}

/// The index in `plan.waves` of the wave a label names (spaces around it
/// ignored); `None` for an empty label or one that names no wave. With two
/// waves of one name, the first.
pub fn wave_index(plan: &Plan, label: &str) -> Option<usize> {
    let label = label.trim();
    if label.is_empty() {
        return None;
    }
    plan.waves.iter().position(|w| w.name.trim() == label)
}

/// Wave label → index in `plan.waves`, for callers that look many up.
fn wave_lookup(plan: &Plan) -> HashMap<&str, usize> {
    let mut lookup = HashMap::new();
    for (i, wave) in plan.waves.iter().enumerate() {
        let name = wave.name.trim();
        if !name.is_empty() {
            lookup.entry(name).or_insert(i);
        }
    }
    lookup
}

/// Every wave of the plan in order (empty ones too, so the board shows
/// them), then the workloads in no wave when there are any.
pub fn groups(plan: &Plan) -> Vec<WaveGroup> {
    let lookup = wave_lookup(plan);
    let mut groups: Vec<WaveGroup> = plan
        .waves
        .iter()
        .enumerate()
        .map(|(i, w)| WaveGroup {
            name: w.name.clone(),
            wave: Some(i),
            workloads: Vec::new(),
        })
        .collect();
    let mut none = WaveGroup {
        name: String::new(),
        wave: None,
        workloads: Vec::new(),
    };
    for (i, workload) in plan.workloads.iter().enumerate() {
        match lookup.get(workload.wave.trim()) {
            Some(&w) => groups[w].workloads.push(i),
            None => none.workloads.push(i),
        }
    }
    if !none.workloads.is_empty() {
        groups.push(none);
    }
    groups
}

/// Wave labels that workloads use but the plan does not define (typos, or
/// a plan from before waves were a list), in first-use order.
pub fn undefined_labels(plan: &Plan) -> Vec<&str> {
    let lookup = wave_lookup(plan);
    let mut out: Vec<&str> = Vec::new();
    for w in &plan.workloads {
        let label = w.wave.trim();
        if !label.is_empty() && !lookup.contains_key(label) && !out.contains(&label) {
            out.push(label);
        }
    }
    out
}

// ---------------------------------------------------------------- problems

/// The plan's waves by label and the wave of each workload, made once per
/// derive so the wave rules look them up rather than scan.
pub struct WaveIndex<'a> {
    lookup: HashMap<&'a str, usize>,
    of_workload: HashMap<&'a str, usize>,
}

impl<'a> WaveIndex<'a> {
    pub fn new(plan: &'a Plan) -> Self {
        let lookup = wave_lookup(plan);
        let of_workload = plan
            .workloads
            .iter()
            .filter_map(|w| Some((w.id.as_str(), *lookup.get(w.wave.trim())?)))
            .collect();
        WaveIndex {
            lookup,
            of_workload,
        }
    }

    /// The index in `plan.waves` of the wave the workload with this id is in.
    pub fn of_workload(&self, id: &str) -> Option<usize> {
        self.of_workload.get(id).copied()
    }
}

/// The wave rules of one workload: its label names a wave of the plan
/// (`wave-undefined`), and nothing it needs (`closure`: its dependencies,
/// transitively, outside its own assets) is in a later wave, in no wave or
/// in the inventory (`dependency-in-later-wave`). Nothing to check while
/// the plan defines no waves.
pub(crate) fn workload_findings(
    plan: &Plan,
    waves: &WaveIndex<'_>,
    workload: &Workload,
    closure: &[usize],
    findings: &mut Findings,
) {
    if plan.waves.is_empty() {
        return;
    }
    let label = workload.wave.trim();
    let Some(&wave) = waves.lookup.get(label) else {
        if !label.is_empty() {
            findings.list(
                RuleId::WaveUndefined,
                Subject::Workload(workload.id.clone()),
                || {
                    format!(
                        "{} is in wave \"{label}\", which the plan does not define: it is shown in no wave",
                        workload.name
                    )
                },
            );
        }
        return;
    };
    // What the workload needs, grouped by where it is:
    // (workload id or None for the inventory) → asset names.
    let mut later: Vec<(Option<&str>, Vec<&str>)> = Vec::new();
    for &j in closure {
        let asset = &plan.assets[j];
        if out_of_scope(asset) || asset.workload.as_deref() == Some(workload.id.as_str()) {
            continue;
        }
        let place = asset.workload.as_deref();
        let needed_wave = place.and_then(|w| waves.of_workload(w));
        if needed_wave.is_some_and(|w| w <= wave) {
            continue;
        }
        match later.iter_mut().find(|(p, _)| *p == place) {
            Some((_, names)) => names.push(&asset.name),
            None => later.push((place, vec![&asset.name])),
        }
    }
    for (place, names) in later {
        findings.list(
            RuleId::DependencyInLaterWave,
            Subject::Workload(workload.id.clone()),
            || {
                let verb = if names.len() == 1 { "is" } else { "are" };
                let where_ = match place {
                    None => format!(", which {verb} in the inventory (no workload, so no wave)"),
                    Some(id) => match plan.workload(id) {
                        None => format!(" of workload {id}, which is not in the plan"),
                        Some(other) => match waves.of_workload(id) {
                            Some(w) => format!(
                                " of {}, which is in the later {}",
                                other.name,
                                wave_words(&plan.waves[w].name)
                            ),
                            None => format!(" of {}, which is in no wave", other.name),
                        },
                    },
                };
                format!(
                    "{} ({}) needs {}{where_}",
                    workload.name,
                    wave_words(&plan.waves[wave].name),
                    name_list(&names)
                )
            },
        );
    }
}

/// The wave rules of the plan: each wave's dates (`wave-dates-invalid`),
/// its size against the plan's limits (`wave-over-limit`) and the size of
/// the first wave (`first-wave-large`). `members`: the
/// assets of each workload, in the order of `plan.workloads`.
pub(crate) fn plan_findings(
    plan: &Plan,
    waves: &WaveIndex<'_>,
    members: &[Vec<usize>],
    findings: &mut Findings,
) {
    for (i, wave) in plan.waves.iter().enumerate() {
        if let Err(why) = check_dates(wave.start.as_deref(), wave.end.as_deref()) {
            findings.list(RuleId::WaveDatesInvalid, Subject::Wave(i), || {
                format!("{}: {why}", capitalised(&wave_words(&wave.name)))
            });
        }
    }
    over_limit(plan, waves, members, findings);
    let Some(first) = plan.waves.first() else {
        return;
    };
    let count = plan
        .workloads
        .iter()
        .zip(members)
        .filter(|(w, _)| waves.of_workload(&w.id) == Some(0))
        .flat_map(|(_, own)| own)
        .filter(|&&i| !out_of_scope(&plan.assets[i]))
        .count();
    if count >= FIRST_WAVE_ASSETS {
        findings.list(RuleId::FirstWaveLarge, Subject::Wave(0), || {
            format!(
                "The first wave, {}, has {count} assets to migrate; CAF suggests fewer than {FIRST_WAVE_ASSETS} in the first wave, to learn on a small one",
                first.name
            )
        });
    }
}

/// The rule `wave-over-limit`: each wave's assets to migrate against the
/// plan's asset limit, and its replication time at the plan's bandwidth
/// against the hours limit (assets of unknown size count for nothing, as
/// in the wave's estimate; without a bandwidth the hours are not known).
fn over_limit(plan: &Plan, waves: &WaveIndex<'_>, members: &[Vec<usize>], findings: &mut Findings) {
    let limits = plan.wave_limits;
    let bandwidth = plan.bandwidth_mbps.filter(|b| *b > 0);
    let max_bytes = limits
        .replication_hours
        .zip(bandwidth)
        .map(|(hours, mbps)| bytes_within(hours, mbps));
    if limits.assets.is_none() && max_bytes.is_none() {
        return;
    }
    // (assets to migrate, known bytes) of each wave.
    let mut load = vec![(0usize, 0u128); plan.waves.len()];
    for (workload, own) in plan.workloads.iter().zip(members) {
        let Some(k) = waves.of_workload(&workload.id) else {
            continue;
        };
        for asset in own.iter().map(|&i| &plan.assets[i]) {
            if out_of_scope(asset) {
                continue;
            }
            load[k].0 += 1;
            if max_bytes.is_some() {
                load[k].1 += u128::from(storage_bytes(asset).unwrap_or(0));
            }
        }
    }
    for (k, &(assets, bytes)) in load.iter().enumerate() {
        let wave = capitalised(&wave_words(&plan.waves[k].name));
        if let Some(max) = limits.assets
            && assets > max as usize
        {
            findings.list(RuleId::WaveOverLimit, Subject::Wave(k), || {
                format!(
                    "{wave} holds {assets} assets to migrate, over the plan's limit of {max} a wave"
                )
            });
        }
        if let (Some(max), Some(hours), Some(mbps)) =
            (max_bytes, limits.replication_hours, bandwidth)
            && bytes > max
        {
            findings.list(RuleId::WaveOverLimit, Subject::Wave(k), || {
                let took = replication_hours(bytes, mbps).unwrap_or_default();
                format!(
                    "{wave} takes about {took:.1} hours to replicate at {mbps} Mbit/s, over the plan's limit of {hours} hours a wave"
                )
            });
        }
    }
}

/// Whether a wave's start and end (either may be missing) are dates
/// written `YYYY-MM-DD` and the end is not before the start; the reason in
/// words when not. The board checks what is typed with it before a change,
/// and the rule `wave-dates-invalid` checks files written by hand.
pub fn check_dates(start: Option<&str>, end: Option<&str>) -> Result<(), String> {
    let check = |which: &str, date: Option<&str>| match date.map(str::trim) {
        Some(d) => crate::model::date_error(&format!("{which} date"), d).map_or(Ok(()), Err),
        None => Ok(()),
    };
    check("start", start)?;
    check("end", end)?;
    match (start.map(str::trim), end.map(str::trim)) {
        // Dates written YYYY-MM-DD compare as text.
        (Some(s), Some(e)) if e < s => Err(format!("it ends on {e}, before it starts on {s}")),
        _ => Ok(()),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// "wave Pilot", but "Wave 2" rather than "wave Wave 2".
fn wave_words(name: &str) -> String {
    if name.trim().to_lowercase().starts_with("wave") {
        name.trim().to_owned()
    } else {
        format!("wave {}", name.trim())
    }
}

/// "a, b and c", or the first few and how many more.
fn name_list(names: &[&str]) -> String {
    const SHOWN: usize = 5;
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        _ if names.len() > SHOWN => format!(
            "{} and {} more",
            names[..SHOWN].join(", "),
            names.len() - SHOWN
        ),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::derive::rules::About;
    use crate::estimate::WaveSummary;
    use crate::model::{Asset, Strategy, Wave, Workload};

    pub(crate) fn wave(name: &str) -> Wave {
        Wave {
            name: name.into(),
            ..Wave::default()
        }
    }

    pub(crate) fn workload(id: &str, wave: &str) -> Workload {
        Workload {
            id: id.into(),
            name: id.to_uppercase(),
            wave: wave.into(),
            ..Workload::default()
        }
    }

    pub(crate) fn asset(id: &str, workload: Option<&str>, deps: &[&str]) -> Asset {
        Asset {
            id: id.into(),
            name: id.into(),
            workload: workload.map(Into::into),
            depends_on: deps.iter().map(|d| (*d).to_owned()).collect(),
            ..Asset::default()
        }
    }

    fn codes(plan: &Plan) -> Vec<(&'static str, String)> {
        crate::derive::derive(plan)
            .problems
            .into_iter()
            .filter(|p| crate::derive::rules::rule(p.code).is_some_and(|r| r.about == About::Wave))
            .map(|p| (p.code, p.message))
            .collect()
    }

    fn summaries(plan: &Plan) -> Vec<WaveSummary> {
        crate::estimate::summaries(plan, &crate::derive::derive(plan))
    }

    #[test]
    fn waves_come_in_plan_order_and_no_wave_last() {
        let mut plan = Plan::named("t");
        plan.waves = vec![wave("Pilot"), wave("Wave 2"), wave("Empty")];
        plan.workloads = vec![
            workload("a", "Wave 2"),
            workload("b", ""),
            workload("c", " Pilot "),
            workload("d", "Wave 9"),
            workload("e", "Wave 2"),
        ];
        let g = groups(&plan);
        let names: Vec<&str> = g.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["Pilot", "Wave 2", "Empty", ""]);
        assert_eq!(g[0].workloads, [2]);
        assert_eq!(g[1].workloads, [0, 4]);
        assert!(g[2].workloads.is_empty(), "an empty wave is still a column");
        assert_eq!(g[3].workloads, [1, 3], "unknown labels go to no wave");
        assert_eq!(g[3].wave, None);
        assert_eq!(undefined_labels(&plan), ["Wave 9"]);
        plan.workloads.truncate(1);
        assert_eq!(groups(&plan).len(), 3, "no empty no-wave group");
    }

    #[test]
    fn a_dependency_in_a_later_wave_or_none_is_a_warning_naming_both() {
        let mut plan = Plan::named("t");
        plan.waves = vec![wave("W1"), wave("W2")];
        plan.workloads = vec![
            workload("erp", "W1"),
            workload("crm", "W2"),
            workload("hr", ""),
            workload("base", "W1"),
        ];
        plan.assets = vec![
            // erp → base (same wave: fine) → crm-db (later wave), transitively
            asset("erp-app", Some("erp"), &["base-dc"]),
            asset("base-dc", Some("base"), &["crm-db"]),
            asset("crm-db", Some("crm"), &[]),
            // crm → erp (earlier wave: fine); crm → hr (no wave)
            asset("crm-app", Some("crm"), &["erp-app", "hr-app", "inv-1"]),
            asset("hr-app", Some("hr"), &[]),
            asset("inv-1", None, &[]),
        ]
        .into_iter()
        .map(std::sync::Arc::new)
        .collect();
        let found = codes(&plan);
        let later: Vec<&str> = found
            .iter()
            .filter(|(c, _)| *c == "dependency-in-later-wave")
            .map(|(_, m)| m.as_str())
            .collect();
        assert_eq!(later.len(), 4, "{later:#?}");
        assert!(
            later.contains(&"ERP (wave W1) needs crm-db of CRM, which is in the later wave W2")
        );
        assert!(
            later.contains(&"BASE (wave W1) needs crm-db of CRM, which is in the later wave W2")
        );
        assert!(later.contains(&"CRM (wave W2) needs hr-app of HR, which is in no wave"));
        assert!(later.contains(
            &"CRM (wave W2) needs inv-1, which is in the inventory (no workload, so no wave)"
        ));
        let summaries = summaries(&plan);
        assert_eq!(summaries[0].problems.len(), 2);
        assert_eq!(summaries[1].problems.len(), 2);
        assert!(summaries[2].problems.is_empty());
    }

    #[test]
    fn retired_dependencies_and_plans_without_waves_raise_nothing() {
        let mut plan = Plan::named("t");
        plan.workloads = vec![workload("erp", "W1"), workload("crm", "W2")];
        plan.assets = vec![
            asset("erp-app", Some("erp"), &["crm-db"]),
            asset("crm-db", Some("crm"), &[]),
        ]
        .into_iter()
        .map(std::sync::Arc::new)
        .collect();
        assert!(
            codes(&plan).is_empty(),
            "labels but no waves: nothing to order"
        );
        plan.waves = vec![wave("W1"), wave("W2")];
        assert_eq!(codes(&plan).len(), 1);
        std::sync::Arc::make_mut(&mut plan.assets[1]).strategy = Strategy::Retain;
        assert!(
            codes(&plan).is_empty(),
            "an out-of-scope asset is not migrated"
        );
    }

    #[test]
    fn a_first_wave_of_ten_assets_is_an_info() {
        let mut plan = Plan::named("t");
        plan.waves = vec![wave("Pilot"), wave("Main")];
        plan.workloads = vec![workload("a", "Pilot"), workload("b", "Main")];
        for i in 0..9 {
            plan.assets
                .push(std::sync::Arc::new(asset(&format!("a{i}"), Some("a"), &[])));
        }
        for i in 0..20 {
            plan.assets
                .push(std::sync::Arc::new(asset(&format!("b{i}"), Some("b"), &[])));
        }
        assert!(codes(&plan).is_empty(), "9 assets: fine");
        plan.assets
            .push(std::sync::Arc::new(asset("a9", Some("a"), &[])));
        let found = codes(&plan);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "first-wave-large");
        assert!(
            found[0].1.contains("Pilot, has 10 assets"),
            "{}",
            found[0].1
        );
        let s = summaries(&plan);
        assert_eq!(s[0].problems.len(), 1);
        assert!(s[1].problems.is_empty(), "only the first wave");
        std::sync::Arc::make_mut(&mut plan.assets[0]).strategy = Strategy::Retire;
        assert!(codes(&plan).is_empty(), "retired assets are not migrated");
    }

    #[test]
    fn a_wave_above_the_plans_limits_is_a_warning_on_that_wave() {
        let mut plan = Plan::named("t");
        plan.waves = vec![wave("Pilot"), wave("Wave 2")];
        plan.workloads = vec![workload("a", "Pilot"), workload("b", "Wave 2")];
        for i in 0..3 {
            let mut a = asset(&format!("a{i}"), Some("a"), &[]);
            a.source.insert("in_use_mib", "1048576"); // 1 TiB
            plan.assets.push(std::sync::Arc::new(a));
        }
        for i in 0..5 {
            plan.assets
                .push(std::sync::Arc::new(asset(&format!("b{i}"), Some("b"), &[])));
        }
        assert!(codes(&plan).is_empty(), "no limits, nothing to check");
        plan.wave_limits.assets = Some(4);
        assert_eq!(
            codes(&plan),
            [(
                "wave-over-limit",
                "Wave 2 holds 5 assets to migrate, over the plan's limit of 4 a wave".to_owned()
            )]
        );
        std::sync::Arc::make_mut(&mut plan.assets[7]).strategy = Strategy::Retire;
        assert!(codes(&plan).is_empty(), "a retired asset is not migrated");
        // 3 TiB at 1,000 Mbit/s: 3 × 2^40 × 8 ÷ 10^9 ÷ 3600 = 7.3 hours.
        plan.wave_limits.replication_hours = Some(7);
        assert!(
            codes(&plan).is_empty(),
            "without a bandwidth the hours are not known"
        );
        plan.bandwidth_mbps = Some(1000);
        let found = codes(&plan);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].1,
            "Wave Pilot takes about 7.3 hours to replicate at 1000 Mbit/s, over the plan's limit of 7 hours a wave"
        );
        let s = summaries(&plan);
        assert_eq!(s[0].problems.len(), 1, "shown on its own wave");
        assert!(s[1].problems.is_empty());
        plan.wave_limits.replication_hours = Some(8);
        assert!(codes(&plan).is_empty());
    }

    #[test]
    fn a_label_that_names_no_wave_is_a_warning_once_the_plan_has_waves() {
        let mut plan = Plan::named("t");
        plan.workloads = vec![workload("erp", "Wave 1"), workload("crm", "Wave 9")];
        assert!(
            codes(&plan).is_empty(),
            "labels but no waves yet: a plan from before waves were a list"
        );
        plan.waves = vec![wave("Wave 1")];
        assert_eq!(
            codes(&plan),
            [(
                "wave-undefined",
                "CRM is in wave \"Wave 9\", which the plan does not define: it is shown in no wave"
                    .to_owned()
            )]
        );
        let s = summaries(&plan);
        assert!(s[0].problems.is_empty());
        assert_eq!(s[1].group.wave, None);
        assert_eq!(
            s[1].problems[0].code, "wave-undefined",
            "in the no-wave column"
        );
        plan.waves.push(wave("Wave 9"));
        assert!(codes(&plan).is_empty());
    }

    #[test]
    fn wave_dates_are_real_dates_in_order() {
        assert_eq!(check_dates(None, None), Ok(()));
        assert_eq!(check_dates(Some("2026-03-02"), Some("2026-03-02")), Ok(()));
        assert_eq!(
            check_dates(Some("2026-03-02"), Some("2026-02-30")),
            Err(
                "the end date 2026-02-30 is not a day of the calendar (February 2026 has 28 days)"
                    .to_owned()
            )
        );
        assert_eq!(
            check_dates(Some("2026-04-01"), Some("2026-03-31")),
            Err("it ends on 2026-03-31, before it starts on 2026-04-01".to_owned())
        );
        let mut plan = Plan::named("t");
        plan.waves = vec![wave("Pilot"), wave("Wave 2")];
        plan.waves[1].start = Some("2026-05-01".into());
        plan.waves[1].end = Some("2026-04-01".into());
        let found = codes(&plan);
        assert_eq!(
            found,
            [(
                "wave-dates-invalid",
                "Wave 2: it ends on 2026-04-01, before it starts on 2026-05-01".to_owned()
            )]
        );
        let s = summaries(&plan);
        assert!(s[0].problems.is_empty());
        assert_eq!(s[1].problems.len(), 1, "shown on its own wave");
    }

    #[test]
    fn wave_problems_join_the_problems_list() {
        let mut plan = Plan::named("t");
        plan.waves = vec![wave("W1")];
        plan.workloads = vec![workload("erp", "W1")];
        plan.assets = vec![
            asset("erp-app", Some("erp"), &["inv"]),
            asset("inv", None, &[]),
        ]
        .into_iter()
        .map(std::sync::Arc::new)
        .collect();
        let derived = crate::derive::derive(&plan);
        let p = derived
            .problems
            .iter()
            .find(|p| p.code == "dependency-in-later-wave")
            .expect("listed");
        assert_eq!(p.severity, crate::derive::Severity::Warning);
        assert_eq!(p.subject, Subject::Workload("erp".into()));
    }

    #[test]
    fn wave_names_and_lists_read_well() {
        assert_eq!(name_list(&["a", "b", "c"]), "a, b and c");
        assert_eq!(wave_words("Pilot"), "wave Pilot");
        assert_eq!(wave_words(" Wave 2"), "Wave 2");
        assert_eq!(
            name_list(&["1", "2", "3", "4", "5", "6", "7"]),
            "1, 2, 3, 4, 5 and 2 more"
        );
    }
}
