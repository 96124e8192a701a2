//! The asset table's rows, kept between keystrokes and clicks, against a
//! plain reading of the rules done from scratch every time: same rows, same
//! order, same groups, whatever the user types, sorts, groups or edits.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::order::{FactKey, by_text, fact_order, lower, order_by_assets, order_by_values};
use super::*;
use crate::derive::derive;
use crate::model::{RemediationStatus, ReplicationStatus, Staging, Workload};

/// A line of the table, owned, to compare.
#[derive(Clone, Debug, PartialEq)]
enum Line {
    Group {
        key: String,
        count: usize,
        rows: Range<usize>,
    },
    Asset(usize),
}

/// The table as the cached rows give it: its rows and its lines.
fn shown(rows: &Rows) -> (Vec<usize>, Vec<Line>) {
    let lines = (0..rows.len())
        .map(|p| match rows.entry(p).expect("a line") {
            Entry::Group { key, count, rows } => Line::Group {
                key: key.to_owned(),
                count,
                rows,
            },
            Entry::Asset(i) => Line::Asset(i),
        })
        .collect();
    (rows.rows().to_vec(), lines)
}

// The plain reading: every asset filtered, sorted and grouped from scratch.

fn plain_filter(plan: &Plan, derived: &Derived, filters: &Filters) -> Vec<usize> {
    let needle = filters.text.trim().to_lowercase();
    plan.assets
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            let workload_ok = match &filters.workload {
                WorkloadFilter::All => true,
                WorkloadFilter::Inventory => a.workload.is_none(),
                WorkloadFilter::Workload(id) => a.workload.as_deref() == Some(id.as_str()),
            };
            workload_ok
                && filters.stage.is_none_or(|s| derived.stages[*i] == s)
                && filters.kind.is_none_or(|k| a.kind == k)
                && filters.strategy.is_none_or(|s| a.strategy == s)
                && filters.assessment.is_none_or(|x| a.assessment == x)
                && (needle.is_empty() || matches_slowly(plan, a, &needle))
        })
        .map(|(i, _)| i)
        .collect()
}

fn plain_sort(
    rows: &mut [usize],
    plan: &Plan,
    derived: &Derived,
    column: &SortColumn,
    descending: bool,
) {
    let a = &plan.assets;
    match column {
        SortColumn::Plan => {}
        SortColumn::Name => rows.sort_by_cached_key(|&i| a[i].name.to_lowercase()),
        SortColumn::Kind => rows.sort_by_key(|&i| a[i].kind),
        SortColumn::Workload => {
            let names: HashMap<&str, String> = plan
                .workloads
                .iter()
                .map(|w| (w.id.as_str(), w.name.to_lowercase()))
                .collect();
            rows.sort_by_cached_key(|&i| {
                a[i].workload
                    .as_deref()
                    .map(|w| names.get(w).cloned().unwrap_or_else(|| w.to_owned()))
            });
        }
        SortColumn::Assessment => rows.sort_by_key(|&i| a[i].assessment),
        SortColumn::Remediation => rows.sort_by_key(|&i| a[i].remediation.status),
        SortColumn::Replication => rows.sort_by_key(|&i| a[i].replication.status),
        SortColumn::Staging => rows.sort_by_key(|&i| a[i].staging),
        SortColumn::Stage => rows.sort_by_key(|&i| derived.stages[i]),
        SortColumn::Fact(fact) => {
            rows.sort_by(|&x, &y| {
                FactKey::of(a[x].source.get(fact)).cmp(&FactKey::of(a[y].source.get(fact)))
            });
        }
    }
    if descending {
        rows.reverse();
    }
}

