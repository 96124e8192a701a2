//! What keeps a merged plan whole: the references between its items
//! (an item one side deleted and the other uses is kept) and the
//! dependency cycles neither side had.

use super::*;
use crate::derive::components::{is_cycle, strongly_connected};

// ---------------------------------------------------------------- references

/// What a reference points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Target {
    Party,
    Workload,
    Asset,
    /// A log entry's `about`: a party, workload or asset.
    Any,
}

/// Every reference of a plan: (the referring item's id, the id referred
/// to, what it must be, where the reference is in words).
pub(super) fn references(plan: &Plan, names: &Names<'_>, visit: &mut Visit<'_>) {
    for w in &plan.workloads {
        let wname = name_or_id(&w.name, &w.id);
        for (field, owner) in [
            ("business owner", &w.business_owner),
            ("technical owner", &w.technical_owner),
        ] {
            if let Some(p) = owner {
                visit((&w.id, field), p, Target::Party, &|| {
                    format!("{wname} ({field})")
                });
            }
        }
        for a in &w.activities {
            for p in a.raci.keys() {
                visit((&w.id, a.kind.label()), p, Target::Party, &|| {
                    format!("{} (RACI)", activity_subject(wname, a.kind))
                });
            }
        }
        for p in &w.remediation_timing_confirmed_by {
            visit((&w.id, "team check"), p, Target::Party, &|| {
                format!("{wname} (team check)")
            });
        }
        for c in &w.checklist {
            if let Some(p) = &c.owner {
                visit((&c.id, "checklist owner"), p, Target::Party, &|| {
                    format!("{wname} › checklist {} (owner)", short(&c.text))
                });
            }
        }
    }
    for a in &plan.assets {
        let aname = name_or_id(&a.name, &a.id);
        if let Some(w) = &a.workload {
            visit((&a.id, "workload"), w, Target::Workload, &|| {
                format!("{aname} (its workload)")
            });
        }
        for d in &a.depends_on {
            visit((&a.id, "depends on"), d, Target::Asset, &|| {
                format!("{aname} (depends on {})", names.asset(d))
            });
        }
        for (kind, p) in &a.owners {
            visit((&a.id, kind.label()), p, Target::Party, &|| {
                format!("{aname} ({} owner)", kind.label())
            });
        }
    }
    for l in &plan.log {
        let subject = || format!("log {}", short(&l.text));
        if let Some(p) = &l.owner {
            visit((&l.id, "owner"), p, Target::Party, &|| {
                format!("{} (owner)", subject())
            });
        }
        if let Some(x) = &l.about {
            visit((&l.id, "about"), x, Target::Any, &|| {
                format!("{} (about)", subject())
            });
        }
    }
}

/// Where a reference is: the referring item's id and which of its fields.
pub(super) type Slot<'a> = (&'a str, &'static str);

/// Called for each reference: where it is, the id it refers to, what that
/// must be, and where it is in words (made only when needed).
pub(super) type Visit<'v> = dyn FnMut(Slot<'_>, &str, Target, &dyn Fn() -> String) + 'v;

/// A reference: where it is, and the id it refers to.
pub(super) type Pair = (String, &'static str, String);

pub(super) fn ref_pairs(plan: &Plan) -> HashSet<Pair> {
    let names = Names::of(plan);
    let mut pairs = HashSet::new();
    references(plan, &names, &mut |(from, slot), target, _, _| {
        pairs.insert((from.to_owned(), slot, target.to_owned()));
    });
    pairs
}

/// The ids of a plan's parties, workloads and assets.
pub(super) struct Present<'p> {
    parties: HashSet<&'p str>,
    workloads: HashSet<&'p str>,
    assets: HashSet<&'p str>,
}

impl<'p> Present<'p> {
    pub(super) fn of(plan: &'p Plan) -> Self {
        Self {
            parties: plan.parties.iter().map(|p| p.id.as_str()).collect(),
            workloads: plan.workloads.iter().map(|w| w.id.as_str()).collect(),
            assets: plan.assets.iter().map(|a| a.id.as_str()).collect(),
        }
    }

