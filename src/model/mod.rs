//! The plan: parties, workloads, assets, RACI and the log.
//!
//! These types *are* the file format (formats 1 to 3): field names, field order and enum
//! variants follow the contract in the product spec, so serde does the work
//! and the file diffs field by field. No UI code here.

mod asset;
mod facts;
mod ids;
mod log;
mod names;
mod party;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use asset::*;
pub use facts::Facts;
pub use ids::{Hasher, IdKind, Positions, new_checklist_id, new_id, new_id_with};
pub use log::*;
pub use names::without_control_characters;
pub use party::*;

/// The newest schema version this build reads and writes. A plan is saved
/// in the oldest format that holds everything it uses, so older Ferry
/// versions still open it: format 1 while it uses nothing of format 2, 2
/// while it uses nothing of format 3 ([`Plan::needed_format`]).
pub const FORMAT_VERSION: u32 = 3;

/// A whole migration plan: what one `.ron` file holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Schema version; the only field a file must carry.
    pub format: u32,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub parties: Vec<Party>,
    #[serde(default)]
    pub workloads: Vec<Workload>,
    /// Each asset is shared, so a copy of the plan (a snapshot for a
    /// background save, an undo step) costs a pointer per asset; it is
    /// copied only when changed ([`std::sync::Arc::make_mut`]).
    #[serde(default, deserialize_with = "counted_assets")]
    pub assets: Vec<std::sync::Arc<Asset>>,
    #[serde(default)]
    pub log: Vec<LogEntry>,
    /// Format 2: megabits per second available for replication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bandwidth_mbps: Option<u32>,
    /// Format 2: the migration waves, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waves: Vec<Wave>,
    /// Format 3: the most a wave should hold.
    #[serde(default, skip_serializing_if = "WaveLimits::is_none")]
    pub wave_limits: WaveLimits,
}

impl Default for Plan {
    fn default() -> Self {
        Self {
            format: 1,
            name: String::new(),
            parties: Vec::new(),
            workloads: Vec::new(),
            assets: Vec::new(),
            log: Vec::new(),
            bandwidth_mbps: None,
            waves: Vec::new(),
            wave_limits: WaveLimits::default(),
        }
    }
}

/// The most a wave should hold (format 3): used by suggested waves and
/// checked by the wave rules. `None` is no limit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WaveLimits {
    /// Assets in one wave.
    pub assets: Option<u32>,
    /// Hours of replication in one wave, at the plan's bandwidth.
    pub replication_hours: Option<u32>,
}

impl WaveLimits {
    /// No limit set: the plan does not need format 3 for them.
    pub fn is_none(&self) -> bool {
        self.assets.is_none() && self.replication_hours.is_none()
    }
}

/// A migration wave (format 2): workloads name it in their `wave`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Wave {
    pub name: String,
    /// `YYYY-MM-DD`.
    pub start: Option<String>,
    /// `YYYY-MM-DD`.
    pub end: Option<String>,
    pub notes: String,
}

impl Plan {
    /// An empty plan with a name.
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    pub fn party(&self, id: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.id == id)
    }

    pub fn workload(&self, id: &str) -> Option<&Workload> {
        self.workloads.iter().find(|w| w.id == id)
    }

    pub fn asset(&self, id: &str) -> Option<&Asset> {
        self.assets.iter().find(|a| a.id == id).map(|a| &**a)
    }

    pub fn log_entry(&self, id: &str) -> Option<&LogEntry> {
        self.log.iter().find(|l| l.id == id)
    }

    /// The format the plan must be saved in: 3 once it uses anything that
    /// format 2 does not have, 2 once it uses anything that format 1 does
    /// not have, else 1 (so older versions still open it).
    pub fn needed_format(&self) -> u32 {
        let uses_three = !self.wave_limits.is_none()
            || self.workloads.iter().any(|w| {
                w.environment != Environment::Unknown
                    || w.wave_pinned
                    || w.activities
                        .iter()
                        .any(|a| a.kind == ActivityKind::Promotion)
            })
            || self.assets.iter().any(|a| a.data_sync.is_some());
        if uses_three {
            return 3;
        }
        let uses_two = self.bandwidth_mbps.is_some()
            || !self.waves.is_empty()
            || self
                .workloads
                .iter()
                .any(|w| !w.remediation_timing_confirmed_by.is_empty() || !w.checklist.is_empty())
            || self
                .log
                .iter()
                .any(|l| l.about.is_some() || l.due.is_some());
        if uses_two { 2 } else { 1 }
    }

    /// The party's name, or the id itself when no party has it (a dangling
    /// reference is still shown, never hidden).
    pub fn party_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.party(id).map_or(id, |p| p.name.as_str())
    }

    /// The indices in `assets` of the workload's own assets, in plan order.
    /// Reads every asset: callers that need it per frame keep it.
    pub fn assets_of(&self, workload_id: &str) -> Vec<usize> {
        self.assets
            .iter()
            .enumerate()
            .filter(|(_, a)| a.workload.as_deref() == Some(workload_id))
            .map(|(i, _)| i)
            .collect()
    }

    pub fn workload_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.workload(id).map_or(id, |w| w.name.as_str())
    }

    pub fn asset_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.asset(id).map_or(id, |a| a.name.as_str())
    }

    /// Makes sure every workload carries the three activities of the
    /// migration, in the canonical order, so a short hand-written file is
    /// complete once loaded. A Promotion activity is never added here: it
    /// comes with a decision ([`crate::change::WorkloadChange::PromotionModel`]),
    /// so a format 2 file loads and saves unchanged.
    pub fn normalize(&mut self) {
        for workload in &mut self.workloads {
            workload.normalize_activities();
        }
    }
}

