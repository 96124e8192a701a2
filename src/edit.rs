//! Every change to a plan is an [`Edit`], applied in one place by [`apply`],
//! which returns the edit that undoes it. [`History`] keeps those inverses
//! for undo and redo, one step per user gesture.
//!
//! A large batch (an import of 100,000 rows, its undo and its redo) is
//! applied in time linear in its size and the plan's: each list it touches
//! is edited through an index by id, and runs of removals or insertions
//! are placed in one pass.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::model::{Asset, Hasher, IdKind, LogEntry, Party, Plan, Wave, WaveLimits, Workload};

/// One thing in the plan that has an id.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Party(Party),
    Workload(Workload),
    Asset(Arc<Asset>),
    Log(LogEntry),
}

impl Item {
    pub fn kind(&self) -> IdKind {
        match self {
            Item::Party(_) => IdKind::Party,
            Item::Workload(_) => IdKind::Workload,
            Item::Asset(_) => IdKind::Asset,
            Item::Log(_) => IdKind::Log,
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Item::Party(x) => &x.id,
            Item::Workload(x) => &x.id,
            Item::Asset(x) => &x.id,
            Item::Log(x) => &x.id,
        }
    }
}

/// A change to a plan.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    SetPlanName(String),
    /// Replaces the item with the same id, or appends it when there is none.
    Put(Item),
    /// Inserts an item at a position (clamped to the list's length).
    Insert(usize, Item),
    Remove(IdKind, String),
    /// Several edits as one step, applied in order.
    Batch(Vec<Edit>),
    /// The whole plan at once (restoring a kept version).
    ReplacePlan(Box<Plan>),
    /// The replication bandwidth, megabits per second.
    SetBandwidth(Option<u32>),
    /// The most a wave should hold (format 3).
    SetWaveLimits(WaveLimits),
    /// Replaces the wave at this index of `plan.waves` (waves have no ids).
    PutWave(usize, Wave),
    /// Inserts a wave at an index (clamped to the list's length).
    InsertWave(usize, Wave),
    /// Removes the wave at an index.
    RemoveWave(usize),
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EditError {
    #[error("there is no {kind:?} with id {id} in the plan")]
    NotFound { kind: IdKind, id: String },
    #[error("the plan has no wave number {}", .0 + 1)]
    NoWave(usize),
}

/// The list of a plan that holds items of one kind, viewed uniformly.
trait Entity: Sized + Clone {
    const KIND: IdKind;
    fn id(&self) -> &str;
    fn list(plan: &mut Plan) -> &mut Vec<Self>;
    fn wrap(self) -> Item;
    /// This kind's list while a large batch edits it.
    fn open(lists: &mut OpenLists) -> &mut Option<OpenList<Self>>;
}

macro_rules! entity {
    ($ty:ty, $field:ident, $variant:ident) => {
        impl Entity for $ty {
            const KIND: IdKind = IdKind::$variant;
            fn id(&self) -> &str {
                &self.id
            }
            fn list(plan: &mut Plan) -> &mut Vec<Self> {
                &mut plan.$field
            }
            fn wrap(self) -> Item {
                Item::$variant(self)
            }
            fn open(lists: &mut OpenLists) -> &mut Option<OpenList<Self>> {
                &mut lists.$field
            }
        }
    };
}
entity!(Party, parties, Party);
entity!(Workload, workloads, Workload);
entity!(Arc<Asset>, assets, Asset);
entity!(LogEntry, log, Log);

fn put<T: Entity>(plan: &mut Plan, item: T) -> Edit {
    let list = T::list(plan);
    match list.iter().position(|x| x.id() == item.id()) {
        Some(i) => Edit::Put(std::mem::replace(&mut list[i], item).wrap()),
        None => {
            let id = item.id().to_owned();
            list.push(item);
            Edit::Remove(T::KIND, id)
        }
    }
}

fn insert<T: Entity>(plan: &mut Plan, index: usize, item: T) -> Edit {
    let list = T::list(plan);
    let id = item.id().to_owned();
    list.insert(index.min(list.len()), item);
    Edit::Remove(T::KIND, id)
}

