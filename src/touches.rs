//! What an edit touches: which assets, workloads, parties and log entries
//! (by id, and whether each was created, removed, renamed, moved or only
//! changed in its other fields), which waves, and which of the plan's
//! settings. Every typed change says it
//! ([`crate::change::Prepared::touches`]), and so does an undo or a redo
//! ([`Touches::of`] the edit it applies), so what is derived from the plan
//! can be brought up to date by re-deriving only what was touched.
//!
//! It is read off the edit against the plan it is about to be applied to:
//! an item put over one of the same id is compared field by field, so what
//! it says is exact whichever change made the edit.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::edit::{Edit, Item};
use crate::model::{Asset, IdKind, Plan, Positions, Wave, Workload};

/// How one item (or one wave) was touched. Several edits to one item in a
/// step add up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Touch {
    /// It is new: no item of its id was in the plan.
    pub created: bool,
    /// It was taken out of the plan.
    pub removed: bool,
    /// Its name changed: what shows it, or matches it, by name follows.
    pub renamed: bool,
    /// It changed groups: an asset's workload, a workload's wave.
    pub moved: bool,
    /// An asset's dependencies changed (what it needs, and the cycles).
    pub rewired: bool,
    /// Any of its other fields changed.
    pub fields: bool,
}

impl Touch {
    const CREATED: Touch = Touch {
        created: true,
        removed: false,
        renamed: false,
        moved: false,
        rewired: false,
        fields: false,
    };
    const REMOVED: Touch = Touch {
        removed: true,
        ..Touch::NOTHING
    };
    const NOTHING: Touch = Touch {
        created: false,
        removed: false,
        renamed: false,
        moved: false,
        rewired: false,
        fields: false,
    };

    /// Whether it says anything changed.
    pub fn any(self) -> bool {
        self != Touch::NOTHING
    }

    fn add(&mut self, other: Touch) {
        self.created |= other.created;
        self.removed |= other.removed;
        self.renamed |= other.renamed;
        self.moved |= other.moved;
        self.rewired |= other.rewired;
        self.fields |= other.fields;
    }
}

/// What an edit touches (see the module's documentation).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Touches {
    /// Assets by id.
    pub assets: BTreeMap<String, Touch>,
    /// Workloads by id.
    pub workloads: BTreeMap<String, Touch>,
    /// Parties by id.
    pub parties: BTreeMap<String, Touch>,
    /// Log entries by id.
    pub log: BTreeMap<String, Touch>,
    /// Waves by their index in `plan.waves` before the edit (a wave
    /// inserted: its index after). `moved` marks a wave that changed
    /// place.
    pub waves: BTreeMap<usize, Touch>,
    /// Waves were inserted, removed or moved before others: every later
    /// wave's index changed, and with it the order workloads are checked
    /// in.
    pub waves_reordered: bool,
    /// The plan's name.
    pub plan_name: bool,
    /// The replication bandwidth.
    pub bandwidth: bool,
    /// The wave limits (format 3).
    pub wave_limits: bool,
    /// The whole plan was replaced (a restored version, a reload): assume
    /// everything changed.
    pub everything: bool,
}

impl Touches {
    /// What `edit` touches when applied to `plan`. Call it before applying
    /// the edit: it compares what the edit puts with what it replaces.
    pub fn of(plan: &Plan, edit: &Edit) -> Self {
        Self::of_known(plan, edit, None)
    }

    /// [`Touches::of`], finding the assets the edit replaces at the
    /// positions the caller knows to be current (the derived state of the
    /// plan as it is), so it costs the edit's size, not the plan's. An
    /// edit of more items than an eighth of the plan (an import) says it
    /// touched everything: it is derived in full, and comparing each of
    /// its items would cost more than that.
    pub fn of_known(plan: &Plan, edit: &Edit, positions: Option<&Positions>) -> Self {
        if let Edit::Batch(edits) = edit
            && crate::edit::edit_count(edits) > (plan.assets.len() / 8).max(4096)
        {
            return Touches {
                everything: true,
                ..Touches::default()
            };
        }
        let mut touches = Touches::default();
        let mut lookup = Lookup {
            known: positions,
            ..Lookup::default()
        };
        touches.add(plan, edit, &mut lookup);
        touches
    }

