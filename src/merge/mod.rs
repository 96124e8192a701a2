//! Three-way merge of two edited copies of a plan: what each side changed
//! since their common ancestor (the base) is kept, item by item (by id)
//! and field by field, wherever the item sits in the file.
//!
//! - Parties, workloads, assets and log entries match by id, checklist
//!   items by id, waves by name, remediation issues by text, activities by
//!   kind; RACI cells by party, owners by activity, source facts by key.
//!   `depends_on` and the team check merge as sets.
//! - A field changed on one side takes that value; changed to the same
//!   value on both, that value. Changed to two different values, it is a
//!   [`Conflict`]: ours is kept. An item edited on one side and deleted on
//!   the other is a conflict too, and the edited item is kept.
//! - Order: the items of the base in the order of the side that reordered
//!   them (ours when both did); then each side's additions: those added
//!   at the end of a list go to the end, ours' first, then theirs' (two
//!   log entries appended on two sides: base, ours' entries, theirs'
//!   entries); those inserted further up stay after the item they follow
//!   on their side, again ours' before theirs'.
//! - The merged plan must not have errors neither side had: an item one
//!   side deleted and the other now uses is kept; a dependency that only
//!   theirs added and that closes a cycle is left out; a second
//!   Accountable that only theirs set is left out. Each is a conflict.
//!   Other new errors are listed in [`Merged::new_problems`].
//! - Every conflict and new problem becomes an open `Question` in the
//!   merged plan's log, so the room decides it at the next workshop.
//!
//! Two people adding the same party, workload or asset (by name) on both
//! sides — two imports of one inventory — get one item: theirs takes
//! ours' id, and the fields are merged.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::derive::{MERGE_CONFLICT_QUESTION, MERGE_PROBLEM_QUESTION, Problem, Severity};
use crate::diff::{Names, activity_subject, name_or_id, quoted, short};
use crate::model::{
    Activity, Asset, ChecklistItem, IdKind, Issue, LogEntry, LogKind, LogStatus, Party, Plan, Raci,
    Remediation, Replication, Wave, WaveLimits, Workload, new_id_with,
};

mod after;
use after::*;
mod integrity;
mod items;
mod unify;
use integrity::*;

/// Which of the two edited copies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// The copy being merged into (git's current branch).
    Ours,
    /// The copy being merged in.
    Theirs,
}

impl Side {
    pub fn key(self) -> &'static str {
        match self {
            Side::Ours => "ours",
            Side::Theirs => "theirs",
        }
    }
}

/// Why two changes could not both be kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConflictKind {
    /// One field changed to two different values.
    BothChanged,
    /// An item edited on one side and deleted on the other.
    EditedAndDeleted,
    /// An item deleted on one side and newly used on the other.
    DeletedButUsed,
    /// A dependency added on one side closes a cycle with the other's.
    DependencyCycle,
    /// Each side made a different party Accountable for one activity.
    TwoAccountable,
    /// Both sides reordered the waves, differently.
    Order,
}

impl ConflictKind {
    /// The name used in JSON.
    pub fn key(self) -> &'static str {
        match self {
            ConflictKind::BothChanged => "both-changed",
            ConflictKind::EditedAndDeleted => "edited-and-deleted",
            ConflictKind::DeletedButUsed => "deleted-but-used",
            ConflictKind::DependencyCycle => "dependency-cycle",
            ConflictKind::TwoAccountable => "two-accountable",
            ConflictKind::Order => "order",
        }
    }
}

/// Two changes that could not both be kept; the merged plan holds
/// `kept`'s value and an open question in its log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub kind: ConflictKind,
    /// What it is about, by name: "erp-web-01", "ERP › Staging", "Dana Lee".
    pub subject: String,
    /// The id of the party, workload, asset or log entry (the workload for
    /// a RACI cell or checklist item); none for waves and the plan.
    pub subject_id: Option<String>,
    /// The field, in words: "replication", "RACI of Dana Lee".
    pub field: String,
    /// Ours' value, in words.
    pub ours: String,
    /// Theirs' value, in words.
    pub theirs: String,
    pub kept: Side,
    /// The id of the question added to the merged log for it.
    pub question_id: Option<String>,
}

