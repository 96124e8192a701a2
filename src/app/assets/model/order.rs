//! The order of all assets by a column, and their groups: made once per
//! plan revision and column, then picked from for each query.

use std::borrow::Cow;
use std::collections::HashMap;

use super::search::{NO_WORKLOAD, Search};
use super::{GroupBy, SortColumn, as_u32};
use crate::derive::Stage;
use crate::model::Plan;

/// All assets in a column's order (ties in plan order), and each asset's
/// place in it once needed.
pub(super) struct Order {
    pub(super) order: Vec<u32>,
    pub(super) rank: Option<Vec<u32>>,
}

impl Order {
    pub(super) fn new<'a>(plan: &'a Plan, search: &'a Search, column: &'a SortColumn) -> Self {
        let a = &plan.assets;
        let n = a.len();
        let order = match column {
            SortColumn::Plan => (0..n).map(as_u32).collect(),
            SortColumn::Name => {
                let names: Vec<&[u8]> = (0..n).map(|i| search.lower_name(i).as_bytes()).collect();
                by_text(&names)
            }
            SortColumn::Kind => by_key(search.facets.iter().map(|f| f.kind)),
            SortColumn::Workload => {
                let places = workload_places(plan, search);
                let count = places.iter().max().map_or(0, |&p| p as usize + 1);
                by_place(places.into_iter(), count)
            }
            SortColumn::Assessment => by_key(search.facets.iter().map(|f| f.assessment)),
            SortColumn::Remediation => by_key(search.facets.iter().map(|f| f.remediation)),
            SortColumn::Replication => by_key(search.facets.iter().map(|f| f.replication)),
            SortColumn::Staging => by_key(search.facets.iter().map(|f| f.staging)),
            SortColumn::Stage => by_key(search.facets.iter().map(|f| f.stage)),
            SortColumn::Fact(fact) => {
                // In lower case from the text made for the filter, or,
                // when its fields cannot be told apart, as the plan has
                // them.
                if search.irregular {
                    let value = |i: usize| a[i].source.get(fact);
                    fact_order(n, value, |v| FactKey::read(v, lower))
                } else if let Some(&id) = search.fact_numbers.get(fact) {
                    fact_order(n, |i| search.fact_value(i, id), FactKey::of_lower)
                } else {
                    (0..n).map(as_u32).collect()
                }
            }
        };
        Self { order, rank: None }
    }

    pub(super) fn rank(&mut self) -> &[u32] {
        self.rank.get_or_insert_with(|| {
            let mut rank = vec![0u32; self.order.len()];
            for (place, &i) in self.order.iter().enumerate() {
                rank[i as usize] = as_u32(place);
            }
            rank
        })
    }
}

/// The indices `0..n` in order of the keys of their values, ties in index
/// order.
pub(super) fn fact_order<'a>(
    n: usize,
    value: impl Fn(usize) -> Option<&'a str>,
    key: impl Fn(Option<&'a str>) -> FactKey<'a>,
) -> Vec<u32> {
    // Few distinct values (an OS, a cluster) are each read once; many (an
    // IP address) are read and sorted as they come.
    let sample = n.min(2048);
    let seen: std::collections::HashSet<Option<&str>> = (0..sample).map(&value).collect();
    if seen.len() <= sample / 4 {
        order_by_values(n, value, key)
    } else {
        order_by_assets(n, value, key)
    }
}

/// `fact_order`, each distinct value read once and the assets placed by it.
pub(super) fn order_by_values<'a>(
    n: usize,
    value: impl Fn(usize) -> Option<&'a str>,
    key: impl Fn(Option<&'a str>) -> FactKey<'a>,
) -> Vec<u32> {
    let mut distinct: HashMap<Option<&'a str>, u32> = HashMap::new();
    let mut keys: Vec<FactKey<'a>> = Vec::new();
    let value_of: Vec<u32> = (0..n)
        .map(|i| {
            let v = value(i);
            *distinct.entry(v).or_insert_with(|| {
                keys.push(key(v));
                as_u32(keys.len() - 1)
            })
        })
        .collect();
    let (places, count) = fact_places(&keys);
    by_place(value_of.iter().map(|&v| places[v as usize]), count)
}

