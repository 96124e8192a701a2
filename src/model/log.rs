//! The log: decisions, risks, actions and questions raised in a workshop.

use serde::{Deserialize, Serialize};

/// A decision, risk, action or question raised in a workshop.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogEntry {
    pub id: String,
    pub kind: LogKind,
    pub text: String,
    pub owner: Option<String>,
    pub status: LogStatus,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Format 2: the workload, asset or party the entry is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    /// Format 2: `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
}

impl Default for LogEntry {
    fn default() -> Self {
        Self {
            id: String::new(),
            kind: LogKind::Decision,
            text: String::new(),
            owner: None,
            status: LogStatus::Open,
            date: String::new(),
            about: None,
            due: None,
        }
    }
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum LogKind {
    #[default]
    Decision,
    Risk,
    Action,
    Question,
}

impl LogKind {
    pub const ALL: [LogKind; 4] = [
        LogKind::Decision,
        LogKind::Risk,
        LogKind::Action,
        LogKind::Question,
    ];

    pub fn label(self) -> &'static str {
        match self {
            LogKind::Decision => "Decision",
            LogKind::Risk => "Risk",
            LogKind::Action => "Action",
            LogKind::Question => "Question",
        }
    }
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum LogStatus {
    #[default]
    Open,
    Done,
}

impl LogStatus {
    pub fn label(self) -> &'static str {
        match self {
            LogStatus::Open => "Open",
            LogStatus::Done => "Done",
        }
    }
}
