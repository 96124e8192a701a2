//! The bulk pane: what changes every selected asset at once, in the pane
//! below the table (never above it, so the rows stay where they are). It
//! says how many assets a change touches before it is made, and how many
//! of them the filter hides, with one click to drop those.

use super::*;

impl AssetsView {
    /// How many selected assets the filter hides: made again only when the
    /// selection or the rows changed.
    pub(super) fn hidden_selected(&mut self, doc: &Document) -> usize {
        let key = (
            doc.revision,
            self.table.generation(),
            self.selection.generation(),
        );
        if let Some((made_for, hidden)) = self.hidden
            && made_for == key
        {
            return hidden;
        }
        let positions = &doc.derived.asset_positions;
        let hidden = self
            .selection
            .iter()
            .filter(|id| positions.get(*id).is_none_or(|&i| !self.table.shows(i)))
            .count();
        self.hidden = Some((key, hidden));
        hidden
    }

    /// Whether the bulk pane offers a data sync: when one selected asset
    /// would have it offered on its form (a database or data, or any asset
    /// of a Staged or Flight workload), or has one.
    fn offers_data_sync(&mut self, doc: &Document) -> bool {
        let key = (doc.revision, self.selection.generation());
        if let Some((made_for, offered)) = self.data_sync_offered
            && made_for == key
        {
            return offered;
        }
        let plan = &doc.plan;
        let offered = self
            .selection
            .iter()
            .filter_map(|id| doc.derived.asset_positions.get(id))
            .filter_map(|&i| plan.assets.get(i))
            .any(|a| {
                let model = a
                    .workload
                    .as_deref()
                    .and_then(|w| plan.workload(w))
                    .map(|w| w.promotion_model);
                a.data_sync.is_some() || crate::promotion::offers_data_sync(a.kind, model)
            });
        self.data_sync_offered = Some((key, offered));
        offered
    }

    /// Drops the selected assets the filter hides.
    fn drop_hidden(&mut self, doc: &Document) {
        let positions = &doc.derived.asset_positions;
        let table = &self.table;
        self.selection
            .retain(|id| positions.get(id).is_some_and(|&i| table.shows(i)));
    }

