//! Real processes racing over one plan: two to four `ferry import`
//! commands started together into the same plan, round after round. Each
//! writer either lands (exit 0, "saved", its assets in the final file) or
//! is refused (exit 2, "changed by someone else", nothing said saved) —
//! never a "saved" whose assets are missing.
//!
//! 50 rounds by default (a few seconds on two cores); set
//! `FERRY_STRESS_ROUNDS` for a longer run.

use std::path::Path;
use std::process::{Command, Stdio};

fn arg(path: &Path) -> &str {
    path.to_str().expect("utf8 path")
}

#[test]
fn racing_imports_each_land_or_are_refused_never_lost() {
    let rounds: usize = std::env::var("FERRY_STRESS_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(50);
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut landed, mut refused) = (0, 0);
    for round in 0..rounds {
        let writers = 2 + round % 3;
        let plan = dir.path().join(format!("plan-{round}.ron"));
        // A small plan to start from, so every writer reads a file.
        let seed = dir.path().join(format!("seed-{round}.csv"));
        std::fs::write(&seed, "VM,CPUs\nseed-01,2\nseed-02,4\n").expect("seed");
        let out = Command::new(env!("CARGO_BIN_EXE_ferry"))
            .args(["import", "rvtools", arg(&seed), "--into", arg(&plan)])
            .output()
            .expect("ferry runs");
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let inventories: Vec<_> = (0..writers)
            .map(|w| {
                let csv = dir.path().join(format!("inv-{round}-{w}.csv"));
                let rows: String = (0..20)
                    .map(|i| format!("w{w}-vm-{i:02},{}\n", 1 + i % 8))
                    .collect();
                std::fs::write(&csv, format!("VM,CPUs\n{rows}")).expect("csv");
                csv
            })
            .collect();
        let children: Vec<_> = inventories
            .iter()
            .map(|csv| {
                Command::new(env!("CARGO_BIN_EXE_ferry"))
                    .args(["import", "rvtools", arg(csv), "--into", arg(&plan)])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("ferry starts")
            })
            .collect();
        let outputs: Vec<_> = children
            .into_iter()
            .map(|c| c.wait_with_output().expect("ferry ends"))
            .collect();
        let text = std::fs::read_to_string(&plan).expect("the plan");
        let final_plan = ferry::storage::parse(&text, &plan).expect("a whole plan");
        let has = |name: &str| final_plan.assets.iter().any(|a| a.name == name);
        assert!(has("seed-01"), "round {round}: the seed was lost");
        let mut landed_here = 0;
        for (w, out) in outputs.iter().enumerate() {
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            let said_saved = stdout.lines().any(|l| l.starts_with("saved "));
            match out.status.code() {
                Some(0) => {
                    assert!(said_saved, "round {round}, writer {w}: {stdout}");
                    let missing: Vec<String> = (0..20)
                        .map(|i| format!("w{w}-vm-{i:02}"))
                        .filter(|n| !has(n))
                        .collect();
                    assert!(
                        missing.is_empty(),
                        "round {round}, writer {w} said saved but {} {} missing: {missing:?}",
                        ferry::words::count(missing.len(), "asset"),
                        ferry::words::noun(missing.len(), "is")
                    );
                    landed_here += 1;
                }
                Some(2) => {
                    assert!(
                        !said_saved,
                        "round {round}, writer {w}: refused yet {stdout}"
                    );
                    assert!(
                        stderr.contains("changed by someone else"),
                        "round {round}, writer {w}: {stderr}"
                    );
                    refused += 1;
                }
                other => panic!("round {round}, writer {w}: exit {other:?}: {stderr}"),
            }
        }
        // The first to take the lock finds the file it read.
        assert!(landed_here >= 1, "round {round}: nobody landed");
        landed += landed_here;
    }
    eprintln!("{rounds} rounds: {landed} imports landed, {refused} refused, none lost");
}
