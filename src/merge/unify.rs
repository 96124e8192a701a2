//! Items both sides added under one name (a party, workload or asset
//! created in both copies): theirs takes ours' id, so the merge sees one
//! item changed twice rather than two items.

use std::collections::{HashMap, HashSet};

use crate::model::Plan;

/// Theirs with the parties, workloads and assets that both sides added
/// under one name given ours' ids; `None` when there are none.
pub(super) fn unify(base: &Plan, ours: &Plan, theirs: &Plan) -> Option<Plan> {
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
