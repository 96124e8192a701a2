//! Planning with the app: from a raw inventory to workloads, on sets of
//! assets rather than row by row (multi-select, bulk changes, grouping),
//! and the workloads into waves with dates.

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use ferry::app::{Document, FerryApp, ScriptedDialogs};
use ferry::model::{Asset, Plan, Wave, Workload};

use crate::common::settle;

/// Twenty VMs fresh from an inventory on two clusters, and an empty ERP
/// workload.
fn inventory() -> Plan {
    let mut plan = Plan::named("Inventory");
    plan.workloads.push(Workload {
        id: "wl-erp".into(),
        name: "ERP".into(),
        ..Workload::default()
    });
    for i in 0..20 {
        let mut asset = Asset {
            id: format!("as-{i:02}"),
            name: format!("vm-{i:02}"),
            ..Asset::default()
        };
        asset.source.insert("cluster", &format!("CL{}", 1 + i % 2));
        asset
            .source
            .insert("cpus", &format!("{}", [4, 16, 128][i % 3]));
        plan.assets.push(std::sync::Arc::new(asset));
    }
    plan
}

fn assets_page(plan: Plan) -> Harness<'static, FerryApp> {
    let app = FerryApp::new(
        Document::new(plan, None),
        Box::new(ScriptedDialogs::default()),
    );
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .build_ui_state(|ui, app: &mut FerryApp| app.ui(ui), app);
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Assets")
        .click();
    harness.run();
    harness
}

fn in_erp(harness: &Harness<'_, FerryApp>) -> Vec<String> {
    harness
        .state()
        .session
        .doc
        .plan
        .assets
        .iter()
        .filter(|a| a.workload.as_deref() == Some("wl-erp"))
        .map(|a| a.name.clone())
        .collect()
}

/// An estate's worth of workloads: the workload pickers show a screenful
/// and find the rest by what is typed, so the 3,000th is as near as the
/// first; Enter takes the first match, a click any of them.
#[test]
fn a_workload_among_thousands_is_found_by_typing_its_name() {
    let mut plan = inventory();
    for k in 0..3_000 {
        plan.workloads.push(Workload {
            id: format!("wl-{k:04}"),
            name: format!("App {k:04}"),
            ..Workload::default()
        });
    }
    let mut harness = assets_page(plan);
    // The side bar lists the first workloads too.
    let shown = |h: &Harness<'_, FerryApp>, name: &str| h.query_all_by_label(name).count();
    let beside = shown(&harness, "App 0002");
    harness.get_by_label("vm-03").click();
    harness.run();
    harness
        .get_by_label("vm-04")
        .click_modifiers(Modifiers::SHIFT);
    harness.run();
    harness
        .get_by_role_and_label(Role::ComboBox, "Set workload")
        .click();
    harness.run();
    assert_eq!(
        shown(&harness, "App 0002"),
        beside + 1,
        "the first are listed"
    );
    assert_eq!(
        shown(&harness, "App 2999"),
        0,
        "not all three thousand at once"
    );
    // The search field has the keyboard as soon as the list opens.
    harness.get_by_label("Search").type_text("app 299");
    harness.run();
    assert_eq!(shown(&harness, "App 2999"), 1, "found by typing");
    assert_eq!(shown(&harness, "App 0002"), beside, "the rest left out");
    assert_eq!(shown(&harness, "App 2899"), 0);
    harness.key_press(Key::Enter);
    harness.run();
    let moved: Vec<Option<String>> = ["vm-03", "vm-04"]
        .iter()
        .map(|name| {
            let plan = &harness.state().session.doc.plan;
            let asset = plan.assets.iter().find(|a| a.name == *name).expect("asset");
            asset.workload.clone()
        })
        .collect();
    assert_eq!(
        moved,
        [Some("wl-2990".to_owned()), Some("wl-2990".to_owned())],
        "Enter takes the first match"
    );
    assert_eq!(shown(&harness, "App 2999"), 0, "and closes the list");

    // Opened again, the search starts empty; a click picks a match.
    harness
        .get_by_role_and_label(Role::ComboBox, "Set workload")
        .click();
    harness.run();
    harness.get_by_label("Search").type_text("2950");
    harness.run();
    harness.get_by_label("App 2950").click();
    harness.run();
    let plan = &harness.state().session.doc.plan;
    assert_eq!(
        plan.assets
            .iter()
            .find(|a| a.name == "vm-03")
            .and_then(|a| a.workload.as_deref()),
        Some("wl-2950")
    );
}

