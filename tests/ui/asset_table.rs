//! The asset table as a migration lead uses it on a real RVTools export
//! (133 VMs on three clusters): fact columns that scroll sideways, group
//! headers that say what they group, a selection that says what the filter
//! hides, and rows that stay where they were clicked. Keys are sent as a
//! real window sends them: press and release, with the modifiers.

use crate::real_input::press;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use ferry::app::{Banner, Document, FerryApp, ScriptedDialogs};
use ferry::model::Plan;

/// The clusters of the export, with how many VMs each holds.
pub const CLUSTERS: [(&str, usize); 3] =
    [("USFQ-SANDBOX", 12), ("USFQ-PROD", 71), ("USFQ-DEV", 50)];

/// A plan made by importing an RVTools export of 133 VMs: clusters, hosts,
/// long OS names, sizes, addresses.
pub fn rvtools_plan() -> Plan {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("RVTools_export_all.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let ws = workbook.add_worksheet();
    ws.set_name("vInfo").expect("name");
    let headers = [
        "VM",
        "Powerstate",
        "Template",
        "CPUs",
        "Memory",
        "Provisioned MiB",
        "In Use MiB",
        "OS according to the configuration file",
        "OS according to the VMware Tools",
        "DNS Name",
        "Primary IP Address",
        "Datacenter",
        "Cluster",
        "Host",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    let os = [
        "Microsoft Windows Server 2019 (64-bit)",
        "Red Hat Enterprise Linux 8 (64-bit)",
        "Microsoft Windows Server 2012 R2 (64-bit)",
        "Ubuntu Linux (64-bit)",
    ];
    let mut r = 1u32;
    for (cluster, count) in CLUSTERS {
        for k in 0..count {
            let name = format!("{}-app-{k:02}", cluster.to_lowercase());
            let row = [
                name.clone(),
                "poweredOn".into(),
                "False".into(),
                format!("{}", [2, 4, 8, 16][k % 4]),
                format!("{}", [4096, 8192, 16384][k % 3]),
                format!("{}", 102_400 + 1024 * k),
                format!("{}", 40_960 + 512 * k),
                os[k % 4].into(),
                os[k % 4].into(),
                format!("{name}.usfq.edu.ec"),
                format!("10.{}.{}.{}", r % 7, k / 250, 10 + k % 200),
                "DC-QUITO".into(),
                cluster.into(),
                format!("esx{:02}.usfq.edu.ec", k % 6),
            ];
            for (c, v) in row.iter().enumerate() {
                ws.write_string(r, c as u16, v).expect("cell");
            }
            r += 1;
        }
    }
    workbook.save(&path).expect("save");
    let parsed = ferry::import::read(
        &path,
        &ferry::import::Format::RvTools,
        &ferry::import::Options::default(),
    )
    .expect("reads");
    let mut plan = Plan::named("USFQ datacenter exit");
    let (edit, _) = ferry::import::merge(&plan, &parsed, None);
    ferry::edit::apply(&mut plan, edit).expect("imports");
    assert_eq!(plan.assets.len(), 133);
    plan
}

/// The app on the assets page of `plan`, in a window of `size`, zoomed by
/// `zoom`.
pub fn assets_at(plan: Plan, size: egui::Vec2, zoom: f32) -> Harness<'static, FerryApp> {
    let app = FerryApp::new(
        Document::new(plan, None),
        Box::new(ScriptedDialogs::default()),
    );
    let mut harness = Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, app: &mut FerryApp| app.ui(ui), app);
    harness.ctx.set_zoom_factor(zoom);
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Assets")
        .click();
    harness.run();
    harness
}

pub const LAPTOP: egui::Vec2 = egui::vec2(1280.0, 800.0);

/// What a node says: a label's text, or a widget's name.
pub fn text_of(node: &egui_kittest::Node<'_>) -> String {
    let node = node.accesskit_node();
    node.label().or_else(|| node.value()).unwrap_or_default()
}

/// A row of the table by its name (the form below may show the name too:
/// the row is the one above).
fn row<'h>(harness: &'h Harness<'_, FerryApp>, name: &'h str) -> egui_kittest::Node<'h> {
    harness
        .get_all_by(|n| {
            n.role() == Role::Label && n.label().or_else(|| n.value()).as_deref() == Some(name)
        })
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .expect("the row is shown")
}

