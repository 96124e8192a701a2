//! "Suggest workloads": the assets still in the inventory grouped by their
//! dependencies into proposed workloads, each kept, renamed or dropped,
//! then created in one step.

use super::*;

/// The open "Suggest workloads" preview.
pub(super) struct SuggestionsState {
    /// (keep it, its name, the proposal)
    pub(super) groups: Vec<(bool, String, crate::suggest::Suggestion)>,
    pub(super) shared: Vec<crate::suggest::SharedAsset>,
    pub(super) considered: usize,
    /// Whether a text field had the keyboard on the last frame: Escape
    /// then only leaves the field.
    pub(super) typing: bool,
}

impl SuggestionsState {
    /// The proposals for the plan as it is.
    pub(super) fn new(plan: &Plan, considered: usize) -> Self {
        let found = crate::suggest::suggest(plan);
        Self {
            groups: found
                .groups
                .into_iter()
                .map(|g| (true, g.name.clone(), g))
                .collect(),
            shared: found.shared,
            considered,
            typing: false,
        }
    }
}

impl AssetsView {
    /// The proposed workloads, to accept, rename or drop one by one, then
    /// create in one step.
    pub(super) fn suggestions_ui(&mut self, ui: &mut Ui, plan: &Plan, actions: &mut Actions) {
        let Some(state) = &mut self.suggestions else {
            return;
        };
        ui.separator();
        widgets::title(ui, "Suggested workloads");
        let mut close = false;
        if state.groups.is_empty() {
            ui.label(format!(
                "No dependency links between the {} in the inventory. Import Azure Migrate's dependency analysis (File › Import inventory…, kind \"dependency analysis\") to see groups here.",
                words::grouped(state.considered, "asset")
            ));
        } else {
            ui.label(format!(
                "{} of assets that depend on each other, from the {} in the inventory. Keep, rename or drop each; creating them is one step you can undo.",
                words::count(state.groups.len(), "group"),
                words::grouped(state.considered, "asset")
            ));
        }
        if !state.shared.is_empty() {
            let shown: Vec<String> = state
                .shared
                .iter()
                .take(8)
                .map(|s| format!("{} (used by {})", s.name, s.used_by))
                .collect();
            ui.label(
                RichText::new(format!(
                    "Shared infrastructure, left out of the groups: {}{}",
                    shown.join(", "),
                    if state.shared.len() > 8 { ", …" } else { "" }
                ))
                .weak(),
            );
        }
        egui::ScrollArea::vertical()
            .id_salt("suggestions")
            .max_height((ui.available_height() - 60.0).max(120.0))
            .show(ui, |ui| {
                for (k, (keep, name, group)) in state.groups.iter_mut().enumerate() {
                    ui.horizontal(|ui| {
                        ui.checkbox(keep, "")
                            .accessible_name(format!("Create group {}", k + 1))
                            .on_hover_text("Create this workload");
                        widgets::text_field(ui, &format!("Name of group {}", k + 1), name, 220.0);
                        let names: Vec<&str> = group
                            .members
                            .iter()
                            .take(8)
                            .map(|id| plan.asset_name(id))
                            .collect();
                        let names = words::names_and_more(&names, group.members.len());
                        ui.label(format!(
                            "{}, {}: {names}",
                            words::count(group.members.len(), "asset"),
                            words::count(group.links, "link"),
                        ));
                    });
                }
            });
        ui.horizontal(|ui| {
            let accepted: Vec<(String, Vec<String>)> = state
                .groups
                .iter()
                .filter(|(keep, name, _)| *keep && !name.trim().is_empty())
                .map(|(_, name, g)| (name.clone(), g.members.clone()))
                .collect();
            let text = format!("Create {}", words::count(accepted.len(), "workload"));
            if ui
                .add_enabled(
                    !accepted.is_empty(),
                    egui::Button::new(RichText::new(text).strong()),
                )
                .clicked()
            {
                actions.change(Change::NewWorkloads(accepted));
                close = true;
            }
            if ui.button("Close").on_hover_text("Escape").clicked() {
                close = true;
            }
        });
        state.typing = ui.ctx().text_edit_focused();
        if close {
            self.suggestions = None;
        }
    }
}
