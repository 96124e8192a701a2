//! In front of a room: at 1280×800, at 100 % and at 150 % (the largest zoom
//! step at which presentation still fits twelve parties), every widget of
//! the workshop's views and dialogs lies inside the window, or inside a
//! scroll area that scrolls to it; every dialog shows its title and its
//! buttons; nothing is drawn over presentation's footer.

use crate::common::*;
use crate::keys::{press, press_with};
use egui::accesskit::Role;
use egui::{Key, Modifiers, Rect};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use ferry::app::{Document, FerryApp, ScriptedDialogs, View};

/// The zoom steps a projector is used at.
const ZOOMS: [f32; 2] = [1.0, 1.5];

fn projector(doc: Document, zoom: f32, presenting: bool) -> (Harness<'static, FerryApp>, Rect) {
    let mut app = FerryApp::new(doc, Box::new(ScriptedDialogs::unavailable()));
    app.preferences.presentation = presenting;
    on_projector(app, zoom)
}

/// `app` in a 1280×800 window at `zoom`, and the window in points.
pub fn on_projector(app: FerryApp, zoom: f32) -> (Harness<'static, FerryApp>, Rect) {
    let screen = egui::vec2(1280.0, 800.0) / zoom;
    let mut h = Harness::builder()
        .with_size(screen)
        .with_pixels_per_point(zoom)
        .build_ui_state(|ui, app: &mut FerryApp| app.ui(ui), app);
    settle(&mut h);
    (h, Rect::from_min_size(egui::Pos2::ZERO, screen))
}

/// The example with twelve parties, some with long names, and a workload
/// that uses all of them.
fn twelve_parties() -> Document {
    let mut plan = ferry::example::example_plan();
    for name in [
        "Business continuity office",
        "Network engineering",
        "Identity and access management",
    ] {
        plan.parties.push(ferry::model::Party::new(
            name,
            ferry::model::PartyKind::Team,
            ferry::model::Role::Other,
        ));
    }
    Document::new(plan, None)
}

/// A room like a real one: the seven CAF teams and a DBA team, "Prod
/// Linux" promoted in flights (so the grid has its Promotion column) with
/// its remediation timing not decided, and "Sandbox lab" with nothing
/// decided and no one assigned.
pub fn eight_parties() -> Document {
    use ferry::model::{ActivityKind, Party, PartyKind, PromotionModel, Raci, Role, Workload};
    let mut plan = ferry::model::Plan::named("Room");
    for name in [
        "Cloud adoption team",
        "Cloud strategy team",
        "Cloud governance team",
        "Cloud platform team",
        "Cloud operations team",
        "Security team",
        "Cloud center of excellence",
        "DBA team",
    ] {
        plan.parties
            .push(Party::new(name, PartyKind::Team, Role::Other));
    }
    let party = |k: usize| plan.parties[k].id.clone();
    let mut linux = Workload::new("Prod Linux");
    linux.promotion_model = PromotionModel::Flight;
    for (kind, who, letter) in [
        (ActivityKind::Remediation, 0, Raci::Accountable),
        (ActivityKind::Remediation, 3, Raci::Responsible),
        (ActivityKind::Replication, 0, Raci::Accountable),
        (ActivityKind::Replication, 1, Raci::Consulted),
        (ActivityKind::Staging, 2, Raci::Responsible),
        (ActivityKind::Staging, 4, Raci::Accountable),
    ] {
        linux.activity_mut(kind).raci.insert(party(who), letter);
    }
    linux.activity_mut(ActivityKind::Promotion);
    let sandbox = Workload::new("Sandbox lab");
    plan.workloads.push(linux);
    plan.workloads.push(sandbox);
    Document::new(plan, None)
}