/// Groups in order of their key (stages in journey order, otherwise
/// numbers as numbers, then text, equal texts by the key itself), the
/// sort kept within each group.
fn plain_group(
    rows: &mut Vec<usize>,
    plan: &Plan,
    derived: &Derived,
    group_by: &GroupBy,
    collapsed: &BTreeSet<String>,
) -> Vec<Line> {
    let key_of = |i: usize| -> String {
        let asset = &plan.assets[i];
        match group_by {
            GroupBy::Nothing => String::new(),
            GroupBy::Workload => asset
                .workload
                .as_deref()
                .map_or("— inventory".to_owned(), |w| {
                    plan.workload_name(w).to_owned()
                }),
            GroupBy::Stage => derived.stages[i].label().to_owned(),
            GroupBy::Fact(f) => asset
                .source
                .get(f)
                .filter(|v| !v.trim().is_empty())
                .map(str::to_owned)
                .unwrap_or_else(|| format!("— no {f}")),
        }
    };
    if *group_by == GroupBy::Nothing {
        return rows.iter().map(|&i| Line::Asset(i)).collect();
    }
    let mut keyed: Vec<(String, usize)> = rows.iter().map(|&i| (key_of(i), i)).collect();
    match group_by {
        GroupBy::Stage => keyed.sort_by_key(|(_, i)| derived.stages[*i]),
        _ => keyed.sort_by(|x, y| {
            FactKey::of(Some(x.0.as_str()))
                .cmp(&FactKey::of(Some(y.0.as_str())))
                .then_with(|| x.0.cmp(&y.0))
        }),
    }
    rows.clear();
    rows.extend(keyed.iter().map(|(_, i)| *i));
    let mut lines = Vec::new();
    let mut start = 0;
    while start < keyed.len() {
        let key = keyed[start].0.clone();
        let end = keyed[start..]
            .iter()
            .position(|(k, _)| *k != key)
            .map_or(keyed.len(), |n| start + n);
        let folded = collapsed.contains(&key);
        lines.push(Line::Group {
            key,
            count: end - start,
            rows: start..end,
        });
        if !folded {
            lines.extend(rows[start..end].iter().map(|&i| Line::Asset(i)));
        }
        start = end;
    }
    lines
}

fn plain(plan: &Plan, derived: &Derived, shape: Shape<'_>) -> (Vec<usize>, Vec<Line>) {
    let mut rows = plain_filter(plan, derived, shape.filters);
    plain_sort(&mut rows, plan, derived, shape.sort, shape.descending);
    let lines = plain_group(&mut rows, plan, derived, shape.group_by, shape.collapsed);
    (rows, lines)
}

// Random plans and random users.

fn pick<'a, T>(rng: &mut fastrand::Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

/// Bits of names and values: mixed case, digits, letters whose lower case
/// is longer than they are (İ) or depends on where they stand (Σ), and now
/// and then a NUL.
const BITS: [&str; 16] = [
    "erp", "Web", "DB", "-", "0", "1", "12", "ΣΑΣ", "İ", "x", " ", "é", "app", "E", "1,0", "\0",
];

fn text(rng: &mut fastrand::Rng, most: usize) -> String {
    (0..rng.usize(0..=most))
        .map(|_| {
            // A NUL now and then only (in about one plan in ten).
            let bit = *pick(rng, &BITS);
            if bit == "\0" && rng.usize(..400) != 0 {
                "e"
            } else {
                bit
            }
        })
        .collect()
}

fn random_asset(rng: &mut fastrand::Rng, number: usize, workloads: &[Workload]) -> Asset {
    let mut asset = Asset {
        id: format!("as-{number}"),
        name: text(rng, 4),
        kind: *pick(rng, &AssetKind::ALL),
        strategy: *pick(rng, &Strategy::ALL),
        assessment: *pick(rng, &Assessment::ALL),
        staging: *pick(rng, &[Staging::NotStaged, Staging::Staged]),
        ..Asset::default()
    };
    asset.remediation.status = *pick(rng, &RemediationStatus::ALL);
    asset.replication.status = *pick(rng, &ReplicationStatus::ALL);
    asset.workload = match rng.usize(..6) {
        0 | 1 => None,
        // A workload the plan does not have.
        2 => Some("wl-gone".to_owned()),
        _ if workloads.is_empty() => None,
        _ => Some(pick(rng, workloads).id.clone()),
    };
    for key in ["os", "cpus", "host", "Note"] {
        if rng.bool() {
            let value = match rng.usize(..8) {
                0 => pick(
                    rng,
                    &[
                        "4", "16", "128", "1,000", " 12 ", "", "  ", "NaN", "1E3", "-INF",
                        "Infinity", "\u{212A}", "0x10",
                    ],
                )
                .to_string(),
                _ => text(rng, 3),
            };
            asset.source.insert(key, &value);
        }
    }
    asset
}