    /// Whether nothing at all changed.
    pub fn is_nothing(&self) -> bool {
        *self == Touches::default()
    }

    /// What the asset with this id was touched by, if anything.
    pub fn asset(&self, id: &str) -> Option<Touch> {
        self.assets.get(id).copied()
    }

    /// What the workload with this id was touched by, if anything.
    pub fn workload(&self, id: &str) -> Option<Touch> {
        self.workloads.get(id).copied()
    }

    /// Whether any item of any kind was created, removed or renamed:
    /// changes whose reach goes past the items themselves (lists shift,
    /// names are looked up).
    pub fn creates_removes_or_renames(&self) -> bool {
        [&self.assets, &self.workloads, &self.parties, &self.log]
            .into_iter()
            .flat_map(BTreeMap::values)
            .any(|t| t.created || t.removed || t.renamed)
    }

    /// Adds what a later edit of the same step touched.
    pub fn merge(&mut self, other: Touches) {
        for (mine, theirs) in [
            (&mut self.assets, other.assets),
            (&mut self.workloads, other.workloads),
            (&mut self.parties, other.parties),
            (&mut self.log, other.log),
        ] {
            for (id, touch) in theirs {
                mine.entry(id).or_default().add(touch);
            }
        }
        for (i, touch) in other.waves {
            self.waves.entry(i).or_default().add(touch);
        }
        self.waves_reordered |= other.waves_reordered;
        self.plan_name |= other.plan_name;
        self.bandwidth |= other.bandwidth;
        self.wave_limits |= other.wave_limits;
        self.everything |= other.everything;
    }

    fn add<'p>(&mut self, plan: &'p Plan, edit: &Edit, lookup: &mut Lookup<'p>) {
        match edit {
            Edit::SetPlanName(name) => self.plan_name |= *name != plan.name,
            Edit::SetBandwidth(mbps) => self.bandwidth |= *mbps != plan.bandwidth_mbps,
            Edit::SetWaveLimits(limits) => self.wave_limits |= *limits != plan.wave_limits,
            Edit::Put(item) => self.put(plan, item, lookup),
            Edit::Insert(_, item) => touch_with(self.list(item.kind()), item.id(), Touch::CREATED),
            Edit::Remove(kind, id) => touch_with(self.list(*kind), id, Touch::REMOVED),
            Edit::Batch(edits) => {
                for edit in edits {
                    self.add(plan, edit, lookup);
                }
            }
            Edit::ReplacePlan(_) => self.everything = true,
            Edit::PutWave(i, wave) => {
                let touch = plan
                    .waves
                    .get(*i)
                    .map_or(Touch::CREATED, |old| wave_touch(old, wave));
                if touch.any() {
                    self.waves.entry(*i).or_default().add(touch);
                }
            }
            Edit::InsertWave(i, _) => {
                let at = (*i).min(plan.waves.len());
                self.waves_reordered |= at < plan.waves.len();
                self.waves.entry(at).or_default().add(Touch::CREATED);
            }
            Edit::RemoveWave(i) => {
                if *i < plan.waves.len() {
                    self.waves_reordered |= *i + 1 < plan.waves.len();
                    self.waves.entry(*i).or_default().add(Touch::REMOVED);
                }
            }
        }
    }

    fn list(&mut self, kind: IdKind) -> &mut BTreeMap<String, Touch> {
        match kind {
            IdKind::Party => &mut self.parties,
            IdKind::Workload => &mut self.workloads,
            IdKind::Asset => &mut self.assets,
            IdKind::Log => &mut self.log,
        }
    }

    fn put<'p>(&mut self, plan: &'p Plan, item: &Item, lookup: &mut Lookup<'p>) {
        let touch = match item {
            Item::Asset(new) => lookup
                .asset(plan, &new.id)
                .map_or(Touch::CREATED, |old| asset_touch(old, new)),
            Item::Workload(new) => lookup
                .workload(plan, &new.id)
                .map_or(Touch::CREATED, |old| workload_touch(old, new)),
            Item::Party(new) => match plan.party(&new.id) {
                None => Touch::CREATED,
                Some(old) => Touch {
                    renamed: old.name != new.name,
                    fields: (old.kind, old.role, &old.contact)
                        != (new.kind, new.role, &new.contact),
                    ..Touch::NOTHING
                },
            },
            Item::Log(new) => match plan.log.iter().find(|l| l.id == new.id) {
                None => Touch::CREATED,
                Some(old) => Touch {
                    fields: old != new,
                    ..Touch::NOTHING
                },
            },
        };
        if touch.any() {
            touch_with(self.list(item.kind()), item.id(), touch);
        }
    }
}

