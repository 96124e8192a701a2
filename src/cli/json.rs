//! How the subcommands write a problem: one JSON shape (`--json`) and one
//! line of text, whichever command lists it (`check`, `merge`, `waves`).

use std::fmt;

use serde::Serialize;

use crate::derive::{Blocker, Problem};

/// A problem in JSON: `{"severity", "code", "message", "subject"}`.
#[derive(Serialize)]
pub(super) struct JsonProblem {
    severity: &'static str,
    code: &'static str,
    message: String,
    subject: Option<String>,
}

impl From<&Problem> for JsonProblem {
    fn from(p: &Problem) -> Self {
        JsonProblem {
            severity: p.severity.key(),
            code: p.code,
            message: p.message.clone(),
            subject: p.subject.key(),
        }
    }
}

/// A blocker of a workload in JSON: a problem without a severity (every
/// blocker keeps the workload from done).
#[derive(Serialize)]
pub(super) struct JsonBlocker {
    code: &'static str,
    message: String,
    subject: Option<String>,
}

impl From<&Blocker> for JsonBlocker {
    fn from(b: &Blocker) -> Self {
        JsonBlocker {
            code: b.code,
            message: b.message.clone(),
            subject: b.subject.key(),
        }
    }
}

/// Problems as JSON, in their order.
pub(super) fn json_problems<'a>(
    problems: impl IntoIterator<Item = &'a Problem>,
) -> Vec<JsonProblem> {
    problems.into_iter().map(JsonProblem::from).collect()
}

/// A problem as text: `warning [code] message`.
pub(super) struct ProblemText<'a>(pub &'a Problem);

impl fmt::Display for ProblemText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.0;
        write!(f, "{} [{}] {}", p.severity.key(), p.code, p.message)
    }
}
