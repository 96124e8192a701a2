//! Migration waves and the replication estimate: which workloads move
//! together, in what order, how long copying their storage takes at the
//! bandwidth the plan has, and what makes one wave wait for another.
//!
//! Wave order is the order of `plan.waves`; a workload whose `wave` names
//! no wave of the plan is in the "no wave" group (named `""`), last. Pure
//! functions of the plan, like `derive`. The wave rules of the rule table
//! are evaluated here, by `derive` (per workload, with the dependency
//! closure it already has, and once per plan); the board and `ferry waves`
//! read their problems from the derived state.

use std::collections::HashMap;

use crate::derive::rules::{About, Findings, RuleId};
use crate::derive::{Derived, Problem, Subject, out_of_scope};
use crate::model::{Asset, Plan, Workload};

/// Bytes in a MiB (2^20): storage facts are in MiB.
pub const MIB: u64 = 1 << 20;

/// Bytes in a GiB (2^30).
pub const GIB: u64 = 1 << 30;

/// CAF suggests a first wave of fewer than this many assets.
pub const FIRST_WAVE_ASSETS: usize = 10;

/// How many of the largest assets an estimate names.
const LARGEST: usize = 3;

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

// ---------------------------------------------------------------- estimate

/// A storage fact as a non-negative number; thousands separators allowed.
fn number(text: &str) -> Option<f64> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' ' | '\u{a0}'))
        .collect();
    let n: f64 = cleaned.parse().ok()?;
    (n.is_finite() && n >= 0.0).then_some(n)
}

/// An asset's storage in bytes: source fact `in_use_mib`, else
/// `provisioned_mib`, else `storage_gb` × 1024 MiB (as the product defines
/// it). `None` when no fact holds a number: unknown, never zero.
pub fn storage_bytes(asset: &Asset) -> Option<u64> {
    let fact = |key: &str| asset.source.get(key).and_then(|v| number(v));
    let mib = fact("in_use_mib")
        .or_else(|| fact("provisioned_mib"))
        .or_else(|| fact("storage_gb").map(|gb| gb * 1024.0))?;
    // `as` saturates: an absurd fact cannot wrap around.
    Some((mib * MIB as f64).round() as u64)
}

/// Hours to copy `bytes` at `bandwidth_mbps` (CAF's formula): bytes × 8
/// bits ÷ (Mbit/s × 10^6 bits) ÷ 3600. `None` without bandwidth.
pub fn replication_hours(bytes: u128, bandwidth_mbps: u32) -> Option<f64> {
    if bandwidth_mbps == 0 {
        return None;
    }
    Some(bytes as f64 * 8.0 / (f64::from(bandwidth_mbps) * 1e6) / 3600.0)
}

/// What replicating a set of assets costs. Out-of-scope assets (Retire,
/// Retain) are not replicated and not counted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Estimate {
    /// In-scope assets counted, known storage or not.
    pub assets: usize,
    /// Total storage of the assets whose storage is known: their sum, past
    /// what one asset's figure can hold.
    pub bytes: u128,
    /// Assets whose storage is unknown (indices into `plan.assets`): the
    /// estimate is short by their size.
    pub unknown: Vec<usize>,
    /// The largest assets (index, bytes), largest first: the few that
    /// dominate the time.
    pub largest: Vec<(usize, u64)>,
}

impl Estimate {
    pub fn gib(&self) -> f64 {
        self.bytes as f64 / GIB as f64
    }

    /// Hours at this bandwidth; `None` without bandwidth, or when nothing
    /// is known of assets that exist (an estimate from nothing is no
    /// estimate). Short by the unknown assets' size when there are some.
    pub fn hours(&self, bandwidth_mbps: Option<u32>) -> Option<f64> {
        if self.assets > 0 && self.unknown.len() == self.assets {
            return None;
        }
        replication_hours(self.bytes, bandwidth_mbps?)
    }
}

/// The estimate for these assets (indices into `plan.assets`; unknown
/// indices are skipped).
pub fn estimate(plan: &Plan, assets: impl IntoIterator<Item = usize>) -> Estimate {
    let mut out = Estimate::default();
    let mut sized = Vec::new();
    for i in assets {
        let Some(asset) = plan.assets.get(i) else {
            continue;
        };
        if out_of_scope(asset) {
            continue;
        }
        out.assets += 1;
        match storage_bytes(asset) {
            Some(bytes) => {
                out.bytes += u128::from(bytes);
                sized.push((i, bytes));
            }
            None => out.unknown.push(i),
        }
    }
    sized.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    sized.truncate(LARGEST);
    out.largest = sized;
    out
}

