//! What changed between two versions of a plan, in words and by name:
//! "ERP › Staging: Dana Lee Consulted → Responsible". The same facts, one
//! a line, are the plan's readable [`listing`]: git shows it for plans
//! (its `textconv`), so `git diff` and `git log -p` read like this diff.
//!
//! Both come from one list of facts keyed by ids, so a renamed asset is a
//! rename, not a removal and an addition; names are only for reading.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use crate::model::{ActivityKind, Asset, Environment, LogEntry, Plan, Workload};

/// One change between two plans, in a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Where the change shows: a workload's name, or `Plan`, `Parties`,
    /// `Inventory`, `Waves`, `Log`.
    pub group: String,
    /// What changed, by name ("erp-web-01", "ERP › Staging").
    pub subject: String,
    /// The id of what changed (the workload, for a RACI cell or a checklist
    /// item); none for the plan itself and for waves, which have no id.
    pub subject_id: Option<String>,
    /// The whole sentence: "erp-web-01: replication Replicating → Verified".
    pub text: String,
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// The group of the plan's own fields.
pub const PLAN_GROUP: &str = "Plan";
/// The group of parties.
pub const PARTIES_GROUP: &str = "Parties";
/// The group of assets in no workload.
pub const INVENTORY_GROUP: &str = "Inventory";
/// The group of waves.
pub const WAVES_GROUP: &str = "Waves";
/// The group of log entries.
pub const LOG_GROUP: &str = "Log";

/// Every change from `old` to `new`, grouped: the plan, parties, each
/// workload (with its assets) in the new plan's order, the inventory,
/// waves, the log. Within a group, additions and changes come in the new
/// plan's order, then removals in the old one's.
pub fn diff(old: &Plan, new: &Plan) -> Vec<Change> {
    let old_facts = facts(old);
    let new_facts = facts(new);
    let old_index: HashMap<&str, usize> = old_facts
        .iter()
        .enumerate()
        .map(|(i, f)| (f.key.as_str(), i))
        .collect();
    let new_index: HashMap<&str, usize> = new_facts
        .iter()
        .enumerate()
        .map(|(i, f)| (f.key.as_str(), i))
        .collect();
    let added_items: HashSet<&str> = new_facts
        .iter()
        .filter(|f| f.item.is_some() && !old_index.contains_key(f.key.as_str()))
        .map(|f| f.key.as_str())
        .collect();
    let removed_items: HashSet<&str> = old_facts
        .iter()
        .filter(|f| f.item.is_some() && !new_index.contains_key(f.key.as_str()))
        .map(|f| f.key.as_str())
        .collect();

    // A group is shown by its name in the new plan (a workload renamed
    // keeps its changes together).
    let mut group_names: HashMap<&str, &str> = HashMap::new();
    for fact in new_facts.iter().chain(&old_facts) {
        group_names
            .entry(&fact.group.key)
            .or_insert(&fact.group.name);
    }
    let mut changes: Vec<(Rc<Group>, Change)> = Vec::new();
    let mut push = |fact: &Fact, text: String| {
        changes.push((
            fact.group.clone(),
            Change {
                group: group_names
                    .get(fact.group.key.as_str())
                    .copied()
                    .unwrap_or(&fact.group.name)
                    .to_owned(),
                subject: fact.subject.to_string(),
                subject_id: fact.subject_id.as_deref().map(str::to_owned),
                text,
            },
        ));
    };
    for fact in &new_facts {
        if within(&fact.key, &added_items) {
            continue;
        }
        match old_index.get(fact.key.as_str()).map(|&i| &old_facts[i]) {
            None => push(fact, fact.added_text()),
            Some(before) if before.value != fact.value => push(fact, fact.changed_text(before)),
            Some(_) => {}
        }
    }
    for fact in &old_facts {
        if within(&fact.key, &removed_items) || new_index.contains_key(fact.key.as_str()) {
            continue;
        }
        push(fact, fact.removed_text());
    }

    // Groups in the order they first appear in the new plan, then the old.
    let mut rank: HashMap<&str, usize> = HashMap::new();
    for fact in new_facts.iter().chain(&old_facts) {
        let next = rank.len();
        rank.entry(&fact.group.key).or_insert(next);
    }
    let mut ranked: Vec<(usize, usize, Change)> = changes
        .into_iter()
        .enumerate()
        .map(|(i, (group, change))| {
            let rank = rank.get(group.key.as_str()).copied();
            (rank.unwrap_or(usize::MAX), i, change)
        })
        .collect();
    ranked.sort_by_key(|(rank, i, _)| (*rank, *i));
    ranked.into_iter().map(|(_, _, c)| c).collect()
}