/// A moment as `YYYY-MM-DD HH:MM:SS` (UTC), for lists of versions.
pub fn format_time(time: std::time::SystemTime) -> String {
    let secs = time
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (h, m, s) = (secs / 3600 % 24, secs / 60 % 60, secs % 60);
    format!("{} {h:02}:{m:02}:{s:02} UTC", civil_date(secs / 86_400))
}

/// Today's date as `YYYY-MM-DD` (UTC), from the system clock.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date(secs / 86_400)
}

/// Whether text is a calendar date written `YYYY-MM-DD` (2026-02-29 is
/// not: 2026 is no leap year).
pub fn is_date(text: &str) -> bool {
    date_parts(text).is_some_and(|(year, month, day)| {
        days_in_month(year, month).is_some_and(|days| (1..=days).contains(&day))
    })
}

/// The year, month and day of text written `YYYY-MM-DD` (digits in that
/// shape), whether or not that day is on the calendar.
fn date_parts(text: &str) -> Option<(u32, u32, u32)> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let digits = text.get(range)?;
        digits
            .bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| digits.parse().ok())?
    };
    Some((number(0..4)?, number(5..7)?, number(8..10)?))
}

/// How many days a month of a year has; `None` for no month (0, 13…).
fn days_in_month(year: u32, month: u32) -> Option<u32> {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    Some(match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    })
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Why `text` is not a date written `YYYY-MM-DD`, in words that name it
/// (`what`: "start date", "due date"…); `None` when it is one. Text in
/// the shape of a date that is not on the calendar is said so, with what
/// is wrong ("February 2025 has 28 days"). The one date check: the wave
/// board, the log, the quick log and `ferry check` all say it this way.
pub fn date_error(what: &str, text: &str) -> Option<String> {
    if is_date(text) {
        return None;
    }
    let Some((year, month, _)) = date_parts(text) else {
        return Some(format!(
            "the {what} \"{text}\" is not a date written YYYY-MM-DD (e.g. 2026-03-02)"
        ));
    };
    let why = match days_in_month(year, month) {
        Some(days) => format!("{} {year} has {days} days", MONTHS[month as usize - 1]),
        None => "a year has 12 months".to_owned(),
    };
    Some(format!(
        "the {what} {text} is not a day of the calendar ({why})"
    ))
}

/// Days since 1970-01-01 as `YYYY-MM-DD` (Howard Hinnant's civil-from-days).
fn civil_date(days: u64) -> String {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
#[path = "time_tests.rs"]
mod time_tests;

/// Reads the assets, counting them for a progress bar
/// ([`crate::progress`]).
fn counted_assets<'de, D>(deserializer: D) -> Result<Vec<std::sync::Arc<Asset>>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Counted;
    impl<'de> serde::de::Visitor<'de> for Counted {
        type Value = Vec<std::sync::Arc<Asset>>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a list of assets")
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
            while let Some(asset) = seq.next_element::<Asset>()? {
                out.push(std::sync::Arc::new(asset));
                crate::progress::add_asset();
            }
            Ok(out)
        }
    }
    deserializer.deserialize_seq(Counted)
}