/// What is drawn over presentation's footer (the walk's line and the
/// keys' line), not clipped by a scroll area; fails when the footer is
/// not whole on screen.
fn over_the_footer(h: &mut Harness<'_, FerryApp>, screen: Rect, zoom: f32) -> Vec<String> {
    let line = h.state_mut().gap_line();
    let walk = match &line {
        Some(line) => h.get_by_label(line),
        None => h.get_by_label_contains("walks the open questions"),
    };
    let keys = h.get_by_label_contains("Arrows, R A C I, Delete set the grid");
    let footer = bounds(&walk, zoom)
        .zip(bounds(&keys, zoom))
        .map(|(a, b)| a.union(b))
        .expect("the footer");
    assert!(screen.contains_rect(footer), "the footer at {footer:?}");
    let mut over = Vec::new();
    for node in h.root().children_recursive() {
        let role = node.accesskit_node().role();
        let Some(r) = bounds(&node, zoom) else {
            continue;
        };
        if !is_widget(role) || footer.contains_rect(r) || r.bottom() <= footer.top() + 1.0 {
            continue;
        }
        // What a scroll area holds below its view is clipped, not drawn.
        if !in_scroll_area(&node, (true, false), zoom) {
            over.push(format!(
                "{role:?} {:?} at {r:?}",
                node.accesskit_node().label().unwrap_or_default()
            ));
        }
    }
    over
}

/// Whether a node is a thing drawn for the user (not a container).
fn is_widget(role: Role) -> bool {
    !matches!(
        role,
        Role::GenericContainer
            | Role::Pane
            | Role::Window
            | Role::Dialog
            | Role::Menu
            | Role::ScrollBar
            | Role::Unknown
            | Role::Tooltip
    )
}

/// Where a node is, in points; `None` for a node with no place.
fn bounds(node: &egui_kittest::Node<'_>, ppp: f32) -> Option<Rect> {
    let r = node.accesskit_node().bounding_box()?;
    Some(Rect::from_min_max(
        egui::pos2(r.x0 as f32 / ppp, r.y0 as f32 / ppp),
        egui::pos2(r.x1 as f32 / ppp, r.y1 as f32 / ppp),
    ))
}

/// Scroll bars under `node`, as (vertical, horizontal).
fn scroll_bars(node: &egui_kittest::Node<'_>, ppp: f32) -> (bool, bool) {
    let mut bars = (false, false);
    for child in node.children_recursive() {
        if child.accesskit_node().role() == Role::ScrollBar
            && let Some(r) = bounds(&child, ppp)
        {
            if r.height() >= r.width() {
                bars.0 = true;
            } else {
                bars.1 = true;
            }
        }
    }
    bars
}

/// Whether `node` is in a scroll area that scrolls the ways asked.
fn in_scroll_area(
    node: &egui_kittest::Node<'_>,
    (vertical, horizontal): (bool, bool),
    ppp: f32,
) -> bool {
    let mut parent = node.parent();
    while let Some(p) = parent {
        let (v, hz) = scroll_bars(&p, ppp);
        if (!vertical || v) && (!horizontal || hz) {
            return true;
        }
        parent = p.parent();
    }
    false
}

/// Every widget lies inside `screen`, or inside a scroll area that scrolls
/// in the direction it overflows; returns what does not.
fn outside(h: &Harness<'_, FerryApp>, screen: Rect) -> Vec<String> {
    let ppp = 1280.0 / screen.width();
    let screen = screen.expand(1.0);
    let mut out = Vec::new();
    for node in h.root().children_recursive() {
        let role = node.accesskit_node().role();
        let Some(r) = bounds(&node, ppp) else {
            continue;
        };
        if !is_widget(role) || !r.is_positive() || screen.contains_rect(r) {
            continue;
        }
        // An empty label draws nothing (a grid's corner).
        let text = node.accesskit_node().label().unwrap_or_default();
        if role == Role::Label && text.trim().is_empty() {
            continue;
        }
        let vertical = r.top() < screen.top() || r.bottom() > screen.bottom();
        let horizontal = r.left() < screen.left() || r.right() > screen.right();
        let scrolled = in_scroll_area(&node, (vertical, horizontal), ppp);
        if !scrolled {
            out.push(format!(
                "{role:?} {:?} at {r:?}",
                node.accesskit_node().label().unwrap_or_default()
            ));
        }
    }
    out
}

