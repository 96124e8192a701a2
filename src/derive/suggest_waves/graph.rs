//! What each workload needs of the others, as the wave rule
//! `dependency-in-later-wave` sees it: a workload needs another when one
//! of its assets depends, directly or through any other assets, on an
//! asset of the other that is migrated. And what each
//! workload weighs: its assets to migrate and their storage.

use std::collections::HashMap;

use crate::derive::out_of_scope;
use crate::derive::size::storage_bytes;
use crate::model::{Environment, Plan};

/// How many assets a need keeps by name, for the reasons.
const NAMED: usize = 3;

/// One workload needing another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Need {
    /// The workload needed (index in `plan.workloads`).
    pub workload: usize,
    /// The first few of its assets that are needed (indices in
    /// `plan.assets`), and how many there are.
    pub assets: Vec<usize>,
    pub count: usize,
}

/// What a workload weighs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Size {
    /// Its assets to migrate (Retire and Retain are not).
    pub assets: usize,
    /// Their storage, where known.
    pub bytes: u128,
    /// Those of unknown size.
    pub unknown: usize,
}

impl Size {
    pub fn add(&mut self, other: Size) {
        self.assets += other.assets;
        self.bytes += other.bytes;
        self.unknown += other.unknown;
    }
}

/// The workloads, what they need and what they weigh.
pub(super) struct Graph {
    /// Per workload, in plan order: the workloads it needs, in the order
    /// first reached.
    pub needs: Vec<Vec<Need>>,
    /// Per workload: the assets it needs that are migrated but in no
    /// workload of the plan (the inventory, or a workload not in the
    /// plan), the first few and how many.
    pub inventory: Vec<(Vec<usize>, usize)>,
    pub size: Vec<Size>,
    /// Per workload: the environment its assets were imported with (the
    /// fact `environment`), when every asset to migrate says the same one.
    pub asset_environment: Vec<Option<Environment>>,
}

impl Graph {
    pub fn of(plan: &Plan) -> Self {
        let n = plan.workloads.len();
        let mut workload_index: HashMap<&str, usize> = HashMap::with_capacity(n);
        for (k, w) in plan.workloads.iter().enumerate() {
            workload_index.entry(w.id.as_str()).or_insert(k);
        }
        let asset_index = crate::derive::asset_index(plan);
        // The workload of each asset, when it is one of the plan's.
        let owner: Vec<Option<usize>> = plan
            .assets
            .iter()
            .map(|a| {
                a.workload
                    .as_deref()
                    .and_then(|w| workload_index.get(w).copied())
            })
            .collect();
        let deps: Vec<Vec<usize>> = plan
            .assets
            .iter()
            .map(|a| {
                a.depends_on
                    .iter()
                    .filter_map(|d| asset_index.get(d.as_str()).copied())
                    .collect()
            })
            .collect();
        let mut own: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, o) in owner.iter().enumerate() {
            if let Some(k) = o {
                own[*k].push(i);
            }
        }
        let mut graph = Graph {
            needs: Vec::with_capacity(n),
            inventory: Vec::with_capacity(n),
            size: Vec::with_capacity(n),
            asset_environment: Vec::with_capacity(n),
        };
        // The workload (plus one) whose walk last reached each asset.
        let mut seen = vec![0usize; plan.assets.len()];
        // Where each needed workload is in this workload's list (plus one).
        let mut slot = vec![0usize; n];
        let mut stack = Vec::new();
        for (k, mine) in own.iter().enumerate() {
            let stamp = k + 1;
            let mut needs: Vec<Need> = Vec::new();
            let mut inventory = (Vec::new(), 0);
            for &i in mine {
                seen[i] = stamp;
            }
            stack.extend(
                mine.iter()
                    .rev()
                    .flat_map(|&i| deps[i].iter().rev().copied()),
            );
            while let Some(j) = stack.pop() {
                if seen[j] == stamp {
                    continue;
                }
                seen[j] = stamp;
                let migrated = !out_of_scope(&plan.assets[j]);
                match owner[j] {
                    // Another workload's asset: a need. What it needs in
                    // turn is needed too (the wave rule reads the whole
                    // closure: a pin may keep that workload from its own
                    // needs).
                    Some(v) if migrated => {
                        if slot[v] == 0 {
                            needs.push(Need {
                                workload: v,
                                assets: Vec::new(),
                                count: 0,
                            });
                            slot[v] = needs.len();
                        }
                        let need = &mut needs[slot[v] - 1];
                        need.count += 1;
                        if need.assets.len() < NAMED {
                            need.assets.push(j);
                        }
                    }
                    None if migrated => {
                        inventory.1 += 1;
                        if inventory.0.len() < NAMED {
                            inventory.0.push(j);
                        }
                    }
                    // Not migrated, or migrated with no wave: what it
                    // needs is needed all the same.
                    _ => {}
                }
                stack.extend(deps[j].iter().rev().copied());
            }
            for need in &needs {
                slot[need.workload] = 0;
            }
            graph.needs.push(needs);
            graph.inventory.push(inventory);
            graph.size.push(size_of(plan, mine));
            graph.asset_environment.push(environment_of(plan, mine));
        }
        graph
    }
}

fn size_of(plan: &Plan, own: &[usize]) -> Size {
    let mut size = Size::default();
    for asset in own.iter().map(|&i| &plan.assets[i]) {
        if out_of_scope(asset) {
            continue;
        }
        size.assets += 1;
        match storage_bytes(asset) {
            Some(bytes) => size.bytes += u128::from(bytes),
            None => size.unknown += 1,
        }
    }
    size
}

/// The environment every asset to migrate says, when they all say one.
fn environment_of(plan: &Plan, own: &[usize]) -> Option<Environment> {
    let mut found = None;
    for asset in own.iter().map(|&i| &plan.assets[i]) {
        if out_of_scope(asset) {
            continue;
        }
        let said = Environment::from_words(asset.source.get("environment")?)?;
        if found.is_some_and(|f| f != said) {
            return None;
        }
        found = Some(said);
    }
    found
}