/// Reads a map in which a key may appear once: a file with two `"cluster"`
/// keys in one map is an error at the second one (line and column), never
/// a silent choice of one value.
fn unique_keys<'de, D, K, V>(deserializer: D) -> Result<BTreeMap<K, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    K: Deserialize<'de> + Ord + std::fmt::Debug,
    V: Deserialize<'de>,
{
    struct Unique<K, V>(std::marker::PhantomData<(K, V)>);
    impl<'de, K, V> serde::de::Visitor<'de> for Unique<K, V>
    where
        K: Deserialize<'de> + Ord + std::fmt::Debug,
        V: Deserialize<'de>,
    {
        type Value = BTreeMap<K, V>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a map")
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(key) = map.next_key::<K>()? {
                match out.entry(key) {
                    std::collections::btree_map::Entry::Vacant(slot) => {
                        slot.insert(map.next_value()?);
                    }
                    std::collections::btree_map::Entry::Occupied(slot) => {
                        return Err(serde::de::Error::custom(format!(
                            "the key {:?} appears twice in this map; keep one",
                            slot.key()
                        )));
                    }
                }
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(Unique(std::marker::PhantomData))
}

// ---------------------------------------------------------------- workloads

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Workload {
    pub id: String,
    pub name: String,
    pub description: String,
    pub business_owner: Option<String>,
    pub technical_owner: Option<String>,
    pub criticality: Criticality,
    pub promotion_model: PromotionModel,
    pub remediation_timing: RemediationTiming,
    pub target: String,
    pub wave: String,
    pub activities: Vec<Activity>,
    pub notes: String,
    /// Format 2: the parties that confirmed they know how remediation is
    /// done for this workload (the team check).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub remediation_timing_confirmed_by: Vec<String>,
    /// Format 2: what follows staging, by the promotion model.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checklist: Vec<ChecklistItem>,
    /// Format 3: production or not (development, test, staging systems).
    #[serde(skip_serializing_if = "Environment::is_unknown")]
    pub environment: Environment,
    /// Format 3: a suggestion of waves never moves a pinned workload.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub wave_pinned: bool,
}

/// Whether a workload runs production (format 3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Environment {
    #[default]
    Unknown,
    Production,
    /// Development, test and staging systems.
    NonProduction,
}

impl Environment {
    pub const ALL: [Environment; 3] = [
        Environment::Unknown,
        Environment::Production,
        Environment::NonProduction,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Environment::Unknown => "Unknown",
            Environment::Production => "Production",
            Environment::NonProduction => "Non-production",
        }
    }

    /// The default, left out of the file.
    pub fn is_unknown(&self) -> bool {
        *self == Environment::Unknown
    }

    /// The environment a value of an inventory says (an environment tag,
    /// a VMware folder or cluster name such as `PROD-CL01` or `dev-test`),
    /// read word by word: `prod`, `production`, `prd`, `live` say
    /// Production; `dev`, `test`, `qa`, `uat`, `staging`, `sandbox`,
    /// `nonprod`, `preprod` and their kin say NonProduction. `None` when
    /// it says neither, or both: never a guess.
    pub fn from_words(text: &str) -> Option<Environment> {
        let mut production = false;
        let mut other = false;
        let lower = text.to_lowercase();
        // "Non-production" and "pre-prod" are one word each.
        let joined = lower
            .replace("non-", "non")
            .replace("non ", "non")
            .replace("pre-", "pre")
            .replace("pre ", "pre");
        for word in joined.split(|c: char| !c.is_alphanumeric()) {
            // Trailing digits name an instance: `prod01`, `dev2`.
            match word.trim_end_matches(|c: char| c.is_ascii_digit()) {
                "prod" | "production" | "prd" | "live" => production = true,
                "dev" | "development" | "devel" | "test" | "testing" | "tst" | "qa" | "uat"
                | "stage" | "staging" | "stg" | "sandbox" | "sbx" | "nonprod" | "nonproduction"
                | "np" | "preprod" | "preproduction" | "lab" | "demo" | "training" | "int"
                | "integration" | "acceptance" | "acc" => other = true,
                _ => {}
            }
        }
        match (production, other) {
            (true, false) => Some(Environment::Production),
            (false, true) => Some(Environment::NonProduction),
            _ => None,
        }
    }
}

/// One item of a workload's promotion checklist (format 2).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChecklistItem {
    /// `ck-…`.
    pub id: String,
    pub phase: Phase,
    pub text: String,
    pub owner: Option<String>,
    pub done: bool,
    pub note: String,
}

/// The phases after staging, from CAF's migrate and release guidance.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Phase {
    #[default]
    BusinessTesting,
    BusinessChangePlan,
    Ready,
    Promotion,
}

