//! An asset and its readiness: what it is, its strategy, assessment,
//! remediation, replication and staging, as the file format has them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{ActivityKind, Facts, IdKind, new_id, unique_keys};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Asset {
    pub id: String,
    pub name: String,
    pub kind: AssetKind,
    pub workload: Option<String>,
    pub depends_on: Vec<String>,
    pub strategy: Strategy,
    pub assessment: Assessment,
    pub remediation: Remediation,
    pub replication: Replication,
    /// Format 3: the secondary means that keeps a database or data asset
    /// in sync from staging until promotion (staged and flight promotion).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_sync: Option<ReplicationTool>,
    pub staging: Staging,
    #[serde(deserialize_with = "unique_keys")]
    pub owners: BTreeMap<ActivityKind, String>,
    pub source: Facts,
    pub notes: String,
}

impl Default for Asset {
    fn default() -> Self {
        Self {
            id: String::new(),
            name: String::new(),
            kind: AssetKind::VirtualMachine,
            workload: None,
            depends_on: Vec::new(),
            strategy: Strategy::Undecided,
            assessment: Assessment::Unknown,
            remediation: Remediation::default(),
            replication: Replication::default(),
            data_sync: None,
            staging: Staging::NotStaged,
            owners: BTreeMap::new(),
            source: Facts::new(),
            notes: String::new(),
        }
    }
}

impl Asset {
    pub fn new(name: impl Into<String>, kind: AssetKind) -> Self {
        Self {
            id: new_id(IdKind::Asset),
            name: name.into(),
            kind,
            ..Self::default()
        }
    }
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum AssetKind {
    #[default]
    VirtualMachine,
    Database,
    Application,
    Data,
    Network,
    Other,
}

impl AssetKind {
    pub const ALL: [AssetKind; 6] = [
        AssetKind::VirtualMachine,
        AssetKind::Database,
        AssetKind::Application,
        AssetKind::Data,
        AssetKind::Network,
        AssetKind::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            AssetKind::VirtualMachine => "VM",
            AssetKind::Database => "Database",
            AssetKind::Application => "Application",
            AssetKind::Data => "Data",
            AssetKind::Network => "Network",
            AssetKind::Other => "Other",
        }
    }
}

/// The CAF's migration strategies (the "Rs").
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Strategy {
    #[default]
    Undecided,
    Rehost,
    Replatform,
    Refactor,
    Rearchitect,
    Rebuild,
    Replace,
    Retire,
    Retain,
}

impl Strategy {
    pub const ALL: [Strategy; 9] = [
        Strategy::Undecided,
        Strategy::Rehost,
        Strategy::Replatform,
        Strategy::Refactor,
        Strategy::Rearchitect,
        Strategy::Rebuild,
        Strategy::Replace,
        Strategy::Retire,
        Strategy::Retain,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Strategy::Undecided => "Undecided",
            Strategy::Rehost => "Rehost",
            Strategy::Replatform => "Replatform",
            Strategy::Refactor => "Refactor",
            Strategy::Rearchitect => "Rearchitect",
            Strategy::Rebuild => "Rebuild",
            Strategy::Replace => "Replace",
            Strategy::Retire => "Retire",
            Strategy::Retain => "Retain",
        }
    }
}

/// Azure Migrate's readiness categories.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Assessment {
    #[default]
    Unknown,
    Ready,
    ReadyWithConditions,
    NotReady,
}

