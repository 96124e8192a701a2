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
    let heading = h.get_by_label(title);
    assert!(
        screen.contains_rect(heading.rect()),
        "{title}: the title at {:?}",
        heading.rect()
    );
    for button in buttons {
        let b = h.get_by_role_and_label(Role::Button, button);
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
        // The footer starts at the walk's line; the keys line is below it.
        let line = h.state_mut().gap_line().expect("the walk started");
        let walk = h.get_by_label(&line);
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