fn assert_fits(h: &Harness<'_, FerryApp>, screen: Rect, what: &str) {
    let out = outside(h, screen);
    assert!(
        out.is_empty(),
        "{what}: off screen and not scrollable: {out:#?}"
    );
}

/// The dialog on screen shows its title and these buttons whole.
fn assert_dialog(h: &Harness<'_, FerryApp>, screen: Rect, title: &str, buttons: &[&str]) {
    // A page behind the dialog may bear the same title (Import): the
    // dialog's is drawn last, on top.
    let heading = h
        .get_all_by_label(title)
        .last()
        .unwrap_or_else(|| panic!("no {title}"));
    assert!(
        screen.contains_rect(heading.rect()),
        "{title}: the title at {:?}",
        heading.rect()
    );
    for button in buttons {
        // A banner under the dialog may offer the same word: the dialog's
        // button is drawn last, on top.
        let b = h
            .get_all_by_role_and_label(Role::Button, button)
            .last()
            .unwrap_or_else(|| panic!("{title}: no button {button}"));
        assert!(
            screen.contains_rect(b.rect()),
            "{title}: {button} at {:?}",
            b.rect()
        );
    }
    assert_fits(h, screen, title);
}

#[test]
fn the_workload_page_and_the_log_fit_a_projector() {
    for zoom in ZOOMS {
        let (mut h, screen) = projector(twelve_parties(), zoom, false);
        let erp = workload_id(&h, "ERP");
        h.state_mut().view = View::Workload(erp);
        h.run();
        assert_fits(&h, screen, &format!("workload page at {zoom}"));
        h.state_mut().view = View::Log;
        h.run();
        assert_fits(&h, screen, &format!("log at {zoom}"));
    }
}

#[test]
fn presentation_fits_and_nothing_covers_its_footer() {
    for zoom in ZOOMS {
        let (mut h, screen) = projector(twelve_parties(), zoom, true);
        let erp = workload_id(&h, "ERP");
        h.state_mut().view = View::Workload(erp);
        h.run();
        // The walk's line in the footer, long.
        press(&mut h, Key::F8);
        h.state_mut().view = View::Workload(workload_id(&h, "ERP"));
        h.run();
        assert_fits(&h, screen, &format!("presentation at {zoom}"));
        let over = over_the_footer(&mut h, screen, zoom);
        assert!(
            over.is_empty(),
            "drawn over the footer at {zoom}: {over:#?}"
        );
    }
}

#[test]
fn every_workshop_dialog_shows_its_title_and_buttons() {
    for zoom in ZOOMS {
        let (mut h, screen) = projector(twelve_parties(), zoom, false);
        h.state_mut().view = View::Workload(workload_id(&h, "ERP"));
        h.run();

        press(&mut h, Key::F1);
        assert_dialog(&h, screen, "Getting started", &["Close"]);
        press(&mut h, Key::Escape);

        press_with(&mut h, Modifiers::COMMAND, Key::K);
        h.get_by_label("Search actions, workloads, assets, parties")
            .type_text("e");
        h.run();
        assert_fits(&h, screen, &format!("palette at {zoom}"));
        press(&mut h, Key::Escape);

        press_with(&mut h, Modifiers::COMMAND, Key::L);
        assert_dialog(&h, screen, "Log it", &["Add (Enter)", "Cancel (Escape)"]);
        press(&mut h, Key::Escape);

        // A file question typed by hand (no file chooser on this desktop).
        press_with(&mut h, Modifiers::COMMAND, Key::O);
        assert_dialog(&h, screen, "Open a plan", &["OK", "Cancel"]);
        press(&mut h, Key::Escape);

        // Removing a party used in many places lists them, scrolling.
        let ctx = h.ctx.clone();
        h.state_mut()
            .command(ferry::app::UiCommand::GoParties, &ctx);
        h.run();
        h.get_all_by_label("Remove…")
            .next()
            .expect("a party")
            .click_accesskit();
        h.run();
        assert_dialog(
            &h,
            screen,
            "Remove Cloud adoption team?",
            &["Remove", "Cancel"],
        );
        press(&mut h, Key::Escape);

        // Unsaved changes.
        make_change(&mut h);
        press_with(&mut h, Modifiers::COMMAND, Key::N);
        assert_dialog(
            &h,
            screen,
            "Unsaved changes",
            &["Save", "Don't save", "Cancel"],
        );
        press(&mut h, Key::Escape);
    }
}

