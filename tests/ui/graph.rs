//! The dependency graph view: reached from the workload page or Ctrl+G,
//! it shows the workload's assets and what they need elsewhere, marks the
//! cycle, opens an asset on a click, stays readable with 200 assets, and
//! works in presentation mode at 150 %.

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use ferry::app::{Document, FerryApp, ScriptedDialogs, View};
use ferry::model::{Asset, Plan, ReplicationStatus, Staging, Workload};

fn asset(id: &str, name: &str, workload: Option<&str>, deps: &[&str]) -> Asset {
    Asset {
        id: id.into(),
        name: name.into(),
        workload: workload.map(Into::into),
        depends_on: deps.iter().map(|d| (*d).to_owned()).collect(),
        ..Asset::default()
    }
}

/// ERP: the web tier needs the app; app → db → cache → app is a cycle; the
/// app also needs a domain controller of the Base workload and a file
/// server still in the inventory; the db names an id no asset has.
fn erp() -> Plan {
    let mut plan = Plan::named("Contoso");
    for (id, name) in [("wl-erp", "ERP"), ("wl-base", "Base")] {
        plan.workloads.push(Workload {
            id: id.into(),
            name: name.into(),
            ..Workload::default()
        });
    }
    let mut dc = asset("as-dc", "dc-01", Some("wl-base"), &[]);
    dc.staging = Staging::Staged;
    dc.replication.status = ReplicationStatus::Verified;
    plan.assets = vec![
        asset("as-web", "erp-web", Some("wl-erp"), &["as-app"]),
        asset(
            "as-app",
            "erp-app",
            Some("wl-erp"),
            &["as-db", "as-dc", "as-fs"],
        ),
        asset("as-db", "erp-db", Some("wl-erp"), &["as-cache", "as-gone"]),
        asset("as-cache", "erp-cache", Some("wl-erp"), &["as-app"]),
        dc,
        asset("as-fs", "fs-01", None, &[]),
        asset("as-crm", "crm-app", Some("wl-base"), &[]),
    ]
    .into_iter()
    .map(std::sync::Arc::new)
    .collect();
    plan
}

fn harness(plan: Plan, size: egui::Vec2) -> Harness<'static, FerryApp> {
    let app = FerryApp::new(
        Document::new(plan, None),
        Box::new(ScriptedDialogs::default()),
    );
    let mut harness = Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, app: &mut FerryApp| app.ui(ui), app);
    harness.run();
    harness
}

/// The graph's nodes on screen: (accessible name, description, rect).
fn nodes(h: &Harness<'_, FerryApp>) -> Vec<(String, String, egui::Rect)> {
    let Some(group) = h.query_by_role_and_label(Role::Group, "Assets and their dependencies")
    else {
        return Vec::new();
    };
    group
        .get_all_by(|n| n.description().is_some())
        .map(|n| {
            let node = n.accesskit_node();
            let name = node.value().or_else(|| node.label()).unwrap_or_default();
            let description = node.description().unwrap_or_default().to_owned();
            (name, description, n.rect())
        })
        .collect()
}

#[test]
fn the_workload_page_opens_the_graph_with_the_cycle_and_the_outside_marked() {
    let mut h = harness(erp(), egui::vec2(1400.0, 900.0));
    h.get_by_role_and_label(Role::Button, "ERP").click();
    h.run();
    h.get_by_label("Dependency graph").click();
    h.run();
    assert_eq!(h.state().view, View::Graph("wl-erp".into()));
    assert!(h.query_by_label("Dependency graph of ERP").is_some());
    assert!(
        h.query_by_label("3 assets are in a dependency cycle")
            .is_some(),
        "the cycle note"
    );

    let shown = nodes(&h);
    let mut names: Vec<&str> = shown.iter().map(|(n, _, _)| n.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "as-gone",
            "dc-01",
            "erp-app",
            "erp-cache",
            "erp-db",
            "erp-web",
            "fs-01"
        ],
        "the workload's assets and everything they need, and nothing else"
    );
    let mut in_cycle: Vec<&str> = shown
        .iter()
        .filter(|(_, d, _)| d.contains("in a dependency cycle"))
        .map(|(n, _, _)| n.as_str())
        .collect();
    in_cycle.sort_unstable();
    assert_eq!(in_cycle, ["erp-app", "erp-cache", "erp-db"]);
    let detail = |name: &str| {
        shown
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, d, _)| d.clone())
            .expect("shown")
    };
    assert_eq!(detail("dc-01"), "Staged · Base", "another workload, named");
    assert_eq!(detail("fs-01"), "Unassessed · inventory");
    assert_eq!(detail("as-gone"), "not in the plan");
    // Dependents above what they depend on.
    let top = |name: &str| {
        shown
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, _, r)| r.center().y)
            .expect("shown")
    };
    assert!(top("erp-web") < top("erp-app") && top("erp-app") < top("fs-01"));
    assert!(h.query_by_label("not in the plan").is_some(), "the legend");

    // Escape goes back to the workload page.
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().view, View::Workload("wl-erp".into()));
}

