//! [`Incremental::update`]: the derived state of a plan brought up to date
//! with what edits touched, in steps — first what came and went (and the
//! positions after it), then who is in which workload and what each
//! asset depends on, then the findings of what was reached.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::list::{self, Offsets, Redo};
use super::remap::Remap;
use super::{INVENTORY, Incremental, LOG, NEW, ORPHAN, PLAN, place_of};
use crate::derive::problems::{self, AssetFacts, Blocking};
use crate::derive::rules::Findings;
use crate::derive::waves::{self, WaveIndex};
use crate::derive::workload::{self, WaveSegment};
use crate::derive::{
    Derived, Hasher, Stage, dependency_closure, party_ids, placeholder, stage, workload_names,
};
use crate::model::{Plan, Workload};
use crate::touches::{Touch, Touches};

/// The most assets one update creates and removes; more (an import of
/// thousands of rows) are derived in full, which costs about the same.
fn structural_limit(assets: usize) -> usize {
    (assets / 16).max(256)
}

/// What the edits did to the plan's lists, found before anything kept
/// changes.
struct Diff {
    /// Old → new places of the workloads.
    workloads: Remap,
    /// Old → new places of the assets.
    assets: Remap,
    /// The touched assets still in the plan: their new places, and how.
    touched: Vec<(usize, Touch)>,
    /// The removed assets: old place and id.
    removed: Vec<(usize, String)>,
}

/// What to derive again, by new places (old places while marked so).
#[derive(Default)]
struct Work {
    /// Assets whose own findings are found again.
    assets: BTreeSet<usize>,
    /// … and whose dependents' findings too (they name them, or their
    /// workload, or read their strategy).
    with_dependents: BTreeSet<usize>,
    /// Workloads whose status and findings are found again.
    workloads: BTreeSet<usize>,
    /// Workloads whose wave findings alone are found again.
    waves_of: BTreeSet<usize>,
    all_waves: bool,
    /// Workloads whose assets or closure change (old places until the
    /// lists are moved along).
    reclose: BTreeSet<usize>,
    /// Assets whose dependencies are read again (old places until moved).
    rewired: BTreeSet<usize>,
    /// Assets to place in their workload (old places until moved).
    unplaced: BTreeSet<usize>,
    /// Assets whose first namesake went or was renamed (old places until
    /// moved).
    namesakes_of: BTreeSet<usize>,
    /// Assets just created, at their new places.
    created: BTreeSet<usize>,
    log: bool,
    control: bool,
    cycles: bool,
    renamed_parties: Vec<String>,
}

impl Incremental {
    /// Re-derives what `touches` names in `derived`, which must be the
    /// derived state of the plan before the touched edits, so that it is
    /// the derived state of `plan`; returns how the assets' places moved.
    /// `None` when a full derive is needed instead: when `touches` says
    /// so, or when what changed cannot be told cheaply; then `derived`
    /// and the kept state may be half way and are to be replaced.
    pub fn update(
        &mut self,
        plan: &Plan,
        derived: &mut Derived,
        touches: &Touches,
    ) -> Option<Remap> {
        if touches.everything || !self.matches(derived) {
            return None;
        }
        let touched_ids = touches
            .assets
            .keys()
            .chain(touches.workloads.keys())
            .chain(touches.parties.keys())
            .chain(touches.log.keys());
        if !self.repeated_ids.is_empty()
            && touched_ids
                .into_iter()
                .any(|id| self.repeated_ids.contains(id))
        {
            return None;
        }
        if touches.is_nothing() {
            let n = self.workload_of.len();
            let same = plan.assets.len() == n && plan.workloads.len() == self.workload_ids.len();
            return same.then(|| Remap::identity(n));
        }
        let diff = self.diff(plan, derived, touches)?;
        self.check_new_ids(plan, derived, touches, &diff)?;
        let mut work = Work::default();
        self.take_out(derived, &diff, &mut work);
        self.move_along(plan, derived, &diff, &mut work);
        self.rewire(plan, derived, &diff, &mut work);
        self.regroup(plan, derived, &diff, &mut work);
        self.rename(plan, &diff, &mut work);
        self.reach(plan, touches, &diff, &mut work);
        self.rederive(plan, derived, work)?;
        Some(diff.assets)
    }