    pub(super) fn has(&self, id: &str, kind: Target) -> bool {
        match kind {
            Target::Party => self.parties.contains(id),
            Target::Workload => self.workloads.contains(id),
            Target::Asset => self.assets.contains(id),
            Target::Any => {
                self.parties.contains(id) || self.workloads.contains(id) || self.assets.contains(id)
            }
        }
    }
}

/// An item brought back.
pub(super) enum Taken {
    Party(Party),
    Workload(Workload),
    Asset(Asset),
}

impl Taken {
    pub(super) fn name(&self) -> String {
        match self {
            Taken::Party(p) => name_or_id(&p.name, &p.id).to_owned(),
            Taken::Workload(w) => name_or_id(&w.name, &w.id).to_owned(),
            Taken::Asset(a) => name_or_id(&a.name, &a.id).to_owned(),
        }
    }

    pub(super) fn put(self, plan: &mut Plan) {
        match self {
            Taken::Party(p) => plan.parties.push(p),
            Taken::Workload(w) => plan.workloads.push(w),
            Taken::Asset(a) => plan.assets.push(a.into()),
        }
    }
}

pub(super) fn take_item(plan: &Plan, id: &str, kind: Target) -> Option<Taken> {
    let party = || plan.party(id).cloned().map(Taken::Party);
    let workload = || plan.workload(id).cloned().map(Taken::Workload);
    let asset = || plan.asset(id).cloned().map(Taken::Asset);
    match kind {
        Target::Party => party(),
        Target::Workload => workload(),
        Target::Asset => asset(),
        Target::Any => workload().or_else(asset).or_else(party),
    }
}

// ---------------------------------------------------------------- cycles

/// The strongly connected components of a plan's dependency graph.
pub(super) struct Cycles {
    /// Component of each asset (by position in `plan.assets`).
    component: Vec<usize>,
    /// Whether each component is a cycle (two assets or more, or a self loop).
    cyclic: Vec<bool>,
    /// Asset id → position (first occurrence).
    index: HashMap<String, usize>,
}

impl Cycles {
    pub(super) fn of(plan: &Plan) -> Self {
        let index_ref = crate::derive::asset_index(plan);
        let edges: Vec<Vec<usize>> = plan
            .assets
            .iter()
            .map(|a| {
                a.depends_on
                    .iter()
                    .filter_map(|d| index_ref.get(d.as_str()).copied())
                    .collect()
            })
            .collect();
        let components = strongly_connected(&edges);
        let component = components.of_each();
        let cyclic = components.iter().map(|c| is_cycle(&edges, c)).collect();
        Self {
            component,
            cyclic,
            index: index_ref
                .into_iter()
                .map(|(id, i)| (id.to_owned(), i))
                .collect(),
        }
    }

    pub(super) fn any(&self) -> bool {
        self.cyclic.iter().any(|c| *c)
    }

    /// Whether two assets (by position) are on one cycle.
    pub(super) fn same(&self, i: usize, j: usize) -> bool {
        match (self.component.get(i), self.component.get(j)) {
            (Some(a), Some(b)) => a == b && self.cyclic.get(*a).copied().unwrap_or(false),
            _ => false,
        }
    }

    pub(super) fn same_ids(&self, a: &str, b: &str) -> bool {
        match (self.index.get(a), self.index.get(b)) {
            (Some(&i), Some(&j)) => self.same(i, j),
            _ => false,
        }
    }

    /// The positions of the assets on asset `i`'s cycle.
    pub(super) fn members(&self, i: usize) -> Vec<usize> {
        let Some(&c) = self.component.get(i) else {
            return Vec::new();
        };
        (0..self.component.len())
            .filter(|&k| self.component[k] == c)
            .collect()
    }
}

