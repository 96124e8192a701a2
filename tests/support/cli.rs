//! What the command-line tests share: running the built `ferry` and
//! reading what it printed. Each test binary uses some of these.
#![allow(dead_code)]

use std::process::{Command, Output};

/// Runs the built `ferry` with `args`, waiting for it to finish.
pub fn ferry(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ferry"))
        .args(args)
        .output()
        .expect("ferry runs")
}

/// Printed bytes as text (lossy: a test reads what a person would).
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// What `--json` printed, or a panic that shows the text instead.
pub fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(&output.stdout)))
}