    /// What came and went, and where the touched assets are now.
    fn diff(&self, plan: &Plan, derived: &Derived, touches: &Touches) -> Option<Diff> {
        let workloads = self.diff_workloads(plan, touches)?;
        let n0 = self.workload_of.len();
        let mut kept = Vec::new();
        let mut removed = Vec::new();
        let mut created: HashMap<&str, Touch, Hasher> = HashMap::default();
        for (id, &touch) in &touches.assets {
            let old = derived.asset_positions.get(id).copied();
            match (touch.created, touch.removed, old) {
                (false, false, Some(p)) => kept.push((p, id, touch)),
                (_, true, Some(p)) => {
                    removed.push((p, id.clone()));
                    if touch.created {
                        created.insert(id, touch);
                    }
                }
                (true, _, None) => {
                    created.insert(id, touch);
                }
                // A second asset with an id, or an edit the plan did not
                // take.
                _ => return None,
            }
        }
        if removed.len() + created.len() > structural_limit(n0) {
            return None;
        }
        let membership = !workloads.is_identity()
            || !removed.is_empty()
            || !created.is_empty()
            || touches.assets.values().any(|t| t.moved);
        if membership && self.workload_ids_repeated {
            return None;
        }
        // The new assets' places: at the end when added, anywhere when a
        // removal is undone.
        let mut found: Vec<(usize, Touch)> = Vec::new();
        if !created.is_empty() {
            let n1 = plan.assets.len();
            let tail = n1.saturating_sub(created.len());
            let at_end = plan.assets[tail..]
                .iter()
                .all(|a| created.contains_key(a.id.as_str()));
            let range = if at_end { tail..n1 } else { 0..n1 };
            for i in range {
                if let Some(&touch) = created.get(plan.assets[i].id.as_str()) {
                    found.push((i, touch));
                }
            }
            let mut ids: Vec<&str> = found
                .iter()
                .map(|&(i, _)| plan.assets[i].id.as_str())
                .collect();
            ids.sort_unstable();
            if ids.windows(2).any(|w| w[0] == w[1]) {
                return None;
            }
        }
        removed.sort_unstable();
        let assets = Remap::new(
            n0,
            removed.iter().map(|&(p, _)| p).collect(),
            found.iter().map(|&(i, _)| i).collect(),
        );
        if assets.new_len() != plan.assets.len() {
            return None;
        }
        let mut touched = found;
        for (p, id, touch) in kept {
            let at = assets.new_of(p)?;
            if plan.assets.get(at)?.id != *id {
                return None;
            }
            touched.push((at, touch));
        }
        touched.sort_unstable_by_key(|&(i, _)| i);
        Some(Diff {
            workloads,
            assets,
            touched,
            removed,
        })
    }

    /// Old → new places of the workloads: those kept keep their order.
    fn diff_workloads(&self, plan: &Plan, touches: &Touches) -> Option<Remap> {
        let w0 = self.workload_ids.len();
        if !touches.workloads.values().any(|t| t.created || t.removed) {
            return (plan.workloads.len() == w0).then(|| Remap::identity(w0));
        }
        let mut seen = vec![false; w0];
        let mut last = None;
        let mut inserted = Vec::new();
        for (k, w) in plan.workloads.iter().enumerate() {
            match self.workload_index.get(&w.id) {
                Some(&was) if !seen[was as usize] && last.is_none_or(|l| was > l) => {
                    seen[was as usize] = true;
                    last = Some(was);
                }
                Some(_) => return None,
                None => {
                    touches.workload(&w.id).filter(|t| t.created)?;
                    inserted.push(k);
                }
            }
        }
        let removed: Vec<usize> = (0..w0).filter(|&k| !seen[k]).collect();
        for &k in &removed {
            touches
                .workload(&self.workload_ids[k])
                .filter(|t| t.removed)?;
        }
        Some(Remap::new(w0, removed, inserted))
    }

