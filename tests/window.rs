//! Starts the real binary in a real X window (under Xvfb), finds the window
//! by its title and takes a screenshot: the app starts, draws and names its
//! window after the plan. Then drives the RACI grid with real key presses
//! (xdotool) and reads the saved file: a real window sends events a
//! headless test does not (its own arrow-key focus moves among them), and
//! one arrow must still move one cell.
//!
//! Needs Xvfb, xdotool and ImageMagick's `import`; `.ci/run` installs them.
//! Without them the tests are skipped locally, and fail under CI.

use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
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

/// Whether the tools are there; `false` (skip) locally without them.
fn tools_ready() -> bool {
    let missing: Vec<&str> = ["Xvfb", "xdotool", "import", "identify"]
        .into_iter()
        .filter(|t| !have(t))
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must provide {missing:?} (see .ci/run)"
    );
    eprintln!("skipped: {missing:?} not installed (run .ci/run to install them)");
    false
}

/// An X server without a screen, and its display name. Xvfb picks a free
/// display itself and writes its number on standard output once it is up
/// (-displayfd): a display left locked by an earlier run that was killed
/// cannot make the test fail.
struct Display {
    name: String,
    /// Kept open until the end: Xvfb writing to a closed pipe would die.
    _out: std::io::BufReader<ChildStdout>,
    _xvfb: Killed,
}

fn start_display() -> Display {
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
    let mut out = std::io::BufReader::new(xvfb.0.stdout.take().expect("Xvfb's output"));
    std::io::BufRead::read_line(&mut out, &mut line).expect("Xvfb says its display");
    let number: u32 = line.trim().parse().expect("a display number");
    Display {
        name: format!(":{number}"),
        _out: out,
        _xvfb: xvfb,
    }
}

/// The release or debug binary on `plan`, with a home of its own; what it
/// says goes to `ferry.log` there.
fn start_app(display: &Display, plan: &Path, home: &Path) -> Killed {
    Killed(
        Command::new(env!("CARGO_BIN_EXE_ferry"))
            .arg(plan)
            .env("DISPLAY", &display.name)
            .env_remove("WAYLAND_DISPLAY")
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(home.join("ferry.log")).expect("a log file"))
            .spawn()
            .expect("ferry starts"),
    )
}

/// Starts the app on `plan` and finds its window titled `title`. On a busy
/// machine the first connection to a new X server has now and then been
/// refused although the server was up: an app that could not connect is
/// started again (twice at most); any other failure fails the test, with
/// what the app said.
fn open_window(display: &Display, plan: &Path, home: &Path, title: &str) -> (Killed, String) {
    let said = || std::fs::read_to_string(home.join("ferry.log")).unwrap_or_default();
    for attempt in 0..3 {
        let mut app = start_app(display, plan, home);
        if let Some(window) = find_window(display, title, &mut app) {
            return (app, window);
        }
        if attempt == 2 || !said().contains("connection to X server") {
            break;
        }
        std::thread::sleep(Duration::from_secs(1));
    }
    panic!(
        "no window titled {title:?} within 60 s; ferry said: {}",
        said()
    )
}