fn random_plan(rng: &mut fastrand::Rng) -> Plan {
    let mut plan = Plan::named("Random");
    for w in 0..rng.usize(0..6) {
        plan.workloads.push(Workload {
            // Now and then two workloads with one id.
            id: format!("wl-{}", if rng.usize(..6) == 0 { 0 } else { w }),
            name: pick(
                rng,
                &["ERP", "erp", "Payroll", "ΣΑΣ", "10", "1,000", "", "İzmir"],
            )
            .to_string(),
            ..Workload::default()
        });
    }
    for number in 0..rng.usize(0..80) {
        let asset = random_asset(rng, number, &plan.workloads);
        plan.assets.push(Arc::new(asset));
    }
    plan
}

/// The table as a user leaves it: what they typed, picked and folded.
#[derive(Clone, Debug, Default)]
struct User {
    filters: Filters,
    sort: SortColumn,
    descending: bool,
    group_by: GroupBy,
    collapsed: BTreeSet<String>,
}

impl User {
    fn shape(&self) -> Shape<'_> {
        Shape {
            filters: &self.filters,
            sort: &self.sort,
            descending: self.descending,
            group_by: &self.group_by,
            collapsed: &self.collapsed,
        }
    }
}

const COLUMNS: [SortColumn; 9] = [
    SortColumn::Plan,
    SortColumn::Name,
    SortColumn::Kind,
    SortColumn::Workload,
    SortColumn::Assessment,
    SortColumn::Remediation,
    SortColumn::Replication,
    SortColumn::Staging,
    SortColumn::Stage,
];

/// One thing a user (or a colleague's edit) does to the table.
/// A change to the plan is recorded in `journal` with its revision and
/// the assets it changed in their own fields (`None`: more changed).
fn act(
    rng: &mut fastrand::Rng,
    user: &mut User,
    plan: &mut Plan,
    revision: &mut u64,
    journal: &mut Vec<(u64, Option<Vec<usize>>)>,
) {
    let text = &mut user.filters.text;
    match rng.usize(..16) {
        // Typing: mostly a letter more at the end.
        0..=3 => {
            let bit = *pick(rng, &BITS);
            text.push_str(bit);
        }
        4 => {
            let bit = *pick(rng, &BITS);
            text.insert_str(0, bit);
        }
        5 | 6 => {
            text.pop();
        }
        7 => *text = self::text(rng, 2),
        8 => user.sort = pick(rng, &COLUMNS).clone(),
        9 => {
            user.sort = SortColumn::Fact(pick(rng, &["cpus", "os", "absent"]).to_string());
        }
        10 => user.descending = !user.descending,
        11 => {
            let f = &mut user.filters;
            match rng.usize(..6) {
                0 => f.workload = WorkloadFilter::All,
                1 => f.workload = WorkloadFilter::Inventory,
                2 => {
                    f.workload = WorkloadFilter::Workload(
                        pick(rng, &["wl-0", "wl-1", "wl-gone"]).to_string(),
                    )
                }
                3 => f.stage = rng.bool().then(|| *pick(rng, &Stage::ALL)),
                4 => f.kind = rng.bool().then(|| *pick(rng, &AssetKind::ALL)),
                _ => {
                    f.strategy = rng.bool().then(|| *pick(rng, &Strategy::ALL));
                    f.assessment = rng.bool().then(|| *pick(rng, &Assessment::ALL));
                }
            }
        }
        12 => {
            user.group_by = pick(
                rng,
                &[
                    GroupBy::Nothing,
                    GroupBy::Workload,
                    GroupBy::Stage,
                    GroupBy::Fact("cpus".into()),
                    GroupBy::Fact("os".into()),
                ],
            )
            .clone();
            user.collapsed.clear();
        }
        13 => {
            let key = pick(
                rng,
                &[
                    "— inventory",
                    "ERP",
                    "erp",
                    "16",
                    "— no cpus",
                    "Blocked",
                    "Staged",
                ],
            )
            .to_string();
            if !user.collapsed.remove(&key) {
                user.collapsed.insert(key);
            }
        }
        // Someone changes the plan between two keystrokes.
        _ => {
            let changed = edit(rng, plan);
            *revision += 1;
            journal.push((*revision, changed));
        }
    }
}

/// The assets changed since `revision`, as the document tells the table.
fn changed_since(journal: &[(u64, Option<Vec<usize>>)], revision: u64) -> Option<BTreeSet<usize>> {
    let mut changed = BTreeSet::new();
    for (at, assets) in journal {
        if *at > revision {
            changed.extend(assets.as_ref()?);
        }
    }
    Some(changed)
}