/// The changes as text: each group's name, then its changes indented.
pub fn render(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "no differences\n".to_owned();
    }
    let mut out = String::new();
    let mut group: Option<&str> = None;
    for change in changes {
        if group != Some(change.group.as_str()) {
            if group.is_some() {
                out.push('\n');
            }
            out.push_str(&change.group);
            out.push('\n');
            group = Some(&change.group);
        }
        out.push_str("  ");
        out.push_str(&change.text);
        out.push('\n');
    }
    out
}

/// The plan as one fact a line, by name, grouped like [`diff`] and in a
/// stable order: what git shows for a plan, so that a line diff of two
/// listings reads like the diff. Empty text fields are left out.
pub fn listing(plan: &Plan) -> String {
    let mut out = String::with_capacity(plan.assets.len() * 400 + 4096);
    let mut group: Option<Rc<Group>> = None;
    for fact in facts(plan) {
        if group.as_ref().is_none_or(|g| !Rc::ptr_eq(g, &fact.group)) {
            out.push_str("## ");
            out.push_str(&fact.group.name);
            out.push('\n');
            group = Some(fact.group.clone());
        }
        match &fact.item {
            Some(item) => out.push_str(&item.line),
            None => {
                out.push_str(&fact.subject);
                out.push_str(": ");
                out.push_str(&fact.field);
                if !fact.value.is_empty() {
                    out.push(' ');
                    out.push_str(&fact.value);
                }
            }
        }
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------- values

/// Free text as shown in a sentence: quoted, on one line.
pub(crate) fn quoted(text: &str) -> String {
    if text.is_empty() {
        return "(empty)".to_owned();
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Free text shortened for a subject (a log entry is named by its text).
pub(crate) fn short(text: &str) -> String {
    const MAX: usize = 50;
    if text.chars().count() <= MAX {
        return quoted(text);
    }
    let cut: String = text.chars().take(MAX - 1).collect();
    let mut q = quoted(&cut);
    q.insert(q.len() - 1, '…');
    q
}

/// What an item is called: its name, or its id when it has none.
pub(crate) fn name_or_id<'a>(name: &'a str, id: &'a str) -> &'a str {
    if name.trim().is_empty() { id } else { name }
}

/// "ERP › Staging".
pub(crate) fn activity_subject(workload: &str, kind: ActivityKind) -> String {
    format!("{workload} › {}", kind.label())
}

/// Names of parties, workloads and assets by id, for one plan.
pub(crate) struct Names<'a> {
    parties: HashMap<&'a str, &'a str>,
    workloads: HashMap<&'a str, &'a str>,
    assets: HashMap<&'a str, &'a str>,
}

impl<'a> Names<'a> {
    pub(crate) fn of(plan: &'a Plan) -> Self {
        Names {
            parties: HashMap::with_capacity(plan.parties.len()),
            workloads: HashMap::with_capacity(plan.workloads.len()),
            assets: HashMap::with_capacity(plan.assets.len()),
        }
        .with(plan)
    }

    /// Adds the names of another plan's items that this one does not have.
    pub(crate) fn with(mut self, plan: &'a Plan) -> Self {
        for p in &plan.parties {
            self.parties
                .entry(&p.id)
                .or_insert(name_or_id(&p.name, &p.id));
        }
        for w in &plan.workloads {
            self.workloads
                .entry(&w.id)
                .or_insert(name_or_id(&w.name, &w.id));
        }
        for a in &plan.assets {
            self.assets
                .entry(&a.id)
                .or_insert(name_or_id(&a.name, &a.id));
        }
        self
    }

    /// A party's name; the id itself when no party has it.
    pub(crate) fn party<'b>(&'b self, id: &'b str) -> &'b str {
        self.parties.get(id).copied().unwrap_or(id)
    }

    pub(crate) fn workload<'b>(&'b self, id: &'b str) -> &'b str {
        self.workloads.get(id).copied().unwrap_or(id)
    }

    pub(crate) fn asset<'b>(&'b self, id: &'b str) -> &'b str {
        self.assets.get(id).copied().unwrap_or(id)
    }

    /// The name of whatever has this id (a log entry's `about`).
    pub(crate) fn any<'b>(&'b self, id: &'b str) -> &'b str {
        self.workloads
            .get(id)
            .or_else(|| self.assets.get(id))
            .or_else(|| self.parties.get(id))
            .copied()
            .unwrap_or(id)
    }
}

// ---------------------------------------------------------------- facts

/// What a fact says when it appears, disappears or changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// A field: "SUBJECT: FIELD OLD → NEW", "(none)" for an absent side.
    Field,
    /// A member of a set ("depends on"): added and removed, never changed.
    Member {
        now: &'static str,
        no_longer: &'static str,
    },
    /// A remediation issue: new, resolved or open, removed.
    Issue,
    /// A field left out at its default value (format 3 fields, so older
    /// plans list as they did): "SUBJECT: FIELD DEFAULT → NEW".
    Setting { default: &'static str },
    /// A yes-or-no fact present only when yes: "SUBJECT: ON", "SUBJECT:
    /// OFF" when it goes.
    Flag { on: &'static str, off: &'static str },
}

/// The sentences of an item (a party, an asset, a log entry…) itself.
#[derive(Debug)]
struct ItemText {
    /// Its line in the listing.
    line: String,
    added: String,
    removed: String,
    /// Put before "OLD → NEW" when its name (its `value`) changes.
    renamed: &'static str,
}

/// Where facts are shown: the key is stable (a workload's id), the name
/// is for reading.
#[derive(Debug)]
struct Group {
    key: String,
    name: String,
}

impl Group {
    fn new(key: impl Into<String>, name: impl Into<String>) -> Rc<Self> {
        Rc::new(Group {
            key: key.into(),
            name: name.into(),
        })
    }
}

/// One fact of a plan.
#[derive(Debug)]
struct Fact {
    /// Stable and id-based: the same fact of two versions has one key. An
    /// item's key is a prefix of the keys of its facts.
    key: String,
    group: Rc<Group>,
    subject: Rc<str>,
    subject_id: Option<Rc<str>>,
    shape: Shape,
    field: String,
    value: String,
    /// Set for the fact that an item exists; its value is its name.
    item: Option<Box<ItemText>>,
}

impl Fact {
    fn added_text(&self) -> String {
        if let Some(item) = &self.item {
            return item.added.clone();
        }
        match self.shape {
            Shape::Field => format!("{}: {} (none) → {}", self.subject, self.field, self.value),
            Shape::Setting { default } => format!(
                "{}: {} {default} → {}",
                self.subject, self.field, self.value
            ),
            Shape::Flag { on, .. } => format!("{}: {on}", self.subject),
            Shape::Member { now, .. } => format!("{}: {now} {}", self.subject, self.value),
            Shape::Issue => {
                let resolved = if self.value == RESOLVED {
                    " (resolved)"
                } else {
                    ""
                };
                format!("{}: new {}{resolved}", self.subject, self.field)
            }
        }
    }

    fn removed_text(&self) -> String {
        if let Some(item) = &self.item {
            return item.removed.clone();
        }
        match self.shape {
            Shape::Field => format!("{}: {} {} → (none)", self.subject, self.field, self.value),
            Shape::Setting { default } => format!(
                "{}: {} {} → {default}",
                self.subject, self.field, self.value
            ),
            Shape::Flag { off, .. } => format!("{}: {off}", self.subject),
            Shape::Member { no_longer, .. } => {
                format!("{}: {no_longer} {}", self.subject, self.value)
            }
            Shape::Issue => format!("{}: {} removed", self.subject, self.field),
        }
    }

    fn changed_text(&self, before: &Fact) -> String {
        if let Some(item) = &self.item {
            return format!("{} {} → {}", item.renamed, before.value, self.value);
        }
        format!(
            "{}: {} {} → {}",
            self.subject, self.field, before.value, self.value
        )
    }
}

const SEP: char = '\u{1f}';
const RESOLVED: &str = "resolved";

/// Whether a key lies inside one of the items (a proper prefix is one).
fn within(key: &str, items: &HashSet<&str>) -> bool {
    !items.is_empty()
        && key
            .match_indices(SEP)
            .any(|(i, _)| items.contains(&key[..i]))
}

/// A key from its parts; the nth item with the same id or name gets `#n`.
fn key(parts: &[&str]) -> String {
    let mut k = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            k.push(SEP);
        }
        k.push_str(p);
    }
    k
}

/// Counts occurrences, so that two items with one id keep two keys.
#[derive(Default)]
struct Occurrences(HashMap<String, usize>);

impl Occurrences {
    fn tag(&mut self, base: String) -> String {
        let n = self.0.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 { base } else { format!("{base}#{n}") }
    }
}

/// Builds facts for one plan.
struct Facts<'a> {
    names: Names<'a>,
    out: Vec<Fact>,
    seen: Occurrences,
}