#[test]
fn clicking_an_asset_opens_it_and_ctrl_g_comes_back() {
    let mut h = harness(erp(), egui::vec2(1400.0, 900.0));
    h.get_by_role_and_label(Role::Button, "ERP").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    h.run();
    assert_eq!(h.state().view, View::Graph("wl-erp".into()));

    h.get_by_role_and_label(Role::Button, "dc-01").click();
    h.run();
    assert_eq!(h.state().view, View::Assets);
    assert_eq!(h.state().selected_asset.as_deref(), Some("as-dc"));

    // From the asset table, Ctrl+G shows the graph of the selected
    // asset's workload.
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    h.run();
    assert_eq!(h.state().view, View::Graph("wl-base".into()));
    assert!(h.query_by_label("No dependency cycles").is_some());
    h.get_by_label("Back to Base").click();
    h.run();
    assert_eq!(h.state().view, View::Workload("wl-base".into()));
}

/// A workload of 200 assets, each needing up to three others of it.
fn two_hundred() -> Plan {
    let mut plan = Plan::named("Big");
    plan.workloads.push(Workload {
        id: "wl-big".into(),
        name: "Big".into(),
        ..Workload::default()
    });
    let mut rng = fastrand::Rng::with_seed(11);
    for i in 0..200 {
        let deps: Vec<String> = (0..rng.usize(0..4))
            .map(|_| format!("as-{}", rng.usize(0..200)))
            .filter(|d| *d != format!("as-{i}"))
            .collect();
        let deps: Vec<&str> = deps.iter().map(String::as_str).collect();
        plan.assets.push(std::sync::Arc::new(asset(
            &format!("as-{i}"),
            &format!("server-{i:03}"),
            Some("wl-big"),
            &deps,
        )));
    }
    plan
}

fn overlapping(shown: &[(String, String, egui::Rect)]) -> Option<(String, String)> {
    for (a, (name_a, _, p)) in shown.iter().enumerate() {
        for (name_b, _, q) in &shown[a + 1..] {
            if p.intersects(*q) && p.intersect(*q).area() > 0.0 {
                return Some((name_a.clone(), name_b.clone()));
            }
        }
    }
    None
}

#[test]
fn two_hundred_assets_fit_on_open_without_overlap_and_zoom_in() {
    let mut h = harness(two_hundred(), egui::vec2(1400.0, 900.0));
    h.state_mut().view = View::Graph("wl-big".into());
    h.run();
    let shown = nodes(&h);
    assert_eq!(shown.len(), 200, "fitted: every asset on screen");
    assert_eq!(overlapping(&shown), None);
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1400.0, 900.0));
    assert!(shown.iter().all(|(_, _, r)| window.contains_rect(*r)));

    // Zoom in about the middle (the fitted graph is centred): the asset there is drawn larger, still
    // without overlap.
    let middle = shown
        .iter()
        .fold(egui::Rect::NOTHING, |all, (_, _, r)| all.union(*r))
        .center();
    let (name, _, before) = shown
        .iter()
        .min_by(|a, b| {
            let d = |r: &egui::Rect| r.center().distance(middle);
            d(&a.2).total_cmp(&d(&b.2))
        })
        .cloned()
        .expect("a node");
    h.get_by_label("+").click();
    h.run();
    h.key_press(Key::Plus);
    h.run();
    let after = h.get_by_role_and_label(Role::Button, &name).rect();
    assert!(
        after.width() > before.width() * 1.5,
        "{before:?} → {after:?}"
    );
    let shown = nodes(&h);
    assert!(
        shown.len() < 200,
        "zoomed in, part of the graph is off the canvas"
    );
    assert_eq!(overlapping(&shown), None);
    // Fit (F) brings every asset back.
    h.key_press(Key::F);
    h.run();
    assert_eq!(nodes(&h).len(), 200);
}

#[test]
fn in_presentation_at_150_percent_ctrl_g_shows_the_graph_and_escape_steps_back() {
    let mut app = FerryApp::new(
        Document::new(erp(), None),
        Box::new(ScriptedDialogs::default()),
    );
    app.preferences.presentation = true;
    app.view = View::Workload("wl-erp".into());
    let screen = egui::vec2(1280.0, 800.0) / 1.5;
    let mut h = Harness::builder()
        .with_size(screen)
        .with_pixels_per_point(1.5)
        .build_ui_state(|ui, app: &mut FerryApp| app.ui(ui), app);
    h.run();
    assert!(h.state().presenting());
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    h.run();
    assert!(h.state().presenting(), "the graph is shown large");
    assert_eq!(h.state().view, View::Graph("wl-erp".into()));
    let visible = egui::Rect::from_min_size(egui::Pos2::ZERO, screen);
    let shown = nodes(&h);
    assert_eq!(shown.len(), 7);
    assert!(
        shown.iter().all(|(_, _, r)| visible.contains_rect(*r)),
        "{shown:?}"
    );
    assert!(
        h.query_by_label("3 assets are in a dependency cycle")
            .is_some()
    );
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().presenting(), "first back to the workload");
    assert_eq!(h.state().view, View::Workload("wl-erp".into()));
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().presenting(), "then out of presentation");
}

#[test]
fn a_workload_without_assets_says_how_to_fill_its_graph() {
    let mut plan = erp();
    plan.workloads.push(Workload {
        id: "wl-new".into(),
        name: "New".into(),
        ..Workload::default()
    });
    let mut h = harness(plan, egui::vec2(1400.0, 900.0));
    h.state_mut().view = View::Graph("wl-new".into());
    h.run();
    assert!(h.query_by_label_contains("New has no assets yet").is_some());
    assert!(nodes(&h).is_empty());
}
