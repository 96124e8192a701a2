//! Presence beside a shared plan, without a window: two sessions on one
//! folder see each other; a window that closes goes at once, a killed
//! one goes stale after a missed beat; a save is told by who made it.

use super::*;
use crate::session::{Document, Session};

fn shared_plan() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    storage::save(&crate::example::example_plan(), &path).expect("save");
    (dir, path)
}

fn open_as(dir: &Path, path: &Path, user: &str, host: &str) -> Session {
    let mut session = Session::new(Document::new(crate::model::Plan::default(), None));
    session.author = Author::new(user, host);
    session.start(Some(dir.join(format!("data-{user}"))));
    assert!(session.open(path).is_ok());
    session
}

fn users(others: &[Presence]) -> Vec<&str> {
    others.iter().map(|p| p.author.user.as_str()).collect()
}

#[test]
fn two_sessions_on_one_folder_see_each_other() {
    let (dir, path) = shared_plan();
    let mut alice = open_as(dir.path(), &path, "alice", "laptop-a");
    assert!(alice.others_now().is_empty(), "nobody else yet");
    let mut bob = open_as(dir.path(), &path, "bob", "laptop-b");
    assert_eq!(users(&bob.others_now()), ["alice"]);
    assert_eq!(users(&alice.others_now()), ["bob"]);
    let text = alice.others_text().expect("bob is there");
    assert!(
        text.starts_with("Also open by bob on laptop-b, since "),
        "{text}"
    );
    assert!(text.ends_with(" UTC"), "since when, by the clock: {text}");
    // The presence files are beside the plan, where the others look.
    let folder = storage::versions::beside(&path).join(FOLDER);
    let files = std::fs::read_dir(&folder).expect("folder").count();
    assert_eq!(files, 2);
    // Working live shows.
    assert!(!alice.set_live(true).error);
    assert!(
        bob.others_now()[0].describe().ends_with(", working live"),
        "{}",
        bob.others_now()[0].describe()
    );
    // Bob closes his window: gone at once, his file with him.
    bob.close();
    assert!(alice.others_now().is_empty());
    assert_eq!(std::fs::read_dir(&folder).expect("folder").count(), 1);
    drop(bob);
    drop(alice);
    assert_eq!(std::fs::read_dir(&folder).expect("folder").count(), 0);
}

#[test]
fn a_second_window_is_told_who_has_the_plan_open() {
    let (dir, path) = shared_plan();
    let _alice = open_as(dir.path(), &path, "alice", "laptop-a");
    let mut bob = Session::new(Document::new(crate::model::Plan::default(), None));
    bob.author = Author::new("bob", "laptop-b");
    bob.start(Some(dir.path().join("data-bob")));
    let notice = bob.open(&path).expect("opens").expect("a notice");
    assert!(
        notice
            .text
            .starts_with("plan.ron is also open: alice on laptop-a, since "),
        "{}",
        notice.text
    );
}

#[test]
fn the_notice_of_who_has_the_plan_open_goes_when_they_have_gone() {
    let (dir, path) = shared_plan();
    let alice = open_as(dir.path(), &path, "alice", "laptop-a");
    let mut bob = Session::new(Document::new(crate::model::Plan::default(), None));
    bob.author = Author::new("bob", "laptop-b");
    bob.start(Some(dir.path().join("data-bob")));
    let notice = bob.open(&path).expect("opens").expect("a notice");
    assert!(!bob.presence_notice_outdated(&notice), "alice is there");
    let other = crate::session::Notice::info("Saved plan.ron");
    drop(alice);
    assert!(bob.others_now().is_empty());
    assert!(bob.presence_notice_outdated(&notice), "alice has gone");
    assert!(
        !bob.presence_notice_outdated(&other),
        "another notice is not this one"
    );
}

#[test]
fn a_killed_windows_presence_goes_stale_after_a_missed_beat() {
    let (dir, path) = shared_plan();
    let alice = open_as(dir.path(), &path, "alice", "laptop-a");
    let mut bob = open_as(dir.path(), &path, "bob", "laptop-b");
    let mine = bob.presence_file();
    let now = SystemTime::now();
    assert_eq!(users(&others(&path, mine.as_deref(), now)), ["alice"]);
    // Killed: nothing runs to remove its file, and it beats no more.
    std::mem::forget(alice);
    let folder = storage::versions::beside(&path).join(FOLDER);
    assert_eq!(std::fs::read_dir(&folder).expect("folder").count(), 2);
    let within = now + BEAT;
    assert_eq!(
        users(&others(&path, mine.as_deref(), within)),
        ["alice"],
        "a beat late is not yet stale"
    );
    let late = now + STALE_AFTER + Duration::from_secs(1);
    assert!(
        others(&path, mine.as_deref(), late).is_empty(),
        "stale after a missed beat"
    );
    // A window that keeps beating stays.
    {
        let mut beside = bob.beside.lock().expect("lock");
        beside
            .here_mut()
            .expect("bob's presence")
            .beat(late)
            .expect("beat");
    }
    let alices_view = others(&path, None, late);
    assert_eq!(users(&alices_view), ["bob"], "bob beats, alice does not");
    // Dead for an hour: removed by whoever looks.
    let _ = others(&path, mine.as_deref(), now + Duration::from_secs(2 * 3600));
    assert_eq!(std::fs::read_dir(&folder).expect("folder").count(), 1);
    bob.close();
}