fn touch_with(list: &mut BTreeMap<String, Touch>, id: &str, how: Touch) {
    match list.get_mut(id) {
        Some(t) => t.add(how),
        None => {
            list.insert(id.to_owned(), how);
        }
    }
}

fn asset_touch(old: &Asset, new: &Asset) -> Touch {
    let renamed = old.name != new.name;
    let moved = old.workload != new.workload;
    let rewired = old.depends_on != new.depends_on;
    // The rest of the fields: compared on a copy that has the old name,
    // workload and dependencies, so only the others count.
    let fields = {
        let same = Asset {
            name: old.name.clone(),
            workload: old.workload.clone(),
            depends_on: old.depends_on.clone(),
            ..new.clone()
        };
        same != *old
    };
    Touch {
        renamed,
        moved,
        rewired,
        fields,
        ..Touch::NOTHING
    }
}

fn workload_touch(old: &Workload, new: &Workload) -> Touch {
    let fields = {
        let same = Workload {
            name: old.name.clone(),
            wave: old.wave.clone(),
            ..new.clone()
        };
        same != *old
    };
    Touch {
        renamed: old.name != new.name,
        moved: old.wave.trim() != new.wave.trim(),
        fields: fields || (old.wave != new.wave && old.wave.trim() == new.wave.trim()),
        ..Touch::NOTHING
    }
}

fn wave_touch(old: &Wave, new: &Wave) -> Touch {
    Touch {
        renamed: old.name != new.name,
        fields: (&old.start, &old.end, &old.notes) != (&new.start, &new.end, &new.notes),
        ..Touch::NOTHING
    }
}

/// Finds the items an edit replaces: a scan for the first few, an index by
/// id once an edit puts many (a bulk change to 100,000 assets).
#[derive(Default)]
struct Lookup<'p> {
    /// Asset id → position, when known to be current.
    known: Option<&'p Positions>,
    asset_scans: usize,
    assets: Option<HashMap<&'p str, usize>>,
    workload_scans: usize,
    workloads: Option<HashMap<&'p str, usize>>,
}

/// Scans before a list is indexed.
const SCANS: usize = 16;

impl<'p> Lookup<'p> {
    fn asset(&mut self, plan: &'p Plan, id: &str) -> Option<&'p Asset> {
        if let Some(known) = self.known {
            return match known.get(id) {
                Some(&i) => match plan.assets.get(i) {
                    Some(asset) if asset.id == id => Some(asset),
                    // Not where it was said to be: looked for.
                    _ => {
                        self.known = None;
                        self.asset(plan, id)
                    }
                },
                None => None,
            };
        }
        found(
            &plan.assets,
            id,
            &mut self.asset_scans,
            &mut self.assets,
            |a| &a.id,
        )
        .map(Arc::as_ref)
    }

    fn workload(&mut self, plan: &'p Plan, id: &str) -> Option<&'p Workload> {
        found(
            &plan.workloads,
            id,
            &mut self.workload_scans,
            &mut self.workloads,
            |w| &w.id,
        )
    }
}

/// The first item of `list` with this id (as [`crate::edit::apply`]
/// replaces it).
fn found<'p, T>(
    list: &'p [T],
    id: &str,
    scans: &mut usize,
    index: &mut Option<HashMap<&'p str, usize>>,
    id_of: impl Fn(&'p T) -> &'p String,
) -> Option<&'p T> {
    if index.is_none() && *scans < SCANS {
        *scans += 1;
        return list.iter().find(|x| id_of(x) == id);
    }
    let index = index.get_or_insert_with(|| {
        let mut index = HashMap::with_capacity(list.len());
        for (i, x) in list.iter().enumerate() {
            index.entry(id_of(x).as_str()).or_insert(i);
        }
        index
    });
    index.get(id).and_then(|&i| list.get(i))
}

#[cfg(test)]
#[path = "touches_tests.rs"]
mod tests;