/// The estimate for a workload's own assets.
pub fn workload_estimate(plan: &Plan, workload_id: &str) -> Estimate {
    estimate(plan, plan.assets_of(workload_id))
}

/// A duration for people: minutes under an hour, hours under two days,
/// then days.
pub fn duration_text(hours: f64) -> String {
    if hours < 1.0 {
        format!("{:.0} min", hours * 60.0)
    } else if hours < 48.0 {
        format!("{hours:.1} h")
    } else {
        format!("{:.1} days", hours / 24.0)
    }
}

/// A size for people, in binary units (MiB, GiB, TiB).
pub fn size_text(bytes: impl Into<u128>) -> String {
    let bytes: u128 = bytes.into();
    let (gib, mib) = (u128::from(GIB), u128::from(MIB));
    let b = bytes as f64;
    if bytes >= gib << 10 {
        format!("{:.1} TiB", b / (gib << 10) as f64)
    } else if bytes >= gib {
        format!("{:.1} GiB", b / gib as f64)
    } else {
        format!("{:.0} MiB", b / mib as f64)
    }
}

// ---------------------------------------------------------------- summary

/// A wave with its workloads, assets, estimate and problems: one column of
/// the board, one entry of `ferry waves`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaveSummary {
    pub group: WaveGroup,
    /// Assets of its workloads, out of scope or not.
    pub assets: usize,
    pub estimate: Estimate,
    /// The wave rules' problems: `dependency-in-later-wave` and
    /// `wave-undefined` of its workloads (the latter in the no-wave
    /// group), `wave-dates-invalid` of the wave, `first-wave-large` on the
    /// first wave.
    pub problems: Vec<Problem>,
}

/// Every wave group in order with what the board and `ferry waves` show;
/// the problems come from `derived` (the plan's derived state).
pub fn summaries(plan: &Plan, derived: &Derived) -> Vec<WaveSummary> {
    let members = members(plan);
    let groups = groups(plan);
    let mut problems = problems_by_group(plan, derived, &groups);
    groups
        .into_iter()
        .zip(problems.iter_mut())
        .map(|(group, problems)| {
            let own: Vec<usize> = group
                .workloads
                .iter()
                .flat_map(|&w| {
                    plan.workloads
                        .get(w)
                        .and_then(|w| members.get(w.id.as_str()))
                        .map_or(&[][..], Vec::as_slice)
                })
                .copied()
                .collect();
            WaveSummary {
                assets: own.len(),
                estimate: estimate(plan, own),
                problems: problems.drain(..).cloned().collect(),
                group,
            }
        })
        .collect()
}

/// The wave problems of `derived`, per group of `groups` (same order): a
/// workload's with the group it is in, a wave's with that wave.
pub fn problems_by_group<'d>(
    plan: &Plan,
    derived: &'d Derived,
    groups: &[WaveGroup],
) -> Vec<Vec<&'d Problem>> {
    let mut by_group = vec![Vec::new(); groups.len()];
    let mut of_wave = HashMap::new();
    let mut of_workload = HashMap::new();
    for (g, group) in groups.iter().enumerate() {
        if let Some(w) = group.wave {
            of_wave.insert(w, g);
        }
        for &w in &group.workloads {
            if let Some(workload) = plan.workloads.get(w) {
                of_workload.entry(workload.id.as_str()).or_insert(g);
            }
        }
    }
    let wave_codes: Vec<&str> = crate::derive::RULES
        .iter()
        .filter(|r| r.about == About::Wave)
        .map(|r| r.code)
        .collect();
    for p in derived
        .problems
        .iter()
        .filter(|p| wave_codes.contains(&p.code))
    {
        let group = match &p.subject {
            Subject::Wave(w) => of_wave.get(w),
            Subject::Workload(id) => of_workload.get(id.as_str()),
            _ => None,
        };
        if let Some(&g) = group {
            by_group[g].push(p);
        }
    }
    by_group
}

/// Workload id → indices of its assets.
fn members(plan: &Plan) -> HashMap<&str, Vec<usize>> {
    let mut members: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, asset) in plan.assets.iter().enumerate() {
        if let Some(w) = &asset.workload {
            members.entry(w.as_str()).or_default().push(i);
        }
    }
    members
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
/// and the size of the first wave (`first-wave-large`). `members`: the
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