/// Where the facts being added belong.
struct At {
    group: Rc<Group>,
    subject: Rc<str>,
    subject_id: Option<Rc<str>>,
    /// The key of the item the facts belong to.
    item: String,
}

impl Facts<'_> {
    fn item(&mut self, at: &At, name: String, text: ItemText) {
        self.out.push(Fact {
            key: at.item.clone(),
            group: at.group.clone(),
            subject: at.subject.clone(),
            subject_id: at.subject_id.clone(),
            shape: Shape::Field,
            field: String::new(),
            value: name,
            item: Some(Box::new(text)),
        });
    }

    fn push(&mut self, at: &At, part: &str, shape: Shape, field: String, value: String) {
        self.out.push(Fact {
            key: format!("{}{SEP}{part}", at.item),
            group: at.group.clone(),
            subject: at.subject.clone(),
            subject_id: at.subject_id.clone(),
            shape,
            field,
            value,
            item: None,
        });
    }

    fn field(&mut self, at: &At, field: &str, value: String) {
        self.push(at, field, Shape::Field, field.to_owned(), value);
    }

    /// A field listed only away from its default.
    fn setting(&mut self, at: &At, field: &str, default: &'static str, value: Option<String>) {
        if let Some(value) = value {
            self.push(
                at,
                field,
                Shape::Setting { default },
                field.to_owned(),
                value,
            );
        }
    }

    /// A fact listed only when it holds: `field` in the listing, `on` and
    /// `off` in a diff.
    fn flag(&mut self, at: &At, part: &str, field: &str, on_off: (&'static str, &'static str)) {
        let (on, off) = on_off;
        self.push(
            at,
            part,
            Shape::Flag { on, off },
            field.to_owned(),
            String::new(),
        );
    }

    /// A text field, left out when empty.
    fn text(&mut self, at: &At, field: &str, value: &str) {
        if !value.is_empty() {
            self.field(at, field, quoted(value));
        }
    }

    fn party_ref(&mut self, at: &At, field: &str, id: Option<&str>) {
        if let Some(id) = id {
            let name = self.names.party(id).to_owned();
            self.field(at, field, name);
        }
    }
}