/// `fact_order`, each asset's value read and sorted: numbers, then texts,
/// then none.
pub(super) fn order_by_assets<'a>(
    n: usize,
    value: impl Fn(usize) -> Option<&'a str>,
    key: impl Fn(Option<&'a str>) -> FactKey<'a>,
) -> Vec<u32> {
    let mut numbers: Vec<(f64, u32)> = Vec::new();
    let mut texts: Vec<(u32, Cow<'a, str>)> = Vec::new();
    let mut missing: Vec<u32> = Vec::new();
    for i in 0..n {
        match key(value(i)) {
            FactKey::Number(v) => numbers.push((v, as_u32(i))),
            FactKey::Text(t) => texts.push((as_u32(i), t)),
            FactKey::Missing => missing.push(as_u32(i)),
        }
    }
    numbers.sort_unstable_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
    let bytes: Vec<&[u8]> = texts.iter().map(|(_, t)| t.as_bytes()).collect();
    numbers
        .iter()
        .map(|(_, i)| *i)
        .chain(by_text(&bytes).into_iter().map(|at| texts[at as usize].0))
        .chain(missing)
        .collect()
}

/// The indices in order of their places (each less than `count`), ties in
/// index order: a counting sort.
pub(super) fn by_place(places: impl Iterator<Item = u32> + Clone, count: usize) -> Vec<u32> {
    let mut starts = vec![0usize; count + 1];
    for p in places.clone() {
        starts[p as usize + 1] += 1;
    }
    for p in 1..starts.len() {
        starts[p] += starts[p - 1];
    }
    let mut order = vec![0u32; starts[count]];
    for (i, p) in places.enumerate() {
        order[starts[p as usize]] = as_u32(i);
        starts[p as usize] += 1;
    }
    order
}

/// Each key's place in `FactKey` order, equal keys sharing one, and how
/// many places there are.
pub(super) fn fact_places(keys: &[FactKey<'_>]) -> (Vec<u32>, usize) {
    let mut numbers: Vec<(f64, u32)> = Vec::new();
    let mut texts: Vec<(u32, &[u8])> = Vec::new();
    let mut missing: Vec<u32> = Vec::new();
    for (k, key) in keys.iter().enumerate() {
        match key {
            FactKey::Number(v) => numbers.push((*v, as_u32(k))),
            FactKey::Text(t) => texts.push((as_u32(k), t.as_bytes())),
            FactKey::Missing => missing.push(as_u32(k)),
        }
    }
    numbers.sort_unstable_by(|x, y| x.0.total_cmp(&y.0));
    let bytes: Vec<&[u8]> = texts.iter().map(|(_, t)| *t).collect();
    let in_order = numbers
        .iter()
        .map(|(_, k)| *k)
        .chain(by_text(&bytes).into_iter().map(|at| texts[at as usize].0))
        .chain(missing);
    let mut places = vec![0u32; keys.len()];
    let mut count = 0;
    let mut last: Option<u32> = None;
    for k in in_order {
        if last.is_none_or(|l| keys[l as usize].cmp(&keys[k as usize]).is_ne()) {
            count += 1;
        }
        places[k as usize] = as_u32(count - 1);
        last = Some(k);
    }
    (places, count)
}

/// The indices in order of their keys, ties in index order.
pub(super) fn by_key<K: Ord>(keys: impl Iterator<Item = K>) -> Vec<u32> {
    let mut keyed: Vec<(K, u32)> = keys.zip(0..).collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// The places of `texts` in order of the texts (byte by byte, as `str`
/// compares them), equal texts in order of place.
///
/// Sorted a few bytes at a time: a text's next bytes, how many are left
/// and its place make one number, so sorting numbers does the work; only
/// texts alike so far and going on are looked at again, further on.
pub(super) fn by_text(texts: &[&[u8]]) -> Vec<u32> {
    let mut keyed: Vec<u128> = (0..texts.len()).map(|at| key(texts[at], 0, at)).collect();
    sort_from(&mut keyed, texts, 0);
    keyed.into_iter().map(|k| k as u32).collect()
}

/// How many bytes of a text one sort key holds.
pub(super) const KEY_BYTES: usize = 11;

/// The sort key of the text at `at` from `offset`: its next bytes (zeros
/// past its end), how many bytes it has left (more than `KEY_BYTES`
/// counting as one more), then `at`. Equal keys of texts that end within
/// them are equal texts.
pub(super) fn key(bytes: &[u8], offset: usize, at: usize) -> u128 {
    let rest = &bytes[offset.min(bytes.len())..];
    let n = rest.len().min(KEY_BYTES);
    let mut word = [0u8; 16];
    word[..n].copy_from_slice(&rest[..n]);
    word[KEY_BYTES] = rest.len().min(KEY_BYTES + 1) as u8;
    (u128::from_be_bytes(word) & !u128::from(u32::MAX)) | u128::from(as_u32(at))
}

/// Sorts keys of texts alike before `offset` by their bytes from there.
pub(super) fn sort_from(keyed: &mut [u128], texts: &[&[u8]], offset: usize) {
    keyed.sort_unstable();
    let text = |k: u128| texts[(k as u32) as usize];
    let going_on = |k: u128| (k >> 32) as u8 as usize > KEY_BYTES;
    let mut start = 0;
    while start < keyed.len() {
        let same = keyed[start] >> 32;
        let end = start
            + keyed[start..]
                .iter()
                .take_while(|&&k| k >> 32 == same)
                .count();
        let run = &mut keyed[start..end];
        // A run of equal texts is in order of place already.
        if run.len() > 64 && going_on(run[0]) {
            let next = offset + KEY_BYTES;
            for k in run.iter_mut() {
                *k = key(text(*k), next, (*k as u32) as usize);
            }
            sort_from(run, texts, next);
        } else if run.len() > 1 && going_on(run[0]) {
            run.sort_unstable_by(|&x, &y| text(x).cmp(text(y)).then((x as u32).cmp(&(y as u32))));
        }
        start = end;
    }
}

/// Each asset's place when sorted by workload: the inventory first, then
/// by the workload's name in lower case (the id, as it is, for an id no
/// workload has).
pub(super) fn workload_places(plan: &Plan, search: &Search) -> Vec<u32> {
    // As a map collects them: the last workload with an id wins.
    let names: HashMap<&str, String> = plan
        .workloads
        .iter()
        .map(|w| (w.id.as_str(), w.name.to_lowercase()))
        .collect();
    let keys: Vec<&str> = search
        .workload_ids
        .iter()
        .map(|id| names.get(id.as_str()).map_or(id.as_str(), String::as_str))
        .collect();
    let places = places_of(&keys, |x, y| x.cmp(y));
    search
        .facets
        .iter()
        .map(|f| match f.workload {
            NO_WORKLOAD => 0,
            code => places[code as usize] + 1,
        })
        .collect()
}

/// Each item's place when sorted by `cmp`, equal items sharing a place.
pub(super) fn places_of<T>(items: &[T], cmp: impl Fn(&T, &T) -> std::cmp::Ordering) -> Vec<u32> {
    let mut sorted: Vec<u32> = (0..as_u32(items.len())).collect();
    sorted.sort_by(|&x, &y| cmp(&items[x as usize], &items[y as usize]));
    let mut places = vec![0u32; items.len()];
    let mut place = 0;
    for (k, pair) in sorted.iter().enumerate() {
        if k > 0 && cmp(&items[sorted[k - 1] as usize], &items[*pair as usize]).is_ne() {
            place += 1;
        }
        places[*pair as usize] = place;
    }
    places
}

/// Each asset's group for one way of grouping.
pub(super) struct Grouping {
    /// Each group's key, as its header shows it.
    pub(super) keys: Vec<String>,
    /// Each group's place among the groups.
    pub(super) place: Vec<u32>,
    /// Each asset's group.
    pub(super) group_of: Vec<u32>,
}

impl Grouping {
    pub(super) fn new(plan: &Plan, search: &Search, group_by: &GroupBy) -> Self {
        let mut keys: Vec<String> = Vec::new();
        let mut numbers: HashMap<String, u32> = HashMap::new();
        let mut number = |key: &str| -> u32 {
            if let Some(&g) = numbers.get(key) {
                return g;
            }
            let g = as_u32(keys.len());
            keys.push(key.to_owned());
            numbers.insert(key.to_owned(), g);
            g
        };
        let group_of: Vec<u32> = match group_by {
            GroupBy::Nothing => vec![0; plan.assets.len()],
            GroupBy::Workload => {
                // The name a workload id shows as: the first workload with
                // the id, or the id itself.
                let mut names: HashMap<&str, &str> = HashMap::new();
                for w in &plan.workloads {
                    names.entry(w.id.as_str()).or_insert(w.name.as_str());
                }
                let inventory = number("— inventory");
                let by_code: Vec<u32> = search
                    .workload_ids
                    .iter()
                    .map(|id| number(names.get(id.as_str()).copied().unwrap_or(id)))
                    .collect();
                search
                    .facets
                    .iter()
                    .map(|f| match f.workload {
                        NO_WORKLOAD => inventory,
                        code => by_code[code as usize],
                    })
                    .collect()
            }
            GroupBy::Stage => search
                .facets
                .iter()
                .map(|f| number(f.stage.label()))
                .collect(),
            GroupBy::Fact(f) => {
                let missing = format!("— no {f}");
                plan.assets
                    .iter()
                    .map(|a| match a.source.get(f).filter(|v| !v.trim().is_empty()) {
                        Some(v) => number(v),
                        None => number(&missing),
                    })
                    .collect()
            }
        };
        // Groups in order of their key: stages in journey order, others
        // numbers as numbers, then text (equal texts by their key).
        let mut by_order: Vec<u32> = (0..as_u32(keys.len())).collect();
        match group_by {
            GroupBy::Stage => {
                let stage_of = |g: u32| {
                    Stage::ALL
                        .into_iter()
                        .find(|s| s.label() == keys[g as usize])
                        .unwrap_or(Stage::Unassessed)
                };
                by_order.sort_by_key(|&g| stage_of(g));
            }
            _ => {
                let fact_keys: Vec<FactKey> =
                    keys.iter().map(|k| FactKey::of(Some(k.as_str()))).collect();
                by_order.sort_by(|&x, &y| {
                    fact_keys[x as usize]
                        .cmp(&fact_keys[y as usize])
                        .then_with(|| keys[x as usize].cmp(&keys[y as usize]))
                });
            }
        }
        let mut place = vec![0u32; keys.len()];
        for (p, &g) in by_order.iter().enumerate() {
            place[g as usize] = as_u32(p);
        }
        Self {
            keys,
            place,
            group_of,
        }
    }
}

/// `s` in lower case, borrowed when it is already.
pub(super) fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

/// A sort key for text that may be a number: numbers first, in numeric
/// order (so 4, 16, 128 — not 128, 16, 4), then text.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum FactKey<'a> {
    Number(f64),
    /// In lower case.
    Text(Cow<'a, str>),
    Missing,
}

impl<'a> FactKey<'a> {
    pub(super) fn of(value: Option<&'a str>) -> Self {
        Self::read(value, lower)
    }

    /// The key of a value already in lower case. The same as of the value
    /// itself: case changes neither blanks, digits nor commas, and a
    /// number reads the same in either case ("1E3", "NaN").
    pub(super) fn of_lower(value: Option<&'a str>) -> Self {
        Self::read(value, Cow::Borrowed)
    }

    pub(super) fn read(value: Option<&'a str>, lower: impl Fn(&'a str) -> Cow<'a, str>) -> Self {
        match value {
            None => FactKey::Missing,
            Some(v) if v.trim().is_empty() => FactKey::Missing,
            Some(v) => {
                let trimmed = v.trim();
                let number = if trimmed.contains(',') {
                    trimmed.replace(',', "").parse::<f64>()
                } else {
                    trimmed.parse::<f64>()
                };
                match number {
                    Ok(n) if n.is_finite() => FactKey::Number(n),
                    _ => FactKey::Text(lower(v)),
                }
            }
        }
    }

    pub(super) fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        match (self, other) {
            (FactKey::Number(a), FactKey::Number(b)) => a.total_cmp(b),
            (FactKey::Text(a), FactKey::Text(b)) => a.cmp(b),
            (FactKey::Number(_), _) | (FactKey::Text(_), FactKey::Missing) => Ordering::Less,
            (_, FactKey::Number(_)) | (FactKey::Missing, FactKey::Text(_)) => Ordering::Greater,
            (FactKey::Missing, FactKey::Missing) => Ordering::Equal,
        }
    }
}