    /// Every item created carries an id nothing else in the plan carries
    /// (else the duplicate-id problems change: a full derive lists them).
    fn check_new_ids(
        &self,
        plan: &Plan,
        derived: &Derived,
        touches: &Touches,
        diff: &Diff,
    ) -> Option<()> {
        let mut created: HashMap<&str, usize, Hasher> = HashMap::default();
        for &k in diff.workloads.inserted() {
            created.insert(&plan.workloads[k].id, 0);
        }
        for &i in diff.assets.inserted() {
            created.insert(&plan.assets[i].id, 0);
        }
        for (id, t) in touches.parties.iter().chain(&touches.log) {
            if t.created {
                created.insert(id, 0);
            }
        }
        if created.is_empty() {
            return Some(());
        }
        let ids = plan
            .parties
            .iter()
            .map(|p| &p.id)
            .chain(plan.workloads.iter().map(|w| &w.id))
            .chain(plan.log.iter().map(|l| &l.id))
            .chain(diff.assets.inserted().iter().map(|&i| &plan.assets[i].id));
        for id in ids {
            if let Some(count) = created.get_mut(id.as_str()) {
                *count += 1;
            }
        }
        let gone = |id: &str| diff.removed.iter().any(|(_, r)| r == id);
        created
            .iter()
            .all(|(&id, &count)| {
                let kept_asset = derived.asset_positions.contains_key(id) && !gone(id);
                count + usize::from(kept_asset) <= 1
            })
            .then_some(())
    }

    /// Takes out what the removed assets and workloads held, at their old
    /// places, and marks what they reached.
    fn take_out(&mut self, derived: &mut Derived, diff: &Diff, work: &mut Work) {
        for &(p, ref id) in &diff.removed {
            for &j in &self.depends[p] {
                self.dependents[j as usize].retain(|&d| d as usize != p);
            }
            work.rewired
                .extend(self.dependents[p].iter().map(|&d| d as usize));
            work.reclose
                .extend(self.needed_by[p].iter().map(|&k| k as usize));
            if self.workload_of[p] == INVENTORY {
                derived.unassigned_assets -= 1;
            }
            derived.plan_stages[derived.stages[p].index()] -= 1;
            if self.blocking[p].dependency_missing {
                self.forget_missing(p);
            }
            work.cycles |= self.in_cycle.binary_search(&(p as u32)).is_ok();
            work.namesakes_of.extend(
                self.namesakes
                    .iter()
                    .filter(|&(_, &first)| first == p)
                    .map(|(&y, _)| y),
            );
            derived.asset_positions.remove(id);
        }
        for &k in diff.workloads.removed() {
            for &j in self.members[k].iter().chain(&self.closures[k]) {
                self.needed_by[j].retain(|&x| x as usize != k);
            }
            for &j in &self.members[k] {
                self.workload_of[j] = NEW;
                work.unplaced.insert(j);
            }
        }
        work.control |= !diff.workloads.is_identity();
    }

