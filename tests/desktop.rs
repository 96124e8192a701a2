//! Ferry as a desktop application: the desktop entry, the file type of
//! plans, the icon and the window as a desktop sees them.
//!
//! The system's own tools judge the files where they are installed
//! (`desktop-file-validate`, `update-mime-database`, `gio`,
//! `update-desktop-database`, and Xvfb with `xprop` for the window); each
//! test that needs one says it is skipped when it is missing, except under
//! CI, where `.ci/run` installs them.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The MIME type of a Ferry plan, as the desktop entry and the MIME
/// definition name it.
const PLAN_TYPE: &str = "application/x-ferry-plan";
/// The MIME type of any other RON file.
const RON_TYPE: &str = "text/x-ron";
/// The icon sizes installed (hicolor `NxN/apps/ferry.png`).
const ICON_SIZES: [u32; 8] = [16, 24, 32, 48, 64, 128, 256, 512];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn desktop_entry() -> PathBuf {
    root().join("resources/linux/ferry.desktop")
}

fn mime_definition() -> PathBuf {
    root().join("resources/linux/ferry.xml")
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Whether every tool is there; if not, says which are missing and that
/// the test is skipped (and fails under CI, which installs them).
fn tools(names: &[&str]) -> bool {
    let missing: Vec<&str> = names.iter().copied().filter(|t| !have(t)).collect();
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

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn run(command: &mut Command) -> Output {
    let output = command.output().expect("the tool runs");
    assert!(
        output.status.success(),
        "{command:?} failed: {}{}",
        text(&output.stdout),
        text(&output.stderr)
    );
    output
}

/// The value of `key` in the desktop entry's main group.
fn entry_value(entry: &str, key: &str) -> Option<String> {
    entry
        .lines()
        .skip_while(|l| l.trim() != "[Desktop Entry]")
        .skip(1)
        .take_while(|l| !l.starts_with('['))
        .find_map(|l| l.strip_prefix(&format!("{key}=")).map(str::to_owned))
}

#[test]
fn the_desktop_entry_opens_plans_with_ferry() {
    let entry = std::fs::read_to_string(desktop_entry()).expect("the desktop entry");
    let binary = Path::new(env!("CARGO_BIN_EXE_ferry"))
        .file_stem()
        .expect("a binary name")
        .to_string_lossy()
        .into_owned();
    assert_eq!(
        entry_value(&entry, "Exec").as_deref(),
        Some(format!("{binary} %f").as_str()),
        "a double-clicked plan is passed to the binary as its one file"
    );
    assert_eq!(entry_value(&entry, "Name").as_deref(), Some("Ferry"));
    assert_eq!(entry_value(&entry, "Type").as_deref(), Some("Application"));
    assert_eq!(entry_value(&entry, "Terminal").as_deref(), Some("false"));
    let icon = entry_value(&entry, "Icon").expect("an icon");
    for size in ICON_SIZES {
        let png = root().join(format!(
            "resources/icons/hicolor/{size}x{size}/apps/{icon}.png"
        ));
        assert!(
            png.is_file(),
            "{} is installed as the entry's icon",
            png.display()
        );
    }
    let types = entry_value(&entry, "MimeType").expect("the types it opens");
    assert!(types.split(';').any(|t| t == PLAN_TYPE), "{types}");
    let definition = std::fs::read_to_string(mime_definition()).expect("the MIME definition");
    assert!(
        definition.contains(&format!("<mime-type type=\"{PLAN_TYPE}\">")),
        "the type the entry opens is the one the definition defines"
    );
    let categories = entry_value(&entry, "Categories").expect("categories");
    assert!(categories.split(';').any(|c| c == "Office"), "{categories}");
    // The window's app id, which groups it under this entry in a taskbar.
    assert_eq!(
        entry_value(&entry, "StartupWMClass").as_deref(),
        Some("ferry")
    );

    if !tools(&["desktop-file-validate"]) {
        return;
    }
    let output = run(Command::new("desktop-file-validate").arg(desktop_entry()));
    let said = format!("{}{}", text(&output.stdout), text(&output.stderr));
    assert!(said.trim().is_empty(), "desktop-file-validate: {said}");
}

#[test]
fn the_icon_comes_in_the_sizes_desktops_use() {
    for size in ICON_SIZES {
        let path = root().join(format!(
            "resources/icons/hicolor/{size}x{size}/apps/ferry.png"
        ));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            &bytes[..8],
            b"\x89PNG\r\n\x1a\n",
            "{} is a PNG",
            path.display()
        );
        // The IHDR chunk: width and height, big-endian, then the bit depth
        // and the colour type (6: RGBA, so the corners are transparent).
        let width = u32::from_be_bytes(bytes[16..20].try_into().expect("4 bytes"));
        let height = u32::from_be_bytes(bytes[20..24].try_into().expect("4 bytes"));
        assert_eq!((width, height), (size, size), "{}", path.display());
        assert_eq!(bytes[25], 6, "{} has an alpha channel", path.display());
    }
    let svg = std::fs::read_to_string(root().join("resources/icons/ferry.svg")).expect("the SVG");
    assert!(
        svg.contains("viewBox=\"0 0 256 256\""),
        "the source is square"
    );
}

/// What a plan's first bytes look like to the desktop's MIME rule in
/// resources/linux/ferry.xml: `(` first (after an optional byte order
/// mark), then `format:` starting within the next 12 bytes.
fn opens_like_a_plan(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    bytes.first() == Some(&b'(') && (1..=12).any(|at| bytes[at..].starts_with(b"format:"))
}

#[test]
fn plans_as_ferry_writes_them_open_the_way_the_file_type_expects() {
    let plan = ferry::example::example_plan();
    let written = ferry::storage::to_string(&plan);
    assert!(
        opens_like_a_plan(written.as_bytes()),
        "a saved plan opens with {:?}: the desktop would not know it",
        &written[..written.len().min(20)]
    );
    assert!(opens_like_a_plan(written.replace('\n', "\r\n").as_bytes()));
    assert!(opens_like_a_plan(format!("\u{feff}{written}").as_bytes()));
    assert!(opens_like_a_plan(b"(format: 1, name: \"hand-written\")"));
    assert!(!opens_like_a_plan(b"(\n    volume: 3,\n)\n"));
    assert!(!opens_like_a_plan(b"Config(format: \"json\")"));
}

/// A scratch data folder with Ferry's MIME definition (and its desktop
/// entry) installed the way the package installs them.
fn scratch_desktop() -> tempfile::TempDir {
    let home = tempfile::tempdir().expect("tempdir");
    let data = home.path().join("data");
    std::fs::create_dir_all(data.join("mime/packages")).expect("mime folder");
    std::fs::create_dir_all(data.join("applications")).expect("applications folder");
    std::fs::copy(mime_definition(), data.join("mime/packages/ferry.xml")).expect("copy");
    std::fs::copy(desktop_entry(), data.join("applications/ferry.desktop")).expect("copy");
    home
}

/// A command that sees the scratch data folder first and the system's
/// after it, with the `ferry` under test on the path.
fn in_scratch(program: &str, home: &Path) -> Command {
    let mut command = Command::new(program);
    let binary_dir = Path::new(env!("CARGO_BIN_EXE_ferry"))
        .parent()
        .expect("the binary's folder");
    let path = std::env::join_paths(std::iter::once(binary_dir.to_owned()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .expect("a PATH");
    command
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_DATA_DIRS", "/usr/local/share:/usr/share")
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("PATH", path);
    command
}

fn content_type(home: &Path, file: &Path) -> String {
    let output = run(in_scratch("gio", home).args([
        "info",
        "--attributes=standard::content-type",
        file.to_str().expect("utf8"),
    ]));
    text(&output.stdout)
        .lines()
        .find_map(|l| l.trim().strip_prefix("standard::content-type: "))
        .unwrap_or_else(|| panic!("no content type for {}", file.display()))
        .to_owned()
}

#[test]
fn the_file_type_claims_plans_and_leaves_other_ron_files() {
    if !tools(&["update-mime-database"]) {
        return;
    }
    let home = scratch_desktop();
    let mime = home.path().join("data/mime");
    let output = run(in_scratch("update-mime-database", home.path()).arg(&mime));
    let said = format!("{}{}", text(&output.stdout), text(&output.stderr));
    assert!(said.trim().is_empty(), "update-mime-database: {said}");
    assert!(
        mime.join("application/x-ferry-plan.xml").is_file(),
        "the plan type is in the database"
    );

    if !tools(&["gio"]) {
        return;
    }
    let files = home.path().join("files");
    std::fs::create_dir_all(&files).expect("files");
    let saved = files.join("contoso.ron");
    ferry::storage::save(&ferry::example::example_plan(), &saved).expect("save");
    let crlf = files.join("from-windows.ron");
    std::fs::write(
        &crlf,
        ferry::storage::to_string(&ferry::example::example_plan()).replace('\n', "\r\n"),
    )
    .expect("write");
    let bom = files.join("with-bom.ron");
    std::fs::write(&bom, "\u{feff}(format: 1, name: \"Short\")\n").expect("write");
    let settings = files.join("settings.ron");
    std::fs::write(&settings, "(\n    volume: 3,\n    fullscreen: true,\n)\n").expect("write");
    let named = files.join("config.ron");
    std::fs::write(&named, "Config(format: \"json\", level: 2)\n").expect("write");

    for plan in [
        root().join("resources/examples/contoso-wave1.ron"),
        saved,
        crlf,
        bom,
    ] {
        assert_eq!(
            content_type(home.path(), &plan),
            PLAN_TYPE,
            "{}",
            plan.display()
        );
    }
    for other in [settings, named] {
        assert_eq!(
            content_type(home.path(), &other),
            RON_TYPE,
            "{}",
            other.display()
        );
    }

    // The desktop opens a plan with Ferry.
    if !tools(&["update-desktop-database"]) {
        return;
    }
    run(in_scratch("update-desktop-database", home.path())
        .arg(home.path().join("data/applications")));
    let output = run(in_scratch("gio", home.path()).args(["mime", PLAN_TYPE]));
    let said = text(&output.stdout);
    assert!(
        said.lines()
            .next()
            .is_some_and(|l| l.trim_end().ends_with("ferry.desktop")),
        "Ferry is the default application for plans: {said}"
    );
}

/// Kills a child process when dropped, so a failed assertion leaves nothing
/// running.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
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

/// The windows titled `title` on `display` now.
fn windows_titled(display: &str, title: &str) -> Vec<String> {
    // xdotool's search is a pattern on the window names it knows: search
    // by the plan's name, then compare the whole title.
    let plan_name = title.split(" — ").next().unwrap_or(title);
    let Ok(out) = Command::new("xdotool")
        .args(["search", "--name", plan_name])
        .env("DISPLAY", display)
        .output()
    else {
        return Vec::new();
    };
    text(&out.stdout)
        .lines()
        .filter(|id| {
            Command::new("xdotool")
                .args(["getwindowname", id])
                .env("DISPLAY", display)
                .output()
                .is_ok_and(|name| text(&name.stdout).trim() == title)
        })
        .map(str::to_owned)
        .collect()
}

/// The window of this title on `display`, once it is there.
fn window_titled(display: &str, title: &str) -> Option<String> {
    wait_for(Duration::from_secs(60), || {
        windows_titled(display, title).into_iter().next()
    })
}

/// A property of a window in the given xprop format (`8s`: strings;
/// `32c`: numbers, so an icon reads as its width, height and pixels rather
/// than as text art).
fn xprop(display: &str, window: &str, property: &str, format: &str) -> String {
    let out = Command::new("xprop")
        .args(["-id", window, "-notype", "-f", property, format, property])
        .env("DISPLAY", display)
        .output()
        .expect("xprop runs");
    text(&out.stdout)
}

#[test]
fn each_plan_opens_in_a_window_named_ferry_with_its_icon() {
    if !tools(&["Xvfb", "xdotool", "xprop"]) {
        return;
    }
    // Xvfb picks a free display and says its number (-displayfd).
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
    let display = format!(":{}", line.trim());
    let _xvfb = (xvfb_out, xvfb);
    // On a busy machine the server may take a moment more to answer:
    // wait until it does (at most 30 s) before starting windows on it.
    let answers = || {
        Command::new("xprop")
            .args(["-root", "-display", &display, "_NET_SUPPORTED"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let start = std::time::Instant::now();
    while !answers() && start.elapsed() < std::time::Duration::from_secs(30) {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }

    let home = tempfile::tempdir().expect("tempdir");
    let first = home.path().join("first.ron");
    let mut plan = ferry::example::example_plan();
    ferry::storage::save(&plan, &first).expect("save");
    let second = home.path().join("second.ron");
    plan.name = "Second plan".into();
    ferry::storage::save(&plan, &second).expect("save");
    let open = |file: &Path| {
        Killed(
            Command::new(env!("CARGO_BIN_EXE_ferry"))
                .arg(file)
                .env("DISPLAY", &display)
                .env_remove("WAYLAND_DISPLAY")
                .env("HOME", home.path())
                .env("XDG_CONFIG_HOME", home.path().join("config"))
                .env("XDG_DATA_HOME", home.path().join("data"))
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(file.with_extension("log")).expect("a log file"))
                .spawn()
                .expect("ferry starts"),
        )
    };

    // The first window. On a busy machine its first connection to the
    // new X server has now and then been refused although the server
    // answers another client: a window that could not connect is started
    // again (twice at most); any other failure fails the test.
    let first_title = "Contoso wave 1 — first.ron — Ferry";
    let mut first_app = open(&first);
    let mut first_window = None;
    for attempt in 0..3 {
        first_window = wait_for(Duration::from_secs(60), || {
            if first_app.0.try_wait().ok().flatten().is_some() {
                return Some(None);
            }
            windows_titled(&display, first_title)
                .into_iter()
                .next()
                .map(Some)
        })
        .flatten();
        let said = std::fs::read_to_string(first.with_extension("log")).unwrap_or_default();
        if first_window.is_some() || attempt == 2 || !said.contains("connection to X server") {
            break;
        }
        std::thread::sleep(Duration::from_secs(1));
        first_app = open(&first);
    }
    let _first_app = first_app;
    let first_window = first_window.unwrap_or_else(|| {
        panic!(
            "no window titled {first_title:?} within 60 s; ferry said: {}",
            std::fs::read_to_string(first.with_extension("log")).unwrap_or_default()
        )
    });
    let class = xprop(&display, &first_window, "WM_CLASS", "8s");
    assert!(
        class.contains("\"ferry\""),
        "the window's class is the desktop entry's: {class}"
    );
    let icon = xprop(&display, &first_window, "_NET_WM_ICON", "32c");
    assert!(
        icon.starts_with("_NET_WM_ICON = 256, 256, "),
        "the window carries Ferry's 256 px icon: {}",
        &icon[..icon.len().min(120)]
    );

    // Opening another plan from the file manager while Ferry runs: a
    // window of its own, and the first one stays.
    let _second_app = open(&second);
    let second_title = "Second plan — second.ron — Ferry";
    assert!(
        window_titled(&display, second_title).is_some(),
        "no window titled {second_title:?} within 60 s"
    );
    assert!(
        window_titled(&display, first_title).is_some(),
        "the first window is still open"
    );

    // The same plan again: a second window on it (which says that another
    // window has the plan open; the session's tests check the words).
    let _again = open(&first);
    assert!(
        wait_for(Duration::from_secs(60), || {
            (windows_titled(&display, first_title).len() == 2).then_some(())
        })
        .is_some(),
        "a second window on {first_title:?} within 60 s"
    );
}