/// The asset form's fields are wide enough to read what they hold: a
/// source fact's value and the name, though they sit in grids (whose
/// cells once offered only their first, narrow width).
#[test]
fn the_asset_form_shows_whole_values() {
    let mut plan = inventory();
    let asset = std::sync::Arc::make_mut(&mut plan.assets[0]);
    asset.source.insert("os", "Windows Server 2019 Datacenter");
    let mut harness = assets_page(plan);
    harness.get_by_label("vm-00").click();
    harness.run();
    harness.run();
    let os = harness.get_by_role_and_label(Role::TextInput, "os");
    let wide = os.rect().width();
    assert!(wide >= 250.0, "a fact's value is {wide} points wide");
    let name = harness.get_by_role_and_label(Role::TextInput, "Name");
    let wide = name.rect().width();
    assert!(wide >= 250.0, "the name is {wide} points wide");
}

/// Picks `item` in the drop-down named `combo` (the item drawn last: the
/// popup is above everything else).
fn pick(harness: &mut Harness<'_, FerryApp>, combo: &str, item: &str) {
    harness.get_by_role_and_label(Role::ComboBox, combo).click();
    harness.run();
    let last = harness.get_all_by_label(item).last().expect("item shown");
    last.click();
    harness.run();
}

#[test]
fn a_range_and_one_more_get_a_workload_in_one_undoable_step() {
    let mut harness = assets_page(inventory());
    harness.get_by_label("vm-02").click();
    harness.run();
    harness
        .get_by_label("vm-05")
        .click_modifiers(Modifiers::SHIFT);
    harness.run();
    harness
        .get_by_label("vm-09")
        .click_modifiers(Modifiers::COMMAND);
    harness.run();
    assert!(
        harness.query_by_label("5 selected").is_some(),
        "the count is shown"
    );

    pick(&mut harness, "Set workload", "ERP");
    assert_eq!(
        in_erp(&harness),
        ["vm-02", "vm-03", "vm-04", "vm-05", "vm-09"]
    );
    assert_eq!(
        harness.state().session.doc.history.undo_label(),
        Some("Set workload of 5 assets to ERP")
    );

    harness
        .get_by_role_and_label(Role::Button, "Overview")
        .click();
    harness.run();
    assert!(
        harness
            .query_by_label("5 in 1 workload, 15 still in the inventory")
            .is_some(),
        "the overview follows"
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(in_erp(&harness).is_empty(), "one undo takes all five back");
    assert!(
        harness
            .query_by_label("0 in 1 workload, 20 still in the inventory")
            .is_some()
    );
}

#[test]
fn ctrl_a_selects_only_the_filtered_rows_and_escape_clears() {
    let mut harness = assets_page(inventory());
    harness.get_by_label("Filter").focus();
    harness.run();
    harness.get_by_label("Filter").type_text("vm-1");
    harness.run();
    // Leave the filter field, then select all.
    harness.key_press(Key::Tab);
    harness.key_press(Key::Escape);
    harness.run();
    harness.get_by_label("vm-10").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    assert!(
        harness.query_by_label("10 selected").is_some(),
        "vm-10 … vm-19 only"
    );
    pick(&mut harness, "Set workload", "ERP");
    assert_eq!(in_erp(&harness).len(), 10);
    assert!(in_erp(&harness).iter().all(|n| n.starts_with("vm-1")));
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.query_by_label("10 selected").is_none());
    assert!(harness.query_by_label("No asset selected").is_some());
}

#[test]
fn grouping_by_cluster_selects_a_whole_group() {
    let mut harness = assets_page(inventory());
    pick(&mut harness, "Group by", "cluster");
    assert!(harness.query_by_label_contains("CL1 · 10").is_some());
    assert!(harness.query_by_label_contains("CL2 · 10").is_some());
    harness
        .get_all_by_label("Select 10 assets")
        .next()
        .expect("a group")
        .click();
    harness.run();
    assert!(harness.query_by_label("10 selected").is_some());
    // A new workload from the selection, named inline: one step.
    harness.get_by_label("New workload from selection").focus();
    harness.run();
    harness
        .get_by_label("New workload from selection")
        .type_text("Cluster one");
    harness.run();
    harness.get_by_label("Create workload").click();
    harness.run();
    let plan = &harness.state().session.doc.plan;
    let new = plan
        .workloads
        .iter()
        .find(|w| w.name == "Cluster one")
        .expect("created");
    let members: Vec<&Asset> = plan
        .assets
        .iter()
        .filter(|a| a.workload.as_deref() == Some(new.id.as_str()))
        .map(|a| &**a)
        .collect();
    assert_eq!(members.len(), 10);
    assert!(members.iter().all(|a| &a.source["cluster"] == "CL1"));
}

