//! What waves and workloads weigh: each asset's storage, how long
//! replicating a set of assets takes at the plan's bandwidth (CAF's
//! formula), sizes and durations in words, and each wave's summary — its
//! workloads, assets, estimate and problems — for the board and
//! `ferry waves`.

use std::collections::HashMap;

use crate::derive::rules::About;
use crate::derive::waves::{WaveGroup, groups};
use crate::derive::{Derived, Problem, Subject, out_of_scope};
use crate::model::Plan;

pub use crate::derive::size::{GIB, MIB, replication_hours, storage_bytes};

/// How many of the largest assets an estimate names.
const LARGEST: usize = 3;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::waves::tests::{asset, wave, workload};
    use crate::model::{Asset, Strategy};

    fn with_fact(mut a: Asset, key: &str, value: &str) -> Asset {
        a.source.insert(key, value);
        a
    }

    /// The wave problems of the plan: code and message.
    fn summaries(plan: &Plan) -> Vec<WaveSummary> {
        super::summaries(plan, &crate::derive::derive(plan))
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
    }
}
