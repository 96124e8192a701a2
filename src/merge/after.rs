//! After a merge: the problems it made that neither side had, each asked
//! as a question in the log, and how many of each side's changes it kept.

use super::*;

// ---------------------------------------------------------------- after

/// Errors of the merged plan that neither side has. An error is known by
/// its code and subject, not its wording: a cycle one side had is the same
/// error after the other side renamed one of its assets.
pub(super) fn new_problems(plan: &Plan, ours: &Plan, theirs: &Plan) -> Vec<Problem> {
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
pub(super) fn ask(
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

pub(super) fn question(id: String, text: String, about: Option<String>, today: &str) -> LogEntry {
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
pub(super) fn fnv(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// How many items and plan fields `side` changed that the merged plan
/// changed too.
pub(super) fn count_changes(base: &Plan, side: &Plan, merged: &Plan) -> usize {
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