/// Where a row's name is on screen.
fn row_top(harness: &Harness<'_, FerryApp>, name: &str) -> f32 {
    row(harness, name).rect().top()
}

/// "12 selected", as the pane below the table says it.
fn selected_count(harness: &Harness<'_, FerryApp>) -> Option<String> {
    harness
        .query_all_by(|n| {
            n.role() == Role::Label
                && n.value().is_some_and(|t| {
                    t.contains(" selected") && t.starts_with(|c: char| c.is_ascii_digit())
                })
        })
        .next()
        .map(|n| text_of(&n))
}

#[test]
fn fact_columns_fit_their_headers_and_scroll_sideways_at_1280() {
    let mut harness = assets_at(rvtools_plan(), LAPTOP, 1.0);
    // Several columns ticked in a row: the list stays open between ticks.
    harness.get_by_label("Columns…").click();
    harness.run();
    for fact in [
        "os_config",
        "cluster",
        "host",
        "memory_mib",
        "provisioned_mib",
    ] {
        harness
            .get_by(|n| n.role() == Role::CheckBox && n.label().as_deref() == Some(fact))
            .click();
        harness.run();
    }
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(
        harness.query_by_role(Role::CheckBox).is_none(),
        "Escape closes the list"
    );
    assert!(
        harness.state().selected_asset.is_none(),
        "no tick landed on a row"
    );
    // Every header whole: none runs into the next one.
    let headers = [
        "Name",
        "Kind",
        "Workload",
        "Assessment",
        "Remediation",
        "Replication",
        "Staging",
        "Stage",
        "os_config",
        "cluster",
        "host",
        "memory_mib",
        "provisioned_mib",
    ];
    let rects: Vec<egui::Rect> = headers
        .iter()
        .map(|h| {
            harness
                .get_by(|n| n.role() == Role::Button && n.label().as_deref() == Some(*h))
                .rect()
        })
        .collect();
    for (pair, names) in rects.windows(2).zip(headers.windows(2)) {
        assert!(
            pair[0].right() <= pair[1].left(),
            "{} ({:?}) runs into {} ({:?})",
            names[0],
            pair[0],
            names[1],
            pair[1]
        );
    }
    // The last columns are past the right edge at first, and come into
    // the window when the table scrolls sideways.
    let last = |h: &Harness<'_, FerryApp>| {
        h.get_by(|n| n.role() == Role::Button && n.label().as_deref() == Some("provisioned_mib"))
            .rect()
    };
    assert!(last(&harness).right() > LAPTOP.x, "{:?}", last(&harness));
    // (egui's accessibility action named "scroll left" moves the content
    // left, showing what is on the right.)
    for _ in 0..30 {
        if last(&harness).right() <= LAPTOP.x {
            break;
        }
        harness
            .get_by(|n| n.role() == Role::Button && n.label().as_deref() == Some("Kind"))
            .scroll_left();
        harness.run();
    }
    let now = last(&harness);
    assert!(
        now.right() <= LAPTOP.x && now.left() >= 0.0,
        "scrolled into the window: {now:?}"
    );
    // The rows moved with their header.
    let cell = row(&harness, "usfq-sandbox-app-00").rect();
    let name = harness
        .get_by(|n| n.role() == Role::Button && n.label().as_deref() == Some("Name"))
        .rect();
    assert!(
        (cell.left() - name.left()).abs() < 20.0,
        "{cell:?} {name:?}"
    );
}