/// Every fact of a plan, in listing order.
fn facts(plan: &Plan) -> Vec<Fact> {
    let mut f = Facts {
        names: Names::of(plan),
        out: Vec::with_capacity(plan.assets.len() * 12 + plan.workloads.len() * 24 + 64),
        seen: Occurrences::default(),
    };
    let at = At {
        group: Group::new(PLAN_GROUP, PLAN_GROUP),
        subject: Rc::from("plan"),
        subject_id: None,
        item: "plan".to_owned(),
    };
    f.text(&at, "name", &plan.name);
    if let Some(mbps) = plan.bandwidth_mbps {
        f.field(&at, "bandwidth", format!("{mbps} Mbps"));
    }
    let limits = plan.wave_limits;
    f.setting(
        &at,
        "wave limit (assets)",
        "none",
        limits
            .assets
            .map(|n| crate::words::count(n as usize, "asset")),
    );
    f.setting(
        &at,
        "wave limit (replication hours)",
        "none",
        limits
            .replication_hours
            .map(|h| crate::words::count(h as usize, "hour")),
    );

    let parties = Group::new(PARTIES_GROUP, PARTIES_GROUP);
    for p in &plan.parties {
        let name = name_or_id(&p.name, &p.id);
        let at = At {
            group: parties.clone(),
            subject: Rc::from(name),
            subject_id: Some(Rc::from(p.id.as_str())),
            item: f.seen.tag(key(&["pt", &p.id])),
        };
        let detail = format!("{:?}, {}", p.kind, p.role.label());
        f.item(
            &at,
            name.to_owned(),
            ItemText {
                line: format!("party {name}"),
                added: format!("added party {name} ({detail})"),
                removed: format!("removed party {name}"),
                renamed: "renamed party",
            },
        );
        f.field(&at, "kind", format!("{:?}", p.kind));
        f.field(&at, "role", p.role.label().to_owned());
        f.text(&at, "contact", &p.contact);
    }

    // Assets by workload, in plan order; those of no workload or of a
    // workload not in the plan after the workloads.
    let mut members: HashMap<&str, Vec<&Asset>> = HashMap::new();
    let mut inventory = Vec::new();
    let mut orphans: Vec<&Asset> = Vec::new();
    let workload_ids: HashSet<&str> = plan.workloads.iter().map(|w| w.id.as_str()).collect();
    for a in &plan.assets {
        match a.workload.as_deref() {
            None => inventory.push(a),
            Some(w) if workload_ids.contains(w) => members.entry(w).or_default().push(a),
            Some(_) => orphans.push(a),
        }
    }
    let mut listed: HashSet<&str> = HashSet::new();
    for w in &plan.workloads {
        let name = name_or_id(&w.name, &w.id);
        let group = Group::new(format!("wl{SEP}{}", w.id), name);
        workload_facts(&mut f, w, &group);
        // A duplicate workload id lists its assets once, under the first.
        if listed.insert(&w.id) {
            for a in members.get(w.id.as_str()).into_iter().flatten() {
                asset_facts(&mut f, a, &group, Some(name));
            }
        }
    }
    let group = Group::new(INVENTORY_GROUP, INVENTORY_GROUP);
    for a in inventory {
        asset_facts(&mut f, a, &group, None);
    }
    for a in orphans {
        let id = a.workload.as_deref().unwrap_or_default();
        let group = Group::new(
            format!("wl{SEP}{id}"),
            format!("Workload {id} (not in the plan)"),
        );
        asset_facts(&mut f, a, &group, Some(id));
    }

    let waves = Group::new(WAVES_GROUP, WAVES_GROUP);
    for wave in &plan.waves {
        let at = At {
            group: waves.clone(),
            subject: Rc::from(format!("wave {}", wave.name)),
            subject_id: None,
            item: f.seen.tag(key(&["wave", &wave.name])),
        };
        f.item(
            &at,
            wave.name.clone(),
            ItemText {
                line: format!("wave {}", wave.name),
                added: format!("added wave {}", wave.name),
                removed: format!("removed wave {}", wave.name),
                renamed: "renamed wave",
            },
        );
        if let Some(start) = &wave.start {
            f.field(&at, "start", start.clone());
        }
        if let Some(end) = &wave.end {
            f.field(&at, "end", end.clone());
        }
        f.text(&at, "notes", &wave.notes);
    }

    let log = Group::new(LOG_GROUP, LOG_GROUP);
    for entry in &plan.log {
        log_facts(&mut f, entry, &log);
    }
    f.out
}