#[test]
fn every_file_dialog_and_about_show_their_title_and_buttons() {
    use ferry::app::UiCommand;
    for zoom in ZOOMS {
        let (mut h, screen) = projector(twelve_parties(), zoom, false);
        let ctx = h.ctx.clone();
        h.state_mut().command(UiCommand::About, &ctx);
        h.run();
        assert_dialog(
            &h,
            screen,
            &format!("Ferry {}", env!("CARGO_PKG_VERSION")),
            &["Copy details", "Close"],
        );
        press(&mut h, Key::Escape);
        // No file chooser on this desktop: each file question is typed.
        for (command, title) in [
            (UiCommand::SaveAs, "Save the plan"),
            (UiCommand::Import, "Import an inventory"),
            (UiCommand::ExportHtml, "Export a report"),
        ] {
            h.state_mut().command(command, &ctx);
            // The answer (no chooser) comes back on the next frame.
            h.run();
            h.run();
            assert_dialog(&h, screen, title, &["OK", "Cancel"]);
            press(&mut h, Key::Escape);
            assert!(
                h.query_by_role_and_label(Role::Button, "OK").is_none(),
                "{title}: Escape closes it"
            );
        }
    }
}

#[test]
fn the_recovery_question_shows_its_title_and_buttons() {
    for zoom in ZOOMS {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("data");
        let mut plan = ferry::example::example_plan();
        plan.name = "Never saved".into();
        ferry::storage::recovery::write(&data.join("recovery"), None, None, &plan).expect("write");
        let mut app = FerryApp::new(Document::example(), Box::new(ScriptedDialogs::default()));
        app.start(Some(data.clone()));
        let (h, screen) = on_projector(app, zoom);
        assert_dialog(&h, screen, "Unsaved changes found", &["Recover", "Discard"]);
    }
}