    /// The bar that changes every selected asset at once: one undo step
    /// per change, named with how many assets it touched.
    pub(super) fn bulk_ui(&mut self, ui: &mut Ui, doc: &Document, actions: &mut Actions) {
        let plan = &doc.plan;
        let selected = self.selection.len();
        let hidden = self.hidden_selected(doc);
        let offers_data_sync = self.offers_data_sync(doc);
        let mut change: Option<AssetChange> = None;
        ui.horizontal_wrapped(|ui| {
            let text = if hidden > 0 {
                format!(
                    "{} selected ({} hidden by the filter)",
                    words::thousands(selected),
                    words::thousands(hidden)
                )
            } else {
                format!("{} selected", words::thousands(selected))
            };
            ui.label(RichText::new(text).strong());
            // With none of them shown, Clear selection says it.
            if hidden > 0
                && hidden < selected
                && ui
                    .button(format!(
                        "Keep only the {} shown",
                        words::thousands(selected - hidden)
                    ))
                    .on_hover_text("Unselect the assets the filter hides")
                    .clicked()
            {
                self.drop_hidden(doc);
            }
            if ui
                .button("Clear selection")
                .on_hover_text("Escape")
                .clicked()
            {
                self.selection.clear();
                actions.push(Action::SelectAsset(None));
            }
        });
        // Making a workload of the selection comes first: it is what a
        // selection is most often for, and at a projector's zoom the
        // changes below need scrolling.
        ui.horizontal_wrapped(|ui| {
            let r = widgets::text_field(
                ui,
                "New workload from selection",
                &mut self.new_workload_name,
                220.0,
            );
            let name = self.new_workload_name.trim().to_owned();
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            if (ui
                .add_enabled(!name.is_empty(), egui::Button::new("Create workload"))
                .on_hover_text(format!(
                    "Creates the workload and moves the {} into it",
                    words::grouped(selected, "selected asset")
                ))
                .clicked()
                || enter)
                && !name.is_empty()
            {
                let at = self.selection_positions(doc);
                actions.change(Change::new_workload(plan, &name, at).0);
                self.new_workload_name.clear();
            }
        });
        ui.label(
            RichText::new(format!(
                "Each change below applies to all {} at once, as one step you can undo:",
                words::grouped(selected, "selected asset")
            ))
            .weak(),
        );
        ui.horizontal_wrapped(|ui| {
            let label_id = ui.label("Set workload").id;
            let (r, picked) = widgets::workload_combo(
                ui,
                "bulk-workload",
                "—",
                plan,
                &[("— back to the inventory", false)],
                None,
            );
            let _ = r.labelled_by(label_id);
            if let Some(picked) = picked {
                let to = picked.ok().map(|k| plan.workloads[k].id.clone());
                change = Some(AssetChange::Workload(to));
            }
            let mut pick = |c: Option<AssetChange>| {
                if c.is_some() {
                    change = c;
                }
            };
            pick(
                bulk_choice(ui, "Set kind", &AssetKind::ALL, AssetKind::label)
                    .map(AssetChange::Kind),
            );
            pick(
                bulk_choice(ui, "Set strategy", &Strategy::ALL, Strategy::label)
                    .map(AssetChange::Strategy),
            );
            pick(
                bulk_choice(ui, "Set assessment", &Assessment::ALL, Assessment::label)
                    .map(AssetChange::Assessment),
            );
            pick(
                bulk_choice(
                    ui,
                    "Set remediation",
                    &RemediationStatus::ALL,
                    RemediationStatus::label,
                )
                .map(AssetChange::RemediationStatus),
            );
            pick(
                bulk_choice(
                    ui,
                    "Set replication",
                    &ReplicationStatus::ALL,
                    ReplicationStatus::label,
                )
                .map(AssetChange::ReplicationStatus),
            );
            super::keep_together(ui, "Set tool", ui.spacing().combo_width);
            if let Some(Some(tool)) =
                super::tool_picker(ui, "Set tool", "bulk-tool", None, None, false)
            {
                pick(Some(AssetChange::ReplicationTool(tool)));
            }
            if offers_data_sync {
                super::keep_together(ui, "Set data sync", ui.spacing().combo_width);
                if let Some(sync) = super::tool_picker(
                    ui,
                    "Set data sync",
                    "bulk-data-sync",
                    None,
                    Some("None planned"),
                    false,
                ) {
                    pick(Some(AssetChange::DataSync(sync)));
                }
            }
            pick(
                bulk_choice(
                    ui,
                    "Set staging",
                    &[Staging::NotStaged, Staging::Staged],
                    Staging::label,
                )
                .map(AssetChange::Staging),
            );
        });
        ui.horizontal_wrapped(|ui| {
            for kind in ActivityKind::MIGRATION {
                let label = format!("Set {} owner", kind.label().to_lowercase());
                // The pickers are 180 points wide.
                super::keep_together(ui, &label, 180.0);
                let picked = widgets::party_picker(ui, &label, ("bulk-owner", kind), plan, None);
                if let Some(owner) = picked {
                    change = Some(AssetChange::Owner(kind, owner));
                }
            }
        });
        if let Some(change) = change {
            actions.change(Change::AssetsAt(self.selection_positions(doc), change));
        }
    }
}

/// A drop-down of the bulk bar: shows "—" (the selection may differ) and
/// gives the value picked.
fn bulk_choice<T: Copy>(
    ui: &mut Ui,
    label: &str,
    all: &[T],
    name: impl Fn(T) -> &'static str,
) -> Option<T> {
    super::keep_together(ui, label, ui.spacing().combo_width);
    let label_id = ui.label(label).id;
    let mut picked = None;
    let r = egui::ComboBox::from_id_salt(("bulk", label))
        .selected_text("—")
        .show_ui(ui, |ui| {
            for &v in all {
                if ui.selectable_label(false, name(v)).clicked() {
                    picked = Some(v);
                }
            }
        });
    let _ = r.response.labelled_by(label_id);
    picked
}