fn remove<T: Entity>(plan: &mut Plan, id: &str) -> Result<Edit, EditError> {
    let list = T::list(plan);
    let Some(i) = list.iter().position(|x| x.id() == id) else {
        return Err(not_found::<T>(id));
    };
    Ok(Edit::Insert(i, list.remove(i).wrap()))
}

fn not_found<T: Entity>(id: &str) -> EditError {
    EditError::NotFound {
        kind: T::KIND,
        id: id.to_owned(),
    }
}

/// Batches of at least this many edits (an import, its undo and redo) are
/// applied through an id index per list, in time linear in the batch and
/// the plan. Smaller ones edit the lists directly, which is quicker for a
/// few edits to a large plan.
const BULK_EDITS: usize = 32;

/// Applies an edit and returns the edit that undoes it. A failed edit leaves
/// the plan as it was (a batch is rolled back).
pub fn apply(plan: &mut Plan, edit: Edit) -> Result<Edit, EditError> {
    if let Edit::Batch(edits) = &edit
        && edit_count(edits) >= BULK_EDITS
    {
        return Bulk::new(plan).apply(edit);
    }
    apply_directly(plan, edit)
}

/// Asset id → the index of its first occurrence in `plan.assets`, when the
/// caller knows it to be current (the derived state of the plan as it is).
pub type AssetPositions = crate::model::Positions;

/// [`apply`], for an edit that replaces, adds or removes items (a bulk
/// change, one field, an asset added or removed, a workload removed, and
/// their undo and redo): the assets it replaces or removes are found at
/// their known positions, moved along by the assets the edit inserts and
/// removes before them, and an asset `positions` does not know is new
/// (`positions` must then hold every asset of the plan), so it costs the
/// edit's size, not the plan's. An asset not where `positions` says is
/// looked for; an edit of the plan's own fields, or one that adds the same
/// new asset twice, goes through [`apply`].
pub fn apply_known(
    plan: &mut Plan,
    edit: Edit,
    positions: Option<&AssetPositions>,
) -> Result<Edit, EditError> {
    let mut known = Known::default();
    match positions {
        Some(positions) if known.accepts(&edit, positions) => {
            let mut slots = known.slots.into_iter();
            put_known(plan, edit, &mut slots, &mut Vec::new())
        }
        _ => apply(plan, edit),
    }
}

/// An asset put with no known position: a new one, added at the end.
const NEW_ASSET: usize = usize::MAX;

/// The most assets an edit applied at known positions adds, inserts or
/// removes: each moves the later ones along (an import and its undo go
/// through [`apply`], which places them in one pass).
const KNOWN_COMINGS_AND_GOINGS: usize = 16;

/// What [`apply_known`] found of an edit before applying it.
#[derive(Default)]
struct Known<'e> {
    /// The known positions of the assets the edit puts or removes, in
    /// order; [`NEW_ASSET`] for a new one.
    slots: Vec<usize>,
    /// The ids of the new assets.
    new: Vec<&'e str>,
    /// Assets added, inserted or removed.
    comings_and_goings: usize,
}

impl<'e> Known<'e> {
    /// Whether `edit` is made of puts, insertions and removals of items,
    /// each asset put or removed at its known position or new, with no
    /// new asset twice and at most [`KNOWN_COMINGS_AND_GOINGS`] assets
    /// added or removed.
    fn accepts(&mut self, edit: &'e Edit, positions: &AssetPositions) -> bool {
        let ok = match edit {
            Edit::Put(Item::Asset(asset)) => match positions.get(&asset.id) {
                Some(&i) => {
                    self.slots.push(i);
                    true
                }
                None if self.new.contains(&asset.id.as_str()) => false,
                None => {
                    self.new.push(&asset.id);
                    self.slots.push(NEW_ASSET);
                    self.comings_and_goings += 1;
                    true
                }
            },
            Edit::Remove(IdKind::Asset, id) => match positions.get(id) {
                Some(&i) => {
                    self.slots.push(i);
                    self.comings_and_goings += 1;
                    true
                }
                None => false,
            },
            // An asset inserted (a removal undone): a later put of it in
            // the edit is refused, as is a second asset with a known id.
            Edit::Insert(_, Item::Asset(asset)) => {
                if positions.contains_key(&asset.id) || self.new.contains(&asset.id.as_str()) {
                    false
                } else {
                    self.new.push(&asset.id);
                    self.comings_and_goings += 1;
                    true
                }
            }
            Edit::Put(_) | Edit::Remove(..) | Edit::Insert(..) => true,
            Edit::Batch(edits) => edits.iter().all(|e| self.accepts(e, positions)),
            _ => false,
        };
        ok && self.comings_and_goings <= KNOWN_COMINGS_AND_GOINGS
    }
}