fn xdotool(display: &Display, args: &[&str]) -> String {
    let out = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", &display.name)
        .output()
        .expect("xdotool runs");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// The window with exactly this title, once it is there; `None` after
/// 60 s, or as soon as the app has ended.
fn find_window(display: &Display, title: &str, app: &mut Killed) -> Option<String> {
    let search = title.split(" — ").next().unwrap_or(title);
    wait_for(Duration::from_secs(60), || {
        if app.0.try_wait().ok().flatten().is_some() {
            return Some(None);
        }
        xdotool(display, &["search", "--name", search])
            .lines()
            .find(|id| xdotool(display, &["getwindowname", id]) == title)
            .map(|id| Some(id.to_owned()))
    })
    .flatten()
}

/// Takes a picture of the window once it shows a drawn UI (more than 50
/// colours); returns the colours counted.
fn screenshot(display: &Display, window: &str, shot: &Path) -> u32 {
    let _ = std::fs::remove_file(shot);
    wait_for(Duration::from_secs(30), || {
        std::thread::sleep(Duration::from_millis(500));
        let ok = Command::new("import")
            .args(["-window", window, shot.to_str()?])
            .env("DISPLAY", &display.name)
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
    .expect("the window shows a drawn UI, not a blank surface")
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("resources/examples/contoso-wave1.ron")
}

/// One real window at a time: two software-rendered windows starting
/// together on a small machine can take longer than a window is waited for.
static ONE_WINDOW: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_window() -> std::sync::MutexGuard<'static, ()> {
    ONE_WINDOW
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[test]
fn the_app_opens_a_window_named_after_the_plan() {
    if !tools_ready() {
        return;
    }
    let _one = one_window();
    let display = start_display();
    let home = tempfile::tempdir().expect("tempdir");
    let (_app, window) = open_window(
        &display,
        &example(),
        home.path(),
        "Contoso wave 1 — contoso-wave1.ron — Ferry",
    );
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ferry-window.png");
    let colours = screenshot(&display, &window, &shot);
    assert!(colours > 50);
    eprintln!("screenshot: {} ({colours} colours)", shot.display());
}

/// Presses keys in the focused window, one by one, with the pause a
/// person leaves (keys sent to a window by id are marked synthetic and
/// ignored; these go through the X server's test extension, as a
/// keyboard's would).
fn keys(display: &Display, keys: &[&str]) {
    for key in keys {
        xdotool(display, &["key", "--delay", "120", key]);
        std::thread::sleep(Duration::from_millis(150));
    }
}

#[test]
fn real_key_presses_move_the_raci_grid_one_cell_and_the_file_keeps_the_letters() {
    if !tools_ready() {
        return;
    }
    let _one = one_window();
    let display = start_display();
    let home = tempfile::tempdir().expect("tempdir");
    let plan = home.path().join("workshop.ron");
    std::fs::copy(example(), &plan).expect("a copy of the example");
    let before = ferry::storage::load(&plan).expect("the example loads");
    let (_app, window) = open_window(
        &display,
        &plan,
        home.path(),
        "Contoso wave 1 — workshop.ron — Ferry",
    );
    screenshot(&display, &window, &home.path().join("start.png"));
    // Without a window manager, keys reach the window once it has focus.
    xdotool(&display, &["windowfocus", &window]);
    std::thread::sleep(Duration::from_millis(300));

    // The palette to ERP, then one key to its grid's first cell.
    keys(&display, &["ctrl+k"]);
    xdotool(&display, &["type", "--delay", "80", "ERP"]);
    std::thread::sleep(Duration::from_millis(300));
    keys(&display, &["Return", "ctrl+r"]);
    // Down, Right, Down, Right: the third party, the third activity.
    keys(&display, &["Down", "Right", "Down", "Right", "r"]);
    // ERP's promotion model is decided, so Promotion is the last column:
    // Right reaches it, Right again stays there; Home goes to the first.
    keys(&display, &["Right", "Right", "i", "Home", "c", "ctrl+s"]);

    let erp = |p: &ferry::model::Plan| {
        p.workloads
            .iter()
            .find(|w| w.name == "ERP")
            .cloned()
            .expect("ERP")
    };
    let governance = before
        .parties
        .iter()
        .find(|p| p.name == "Cloud governance team")
        .map(|p| p.id.clone())
        .expect("the third party");
    let saved = wait_for(Duration::from_secs(20), || {
        let now = ferry::storage::load(&plan).ok()?;
        (erp(&now) != erp(&before)).then_some(now)
    })
    .expect("the plan was saved with the change");
    let letter = |kind: ferry::model::ActivityKind| {
        erp(&saved)
            .activity(kind)
            .and_then(|a| a.raci.get(&governance).copied())
    };
    use ferry::model::{ActivityKind, Raci};
    assert_eq!(letter(ActivityKind::Staging), Some(Raci::Responsible));
    assert_eq!(letter(ActivityKind::Remediation), Some(Raci::Consulted));
    assert_eq!(letter(ActivityKind::Replication), None);
    assert_eq!(letter(ActivityKind::Promotion), Some(Raci::Informed));
    // Nothing else of ERP changed: each key acted on its one cell.
    let mut expected = erp(&before);
    expected
        .activity_mut(ActivityKind::Staging)
        .raci
        .insert(governance.clone(), Raci::Responsible);
    expected
        .activity_mut(ActivityKind::Promotion)
        .raci
        .insert(governance.clone(), Raci::Informed);
    expected
        .activity_mut(ActivityKind::Remediation)
        .raci
        .insert(governance, Raci::Consulted);
    assert_eq!(erp(&saved), expected);
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ferry-grid.png");
    screenshot(&display, &window, &shot);
    eprintln!("screenshot: {}", shot.display());
}
