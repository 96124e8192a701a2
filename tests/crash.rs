//! Crash safety: a child process saves large plans over one file in a loop
//! and is killed (SIGKILL) at random moments. After every kill the file must
//! load and be exactly one of the two plans, whole.
//!
//! The child is this same test binary, started with an environment variable
//! that makes the `child_saves_in_a_loop` test do the saving.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHILD: &str = "FERRY_CRASH_CHILD_DIR";
const KILLS: usize = 200;

fn plans(dir: &Path) -> (PathBuf, PathBuf) {
    (dir.join("a.ron"), dir.join("b.ron"))
}

/// In the child: load both plans, then save them in turn over target.ron
/// until killed.
#[test]
fn child_saves_in_a_loop() {
    let Some(dir) = std::env::var_os(CHILD).map(PathBuf::from) else {
        return; // Only does anything when started by the parent below.
    };
    let (a, b) = plans(&dir);
    let a = ferry::storage::load(&a).expect("plan a");
    let b = ferry::storage::load(&b).expect("plan b");
    let target = dir.join("target.ron");
    eprintln!("ready");
    loop {
        for plan in [&a, &b] {
            ferry::storage::save(plan, &target).expect("save");
        }
    }
}

#[test]
fn a_killed_save_never_leaves_a_broken_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a_path, b_path) = plans(dir.path());
    let a = ferry::generate::generate(1_500, 1);
    let b = ferry::generate::generate(1_500, 2);
    ferry::storage::save(&a, &a_path).expect("a");
    ferry::storage::save(&b, &b_path).expect("b");
    let a_text = std::fs::read(&a_path).expect("a");
    let b_text = std::fs::read(&b_path).expect("b");
    let target = dir.path().join("target.ron");
    ferry::storage::save(&a, &target).expect("start");

    let mut rng = fastrand::Rng::with_seed(7);
    let (mut saw_a, mut saw_b) = (0, 0);
    let start = Instant::now();
    for kill in 0..KILLS {
        let mut child = Command::new(std::env::current_exe().expect("test binary"))
            .args([
                "--exact",
                "child_saves_in_a_loop",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("child starts");
        // Wait until it is saving, then kill it at a random moment.
        let mut ready = String::new();
        let mut stderr = std::io::BufReader::new(child.stderr.take().expect("stderr"));
        while !ready.contains("ready") {
            ready.clear();
            if std::io::BufRead::read_line(&mut stderr, &mut ready).expect("child output") == 0 {
                break;
            }
        }
        std::thread::sleep(Duration::from_micros(rng.u64(0..80_000)));
        child.kill().expect("kill");
        child.wait().expect("reaped");
        let bytes = std::fs::read(&target).expect("the plan file is there");
        assert!(
            bytes == a_text || bytes == b_text,
            "after kill {kill} the file is neither plan ({} bytes)",
            bytes.len()
        );
        if bytes == a_text {
            saw_a += 1
        } else {
            saw_b += 1
        }
        ferry::storage::load(&target).expect("and it loads");
    }
    // Leftover temporary files from killed saves are hidden dot-files; the
    // plan itself is always whole.
    eprintln!(
        "{KILLS} kills survived in {:.1} s: old plan {saw_a} times, new plan {saw_b} times",
        start.elapsed().as_secs_f32()
    );
    assert!(
        saw_a > 0 && saw_b > 0,
        "kills landed at different moments: a {saw_a}, b {saw_b}"
    );
}