/// The place now of the asset that was at `known` before the edits in
/// `shifts` (a place and +1 for an asset inserted there, -1 for one
/// removed from there) were made; `None` when it was the one removed.
fn shifted(known: usize, shifts: &[(usize, isize)]) -> Option<usize> {
    let mut at = known;
    for &(place, by) in shifts {
        match by {
            1 if at >= place => at += 1,
            -1 if at == place => return None,
            -1 if at > place => at -= 1,
            _ => {}
        }
    }
    Some(at)
}

/// Applies an edit [`Known::accepts`] accepted, taking the assets' positions
/// from `slots` in the same order (moved along by `shifts`, the assets
/// inserted and removed so far); returns its inverse, as [`apply`] does.
fn put_known(
    plan: &mut Plan,
    edit: Edit,
    slots: &mut impl Iterator<Item = usize>,
    shifts: &mut Vec<(usize, isize)>,
) -> Result<Edit, EditError> {
    Ok(match edit {
        Edit::Put(Item::Asset(asset)) => match slots.next() {
            Some(NEW_ASSET) => {
                let id = asset.id.clone();
                plan.assets.push(asset);
                Edit::Remove(IdKind::Asset, id)
            }
            Some(known) => match shifted(known, shifts) {
                Some(i) if plan.assets.get(i).is_some_and(|a| a.id == asset.id) => {
                    Edit::Put(Item::Asset(std::mem::replace(&mut plan.assets[i], asset)))
                }
                _ => put(plan, asset),
            },
            None => put(plan, asset),
        },
        Edit::Remove(IdKind::Asset, id) => {
            let known = slots.next().and_then(|known| shifted(known, shifts));
            match known {
                Some(i) if plan.assets.get(i).is_some_and(|a| a.id == id) => {
                    shifts.push((i, -1));
                    Edit::Insert(i, Item::Asset(plan.assets.remove(i)))
                }
                _ => {
                    let Some(i) = plan.assets.iter().position(|a| a.id == id) else {
                        return Err(not_found::<Arc<Asset>>(&id));
                    };
                    shifts.push((i, -1));
                    Edit::Insert(i, Item::Asset(plan.assets.remove(i)))
                }
            }
        }
        Edit::Insert(i, Item::Asset(asset)) => {
            let at = i.min(plan.assets.len());
            shifts.push((at, 1));
            insert(plan, at, asset)
        }
        Edit::Batch(edits) => {
            let mut inverses = Vec::with_capacity(edits.len());
            for edit in edits {
                match put_known(plan, edit, slots, shifts) {
                    Ok(inverse) => inverses.push(inverse),
                    // A removal of an item that is not there: nothing of
                    // the batch stays applied, as with `apply`.
                    Err(e) => {
                        for inverse in inverses.into_iter().rev() {
                            let _ = apply(plan, inverse);
                        }
                        return Err(e);
                    }
                }
            }
            inverses.reverse();
            Edit::Batch(inverses)
        }
        // Puts, insertions and removals of other items, as `apply` does
        // them.
        other => apply_directly(plan, other)?,
    })
}

/// Edits in a batch, counting those of nested batches.
pub(crate) fn edit_count(edits: &[Edit]) -> usize {
    edits
        .iter()
        .map(|e| match e {
            Edit::Batch(inner) => edit_count(inner),
            _ => 1,
        })
        .sum()
}