impl Conflict {
    /// Names this conflict across merges of the same three plans, whatever
    /// was decided about the others: the key of [`Options::decisions`].
    pub fn key(&self) -> String {
        format!(
            "{}|{}|{}",
            self.kind.key(),
            self.subject_id.as_deref().unwrap_or(&self.subject),
            self.field
        )
    }

    /// Whether the user can take either side. A deletion that the other
    /// side still uses, a dependency that closes a cycle and two
    /// reorderings are kept the safe way and left as questions.
    pub fn decidable(&self) -> bool {
        matches!(
            self.kind,
            ConflictKind::BothChanged
                | ConflictKind::EditedAndDeleted
                | ConflictKind::TwoAccountable
        )
    }

    /// One line: "erp-web-01, replication: ours Verified, theirs Failed; kept ours".
    pub fn describe(&self) -> String {
        format!(
            "{}, {}: ours {}, theirs {}; kept {}",
            self.subject,
            self.field,
            self.ours,
            self.theirs,
            self.kept.key()
        )
    }
}

/// The result of a merge.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    pub plan: Plan,
    pub conflicts: Vec<Conflict>,
    /// Errors of the merged plan that neither side had (by code and
    /// subject): shown, and asked about in the log, not fixed.
    pub new_problems: Vec<Problem>,
    /// Items (parties, workloads, assets, log entries, waves) and plan
    /// fields that ours added, removed or changed and that the merged plan
    /// changed the same way; likewise for theirs. For "3 changes from
    /// Dana's copy".
    pub changes_from_ours: usize,
    pub changes_from_theirs: usize,
}

impl Merged {
    /// Nothing to decide: no conflict, no new problem.
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty() && self.new_problems.is_empty()
    }
}

/// How a merge words its questions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The date of the questions added to the log (`YYYY-MM-DD`).
    pub today: String,
    /// Add an open question to the log for each conflict and new problem.
    pub questions: bool,
    /// The side to keep for conflicts already decided, by
    /// [`Conflict::key`]; the others keep ours. A decided conflict is not
    /// asked about in the log.
    pub decisions: HashMap<String, Side>,
    /// How the questions name each side: "ours" and "theirs" for the
    /// command line; a person's name ("Bob's", "Alice's") where it is
    /// known.
    pub ours_name: String,
    pub theirs_name: String,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            today: crate::model::today(),
            questions: true,
            decisions: HashMap::new(),
            ours_name: Side::Ours.key().to_owned(),
            theirs_name: Side::Theirs.key().to_owned(),
        }
    }
}

impl Options {
    /// How the questions name `side`.
    pub fn side_name(&self, side: Side) -> &str {
        match side {
            Side::Ours => &self.ours_name,
            Side::Theirs => &self.theirs_name,
        }
    }
}

/// Merges `ours` and `theirs`, two edited copies of `base`, with today's
/// date on the questions it adds.
pub fn merge(base: &Plan, ours: &Plan, theirs: &Plan) -> Merged {
    merge_with(base, ours, theirs, &Options::default())
}

/// [`merge`] with options.
pub fn merge_with(base: &Plan, ours: &Plan, theirs: &Plan, options: &Options) -> Merged {
    if ours == theirs || theirs == base || ours == base {
        let plan = if ours == base { theirs } else { ours }.clone();
        return Merged {
            changes_from_ours: count_changes(Some(base), ours, theirs, &plan),
            changes_from_theirs: count_changes(Some(base), theirs, ours, &plan),
            plan,
            conflicts: Vec::new(),
            new_problems: Vec::new(),
        };
    }
    run(base, ours, theirs, options, false)
}

/// Merges two copies of a plan whose common ancestor is not known (a
/// sync client's conflicted copy with no kept version or commit both
/// descend from): an item found on one side only is added, a field the
/// two sides hold differently is a conflict (ours kept, and asked), and
/// set-like fields (dependencies, the team check, RACI cells, facts)
/// take what either side has. Nothing is deleted: with no ancestor, a
/// deletion cannot be told from an addition.
pub fn merge_without_base(ours: &Plan, theirs: &Plan, options: &Options) -> Merged {
    if ours == theirs {
        return Merged {
            plan: ours.clone(),
            conflicts: Vec::new(),
            new_problems: Vec::new(),
            changes_from_ours: 0,
            changes_from_theirs: 0,
        };
    }
    run(&shared_items(ours, theirs), ours, theirs, options, true)
}