#[test]
fn group_headers_name_their_value_and_count_and_select_the_group() {
    let mut harness = assets_at(rvtools_plan(), LAPTOP, 1.0);
    harness
        .get_by_role_and_label(Role::ComboBox, "Group by")
        .click();
    harness.run();
    harness
        .get_all_by_label("cluster")
        .last()
        .expect("item")
        .click();
    harness.run();
    // Groups in order of their value: USFQ-DEV first.
    let header = harness.get_by_label("⏷ USFQ-DEV · 50").rect();
    assert!(
        header.left() >= 0.0 && header.right() <= LAPTOP.x,
        "the header is on screen: {header:?}"
    );
    // The select action sits beside the name, on the same line.
    let select = harness.get_by_label("Select 50 assets");
    assert!((select.rect().center().y - header.center().y).abs() < 4.0);
    assert!(select.rect().left() >= header.right());
    select.click();
    harness.run();
    assert_eq!(selected_count(&harness).as_deref(), Some("50 selected"));
    // Folded, the header stays, its rows go and the next group comes up.
    harness.get_by_label("⏷ USFQ-DEV · 50").click();
    harness.run();
    assert!(harness.query_by_label("usfq-dev-app-03").is_none());
    assert!(harness.query_by_label("⏵ USFQ-DEV · 50").is_some());
    harness.get_by_label("⏷ USFQ-PROD · 71").click();
    harness.run();
    harness.get_by_label("Select 12 assets").click();
    harness.run();
    assert_eq!(selected_count(&harness).as_deref(), Some("12 selected"));
    assert!(harness.query_by_label("⏷ USFQ-SANDBOX · 12").is_some());
    assert!(harness.query_by_label("usfq-sandbox-app-00").is_some());
}

#[test]
fn a_selection_the_filter_hides_is_said_and_dropped_in_one_click() {
    let mut harness = assets_at(rvtools_plan(), LAPTOP, 1.0);
    harness.get_by_label("Select all 133 shown").click();
    harness.run();
    assert_eq!(selected_count(&harness).as_deref(), Some("133 selected"));
    harness.get_by_label("Filter").focus();
    harness.run();
    harness.get_by_label("Filter").type_text("sandbox");
    harness.run();
    assert_eq!(
        selected_count(&harness).as_deref(),
        Some("133 selected (121 hidden by the filter)")
    );
    // The bulk pane says how many a change touches before it is made.
    assert!(
        harness
            .query_by_label_contains("applies to all 133 selected assets")
            .is_some()
    );
    harness.get_by_label("Keep only the 12 shown").click();
    harness.run();
    assert_eq!(selected_count(&harness).as_deref(), Some("12 selected"));
    assert!(
        harness
            .query_by_label_contains("applies to all 12 selected assets")
            .is_some()
    );
}

#[test]
fn ctrl_a_selects_the_rows_unless_a_text_field_has_the_keyboard() {
    let mut harness = assets_at(rvtools_plan(), LAPTOP, 1.0);
    harness.get_by_label("Filter").focus();
    harness.run();
    harness.get_by_label("Filter").type_text("usfq-dev");
    harness.run();
    // In the filter, Ctrl+A is the field's: its text, not the rows.
    press(&mut harness, Modifiers::COMMAND, Key::A);
    assert_eq!(selected_count(&harness), None);
    assert!(harness.get_by_label("Filter").is_focused());
    // With a row clicked, the table has the keyboard.
    row(&harness, "usfq-dev-app-07").click();
    harness.run();
    assert!(!harness.get_by_label("Filter").is_focused());
    press(&mut harness, Modifiers::COMMAND, Key::A);
    assert_eq!(selected_count(&harness).as_deref(), Some("50 selected"));
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert_eq!(selected_count(&harness), None);
    // The button by the filter does the same from anywhere.
    harness.get_by_label("Filter").focus();
    harness.run();
    harness.get_by_label("Select all 50 shown").click();
    harness.run();
    assert_eq!(selected_count(&harness).as_deref(), Some("50 selected"));
}