    /// Moves everything kept by position along to the new places.
    fn move_along(&mut self, plan: &Plan, derived: &mut Derived, diff: &Diff, work: &mut Work) {
        let (wr, ar) = (&diff.workloads, &diff.assets);
        let (w0, n0) = (wr.old_len(), ar.old_len());
        // The problems of the parts that went, then the parts' counts.
        let dropped: Vec<usize> = wr
            .removed()
            .iter()
            .map(|&k| LOG + 1 + k)
            .chain(ar.removed().iter().map(|&i| LOG + 1 + w0 + i))
            .collect();
        if !dropped.is_empty() || !wr.is_identity() || !ar.is_identity() {
            derived.problems = list::drop_parts(
                std::mem::take(&mut derived.problems),
                &self.counts,
                &dropped,
            );
            let mut of_workloads = self.counts[LOG + 1..LOG + 1 + w0].to_vec();
            let mut of_assets = self.counts[LOG + 1 + w0..LOG + 1 + w0 + n0].to_vec();
            let of_waves = self.counts[LOG + 1 + w0 + n0];
            wr.respace(&mut of_workloads, |_| [0; 3]);
            ar.respace(&mut of_assets, |_| [0; 3]);
            self.counts.truncate(LOG + 1);
            self.counts.extend(of_workloads);
            self.counts.extend(of_assets);
            self.counts.push(of_waves);
        }
        if !wr.is_identity() {
            wr.respace(&mut self.members, |_| Vec::new());
            wr.respace(&mut self.closures, |_| Vec::new());
            wr.respace(&mut self.wave_segments, |_| WaveSegment::default());
            wr.respace(&mut derived.workloads, |k| placeholder(&plan.workloads[k]));
            for list in &mut self.needed_by {
                wr.renumber(list);
            }
            for w in &mut self.workload_of {
                if (*w as usize) < w0 {
                    *w = wr.new_of(*w as usize).map_or(NEW, |k| k as u32);
                }
            }
            renumber_set(&mut work.reclose, wr);
            self.workload_ids = plan.workloads.iter().map(|w| w.id.clone()).collect();
            self.workload_index.clear();
            for (k, w) in plan.workloads.iter().enumerate() {
                self.workload_index.entry(w.id.clone()).or_insert(k as u32);
            }
        }
        if !ar.is_identity() {
            ar.respace(&mut derived.stages, |_| Stage::Unassessed);
            ar.respace(&mut self.blocking, |_| Blocking::default());
            ar.respace(&mut self.needed_by, |_| Vec::new());
            ar.respace(&mut self.depends, |_| Vec::new());
            ar.respace(&mut self.dependents, |_| Vec::new());
            ar.respace(&mut self.workload_of, |_| NEW);
            ar.respace(&mut self.name_keys, |at| {
                problems::name_key_of(&plan.assets[at].name)
            });
            for list in self.depends.iter_mut().chain(&mut self.dependents) {
                ar.renumber(list);
            }
            for list in self.members.iter_mut().chain(&mut self.closures) {
                ar.renumber(list);
            }
            for list in self.missing.values_mut() {
                ar.renumber(list);
            }
            ar.renumber(&mut derived.orphaned_assets);
            ar.renumber(&mut self.in_cycle);
            if !self.namesakes.is_empty() {
                self.namesakes = self
                    .namesakes
                    .iter()
                    .filter_map(|(&x, &first)| Some((ar.new_of(x)?, ar.new_of(first)?)))
                    .collect();
            }
            if !ar.appends_only() {
                for at in derived.asset_positions.values_mut() {
                    if let Some(new) = ar.new_of(*at) {
                        *at = new;
                    }
                }
            }
            for set in [
                &mut work.rewired,
                &mut work.unplaced,
                &mut work.namesakes_of,
            ] {
                renumber_set(set, ar);
            }
        }
        for &i in ar.inserted() {
            derived.asset_positions.insert(plan.assets[i].id.clone(), i);
            work.created.insert(i);
            work.rewired.insert(i);
            work.unplaced.insert(i);
        }
    }

    /// Reads again what the rewired assets depend on (and the assets
    /// whose missing dependency a new asset now is); the workloads that
    /// need them find what they need again.
    fn rewire(&mut self, plan: &Plan, derived: &Derived, diff: &Diff, work: &mut Work) {
        for &(i, touch) in &diff.touched {
            if touch.rewired {
                work.rewired.insert(i);
            }
        }
        for &i in diff.assets.inserted() {
            if let Some(waiting) = self.missing.get(&plan.assets[i].id) {
                work.rewired.extend(waiting.iter().map(|&d| d as usize));
            }
        }
        let rewired: Vec<usize> = work.rewired.iter().copied().collect();
        // The edges added, and whether an asset in a cycle changed its own.
        let mut added: Vec<(usize, u32)> = Vec::new();
        let mut cycle_rewired = false;
        for &i in &rewired {
            let before = self.depends[i].clone();
            for &j in &self.depends[i] {
                let list = &mut self.dependents[j as usize];
                if let Ok(at) = list.binary_search(&(i as u32)) {
                    list.remove(at);
                }
            }
            if self.blocking[i].dependency_missing {
                self.forget_missing(i);
            }
            let mut missing = Vec::new();
            self.depends[i] =
                problems::dependencies(&derived.asset_positions, &plan.assets[i], |d| {
                    missing.push(d)
                });
            for &j in &self.depends[i] {
                let list = &mut self.dependents[j as usize];
                if let Err(at) = list.binary_search(&(i as u32)) {
                    list.insert(at, i as u32);
                }
                if !before.contains(&j) {
                    added.push((i, j));
                }
            }
            if before != self.depends[i] && self.in_cycle.binary_search(&(i as u32)).is_ok() {
                cycle_rewired = true;
            }
            for id in missing {
                let list = self.missing.entry(id.to_owned()).or_default();
                if let Err(at) = list.binary_search(&(i as u32)) {
                    list.insert(at, i as u32);
                }
            }
            work.reclose
                .extend(self.needed_by[i].iter().map(|&k| k as usize));
            work.assets.insert(i);
        }
        // The cycles change only when an asset in one changed what it
        // depends on, or a new edge closes one (what it leads to reaches
        // back to where it starts).
        work.cycles |= cycle_rewired
            || added
                .iter()
                .any(|&(i, j)| reaches(&self.depends, j as usize, i, CYCLE_SEARCH));
    }