fn apply_directly(plan: &mut Plan, edit: Edit) -> Result<Edit, EditError> {
    Ok(match edit {
        Edit::SetPlanName(name) => Edit::SetPlanName(std::mem::replace(&mut plan.name, name)),
        Edit::ReplacePlan(new) => Edit::ReplacePlan(Box::new(std::mem::replace(plan, *new))),
        Edit::Put(item) => match item {
            Item::Party(x) => put(plan, x),
            Item::Workload(x) => put(plan, x),
            Item::Asset(x) => put(plan, x),
            Item::Log(x) => put(plan, x),
        },
        Edit::Insert(i, item) => match item {
            Item::Party(x) => insert(plan, i, x),
            Item::Workload(x) => insert(plan, i, x),
            Item::Asset(x) => insert(plan, i, x),
            Item::Log(x) => insert(plan, i, x),
        },
        Edit::Remove(kind, id) => match kind {
            IdKind::Party => remove::<Party>(plan, &id)?,
            IdKind::Workload => remove::<Workload>(plan, &id)?,
            IdKind::Asset => remove::<Arc<Asset>>(plan, &id)?,
            IdKind::Log => remove::<LogEntry>(plan, &id)?,
        },
        Edit::Batch(edits) => apply_all(edits, |e| apply(plan, e))?,
        edit @ (Edit::SetBandwidth(_)
        | Edit::SetWaveLimits(_)
        | Edit::PutWave(..)
        | Edit::InsertWave(..)
        | Edit::RemoveWave(_)) => apply_to_plan(plan, edit)?,
    })
}

/// Applies an edit to the plan's own fields and waves, which no batch
/// opens as a list; returns its inverse.
fn apply_to_plan(plan: &mut Plan, edit: Edit) -> Result<Edit, EditError> {
    Ok(match edit {
        Edit::SetBandwidth(mbps) => {
            Edit::SetBandwidth(std::mem::replace(&mut plan.bandwidth_mbps, mbps))
        }
        Edit::SetWaveLimits(limits) => {
            Edit::SetWaveLimits(std::mem::replace(&mut plan.wave_limits, limits))
        }
        Edit::PutWave(i, wave) => {
            let slot = plan.waves.get_mut(i).ok_or(EditError::NoWave(i))?;
            Edit::PutWave(i, std::mem::replace(slot, wave))
        }
        Edit::InsertWave(i, wave) => {
            let at = i.min(plan.waves.len());
            plan.waves.insert(at, wave);
            Edit::RemoveWave(at)
        }
        Edit::RemoveWave(i) => {
            if i >= plan.waves.len() {
                return Err(EditError::NoWave(i));
            }
            Edit::InsertWave(i, plan.waves.remove(i))
        }
        // Items, for a caller that has any edit.
        other => apply_directly(plan, other)?,
    })
}

/// Applies edits in order and returns their inverses as one batch, in
/// reverse order. On a failure the edits already applied are undone, so
/// the plan is left as it was.
fn apply_all(
    edits: Vec<Edit>,
    mut apply: impl FnMut(Edit) -> Result<Edit, EditError>,
) -> Result<Edit, EditError> {
    let mut inverses = Vec::with_capacity(edits.len());
    for edit in edits {
        match apply(edit) {
            Ok(inverse) => inverses.push(inverse),
            Err(e) => {
                for inverse in inverses.into_iter().rev() {
                    // Inverses of edits just applied always apply.
                    let _ = apply(inverse);
                }
                return Err(e);
            }
        }
    }
    inverses.reverse();
    Ok(Edit::Batch(inverses))
}

// ---------------------------------------------------------------- large batches

/// Applies a large batch. Each list the batch touches is taken out of the
/// plan once, edited through an [`OpenList`], and put back when the batch
/// is done (on drop, so also after a failure).
struct Bulk<'a> {
    plan: &'a mut Plan,
    lists: OpenLists,
}

/// The lists a [`Bulk`] has taken out of the plan.
#[derive(Default)]
struct OpenLists {
    parties: Option<OpenList<Party>>,
    workloads: Option<OpenList<Workload>>,
    assets: Option<OpenList<Arc<Asset>>>,
    log: Option<OpenList<LogEntry>>,
}