/// Ferry killed and started again at once on the same machine: the
/// killed window is not shown as another person having the plan open.
#[test]
fn a_window_whose_process_ended_on_this_machine_is_gone_at_once() {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let (dir, path) = shared_plan();
    let bob = open_as(dir.path(), &path, "bob", "laptop-b");
    let mine = bob.presence_file();
    let ended = {
        let mut child = std::process::Command::new("true").spawn().expect("spawn");
        let pid = child.id();
        child.wait().expect("wait");
        pid
    };
    let now = SystemTime::now();
    let write = |name: &str, host: String, pid: u32| {
        let presence = Presence {
            author: Author::new("carol", host),
            pid,
            since: now,
            beat: now,
            live: false,
            saved: None,
        };
        let folder = storage::versions::beside(&path).join(FOLDER);
        std::fs::write(
            folder.join(format!("{name}.{EXTENSION}")),
            presence.to_text(),
        )
        .expect("write");
    };
    write("killed-here", Author::current().host, ended);
    assert!(
        others(&path, mine.as_deref(), now)
            .iter()
            .all(|p| p.author.user != "carol"),
        "its process has ended: gone, though its beat is fresh"
    );
    // The same process number on another machine says nothing about it.
    write("elsewhere", "another-machine".into(), ended);
    write("alive-here", Author::current().host, std::process::id());
    let seen = others(&path, mine.as_deref(), now);
    let hosts: Vec<&str> = seen
        .iter()
        .filter(|p| p.author.user == "carol")
        .map(|p| p.author.host.as_str())
        .collect();
    assert_eq!(hosts.len(), 2, "{hosts:?}");
    assert!(hosts.contains(&"another-machine"));
    drop(bob);
}

#[test]
fn a_presence_file_reads_back_and_junk_is_not_one() {
    let presence = Presence {
        author: Author::new("Zoë Müller", "LAPTOP 7\n"),
        pid: 42,
        since: SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000),
        beat: SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_060),
        live: true,
        saved: Some(SavedVersion {
            len: 1234,
            hash: 0xdead_beef_0123_4567,
            at: SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_030),
        }),
    };
    let back = Presence::parse(&presence.to_text()).expect("parses");
    assert_eq!(back.author, Author::new("Zoë Müller", "LAPTOP 7"));
    assert_eq!(
        (back.pid, back.since, back.beat),
        (42, presence.since, presence.beat)
    );
    assert_eq!((back.live, back.saved), (true, presence.saved));
    // A later Ferry's extra line is passed over; anything else is no presence.
    let later = presence.to_text() + "colour green\n";
    assert!(Presence::parse(&later).is_some());
    assert!(Presence::parse("hello").is_none());
    assert!(Presence::parse(&presence.to_text().replace("pid 42", "pid x")).is_none());
}

#[test]
fn who_saved_a_version_is_told_by_the_window_that_saved_it() {
    let (dir, path) = shared_plan();
    let mut alice = open_as(dir.path(), &path, "alice", "laptop-a");
    let bob = open_as(dir.path(), &path, "bob", "laptop-b");
    let mut plan = alice.doc.plan.clone();
    plan.name = "Renamed by Alice".into();
    alice
        .doc
        .apply(
            crate::edit::Edit::ReplacePlan(Box::new(plan)),
            "rename",
            None,
        )
        .expect("edit");
    assert!(alice.save_and_wait().saved());
    let (_, baseline) = storage::load_with_baseline(&path).expect("loads");
    let saver = bob.saver_of(&path, &baseline).expect("known");
    assert_eq!(saver.who, "alice");
    assert!(saver.when.is_some());
    // A version nobody here saved (written by another program) is not
    // put on anyone.
    std::fs::write(
        &path,
        storage::to_string(&crate::example::example_plan()) + "\n",
    )
    .expect("write");
    let (_, other) = storage::load_with_baseline(&path).expect("loads");
    assert_eq!(bob.saver_of(&path, &other), None);
}

#[test]
fn clock_shows_the_time_today_and_the_date_otherwise() {
    let now = SystemTime::now();
    let today = clock(now);
    assert_eq!(today.len(), "10:42 UTC".len(), "{today}");
    assert!(today.ends_with(" UTC"));
    let long_ago = clock(SystemTime::UNIX_EPOCH + Duration::from_secs(86_400));
    assert_eq!(long_ago, "1970-01-02 00:00:00 UTC");
}