impl Phase {
    pub const ALL: [Phase; 4] = [
        Phase::BusinessTesting,
        Phase::BusinessChangePlan,
        Phase::Ready,
        Phase::Promotion,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Phase::BusinessTesting => "Business testing",
            Phase::BusinessChangePlan => "Business change plan",
            Phase::Ready => "Ready",
            Phase::Promotion => "Promotion pre-checks",
        }
    }
}

impl Default for Workload {
    fn default() -> Self {
        Self {
            id: String::new(),
            name: String::new(),
            description: String::new(),
            business_owner: None,
            technical_owner: None,
            criticality: Criticality::Medium,
            promotion_model: PromotionModel::Undecided,
            remediation_timing: RemediationTiming::Undecided,
            target: String::new(),
            wave: String::new(),
            activities: ActivityKind::MIGRATION.map(Activity::new).to_vec(),
            notes: String::new(),
            remediation_timing_confirmed_by: Vec::new(),
            checklist: Vec::new(),
            environment: Environment::Unknown,
            wave_pinned: false,
        }
    }
}

impl Workload {
    /// A new workload with a fresh id and its three empty activities.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            id: new_id(IdKind::Workload),
            name: name.into(),
            ..Self::default()
        }
    }

    pub fn activity(&self, kind: ActivityKind) -> Option<&Activity> {
        self.activities.iter().find(|a| a.kind == kind)
    }

    /// The activity of this kind, added first when the workload has none
    /// (a Promotion activity too).
    pub fn activity_mut(&mut self, kind: ActivityKind) -> &mut Activity {
        self.normalize_activities();
        if self.activity(kind).is_none() {
            self.activities.push(Activity::new(kind));
            self.activities.sort_by_key(|a| a.kind);
        }
        let index = self
            .activities
            .iter()
            .position(|a| a.kind == kind)
            .unwrap_or_default();
        &mut self.activities[index]
    }

    /// Adds any missing activity of the migration; keeps duplicates (a
    /// problem to show) and sorts them into Remediation, Replication,
    /// Staging, Promotion order.
    pub fn normalize_activities(&mut self) {
        for kind in ActivityKind::MIGRATION {
            if self.activity(kind).is_none() {
                self.activities.push(Activity::new(kind));
            }
        }
        self.activities.sort_by_key(|a| a.kind);
    }

    /// The activities this workload shows, in order: the three of the
    /// migration, and Promotion once the promotion model is decided (or
    /// when the workload has a Promotion activity, whose RACI is kept
    /// whatever the model).
    pub fn activity_kinds(&self) -> Vec<ActivityKind> {
        let mut kinds = ActivityKind::MIGRATION.to_vec();
        if self.promotion_model != PromotionModel::Undecided
            || self.activity(ActivityKind::Promotion).is_some()
        {
            kinds.push(ActivityKind::Promotion);
        }
        kinds
    }
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Criticality {
    #[default]
    Medium,
    Low,
    High,
    Critical,
}

impl Criticality {
    pub const ALL: [Criticality; 4] = [
        Criticality::Low,
        Criticality::Medium,
        Criticality::High,
        Criticality::Critical,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Criticality::Low => "Low",
            Criticality::Medium => "Medium",
            Criticality::High => "High",
            Criticality::Critical => "Critical",
        }
    }
}

/// How a staged workload becomes production (the CAF's next decision).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PromotionModel {
    #[default]
    Undecided,
    SingleStep,
    Staged,
    Flight,
}

impl PromotionModel {
    pub const ALL: [PromotionModel; 4] = [
        PromotionModel::Undecided,
        PromotionModel::SingleStep,
        PromotionModel::Staged,
        PromotionModel::Flight,
    ];

    pub fn label(self) -> &'static str {
        match self {
            PromotionModel::Undecided => "Undecided",
            PromotionModel::SingleStep => "Single-step",
            PromotionModel::Staged => "Staged",
            PromotionModel::Flight => "Flight",
        }
    }

    /// One line from the CAF, for the people in the room.
    pub fn explanation(self) -> &'static str {
        match self {
            PromotionModel::Undecided => {
                "Decide before the migration starts: it changes the replication tools."
            }
            PromotionModel::SingleStep => "Staging becomes production during the migration.",
            PromotionModel::Staged => {
                "Staged first, promoted to production later, after business testing."
            }
            PromotionModel::Flight => "Traffic moves to production in flights after staging.",
        }
    }
}

/// When compatibility issues are fixed: decided in advance, per the CAF.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RemediationTiming {
    #[default]
    Undecided,
    SameSprint,
    SeparateIteration(IterationModel),
}