    /// Places the assets whose workload changed (moved, new, or in a
    /// workload that came or went) and finds again what the workloads
    /// whose assets or closure changed need.
    fn regroup(&mut self, plan: &Plan, derived: &mut Derived, diff: &Diff, work: &mut Work) {
        for &(i, touch) in &diff.touched {
            if touch.moved {
                work.unplaced.insert(i);
            }
        }
        // Assets of a workload the plan lacked, now that it has it.
        for &k in diff.workloads.inserted() {
            let id = Some(plan.workloads[k].id.as_str());
            work.unplaced.extend(
                derived
                    .orphaned_assets
                    .iter()
                    .copied()
                    .filter(|&i| plan.assets[i].workload.as_deref() == id),
            );
        }
        let mut moves = Vec::new();
        for &i in &work.unplaced {
            let now = place_of(&self.workload_index, plan.assets[i].workload.as_deref());
            let was = self.workload_of[i];
            if now != was {
                moves.push((i, was, now));
                for w in [was, now] {
                    if (w as usize) < self.members.len() {
                        work.reclose.insert(w as usize);
                    }
                }
            }
        }
        // What the reclosed workloads needed, forgotten…
        for &k in &work.reclose {
            for &j in self.members[k].iter().chain(&self.closures[k]) {
                self.needed_by[j].retain(|&x| x as usize != k);
            }
        }
        // …who leaves and who joins, in ascending order…
        let mut leaving: HashMap<usize, Vec<usize>, Hasher> = HashMap::default();
        let mut joining: HashMap<usize, Vec<usize>, Hasher> = HashMap::default();
        let (mut orphans_leaving, mut orphans_joining) = (Vec::new(), Vec::new());
        for &(i, was, now) in &moves {
            match was {
                INVENTORY => derived.unassigned_assets -= 1,
                ORPHAN => orphans_leaving.push(i),
                NEW => {}
                k => leaving.entry(k as usize).or_default().push(i),
            }
            match now {
                INVENTORY => derived.unassigned_assets += 1,
                ORPHAN => orphans_joining.push(i),
                k => joining.entry(k as usize).or_default().push(i),
            }
            self.workload_of[i] = now;
            work.assets.insert(i);
            work.with_dependents.insert(i);
        }
        for &k in &work.reclose {
            regroup_list(
                &mut self.members[k],
                leaving.get(&k).map_or(&[], Vec::as_slice),
                joining.get(&k).map_or(&[], Vec::as_slice),
            );
        }
        regroup_list(
            &mut derived.orphaned_assets,
            &orphans_leaving,
            &orphans_joining,
        );
        // …and found again.
        for &k in &work.reclose {
            self.closures[k] = dependency_closure(plan, &derived.asset_positions, &self.members[k]);
            for &j in self.members[k].iter().chain(&self.closures[k]) {
                let needed_by = &mut self.needed_by[j];
                if let Err(at) = needed_by.binary_search(&(k as u32)) {
                    needed_by.insert(at, k as u32);
                }
            }
        }
        work.workloads.extend(work.reclose.iter().copied());
    }

