#[test]
fn civil_dates() {
    assert_eq!(super::civil_date(0), "1970-01-01");
    assert_eq!(super::civil_date(20_417), "2025-11-25");
    assert_eq!(super::civil_date(11_016), "2000-02-29");
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(20_417 * 86_400 + 3_723);
    assert_eq!(super::format_time(t), "2025-11-25 01:02:03 UTC");
}

#[test]
fn dates_are_checked_against_the_calendar() {
    for good in ["2026-03-02", "2024-02-29", "2000-02-29", "1999-12-31"] {
        assert!(super::is_date(good), "{good}");
    }
    for bad in [
        "2026-02-29",
        "1900-02-29",
        "2026-13-01",
        "2026-04-31",
        "2026-00-10",
        "2026-3-2",
        "02.03.2026",
        "2026-03-0x",
        "",
    ] {
        assert!(!super::is_date(bad), "{bad}");
    }
}
