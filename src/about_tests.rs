use std::path::Path;

use super::*;

fn place<'a>(places: &'a [Place], what: &str) -> &'a str {
    &places
        .iter()
        .find(|p| p.what == what)
        .unwrap_or_else(|| panic!("no place {what:?} in {places:?}"))
        .text
}

#[test]
fn the_version_line_is_ferry_and_three_numbers() {
    let line = version_line();
    let number = line.strip_prefix("ferry ").expect("starts with ferry");
    let parts: Vec<&str> = number.split('.').collect();
    assert_eq!(parts.len(), 3, "{line}");
    assert!(parts.iter().all(|p| p.parse::<u32>().is_ok()), "{line}");
}

#[test]
fn kept_versions_are_described_in_both_places_with_their_folders() {
    let data = Path::new("/home/dana/.local/share/ferry");
    let plan = Path::new("/shared/migration/contoso.ron");
    let places = places(Some(data), Some(plan));
    let kept = place(&places, "Kept versions");
    let beside = storage::versions::beside(plan);
    let in_data = storage::versions::home_root(data);
    assert!(kept.contains(&beside.display().to_string()), "{kept}");
    assert!(kept.contains(&in_data.display().to_string()), "{kept}");
    assert!(
        kept.contains(&format!(
            "last {}",
            crate::storage::versions::Limits::DEFAULT.count
        )),
        "{kept}"
    );
    assert!(place(&places, "Plans").contains("/shared/migration/contoso.ron"));
    let recovery = storage::recovery::root(data);
    assert!(place(&places, "Unsaved changes").contains(&recovery.display().to_string()));
    assert!(place(&places, "Preferences").contains(&data.display().to_string()));
}

#[test]
fn an_unsaved_plan_and_no_data_folder_are_said_plainly() {
    let places = places(None, None);
    assert!(place(&places, "Plans").contains("not been saved yet"));
    let kept = place(&places, "Kept versions");
    assert!(kept.contains(storage::versions::HIDDEN_FOLDER), "{kept}");
    assert!(kept.contains("none are kept"), "{kept}");
    assert!(place(&places, "Unsaved changes and preferences").contains("no recovery copies"));
}

#[test]
fn the_report_for_a_bug_carries_version_license_and_places() {
    let report = report(Some(Path::new("/data/ferry")), None);
    assert!(
        report.starts_with(&format!("ferry {VERSION}\n")),
        "{report}"
    );
    assert!(report.contains(&format!("License: {LICENSE}")), "{report}");
    assert!(report.contains("Kept versions: "), "{report}");
    assert!(report.contains(std::env::consts::OS), "{report}");
}