/// The items both sides hold (by key), as ours has them, in ours' order:
/// the order of a merge without a base, and where each side's own items
/// go; never the value of a field (see [`Merger::no_base`]).
fn shared_items(ours: &Plan, theirs: &Plan) -> Plan {
    fn shared<T: Clone>(ours: &[T], theirs: &[T], key: impl Fn(&T) -> &str) -> Vec<T> {
        let in_theirs: HashSet<&str> = theirs.iter().map(&key).collect();
        ours.iter()
            .filter(|x| in_theirs.contains(key(x)))
            .cloned()
            .collect()
    }
    Plan {
        format: ours.format,
        name: ours.name.clone(),
        parties: shared(&ours.parties, &theirs.parties, |x| &x.id),
        workloads: shared(&ours.workloads, &theirs.workloads, |x| &x.id),
        assets: shared(&ours.assets, &theirs.assets, |x| &x.id),
        log: shared(&ours.log, &theirs.log, |x| &x.id),
        waves: shared(&ours.waves, &theirs.waves, |x| &x.name),
        ..Plan::default()
    }
}

/// The merge itself; `no_base`: `base` only holds the items both sides
/// share, for their order ([`merge_without_base`]).
fn run(base: &Plan, ours: &Plan, theirs: &Plan, options: &Options, no_base: bool) -> Merged {
    let unified = unify::unify(base, ours, theirs);
    let theirs = unified.as_ref().unwrap_or(theirs);
    let names = Names::of(ours).with(theirs).with(base);
    let mut m = Merger {
        names: &names,
        ours,
        theirs,
        conflicts: Vec::new(),
        decisions: &options.decisions,
        no_base,
    };
    let mut plan = m.plan(base, ours, theirs);
    m.restore_used(&mut plan, ours, theirs);
    m.break_cycles(&mut plan, ours, theirs);
    plan.format = ours.format.max(theirs.format).max(plan.needed_format());
    let mut conflicts = m.conflicts;
    let new_problems = new_problems(&plan, ours, theirs);
    if options.questions {
        ask(&mut plan, &mut conflicts, &new_problems, options);
    }
    let base = (!no_base).then_some(base);
    Merged {
        changes_from_ours: count_changes(base, ours, theirs, &plan),
        changes_from_theirs: count_changes(base, theirs, ours, &plan),
        plan,
        conflicts,
        new_problems,
    }
}

// ---------------------------------------------------------------- engine

/// Where a conflict is.
struct Place {
    subject: String,
    id: Option<String>,
}

impl Place {
    fn new(subject: impl Into<String>, id: &str) -> Self {
        Self {
            subject: subject.into(),
            id: Some(id.to_owned()),
        }
    }
}

struct Merger<'a> {
    /// Names from ours, then theirs, then the base.
    names: &'a Names<'a>,
    ours: &'a Plan,
    theirs: &'a Plan,
    conflicts: Vec<Conflict>,
    decisions: &'a HashMap<String, Side>,
    /// No common ancestor is known: the base only orders the items both
    /// sides hold, and every field the sides hold differently is a
    /// conflict.
    no_base: bool,
}

/// An item's key in a list, with its occurrence (a duplicate id is kept
/// apart, never merged into its twin).
type Key = (String, usize);

fn keys<T>(items: &[T], key: &impl Fn(&T) -> String) -> Vec<Key> {
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(items.len());
    items
        .iter()
        .map(|x| {
            let k = key(x);
            let n = seen.entry(k.clone()).or_insert(0);
            *n += 1;
            (k, *n)
        })
        .collect()
}

fn none() -> String {
    "(none)".to_owned()
}

impl<'a> Merger<'a> {
    /// Records a conflict; returns the side to keep: the one decided for
    /// it, else `kept`.
    fn conflict(
        &mut self,
        kind: ConflictKind,
        place: &Place,
        field: impl Into<String>,
        ours: String,
        theirs: String,
        kept: Side,
    ) -> Side {
        let mut conflict = Conflict {
            kind,
            subject: place.subject.clone(),
            subject_id: place.id.clone(),
            field: field.into(),
            ours,
            theirs,
            kept,
            question_id: None,
        };
        if conflict.decidable()
            && let Some(&side) = self.decisions.get(&conflict.key())
        {
            conflict.kept = side;
        }
        let kept = conflict.kept;
        self.conflicts.push(conflict);
        kept
    }