/// Whether a wave's start and end (either may be missing) are dates
/// written `YYYY-MM-DD` and the end is not before the start; the reason in
/// words when not. The board checks what is typed with it before a change,
/// and the rule `wave-dates-invalid` checks files written by hand.
pub fn check_dates(start: Option<&str>, end: Option<&str>) -> Result<(), String> {
    let check = |which: &str, date: Option<&str>| match date.map(str::trim) {
        Some(d) if !crate::model::is_date(d) => Err(format!(
            "the {which} date \"{d}\" is not a date written YYYY-MM-DD (e.g. 2026-03-02)"
        )),
        _ => Ok(()),
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
mod tests {
    use super::*;
    use crate::model::{Strategy, Wave, Workload};

    fn wave(name: &str) -> Wave {
        Wave {
            name: name.into(),
            ..Wave::default()
        }
    }

    fn workload(id: &str, wave: &str) -> Workload {
        Workload {
            id: id.into(),
            name: id.to_uppercase(),
            wave: wave.into(),
            ..Workload::default()
        }
    }

    fn asset(id: &str, workload: Option<&str>, deps: &[&str]) -> Asset {
        Asset {
            id: id.into(),
            name: id.into(),
            workload: workload.map(Into::into),
            depends_on: deps.iter().map(|d| (*d).to_owned()).collect(),
            ..Asset::default()
        }
    }

    fn with_fact(mut a: Asset, key: &str, value: &str) -> Asset {
        a.source.insert(key.into(), value.into());
        a
    }

    /// The wave problems of the plan: code and message.
    fn codes(plan: &Plan) -> Vec<(&'static str, String)> {
        crate::derive::derive(plan)
            .problems
            .into_iter()
            .filter(|p| crate::derive::rules::rule(p.code).is_some_and(|r| r.about == About::Wave))
            .map(|p| (p.code, p.message))
            .collect()
    }

    fn summaries(plan: &Plan) -> Vec<WaveSummary> {
        super::summaries(plan, &crate::derive::derive(plan))
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
                "the end date \"2026-02-30\" is not a date written YYYY-MM-DD (e.g. 2026-03-02)"
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
    fn storage_comes_from_in_use_then_provisioned_then_storage_gb() {
        let a = asset("a", None, &[]);
        assert_eq!(storage_bytes(&a), None);
        let a = with_fact(a, "storage_gb", "2");
        assert_eq!(storage_bytes(&a), Some(2 * GIB));
        let a = with_fact(a, "provisioned_mib", "1,024");
        assert_eq!(storage_bytes(&a), Some(GIB));
        let a = with_fact(a, "in_use_mib", "512");
        assert_eq!(storage_bytes(&a), Some(512 * MIB));
        let a = with_fact(a, "in_use_mib", "n/a");
        assert_eq!(
            storage_bytes(&a),
            Some(GIB),
            "an unreadable fact falls through"
        );
        let b = with_fact(asset("b", None, &[]), "in_use_mib", "-5");
        assert_eq!(storage_bytes(&b), None, "negative is no size");
    }

    #[test]
    fn a_wave_total_is_a_sum_not_clamped_to_one_assets_maximum() {
        // Two assets whose storage is each near the most one figure holds.
        let mut plan = Plan::named("t");
        plan.workloads = vec![workload("erp", "")];
        let huge = (u64::MAX / MIB).to_string();
        plan.assets = vec![
            with_fact(asset("a", Some("erp"), &[]), "in_use_mib", &huge),
            with_fact(asset("b", Some("erp"), &[]), "in_use_mib", &huge),
        ]
        .into_iter()
        .map(std::sync::Arc::new)
        .collect();
        let each = storage_bytes(&plan.assets[0]).expect("sized");
        let e = estimate(&plan, 0..2);
        assert_eq!(
            e.bytes,
            2 * u128::from(each),
            "the sum, not one asset's maximum"
        );
        assert!(e.gib() > 2.0 * (each as f64 / GIB as f64) * 0.999);
    }

    #[test]
    fn two_tib_at_500_mbit_take_about_9_8_hours() {
        // 2 TiB = 2 × 2^40 bytes = 17,592,186,044,416 bits;
        // ÷ 500 × 10^6 bit/s = 35,184.4 s = 9.773 h.
        let hours = replication_hours(2 << 40, 500).expect("bandwidth");
        assert!((hours - 9.7734).abs() < 0.001, "{hours}");
        assert_eq!(duration_text(hours), "9.8 h");
        assert_eq!(replication_hours(1, 0), None);
    }

    #[test]
    fn the_estimate_adds_known_storage_and_names_the_unknown() {
        let mut plan = Plan::named("t");
        plan.workloads = vec![workload("erp", "")];
        plan.assets = vec![
            with_fact(asset("db", Some("erp"), &[]), "in_use_mib", "1048576"), // 1 TiB
            with_fact(asset("app", Some("erp"), &[]), "provisioned_mib", "524288"), // 512 GiB
            with_fact(asset("fs", Some("erp"), &[]), "storage_gb", "512"),     // 512 GiB
            with_fact(asset("web", Some("erp"), &[]), "in_use_mib", "1024"),   // 1 GiB
            asset("mystery", Some("erp"), &[]),
            {
                let mut old = with_fact(asset("old", Some("erp"), &[]), "in_use_mib", "999999");
                old.strategy = Strategy::Retire;
                old
            },
            with_fact(asset("elsewhere", None, &[]), "in_use_mib", "5"),
        ]
        .into_iter()
        .map(std::sync::Arc::new)
        .collect();
        let e = workload_estimate(&plan, "erp");
        assert_eq!(e.assets, 5, "the retired asset is not replicated");
        assert_eq!(e.bytes, u128::from((2 << 40) + GIB));
        assert_eq!(e.unknown, [4]);
        assert_eq!(e.largest, [(0, 1 << 40), (1, 512 * GIB), (2, 512 * GIB)]);
        assert!((e.gib() - 2049.0).abs() < 1e-9);
        // By hand: 2049 GiB × 2^30 × 8 / (500 × 10^6) / 3600.
        let by_hand = 2049.0 * 1_073_741_824.0 * 8.0 / 500e6 / 3600.0;
        let hours = e.hours(Some(500)).expect("hours");
        assert!((hours - by_hand).abs() < 1e-9 && (hours - 9.778).abs() < 0.001);
        assert_eq!(e.hours(None), None);
        let unknown_only = estimate(&plan, [4]);
        assert_eq!(
            unknown_only.hours(Some(500)),
            None,
            "never zero from nothing"
        );
        assert_eq!(estimate(&plan, []).hours(Some(500)), Some(0.0));
    }

    #[test]
    fn summaries_count_assets_and_estimate_per_wave() {
        let mut plan = Plan::named("t");
        plan.waves = vec![wave("W1"), wave("W2")];
        plan.workloads = vec![workload("a", "W2"), workload("b", "W1"), workload("c", "")];
        plan.assets = vec![
            with_fact(asset("a1", Some("a"), &[]), "in_use_mib", "2048"),
            with_fact(asset("a2", Some("a"), &[]), "in_use_mib", "1024"),
            asset("b1", Some("b"), &[]),
            with_fact(asset("c1", Some("c"), &[]), "storage_gb", "1"),
        ]
        .into_iter()
        .map(std::sync::Arc::new)
        .collect();
        let s = summaries(&plan);
        assert_eq!(s.len(), 3);
        assert_eq!((s[0].group.name.as_str(), s[0].assets), ("W1", 1));
        assert_eq!(s[0].estimate.unknown, [2]);
        assert_eq!((s[1].assets, s[1].estimate.bytes), (2, u128::from(3 * GIB)));
        assert_eq!(
            (s[2].group.name.as_str(), s[2].estimate.bytes),
            ("", u128::from(GIB))
        );
    }

    #[test]
    fn durations_and_sizes_read_well() {
        assert_eq!(duration_text(0.5), "30 min");
        assert_eq!(duration_text(72.0), "3.0 days");
        assert_eq!(size_text(2u64 << 40), "2.0 TiB");
        assert_eq!(size_text(3 * GIB / 2), "1.5 GiB");
        assert_eq!(size_text(300 * MIB), "300 MiB");
        assert_eq!(name_list(&["a", "b", "c"]), "a, b and c");
        assert_eq!(wave_words("Pilot"), "wave Pilot");
        assert_eq!(wave_words(" Wave 2"), "Wave 2");
        assert_eq!(
            name_list(&["1", "2", "3", "4", "5", "6", "7"]),
            "1, 2, 3, 4, 5 and 2 more"
        );
    }
}
