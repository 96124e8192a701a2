//! The projector layout of the asset table, its pane, the overview, the
//! plan settings and the problems list: at 1280×800, and zoomed to 150 %
//! as in front of a room, every widget lies inside the window or inside an
//! area that scrolls to it. Nothing is cut at the right edge or pushed off
//! the bottom with no way to reach it.

use crate::asset_table::{LAPTOP, assets_at, rvtools_plan, text_of};
use crate::real_input::press;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use ferry::app::FerryApp;

/// The zooms a workshop uses: none, and the room's.
const ZOOMS: [f32; 2] = [1.0, 1.5];

/// Fails naming every widget that is neither inside the window nor in an
/// area with a scroll bar (the nearest container holding one).
fn every_widget_fits(harness: &Harness<'_, FerryApp>, what: &str) {
    let zoom = harness.ctx.zoom_factor();
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, LAPTOP / zoom).expand(1.0);
    let mut out = Vec::new();
    for node in harness.get_all_by(|n| {
        !matches!(
            n.role(),
            Role::GenericContainer | Role::Window | Role::Pane | Role::ScrollBar
        )
    }) {
        let Some(b) = node.accesskit_node().bounding_box() else {
            continue;
        };
        let ppp = harness.ctx.pixels_per_point();
        let rect = egui::Rect::from_min_max(
            egui::pos2(b.x0 as f32 / ppp, b.y0 as f32 / ppp),
            egui::pos2(b.x1 as f32 / ppp, b.y1 as f32 / ppp),
        );
        if !rect.is_finite() || rect.area() <= 0.0 || window.contains_rect(rect) {
            continue;
        }
        // In a scroll area: an ancestor holds a scroll bar.
        let mut scrolls = false;
        let mut parent = node.accesskit_node().parent();
        while let Some(p) = parent {
            if p.children().any(|c| c.role() == Role::ScrollBar) {
                scrolls = true;
                break;
            }
            parent = p.parent();
        }
        if !scrolls {
            out.push(format!(
                "{:?} {:?} at {rect:?}",
                node.accesskit_node().role(),
                text_of(&node)
            ));
        }
    }
    assert!(
        out.is_empty(),
        "{what} at {:.0} %: outside the window, with no way to scroll to it:\n{}",
        zoom * 100.0,
        out.join("\n")
    );
}

/// The asset page in each state a lead sees it in.
#[test]
fn the_asset_page_fits_at_1280_and_zoomed() {
    for zoom in ZOOMS {
        let mut h = assets_at(rvtools_plan(), LAPTOP, zoom);
        every_widget_fits(&h, "the asset table");

        h.get_by_label("Columns…").click();
        h.run();
        for fact in [
            "os_config",
            "cluster",
            "host",
            "memory_mib",
            "provisioned_mib",
        ] {
            h.get_by(|n| n.role() == Role::CheckBox && n.label().as_deref() == Some(fact))
                .click();
            h.run();
        }
        every_widget_fits(&h, "the list of columns");
        press(&mut h, Modifiers::NONE, Key::Escape);
        every_widget_fits(&h, "five fact columns");

        let first = h
            .get_all_by(|n| {
                n.role() == Role::Label
                    && n.value()
                        .is_some_and(|v| v.starts_with("usfq-sandbox-app-"))
            })
            .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
            .expect("a row");
        first.click();
        h.run();
        every_widget_fits(&h, "an asset's form");

        press(&mut h, Modifiers::COMMAND, Key::A);
        every_widget_fits(&h, "the bulk pane");

        h.get_by_role_and_label(Role::ComboBox, "Group by").click();
        h.run();
        every_widget_fits(&h, "the grouping list");
        h.get_all_by_label("cluster").last().expect("item").click();
        h.run();
        every_widget_fits(&h, "groups by cluster");

        press(&mut h, Modifiers::COMMAND, Key::P);
        every_widget_fits(&h, "the problems beside the table");
    }
}

#[test]
fn the_overview_and_the_plan_settings_fit_at_1280_and_zoomed() {
    for zoom in ZOOMS {
        let mut h = assets_at(rvtools_plan(), LAPTOP, zoom);
        h.get_by_role_and_label(Role::Button, "Overview").click();
        h.run();
        every_widget_fits(&h, "the overview of a fresh inventory");
        h.get_by_label("Plan settings…").click();
        h.run();
        every_widget_fits(&h, "the plan settings");

        let mut h = Harness::builder().with_size(LAPTOP).build_ui_state(
            |ui, app: &mut FerryApp| app.ui(ui),
            FerryApp::new(
                ferry::app::Document::example(),
                Box::new(ferry::app::ScriptedDialogs::default()),
            ),
        );
        h.ctx.set_zoom_factor(zoom);
        crate::common::settle(&mut h);
        every_widget_fits(&h, "the example's overview");
        h.get_by_label("Plan settings…").click();
        h.run();
        every_widget_fits(&h, "the example's plan settings");
    }
}