    /// One field, three ways. `base` is `None` for an item both sides
    /// added: then any difference is a conflict.
    fn pick<V: PartialEq + Clone>(
        &mut self,
        place: &Place,
        field: &str,
        base: Option<&V>,
        ours: &V,
        theirs: &V,
        show: impl Fn(&V) -> String,
    ) -> V {
        if ours == theirs || base == Some(theirs) {
            return ours.clone();
        }
        if base == Some(ours) {
            return theirs.clone();
        }
        match self.conflict(
            ConflictKind::BothChanged,
            place,
            field,
            show(ours),
            show(theirs),
            Side::Ours,
        ) {
            Side::Ours => ours.clone(),
            Side::Theirs => theirs.clone(),
        }
    }

    /// A map, key by key.
    fn map<K: Ord + Clone, V: PartialEq + Clone>(
        &mut self,
        place: &Place,
        base: Option<&BTreeMap<K, V>>,
        ours: &BTreeMap<K, V>,
        theirs: &BTreeMap<K, V>,
        field: impl Fn(&K) -> String,
        show: impl Fn(Option<&V>) -> String,
    ) -> BTreeMap<K, V> {
        // An item both sides added: an entry only one side has is taken.
        let empty = BTreeMap::new();
        let base = Some(base.unwrap_or(&empty));
        if ours == theirs || base == Some(theirs) {
            return ours.clone();
        }
        if base == Some(ours) {
            return theirs.clone();
        }
        let all: BTreeSet<&K> = ours
            .keys()
            .chain(theirs.keys())
            .chain(base.into_iter().flat_map(BTreeMap::keys))
            .collect();
        let mut out = BTreeMap::new();
        for k in all {
            let (b, o, t) = (base.map(|b| b.get(k)), ours.get(k), theirs.get(k));
            let value = if o == t || b == Some(t) {
                o
            } else if b == Some(o) {
                t
            } else {
                match self.conflict(
                    ConflictKind::BothChanged,
                    place,
                    field(k),
                    show(o),
                    show(t),
                    Side::Ours,
                ) {
                    Side::Ours => o,
                    Side::Theirs => t,
                }
            };
            if let Some(v) = value {
                out.insert(k.clone(), v.clone());
            }
        }
        out
    }