fn workload_facts(f: &mut Facts<'_>, w: &Workload, group: &Rc<Group>) {
    let name = name_or_id(&w.name, &w.id);
    let id: Rc<str> = Rc::from(w.id.as_str());
    let at = At {
        group: group.clone(),
        subject: Rc::from(name),
        subject_id: Some(id.clone()),
        item: f.seen.tag(key(&["wl", &w.id])),
    };
    f.item(
        &at,
        name.to_owned(),
        ItemText {
            line: format!("workload {name}"),
            added: format!("added workload {name}"),
            removed: format!("removed workload {name}"),
            renamed: "renamed workload",
        },
    );
    f.text(&at, "description", &w.description);
    f.party_ref(&at, "business owner", w.business_owner.as_deref());
    f.party_ref(&at, "technical owner", w.technical_owner.as_deref());
    f.field(&at, "criticality", w.criticality.label().to_owned());
    f.field(&at, "promotion model", w.promotion_model.label().to_owned());
    f.field(
        &at,
        "remediation timing",
        w.remediation_timing.label().to_owned(),
    );
    f.text(&at, "target", &w.target);
    f.text(&at, "wave", &w.wave);
    if w.wave_pinned {
        f.flag(
            &at,
            "pinned",
            "pinned to its wave",
            ("pinned to its wave", "no longer pinned to its wave"),
        );
    }
    f.setting(
        &at,
        "environment",
        Environment::Unknown.label(),
        (!w.environment.is_unknown()).then(|| w.environment.label().to_owned()),
    );
    f.text(&at, "notes", &w.notes);
    for party in &w.remediation_timing_confirmed_by {
        let value = f.names.party(party).to_owned();
        f.push(
            &at,
            &key(&["confirmed", party]),
            Shape::Member {
                now: "remediation timing now confirmed by",
                no_longer: "remediation timing no longer confirmed by",
            },
            "remediation timing confirmed by".to_owned(),
            value,
        );
    }
    let mut kinds = Occurrences::default();
    for activity in &w.activities {
        let part = kinds.tag(key(&["act", &format!("{:?}", activity.kind)]));
        // The three of the migration are always there; Promotion comes
        // with a decided promotion model, and its coming is a change.
        if activity.kind == ActivityKind::Promotion {
            f.flag(
                &at,
                &key(&["has", &part]),
                "has a Promotion activity",
                ("Promotion activity added", "Promotion activity removed"),
            );
        }
        let sub = At {
            group: group.clone(),
            subject: Rc::from(activity_subject(name, activity.kind)),
            subject_id: Some(id.clone()),
            item: format!("{}{SEP}{part}", at.item),
        };
        for (party, letter) in &activity.raci {
            let field = f.names.party(party).to_owned();
            f.push(
                &sub,
                &key(&["raci", party]),
                Shape::Field,
                field,
                format!("{letter:?}"),
            );
        }
        f.text(&sub, "notes", &activity.notes);
    }
    let mut checks = Occurrences::default();
    for item in &w.checklist {
        let part = checks.tag(key(&["ck", &item.id]));
        let sub = At {
            group: group.clone(),
            subject: Rc::from(format!("{name} › checklist {}", short(&item.text))),
            subject_id: Some(id.clone()),
            item: format!("{}{SEP}{part}", at.item),
        };
        let text = quoted(&item.text);
        f.item(
            &sub,
            text.clone(),
            ItemText {
                line: format!("{name} › checklist: {} {text}", item.phase.label()),
                added: format!("{name} › checklist: new {} item {text}", item.phase.label()),
                removed: format!("{name} › checklist: removed {text}"),
                renamed: "checklist item",
            },
        );
        f.field(&sub, "phase", item.phase.label().to_owned());
        f.party_ref(&sub, "owner", item.owner.as_deref());
        f.field(
            &sub,
            "status",
            if item.done { "done" } else { "open" }.to_owned(),
        );
        f.text(&sub, "note", &item.note);
    }
}