    /// Names: the assets whose first namesake changed, the cycles that
    /// name a renamed asset.
    fn rename(&mut self, plan: &Plan, diff: &Diff, work: &mut Work) {
        let mut keys: Vec<String> = Vec::new();
        let mut renamed = Vec::new();
        for &(i, touch) in &diff.touched {
            if touch.renamed || touch.created {
                self.name_keys[i] = problems::name_key_of(&plan.assets[i].name);
                renamed.push(i);
                let name = &plan.assets[i].name;
                if !name.trim().is_empty() {
                    keys.push(name.to_lowercase());
                }
                if self.in_cycle.binary_search(&(i as u32)).is_ok() {
                    work.cycles = true;
                }
            }
        }
        work.namesakes_of.extend(
            self.namesakes
                .iter()
                .filter(|&(_, first)| renamed.contains(first))
                .map(|(&y, _)| y),
        );
        keys.extend(
            work.namesakes_of
                .iter()
                .map(|&y| plan.assets[y].name.to_lowercase()),
        );
        // Their first namesake went or was renamed: found again (a removed
        // first took their entry with it when the places moved along).
        work.assets.extend(work.namesakes_of.iter().copied());
        // A name emptied has no namesake.
        for &i in &renamed {
            if plan.assets[i].name.trim().is_empty() && self.namesakes.remove(&i).is_some() {
                work.assets.insert(i);
            }
        }
        keys.retain(|k| !k.trim().is_empty());
        if keys.is_empty() {
            return;
        }
        keys.sort_unstable();
        keys.dedup();
        for group in namesake_groups(plan, &self.name_keys, &keys).values() {
            let first = group[0];
            if self.namesakes.remove(&first).is_some() {
                work.assets.insert(first);
            }
            for &x in &group[1..] {
                if self.namesakes.insert(x, first) != Some(first) {
                    work.assets.insert(x);
                }
            }
        }
    }

    /// What the touched workloads, parties, log entries and waves reach.
    fn reach(&mut self, plan: &Plan, touches: &Touches, diff: &Diff, work: &mut Work) {
        for &(i, _) in &diff.touched {
            work.assets.insert(i);
            work.with_dependents.insert(i);
        }
        for (id, touch) in &touches.workloads {
            let Some(&k) = self.workload_index.get(id) else {
                continue;
            };
            let k = k as usize;
            work.workloads.insert(k);
            work.control |= touch.renamed || touch.created;
            if touch.renamed {
                // Their blockers and findings name the workload of what
                // they need; what depends on its assets names it too.
                for &j in &self.members[k] {
                    work.workloads
                        .extend(self.needed_by[j].iter().map(|&x| x as usize));
                    work.with_dependents.insert(j);
                }
            }
            if touch.moved {
                for &j in &self.members[k] {
                    work.waves_of
                        .extend(self.needed_by[j].iter().map(|&x| x as usize));
                }
            }
        }
        for (id, touch) in &touches.parties {
            if touch.created || touch.removed {
                work.log = true;
                work.control = true;
                for (k, w) in plan.workloads.iter().enumerate() {
                    if names_party(w, id) {
                        work.workloads.insert(k);
                    }
                }
                for (i, a) in plan.assets.iter().enumerate() {
                    if !a.owners.is_empty() && a.owners.values().any(|p| p == id) {
                        work.assets.insert(i);
                    }
                }
            } else if touch.renamed {
                work.control = true;
                work.renamed_parties.push(id.clone());
            }
        }
        work.log |= !touches.log.is_empty();
        let waves_changed = touches
            .waves
            .values()
            .any(|t| t.renamed || t.created || t.removed);
        // The wave limits' rule reads the bandwidth and the limits.
        work.all_waves |=
            waves_changed || touches.waves_reordered || touches.bandwidth || touches.wave_limits;
        work.control |= waves_changed || touches.plan_name;
        let with_dependents: Vec<usize> = work.with_dependents.iter().copied().collect();
        for i in with_dependents {
            work.assets
                .extend(self.dependents[i].iter().map(|&d| d as usize));
        }
    }

