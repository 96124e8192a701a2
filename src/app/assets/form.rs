//! The asset form: one asset's fields, its compatibility issues, its
//! dependencies (found by name among thousands), its owners and its
//! source facts. Keystrokes with the same key make one undo step.

use super::*;

impl AssetsView {
    pub(super) fn form_ui(
        &mut self,
        ui: &mut Ui,
        (plan, derived, revision): (&Plan, &Derived, u64),
        asset: &Asset,
        actions: &mut Actions,
    ) {
        let stage = derived
            .stage_of(&asset.id)
            .unwrap_or(Stage::ReadyToReplicate);
        let set = |actions: &mut Actions, change: AssetChange| {
            actions.change(Change::Assets(vec![asset.id.clone()], change));
        };
        ui.horizontal(|ui| {
            widgets::title(ui, &asset.name);
            ui.label("Stage:");
            widgets::stage_chip(ui, stage);
            if crate::derive::staged_before_verified(asset) {
                ui.label(
                    RichText::new("⚠ staged before its replication was verified")
                        .color(theme::warn_text(ui.visuals())),
                );
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("Close").clicked() {
                    actions.push(Action::SelectAsset(None));
                }
                if ui.button("Remove asset").clicked() {
                    actions.change(Change::RemoveAsset(asset.id.clone()));
                    actions.push(Action::SelectAsset(None));
                }
            });
        });

        egui::Grid::new("asset-form-grid")
            .num_columns(4)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                let mut text = asset.name.clone();
                let width = fitting_width(ui, &text, 260.0);
                let r = widgets::text_field(ui, "Name", &mut text, width);
                let r = widgets::focus_new_text(ui, r, name_target(&asset.id), &asset.name);
                if r.changed() {
                    type_change(
                        actions,
                        asset,
                        AssetChange::Name(text),
                        format!("{}:name", asset.id),
                    );
                }
                actions.seal_on(&r);

                let label_id = ui.label("Workload").id;
                let shown = asset
                    .workload
                    .as_deref()
                    .map_or("— inventory", |w| plan.workload_name(w));
                let (r, picked) = widgets::workload_combo(
                    ui,
                    "asset-workload",
                    shown,
                    plan,
                    &[("— inventory", asset.workload.is_none())],
                    asset.workload.as_deref(),
                );
                let _ = r.labelled_by(label_id);
                let picked = picked.map(|p| p.ok().map(|k| plan.workloads[k].id.clone()));
                if let Some(workload) = picked.filter(|w| *w != asset.workload) {
                    set(actions, AssetChange::Workload(workload));
                }
                ui.end_row();

                if let Some(kind) = widgets::choice(
                    ui,
                    "Kind",
                    "asset-kind",
                    asset.kind,
                    &AssetKind::ALL,
                    AssetKind::label,
                ) {
                    set(actions, AssetChange::Kind(kind));
                }
                if let Some(strategy) = widgets::choice(
                    ui,
                    "Strategy",
                    "asset-strategy",
                    asset.strategy,
                    &Strategy::ALL,
                    Strategy::label,
                ) {
                    set(actions, AssetChange::Strategy(strategy));
                }
                ui.end_row();

                if let Some(assessment) = widgets::choice(
                    ui,
                    "Assessment",
                    "asset-assessment",
                    asset.assessment,
                    &Assessment::ALL,
                    Assessment::label,
                ) {
                    set(actions, AssetChange::Assessment(assessment));
                }
                if let Some(status) = widgets::choice(
                    ui,
                    "Remediation",
                    "asset-remediation",
                    asset.remediation.status,
                    &RemediationStatus::ALL,
                    RemediationStatus::label,
                ) {
                    set(actions, AssetChange::RemediationStatus(status));
                }
                ui.end_row();

