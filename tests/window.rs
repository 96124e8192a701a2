//! Starts the real binary in a real X window (under Xvfb), finds the window
//! by its title and takes a screenshot: the app starts, draws and names its
//! window after the plan.
//!
//! Needs Xvfb, xdotool and ImageMagick's `import`; `.ci/run` installs them.
//! Without them the test is skipped locally, and fails under CI.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Kills a child process when dropped, so a failed assertion leaves nothing
/// running.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn wait_for<T>(timeout: Duration, mut probe: impl FnMut() -> Option<T>) -> Option<T> {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if let Some(v) = probe() {
            return Some(v);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    None
}

#[test]
fn the_app_opens_a_window_named_after_the_plan() {
    let missing: Vec<&str> = ["Xvfb", "xdotool", "import", "identify"]
        .into_iter()
        .filter(|t| !have(t))
        .collect();
    if !missing.is_empty() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must provide {missing:?} (see .ci/run)"
        );
        eprintln!("skipped: {missing:?} not installed (run .ci/run to install them)");
        return;
    }
    // Xvfb picks a free display itself and writes its number on standard
    // output once it is up (-displayfd): a display left locked by an
    // earlier run that was killed cannot make the test fail.
    let mut xvfb = Killed(
        Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1400x900x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb starts"),
    );
    let mut line = String::new();
    // Kept open until the end: Xvfb writing to a closed pipe would die.
    let mut xvfb_out = std::io::BufReader::new(xvfb.0.stdout.take().expect("Xvfb's output"));
    std::io::BufRead::read_line(&mut xvfb_out, &mut line).expect("Xvfb says its display");
    let display_number: u32 = line.trim().parse().expect("a display number");
    let display = format!(":{display_number}");
    let _xvfb = (xvfb_out, xvfb);

    let home = tempfile::tempdir().expect("tempdir");
    let example: PathBuf =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("resources/examples/contoso-wave1.ron");
    let _app = Killed(
        Command::new(env!("CARGO_BIN_EXE_ferry"))
            .arg(&example)
            .env("DISPLAY", &display)
            .env_remove("WAYLAND_DISPLAY")
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_DATA_HOME", home.path().join("data"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("ferry starts"),
    );

    let title = "Contoso wave 1 — contoso-wave1.ron — Ferry";
    let window = wait_for(Duration::from_secs(60), || {
        let out = Command::new("xdotool")
            .args(["search", "--name", "Contoso wave 1"])
            .env("DISPLAY", &display)
            .output()
            .ok()?;
        let ids = String::from_utf8_lossy(&out.stdout).to_string();
        ids.lines().find_map(|id| {
            let name = Command::new("xdotool")
                .args(["getwindowname", id])
                .env("DISPLAY", &display)
                .output()
                .ok()?;
            (String::from_utf8_lossy(&name.stdout).trim() == title).then(|| id.to_owned())
        })
    })
    .unwrap_or_else(|| panic!("no window titled {title:?} within 60 s"));

    // Give the first frames time to draw, then take the picture.
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ferry-window.png");
    let _ = std::fs::remove_file(&shot);
    let colours = wait_for(Duration::from_secs(30), || {
        std::thread::sleep(Duration::from_millis(500));
        let ok = Command::new("import")
            .args(["-window", &window, shot.to_str()?])
            .env("DISPLAY", &display)
            .status()
            .ok()?
            .success();
        if !ok {
            return None;
        }
        let out = Command::new("identify")
            .args(["-format", "%k", shot.to_str()?])
            .output()
            .ok()?;
        let n: u32 = String::from_utf8_lossy(&out.stdout).trim().parse().ok()?;
        (n > 50).then_some(n)
    })
    .expect("the window shows a drawn UI, not a blank surface");
    assert!(colours > 50);
    eprintln!("screenshot: {} ({colours} colours)", shot.display());
}
