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

#[test]
fn a_date_not_on_the_calendar_says_what_is_wrong_with_it() {
    assert_eq!(super::date_error("due date", "2026-03-02"), None);
    assert_eq!(
        super::date_error("due date", "2025-02-30").as_deref(),
        Some("the due date 2025-02-30 is not a day of the calendar (February 2025 has 28 days)")
    );
    assert_eq!(
        super::date_error("start date", "2024-02-30").as_deref(),
        Some("the start date 2024-02-30 is not a day of the calendar (February 2024 has 29 days)")
    );
    assert_eq!(
        super::date_error("date", "2026-04-00").as_deref(),
        Some("the date 2026-04-00 is not a day of the calendar (April 2026 has 30 days)")
    );
    assert_eq!(
        super::date_error("end date", "2026-13-01").as_deref(),
        Some("the end date 2026-13-01 is not a day of the calendar (a year has 12 months)")
    );
    assert_eq!(
        super::date_error("due date", "2026-3-2").as_deref(),
        Some("the due date \"2026-3-2\" is not a date written YYYY-MM-DD (e.g. 2026-03-02)")
    );
}