/// A save over a file someone else changed asks first, and a merge with
/// many conflicts lists them all in a body that scrolls, with "Apply
/// merge" and "Cancel" always on screen.
#[test]
fn the_save_conflict_and_the_merge_dialog_show_their_title_and_buttons() {
    for zoom in ZOOMS {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("shared.ron");
        ferry::storage::save(&twelve_parties().plan, &path).expect("save");
        let mut app = FerryApp::starting_with(
            Some(path.clone()),
            vec![],
            Box::new(ScriptedDialogs::unavailable()),
        );
        app.session.disk_check_seconds = 0.0;
        let (mut h, screen) = on_projector(app, zoom);
        // Mine and theirs rename every workload and party differently.
        let rename = |plan: &mut ferry::model::Plan, whose: &str| {
            for w in &mut plan.workloads {
                w.name = format!("{} ({whose})", w.name);
            }
            for p in &mut plan.parties {
                p.name = format!("{} ({whose})", p.name);
            }
        };
        let mut mine = h.state().session.doc.plan.clone();
        rename(&mut mine, "mine");
        h.state_mut()
            .session
            .doc
            .apply(
                ferry::edit::Edit::ReplacePlan(Box::new(mine)),
                "rename",
                None,
            )
            .expect("edit");
        let mut theirs = ferry::storage::load(&path).expect("loads");
        rename(&mut theirs, "theirs");
        std::thread::sleep(std::time::Duration::from_millis(20));
        ferry::storage::save(&theirs, &path).expect("their save");
        h.run();
        press_with(&mut h, Modifiers::COMMAND, Key::S);
        settle(&mut h);
        assert_dialog(
            &h,
            screen,
            "The file changed on disk",
            &["Merge", "Overwrite", "Save as…", "Cancel"],
        );
        press(&mut h, Key::Escape);
        assert!(h.query_by_label("The file changed on disk").is_none());
        // The banner's Merge brings theirs in, asking about each conflict.
        h.get_by_role_and_label(Role::Button, "Merge").click();
        h.run();
        assert_dialog(
            &h,
            screen,
            "Both of you changed the same things",
            &["All mine", "Apply merge", "Cancel"],
        );
        let conflicts = h
            .get_all_by_role_and_label(Role::RadioButton, "Mine")
            .count();
        assert!(conflicts > 12, "a long list: {conflicts} conflicts");
        // Every conflict answered from the top, Apply merge is reached
        // without scrolling.
        h.get_by_role_and_label(Role::Button, "All theirs")
            .click_accesskit();
        h.run();
        let apply = h.get_by_role_and_label(Role::Button, "Apply merge");
        assert!(
            screen.contains_rect(apply.rect()),
            "Apply merge at {:?}",
            apply.rect()
        );
        assert!(
            h.query_by_label_contains(" answered").is_none(),
            "every conflict is answered at {zoom}"
        );
        apply.click_accesskit();
        settle(&mut h);
        assert!(
            h.query_by_label("Both of you changed the same things")
                .is_none()
        );
        assert!(
            h.state()
                .session
                .doc
                .plan
                .workloads
                .iter()
                .all(|w| w.name.ends_with("(theirs)")),
            "theirs taken"
        );
        // A plan on a file can merge another copy of it: its path is
        // typed here too.
        let ctx = h.ctx.clone();
        h.state_mut()
            .command(ferry::app::UiCommand::MergeCopy, &ctx);
        h.run();
        h.run();
        assert_dialog(
            &h,
            screen,
            "Merge another copy of the plan",
            &["OK", "Cancel"],
        );
    }
}

/// The import page mapping a wide CSV column by column, and a column's
/// list of fields open.
#[test]
fn the_import_mapping_fits_a_projector() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("cmdb.csv");
    let headers: Vec<String> = (1..=18).map(|i| format!("Attribute number {i}")).collect();
    let row: Vec<String> = (1..=18).map(|i| format!("value {i}")).collect();
    std::fs::write(
        &csv,
        format!("Hostname,{}\nzoë-01,{}\n", headers.join(","), row.join(",")),
    )
    .expect("write");
    for zoom in ZOOMS {
        let app = FerryApp::new(
            twelve_parties(),
            Box::new(ScriptedDialogs::answering(vec![
                Some(csv.clone()),
                Some(csv.clone()),
            ])),
        );
        let (mut h, screen) = on_projector(app, zoom);
        // The file is read by a worker: frames are stepped until it is done.
        h.key_press_modifiers(Modifiers::COMMAND, Key::I);
        crate::import::wait_for_import(&mut h);
        h.get_by_label("Other CSV or sheet (map the columns)")
            .click();
        crate::import::wait_for_import(&mut h);
        assert_eq!(h.state().view, View::Import);
        assert_fits(&h, screen, &format!("the import mapping at {zoom}"));
        h.get_by_label("Field of column Attribute number 1").click();
        h.run();
        assert_fits(&h, screen, &format!("a column's fields at {zoom}"));
    }
}

