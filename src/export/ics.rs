//! The plan's dates as an iCalendar file (RFC 5545) that Outlook, Google
//! Calendar, Apple Calendar and Thunderbird import: an all-day event per
//! wave with dates, and a to-do per open log entry with a due date and per
//! open promotion checklist item of a workload whose wave has an end date
//! (a checklist item has no date of its own: it is due when its wave ends).
//!
//! The `icalendar` crate writes the format (CRLF line ends, lines folded
//! at 75 octets, text escaped); this module decides what goes in. Text is
//! cleaned of control characters first, since the crate passes a bare CR
//! through. UIDs come from the ids (a wave's from the plan's and the
//! wave's names: waves have no id), so importing the file again updates
//! the entries instead of adding them twice; `DTSTAMP` is the report's
//! date, so the same plan on the same day gives the same bytes.

use std::collections::HashSet;

use chrono::{Days, NaiveDate, NaiveTime};
use icalendar::{Calendar, Component as _, Event, EventLike as _, Property, Todo, TodoStatus};

use super::model::{name_of, names_by_id};
use super::timeline::parse_date;
use crate::model::{LogStatus, Plan};

/// Longest summary written: calendars show one line of it anyway.
const SUMMARY_CHARS: usize = 200;

/// Text as iCalendar may carry it: line breaks as `\n` (the crate escapes
/// them), every other control character a space.
fn clean(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// One line of text, shortened with "…".
fn one_line(text: &str) -> String {
    let line = clean(text).replace(['\n', '\t'], " ");
    if line.chars().count() <= SUMMARY_CHARS {
        return line;
    }
    let mut short: String = line.chars().take(SUMMARY_CHARS - 1).collect();
    short.push('…');
    short
}

/// FNV-1a over the parts, each ended by a NUL: stable across runs and
/// builds.
fn stable_hash(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain([0]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// Unique UIDs: a second item with the same id (a damaged plan) gets a
/// numbered one rather than replacing the first in the calendar.
struct Uids(HashSet<String>);

impl Uids {
    /// `{local}@ferry`, numbered when taken already.
    fn take(&mut self, local: String) -> String {
        let mut uid = format!("{local}@ferry");
        let mut n = 2;
        while !self.0.insert(uid.clone()) {
            uid = format!("{local}-{n}@ferry");
            n += 1;
        }
        uid
    }
}

/// The UID's local part for an item with an id; items without one
/// (hand-written files) get one from their text.
fn item_uid(id: &str, plan: &str, text: &str) -> String {
    let id = id.trim();
    if id.is_empty()
        || id
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '@')
    {
        format!("item-{:016x}", stable_hash(&[plan, text]))
    } else {
        id.to_owned()
    }
}

/// The calendar of the plan; `date` (`YYYY-MM-DD`) is the moment it was
/// made (`DTSTAMP`).
pub fn calendar(plan: &Plan, date: &str) -> String {
    let stamp = parse_date(date)
        .unwrap_or_default()
        .and_time(NaiveTime::MIN)
        .and_utc();
    let plan_name = one_line(&plan.name);
    let parties = names_by_id(&plan.parties, |p| &p.id, |p| &p.name);
    let workloads = names_by_id(&plan.workloads, |w| &w.id, |w| &w.name);
    // Asset names only for entries about an asset: most plans' are not.
    let assets = if plan.log.iter().any(|l| l.about.is_some()) {
        names_by_id(&plan.assets, |a| &a.id, |a| &a.name)
    } else {
        std::collections::HashMap::new()
    };
    let mut uids = Uids(HashSet::new());

    let mut calendar = Calendar::empty();
    calendar.append_property(Property::new("VERSION", "2.0"));
    calendar.append_property(Property::new(
        "PRODID",
        format!("-//Ferry//Ferry {}//EN", env!("CARGO_PKG_VERSION")),
    ));
    calendar.append_property(Property::new("CALSCALE", "GREGORIAN"));
    calendar.append_property(Property::new("METHOD", "PUBLISH"));
    if !plan_name.is_empty() {
        calendar.append_property(Property::new("X-WR-CALNAME", plan_name.as_str()));
    }

    let groups = crate::derive::waves::groups(plan);
    let mut wave_end: Vec<Option<NaiveDate>> = vec![None; plan.waves.len()];
    for (i, wave) in plan.waves.iter().enumerate() {
        if crate::derive::waves::check_dates(wave.start.as_deref(), wave.end.as_deref()).is_err() {
            continue;
        }
        let start = wave.start.as_deref().and_then(parse_date);
        let end = wave.end.as_deref().and_then(parse_date);
        wave_end[i] = end;
        let name = one_line(&wave.name);
        let (first, last, summary) = match (start, end) {
            (Some(s), Some(e)) => (s, e, format!("{plan_name}: {name}")),
            (Some(s), None) => (s, s, format!("{plan_name}: {name} starts")),
            (None, Some(e)) => (e, e, format!("{plan_name}: {name} ends")),
            (None, None) => continue,
        };
        let members: Vec<&str> = groups
            .iter()
            .find(|g| g.wave == Some(i))
            .map(|g| {
                g.workloads
                    .iter()
                    .filter_map(|&w| plan.workloads.get(w))
                    .map(|w| w.name.as_str())
                    .collect()
            })
            .unwrap_or_default();
        let mut description = format!("Migration wave of {}.", clean(&plan.name));
        if members.is_empty() {
            description.push_str("\nNo workloads yet.");
        } else {
            description.push_str(&format!("\nWorkloads: {}.", members.join(", ")));
        }
        if !wave.notes.trim().is_empty() {
            description.push_str("\n\n");
            description.push_str(&wave.notes);
        }
        let uid = uids.take(format!(
            "wave-{:016x}",
            stable_hash(&[plan.name.trim(), wave.name.trim()])
        ));
        let event = Event::new()
            .uid(&uid)
            .timestamp(stamp)
            .summary(one_line(&summary).trim_start_matches(": "))
            .description(&clean(&description))
            .starts(first)
            // An all-day event ends on the day after its last day.
            .ends(last + Days::new(1))
            .append_property(Property::new("TRANSP", "TRANSPARENT"))
            .categories(["Migration wave"])
            .done();
        calendar.push(event);
    }

    for entry in &plan.log {
        if entry.status != LogStatus::Open {
            continue;
        }
        let Some(due) = entry.due.as_deref().and_then(parse_date) else {
            continue;
        };
        let mut description = clean(&entry.text);
        if let Some(owner) = entry.owner.as_deref() {
            description.push_str(&format!("\n\nOwner: {}", name_of(&parties, owner)));
        }
        if let Some(about) = entry.about.as_deref() {
            let name = [&workloads, &assets, &parties]
                .iter()
                .find_map(|names| names.get(about).copied())
                .unwrap_or(about);
            description.push_str(&format!("\nAbout: {name}"));
        }
        if !entry.date.trim().is_empty() {
            description.push_str(&format!("\nRaised: {}", entry.date.trim()));
        }
        description.push_str(&format!("\nPlan: {}", clean(&plan.name)));
        let uid = uids.take(item_uid(&entry.id, &plan.name, &entry.text));
        let todo = Todo::new()
            .uid(&uid)
            .timestamp(stamp)
            .summary(&one_line(&format!(
                "{}: {}",
                entry.kind.label(),
                entry.text
            )))
            .description(&clean(&description))
            .due(due)
            .status(TodoStatus::NeedsAction)
            .categories([entry.kind.label()])
            .done();
        calendar.push(todo);
    }

    for group in &groups {
        let Some(due) = group.wave.and_then(|w| wave_end.get(w).copied().flatten()) else {
            continue;
        };
        for workload in group
            .workloads
            .iter()
            .filter_map(|&w| plan.workloads.get(w))
        {
            for item in workload.checklist.iter().filter(|i| !i.done) {
                let mut description = format!(
                    "Promotion checklist of {}, {}.",
                    clean(&workload.name),
                    item.phase.label()
                );
                if let Some(owner) = item.owner.as_deref() {
                    description.push_str(&format!("\nOwner: {}", name_of(&parties, owner)));
                }
                description.push_str(&format!(
                    "\nDue when {} ends.\nPlan: {}",
                    clean(&group.name),
                    clean(&plan.name)
                ));
                if !item.note.trim().is_empty() {
                    description.push_str("\n\n");
                    description.push_str(&item.note);
                }
                let uid = uids.take(item_uid(&item.id, &plan.name, &item.text));
                let todo = Todo::new()
                    .uid(&uid)
                    .timestamp(stamp)
                    .summary(&one_line(&format!("{}: {}", workload.name, item.text)))
                    .description(&clean(&description))
                    .due(due)
                    .status(TodoStatus::NeedsAction)
                    .categories(["Promotion checklist"])
                    .done();
                calendar.push(todo);
            }
        }
    }
    calendar.done().to_string()
}

#[cfg(test)]
#[path = "ics_tests.rs"]
mod tests;
