//! Suggested waves on random plans: every workload placed exactly once
//! with a reason; never before something it needs unless a pin forces it,
//! and then a warning names both; after applying, every
//! `dependency-in-later-wave` the plan has is one the suggestion warned
//! of; the same answer every time, and nothing moves the second time.

use std::sync::Arc;

use proptest::prelude::*;

use super::tests::applied;
use super::*;
use crate::derive::Subject;
use crate::model::{Asset, Criticality, Environment, Strategy, Wave, Workload};

/// A random plan: up to 10 workloads `W0`…, their assets, a few in the
/// inventory, random dependencies (cycles too), existing waves, pins,
/// sizes, criticalities and environments.
fn random_plan(seed: u64) -> (Plan, Options) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut plan = Plan::named("random");
    let waves = rng.usize(..4);
    plan.waves = (0..waves)
        .map(|k| Wave {
            name: format!("E{k}"),
            ..Wave::default()
        })
        .collect();
    let workloads = rng.usize(1..=10);
    for k in 0..workloads {
        let wave = match rng.usize(..waves + 2) {
            x if x < waves => format!("E{x}"),
            x if x == waves => "Gone".to_owned(),
            _ => String::new(),
        };
        plan.workloads.push(Workload {
            id: format!("wl-{k}"),
            name: format!("W{k}"),
            wave,
            wave_pinned: rng.usize(..5) == 0,
            criticality: Criticality::ALL[rng.usize(..4)],
            environment: Environment::ALL[rng.usize(..3)],
            ..Workload::default()
        });
        for n in 0..rng.usize(..5) {
            plan.assets.push(Arc::new(Asset {
                id: format!("as-{k}-{n}"),
                name: format!("a{k}.{n}"),
                workload: Some(format!("wl-{k}")),
                ..Asset::default()
            }));
        }
    }
    for n in 0..rng.usize(..4) {
        plan.assets.push(Arc::new(Asset {
            id: format!("as-inv-{n}"),
            name: format!("inv{n}"),
            ..Asset::default()
        }));
    }
    let count = plan.assets.len();
    if count > 0 {
        for _ in 0..rng.usize(..count * 2) {
            let from = rng.usize(..count);
            let to = plan.assets[rng.usize(..count)].id.clone();
            Arc::make_mut(&mut plan.assets[from]).depends_on.push(to);
        }
    }
    for asset in &mut plan.assets {
        let asset = Arc::make_mut(asset);
        if rng.usize(..8) == 0 {
            asset.strategy = Strategy::Retire;
        }
        if rng.bool() {
            asset
                .source
                .insert("in_use_mib", &(rng.u32(1..200) * 1024).to_string());
        }
    }
    let options = Options {
        max_assets: rng.bool().then(|| rng.u32(1..12)),
        max_hours: rng.bool().then(|| rng.u32(1..4)),
        bandwidth_mbps: rng.bool().then(|| rng.u32(100..1000)),
        ..Options::default()
    };
    (plan, options)
}

/// The workloads each workload needs, read the way the wave rule reads
/// it: the migrated assets of other workloads in its dependency closure.
fn needs(plan: &Plan) -> Vec<Vec<usize>> {
    let index = crate::derive::asset_index(plan);
    plan.workloads
        .iter()
        .map(|w| {
            let own = plan.assets_of(&w.id);
            let mut out: Vec<usize> = crate::derive::dependency_closure(plan, &index, &own)
                .into_iter()
                .map(|j| &plan.assets[j])
                .filter(|a| !crate::derive::out_of_scope(a))
                .filter_map(|a| {
                    plan.workloads
                        .iter()
                        .position(|v| Some(&v.id) == a.workload.as_ref())
                })
                .filter(|v| plan.workloads[*v].id != w.id)
                .collect();
            out.sort_unstable();
            out.dedup();
            out
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn suggestions_keep_every_rule_they_can_and_say_which_they_cannot(seed in any::<u64>()) {
        let (plan, options) = random_plan(seed);
        let s = suggest(&plan, &options);
        prop_assert_eq!(&s, &suggest(&plan, &options), "the same answer every time");
        // Every workload exactly once, with a reason.
        let mut wave_of: Vec<Option<Option<usize>>> = vec![None; plan.workloads.len()];
        for wave in &s.waves {
            for p in &wave.workloads {
                prop_assert!(wave_of[p.workload].is_none(), "{} placed twice", p.name);
                wave_of[p.workload] = Some(wave.index);
                prop_assert!(!p.reasons.is_empty(), "{} has no reason", p.name);
            }
        }
        prop_assert!(wave_of.iter().all(Option::is_some), "every workload placed");
        // Never before something it needs, unless a pin forces it; then a
        // warning names both.
        let pinned = |w: usize| options.pinned(&plan, w);
        for (w, needed) in needs(&plan).iter().enumerate() {
            let Some(Some(kw)) = wave_of[w] else { continue };
            for &v in needed {
                let kv = wave_of[v].flatten();
                if kv.is_some_and(|kv| kv <= kw) {
                    continue;
                }
                let (a, b) = (&plan.workloads[w].name, &plan.workloads[v].name);
                let forced = pinned(w)
                    || pinned(v)
                    || s.placed(&plan.workloads[w].id)
                        .is_some_and(|(_, p)| p.reasons.iter().any(|r| r.contains("pinned")));
                prop_assert!(forced, "{a} before {b}, which it needs, with no pin: {:#?}", s);
                prop_assert!(
                    s.warnings.iter().any(|x| x.code == "pin-breaks-dependency"
                        && x.message.contains(&format!("{a} ("))
                        && x.message.contains(&format!(" of {b}"))),
                    "no warning names {a} and {b}: {:#?}", s.warnings
                );
            }
        }
        // Applied: every later-wave dependency the rules find was warned of.
        let after = applied(&plan, &s);
        for p in crate::derive::derive(&after).problems {
            if p.code != "dependency-in-later-wave" {
                continue;
            }
            let Subject::Workload(id) = &p.subject else { continue };
            prop_assert!(
                s.warnings.iter().any(|x| x.subject.as_ref() == Some(id)),
                "{} not warned of: {:#?}", p.message, s.warnings
            );
        }
        // Suggesting again moves nothing.
        let again = suggest(&after, &options);
        prop_assert!(again.is_nothing(), "moves again: {:?}", again.moves());
    }
}