/// `workload`: the name of the asset's workload, for the sentences.
fn asset_facts(f: &mut Facts<'_>, a: &Asset, group: &Rc<Group>, workload: Option<&str>) {
    let name = name_or_id(&a.name, &a.id);
    let at = At {
        group: group.clone(),
        subject: Rc::from(name),
        subject_id: Some(Rc::from(a.id.as_str())),
        item: f.seen.tag(key(&["as", &a.id])),
    };
    let (to, from) = match workload {
        Some(w) => (format!("to {w}"), format!("from {w}")),
        None => (
            "to the inventory".to_owned(),
            "from the inventory".to_owned(),
        ),
    };
    f.item(
        &at,
        name.to_owned(),
        ItemText {
            line: format!("asset {name}"),
            added: format!("added asset {name} {to}"),
            removed: format!("removed asset {name} {from}"),
            renamed: "renamed asset",
        },
    );
    f.field(&at, "kind", a.kind.label().to_owned());
    if let Some(w) = &a.workload {
        let value = f.names.workload(w).to_owned();
        f.field(&at, "workload", value);
    }
    f.field(&at, "strategy", a.strategy.label().to_owned());
    f.field(&at, "assessment", a.assessment.label().to_owned());
    f.field(&at, "remediation", a.remediation.status.label().to_owned());
    let mut issues = Occurrences::default();
    for issue in &a.remediation.issues {
        let part = issues.tag(key(&["issue", &issue.text]));
        f.push(
            &at,
            &part,
            Shape::Issue,
            format!("issue {}", quoted(&issue.text)),
            if issue.resolved { RESOLVED } else { "open" }.to_owned(),
        );
    }
    f.field(&at, "replication", a.replication.status.label().to_owned());
    f.field(
        &at,
        "replication tool",
        a.replication.tool.label().to_owned(),
    );
    f.setting(
        &at,
        "data sync",
        "none",
        a.data_sync.map(|t| t.label().to_owned()),
    );
    f.field(&at, "staging", a.staging.label().to_owned());
    for (kind, party) in &a.owners {
        let value = f.names.party(party).to_owned();
        f.push(
            &at,
            &key(&["owner", &format!("{kind:?}")]),
            Shape::Field,
            format!("{} owner", kind.label()),
            value,
        );
    }
    for dep in &a.depends_on {
        let value = f.names.asset(dep).to_owned();
        f.push(
            &at,
            &key(&["dep", dep]),
            Shape::Member {
                now: "now depends on",
                no_longer: "no longer depends on",
            },
            "depends on".to_owned(),
            value,
        );
    }
    for (fact, value) in &a.source {
        f.push(
            &at,
            &key(&["src", fact]),
            Shape::Field,
            format!("fact {fact}"),
            quoted(value),
        );
    }
    f.text(&at, "notes", &a.notes);
}