impl Assessment {
    pub const ALL: [Assessment; 4] = [
        Assessment::Unknown,
        Assessment::Ready,
        Assessment::ReadyWithConditions,
        Assessment::NotReady,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Assessment::Unknown => "Unknown",
            Assessment::Ready => "Ready",
            Assessment::ReadyWithConditions => "Ready with conditions",
            Assessment::NotReady => "Not ready",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Remediation {
    pub status: RemediationStatus,
    pub issues: Vec<Issue>,
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum RemediationStatus {
    #[default]
    NotRequired,
    Required,
    InProgress,
    Done,
}

impl RemediationStatus {
    pub const ALL: [RemediationStatus; 4] = [
        RemediationStatus::NotRequired,
        RemediationStatus::Required,
        RemediationStatus::InProgress,
        RemediationStatus::Done,
    ];

    pub fn label(self) -> &'static str {
        match self {
            RemediationStatus::NotRequired => "Not required",
            RemediationStatus::Required => "Required",
            RemediationStatus::InProgress => "In progress",
            RemediationStatus::Done => "Done",
        }
    }
}

/// A compatibility issue that blocks migration until resolved.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Issue {
    pub text: String,
    pub resolved: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Replication {
    pub status: ReplicationStatus,
    pub tool: ReplicationTool,
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum ReplicationStatus {
    #[default]
    NotStarted,
    Replicating,
    Replicated,
    Verified,
    Failed,
}

impl ReplicationStatus {
    pub const ALL: [ReplicationStatus; 5] = [
        ReplicationStatus::NotStarted,
        ReplicationStatus::Replicating,
        ReplicationStatus::Replicated,
        ReplicationStatus::Verified,
        ReplicationStatus::Failed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ReplicationStatus::NotStarted => "Not started",
            ReplicationStatus::Replicating => "Replicating",
            ReplicationStatus::Replicated => "Replicated",
            ReplicationStatus::Verified => "Verified",
            ReplicationStatus::Failed => "Failed",
        }
    }
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum ReplicationTool {
    #[default]
    Undecided,
    AzureMigrate,
    SiteRecovery,
    DatabaseMigrationService,
    AzCopy,
    DataBox,
    Manual,
    Other,
}

impl ReplicationTool {
    pub const ALL: [ReplicationTool; 8] = [
        ReplicationTool::Undecided,
        ReplicationTool::AzureMigrate,
        ReplicationTool::SiteRecovery,
        ReplicationTool::DatabaseMigrationService,
        ReplicationTool::AzCopy,
        ReplicationTool::DataBox,
        ReplicationTool::Manual,
        ReplicationTool::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ReplicationTool::Undecided => "Undecided",
            ReplicationTool::AzureMigrate => "Azure Migrate",
            ReplicationTool::SiteRecovery => "Site Recovery",
            ReplicationTool::DatabaseMigrationService => "Database Migration Service",
            ReplicationTool::AzCopy => "AzCopy",
            ReplicationTool::DataBox => "Data Box",
            ReplicationTool::Manual => "Manual",
            ReplicationTool::Other => "Other",
        }
    }

    /// Whether the tool keeps replicating until the switch or copies
    /// once. CAF: in single-step promotion the migration tool must keep
    /// replicating until it promotes; a one-shot copy (Data Box, a manual
    /// copy) is stale by then.
    pub fn mode(self) -> ReplicationMode {
        match self {
            ReplicationTool::AzureMigrate
            | ReplicationTool::SiteRecovery
            | ReplicationTool::DatabaseMigrationService => ReplicationMode::Continuous,
            ReplicationTool::AzCopy | ReplicationTool::DataBox | ReplicationTool::Manual => {
                ReplicationMode::Once
            }
            ReplicationTool::Undecided | ReplicationTool::Other => ReplicationMode::Unknown,
        }
    }

    /// The tool and how it replicates, for a picker: "Data Box — copies
    /// once"; the label alone when that is not known.
    pub fn described(self) -> String {
        match self.mode().label() {
            Some(how) => format!("{} — {how}", self.label()),
            None => self.label().to_owned(),
        }
    }
}

/// How a replication tool keeps the copy current.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReplicationMode {
    /// Replicates until the switch (Azure Migrate, Site Recovery, online
    /// Database Migration Service).
    Continuous,
    /// Copies once (AzCopy, Data Box, a manual copy): stale when the
    /// source keeps changing.
    Once,
    /// Not decided, or a tool Ferry does not know.
    Unknown,
}

impl ReplicationMode {
    /// In words, for a picker; `None` when unknown.
    pub fn label(self) -> Option<&'static str> {
        match self {
            ReplicationMode::Continuous => Some("replicates continuously"),
            ReplicationMode::Once => Some("copies once"),
            ReplicationMode::Unknown => None,
        }
    }
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Staging {
    #[default]
    NotStaged,
    Staged,
}

impl Staging {
    pub fn label(self) -> &'static str {
        match self {
            Staging::NotStaged => "Not staged",
            Staging::Staged => "Staged",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a replication tool picker says of each tool.
    #[test]
    fn each_tool_says_whether_it_keeps_replicating_or_copies_once() {
        use ReplicationMode::{Continuous, Once, Unknown};
        let modes: Vec<(ReplicationTool, ReplicationMode)> = ReplicationTool::ALL
            .iter()
            .map(|t| (*t, t.mode()))
            .collect();
        assert_eq!(
            modes,
            [
                (ReplicationTool::Undecided, Unknown),
                (ReplicationTool::AzureMigrate, Continuous),
                (ReplicationTool::SiteRecovery, Continuous),
                (ReplicationTool::DatabaseMigrationService, Continuous),
                (ReplicationTool::AzCopy, Once),
                (ReplicationTool::DataBox, Once),
                (ReplicationTool::Manual, Once),
                (ReplicationTool::Other, Unknown),
            ]
        );
        assert_eq!(
            ReplicationTool::DataBox.described(),
            "Data Box — copies once"
        );
        assert_eq!(
            ReplicationTool::AzureMigrate.described(),
            "Azure Migrate — replicates continuously"
        );
        assert_eq!(ReplicationTool::Other.described(), "Other");
    }
}