/// Changes the plan; returns the assets changed in their own fields only
/// (the table may take those in without making everything again), or
/// `None`.
fn edit(rng: &mut fastrand::Rng, plan: &mut Plan) -> Option<Vec<usize>> {
    let n = plan.assets.len();
    match rng.usize(..8) {
        0 if n > 0 => {
            let i = rng.usize(..n);
            Arc::make_mut(&mut plan.assets[i]).name = text(rng, 4);
            return Some(vec![i]);
        }
        6 | 7 if n > 0 => {
            // A bulk change of a few assets' fields.
            let at: Vec<usize> = (0..rng.usize(1..4)).map(|_| rng.usize(..n)).collect();
            for &i in &at {
                let asset = Arc::make_mut(&mut plan.assets[i]);
                match rng.usize(..8) {
                    // A fact taken away, or renamed with its value kept.
                    6 => {
                        asset.source.remove("os");
                    }
                    7 => {
                        if let Some(v) = asset.source.remove("cpus") {
                            asset.source.insert("os", &v);
                        }
                    }
                    0 => asset.kind = *pick(rng, &AssetKind::ALL),
                    1 => asset.assessment = *pick(rng, &Assessment::ALL),
                    2 => asset.remediation.status = *pick(rng, &RemediationStatus::ALL),
                    3 => asset.replication.status = *pick(rng, &ReplicationStatus::ALL),
                    4 => asset.staging = *pick(rng, &[Staging::NotStaged, Staging::Staged]),
                    _ => {
                        asset.source.insert("os", &text(rng, 3));
                    }
                }
            }
            return Some(at);
        }
        1 if n > 0 => {
            // A move: to the inventory, to a workload (one no asset had,
            // maybe), or to an id that is no workload of the plan.
            let i = rng.usize(..n);
            let workload = match rng.usize(..4) {
                0 => None,
                1 => Some(format!("wl-gone-{}", rng.usize(..3))),
                _ => plan
                    .workloads
                    .get(rng.usize(..plan.workloads.len().max(1)))
                    .map(|w| w.id.clone()),
            };
            Arc::make_mut(&mut plan.assets[i]).workload = workload;
            return Some(vec![i]);
        }
        2 if n > 0 => {
            let i = rng.usize(..n);
            let value = text(rng, 2);
            Arc::make_mut(&mut plan.assets[i])
                .source
                .insert("cpus", &value);
            return Some(vec![i]);
        }
        3 if n > 0 => {
            plan.assets.remove(rng.usize(..n));
        }
        4 if !plan.workloads.is_empty() => {
            let w = rng.usize(..plan.workloads.len());
            plan.workloads[w].name = text(rng, 2);
        }
        _ => {
            let asset = random_asset(rng, n + 1000, &plan.workloads);
            let at = rng.usize(..=n);
            plan.assets.insert(at, Arc::new(asset));
        }
    }
    None
}

#[test]
fn kept_rows_are_the_rows_a_plain_filter_sort_and_grouping_give() {
    for seed in 0..300 {
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut plan = random_plan(&mut rng);
        let mut derived = derive(&plan);
        let mut revision = 0;
        let mut user = User::default();
        let mut rows = Rows::default();
        let mut journal = Vec::new();
        for step in 0..60 {
            let before = revision;
            act(&mut rng, &mut user, &mut plan, &mut revision, &mut journal);
            if revision != before {
                derived = derive(&plan);
            }
            rows.refresh(&plan, &derived, revision, user.shape(), |r| {
                changed_since(&journal, r)
            });
            assert_eq!(
                shown(&rows),
                plain(&plan, &derived, user.shape()),
                "seed {seed}, step {step}: {user:?}"
            );
            let facts: BTreeSet<&str> = plan.assets.iter().flat_map(|a| a.source.keys()).collect();
            assert_eq!(rows.fact_names(), Vec::from_iter(facts), "seed {seed}");
            // What the selection asks: is this asset shown by the filter.
            let passing: BTreeSet<usize> = plain_filter(&plan, &derived, &user.filters)
                .into_iter()
                .collect();
            for i in 0..plan.assets.len() + 1 {
                assert_eq!(
                    rows.shows(i),
                    passing.contains(&i),
                    "seed {seed}, step {step}: asset {i}"
                );
            }
            if !rows.needle().is_empty() {
                for &i in rows.rows() {
                    assert_eq!(
                        rows.matched_in(&plan, i),
                        matched_in_slowly(&plan, &plan.assets[i], rows.needle()),
                        "seed {seed}, step {step}: asset {i}"
                    );
                }
            }
        }
    }
}