/// Layout stability: selecting rows, opening the form and dismissing a
/// banner leave the clicked row where it was on screen; a Shift+click
/// range ends on the row clicked.
#[test]
fn nothing_moves_under_the_pointer() {
    let mut harness = assets_at(rvtools_plan(), LAPTOP, 1.0);
    harness.state_mut().banner = Some(Banner {
        error: false,
        text: "Imported 133 VMs from RVTools_export_all.xlsx".into(),
    });
    harness.run();
    let first = "usfq-sandbox-app-02";
    let last = "usfq-sandbox-app-08";
    let (first_at, last_at) = (row_top(&harness, first), row_top(&harness, last));

    row(&harness, first).click();
    harness.run();
    assert!(harness.state().selected_asset.is_some(), "the form opened");
    assert_eq!(
        row_top(&harness, first),
        first_at,
        "the form took no row's place"
    );
    assert_eq!(row_top(&harness, last), last_at);

    row(&harness, last).click_modifiers(Modifiers::SHIFT);
    harness.run();
    assert_eq!(selected_count(&harness).as_deref(), Some("7 selected"));
    assert_eq!(
        row_top(&harness, last),
        last_at,
        "the bulk pane took no row's place"
    );
    // A second range from the same start ends on the row clicked.
    let shorter = "usfq-sandbox-app-05";
    row(&harness, shorter).click_modifiers(Modifiers::SHIFT);
    harness.run();
    assert_eq!(selected_count(&harness).as_deref(), Some("4 selected"));

    harness.get_by_label("Dismiss").click();
    harness.run();
    assert!(harness.state().banner.is_none());
    assert_eq!(
        row_top(&harness, first),
        first_at,
        "the banner took no row's place"
    );
    assert_eq!(row_top(&harness, last), last_at);
}

/// At projector zoom the table keeps the room while nothing is open; a
/// click opens the pane from the bottom and the clicked row stays in view
/// above it, the rows above it where they were.
#[test]
fn the_table_keeps_its_room_at_projector_zoom_and_the_clicked_row_stays_in_view() {
    let mut harness = assets_at(rvtools_plan(), LAPTOP, 1.5);
    let hint_top = harness.get_by_label("No asset selected").rect().top();
    let mut shown: Vec<(String, egui::Rect)> = harness
        .get_all_by(|n| {
            n.role() == Role::Label && n.value().is_some_and(|t| t.starts_with("usfq-"))
        })
        .map(|n| (text_of(&n), n.rect()))
        .filter(|(_, rect)| rect.bottom() <= hint_top)
        .collect();
    shown.sort_by(|a, b| a.1.top().total_cmp(&b.1.top()));
    assert!(
        shown.len() >= 7,
        "only {} rows fit above the hint at 150 %",
        shown.len()
    );
    let (first, _) = shown[0].clone();
    let (lowest, _) = shown.last().expect("rows").clone();
    let first_at = row_top(&harness, &first);

    row(&harness, &lowest).click();
    harness.run();
    harness.run();
    assert!(harness.state().selected_asset.is_some(), "the form opened");
    let pane_top = harness
        .get_by_role_and_label(Role::TextInput, "Name")
        .rect()
        .top();
    assert!(
        row(&harness, &lowest).rect().bottom() <= pane_top,
        "the clicked row is in view above the pane"
    );
    // With the pane open, a click on the row above moves nothing.
    let above = shown[shown.len() - 2].0.clone();
    let above_at = row_top(&harness, &above);
    assert!(above_at >= first_at, "still below the table's top");
    row(&harness, &above).click();
    harness.run();
    assert_eq!(row_top(&harness, &above), above_at);
    let name = harness.get_by_role_and_label(Role::TextInput, "Name");
    assert_eq!(
        name.accesskit_node().value().as_deref(),
        Some(above.as_str()),
        "its form is open"
    );
}

/// Each asset opens at the top of its form, not scrolled to where the one
/// before was left.
#[test]
fn another_asset_opens_at_the_top_of_its_form() {
    let mut harness = assets_at(rvtools_plan(), LAPTOP, 1.5);
    row(&harness, "usfq-sandbox-app-01").click();
    harness.run();
    let name_field =
        |h: &Harness<'_, FerryApp>| h.get_by_role_and_label(Role::TextInput, "Name").rect();
    let top = name_field(&harness).top();
    // Scroll the form down, as one reads on to its source facts.
    let over = name_field(&harness).center();
    harness.event(egui::Event::PointerMoved(over));
    for _ in 0..5 {
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -200.0),
            phase: egui::TouchPhase::Move,
            modifiers: Modifiers::NONE,
            source: egui::MouseWheelSource::Wheel,
        });
        harness.run();
    }
    assert!(
        harness
            .query_by_role_and_label(Role::TextInput, "Name")
            .is_none_or(|n| n.rect().top() < top),
        "the form scrolled"
    );
    row(&harness, "usfq-sandbox-app-02").click();
    harness.run();
    harness.run();
    assert_eq!(
        name_field(&harness).top(),
        top,
        "the next one opens at its top"
    );
}