    /// A list of items with keys: see the module's notes for the order.
    /// `item` merges one item both sides have and changed; `place` names
    /// an item for an edit-and-delete conflict and `edited` says what the
    /// edit was (base, edited, the editing side's plan); `order` names the
    /// list when two different reorderings are a conflict.
    #[allow(
        clippy::too_many_arguments,
        reason = "each part of a list merge is its own closure; a struct of closures reads worse"
    )]
    fn list<T: Clone + PartialEq>(
        &mut self,
        base: &[T],
        ours: &[T],
        theirs: &[T],
        key: impl Fn(&T) -> String,
        place: impl Fn(&T) -> Place,
        edited: impl Fn(&T, &T, &Plan) -> String,
        mut item: impl FnMut(&mut Self, Option<&T>, &T, &T) -> T,
        order: Option<Place>,
    ) -> Vec<T> {
        if ours == theirs || (!self.no_base && theirs == base) {
            return ours.to_vec();
        }
        if !self.no_base && ours == base {
            return theirs.to_vec();
        }
        let (bk, ok, tk) = (keys(base, &key), keys(ours, &key), keys(theirs, &key));
        let index = |ks: &[Key]| -> HashMap<Key, usize> {
            ks.iter().enumerate().map(|(i, k)| (k.clone(), i)).collect()
        };
        let (bi, oi, ti) = (index(&bk), index(&ok), index(&tk));
        let (sequence, clash) = arrange(&bk, &ok, &tk, self.no_base);
        if clash && let Some(place) = &order {
            let _ = self.conflict(
                ConflictKind::Order,
                place,
                "order",
                "reordered".to_owned(),
                "reordered differently".to_owned(),
                Side::Ours,
            );
        }
        let mut out = Vec::with_capacity(sequence.len());
        for k in sequence {
            // Without a base, the shared items only give the order.
            let b = bi.get(k).map(|&i| &base[i]).filter(|_| !self.no_base);
            let o = oi.get(k).map(|&i| &ours[i]);
            let t = ti.get(k).map(|&i| &theirs[i]);
            match (o, t) {
                (Some(o), Some(t)) => out.push(if o == t || b == Some(t) {
                    o.clone()
                } else if b == Some(o) {
                    t.clone()
                } else {
                    item(self, b, o, t)
                }),
                (Some(kept), None) | (None, Some(kept)) => {
                    let side = if o.is_some() {
                        Side::Ours
                    } else {
                        Side::Theirs
                    };
                    match b {
                        None => out.push(kept.clone()),
                        Some(b) if b == kept => {}
                        Some(b) => {
                            let context = match side {
                                Side::Ours => self.ours,
                                Side::Theirs => self.theirs,
                            };
                            let (edited, deleted) =
                                (edited(b, kept, context), "deleted".to_owned());
                            let (ours_value, theirs_value) = match side {
                                Side::Ours => (edited, deleted),
                                Side::Theirs => (deleted, edited),
                            };
                            // Keeping the deleting side's word deletes it.
                            if self.conflict(
                                ConflictKind::EditedAndDeleted,
                                &place(kept),
                                "edited and deleted",
                                ours_value,
                                theirs_value,
                                side,
                            ) == side
                            {
                                out.push(kept.clone());
                            }
                        }
                    }
                }
                (None, None) => {}
            }
        }
        out
    }

    fn plan(&mut self, base: &Plan, ours: &Plan, theirs: &Plan) -> Plan {
        let place = Place {
            subject: "plan".to_owned(),
            id: None,
        };
        // Without a base, a plan field the sides hold differently is a
        // conflict.
        let known = (!self.no_base).then_some(base);
        Plan {
            format: ours.format,
            name: self.pick(
                &place,
                "name",
                known.map(|b| &b.name),
                &ours.name,
                &theirs.name,
                |v| quoted(v),
            ),
            bandwidth_mbps: self.pick(
                &place,
                "bandwidth",
                known.map(|b| &b.bandwidth_mbps),
                &ours.bandwidth_mbps,
                &theirs.bandwidth_mbps,
                |v| v.map_or_else(none, |n| format!("{n} Mbps")),
            ),
            wave_limits: WaveLimits {
                assets: self.pick(
                    &place,
                    "wave limit (assets)",
                    known.map(|b| &b.wave_limits.assets),
                    &ours.wave_limits.assets,
                    &theirs.wave_limits.assets,
                    |v| v.map_or_else(none, |n| crate::words::count(n as usize, "asset")),
                ),
                replication_hours: self.pick(
                    &place,
                    "wave limit (replication hours)",
                    known.map(|b| &b.wave_limits.replication_hours),
                    &ours.wave_limits.replication_hours,
                    &theirs.wave_limits.replication_hours,
                    |v| v.map_or_else(none, |n| crate::words::count(n as usize, "hour")),
                ),
            },
            parties: self.list(
                &base.parties,
                &ours.parties,
                &theirs.parties,
                |p| p.id.clone(),
                |p| Place::new(name_or_id(&p.name, &p.id), &p.id),
                |b, e, context| {
                    edit_summary(
                        &mini(context, |p| p.parties = vec![b.clone()]),
                        &mini(context, |p| p.parties = vec![e.clone()]),
                    )
                },
                |m, b, o, t| m.party(b, o, t),
                None,
            ),
            workloads: self.list(
                &base.workloads,
                &ours.workloads,
                &theirs.workloads,
                |w| w.id.clone(),
                |w| Place::new(name_or_id(&w.name, &w.id), &w.id),
                |b, e, context| {
                    edit_summary(
                        &mini(context, |p| p.workloads = vec![b.clone()]),
                        &mini(context, |p| p.workloads = vec![e.clone()]),
                    )
                },
                |m, b, o, t| m.workload(b, o, t),
                None,
            ),
            assets: self.list(
                &base.assets,
                &ours.assets,
                &theirs.assets,
                |a| a.id.clone(),
                |a| Place::new(name_or_id(&a.name, &a.id), &a.id),
                |b, e, context| {
                    edit_summary(
                        &mini(context, |p| p.assets = vec![b.clone()]),
                        &mini(context, |p| p.assets = vec![e.clone()]),
                    )
                },
                |m, b, o, t| std::sync::Arc::new(m.asset(b.map(|b| &**b), o, t)),
                None,
            ),
            log: self.list(
                &base.log,
                &ours.log,
                &theirs.log,
                |l| l.id.clone(),
                |l| Place::new(format!("log {}", short(&l.text)), &l.id),
                |b, e, context| {
                    edit_summary(
                        &mini(context, |p| p.log = vec![b.clone()]),
                        &mini(context, |p| p.log = vec![e.clone()]),
                    )
                },
                |m, b, o, t| m.log_entry(b, o, t),
                None,
            ),
            waves: self.list(
                &base.waves,
                &ours.waves,
                &theirs.waves,
                |w| w.name.clone(),
                |w| Place {
                    subject: format!("wave {}", w.name),
                    id: None,
                },
                |_, _, _| "edited".to_owned(),
                |m, b, o, t| m.wave(b, o, t),
                Some(Place {
                    subject: "waves".to_owned(),
                    id: None,
                }),
            ),
        }
    }
}

