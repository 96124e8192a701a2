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

use crate::derive::{Problem, Severity};
use crate::diff::{Names, activity_subject, name_or_id, quoted, short};
use crate::model::{
    Activity, Asset, ChecklistItem, IdKind, Issue, LogEntry, LogKind, LogStatus, Party, Plan, Raci,
    Remediation, Replication, Wave, Workload, new_id_with,
};

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
}

impl Default for Options {
    fn default() -> Self {
        Self {
            today: crate::model::today(),
            questions: true,
            decisions: HashMap::new(),
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
            changes_from_ours: count_changes(base, ours, &plan),
            changes_from_theirs: count_changes(base, theirs, &plan),
            plan,
            conflicts: Vec::new(),
            new_problems: Vec::new(),
        };
    }
    let unified = unify(base, ours, theirs);
    let theirs = unified.as_ref().unwrap_or(theirs);
    let names = Names::of(ours).with(theirs).with(base);
    let mut m = Merger {
        names: &names,
        ours,
        theirs,
        conflicts: Vec::new(),
        decisions: &options.decisions,
    };
    let mut plan = m.plan(base, ours, theirs);
    m.restore_used(&mut plan, ours, theirs);
    m.break_cycles(&mut plan, ours, theirs);
    plan.format = ours.format.max(theirs.format).max(plan.needed_format());
    let mut conflicts = m.conflicts;
    let new_problems = new_problems(&plan, ours, theirs);
    if options.questions {
        ask(
            &mut plan,
            &mut conflicts,
            &new_problems,
            &options.today,
            &options.decisions,
        );
    }
    Merged {
        changes_from_ours: count_changes(base, ours, &plan),
        changes_from_theirs: count_changes(base, theirs, &plan),
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
        if ours == theirs || theirs == base {
            return ours.to_vec();
        }
        if ours == base {
            return theirs.to_vec();
        }
        let (bk, ok, tk) = (keys(base, &key), keys(ours, &key), keys(theirs, &key));
        let index = |ks: &[Key]| -> HashMap<Key, usize> {
            ks.iter().enumerate().map(|(i, k)| (k.clone(), i)).collect()
        };
        let (bi, oi, ti) = (index(&bk), index(&ok), index(&tk));
        let (sequence, clash) = arrange(&bk, &ok, &tk);
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
            let b = bi.get(k).map(|&i| &base[i]);
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
        Plan {
            format: ours.format,
            name: self.pick(
                &place,
                "name",
                Some(&base.name),
                &ours.name,
                &theirs.name,
                |v| quoted(v),
            ),
            bandwidth_mbps: self.pick(
                &place,
                "bandwidth",
                Some(&base.bandwidth_mbps),
                &ours.bandwidth_mbps,
                &theirs.bandwidth_mbps,
                |v| v.map_or_else(none, |n| format!("{n} Mbps")),
            ),
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

    fn party(&mut self, b: Option<&Party>, o: &Party, t: &Party) -> Party {
        let place = Place::new(name_or_id(&o.name, &o.id), &o.id);
        Party {
            id: o.id.clone(),
            name: self.pick(&place, "name", b.map(|b| &b.name), &o.name, &t.name, |v| {
                quoted(v)
            }),
            kind: self.pick(&place, "kind", b.map(|b| &b.kind), &o.kind, &t.kind, |v| {
                format!("{v:?}")
            }),
            role: self.pick(&place, "role", b.map(|b| &b.role), &o.role, &t.role, |v| {
                v.label().to_owned()
            }),
            contact: self.pick(
                &place,
                "contact",
                b.map(|b| &b.contact),
                &o.contact,
                &t.contact,
                |v| quoted(v),
            ),
        }
    }

    fn workload(&mut self, b: Option<&Workload>, o: &Workload, t: &Workload) -> Workload {
        let names = self.names;
        let name = name_or_id(&o.name, &o.id).to_owned();
        let place = Place::new(name.clone(), &o.id);
        let party = |v: &Option<String>| {
            v.as_deref()
                .map_or_else(none, |id| names.party(id).to_owned())
        };
        let base_activities = b.map_or(&[][..], |b| &b.activities);
        let base_checklist = b.map_or(&[][..], |b| &b.checklist);
        let theirs_checklist = same_checks(base_checklist, &o.checklist, &t.checklist);
        let theirs_checklist = theirs_checklist.as_deref().unwrap_or(&t.checklist);
        Workload {
            id: o.id.clone(),
            name: self.pick(&place, "name", b.map(|b| &b.name), &o.name, &t.name, |v| {
                quoted(v)
            }),
            description: self.pick(
                &place,
                "description",
                b.map(|b| &b.description),
                &o.description,
                &t.description,
                |v| quoted(v),
            ),
            business_owner: self.pick(
                &place,
                "business owner",
                b.map(|b| &b.business_owner),
                &o.business_owner,
                &t.business_owner,
                party,
            ),
            technical_owner: self.pick(
                &place,
                "technical owner",
                b.map(|b| &b.technical_owner),
                &o.technical_owner,
                &t.technical_owner,
                party,
            ),
            criticality: self.pick(
                &place,
                "criticality",
                b.map(|b| &b.criticality),
                &o.criticality,
                &t.criticality,
                |v| v.label().to_owned(),
            ),
            promotion_model: self.pick(
                &place,
                "promotion model",
                b.map(|b| &b.promotion_model),
                &o.promotion_model,
                &t.promotion_model,
                |v| v.label().to_owned(),
            ),
            remediation_timing: self.pick(
                &place,
                "remediation timing",
                b.map(|b| &b.remediation_timing),
                &o.remediation_timing,
                &t.remediation_timing,
                |v| v.label().to_owned(),
            ),
            target: self.pick(
                &place,
                "target",
                b.map(|b| &b.target),
                &o.target,
                &t.target,
                |v| quoted(v),
            ),
            wave: self.pick(&place, "wave", b.map(|b| &b.wave), &o.wave, &t.wave, |v| {
                quoted(v)
            }),
            activities: self.list(
                base_activities,
                &o.activities,
                &t.activities,
                |a| format!("{:?}", a.kind),
                |a| Place::new(activity_subject(&name, a.kind), &o.id),
                |_, _, _| "edited".to_owned(),
                |m, b, oa, ta| m.activity(&name, &o.id, b, oa, ta),
                None,
            ),
            notes: self.pick(
                &place,
                "notes",
                b.map(|b| &b.notes),
                &o.notes,
                &t.notes,
                |v| quoted(v),
            ),
            remediation_timing_confirmed_by: set(
                b.map(|b| b.remediation_timing_confirmed_by.as_slice()),
                &o.remediation_timing_confirmed_by,
                &t.remediation_timing_confirmed_by,
            ),
            checklist: self.list(
                base_checklist,
                &o.checklist,
                theirs_checklist,
                |c| c.id.clone(),
                |c| Place::new(format!("{name} › checklist {}", short(&c.text)), &o.id),
                |_, _, _| "edited".to_owned(),
                |m, b, oc, tc| m.check(&name, &o.id, b, oc, tc),
                None,
            ),
        }
    }

    fn activity(
        &mut self,
        workload: &str,
        workload_id: &str,
        b: Option<&Activity>,
        o: &Activity,
        t: &Activity,
    ) -> Activity {
        let names = self.names;
        let place = Place::new(activity_subject(workload, o.kind), workload_id);
        let letter = |v: Option<&Raci>| v.map_or_else(none, |l| format!("{l:?}"));
        let mut raci = self.map(
            &place,
            b.map(|b| &b.raci),
            &o.raci,
            &t.raci,
            |p| format!("RACI of {}", names.party(p)),
            letter,
        );
        // Each side made a different party Accountable: one is the rule,
        // so theirs' new one waits for the room (also when a side already
        // had two: the merge must not add a third).
        let accountable = |raci: &BTreeMap<String, Raci>| -> Vec<String> {
            raci.iter()
                .filter(|(_, r)| **r == Raci::Accountable)
                .map(|(p, _)| p.clone())
                .collect()
        };
        let (now, in_ours, in_theirs) = (
            accountable(&raci),
            accountable(&o.raci),
            accountable(&t.raci),
        );
        if now.len() > 1 && now.len() > in_ours.len().max(in_theirs.len()) {
            let list = |ids: &[String]| {
                if ids.is_empty() {
                    none()
                } else {
                    ids.iter()
                        .map(|p| names.party(p))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            };
            let (keep, kept_side) = match self.conflict(
                ConflictKind::TwoAccountable,
                &place,
                "Accountable",
                list(&in_ours),
                list(&in_theirs),
                Side::Ours,
            ) {
                Side::Ours => (&in_ours, &o.raci),
                Side::Theirs => (&in_theirs, &t.raci),
            };
            // The kept side's Accountable parties stay; the other's new
            // ones get the letter the kept side gave them (or none).
            for p in now.iter().filter(|p| !keep.contains(p)) {
                match kept_side.get(p) {
                    Some(l) => raci.insert(p.clone(), *l),
                    None => raci.remove(p),
                };
            }
        }
        Activity {
            kind: o.kind,
            raci,
            notes: self.pick(
                &place,
                "notes",
                b.map(|b| &b.notes),
                &o.notes,
                &t.notes,
                |v| quoted(v),
            ),
        }
    }

    fn check(
        &mut self,
        workload: &str,
        workload_id: &str,
        b: Option<&ChecklistItem>,
        o: &ChecklistItem,
        t: &ChecklistItem,
    ) -> ChecklistItem {
        let names = self.names;
        let place = Place::new(
            format!("{workload} › checklist {}", short(&o.text)),
            workload_id,
        );
        let party = |v: &Option<String>| {
            v.as_deref()
                .map_or_else(none, |id| names.party(id).to_owned())
        };
        ChecklistItem {
            id: o.id.clone(),
            phase: self.pick(
                &place,
                "phase",
                b.map(|b| &b.phase),
                &o.phase,
                &t.phase,
                |v| v.label().to_owned(),
            ),
            text: self.pick(&place, "text", b.map(|b| &b.text), &o.text, &t.text, |v| {
                quoted(v)
            }),
            owner: self.pick(
                &place,
                "owner",
                b.map(|b| &b.owner),
                &o.owner,
                &t.owner,
                party,
            ),
            done: self.pick(
                &place,
                "status",
                b.map(|b| &b.done),
                &o.done,
                &t.done,
                |v| if *v { "done" } else { "open" }.to_owned(),
            ),
            note: self.pick(&place, "note", b.map(|b| &b.note), &o.note, &t.note, |v| {
                quoted(v)
            }),
        }
    }

    fn asset(&mut self, b: Option<&Asset>, o: &Asset, t: &Asset) -> Asset {
        let names = self.names;
        let place = Place::new(name_or_id(&o.name, &o.id), &o.id);
        let issues_place = || Place::new(name_or_id(&o.name, &o.id), &o.id);
        Asset {
            id: o.id.clone(),
            name: self.pick(&place, "name", b.map(|b| &b.name), &o.name, &t.name, |v| {
                quoted(v)
            }),
            kind: self.pick(&place, "kind", b.map(|b| &b.kind), &o.kind, &t.kind, |v| {
                v.label().to_owned()
            }),
            workload: self.pick(
                &place,
                "workload",
                b.map(|b| &b.workload),
                &o.workload,
                &t.workload,
                |v| {
                    v.as_deref()
                        .map_or_else(none, |id| names.workload(id).to_owned())
                },
            ),
            depends_on: set(
                b.map(|b| b.depends_on.as_slice()),
                &o.depends_on,
                &t.depends_on,
            ),
            strategy: self.pick(
                &place,
                "strategy",
                b.map(|b| &b.strategy),
                &o.strategy,
                &t.strategy,
                |v| v.label().to_owned(),
            ),
            assessment: self.pick(
                &place,
                "assessment",
                b.map(|b| &b.assessment),
                &o.assessment,
                &t.assessment,
                |v| v.label().to_owned(),
            ),
            remediation: Remediation {
                status: self.pick(
                    &place,
                    "remediation",
                    b.map(|b| &b.remediation.status),
                    &o.remediation.status,
                    &t.remediation.status,
                    |v| v.label().to_owned(),
                ),
                issues: self.list(
                    b.map_or(&[][..], |b| &b.remediation.issues),
                    &o.remediation.issues,
                    &t.remediation.issues,
                    |i| i.text.clone(),
                    |_| issues_place(),
                    |_, e, _| if e.resolved { "resolved" } else { "reopened" }.to_owned(),
                    |m, bi, oi, ti| Issue {
                        text: oi.text.clone(),
                        resolved: m.pick(
                            &issues_place(),
                            &format!("issue {}", quoted(&oi.text)),
                            bi.map(|b| &b.resolved),
                            &oi.resolved,
                            &ti.resolved,
                            |v| if *v { "resolved" } else { "open" }.to_owned(),
                        ),
                    },
                    None,
                ),
            },
            replication: Replication {
                status: self.pick(
                    &place,
                    "replication",
                    b.map(|b| &b.replication.status),
                    &o.replication.status,
                    &t.replication.status,
                    |v| v.label().to_owned(),
                ),
                tool: self.pick(
                    &place,
                    "replication tool",
                    b.map(|b| &b.replication.tool),
                    &o.replication.tool,
                    &t.replication.tool,
                    |v| v.label().to_owned(),
                ),
            },
            staging: self.pick(
                &place,
                "staging",
                b.map(|b| &b.staging),
                &o.staging,
                &t.staging,
                |v| v.label().to_owned(),
            ),
            owners: self.map(
                &place,
                b.map(|b| &b.owners),
                &o.owners,
                &t.owners,
                |k| format!("{} owner", k.label()),
                |v| v.map_or_else(none, |id| names.party(id).to_owned()),
            ),
            source: self.map(
                &place,
                b.map(|b| &b.source),
                &o.source,
                &t.source,
                |k| format!("fact {k}"),
                |v| v.map_or_else(none, |s| quoted(s)),
            ),
            notes: self.pick(
                &place,
                "notes",
                b.map(|b| &b.notes),
                &o.notes,
                &t.notes,
                |v| quoted(v),
            ),
        }
    }

    fn log_entry(&mut self, b: Option<&LogEntry>, o: &LogEntry, t: &LogEntry) -> LogEntry {
        let names = self.names;
        let place = Place::new(format!("log {}", short(&o.text)), &o.id);
        let party = |v: &Option<String>| {
            v.as_deref()
                .map_or_else(none, |id| names.party(id).to_owned())
        };
        let date = |v: &Option<String>| v.clone().unwrap_or_else(none);
        LogEntry {
            id: o.id.clone(),
            kind: self.pick(&place, "kind", b.map(|b| &b.kind), &o.kind, &t.kind, |v| {
                v.label().to_owned()
            }),
            text: self.pick(&place, "text", b.map(|b| &b.text), &o.text, &t.text, |v| {
                quoted(v)
            }),
            owner: self.pick(
                &place,
                "owner",
                b.map(|b| &b.owner),
                &o.owner,
                &t.owner,
                party,
            ),
            status: self.pick(
                &place,
                "status",
                b.map(|b| &b.status),
                &o.status,
                &t.status,
                |v| v.label().to_owned(),
            ),
            date: self.pick(&place, "date", b.map(|b| &b.date), &o.date, &t.date, |v| {
                quoted(v)
            }),
            about: self.pick(
                &place,
                "about",
                b.map(|b| &b.about),
                &o.about,
                &t.about,
                |v| {
                    v.as_deref()
                        .map_or_else(none, |id| names.any(id).to_owned())
                },
            ),
            due: self.pick(&place, "due", b.map(|b| &b.due), &o.due, &t.due, date),
        }
    }

    fn wave(&mut self, b: Option<&Wave>, o: &Wave, t: &Wave) -> Wave {
        let place = Place {
            subject: format!("wave {}", o.name),
            id: None,
        };
        let date = |v: &Option<String>| v.clone().unwrap_or_else(none);
        Wave {
            name: o.name.clone(),
            start: self.pick(
                &place,
                "start",
                b.map(|b| &b.start),
                &o.start,
                &t.start,
                date,
            ),
            end: self.pick(&place, "end", b.map(|b| &b.end), &o.end, &t.end, date),
            notes: self.pick(
                &place,
                "notes",
                b.map(|b| &b.notes),
                &o.notes,
                &t.notes,
                |v| quoted(v),
            ),
        }
    }

    /// Brings back an item one side deleted when the merged plan uses it
    /// through a reference the deleting side did not have (the other side
    /// assigned the party, moved an asset into the workload…).
    fn restore_used(&mut self, plan: &mut Plan, ours: &Plan, theirs: &Plan) {
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
    fn break_cycles(&mut self, plan: &mut Plan, ours: &Plan, theirs: &Plan) {
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
/// whether both sides reordered the base's items differently.
fn arrange<'k>(base: &'k [Key], ours: &'k [Key], theirs: &'k [Key]) -> (Vec<&'k Key>, bool) {
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
    let clash = ours_moved && theirs_moved && {
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
    };
    let spine: Vec<&Key> = if ours_moved {
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

// ---------------------------------------------------------------- same items

/// Theirs with the parties, workloads and assets that both sides added
/// under one name given ours' ids; `None` when there are none.
fn unify(base: &Plan, ours: &Plan, theirs: &Plan) -> Option<Plan> {
    let mut map: HashMap<String, String> = HashMap::new();
    added_twice(
        &base.parties,
        &ours.parties,
        &theirs.parties,
        |p| &p.id,
        |p| p.name.trim().to_owned(),
        &mut map,
    );
    added_twice(
        &base.workloads,
        &ours.workloads,
        &theirs.workloads,
        |w| &w.id,
        |w| w.name.trim().to_owned(),
        &mut map,
    );
    added_twice(
        &base.assets,
        &ours.assets,
        &theirs.assets,
        |a| &a.id,
        |a| a.name.trim().to_lowercase(),
        &mut map,
    );
    if map.is_empty() {
        return None;
    }
    let mut plan = theirs.clone();
    rename_ids(&mut plan, &map);
    Some(plan)
}

/// Maps the id of each item theirs added to the id of the item ours added
/// under the same name, when the name is unique among each side's additions.
fn added_twice<T>(
    base: &[T],
    ours: &[T],
    theirs: &[T],
    id: impl Fn(&T) -> &String,
    name: impl Fn(&T) -> String,
    map: &mut HashMap<String, String>,
) {
    let in_base: HashSet<&str> = base.iter().map(|x| id(x).as_str()).collect();
    let in_ours: HashSet<&str> = ours.iter().map(|x| id(x).as_str()).collect();
    let in_theirs: HashSet<&str> = theirs.iter().map(|x| id(x).as_str()).collect();
    let by_name = |side: &[T], skip: &HashSet<&str>| -> HashMap<String, Option<String>> {
        let mut names: HashMap<String, Option<String>> = HashMap::new();
        for x in side {
            let (i, n) = (id(x), name(x));
            if in_base.contains(i.as_str()) || skip.contains(i.as_str()) || n.is_empty() {
                continue;
            }
            names
                .entry(n)
                .and_modify(|v| *v = None)
                .or_insert_with(|| Some(i.clone()));
        }
        names
    };
    let ours_added = by_name(ours, &HashSet::new());
    let theirs_added = by_name(theirs, &in_ours);
    for (n, theirs_id) in theirs_added {
        if let (Some(Some(ours_id)), Some(theirs_id)) = (ours_added.get(&n), theirs_id)
            && !in_theirs.contains(ours_id.as_str())
        {
            map.insert(theirs_id, ours_id.clone());
        }
    }
}

/// Gives items new ids, and every reference to them.
fn rename_ids(plan: &mut Plan, map: &HashMap<String, String>) {
    let re = |s: &mut String| {
        if let Some(n) = map.get(s.as_str()) {
            s.clone_from(n);
        }
    };
    let re_opt = |s: &mut Option<String>| {
        if let Some(s) = s {
            re(s);
        }
    };
    for p in &mut plan.parties {
        re(&mut p.id);
    }
    for w in &mut plan.workloads {
        re(&mut w.id);
        re_opt(&mut w.business_owner);
        re_opt(&mut w.technical_owner);
        for a in &mut w.activities {
            a.raci = std::mem::take(&mut a.raci)
                .into_iter()
                .map(|(p, r)| (map.get(&p).cloned().unwrap_or(p), r))
                .collect();
        }
        w.remediation_timing_confirmed_by.iter_mut().for_each(re);
        for c in &mut w.checklist {
            re_opt(&mut c.owner);
        }
    }
    for a in &mut plan.assets {
        let a = std::sync::Arc::make_mut(a);
        re(&mut a.id);
        re_opt(&mut a.workload);
        a.depends_on.iter_mut().for_each(re);
        a.owners.values_mut().for_each(re);
    }
    for l in &mut plan.log {
        re_opt(&mut l.owner);
        re_opt(&mut l.about);
    }
}

// ---------------------------------------------------------------- references

/// What a reference points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Party,
    Workload,
    Asset,
    /// A log entry's `about`: a party, workload or asset.
    Any,
}

/// Every reference of a plan: (the referring item's id, the id referred
/// to, what it must be, where the reference is in words).
fn references(plan: &Plan, names: &Names<'_>, visit: &mut Visit<'_>) {
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
type Slot<'a> = (&'a str, &'static str);

/// Called for each reference: where it is, the id it refers to, what that
/// must be, and where it is in words (made only when needed).
type Visit<'v> = dyn FnMut(Slot<'_>, &str, Target, &dyn Fn() -> String) + 'v;

/// A reference: where it is, and the id it refers to.
type Pair = (String, &'static str, String);

fn ref_pairs(plan: &Plan) -> HashSet<Pair> {
    let names = Names::of(plan);
    let mut pairs = HashSet::new();
    references(plan, &names, &mut |(from, slot), target, _, _| {
        pairs.insert((from.to_owned(), slot, target.to_owned()));
    });
    pairs
}

/// The ids of a plan's parties, workloads and assets.
struct Present<'p> {
    parties: HashSet<&'p str>,
    workloads: HashSet<&'p str>,
    assets: HashSet<&'p str>,
}

impl<'p> Present<'p> {
    fn of(plan: &'p Plan) -> Self {
        Self {
            parties: plan.parties.iter().map(|p| p.id.as_str()).collect(),
            workloads: plan.workloads.iter().map(|w| w.id.as_str()).collect(),
            assets: plan.assets.iter().map(|a| a.id.as_str()).collect(),
        }
    }

    fn has(&self, id: &str, kind: Target) -> bool {
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
enum Taken {
    Party(Party),
    Workload(Workload),
    Asset(Asset),
}

impl Taken {
    fn name(&self) -> String {
        match self {
            Taken::Party(p) => name_or_id(&p.name, &p.id).to_owned(),
            Taken::Workload(w) => name_or_id(&w.name, &w.id).to_owned(),
            Taken::Asset(a) => name_or_id(&a.name, &a.id).to_owned(),
        }
    }

    fn put(self, plan: &mut Plan) {
        match self {
            Taken::Party(p) => plan.parties.push(p),
            Taken::Workload(w) => plan.workloads.push(w),
            Taken::Asset(a) => plan.assets.push(a.into()),
        }
    }
}

fn take_item(plan: &Plan, id: &str, kind: Target) -> Option<Taken> {
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
struct Cycles {
    /// Component of each asset (by position in `plan.assets`).
    component: Vec<usize>,
    /// Whether each component is a cycle (two assets or more, or a self loop).
    cyclic: Vec<bool>,
    /// Asset id → position (first occurrence).
    index: HashMap<String, usize>,
}

impl Cycles {
    fn of(plan: &Plan) -> Self {
        let index_ref = crate::derive::asset_index(plan);
        let n = plan.assets.len();
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
        // Tarjan's algorithm with an explicit stack, so a long chain of
        // dependencies cannot overflow the call stack.
        const UNSEEN: usize = usize::MAX;
        let mut order = vec![UNSEEN; n];
        let mut low = vec![0; n];
        let mut on_stack = vec![false; n];
        let mut component = vec![UNSEEN; n];
        let mut cyclic = Vec::new();
        let mut stack = Vec::new();
        let mut next = 0;
        for root in 0..n {
            if order[root] != UNSEEN {
                continue;
            }
            let mut calls: Vec<(usize, usize)> = vec![(root, 0)];
            order[root] = next;
            low[root] = next;
            next += 1;
            stack.push(root);
            on_stack[root] = true;
            while let Some(&mut (v, ref mut edge)) = calls.last_mut() {
                if let Some(&w) = edges[v].get(*edge) {
                    *edge += 1;
                    if order[w] == UNSEEN {
                        order[w] = next;
                        low[w] = next;
                        next += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        calls.push((w, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(order[w]);
                    }
                    continue;
                }
                calls.pop();
                if let Some(&(parent, _)) = calls.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == order[v] {
                    let id = cyclic.len();
                    let mut size = 0;
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        component[w] = id;
                        size += 1;
                        if w == v {
                            break;
                        }
                    }
                    cyclic.push(size > 1 || edges[v].contains(&v));
                }
            }
        }
        Self {
            component,
            cyclic,
            index: index_ref
                .into_iter()
                .map(|(id, i)| (id.to_owned(), i))
                .collect(),
        }
    }

    fn any(&self) -> bool {
        self.cyclic.iter().any(|c| *c)
    }

    /// Whether two assets (by position) are on one cycle.
    fn same(&self, i: usize, j: usize) -> bool {
        match (self.component.get(i), self.component.get(j)) {
            (Some(a), Some(b)) => a == b && self.cyclic.get(*a).copied().unwrap_or(false),
            _ => false,
        }
    }

    fn same_ids(&self, a: &str, b: &str) -> bool {
        match (self.index.get(a), self.index.get(b)) {
            (Some(&i), Some(&j)) => self.same(i, j),
            _ => false,
        }
    }

    /// The positions of the assets on asset `i`'s cycle.
    fn members(&self, i: usize) -> Vec<usize> {
        let Some(&c) = self.component.get(i) else {
            return Vec::new();
        };
        (0..self.component.len())
            .filter(|&k| self.component[k] == c)
            .collect()
    }
}

// ---------------------------------------------------------------- after

/// Errors of the merged plan that neither side has. An error is known by
/// its code and subject, not its wording: a cycle one side had is the same
/// error after the other side renamed one of its assets.
fn new_problems(plan: &Plan, ours: &Plan, theirs: &Plan) -> Vec<Problem> {
    let errors = |p: &Plan| -> Vec<Problem> {
        crate::derive::derive(p)
            .problems
            .into_iter()
            .filter(|p| p.severity == Severity::Error)
            .collect()
    };
    let identity = |p: &Problem| -> (&'static str, Option<String>, String) {
        let key = p.subject.key();
        let message = if key.is_none() {
            p.message.clone()
        } else {
            String::new()
        };
        (p.code, key, message)
    };
    let merged = errors(plan);
    if merged.is_empty() {
        return merged;
    }
    let known: HashSet<(&'static str, Option<String>, String)> = errors(ours)
        .iter()
        .chain(&errors(theirs))
        .map(identity)
        .collect();
    merged
        .into_iter()
        .filter(|p| !known.contains(&identity(p)))
        .collect()
}

/// Adds an open question to the log for each conflict and new problem.
fn ask(
    plan: &mut Plan,
    conflicts: &mut [Conflict],
    problems: &[Problem],
    today: &str,
    decided: &HashMap<String, Side>,
) {
    let present = Present::of(plan);
    let mut taken: HashSet<String> = plan
        .parties
        .iter()
        .map(|p| p.id.clone())
        .chain(plan.workloads.iter().map(|w| w.id.clone()))
        .chain(plan.assets.iter().map(|a| a.id.clone()))
        .chain(plan.log.iter().map(|l| l.id.clone()))
        .collect();
    let mut entries = Vec::new();
    let mut mint = |text: &str| {
        let mut seed = fnv(text.as_bytes());
        loop {
            let id = new_id_with(&mut fastrand::Rng::with_seed(seed), IdKind::Log);
            if taken.insert(id.clone()) {
                return id;
            }
            seed = seed.wrapping_add(1);
        }
    };
    for c in conflicts
        .iter_mut()
        .filter(|c| !(c.decidable() && decided.contains_key(&c.key())))
    {
        let kept = match c.kept {
            Side::Ours => &c.ours,
            Side::Theirs => &c.theirs,
        };
        let text = format!(
            "Merge conflict on {}, {}: ours {}, theirs {}; {} kept ({}). Which is right?",
            c.subject,
            c.field,
            c.ours,
            c.theirs,
            c.kept.key(),
            kept
        );
        let id = mint(&text);
        c.question_id = Some(id.clone());
        let about = c.subject_id.clone().filter(|s| present.has(s, Target::Any));
        entries.push(question(id, text, about, today));
    }
    for p in problems {
        let text = format!(
            "After the merge: {} [{}]; neither copy had this. How do we fix it?",
            p.message, p.code
        );
        let about = p.subject.key().filter(|s| present.has(s, Target::Any));
        entries.push(question(mint(&text), text, about, today));
    }
    plan.log.extend(entries);
}

fn question(id: String, text: String, about: Option<String>, today: &str) -> LogEntry {
    LogEntry {
        id,
        kind: LogKind::Question,
        text,
        owner: None,
        status: LogStatus::Open,
        date: today.to_owned(),
        about,
        due: None,
    }
}

/// FNV-1a: stable across runs, so the same merge mints the same ids.
fn fnv(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// How many items and plan fields `side` changed that the merged plan
/// changed too.
fn count_changes(base: &Plan, side: &Plan, merged: &Plan) -> usize {
    fn items<T: PartialEq>(b: &[T], s: &[T], m: &[T], id: impl Fn(&T) -> &str) -> usize {
        let b_by: HashMap<&str, &T> = b.iter().map(|x| (id(x), x)).collect();
        let m_by: HashMap<&str, &T> = m.iter().map(|x| (id(x), x)).collect();
        let s_ids: HashSet<&str> = s.iter().map(&id).collect();
        let changed = s
            .iter()
            .filter(|x| {
                let before = b_by.get(id(x)).copied();
                before != Some(*x) && m_by.get(id(x)).copied() != before
            })
            .count();
        let deleted = b
            .iter()
            .filter(|x| !s_ids.contains(id(x)) && !m_by.contains_key(id(x)))
            .count();
        changed + deleted
    }
    usize::from(side.name != base.name && merged.name != base.name)
        + usize::from(
            side.bandwidth_mbps != base.bandwidth_mbps
                && merged.bandwidth_mbps != base.bandwidth_mbps,
        )
        + items(&base.parties, &side.parties, &merged.parties, |x| &x.id)
        + items(&base.workloads, &side.workloads, &merged.workloads, |x| {
            &x.id
        })
        + items(&base.assets, &side.assets, &merged.assets, |x| &x.id)
        + items(&base.log, &side.log, &merged.log, |x| &x.id)
        + items(&base.waves, &side.waves, &merged.waves, |x| &x.name)
}

#[cfg(test)]
mod tests;