/// The palette scrolled to a choice far down rests: it does not ask for a
/// frame after frame (it scrolls when the choice changes, not always).
#[test]
fn the_palette_rests_when_nothing_changes() {
    let (mut h, _) = projector(twelve_parties(), 1.5, false);
    press_with(&mut h, Modifiers::COMMAND, Key::K);
    h.get_by_label("Search actions, workloads, assets, parties")
        .type_text("e");
    h.run();
    for _ in 0..20 {
        press(&mut h, Key::ArrowDown);
    }
    h.run();
    h.step();
    assert!(
        !h.ctx.has_requested_repaint(),
        "the palette repaints while nothing happens"
    );
}

/// A phrase or a stage's count never breaks across lines at 150 %: each
/// is one line high, moved whole to the next line when the line is full.
#[test]
fn legends_and_hints_wrap_whole_at_projector_zoom() {
    let (mut h, screen) = projector(twelve_parties(), 1.5, false);
    let line = h.ctx.global_style().text_styles[&egui::TextStyle::Body].size * 1.6;
    let one_line = |h: &Harness<'_, FerryApp>, text: &str| {
        let nodes: Vec<Rect> = h
            .get_all_by(|n| {
                n.role() == Role::Label
                    && n.label()
                        .or_else(|| n.value())
                        .is_some_and(|t| t.contains(text))
            })
            .filter_map(|n| bounds(&n, 1.5))
            .collect();
        assert!(!nodes.is_empty(), "{text} is shown");
        for r in nodes {
            assert!(r.height() < line, "{text} breaks over lines: {r:?}");
        }
        assert_fits(h, screen, text);
    };
    // The overview's legend of stages, in a narrow window.
    for stage in ["Unassessed", "Ready to replicate", "Staged"] {
        one_line(&h, &format!("■ {stage} "));
    }
    h.state_mut().view = View::Waves;
    h.run();
    one_line(&h, "No bandwidth yet: estimates need one");
}

#[test]
fn the_status_bar_shows_the_zoom_and_a_click_resets_it() {
    let mut h = example_app(vec![]);
    for _ in 0..5 {
        press_with(&mut h, Modifiers::COMMAND, Key::Plus);
    }
    assert!((h.ctx.zoom_factor() - 1.5).abs() < 0.01);
    assert!(h.query_by_label("Zoom 150 %").is_some());
    assert_eq!(
        h.state().toasts.last(),
        Some("Zoom 150 % — Ctrl+0 resets it"),
        "one toast says the zoom, however many steps"
    );
    h.get_by_label("Zoom 150 %").click();
    h.run();
    h.run();
    assert!((h.ctx.zoom_factor() - 1.0).abs() < 0.01);
    assert!(h.query_by_label("Zoom 100 %").is_some());
}

fn make_change(h: &mut Harness<'_, FerryApp>) {
    h.state_mut().view = View::Workload(workload_id(h, "ERP"));
    h.run();
    h.get_by_label_contains("Staging / DBAs:").scroll_to_me();
    h.run();
    h.get_by_label_contains("Staging / DBAs:").click();
    h.run();
    assert!(h.state().session.doc.is_dirty());
}

/// The texts of the decisions, the grid and the blockers that a word of
/// is cut: a radio, a box, a label or a link narrower than its longest
/// word (egui breaks a word only when it is wider than its line).
fn words_cut(h: &Harness<'_, FerryApp>, zoom: f32) -> Vec<String> {
    let font = h.ctx.global_style().text_styles[&egui::TextStyle::Body].clone();
    let spacing = h.ctx.global_style().spacing.clone();
    let mut cut = Vec::new();
    for node in h.root().children_recursive() {
        let role = node.accesskit_node().role();
        let boxed = match role {
            Role::RadioButton | Role::CheckBox => spacing.icon_width + spacing.icon_spacing,
            Role::Label | Role::Link => 0.0,
            _ => continue,
        };
        let text = node
            .accesskit_node()
            .label()
            .or_else(|| node.accesskit_node().value())
            .unwrap_or_default();
        let Some(r) = bounds(&node, zoom) else {
            continue;
        };
        let longest = text
            .split_whitespace()
            .map(|word| {
                h.ctx
                    .fonts_mut(|f| {
                        f.layout_no_wrap(word.to_owned(), font.clone(), egui::Color32::WHITE)
                    })
                    .size()
                    .x
            })
            .fold(0.0, f32::max);
        if r.width() + 0.5 < longest + boxed {
            cut.push(format!("{role:?} {text:?} is {:.0} wide", r.width()));
        }
    }
    cut
}