    /// Finds again the findings of what `work` names and puts them in
    /// the problems list.
    fn rederive(&mut self, plan: &Plan, derived: &mut Derived, mut work: Work) -> Option<()> {
        let names = workload_names(plan);
        let parties = party_ids(plan);
        let first_asset = LOG + 1 + plan.workloads.len();
        let mut changed: Vec<(usize, Redo)> = Vec::new();
        {
            let Derived {
                stages,
                plan_stages,
                asset_positions,
                ..
            } = &mut *derived;
            let facts = AssetFacts {
                plan,
                index: asset_positions,
                workload_names: &names,
                parties: &parties,
            };
            for &i in &work.assets {
                let now = stage(&plan.assets[i]);
                if !work.created.contains(&i) {
                    plan_stages[stages[i].index()] -= 1;
                }
                plan_stages[now.index()] += 1;
                stages[i] = now;
                let mut found = Findings::default();
                let namesake = self.namesakes.get(&i).copied();
                self.blocking[i] = problems::asset(&facts, i, namesake, &mut found);
                changed.push((first_asset + i, Redo::All(found.problems)));
                work.workloads
                    .extend(self.needed_by[i].iter().map(|&k| k as usize));
            }
        }
        let waves = WaveIndex::new(plan);
        let context = workload::Context {
            plan,
            stages: &derived.stages,
            index: &derived.asset_positions,
            names: &names,
            parties: &parties,
            blocking: &self.blocking,
            waves: &waves,
        };
        let mut of_workloads = Vec::new();
        for &k in &work.workloads {
            let mut found = Findings::default();
            let (status, segment) = workload::status(
                &context,
                &plan.workloads[k],
                &self.members[k],
                &self.closures[k],
                &mut found,
            );
            derived.workloads[k] = status;
            self.wave_segments[k] = segment;
            of_workloads.push((LOG + 1 + k, Redo::All(found.problems)));
        }
        let wave_only: Vec<usize> = if work.all_waves {
            (0..plan.workloads.len()).collect()
        } else {
            work.waves_of.iter().copied().collect()
        };
        for k in wave_only {
            if work.workloads.contains(&k) {
                continue;
            }
            let mut found = Findings::default();
            waves::workload_findings(
                plan,
                &waves,
                &plan.workloads[k],
                &self.closures[k],
                &mut found,
            );
            let segment = &mut self.wave_segments[k];
            let redo = Redo::Warnings {
                before: segment.before,
                len: segment.len,
                new: found.problems,
            };
            if let Redo::Warnings { new, .. } = &redo {
                segment.len = new.len() as u32;
            }
            of_workloads.push((LOG + 1 + k, redo));
        }
        of_workloads.sort_unstable_by_key(|(part, _)| *part);
        if work.control {
            let mut found = Findings::default();
            problems::control_characters(plan, &mut found);
            self.control = found.problems;
        }
        if work.cycles {
            let mut found = Findings::default();
            self.in_cycle = problems::cycles_of(plan, &self.depends, &mut found);
            self.cycles = found.problems;
        }
        let mut all = Vec::with_capacity(changed.len() + of_workloads.len() + 3);
        if work.control || work.cycles {
            let of_plan = [&self.duplicate_ids, &self.control, &self.cycles]
                .into_iter()
                .flatten()
                .cloned()
                .collect();
            all.push((PLAN, Redo::All(of_plan)));
        }
        if work.log {
            let mut found = Findings::default();
            problems::log(plan, &parties, &mut found);
            all.push((LOG, Redo::All(found.problems)));
        }
        all.extend(of_workloads);
        all.extend(changed);
        let mut found = Findings::default();
        waves::plan_findings(plan, &waves, &self.members, &mut found);
        all.push((first_asset + plan.assets.len(), Redo::All(found.problems)));
        derived.problems =
            list::splice(std::mem::take(&mut derived.problems), &mut self.counts, all)?;
        // A party renamed: only the messages that name it change.
        if !work.renamed_parties.is_empty() {
            let offsets = Offsets::new(&self.counts);
            for (k, w) in plan.workloads.iter().enumerate() {
                if !work.workloads.contains(&k)
                    && work
                        .renamed_parties
                        .iter()
                        .any(|p| workload::holds_letters(w, p))
                {
                    list::rewrite(
                        &mut derived.problems,
                        &offsets,
                        &self.counts,
                        LOG + 1 + k,
                        workload::naming_parties(plan, w),
                    );
                }
            }
        }
        Some(())
    }