                if let Some(status) = widgets::choice(
                    ui,
                    "Replication",
                    "asset-replication",
                    asset.replication.status,
                    &ReplicationStatus::ALL,
                    ReplicationStatus::label,
                ) {
                    set(actions, AssetChange::ReplicationStatus(status));
                }
                if let Some(Some(tool)) = super::tool_picker(
                    ui,
                    "Tool",
                    "asset-tool",
                    Some(Some(asset.replication.tool)),
                    None,
                    self.focus_field
                        .take_if(|f| *f == FormField::Tool)
                        .is_some(),
                ) {
                    set(actions, AssetChange::ReplicationTool(tool));
                }
                ui.end_row();

                // Offered where it matters (databases and data, or any
                // asset of a Staged or Flight workload), and wherever one
                // is set, so a value is never hidden.
                let model = asset
                    .workload
                    .as_deref()
                    .and_then(|w| plan.workload(w))
                    .map(|w| w.promotion_model);
                if asset.data_sync.is_some()
                    || crate::promotion::offers_data_sync(asset.kind, model)
                {
                    if let Some(sync) = super::tool_picker(
                        ui,
                        "Data sync",
                        "asset-data-sync",
                        Some(asset.data_sync),
                        Some("None planned"),
                        self.focus_field
                            .take_if(|f| *f == FormField::DataSync)
                            .is_some(),
                    ) {
                        set(actions, AssetChange::DataSync(sync));
                    }
                    data_sync_note(ui, asset);
                    ui.end_row();
                }