/// Presentation as the room saw it (eight parties, the Promotion column)
/// at 150 % and 180 %: the decisions are drawn, no word of the decisions,
/// the grid or the blockers is broken, nothing crosses the footer.
#[test]
fn presentation_with_eight_parties_keeps_every_word_whole_and_the_footer_clear() {
    for zoom in [1.5, 1.8] {
        let (mut h, screen) = projector(eight_parties(), zoom, true);
        h.state_mut().view = View::Workload(workload_id(&h, "Prod Linux"));
        h.run();
        // The walk's line in the footer.
        press(&mut h, Key::F8);
        let line = h.state_mut().gap_line().expect("the walk started");
        assert!(line.contains("Prod Linux: "), "{line}");
        let radios = h.query_all_by(|n| n.role() == Role::RadioButton).count();
        assert_eq!(
            radios, 8,
            "every choice of both decisions is drawn at {zoom}"
        );
        let heading = h.get_by_label("Promotion model");
        let r = bounds(&heading, zoom).expect("placed");
        assert!(
            screen.contains_rect(r),
            "the decisions are on screen at {zoom}: {r:?}"
        );
        let cut = words_cut(&h, zoom);
        assert!(cut.is_empty(), "words broken at {zoom}: {cut:#?}");
        let over = over_the_footer(&mut h, screen, zoom);
        assert!(
            over.is_empty(),
            "drawn over the footer at {zoom}: {over:#?}"
        );
    }
}

/// The same workload at the same zoom looks the same whatever came
/// before: another zoom, other workloads, jumps to gaps.
#[test]
fn presentation_looks_the_same_whatever_was_shown_before() {
    let layout = |h: &Harness<'_, FerryApp>| -> Vec<(String, Rect)> {
        h.query_all_by(|n| matches!(n.role(), Role::RadioButton | Role::Button))
            .filter_map(|n| {
                let label = n.accesskit_node().label().unwrap_or_default();
                // Where each cell and choice is across; the side's scroll
                // may differ after a jump.
                bounds(&n, 1.5).map(|r| (label, r))
            })
            .collect()
    };
    let (mut fresh, _) = projector(eight_parties(), 1.5, true);
    fresh.state_mut().view = View::Workload(workload_id(&fresh, "Prod Linux"));
    fresh.run();
    let want = layout(&fresh);

    // At 180 %, zoomed as a user zooms (Ctrl+minus), after other
    // workloads and jumps to gaps, then back to 150 %.
    let (mut h, _) = projector(eight_parties(), 1.0, true);
    h.set_size(egui::vec2(1280.0, 800.0));
    h.ctx.set_zoom_factor(1.8);
    h.run();
    let linux = workload_id(&h, "Prod Linux");
    h.state_mut().view = View::Workload(workload_id(&h, "Sandbox lab"));
    h.run();
    for _ in 0..4 {
        press(&mut h, Key::F8);
    }
    h.state_mut().view = View::Workload(linux);
    h.run();
    h.ctx.set_zoom_factor(1.5);
    h.run();
    let got = layout(&h);
    let names = |l: &[(String, Rect)]| l.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&got), names(&want));
    for ((name, a), (_, b)) in got.iter().zip(&want) {
        assert!(
            (a.left() - b.left()).abs() < 0.5 && (a.width() - b.width()).abs() < 0.5,
            "{name}: {a:?}, fresh {b:?}"
        );
    }
}