/// An item edited on one side, in words: "edited (a: notes (none) → 'x')".
fn edit_summary(before: &Plan, after: &Plan) -> String {
    const SHOWN: usize = 3;
    let changes = crate::diff::diff(before, after);
    if changes.is_empty() {
        return "edited".to_owned();
    }
    let mut text: Vec<&str> = changes
        .iter()
        .take(SHOWN)
        .map(|c| c.text.as_str())
        .collect();
    if changes.len() > SHOWN {
        text.push("…");
    }
    format!("edited ({})", text.join("; "))
}

/// A small plan for [`edit_summary`]: the context's parties and
/// workloads (for names), then `fill` puts the one item in.
fn mini(context: &Plan, fill: impl FnOnce(&mut Plan)) -> Plan {
    let mut plan = Plan {
        parties: context.parties.clone(),
        workloads: context.workloads.clone(),
        ..Plan::default()
    };
    fill(&mut plan);
    plan
}

/// The sequence of keys of a merged list (see the module's notes), and
/// whether both sides reordered the base's items differently. With
/// `no_base`, `base` is the items both sides share in ours' order: ours'
/// order stands, and theirs holding them in another order is the clash.
fn arrange<'k>(
    base: &'k [Key],
    ours: &'k [Key],
    theirs: &'k [Key],
    no_base: bool,
) -> (Vec<&'k Key>, bool) {
    let in_base: HashSet<&Key> = base.iter().collect();
    let in_ours: HashSet<&Key> = ours.iter().collect();
    let in_theirs: HashSet<&Key> = theirs.iter().collect();
    let kept =
        |side: &'k [Key]| -> Vec<&'k Key> { side.iter().filter(|k| in_base.contains(k)).collect() };
    let (ours_kept, theirs_kept) = (kept(ours), kept(theirs));
    let base_order = |keep: &HashSet<&Key>| -> Vec<&'k Key> {
        base.iter().filter(|k| keep.contains(k)).collect()
    };
    let ours_moved = ours_kept != base_order(&in_ours);
    let theirs_moved = theirs_kept != base_order(&in_theirs);
    let clash = if no_base {
        theirs_moved
    } else {
        ours_moved && theirs_moved && {
            let common_o: Vec<&Key> = ours_kept
                .iter()
                .copied()
                .filter(|k| in_theirs.contains(k))
                .collect();
            let common_t: Vec<&Key> = theirs_kept
                .iter()
                .copied()
                .filter(|k| in_ours.contains(k))
                .collect();
            common_o != common_t
        }
    };
    let spine: Vec<&Key> = if no_base {
        base.iter().collect()
    } else if ours_moved {
        ours_kept
    } else if theirs_moved {
        theirs_kept
    } else {
        base.iter().collect()
    };
    let in_spine: HashSet<&Key> = spine.iter().copied().collect();
    // After each key of the base: base items the spine does not have (the
    // spine side deleted them), then ours' additions, then theirs'.
    // Additions after a side's last base item go to the end.
    let mut after: HashMap<Anchor<'k>, Vec<&Key>> = HashMap::new();
    let mut last = Anchor::Start;
    for k in base {
        if in_spine.contains(k) {
            last = Anchor::After(k);
        } else {
            after.entry(last).or_default().push(k);
        }
    }
    for (side, skip) in [(ours, None), (theirs, Some(&in_ours))] {
        let mut last = Anchor::Start;
        let mut pending = Vec::new();
        for k in side {
            if in_base.contains(k) {
                after.entry(last).or_default().append(&mut pending);
                last = Anchor::After(k);
            } else if skip.is_none_or(|s| !s.contains(k)) {
                pending.push(k);
            }
        }
        after.entry(Anchor::End).or_default().append(&mut pending);
    }
    let mut out = Vec::with_capacity(base.len() + ours.len() + theirs.len());
    emit(Anchor::Start, &mut after, &in_base, &mut out);
    for k in spine {
        out.push(k);
        emit(Anchor::After(k), &mut after, &in_base, &mut out);
    }
    emit(Anchor::End, &mut after, &in_base, &mut out);
    (out, clash)
}