impl<'a> Bulk<'a> {
    fn new(plan: &'a mut Plan) -> Self {
        Self {
            plan,
            lists: OpenLists::default(),
        }
    }

    /// Same contract as [`apply`].
    fn apply(&mut self, edit: Edit) -> Result<Edit, EditError> {
        Ok(match edit {
            Edit::SetPlanName(name) => {
                Edit::SetPlanName(std::mem::replace(&mut self.plan.name, name))
            }
            Edit::ReplacePlan(new) => {
                self.close();
                Edit::ReplacePlan(Box::new(std::mem::replace(self.plan, *new)))
            }
            Edit::Put(item) => match item {
                Item::Party(x) => self.open::<Party>().put(x),
                Item::Workload(x) => self.open::<Workload>().put(x),
                Item::Asset(x) => self.open::<Arc<Asset>>().put(x),
                Item::Log(x) => self.open::<LogEntry>().put(x),
            },
            Edit::Insert(i, item) => match item {
                Item::Party(x) => self.open::<Party>().insert(i, x),
                Item::Workload(x) => self.open::<Workload>().insert(i, x),
                Item::Asset(x) => self.open::<Arc<Asset>>().insert(i, x),
                Item::Log(x) => self.open::<LogEntry>().insert(i, x),
            },
            Edit::Remove(kind, id) => match kind {
                IdKind::Party => self.open::<Party>().remove(&id)?,
                IdKind::Workload => self.open::<Workload>().remove(&id)?,
                IdKind::Asset => self.open::<Arc<Asset>>().remove(&id)?,
                IdKind::Log => self.open::<LogEntry>().remove(&id)?,
            },
            Edit::Batch(edits) => {
                // An import's thousands of new assets: room made once.
                let assets = edits
                    .iter()
                    .filter(|e| matches!(e, Edit::Put(Item::Asset(_))))
                    .count();
                if assets > 0 {
                    self.open::<Arc<Asset>>().reserve(assets);
                }
                apply_all(edits, |e| self.apply(e))?
            }
            // The plan's own fields and waves are never taken out.
            edit @ (Edit::SetBandwidth(_)
            | Edit::SetWaveLimits(_)
            | Edit::PutWave(..)
            | Edit::InsertWave(..)
            | Edit::RemoveWave(_)) => apply_to_plan(self.plan, edit)?,
        })
    }

    fn open<T: Entity>(&mut self) -> &mut OpenList<T> {
        let plan = &mut *self.plan;
        T::open(&mut self.lists).get_or_insert_with(|| OpenList::new(std::mem::take(T::list(plan))))
    }

    /// Puts every open list back into the plan.
    fn close(&mut self) {
        close::<Party>(self.plan, &mut self.lists);
        close::<Workload>(self.plan, &mut self.lists);
        close::<Arc<Asset>>(self.plan, &mut self.lists);
        close::<LogEntry>(self.plan, &mut self.lists);
    }
}

impl Drop for Bulk<'_> {
    fn drop(&mut self) {
        self.close();
    }
}

fn close<T: Entity>(plan: &mut Plan, lists: &mut OpenLists) {
    if let Some(list) = T::open(lists).take() {
        *T::list(plan) = list.into_items();
    }
}

/// One list of the plan while a large batch edits it, with the same
/// results as editing the list directly:
///
/// - items are found through an index from id to slot;
/// - a removed item leaves a hole, so later slots keep their number, and
///   its position (to put it back on undo) is its slot minus the holes
///   before it;
/// - an item appended, or inserted at the end, takes a new slot;
/// - items inserted before the end wait in `pending` until a removal, or
///   the end of the batch, places them all (and closes the holes) in one
///   pass.
///
/// So a run of removals, or a run of insertions, mixed with any puts, costs
/// one pass over the list.
struct OpenList<T> {
    slots: Vec<Option<T>>,
    /// Id → the slot of the first item with that id.
    index: HashMap<String, usize, Hasher>,
    /// Ids more than one item carries (a problem the plan reports): when
    /// the first is removed, the index moves on to the next.
    repeated: HashSet<String, Hasher>,
    /// Which slots are holes, for positions; made at the first removal.
    holes: Option<Counts>,
    hole_count: usize,
    /// Inserts not placed yet, in order: requested position and item. Their
    /// ids are in no slot.
    pending: Vec<(usize, T)>,
    /// Id → its place in `pending`.
    pending_index: HashMap<String, usize, Hasher>,
}