                if let Some(staging) = widgets::choice(
                    ui,
                    "Staging",
                    "asset-staging",
                    asset.staging,
                    &[Staging::NotStaged, Staging::Staged],
                    Staging::label,
                ) {
                    set(actions, AssetChange::Staging(staging));
                }
                ui.end_row();
            });

        // A field asked for that this asset's form does not show is not
        // carried over to the next asset.
        self.focus_field = None;
        ui.add_space(8.0);
        self.issues_ui(ui, asset, actions);
        ui.add_space(8.0);
        self.dependencies_ui(ui, (plan, derived, revision), asset, actions);
        ui.add_space(8.0);
        owners_ui(ui, plan, asset, actions);
        ui.add_space(8.0);
        self.facts_ui(ui, asset, actions);
        ui.add_space(8.0);
        let mut notes = asset.notes.clone();
        let r = widgets::labelled(ui, "Notes", |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut notes)
                    .desired_rows(2)
                    .desired_width(520.0),
            )
        });
        if r.changed() {
            type_change(
                actions,
                asset,
                AssetChange::Notes(notes),
                format!("{}:notes", asset.id),
            );
        }
        actions.seal_on(&r);
    }

    fn issues_ui(&mut self, ui: &mut Ui, asset: &Asset, actions: &mut Actions) {
        let set = |actions: &mut Actions, change: AssetChange| {
            actions.change(Change::Assets(vec![asset.id.clone()], change));
        };
        ui.horizontal(|ui| {
            ui.label(RichText::new("Compatibility issues").strong());
            if ui.button("+ Add issue").clicked() {
                // Its text takes the keyboard, selected: typing replaces it.
                let added = asset.remediation.issues.len();
                widgets::want_focus(ui.ctx(), issue_target(&asset.id, added));
                set(actions, AssetChange::AddIssue("New issue".into()));
            }
        });
        for (i, issue) in asset.remediation.issues.iter().enumerate() {
            ui.horizontal(|ui| {
                let mut resolved = issue.resolved;
                if ui.checkbox(&mut resolved, "Resolved").changed() {
                    set(actions, AssetChange::IssueResolved(i, resolved));
                }
                let mut text = issue.text.clone();
                let width = fitting_width(ui, &text, 420.0);
                let r = ui
                    .add(egui::TextEdit::singleline(&mut text).desired_width(width))
                    .accessible_name(format!("Issue {}", i + 1));
                let r = widgets::focus_new_text(ui, r, issue_target(&asset.id, i), &issue.text);
                if r.changed() {
                    type_change(
                        actions,
                        asset,
                        AssetChange::IssueText(i, text),
                        format!("{}:issue{i}", asset.id),
                    );
                }
                actions.seal_on(&r);
                if ui
                    .button("Remove")
                    .on_hover_text("Remove this issue")
                    .clicked()
                {
                    set(actions, AssetChange::RemoveIssue(i));
                }
            });
        }
    }

    fn dependencies_ui(
        &mut self,
        ui: &mut Ui,
        (plan, derived, revision): (&Plan, &Derived, u64),
        asset: &Asset,
        actions: &mut Actions,
    ) {
        let name = &asset.name;
        let set = |actions: &mut Actions, change: AssetChange| {
            actions.change(Change::Assets(vec![asset.id.clone()], change));
        };
        let query = self.dependency_search.trim().to_lowercase();
        self.refresh_links(plan, derived, revision, asset, &query);
        let Some(links) = self.links.take() else {
            return;
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Depends on").strong());
            if links.depends.is_empty() {
                ui.label("nothing");
            }
            for (dep, dep_name) in &links.depends {
                if ui.link(dep_name).clicked() {
                    actions.push(Action::Navigate(crate::derive::Subject::Asset(dep.clone())));
                }
                if ui
                    .small_button("×")
                    .on_hover_text(format!("{name} no longer depends on {dep_name}"))
                    .clicked()
                {
                    set(actions, AssetChange::RemoveDependency(dep.clone()));
                }
            }
        });
        ui.horizontal(|ui| {
            widgets::text_field(ui, "Add a dependency", &mut self.dependency_search, 200.0);
            ui.label(RichText::new("type to search").weak());
        });
        if !query.is_empty() {
            ui.horizontal_wrapped(|ui| {
                for (id, candidate) in &links.found {
                    if ui.button(format!("+ {candidate}")).clicked() {
                        set(actions, AssetChange::AddDependency(id.clone()));
                        self.dependency_search.clear();
                    }
                }
                if links.found.is_empty() {
                    ui.label("No asset matches");
                }
            });
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Needed by").strong());
            if links.needed_by.is_empty() {
                ui.label("nothing");
            }
            for (id, other) in &links.needed_by {
                if ui.link(other).clicked() {
                    actions.push(Action::Navigate(crate::derive::Subject::Asset(id.clone())));
                }
            }
        });
        self.links = Some(links);
    }

    /// The open asset's dependencies by name, the assets that need it, and
    /// the first assets matching the dependency search: made again only
    /// when the plan, the asset or the search changed, as finding them
    /// reads every asset.
    fn refresh_links(
        &mut self,
        plan: &Plan,
        derived: &Derived,
        revision: u64,
        asset: &Asset,
        query: &str,
    ) {
        let same = self
            .links
            .as_ref()
            .is_some_and(|l| l.revision == revision && l.asset == asset.id);
        if !same {
            let name_of = |id: &str| {
                derived
                    .asset_positions
                    .get(id)
                    .and_then(|&i| plan.assets.get(i))
                    .map_or_else(|| id.to_owned(), |a| a.name.clone())
            };
            let depends = asset
                .depends_on
                .iter()
                .map(|d| (d.clone(), name_of(d)))
                .collect();
            let needed_by = plan
                .assets
                .iter()
                .filter(|a| a.depends_on.contains(&asset.id))
                .map(|a| (a.id.clone(), a.name.clone()))
                .collect();
            self.links = Some(Links {
                revision,
                asset: asset.id.clone(),
                depends,
                needed_by,
                query: None,
                found: Vec::new(),
            });
        }
        let Some(links) = &mut self.links else {
            return;
        };
        if links.query.as_deref() == Some(query) {
            return;
        }
        links.found.clear();
        if !query.is_empty() {
            let table = &self.table;
            links.found = plan
                .assets
                .iter()
                .enumerate()
                .filter(|(i, c)| {
                    c.id != asset.id
                        && !asset.depends_on.contains(&c.id)
                        && table.lower_name(*i).map_or_else(
                            || c.name.to_lowercase().contains(query),
                            |n| n.contains(query),
                        )
                })
                .take(8)
                .map(|(_, c)| (c.id.clone(), c.name.clone()))
                .collect();
        }
        links.query = Some(query.to_owned());
    }

    fn facts_ui(&mut self, ui: &mut Ui, asset: &Asset, actions: &mut Actions) {
        ui.label(RichText::new("Source facts").strong());
        egui::Grid::new("facts")
            .num_columns(3)
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                for (key, value) in &asset.source {
                    ui.label(key);
                    let mut text = value.to_owned();
                    let width = fitting_width(ui, &text, 300.0);
                    let r = widgets::sized_line(ui, &mut text, width).accessible_name(key);
                    if r.changed() {
                        type_change(
                            actions,
                            asset,
                            AssetChange::Fact(key.to_owned(), text),
                            format!("{}:fact:{key}", asset.id),
                        );
                    }
                    actions.seal_on(&r);
                    if ui
                        .small_button("×")
                        .on_hover_text(format!("Remove {key}"))
                        .clicked()
                    {
                        actions.change(Change::Assets(
                            vec![asset.id.clone()],
                            AssetChange::RemoveFact(key.to_owned()),
                        ));
                    }
                    ui.end_row();
                }
            });
        ui.horizontal(|ui| {
            let (key, value) = &mut self.new_fact;
            widgets::text_field(ui, "New fact", key, 120.0);
            widgets::text_field(ui, "Value", value, 200.0);
            let ok = !key.trim().is_empty() && !asset.source.contains_key(key.trim());
            if ui
                .add_enabled(ok, egui::Button::new("+ Add fact"))
                .clicked()
            {
                actions.change(Change::Assets(
                    vec![asset.id.clone()],
                    AssetChange::Fact(key.trim().to_owned(), value.clone()),
                ));
                self.new_fact = Default::default();
            }
        });
    }
}