/// Where an addition goes in a merged list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Anchor<'k> {
    Start,
    After(&'k Key),
    End,
}

/// Puts the keys that follow `anchor`; a base key among them is followed
/// by its own followers (one level: those are never base keys).
fn emit<'k>(
    anchor: Anchor<'k>,
    after: &mut HashMap<Anchor<'k>, Vec<&'k Key>>,
    in_base: &HashSet<&'k Key>,
    out: &mut Vec<&'k Key>,
) {
    let Some(keys) = after.remove(&anchor) else {
        return;
    };
    for k in keys {
        out.push(k);
        if in_base.contains(k) {
            emit(Anchor::After(k), after, in_base, out);
        }
    }
}

/// A set of ids, three ways: ours' order, minus what theirs removed, plus
/// what theirs added.
fn set(base: Option<&[String]>, ours: &[String], theirs: &[String]) -> Vec<String> {
    if ours == theirs || base == Some(theirs) {
        return ours.to_vec();
    }
    if base == Some(ours) {
        return theirs.to_vec();
    }
    let in_base: HashSet<&str> = base
        .unwrap_or_default()
        .iter()
        .map(String::as_str)
        .collect();
    let in_theirs: HashSet<&str> = theirs.iter().map(String::as_str).collect();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut out = Vec::with_capacity(ours.len() + theirs.len());
    for x in ours {
        let removed_by_theirs = in_base.contains(x.as_str()) && !in_theirs.contains(x.as_str());
        if !removed_by_theirs && seen.insert(x) {
            out.push(x.clone());
        }
    }
    for x in theirs {
        if !in_base.contains(x.as_str()) && seen.insert(x) {
            out.push(x.clone());
        }
    }
    out
}

/// Theirs' checklist with the items both sides added (same phase and
/// text, different ids) under ours' id; `None` when there are none.
fn same_checks(
    base: &[ChecklistItem],
    ours: &[ChecklistItem],
    theirs: &[ChecklistItem],
) -> Option<Vec<ChecklistItem>> {
    let in_base: HashSet<&str> = base.iter().map(|c| c.id.as_str()).collect();
    let in_ours: HashSet<&str> = ours.iter().map(|c| c.id.as_str()).collect();
    let in_theirs: HashSet<&str> = theirs.iter().map(|c| c.id.as_str()).collect();
    let added: HashMap<(crate::model::Phase, &str), &str> = ours
        .iter()
        .filter(|c| !in_base.contains(c.id.as_str()))
        .map(|c| ((c.phase, c.text.as_str()), c.id.as_str()))
        .collect();
    if added.is_empty() {
        return None;
    }
    let mut changed = false;
    let out = theirs
        .iter()
        .map(|c| {
            let mut c = c.clone();
            if !in_base.contains(c.id.as_str())
                && !in_ours.contains(c.id.as_str())
                && let Some(id) = added.get(&(c.phase, c.text.as_str()))
                && !in_theirs.contains(id)
            {
                c.id = (*id).to_owned();
                changed = true;
            }
            c
        })
        .collect();
    changed.then_some(out)
}

#[cfg(test)]
#[path = "no_base_tests.rs"]
mod no_base_tests;
#[cfg(test)]
mod tests;
