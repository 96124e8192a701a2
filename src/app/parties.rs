//! Parties: teams and people who take a part in the activities.

use egui::{RichText, Ui};

use super::{Action, Actions, widgets};
use crate::change::{Change, PartyChange, kind_label, missing_caf_teams};
use crate::model::{Party, PartyKind, Plan, Role};

pub fn ui(ui: &mut Ui, plan: &Plan, actions: &mut Actions) {
    widgets::title(ui, "Parties");
    ui.label("The teams and people who are Responsible, Accountable, Consulted or Informed.");
    ui.horizontal(|ui| {
        if ui.button("+ Add party").clicked() {
            let (change, id) = Change::new_party();
            // Its name takes the keyboard, selected: typing replaces it.
            widgets::want_focus(ui.ctx(), name_target(&id));
            actions.change(change);
        }
        let missing = missing_caf_teams(plan);
        let button = egui::Button::new("+ Add the CAF teams");
        let response = ui
            .add_enabled(!missing.is_empty(), button)
            .on_hover_text(
                "Cloud adoption, strategy, governance, platform, operations, security and the CCoE",
            )
            .on_disabled_hover_text("Every CAF team is already a party");
        if response.clicked() {
            actions.change(Change::AddCafTeams);
        }
    });
    ui.add_space(8.0);
    if plan.parties.is_empty() {
        ui.label("No parties yet.");
        return;
    }
    // Both ways: at a projector's zoom the columns are wider than the pane.
    egui::ScrollArea::both()
        .auto_shrink([false; 2])
        .show(ui, |ui| {
            egui::Grid::new("parties")
                .num_columns(5)
                .spacing([12.0, 8.0])
                .striped(true)
                .show(ui, |ui| {
                    for text in ["Name", "Kind", "Role", "Contact", ""] {
                        ui.label(RichText::new(text).strong());
                    }
                    ui.end_row();
                    let assigned = assigned(plan);
                    for (i, party) in plan.parties.iter().enumerate() {
                        let asks = assigned.contains(party.id.as_str());
                        party_row(ui, i, party, asks, actions);
                        ui.end_row();
                    }
                });
        });
}

/// The parties assigned somewhere in the plan (an owner, a RACI letter):
/// removing one asks first, with what it unassigns
/// ([`crate::change::party_usage`]).
fn assigned(plan: &Plan) -> std::collections::HashSet<&str> {
    let mut ids = std::collections::HashSet::new();
    for w in &plan.workloads {
        ids.extend(w.business_owner.as_deref());
        ids.extend(w.technical_owner.as_deref());
        for a in &w.activities {
            ids.extend(a.raci.keys().map(String::as_str));
        }
    }
    for a in &plan.assets {
        ids.extend(a.owners.values().map(String::as_str));
    }
    ids.extend(plan.log.iter().filter_map(|l| l.owner.as_deref()));
    ids
}

/// One party's row; `asks`: removing it asks first (it is assigned), so
/// its button says "Remove…"; an unassigned party goes at once (Ctrl+Z
/// brings it back).
fn party_row(ui: &mut Ui, row: usize, party: &Party, asks: bool, actions: &mut Actions) {
    let mut edited = party.clone();
    let name_label = format!("Name of party {}", row + 1);
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut edited.name)
                .desired_width(220.0)
                .min_size(egui::vec2(220.0, 0.0)),
        )
        .accessible_name(name_label);
    let response = widgets::focus_new_text(ui, response, name_target(&party.id), &party.name);
    if response.changed() {
        actions.type_change(
            Change::Party(party.id.clone(), PartyChange::Name(edited.name)),
            format!("{}:name", party.id),
        );
    }
    actions.seal_on(&response);

    let kinds = [PartyKind::Team, PartyKind::Person];
    let kind_name = kind_label;
    ui.push_id(("kind", &party.id), |ui| {
        let mut picked = None;
        let response = egui::ComboBox::from_id_salt("kind")
            .selected_text(kind_name(party.kind))
            .show_ui(ui, |ui| {
                for k in kinds {
                    if ui.selectable_label(k == party.kind, kind_name(k)).clicked()
                        && k != party.kind
                    {
                        picked = Some(k);
                    }
                }
            });
        let _ = response
            .response
            .accessible_name(format!("Kind of party {}", row + 1));
        if let Some(kind) = picked {
            actions.change(Change::Party(party.id.clone(), PartyChange::Kind(kind)));
        }
    });
    ui.push_id(("role", &party.id), |ui| {
        let mut picked = None;
        let response = egui::ComboBox::from_id_salt("role")
            .selected_text(party.role.label())
            .width(200.0)
            .show_ui(ui, |ui| {
                for r in Role::ALL {
                    if ui.selectable_label(r == party.role, r.label()).clicked() && r != party.role
                    {
                        picked = Some(r);
                    }
                }
            });
        let _ = response
            .response
            .accessible_name(format!("Role of party {}", row + 1));
        if let Some(role) = picked {
            actions.change(Change::Party(party.id.clone(), PartyChange::Role(role)));
        }
    });

    let mut edited = party.clone();
    let contact_label = format!("Contact of party {}", row + 1);
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut edited.contact)
                .hint_text("e-mail or channel")
                .desired_width(220.0)
                .min_size(egui::vec2(220.0, 0.0)),
        )
        .accessible_name(contact_label);
    if response.changed() {
        actions.type_change(
            Change::Party(party.id.clone(), PartyChange::Contact(edited.contact)),
            format!("{}:contact", party.id),
        );
    }
    actions.seal_on(&response);

    let (label, hint) = if asks {
        (
            "Remove…",
            format!("Remove {}: asks first, with what it unassigns", party.name),
        )
    } else {
        (
            "Remove",
            format!(
                "Remove {} (assigned nowhere; Ctrl+Z brings it back)",
                party.name
            ),
        )
    };
    let mut button = ui.button(label);
    if !asks {
        button = button.accessible_name(format!("Remove party {}", row + 1));
    }
    if button.on_hover_text(hint).clicked() {
        actions.push(Action::AskRemoveParty(party.id.clone()));
    }
}

/// The id under which a party's name field takes the keyboard.
fn name_target(party: &str) -> egui::Id {
    egui::Id::unique(("party-name", party))
}