/// The navigation keeps its width whatever the workloads are called: the
/// first workload, with a long name, neither widens it nor moves the page.
#[test]
fn a_first_workload_with_a_long_name_moves_nothing() {
    use ferry::change::{Change, WorkloadChange};
    let mut harness = assets_at(rvtools_plan(), LAPTOP, 1.0);
    let page_left = |h: &Harness<'_, FerryApp>| h.get_by_label("Filter").rect().left();
    let before = page_left(&harness);
    let name = "Student information systems and the registrar's reporting warehouse";
    let (change, id) = Change::new_workload(&harness.state().session.doc.plan, "", Vec::new());
    let doc = &mut harness.state_mut().session.doc;
    doc.change(&change, None).expect("added");
    doc.change(
        &Change::workload(&id, WorkloadChange::Name(name.into())),
        None,
    )
    .expect("named");
    harness.run();
    harness.run();
    assert_eq!(page_left(&harness), before, "the page did not move");
    let button = harness.get_by(|n| n.role() == Role::Button && n.label().as_deref() == Some(name));
    assert!(
        button.rect().right() < before,
        "the long name is cut short inside the navigation"
    );
}

/// The example's ERP workload page at 150 % on 1280×800, with the
/// problems open or not.
fn erp_at_projector_zoom(problems: bool) -> Harness<'static, FerryApp> {
    let app = FerryApp::new(
        ferry::app::Document::new(ferry::example::example_plan(), None),
        Box::new(ferry::app::ScriptedDialogs::default()),
    );
    let mut harness = Harness::builder()
        .with_size(LAPTOP)
        .build_ui_state(|ui, app: &mut FerryApp| app.ui(ui), app);
    harness.ctx.set_zoom_factor(1.5);
    harness.state_mut().show_problems = problems;
    harness.run();
    harness.get_by_role_and_label(Role::Button, "ERP").click();
    harness.run();
    harness.run();
    harness
}

/// At projector zoom with the problems open, the workload page's name is
/// never drawn under its criticality and promotion model.
#[test]
fn the_workload_title_is_never_drawn_over_at_projector_zoom() {
    let harness = erp_at_projector_zoom(true);
    let facts = harness
        .get_by(|n| {
            n.role() == Role::Label
                && n.value()
                    .or_else(|| n.label())
                    .is_some_and(|t| t.starts_with("Criticality: "))
        })
        .rect();
    let title = harness
        .get_all_by(|n| {
            n.role() == Role::Label && n.value().or_else(|| n.label()).as_deref() == Some("ERP")
        })
        .map(|n| n.rect())
        .find(|r| r.bottom() > facts.top() - 60.0 && r.top() < facts.bottom() + 60.0)
        .expect("the title");
    assert!(
        !title.intersects(facts),
        "title {title:?} and facts {facts:?} overlap"
    );
}

/// A choice of several lines has its label beside its first line, not
/// beside the middle (where it read as the label of the line above).
#[test]
fn labels_of_choices_sit_beside_their_first_line() {
    let harness = erp_at_projector_zoom(false);
    let label = harness.get_by_label("Remediation timing").rect();
    let first = harness
        .get_by_role_and_label(Role::RadioButton, "Same sprint")
        .rect();
    assert!(
        (label.top() - first.top()).abs() < 8.0,
        "label at {label:?}, first line at {first:?}"
    );
}

/// Fails naming every widget that reaches past the window's right edge:
/// a page that scrolls only up and down has no way to show it.
fn nothing_past_the_right(harness: &Harness<'_, FerryApp>, what: &str) {
    let zoom = harness.ctx.zoom_factor();
    let right = LAPTOP.x / zoom + 1.0;
    let ppp = harness.ctx.pixels_per_point();
    let out: Vec<String> = harness
        .get_all_by(|n| {
            !matches!(
                n.role(),
                Role::GenericContainer | Role::Window | Role::Pane | Role::ScrollBar
            )
        })
        .filter_map(|node| {
            let b = node.accesskit_node().bounding_box()?;
            let (x0, x1) = (b.x0 as f32 / ppp, b.x1 as f32 / ppp);
            (x1 > right && x1 > x0).then(|| {
                format!(
                    "{:?} {:?} to x = {x1:.0}",
                    node.accesskit_node().role(),
                    text_of(&node)
                )
            })
        })
        .collect();
    assert!(
        out.is_empty(),
        "{what} at {:.0} %: past the right edge ({right:.0}):\n{}",
        zoom * 100.0,
        out.join("\n")
    );
}

/// At twice the size, as on a small projector, the plan settings' fields
/// and hints wrap within the page instead of running off its right edge.
#[test]
fn the_plan_settings_wrap_within_the_page_at_200_percent() {
    let mut h = Harness::builder().with_size(LAPTOP).build_ui_state(
        |ui, app: &mut FerryApp| app.ui(ui),
        FerryApp::new(
            ferry::app::Document::example(),
            Box::new(ferry::app::ScriptedDialogs::default()),
        ),
    );
    h.ctx.set_zoom_factor(2.0);
    crate::common::settle(&mut h);
    h.get_by_label("Plan settings…").click();
    h.run();
    h.run();
    nothing_past_the_right(&h, "the plan settings");
}