/// A generated plan: the whole-text search over a realistic plan, with
/// queries typed letter by letter, erased and typed again.
#[test]
fn typing_and_erasing_over_a_generated_plan_keeps_the_plain_rows() {
    let plan = crate::generate::generate(2_000, 7);
    let derived = derive(&plan);
    let mut user = User::default();
    let mut rows = Rows::default();
    for (query, sort) in [
        ("erp2-db", SortColumn::Name),
        ("windows 2019", SortColumn::Fact("os".into())),
        ("esx-0", SortColumn::Fact("host".into())),
        ("Cl-03", SortColumn::Workload),
        ("10.1", SortColumn::Fact("ip".into())),
    ] {
        user.sort = sort;
        let typed: Vec<char> = query.chars().collect();
        let prefixes = (0..=typed.len()).chain((0..typed.len()).rev());
        for n in prefixes {
            user.filters.text = typed[..n].iter().collect();
            user.descending = n % 3 == 0;
            rows.refresh(&plan, &derived, 0, user.shape(), |_| None);
            assert_eq!(
                shown(&rows),
                plain(&plan, &derived, user.shape()),
                "{:?}",
                user.filters.text
            );
        }
    }
}

#[test]
fn an_edit_between_two_keystrokes_is_seen() {
    let mut plan = Plan::named("Two servers");
    for (id, name) in [("as-1", "erp-web"), ("as-2", "erp-db")] {
        plan.assets.push(Arc::new(Asset {
            id: id.into(),
            name: name.into(),
            ..Asset::default()
        }));
    }
    let mut user = User::default();
    let mut rows = Rows::default();
    user.filters.text = "erp".into();
    rows.refresh(&plan, &derive(&plan), 0, user.shape(), |_| None);
    assert_eq!(rows.rows(), [0, 1]);

    // erp-db is renamed, then "-d" typed: it no longer matches, and
    // the new name is what the filter sees.
    Arc::make_mut(&mut plan.assets[1]).name = "crm-db".into();
    user.filters.text = "erp-d".into();
    rows.refresh(&plan, &derive(&plan), 1, user.shape(), |_| None);
    assert!(rows.rows().is_empty());
    user.filters.text = "crm".into();
    rows.refresh(&plan, &derive(&plan), 1, user.shape(), |_| None);
    assert_eq!(rows.rows(), [1]);
    assert_eq!(rows.matched_in(&plan, 1), "name");
}

#[test]
fn groups_with_the_same_sort_key_stay_apart_and_whole() {
    // "ERP" and "erp" sort alike (case is ignored) but are two groups,
    // each shown once with all its assets.
    let mut plan = Plan::named("Look-alikes");
    for (id, name) in [("wl-1", "ERP"), ("wl-2", "erp")] {
        plan.workloads.push(Workload {
            id: id.into(),
            name: name.into(),
            ..Workload::default()
        });
    }
    for (i, workload) in ["wl-1", "wl-2", "wl-1", "wl-2"].into_iter().enumerate() {
        plan.assets.push(Arc::new(Asset {
            id: format!("as-{i}"),
            name: format!("vm-{i}"),
            workload: Some(workload.into()),
            ..Asset::default()
        }));
    }
    let user = User {
        group_by: GroupBy::Workload,
        ..User::default()
    };
    let mut rows = Rows::default();
    rows.refresh(&plan, &derive(&plan), 0, user.shape(), |_| None);
    let (_, lines) = shown(&rows);
    let headers: Vec<(String, usize)> = lines
        .iter()
        .filter_map(|l| match l {
            Line::Group { key, count, .. } => Some((key.clone(), *count)),
            Line::Asset(_) => None,
        })
        .collect();
    assert_eq!(headers, [("ERP".to_owned(), 2), ("erp".to_owned(), 2)]);
}

