//! "Suggest workloads": the assets still in the inventory, grouped by their
//! dependency links into the workloads they probably form. Shared
//! infrastructure (a domain controller, a file server, a monitoring host:
//! assets many others depend on) is left out of the grouping, so it does
//! not glue the whole estate into one group.

use std::collections::{BTreeMap, HashMap};

use crate::model::Plan;

/// One proposed workload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// From the members' most common application, else their names'
    /// common prefix.
    pub name: String,
    /// Asset ids, in plan order.
    pub members: Vec<String>,
    /// Dependency links inside the group.
    pub links: usize,
}

/// An asset left out as shared infrastructure, with how many assets
/// depend on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedAsset {
    pub id: String,
    pub name: String,
    pub used_by: usize,
}

/// The suggestions for a plan.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Suggestions {
    pub groups: Vec<Suggestion>,
    pub shared: Vec<SharedAsset>,
}

/// How many assets must depend on an asset for it to count as shared
/// infrastructure: at least 5, or a tenth of the assets considered.
pub fn shared_threshold(considered: usize) -> usize {
    (considered / 10).max(5)
}

/// Groups the unassigned, in-scope assets by their dependency links
/// (connected components), leaving out shared infrastructure; groups of
/// one are not suggested. Largest groups first.
pub fn suggest(plan: &Plan) -> Suggestions {
    let considered: Vec<usize> = plan
        .assets
        .iter()
        .enumerate()
        .filter(|(_, a)| a.workload.is_none() && !crate::derive::out_of_scope(a))
        .map(|(i, _)| i)
        .collect();
    let slot: HashMap<&str, usize> = considered
        .iter()
        .enumerate()
        .map(|(k, &i)| (plan.assets[i].id.as_str(), k))
        .collect();
    // Links among the considered assets, and who is depended on by many
    // (counted over the whole plan: a server every workload uses is shared
    // even when most of its users already have a workload).
    let all: HashMap<&str, usize> = plan
        .assets
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let mut used_by = vec![0usize; plan.assets.len()];
    for asset in &plan.assets {
        let mut deps: Vec<usize> = asset
            .depends_on
            .iter()
            .filter_map(|d| all.get(d.as_str()).copied())
            .collect();
        deps.sort_unstable();
        deps.dedup();
        for j in deps {
            used_by[j] += 1;
        }
    }
    let threshold = shared_threshold(considered.len());
    let shared: Vec<bool> = considered
        .iter()
        .map(|&i| used_by[i] >= threshold)
        .collect();
    let mut parent: Vec<usize> = (0..considered.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut edges = Vec::new();
    for (k, &i) in considered.iter().enumerate() {
        if shared[k] {
            continue;
        }
        for dep in &plan.assets[i].depends_on {
            let Some(&m) = slot.get(dep.as_str()) else {
                continue;
            };
            if shared[m] || m == k {
                continue;
            }
            edges.push((k, m));
            let (a, b) = (root(&mut parent, k), root(&mut parent, m));
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, is_shared) in shared.iter().enumerate() {
        if !is_shared {
            let r = root(&mut parent, k);
            groups.entry(r).or_default().push(k);
        }
    }
    let mut link_count: HashMap<usize, usize> = HashMap::new();
    for (k, _) in edges {
        *link_count.entry(root(&mut parent, k)).or_default() += 1;
    }
    let mut out: Vec<Suggestion> = groups
        .into_iter()
        .filter(|(_, members)| members.len() > 1)
        .map(|(r, members)| {
            let indices: Vec<usize> = members.iter().map(|&k| considered[k]).collect();
            Suggestion {
                name: group_name(plan, &indices),
                members: indices.iter().map(|&i| plan.assets[i].id.clone()).collect(),
                links: link_count.get(&r).copied().unwrap_or_default(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.members
            .len()
            .cmp(&a.members.len())
            .then(a.name.cmp(&b.name))
    });
    let mut shared_assets: Vec<SharedAsset> = considered
        .iter()
        .zip(&shared)
        .filter(|(_, s)| **s)
        .map(|(&i, _)| SharedAsset {
            id: plan.assets[i].id.clone(),
            name: plan.assets[i].name.clone(),
            used_by: used_by[i],
        })
        .collect();
    shared_assets.sort_by(|a, b| b.used_by.cmp(&a.used_by).then(a.name.cmp(&b.name)));
    Suggestions {
        groups: out,
        shared: shared_assets,
    }
}

/// A name for a group: its most common `application` fact, else the
/// common prefix of its members' names ("erp-web-01", "erp-db-01" → "erp"),
/// else the most common first word of the names.
fn group_name(plan: &Plan, members: &[usize]) -> String {
    let mut apps: BTreeMap<&str, usize> = BTreeMap::new();
    for &i in members {
        if let Some(app) = plan.assets[i].source.get("application")
            && !app.trim().is_empty()
        {
            *apps.entry(app.trim()).or_default() += 1;
        }
    }
    if let Some((app, _)) = apps
        .iter()
        .max_by_key(|(name, n)| (**n, std::cmp::Reverse(**name)))
    {
        return (*app).to_owned();
    }
    let names: Vec<&str> = members
        .iter()
        .map(|&i| plan.assets[i].name.as_str())
        .collect();
    let prefix = common_prefix(&names);
    let trimmed = prefix.trim_end_matches(|c: char| !c.is_alphanumeric());
    let trimmed = trimmed.trim_end_matches(|c: char| c.is_ascii_digit());
    let trimmed = trimmed.trim_end_matches(|c: char| !c.is_alphanumeric());
    if trimmed.chars().count() >= 2 {
        return trimmed.to_owned();
    }
    let mut words: BTreeMap<String, usize> = BTreeMap::new();
    for name in &names {
        if let Some(word) = name
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
        {
            *words.entry(word.to_lowercase()).or_default() += 1;
        }
    }
    words
        .into_iter()
        .max_by_key(|(w, n)| (*n, std::cmp::Reverse(w.clone())))
        .map_or_else(|| "New workload".to_owned(), |(w, _)| w)
}

fn common_prefix(names: &[&str]) -> String {
    let Some(first) = names.first() else {
        return String::new();
    };
    let mut prefix: Vec<char> = first.to_lowercase().chars().collect();
    for name in &names[1..] {
        let other: Vec<char> = name.to_lowercase().chars().collect();
        let same = prefix
            .iter()
            .zip(&other)
            .take_while(|(a, b)| a == b)
            .count();
        prefix.truncate(same);
    }
    prefix.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Asset, Strategy};

    fn asset(name: &str, deps: &[&str]) -> Asset {
        Asset {
            id: format!("as-{name}"),
            name: name.to_owned(),
            depends_on: deps.iter().map(|d| format!("as-{d}")).collect(),
            ..Asset::default()
        }
    }

    /// Two applications and ten other servers, all of which use one
    /// domain controller.
    fn estate() -> Plan {
        let mut plan = Plan::named("estate");
        plan.assets.push(std::sync::Arc::new(asset("dc-01", &[])));
        for (name, deps) in [
            ("erp-web-01", &["erp-app-01", "dc-01"][..]),
            ("erp-web-02", &["erp-app-01", "dc-01"]),
            ("erp-app-01", &["erp-db-01", "dc-01"]),
            ("erp-db-01", &["dc-01"]),
            ("hr-web-01", &["hr-db-01", "dc-01"]),
            ("hr-db-01", &["dc-01"]),
        ] {
            plan.assets.push(std::sync::Arc::new(asset(name, deps)));
        }
        for i in 0..10 {
            plan.assets.push(std::sync::Arc::new(asset(
                &format!("misc-{i:02}"),
                &["dc-01"],
            )));
        }
        plan
    }

    #[test]
    fn a_shared_domain_controller_does_not_glue_everything_together() {
        let plan = estate();
        let s = suggest(&plan);
        assert_eq!(s.shared.len(), 1);
        assert_eq!(s.shared[0].name, "dc-01");
        assert_eq!(s.shared[0].used_by, 16);
        let names: Vec<&str> = s.groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["erp", "hr"], "two groups, largest first");
        assert_eq!(s.groups[0].members.len(), 4);
        assert_eq!(s.groups[0].links, 3);
        assert_eq!(s.groups[1].members, ["as-hr-web-01", "as-hr-db-01"]);
    }

    #[test]
    fn assigned_and_out_of_scope_assets_are_not_suggested() {
        let mut plan = estate();
        std::sync::Arc::make_mut(&mut plan.assets[5]).strategy = Strategy::Retire; // hr-web-01
        let s = suggest(&plan);
        assert!(
            s.groups.iter().all(|g| g.name != "hr"),
            "hr-db-01 alone is no group"
        );
        std::sync::Arc::make_mut(&mut plan.assets[1]).workload = Some("wl-x".into());
        std::sync::Arc::make_mut(&mut plan.assets[2]).workload = Some("wl-x".into());
        let s = suggest(&plan);
        assert_eq!(s.groups[0].members, ["as-erp-app-01", "as-erp-db-01"]);
    }

    #[test]
    fn the_application_name_wins_over_the_prefix() {
        let mut plan = estate();
        for i in 1..=4 {
            std::sync::Arc::make_mut(&mut plan.assets[i])
                .source
                .insert("application", "SAP ERP");
        }
        assert_eq!(suggest(&plan).groups[0].name, "SAP ERP");
    }

    #[test]
    fn accepting_is_one_step() {
        let mut plan = estate();
        let s = suggest(&plan);
        let accepted: Vec<(String, Vec<String>)> = s
            .groups
            .iter()
            .map(|g| (g.name.clone(), g.members.clone()))
            .collect();
        let change = crate::change::Change::NewWorkloads(accepted);
        let prepared = crate::change::prepare(&plan, &change).expect("a change");
        assert_eq!(prepared.label, "Create 2 suggested workloads with 6 assets");
        let mut history = crate::edit::History::default();
        let original = plan.clone();
        history
            .apply(&mut plan, prepared.edit, prepared.label, None)
            .expect("applies");
        assert_eq!(plan.workloads.len(), 2);
        assert_eq!(
            plan.assets.iter().filter(|a| a.workload.is_some()).count(),
            6
        );
        history.undo(&mut plan);
        assert_eq!(plan, original);
    }
}