/// At projector zoom, making a workload of the selection is in sight
/// without scrolling the pane.
#[test]
fn a_workload_is_made_of_a_selection_without_scrolling_at_projector_zoom() {
    let mut harness = assets_at(rvtools_plan(), LAPTOP, 1.5);
    row(&harness, "usfq-sandbox-app-00").click();
    harness.run();
    row(&harness, "usfq-sandbox-app-03").click_modifiers(Modifiers::SHIFT);
    harness.run();
    assert_eq!(selected_count(&harness).as_deref(), Some("4 selected"));
    let field = harness
        .get_by_role_and_label(Role::TextInput, "New workload from selection")
        .rect();
    let status = harness.get_by_label_contains("Zoom 150").rect();
    assert!(
        field.bottom() < status.top(),
        "the field {field:?} is above the status bar {status:?}, not scrolled away"
    );
}

/// A click that closes a drop-down is not also a click on the row under it.
#[test]
fn closing_a_drop_down_does_not_open_the_row_under_it() {
    let mut harness = assets_at(rvtools_plan(), LAPTOP, 1.0);
    harness
        .get_by_role_and_label(Role::ComboBox, "Group by")
        .click();
    harness.run();
    row(&harness, "usfq-sandbox-app-05").click();
    harness.run();
    assert!(harness.state().selected_asset.is_none());
    assert!(!egui::Popup::is_any_open(&harness.ctx), "closed");
    row(&harness, "usfq-sandbox-app-05").click();
    harness.run();
    assert!(
        harness.state().selected_asset.is_some(),
        "the next click does"
    );
}

#[test]
fn filter_words_match_each_on_its_own_and_no_match_is_said() {
    let mut harness = assets_at(rvtools_plan(), LAPTOP, 1.0);
    harness.get_by_label("Filter").focus();
    harness.run();
    // "prod" is in the name, "linux" in the OS: the prod VMs running
    // Linux (every other one of the 71).
    harness.get_by_label("Filter").type_text("prod linux");
    harness.run();
    assert!(
        harness
            .query_by_label_contains("35 of 133 assets")
            .is_some()
    );
    assert!(harness.query_by_label("usfq-prod-app-01").is_some());
    assert!(
        harness.query_by_label("usfq-prod-app-00").is_none(),
        "Windows"
    );

    press(&mut harness, Modifiers::COMMAND, Key::A);
    harness.get_by_label("Filter").type_text("prod solaris");
    harness.run();
    assert!(
        harness
            .query_by_label("No asset matches “prod solaris”")
            .is_some(),
        "an empty table says why"
    );
}

#[test]
fn keep_only_the_shown_is_not_offered_when_none_is_shown() {
    let mut harness = assets_at(rvtools_plan(), LAPTOP, 1.0);
    harness.get_by_label("Select all 133 shown").click();
    harness.run();
    harness.get_by_label("Filter").focus();
    harness.run();
    harness.get_by_label("Filter").type_text("solaris");
    harness.run();
    assert_eq!(
        selected_count(&harness).as_deref(),
        Some("133 selected (133 hidden by the filter)")
    );
    assert!(
        harness.query_by_label_contains("Keep only the").is_none(),
        "nothing shown to keep"
    );
    assert!(harness.query_by_label("Clear selection").is_some());
}

#[test]
fn a_new_asset_is_shown_in_the_table_with_its_name_taking_the_keyboard() {
    let mut harness = assets_at(rvtools_plan(), LAPTOP, 1.0);
    harness.get_by_label("+ Add asset").click();
    harness.run();
    harness.run();
    crate::real_input::type_keys(&mut harness, "payroll");
    let named = |h: &Harness<'_, FerryApp>| {
        h.query_all_by(|n| {
            n.role() == Role::Label && n.label().or_else(|| n.value()).as_deref() == Some("payroll")
        })
        .count()
    };
    // Its row at the end of the 134, scrolled to, and the form's title.
    assert_eq!(named(&harness), 2, "the new row is in view");
}
