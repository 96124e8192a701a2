//! Ferry: plan and track the execution of a cloud workload migration.
//!
//! The core (`model`, `derive`, `edit`, `storage`, `session`, `history`, `generate`) knows nothing
//! of the UI; the CLI, the app, the tests and the benchmarks all drive it.

pub mod about;
#[cfg(feature = "gui")]
pub mod app;
pub mod change;
pub mod checklist;
pub mod cli;
pub mod derive;
pub mod diff;
pub mod edit;
pub mod estimate;
pub mod example;
pub mod export;
pub mod generate;
pub mod graph;
pub mod history;
pub mod import;
pub mod merge;
pub mod model;
pub mod progress;
pub mod promotion;
pub mod session;
pub mod storage;
pub mod suggest;
pub mod touches;
pub mod words;
