//! Changes to parties: a field of one party, a new party, the CAF teams
//! the plan lacks, and a party removed with every reference to it.

use super::{Refused, count_of};
use crate::edit::{Edit, Item};
use crate::model::{Asset, IdKind, Party, PartyKind, Plan, Role};

/// One change to a party's fields.
#[derive(Clone, Debug, PartialEq)]
pub enum PartyChange {
    Name(String),
    Kind(PartyKind),
    Role(Role),
    /// An e-mail address or a channel.
    Contact(String),
}

impl PartyChange {
    /// Applies the change to one party; `false` when it changed nothing.
    pub fn apply_to(&self, party: &mut Party) -> bool {
        let before = party.clone();
        match self {
            PartyChange::Name(name) => party.name.clone_from(name),
            PartyChange::Kind(kind) => party.kind = *kind,
            PartyChange::Role(role) => party.role = *role,
            PartyChange::Contact(contact) => party.contact.clone_from(contact),
        }
        *party != before
    }

    /// The undo label of the change to `party` (as it was before), and for
    /// a typed name where the typed text starts in it.
    fn label(&self, party: &Party) -> (String, Option<usize>) {
        let name = &party.name;
        match self {
            PartyChange::Name(new) => {
                let head = format!("Rename party {name} to ");
                (format!("{head}{new}"), Some(head.len()))
            }
            PartyChange::Kind(kind) => (
                format!("Set the kind of {name} to {}", kind_label(*kind)),
                None,
            ),
            PartyChange::Role(role) => {
                (format!("Set the role of {name} to {}", role.label()), None)
            }
            PartyChange::Contact(_) => (format!("Edit the contact of {name}"), None),
        }
    }
}

/// "Team" or "Person".
pub fn kind_label(kind: PartyKind) -> &'static str {
    match kind {
        PartyKind::Team => "Team",
        PartyKind::Person => "Person",
    }
}

/// The edit that changes the party with this id, its label and where a
/// typed name starts in it.
pub(super) fn change_party(
    plan: &Plan,
    id: &str,
    change: &PartyChange,
) -> Result<(Edit, String, Option<usize>), Refused> {
    let party = plan.party(id).ok_or(Refused::Nothing)?;
    let mut changed = party.clone();
    if !change.apply_to(&mut changed) {
        return Err(Refused::Nothing);
    }
    let (label, typed_at) = change.label(party);
    Ok((Edit::Put(Item::Party(changed)), label, typed_at))
}

/// A new team with this id, named after its place in the list.
pub(super) fn new_party(plan: &Plan, id: &str) -> Result<(Edit, String), Refused> {
    if plan.party(id).is_some() {
        return Err(Refused::Nothing);
    }
    let party = Party {
        id: id.to_owned(),
        ..Party::new(
            format!("Party {}", plan.parties.len() + 1),
            PartyKind::Team,
            Role::Other,
        )
    };
    let label = format!("Add party {}", party.name);
    Ok((Edit::Put(Item::Party(party)), label))
}

/// The CAF teams the plan does not have yet (by role or name).
pub fn missing_caf_teams(plan: &Plan) -> Vec<Party> {
    Role::CAF_TEAMS
        .iter()
        .filter(|(role, name)| {
            !plan
                .parties
                .iter()
                .any(|p| p.role == *role || p.name == *name)
        })
        .map(|(role, name)| Party::new(*name, PartyKind::Team, *role))
        .collect()
}

/// The CAF teams the plan lacks, added as one step.
pub(super) fn add_caf_teams(plan: &Plan) -> Result<(Edit, String), Refused> {
    let missing = missing_caf_teams(plan);
    let label = match missing.len() {
        0 => return Err(Refused::Nothing),
        7 => "Add the CAF teams".to_owned(),
        n => format!("Add the CAF teams the plan lacks ({})", count_of(n, "team")),
    };
    let edits = missing
        .into_iter()
        .map(|p| Edit::Put(Item::Party(p)))
        .collect();
    Ok((Edit::Batch(edits), label))
}

/// Where a party is assigned, in words, so the user can be asked before it
/// is removed. Empty when the party is not referenced anywhere.
pub fn party_usage(plan: &Plan, party_id: &str) -> Vec<String> {
    let mut uses = Vec::new();
    for w in &plan.workloads {
        if w.business_owner.as_deref() == Some(party_id) {
            uses.push(format!("business owner of {}", w.name));
        }
        if w.technical_owner.as_deref() == Some(party_id) {
            uses.push(format!("technical owner of {}", w.name));
        }
        for a in &w.activities {
            if let Some(letter) = a.raci.get(party_id) {
                uses.push(format!(
                    "{} in {}, {}",
                    letter.letter(),
                    w.name,
                    a.kind.label()
                ));
            }
        }
    }
    for a in &plan.assets {
        for kind in a
            .owners
            .iter()
            .filter(|(_, p)| *p == party_id)
            .map(|(k, _)| k)
        {
            uses.push(format!("{} owner of {}", kind.label(), a.name));
        }
    }
    for l in &plan.log {
        if l.owner.as_deref() == Some(party_id) {
            uses.push(format!("owner of log entry \"{}\"", l.text));
        }
    }
    uses
}

/// Removes a party and every reference to it, as one step.
pub(super) fn remove_party(plan: &Plan, party_id: &str) -> Result<(Edit, String), Refused> {
    let party = plan.party(party_id).ok_or(Refused::Nothing)?;
    let mut edits = Vec::new();
    for w in &plan.workloads {
        let mut changed = w.clone();
        for owner in [&mut changed.business_owner, &mut changed.technical_owner] {
            if owner.as_deref() == Some(party_id) {
                *owner = None;
            }
        }
        for a in &mut changed.activities {
            a.raci.remove(party_id);
        }
        // Format 2: the team check and checklist owners name parties too.
        changed
            .remediation_timing_confirmed_by
            .retain(|p| p != party_id);
        for item in &mut changed.checklist {
            if item.owner.as_deref() == Some(party_id) {
                item.owner = None;
            }
        }
        if changed != *w {
            edits.push(Edit::Put(Item::Workload(changed)));
        }
    }
    for a in &plan.assets {
        if a.owners.values().any(|p| p == party_id) {
            let mut changed = Asset::clone(a);
            changed.owners.retain(|_, p| p != party_id);
            edits.push(Edit::Put(Item::Asset(changed.into())));
        }
    }
    for l in &plan.log {
        if l.owner.as_deref() == Some(party_id) || l.about.as_deref() == Some(party_id) {
            let mut changed = l.clone();
            if changed.owner.as_deref() == Some(party_id) {
                changed.owner = None;
            }
            if changed.about.as_deref() == Some(party_id) {
                changed.about = None;
            }
            edits.push(Edit::Put(Item::Log(changed)));
        }
    }
    let label = match edits.len() {
        0 => format!("Remove party {}", party.name),
        n => format!(
            "Remove party {} and its {}",
            party.name,
            count_of(n, "assignment")
        ),
    };
    edits.push(Edit::Remove(IdKind::Party, party_id.to_owned()));
    Ok((Edit::Batch(edits), label))
}