#[test]
fn a_fact_column_sorts_numbers_as_numbers() {
    let mut harness = assets_page(inventory());
    harness.get_by_label("Columns…").click();
    harness.run();
    harness.get_by_label("cpus").click();
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    assert!(
        harness.query_by_label("vm-00").is_some(),
        "rows still shown with the column"
    );
    // Ten rows, all in view.
    harness.get_by_label("Filter").focus();
    harness.run();
    harness.get_by_label("Filter").type_text("vm-0");
    harness.run();
    harness.get_by_label("cpus").click();
    harness.run();
    // 4 < 16 < 128: vm-00 (4) comes before vm-01 (16) before vm-02 (128).
    let text = |n: &egui_kittest::Node<'_>| {
        let node = n.accesskit_node();
        node.value().or_else(|| node.label()).unwrap_or_default()
    };
    let mut rows: Vec<(f32, String)> = harness
        .get_all_by(|n| n.role() == Role::Label)
        .map(|n| (n.rect().top(), text(&n)))
        .filter(|(_, name)| name.starts_with("vm-"))
        .collect();
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    let names: Vec<String> = rows.into_iter().map(|(_, n)| n).collect();
    let first_128 = names.iter().position(|n| n == "vm-02").expect("shown");
    let first_4 = names.iter().position(|n| n == "vm-00").expect("shown");
    let first_16 = names.iter().position(|n| n == "vm-01").expect("shown");
    assert!(first_4 < first_16 && first_16 < first_128, "{names:?}");
}

#[test]
fn without_a_file_dialog_open_asks_for_a_path_instead_of_doing_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("other.ron");
    ferry::storage::save(&inventory(), &path).expect("save");
    let dialogs = ScriptedDialogs::unavailable();
    let app = FerryApp::new(Document::example(), Box::new(dialogs));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut FerryApp| app.ui(ui), app);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    assert!(
        harness
            .query_by_label_contains("no file-chooser portal")
            .is_some()
    );
    harness.get_by_label("Path").focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("Path")
        .type_text(path.to_str().expect("utf8"));
    harness.run();
    harness.get_by_label("OK").click();
    // The plan is read on a worker thread, which repaints until it is done:
    // one frame to start it, then wait for it rather than count frames.
    harness.step();
    harness.state_mut().wait_for_open();
    settle(&mut harness);
    assert_eq!(
        harness.state().session.doc.plan.name,
        "Inventory",
        "the typed plan is open"
    );
    assert_eq!(
        harness.state().session.doc.path.as_deref(),
        Some(path.as_path())
    );
}

/// Two waves without dates; ERP in the second.
fn two_waves() -> Plan {
    let mut plan = inventory();
    plan.waves = ["Pilot", "Wave 2"]
        .map(|name| Wave {
            name: name.into(),
            ..Wave::default()
        })
        .to_vec();
    plan.workloads[0].wave = "Wave 2".into();
    plan
}

fn waves_page(plan: Plan) -> Harness<'static, FerryApp> {
    let app = FerryApp::new(
        Document::new(plan, None),
        Box::new(ScriptedDialogs::default()),
    );
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .build_ui_state(|ui, app: &mut FerryApp| app.ui(ui), app);
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Waves").click();
    harness.run();
    harness
}

fn type_into(harness: &mut Harness<'_, FerryApp>, field: &str, text: &str) {
    harness.get_by_label(field).focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label(field).type_text(text);
    harness.run();
}

fn dates(harness: &Harness<'_, FerryApp>, wave: usize) -> (Option<String>, Option<String>) {
    let w = &harness.state().session.doc.plan.waves[wave];
    (w.start.clone(), w.end.clone())
}

#[test]
fn a_waves_dates_are_set_checked_and_cleared_on_the_board() {
    let mut harness = waves_page(two_waves());
    harness.get_by_label("Dates of wave 2…").click();
    harness.run();

    // A date that is not in the calendar is refused with the reason, and
    // the plan is left alone.
    type_into(&mut harness, "Start of wave 2", "2026-04-01");
    type_into(&mut harness, "End of wave 2", "2026-04-31");
    harness.get_by_label("Set dates").click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains(
                "2026-04-31 is not a day of the calendar (April 2026 has 30 days)"
            )
            .is_some(),
        "the reason is shown"
    );
    assert_eq!(dates(&harness, 1), (None, None));
    assert!(harness.state().session.doc.history.undo_label().is_none());

    // An end before the start is refused too.
    type_into(&mut harness, "End of wave 2", "2026-03-31");
    harness.get_by_label("Set dates").click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("before it starts on 2026-04-01")
            .is_some()
    );
    assert_eq!(dates(&harness, 1), (None, None));

    type_into(&mut harness, "End of wave 2", "2026-04-30");
    harness.get_by_label("Set dates").click();
    harness.run();
    assert_eq!(
        dates(&harness, 1),
        (Some("2026-04-01".into()), Some("2026-04-30".into()))
    );
    assert_eq!(dates(&harness, 0), (None, None), "only that wave");
    assert_eq!(
        harness.state().session.doc.history.undo_label(),
        Some("Set the dates of wave Wave 2")
    );
    assert!(
        harness.query_by_label("2026-04-01 – 2026-04-30").is_some(),
        "the column shows them"
    );
    assert_eq!(
        harness.state().session.doc.plan.workloads[0].wave,
        "Wave 2",
        "its workloads stay"
    );

    // Cleared in one step, and one undo brings them back.
    harness.get_by_label("Dates of wave 2…").click();
    harness.run();
    harness.get_by_label("Clear dates").click();
    harness.run();
    assert_eq!(dates(&harness, 1), (None, None));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        dates(&harness, 1),
        (Some("2026-04-01".into()), Some("2026-04-30".into()))
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(dates(&harness, 1), (None, None), "setting was one step");
}