impl<T: Entity> OpenList<T> {
    fn new(items: Vec<T>) -> Self {
        let mut list = Self {
            slots: items.into_iter().map(Some).collect(),
            index: HashMap::default(),
            repeated: HashSet::default(),
            holes: None,
            hole_count: 0,
            pending: Vec::new(),
            pending_index: HashMap::default(),
        };
        list.reindex();
        list
    }

    fn reindex(&mut self) {
        self.index.clear();
        self.repeated.clear();
        self.index.reserve(self.slots.len());
        for (slot, item) in self.slots.iter().enumerate() {
            let Some(item) = item else { continue };
            if self.index.contains_key(item.id()) {
                self.repeated.insert(item.id().to_owned());
            } else {
                self.index.insert(item.id().to_owned(), slot);
            }
        }
    }

    /// Makes room for `more` items to be put.
    fn reserve(&mut self, more: usize) {
        self.slots.reserve(more);
        self.index.reserve(more);
    }

    /// The length of the list as the edits so far left it.
    fn len(&self) -> usize {
        self.slots.len() - self.hole_count + self.pending.len()
    }

    fn put(&mut self, item: T) -> Edit {
        if let Some(&slot) = self.index.get(item.id())
            && let Some(Some(current)) = self.slots.get_mut(slot)
        {
            return Edit::Put(std::mem::replace(current, item).wrap());
        }
        if let Some(&k) = self.pending_index.get(item.id())
            && let Some((_, current)) = self.pending.get_mut(k)
        {
            return Edit::Put(std::mem::replace(current, item).wrap());
        }
        let id = item.id().to_owned();
        if self.pending.is_empty() {
            self.push(item);
        } else {
            self.pend(usize::MAX, item);
        }
        Edit::Remove(T::KIND, id)
    }

    fn insert(&mut self, index: usize, item: T) -> Edit {
        let id = item.id().to_owned();
        if self.index.contains_key(&id) || self.pending_index.contains_key(&id) {
            // A second item with this id: place it at once, so that the
            // index knows which of the two comes first.
            self.settle();
            self.slots.insert(index.min(self.slots.len()), Some(item));
            self.reindex();
        } else if self.pending.is_empty() && index >= self.len() {
            self.push(item);
        } else {
            self.pend(index, item);
        }
        Edit::Remove(T::KIND, id)
    }

    fn remove(&mut self, id: &str) -> Result<Edit, EditError> {
        if !self.pending.is_empty() {
            self.settle();
        }
        let Some(&slot) = self.index.get(id) else {
            return Err(not_found::<T>(id));
        };
        let Some(item) = self.slots.get_mut(slot).and_then(Option::take) else {
            return Err(not_found::<T>(id));
        };
        let slot_count = self.slots.len();
        let holes = self.holes.get_or_insert_with(|| Counts::zeros(slot_count));
        let position = slot - holes.sum_before(slot);
        holes.add_one(slot);
        self.hole_count += 1;
        let next = if self.repeated.contains(id) {
            self.slots[slot + 1..]
                .iter()
                .position(|x| x.as_ref().is_some_and(|x| x.id() == id))
                .map(|k| slot + 1 + k)
        } else {
            None
        };
        match next {
            Some(next) => {
                self.index.insert(id.to_owned(), next);
            }
            None => {
                self.index.remove(id);
                self.repeated.remove(id);
            }
        }
        Ok(Edit::Insert(position, item.wrap()))
    }

    /// Appends an item in a new slot.
    fn push(&mut self, item: T) {
        if self.index.contains_key(item.id()) {
            self.repeated.insert(item.id().to_owned());
        } else {
            self.index.insert(item.id().to_owned(), self.slots.len());
        }
        self.slots.push(Some(item));
        if let Some(holes) = &mut self.holes {
            holes.push_zero();
        }
    }

