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
    options: &Options,
) {
    let (today, decided) = (options.today.as_str(), &options.decisions);
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
            "{MERGE_CONFLICT_QUESTION}{}, {}: {} {}, {} {}; {} kept ({}). Which is right?",
            c.subject,
            c.field,
            options.ours_name,
            c.ours,
            options.theirs_name,
            c.theirs,
            options.side_name(c.kept),
            kept
        );
        let id = mint(&text);
        c.question_id = Some(id.clone());
        let about = c.subject_id.clone().filter(|s| present.has(s, Target::Any));
        entries.push(question(id, text, about, today));
    }
    for p in problems {
        let text = format!(
            "{MERGE_PROBLEM_QUESTION}{} [{}]; neither copy had this. How do we fix it?",
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

/// How many items and plan fields `side` changed (added, removed or
/// edited since `base`) whose change is in the merged plan: a change the
/// merge dropped for the other side's (a conflict kept the other way) is
/// not counted. Without a base (`None`), what `side` has that `other` has
/// not, or has otherwise, counts as its change.
pub(super) fn count_changes(
    base: Option<&Plan>,
    side: &Plan,
    other: &Plan,
    merged: &Plan,
) -> usize {
    fn items<T: PartialEq>(
        b: Option<&[T]>,
        s: &[T],
        o: &[T],
        m: &[T],
        id: impl Fn(&T) -> &str,
    ) -> usize {
        fn by<'a, T>(list: &'a [T], id: &impl Fn(&T) -> &str) -> HashMap<&'a str, &'a T> {
            list.iter().map(|x| (id(x), x)).collect()
        }
        let (s_by, o_by, m_by) = (by(s, &id), by(o, &id), by(m, &id));
        let b_by = b.map(|b| by(b, &id));
        let mut keys: Vec<&str> = s.iter().map(&id).collect();
        if let Some(b) = b {
            keys.extend(b.iter().map(&id).filter(|k| !s_by.contains_key(k)));
        }
        keys.sort_unstable();
        keys.dedup();
        keys.into_iter()
            .filter(|k| {
                counted(
                    b_by.as_ref().map(|b| b.get(k).copied()),
                    s_by.get(k).copied(),
                    o_by.get(k).copied(),
                    m_by.get(k).copied(),
                )
            })
            .count()
    }
    let field = |f: &dyn Fn(&Plan) -> String| {
        let (s, o, m) = (f(side), f(other), f(merged));
        let b = base.map(|b| Some(f(b)));
        usize::from(counted(
            b.as_ref().map(Option::as_ref),
            Some(&s),
            Some(&o),
            Some(&m),
        ))
    };
    field(&|p| p.name.clone())
        + field(&|p| format!("{:?}", p.bandwidth_mbps))
        + items(
            base.map(|p| p.parties.as_slice()),
            &side.parties,
            &other.parties,
            &merged.parties,
            |x| &x.id,
        )
        + items(
            base.map(|p| p.workloads.as_slice()),
            &side.workloads,
            &other.workloads,
            &merged.workloads,
            |x| &x.id,
        )
        + items(
            base.map(|p| p.assets.as_slice()),
            &side.assets,
            &other.assets,
            &merged.assets,
            |x| &x.id,
        )
        + items(
            base.map(|p| p.log.as_slice()),
            &side.log,
            &other.log,
            &merged.log,
            |x| &x.id,
        )
        + items(
            base.map(|p| p.waves.as_slice()),
            &side.waves,
            &other.waves,
            &merged.waves,
            |x| &x.name,
        )
}

/// Whether one item's (or field's) change by a side is in the merged
/// plan. `base`: `None` when there is no base, `Some(None)` when the item
/// was not in it; `None` values elsewhere: the item is not there.
fn counted<T: PartialEq>(
    base: Option<Option<&T>>,
    side: Option<&T>,
    other: Option<&T>,
    merged: Option<&T>,
) -> bool {
    let changed = match base {
        Some(b) => side != b,
        None => side != other,
    };
    changed
        && base.is_none_or(|b| merged != b)
        && (merged == side || (merged.is_some() && merged != other))
}