fn log_facts(f: &mut Facts<'_>, entry: &LogEntry, group: &Rc<Group>) {
    let text = quoted(&entry.text);
    let kind = entry.kind.label();
    let at = At {
        group: group.clone(),
        subject: Rc::from(format!("log {}", short(&entry.text))),
        subject_id: Some(Rc::from(entry.id.as_str())),
        item: f.seen.tag(key(&["lg", &entry.id])),
    };
    let owner = entry
        .owner
        .as_deref()
        .map(|o| format!(" (owner {})", f.names.party(o)))
        .unwrap_or_default();
    f.item(
        &at,
        text.clone(),
        ItemText {
            line: format!("log: {kind} {text}"),
            added: format!("log: new {kind} {text}{owner}"),
            removed: format!("log: removed {kind} {text}"),
            renamed: "log: text",
        },
    );
    f.field(&at, "kind", kind.to_owned());
    f.party_ref(&at, "owner", entry.owner.as_deref());
    f.field(&at, "status", entry.status.label().to_owned());
    f.text(&at, "date", &entry.date);
    if let Some(due) = &entry.due {
        f.field(&at, "due", due.clone());
    }
    if let Some(about) = &entry.about {
        let value = f.names.any(about).to_owned();
        f.field(&at, "about", value);
    }
}

#[cfg(test)]
#[path = "diff_tests.rs"]
mod tests;