/// What the data sync chosen means until promotion, when it is not
/// plain: a one-shot copy goes stale, no tool is no sync.
/// The name field of an asset's form, to give the keyboard to (a new
/// asset's name, selected).
pub(super) fn name_target(asset: &str) -> egui::Id {
    egui::Id::unique(("asset-name", asset))
}

/// The text field of an asset's issue `index`, to give the keyboard to.
fn issue_target(asset: &str, index: usize) -> egui::Id {
    egui::Id::unique(("asset-issue", asset, index))
}

fn data_sync_note(ui: &mut Ui, asset: &Asset) {
    let note = match asset.data_sync {
        Some(ReplicationTool::Undecided) => "⚠ no tool chosen yet",
        Some(tool) if tool.mode() == crate::model::ReplicationMode::Once => {
            "⚠ copies once: stale by promotion"
        }
        _ => return,
    };
    ui.label(RichText::new(note).color(theme::warn_text(ui.visuals())));
}

/// An edit from typing in a field of one asset: keystrokes with the same
/// key are one undo step.
fn type_change(actions: &mut Actions, asset: &Asset, change: AssetChange, key: String) {
    actions.type_change(Change::Assets(vec![asset.id.clone()], change), key);
}

/// A width that shows the whole text (and a little room to type), at
/// least `min`, at most what the row has.
fn fitting_width(ui: &Ui, text: &str, min: f32) -> f32 {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let text_width = ui.fonts_mut(|f| {
        f.layout_no_wrap(text.to_owned(), font, egui::Color32::WHITE)
            .size()
            .x
    });
    (text_width + 24.0)
        .max(min)
        .min(ui.ctx().content_rect().width() * 0.8)
}

fn owners_ui(ui: &mut Ui, plan: &Plan, asset: &Asset, actions: &mut Actions) {
    ui.label(RichText::new("Owners").strong()).on_hover_text(
        "Who is responsible for this asset in an activity, instead of the activity's Responsible",
    );
    ui.horizontal_wrapped(|ui| {
        for kind in ActivityKind::MIGRATION {
            let current = asset.owners.get(&kind).map(String::as_str);
            if let Some(owner) = widgets::party_picker(
                ui,
                &format!("{} owner", kind.label()),
                ("owner", kind),
                plan,
                current,
            ) {
                actions.change(Change::Assets(
                    vec![asset.id.clone()],
                    AssetChange::Owner(kind, owner),
                ));
            }
        }
    });
}