    /// Forgets the missing dependencies asset `i` named.
    fn forget_missing(&mut self, i: usize) {
        self.missing.retain(|_, list| {
            if let Ok(at) = list.binary_search(&(i as u32)) {
                list.remove(at);
            }
            !list.is_empty()
        });
    }
}

/// How many assets a look for a new cycle visits before it gives up and
/// the cycles are found again over the whole plan.
const CYCLE_SEARCH: usize = 4096;

/// Whether `to` can be reached from `from` along what assets depend on;
/// `true` also when that takes more than `budget` assets to tell.
fn reaches(depends: &[Vec<u32>], from: usize, to: usize, budget: usize) -> bool {
    let mut seen: HashSet<usize, Hasher> = HashSet::default();
    let mut stack = vec![from];
    while let Some(at) = stack.pop() {
        if at == to || seen.len() >= budget {
            return true;
        }
        if !seen.insert(at) {
            continue;
        }
        stack.extend(depends[at].iter().map(|&j| j as usize));
    }
    false
}

/// A set of places, moved along (removed ones dropped).
fn renumber_set(set: &mut BTreeSet<usize>, remap: &Remap) {
    if !set.is_empty() {
        *set = set.iter().filter_map(|&i| remap.new_of(i)).collect();
    }
}

/// Whether the workload names a party anywhere: an owner, a letter of
/// its RACI, a confirmation of its team check, an owner of its checklist.
fn names_party(w: &Workload, party: &str) -> bool {
    let id = Some(party);
    w.business_owner.as_deref() == id
        || w.technical_owner.as_deref() == id
        || w.activities.iter().any(|a| a.raci.contains_key(party))
        || w.remediation_timing_confirmed_by.iter().any(|p| p == party)
        || w.checklist.iter().any(|c| c.owner.as_deref() == id)
}

/// The names among `keys` (in lower case, none blank, sorted, without
/// repeats) the plan's assets have in lower case, with the assets that
/// have each, in order. One pass over the assets' name keys (`name_keys`,
/// by place); only the names whose key matches one of the keys' are read.
fn namesake_groups<'k>(
    plan: &Plan,
    name_keys: &[u64],
    keys: &'k [String],
) -> HashMap<&'k str, Vec<usize>, Hasher> {
    let mut wanted: Vec<u64> = keys.iter().map(|k| problems::name_key(k)).collect();
    wanted.sort_unstable();
    let mut groups: HashMap<&str, Vec<usize>, Hasher> = HashMap::default();
    let mut lower = String::new();
    for (i, key) in name_keys.iter().enumerate() {
        if *key == problems::BLANK_NAME || wanted.binary_search(key).is_err() {
            continue;
        }
        let name = plan.assets[i].name.as_str();
        lower.clear();
        if name.is_ascii() {
            lower.push_str(name);
            lower.make_ascii_lowercase();
        } else {
            lower.push_str(&name.to_lowercase());
        }
        if let Ok(at) = keys.binary_search(&lower) {
            groups.entry(keys[at].as_str()).or_default().push(i);
        }
    }
    groups
}

/// An ascending list of asset positions without those `leaving` and with
/// those `joining` (both ascending; one asset may be in both, when it
/// moved away and back).
fn regroup_list(list: &mut Vec<usize>, leaving: &[usize], joining: &[usize]) {
    if leaving.is_empty() && joining.is_empty() {
        return;
    }
    list.retain(|i| leaving.binary_search(i).is_err());
    list.extend_from_slice(joining);
    list.sort_unstable();
    list.dedup();
}