    fn pend(&mut self, index: usize, item: T) {
        self.pending_index
            .insert(item.id().to_owned(), self.pending.len());
        self.pending.push((index, item));
    }

    /// Places the pending inserts and closes the holes, in one pass.
    fn settle(&mut self) {
        if self.pending.is_empty() && self.hole_count == 0 {
            return;
        }
        let items = place(
            std::mem::take(&mut self.slots)
                .into_iter()
                .flatten()
                .collect(),
            std::mem::take(&mut self.pending),
        );
        self.slots = items.into_iter().map(Some).collect();
        self.pending_index.clear();
        self.holes = None;
        self.hole_count = 0;
        self.reindex();
    }

    fn into_items(self) -> Vec<T> {
        place(self.slots.into_iter().flatten().collect(), self.pending)
    }
}

/// The list `base` becomes when the `pending` items are inserted one after
/// the other, each at its requested position (clamped to the length at that
/// moment), in one pass: going through the inserts backwards, each one takes
/// the free place with its position's number, the places of later inserts
/// being taken already. The items of `base` fill the places left, in order.
fn place<T>(base: Vec<T>, pending: Vec<(usize, T)>) -> Vec<T> {
    if pending.is_empty() {
        return base;
    }
    let base_len = base.len();
    let total = base_len + pending.len();
    let mut free = Counts::ones(total);
    let mut placed: Vec<Option<T>> = std::iter::repeat_with(|| None).take(total).collect();
    for (k, (index, item)) in pending.into_iter().enumerate().rev() {
        let at = free.find(index.min(base_len + k));
        free.take_one(at);
        if let Some(place) = placed.get_mut(at) {
            *place = Some(item);
        }
    }
    let mut base = base.into_iter();
    placed
        .into_iter()
        .filter_map(|item| item.or_else(|| base.next()))
        .collect()
}

/// Counts at positions `0..n`: sums before a position and the position of
/// the k-th unit, each in O(log n) (a Fenwick tree).
struct Counts {
    /// `tree[i]` holds the sum of the `i & -i` counts ending at position
    /// `i - 1`; `tree[0]` is unused.
    tree: Vec<usize>,
}

impl Counts {
    fn zeros(n: usize) -> Self {
        Self {
            tree: vec![0; n + 1],
        }
    }

    fn ones(n: usize) -> Self {
        Self {
            tree: (0..=n).map(|i| i & i.wrapping_neg()).collect(),
        }
    }

    /// Adds a position `n` with count 0.
    fn push_zero(&mut self) {
        let i = self.tree.len();
        let span = i & i.wrapping_neg();
        let sum = self
            .sum_before(i - 1)
            .saturating_sub(self.sum_before(i - span));
        self.tree.push(sum);
    }

    /// The sum of the counts at positions before `end`.
    fn sum_before(&self, end: usize) -> usize {
        let mut i = end.min(self.tree.len().saturating_sub(1));
        let mut sum = 0;
        while i > 0 {
            sum += self.tree[i];
            i &= i - 1;
        }
        sum
    }

    fn add_one(&mut self, at: usize) {
        let mut i = at + 1;
        while let Some(x) = self.tree.get_mut(i) {
            *x += 1;
            i += i & i.wrapping_neg();
        }
    }

    fn take_one(&mut self, at: usize) {
        let mut i = at + 1;
        while let Some(x) = self.tree.get_mut(i) {
            *x = x.saturating_sub(1);
            i += i & i.wrapping_neg();
        }
    }

    /// The position of unit number `k` (from 0), counting units from the
    /// start: the first position whose sum up to and including it exceeds `k`.
    fn find(&self, k: usize) -> usize {
        let n = self.tree.len().saturating_sub(1);
        let mut step = if n == 0 { 0 } else { 1 << n.ilog2() };
        let (mut at, mut rest) = (0, k);
        while step > 0 {
            if let Some(&sum) = self.tree.get(at + step)
                && sum <= rest
            {
                at += step;
                rest -= sum;
            }
            step >>= 1;
        }
        at
    }
}

mod history;
pub use history::History;

#[cfg(test)]
#[path = "edit_tests.rs"]
mod tests;