impl RemediationTiming {
    pub const ALL: [RemediationTiming; 4] = [
        RemediationTiming::Undecided,
        RemediationTiming::SameSprint,
        RemediationTiming::SeparateIteration(IterationModel::Wave),
        RemediationTiming::SeparateIteration(IterationModel::Factory),
    ];

    pub fn label(self) -> &'static str {
        match self {
            RemediationTiming::Undecided => "Undecided",
            RemediationTiming::SameSprint => "Same sprint",
            RemediationTiming::SeparateIteration(IterationModel::Wave) => {
                "Separate iteration (wave)"
            }
            RemediationTiming::SeparateIteration(IterationModel::Factory) => {
                "Separate iteration (factory)"
            }
        }
    }

    pub fn explanation(self) -> &'static str {
        match self {
            RemediationTiming::Undecided => {
                "Decide in advance: remediation in the migration sprint or before it."
            }
            RemediationTiming::SameSprint => {
                "Issues are fixed in the same sprint as the migration."
            }
            RemediationTiming::SeparateIteration(IterationModel::Wave) => {
                "Issues are fixed ahead of time, in a wave of their own."
            }
            RemediationTiming::SeparateIteration(IterationModel::Factory) => {
                "Issues are fixed ahead of time by a remediation factory."
            }
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IterationModel {
    #[default]
    Wave,
    Factory,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Activity {
    pub kind: ActivityKind,
    #[serde(deserialize_with = "unique_keys")]
    pub raci: BTreeMap<String, Raci>,
    pub notes: String,
}

impl Default for Activity {
    fn default() -> Self {
        Self::new(ActivityKind::Remediation)
    }
}

impl Activity {
    pub fn new(kind: ActivityKind) -> Self {
        Self {
            kind,
            raci: BTreeMap::new(),
            notes: String::new(),
        }
    }

    pub fn count(&self, letter: Raci) -> usize {
        self.raci.values().filter(|r| **r == letter).count()
    }
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum ActivityKind {
    #[default]
    Remediation,
    Replication,
    Staging,
    /// Format 3: the step that makes the staged workload production. A
    /// workload has it once its promotion model is decided; it counts
    /// toward promotion readiness, never the definition of done.
    Promotion,
}

impl ActivityKind {
    /// Every kind, in order.
    pub const ALL: [ActivityKind; 4] = [
        ActivityKind::Remediation,
        ActivityKind::Replication,
        ActivityKind::Staging,
        ActivityKind::Promotion,
    ];

    /// The three activities of the migration itself: every workload has
    /// them, and they count toward the definition of done.
    pub const MIGRATION: [ActivityKind; 3] = [
        ActivityKind::Remediation,
        ActivityKind::Replication,
        ActivityKind::Staging,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ActivityKind::Remediation => "Remediation",
            ActivityKind::Replication => "Replication",
            ActivityKind::Staging => "Staging",
            ActivityKind::Promotion => "Promotion",
        }
    }
}

/// One RACI letter: a party's part in an activity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Raci {
    #[default]
    Responsible,
    Accountable,
    Consulted,
    Informed,
}

impl Raci {
    pub const ALL: [Raci; 4] = [
        Raci::Responsible,
        Raci::Accountable,
        Raci::Consulted,
        Raci::Informed,
    ];

    /// The letter's word: "Responsible".
    pub fn label(self) -> &'static str {
        match self {
            Raci::Responsible => "Responsible",
            Raci::Accountable => "Accountable",
            Raci::Consulted => "Consulted",
            Raci::Informed => "Informed",
        }
    }

    pub fn letter(self) -> &'static str {
        match self {
            Raci::Responsible => "R",
            Raci::Accountable => "A",
            Raci::Consulted => "C",
            Raci::Informed => "I",
        }
    }

    /// The click cycle of a RACI cell: empty → R → A → C → I → empty.
    pub fn cycle(current: Option<Raci>) -> Option<Raci> {
        match current {
            None => Some(Raci::Responsible),
            Some(Raci::Responsible) => Some(Raci::Accountable),
            Some(Raci::Accountable) => Some(Raci::Consulted),
            Some(Raci::Consulted) => Some(Raci::Informed),
            Some(Raci::Informed) => None,
        }
    }

    /// The click cycle when `other_accountable` (another party is already
    /// Accountable for the activity): A is skipped, so cycling never makes
    /// a second Accountable on its way to C or I.
    pub fn cycle_keeping_one_accountable(
        current: Option<Raci>,
        other_accountable: bool,
    ) -> Option<Raci> {
        match Raci::cycle(current) {
            Some(Raci::Accountable) if other_accountable => Some(Raci::Consulted),
            next => next,
        }
    }
}
