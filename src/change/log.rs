//! Changes to the log: a new entry (a decision, risk, action or question
//! raised in a workshop), a field of one entry, an entry removed.

use super::Refused;
use crate::edit::{Edit, Item};
use crate::model::{IdKind, LogEntry, LogKind, LogStatus, Plan, date_error};

/// A log entry to add, as the quick log or the log page fill it in.
#[derive(Clone, Debug, PartialEq)]
pub struct NewLogEntry {
    /// The new entry's id (minted with the change, so preparing it twice
    /// gives the same entry).
    pub id: String,
    pub kind: LogKind,
    pub text: String,
    /// The party who owns it.
    pub owner: Option<String>,
    /// The workload, asset or party it is about (`None`: the plan).
    pub about: Option<String>,
    /// `YYYY-MM-DD`, or empty for none.
    pub due: String,
    /// The day it was raised, `YYYY-MM-DD`.
    pub date: String,
}

impl NewLogEntry {
    /// An empty entry of this kind raised today, about `about`.
    pub fn new(kind: LogKind, about: Option<String>) -> Self {
        NewLogEntry {
            id: crate::model::new_id(IdKind::Log),
            kind,
            text: String::new(),
            owner: None,
            about,
            due: String::new(),
            date: crate::model::today(),
        }
    }

    /// Why the entry cannot be logged as it is filled in, to follow "Not
    /// added yet:"; `None` when it can. An entry logged from a form says
    /// something; one added to the log page to fill in there may start
    /// empty ([`NewLogEntry::due_problem`] alone holds for it).
    pub fn problem(&self) -> Option<String> {
        if self.text.trim().is_empty() {
            return Some("it says nothing yet".to_owned());
        }
        self.due_problem()
    }

    /// Why the due date is not one; `None` when it is, or is empty.
    pub fn due_problem(&self) -> Option<String> {
        let due = self.due.trim();
        if due.is_empty() {
            return None;
        }
        date_error("due date", due)
    }
}

/// One change to a log entry's fields. A date or due date that is not a
/// day of the calendar is refused with why (the one date check,
/// [`crate::model::date_error`]); one written by hand in a file is listed
/// among the problems (`log-date-invalid`) until it is put right.
#[derive(Clone, Debug, PartialEq)]
pub enum LogChange {
    Kind(LogKind),
    Text(String),
    Owner(Option<String>),
    Status(LogStatus),
    About(Option<String>),
    /// `YYYY-MM-DD`; empty for none.
    Due(String),
    Date(String),
}

impl LogChange {
    /// Applies the change to one entry; `false` when it changed nothing.
    pub fn apply_to(&self, entry: &mut LogEntry) -> bool {
        let before = entry.clone();
        match self {
            LogChange::Kind(kind) => entry.kind = *kind,
            LogChange::Text(text) => entry.text.clone_from(text),
            LogChange::Owner(owner) => entry.owner.clone_from(owner),
            LogChange::Status(status) => entry.status = *status,
            LogChange::About(about) => entry.about.clone_from(about),
            LogChange::Due(due) => {
                entry.due = Some(due.trim().to_owned()).filter(|d| !d.is_empty());
            }
            LogChange::Date(date) => entry.date = date.trim().to_owned(),
        }
        *entry != before
    }

    fn label(&self, plan: &Plan, entry: &LogEntry) -> String {
        let what = match short(&entry.text) {
            text if text.is_empty() => format!("the new {}", entry.kind.label().to_lowercase()),
            text => format!("log entry “{text}”"),
        };
        match self {
            LogChange::Kind(kind) => format!("Make {what} a {}", kind.label().to_lowercase()),
            LogChange::Text(_) => format!("Edit the text of {what}"),
            LogChange::Owner(Some(party)) => {
                format!("Set the owner of {what} to {}", plan.party_name(party))
            }
            LogChange::Owner(None) => format!("Clear the owner of {what}"),
            LogChange::Status(LogStatus::Done) => format!("Mark {what} done"),
            LogChange::Status(LogStatus::Open) => format!("Mark {what} open"),
            LogChange::About(_) => format!("Change what {what} is about"),
            LogChange::Due(due) if due.trim().is_empty() => {
                format!("Clear the due date of {what}")
            }
            LogChange::Due(_) => format!("Change the due date of {what}"),
            LogChange::Date(_) => format!("Change the date of {what}"),
        }
    }
}

/// A log entry's text for a label: the first few words.
fn short(text: &str) -> String {
    const WORDS: usize = 6;
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > WORDS {
        format!("{}…", words[..WORDS].join(" "))
    } else {
        words.join(" ")
    }
}

pub(super) fn change_log(
    plan: &Plan,
    id: &str,
    change: &LogChange,
) -> Result<(Edit, String), Refused> {
    let entry = plan
        .log
        .iter()
        .find(|l| l.id == id)
        .ok_or(Refused::Nothing)?;
    let typed_date = match change {
        LogChange::Due(due) => Some(("due date", due)),
        LogChange::Date(date) => Some(("date", date)),
        _ => None,
    };
    if let Some((what, text)) = typed_date
        && let Some(why) = Some(text.trim())
            .filter(|t| !t.is_empty())
            .and_then(|t| date_error(what, t))
    {
        return Err(Refused::Invalid(why));
    }
    let mut changed = entry.clone();
    if !change.apply_to(&mut changed) {
        return Err(Refused::Nothing);
    }
    // Text being typed is named as it now reads, not as it read one
    // keystroke before.
    let named = match change {
        LogChange::Text(text) if !text.trim().is_empty() => &changed,
        _ => entry,
    };
    let label = change.label(plan, named);
    Ok((Edit::Put(Item::Log(changed.clone())), label))
}

/// Adds the entry, or says why it cannot be added.
pub(super) fn new_log_entry(plan: &Plan, new: &NewLogEntry) -> Result<(Edit, String), Refused> {
    if let Some(why) = new.due_problem() {
        return Err(Refused::Invalid(why));
    }
    if plan.log.iter().any(|l| l.id == new.id) {
        return Err(Refused::Nothing);
    }
    let entry = LogEntry {
        id: new.id.clone(),
        kind: new.kind,
        text: new.text.trim().to_owned(),
        owner: new.owner.clone(),
        date: new.date.clone(),
        about: new.about.clone(),
        due: Some(new.due.trim().to_owned()).filter(|d| !d.is_empty()),
        ..LogEntry::default()
    };
    let kind = new.kind.label().to_lowercase();
    let verb = if entry.text.is_empty() { "Add" } else { "Log" };
    let label = format!("{verb} {} {kind}", super::article(&kind));
    Ok((Edit::Put(Item::Log(entry)), label))
}

pub(super) fn remove_log_entry(plan: &Plan, id: &str) -> Result<(Edit, String), Refused> {
    let entry = plan
        .log
        .iter()
        .find(|l| l.id == id)
        .ok_or(Refused::Nothing)?;
    let label = match short(&entry.text) {
        text if text.is_empty() => format!("Remove an empty {}", entry.kind.label().to_lowercase()),
        text => format!("Remove log entry “{text}”"),
    };
    Ok((Edit::Remove(IdKind::Log, id.to_owned()), label))
}