impl Merger<'_> {
    /// Brings back an item one side deleted when the merged plan uses it
    /// through a reference the deleting side did not have (the other side
    /// assigned the party, moved an asset into the workload…).
    pub(super) fn restore_used(&mut self, plan: &mut Plan, ours: &Plan, theirs: &Plan) {
        let mut pairs: Option<[HashSet<Pair>; 2]> = None;
        let mut decided: HashSet<String> = HashSet::new();
        loop {
            let present = Present::of(plan);
            let mut missing: Vec<(Pair, Target, String)> = Vec::new();
            references(plan, self.names, &mut |(from, slot), target, kind, used| {
                if !present.has(target, kind) && !decided.contains(target) {
                    missing.push(((from.to_owned(), slot, target.to_owned()), kind, used()));
                }
            });
            if missing.is_empty() {
                return;
            }
            let [ours_refs, theirs_refs] =
                pairs.get_or_insert_with(|| [ref_pairs(ours), ref_pairs(theirs)]);
            let mut restored = false;
            for (pair, kind, used) in missing {
                let target = pair.2.clone();
                if decided.contains(&target) {
                    continue;
                }
                let found = [(Side::Ours, ours), (Side::Theirs, theirs)]
                    .into_iter()
                    .find_map(|(side, p)| take_item(p, &target, kind).map(|item| (side, item)));
                let Some((side, item)) = found else {
                    decided.insert(target);
                    continue;
                };
                // The side without the item: did it have this reference?
                // Then the reference dangled there already; nothing is new.
                let deleting_refs = match side {
                    Side::Ours => &*theirs_refs,
                    Side::Theirs => &*ours_refs,
                };
                if deleting_refs.contains(&pair) {
                    continue;
                }
                decided.insert(target.clone());
                let place = Place::new(item.name(), &target);
                let (kept, gone) = (format!("kept, and used by {used}"), "deleted".to_owned());
                let (o, t) = match side {
                    Side::Ours => (kept, gone),
                    Side::Theirs => (gone, kept),
                };
                let _ = self.conflict(ConflictKind::DeletedButUsed, &place, "deleted", o, t, side);
                item.put(plan);
                restored = true;
            }
            if !restored {
                return;
            }
        }
    }

    /// Leaves out dependencies that only theirs has and that close a
    /// dependency cycle in the merged plan (one neither side had).
    pub(super) fn break_cycles(&mut self, plan: &mut Plan, ours: &Plan, theirs: &Plan) {
        let cycles = Cycles::of(plan);
        if !cycles.any() {
            return;
        }
        let ours_edges: HashSet<(&str, &str)> = ours
            .assets
            .iter()
            .flat_map(|a| {
                a.depends_on
                    .iter()
                    .map(move |d| (a.id.as_str(), d.as_str()))
            })
            .collect();
        let theirs_cycles = Cycles::of(theirs);
        let index = crate::derive::asset_index(plan);
        let mut drop: Vec<(usize, String)> = Vec::new();
        for (i, a) in plan.assets.iter().enumerate() {
            for dep in &a.depends_on {
                let Some(&j) = index.get(dep.as_str()) else {
                    continue;
                };
                if !cycles.same(i, j)
                    || ours_edges.contains(&(a.id.as_str(), dep.as_str()))
                    || theirs_cycles.same_ids(&a.id, dep)
                {
                    continue;
                }
                drop.push((i, dep.clone()));
            }
        }
        for (i, dep) in drop {
            let members: Vec<&str> = cycles
                .members(i)
                .into_iter()
                .map(|k| name_or_id(&plan.assets[k].name, &plan.assets[k].id))
                .collect();
            let cycle = members.join(", ");
            let a = &plan.assets[i];
            let place = Place::new(name_or_id(&a.name, &a.id), &a.id);
            let dep_name = self.names.asset(&dep).to_owned();
            let _ = self.conflict(
                ConflictKind::DependencyCycle,
                &place,
                "depends on",
                format!("no dependency on {dep_name}"),
                format!("depends on {dep_name}, which closes a cycle between {cycle}"),
                Side::Ours,
            );
            if let Some(a) = plan.assets.get_mut(i) {
                std::sync::Arc::make_mut(a).depends_on.retain(|d| *d != dep);
            }
        }
    }
}