#[test]
fn long_texts_that_begin_alike_sort_as_text() {
    // Values longer than the 16 bytes compared at once, alike for 16, 32
    // or more of them, some ending in NULs, some equal.
    let mut rng = fastrand::Rng::with_seed(11);
    let stems = [
        "windows server 20",
        "windows server 2019 datacenter ed",
        "",
        "a\0",
    ];
    for _ in 0..200 {
        let texts: Vec<String> = (0..rng.usize(0..60))
            .map(|_| {
                let mut t = pick(&mut rng, &stems).to_string();
                for _ in 0..rng.usize(0..4) {
                    let bit = *pick(&mut rng, &["0", "1", "\0", "é", "x"]);
                    t.push_str(bit);
                }
                t
            })
            .collect();
        let mut expected: Vec<u32> = (0..texts.len() as u32).collect();
        expected.sort_by(|&x, &y| texts[x as usize].cmp(&texts[y as usize]));
        let bytes: Vec<&[u8]> = texts.iter().map(|t| t.as_bytes()).collect();
        assert_eq!(by_text(&bytes), expected, "{texts:?}");
    }
}

#[test]
fn facts_sort_alike_whether_values_are_few_or_many() {
    // Few distinct values are placed by value, many sorted asset by
    // asset: the same order either way, the plain one.
    let mut rng = fastrand::Rng::with_seed(5);
    let pool = [
        "4", "16", "1,000", "1000", " 16 ", "", "  ", "NaN", "inf", "Windows", "windows", "1E3",
        "b", "B ", "ΣΑΣ", "\0",
    ];
    for _ in 0..200 {
        let values: Vec<Option<String>> = (0..rng.usize(0..300))
            .map(|_| match rng.usize(..6) {
                0 => None,
                1 => Some(text(&mut rng, 3)),
                _ => Some(pick(&mut rng, &pool).to_string()),
            })
            .collect();
        let mut expected: Vec<u32> = (0..values.len() as u32).collect();
        expected.sort_by(|&x, &y| {
            FactKey::of(values[x as usize].as_deref())
                .cmp(&FactKey::of(values[y as usize].as_deref()))
        });
        let value = |i: usize| values[i].as_deref();
        let key = |v| FactKey::read(v, lower);
        assert_eq!(
            order_by_values(values.len(), value, key),
            expected,
            "{values:?}"
        );
        assert_eq!(
            order_by_assets(values.len(), value, key),
            expected,
            "{values:?}"
        );
        // And from values already in lower case.
        let lowered: Vec<Option<String>> = values
            .iter()
            .map(|v| v.as_ref().map(|v| v.to_lowercase()))
            .collect();
        let value = |i: usize| lowered[i].as_deref();
        assert_eq!(
            fact_order(values.len(), value, FactKey::of_lower),
            expected,
            "{values:?}"
        );
    }
}

/// A fact renamed with its value kept (`cpus: 4` becoming `os: 4`) leaves
/// the asset's text as it was, but not its place when sorted by that fact,
/// nor the facts the table offers.
#[test]
fn a_fact_renamed_in_place_moves_the_asset_and_the_names() {
    let mut plan = Plan::named("Facts");
    for (id, name, key, value) in [
        ("as-1", "a", "os", "linux"),
        ("as-2", "b", "cpus", "aix"),
        ("as-3", "c", "os", "windows"),
    ] {
        let mut asset = Asset {
            id: id.into(),
            name: name.into(),
            ..Asset::default()
        };
        asset.source.insert(key, value);
        plan.assets.push(Arc::new(asset));
    }
    let mut user = User {
        sort: SortColumn::Fact("os".into()),
        ..User::default()
    };
    let mut rows = Rows::default();
    rows.refresh(&plan, &derive(&plan), 0, user.shape(), |_| None);
    assert_eq!(rows.rows(), [0, 2, 1], "b has no os: last");
    assert_eq!(rows.fact_names(), ["cpus", "os"]);

    let b = Arc::make_mut(&mut plan.assets[1]);
    let value = b.source.remove("cpus").expect("cpus");
    b.source.insert("os", &value);
    let derived = derive(&plan);
    rows.refresh(&plan, &derived, 1, user.shape(), |_| {
        Some(BTreeSet::from([1]))
    });
    assert_eq!(rows.rows(), [1, 0, 2], "aix before linux");
    assert_eq!(rows.rows(), plain(&plan, &derived, user.shape()).0);
    assert_eq!(rows.fact_names(), ["os"], "no asset has cpus any more");
    user.descending = true;
    rows.refresh(&plan, &derived, 1, user.shape(), |_| None);
    assert_eq!(rows.rows(), [2, 0, 1]);
}