/// A wave of hundreds of workloads: the board lays out the cards in view,
/// and the others are reached by scrolling the wave's column.
#[test]
fn renaming_a_wave_letter_by_letter_is_one_step_named_from_old_to_new() {
    let mut harness = waves_page(two_waves());
    let field = "Name of wave 2";
    harness.get_by_label(field).focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    for letter in ["C", "u", "t", "o", "v", "e", "r"] {
        harness.get_by_label(field).type_text(letter);
        harness.run();
    }
    let plan = &harness.state().session.doc.plan;
    assert_eq!(plan.waves[1].name, "Cutover");
    assert_eq!(plan.workloads[0].wave, "Cutover", "its workload follows");
    assert_eq!(
        harness.state().session.doc.history.undo_label(),
        Some("Rename wave Wave 2 to Cutover")
    );
    harness.key_press(Key::Tab);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let plan = &harness.state().session.doc.plan;
    assert_eq!(
        (plan.waves[1].name.as_str(), plan.workloads[0].wave.as_str()),
        ("Wave 2", "Wave 2"),
        "one undo takes the whole name back"
    );
}

#[test]
fn a_wave_of_hundreds_of_workloads_lays_out_only_the_cards_in_view() {
    let mut plan = ferry::generate::generate(12_000, 3);
    plan.waves.clear();
    for w in &mut plan.workloads {
        w.wave = "Wave 1".into();
    }
    plan.waves.push(Wave {
        name: "Wave 1".into(),
        ..Wave::default()
    });
    let count = plan.workloads.len();
    assert!(count > 300, "{count} workloads");
    let first = plan.workloads[0].name.clone();
    let last = plan.workloads[count - 1].name.clone();
    let mut harness = waves_page(plan);
    let cards = |h: &Harness<'_, FerryApp>| {
        h.query_all_by_label_contains("Move ")
            .filter(|n| {
                n.accesskit_node()
                    .label()
                    .is_some_and(|l| l.ends_with(" to"))
            })
            .count()
    };
    let shown = cards(&harness);
    assert!(shown > 0 && shown < 40, "{shown} cards laid out of {count}");
    assert!(
        harness
            .query_by_label(&format!("Move {first} to"))
            .is_some()
    );
    assert!(harness.query_by_label(&format!("Move {last} to")).is_none());

    // Scrolled to the end of the column, the last workload's card is there.
    let column = harness
        .get_by_label(&format!("Move {first} to"))
        .rect()
        .center();
    for _ in 0..200 {
        if harness.query_by_label(&format!("Move {last} to")).is_some() {
            break;
        }
        harness.hover_at(column);
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Page,
            delta: egui::vec2(0.0, -10.0),
            modifiers: Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        // The scroll is animated over a few frames.
        harness.run_steps(12);
    }
    assert!(
        harness.query_by_label(&format!("Move {last} to")).is_some(),
        "the last card is reached by scrolling"
    );
}

/// A card's pin is one click, shown on the card, one undo step.
#[test]
fn a_card_is_pinned_to_its_wave_by_one_click() {
    let mut harness = waves_page(two_waves());
    let name = harness.state().session.doc.plan.workloads[0].name.clone();
    let pin = format!("Pin {name} to its wave");
    assert!(!harness.state().session.doc.plan.workloads[0].wave_pinned);
    harness.get_by_label(&pin).click();
    harness.run();
    assert!(harness.state().session.doc.plan.workloads[0].wave_pinned);
    let shown = format!("{name} is pinned to its wave");
    assert!(
        harness.query_by_label(&shown).is_some(),
        "the card says it is pinned"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(!harness.state().session.doc.plan.workloads[0].wave_pinned);
    assert!(harness.query_by_label(&shown).is_none());
    assert!(harness.query_by_label(&pin).is_some());
}
