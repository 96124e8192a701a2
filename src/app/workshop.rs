//! Running a workshop from one screen: presentation mode (the current
//! workload large, for a projector), the command palette, the help
//! overlay, "next gap" and the quick log.

use egui::{Key, Modifiers, RichText, Ui};

use super::commands::{Menu, UiCommand};
use super::workload::{GridSize, raci_grid_ui};
use super::{Action, Actions, Document, theme, widgets};
use crate::derive::{Gap, Subject};
use crate::edit::{Edit, Item};
use crate::model::{IdKind, LogEntry, LogKind, Plan, new_id};

/// The workshop tools' state.
#[derive(Default)]
pub struct Workshop {
    pub presentation: bool,
    pub palette: Option<Palette>,
    pub help: bool,
    pub quick_log: Option<QuickLog>,
    /// Where "next gap" is: the index into the gaps and how many there
    /// were, shown as "3 of 41".
    pub gap: Option<(usize, usize)>,
    /// The names the palette searches, per plan revision.
    names: Option<(u64, Vec<Searchable>)>,
}

/// A place the palette can go to: where, its label, its name in lower case.
type Searchable = (Subject, String, String);

/// The open command palette.
#[derive(Default)]
pub struct Palette {
    pub query: String,
    selected: usize,
    opened: bool,
}

/// One line of the palette: an action, or a place to go.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    Command(UiCommand),
    Go(Subject, String),
}

/// The open quick-log form.
pub struct QuickLog {
    pub kind: LogKind,
    pub text: String,
    pub owner: Option<String>,
    pub due: String,
    /// What the entry is about (a workload, asset or party id).
    pub about: Option<String>,
    opened: bool,
}

/// How well `needle` matches `hay` (both lower case): a prefix beats a
/// word start beats a substring beats letters in order; `None` when it
/// does not match at all.
pub fn fuzzy_score(hay: &str, needle: &str) -> Option<u32> {
    if needle.is_empty() {
        return Some(0);
    }
    if hay.starts_with(needle) {
        return Some(1000 - hay.len().min(999) as u32);
    }
    if let Some(at) = hay.find(needle) {
        let word_start = at == 0 || !hay.as_bytes()[at - 1].is_ascii_alphanumeric();
        return Some(if word_start { 800 } else { 600 } - hay.len().min(500) as u32);
    }
    let mut chars = hay.chars();
    for c in needle.chars() {
        chars.find(|h| *h == c)?;
    }
    Some(100 - hay.len().min(99) as u32)
}

impl Workshop {
    /// The palette's matches for its query, best first (at most `limit`).
    pub fn matches(&mut self, doc: &Document, query: &str, limit: usize) -> Vec<Entry> {
        let plan = &doc.plan;
        if self.names.as_ref().is_none_or(|(r, _)| *r != doc.revision) {
            let mut names = Vec::with_capacity(plan.assets.len() + 64);
            for w in &plan.workloads {
                names.push((
                    Subject::Workload(w.id.clone()),
                    format!("Workload {}", w.name),
                    w.name.to_lowercase(),
                ));
            }
            for p in &plan.parties {
                names.push((
                    Subject::Party(p.id.clone()),
                    format!("Party {}", p.name),
                    p.name.to_lowercase(),
                ));
            }
            for a in &plan.assets {
                names.push((
                    Subject::Asset(a.id.clone()),
                    format!("Asset {}", a.name),
                    a.name.to_lowercase(),
                ));
            }
            self.names = Some((doc.revision, names));
        }
        let needle = query.trim().to_lowercase();
        let mut scored: Vec<(u32, Entry)> = UiCommand::ALL
            .into_iter()
            .filter(|c| !c.is_alias())
            .filter_map(|c| {
                fuzzy_score(&c.label().to_lowercase(), &needle).map(|s| (s + 50, Entry::Command(c)))
            })
            .collect();
        if !needle.is_empty()
            && let Some((_, names)) = &self.names
        {
            for (subject, label, lower) in names {
                if let Some(score) = fuzzy_score(lower, &needle) {
                    scored.push((score, Entry::Go(subject.clone(), label.clone())));
                }
            }
        }
        // Stable: equal scores keep the list's order (commands, then
        // workloads, parties, assets in plan order).
        scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
        scored.into_iter().take(limit).map(|(_, e)| e).collect()
    }

    /// The palette window; returns what was picked.
    pub fn palette_ui(&mut self, ctx: &egui::Context, doc: &Document) -> Option<Entry> {
        let mut palette = self.palette.take()?;
        let entries = self.matches(doc, &palette.query, 40);
        let mut picked = None;
        let mut close = false;
        egui::Modal::new(egui::Id::unique("ferry-palette")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.heading("Go to anything");
            let r = widgets::text_field(
                ui,
                "Search actions, workloads, assets, parties",
                &mut palette.query,
                520.0,
            );
            if !palette.opened {
                r.request_focus();
                palette.opened = true;
            }
            if r.changed() {
                palette.selected = 0;
            }
            ui.input_mut(|i| {
                if i.consume_key(Modifiers::NONE, Key::ArrowDown) {
                    palette.selected = (palette.selected + 1).min(entries.len().saturating_sub(1));
                }
                if i.consume_key(Modifiers::NONE, Key::ArrowUp) {
                    palette.selected = palette.selected.saturating_sub(1);
                }
                if i.consume_key(Modifiers::NONE, Key::Escape) {
                    close = true;
                }
                if i.consume_key(Modifiers::NONE, Key::Enter) {
                    picked = entries.get(palette.selected).cloned();
                }
            });
            egui::ScrollArea::vertical()
                .max_height(420.0)
                .show(ui, |ui| {
                    for (k, entry) in entries.iter().enumerate() {
                        let (text, shortcut) = match entry {
                            Entry::Command(c) => (c.label().to_owned(), c.shortcut_text(ctx)),
                            Entry::Go(_, label) => (format!("Go to {label}"), String::new()),
                        };
                        let r = ui.add(
                            egui::Button::selectable(k == palette.selected, text)
                                .shortcut_text(shortcut)
                                .min_size(egui::vec2(520.0, 0.0)),
                        );
                        if k == palette.selected {
                            r.scroll_to_me(None);
                        }
                        if r.clicked() {
                            picked = Some(entry.clone());
                        }
                    }
                    if entries.is_empty() {
                        ui.label("Nothing matches");
                    }
                });
        });
        if picked.is_none() && !close {
            self.palette = Some(palette);
        }
        picked
    }

    /// The help overlay: every shortcut, from the command list, and how
    /// to start.
    pub fn help_ui(&mut self, ctx: &egui::Context) {
        if !self.help {
            return;
        }
        let mut close = false;
        egui::Modal::new(egui::Id::unique("ferry-help")).show(ctx, |ui| {
            ui.set_width(640.0);
            ui.heading("Getting started");
            ui.label("1. Bring in your inventory: File › Import inventory… (Ctrl+I), from RVTools or Azure Migrate.");
            ui.label("2. Add the teams: Parties › Add the CAF teams, then the people who do the work.");
            ui.label("3. Make workloads: select assets (Shift+click, Ctrl+A), then \"New workload from selection\", and fill in who does what.");
            ui.add_space(8.0);
            ui.heading("Keyboard");
            egui::ScrollArea::vertical().max_height(420.0).show(ui, |ui| {
                egui::Grid::new("help-shortcuts")
                    .num_columns(2)
                    .spacing([24.0, 4.0])
                    .striped(true)
                    .show(ui, |ui| {
                        for menu in Menu::ALL {
                            ui.label(RichText::new(menu.label()).strong());
                            ui.end_row();
                            for command in UiCommand::ALL.iter().filter(|c| c.menu() == menu) {
                                ui.label(command.label());
                                let keys = command.shortcut_text(ctx);
                                ui.label(if keys.is_empty() { "—".to_owned() } else { keys });
                                ui.end_row();
                            }
                        }
                        ui.label(RichText::new("In the RACI grid").strong());
                        ui.end_row();
                        ui.label("Move between cells");
                        ui.label("Arrows");
                        ui.end_row();
                        ui.label("Set Responsible, Accountable, Consulted, Informed");
                        ui.label("R, A, C, I");
                        ui.end_row();
                        ui.label("Clear a cell");
                        ui.label("Delete");
                        ui.end_row();
                        ui.label(RichText::new("In the asset table").strong());
                        ui.end_row();
                        ui.label("Select a range, add or remove one");
                        ui.label("Shift+click, Ctrl+click");
                        ui.end_row();
                        ui.label("Select every row the filter shows");
                        ui.label("Ctrl+A");
                        ui.end_row();
                        ui.label("Clear the selection");
                        ui.label("Escape");
                        ui.end_row();
                    });
            });
            ui.add_space(8.0);
            if ui.button("Close").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                close = true;
            }
        });
        if close {
            self.help = false;
        }
    }

    /// The quick-log form over the current view; Enter adds the entry as
    /// one undo step.
    pub fn quick_log_ui(&mut self, ctx: &egui::Context, plan: &Plan, actions: &mut Actions) {
        let Some(form) = &mut self.quick_log else {
            return;
        };
        let mut close = false;
        egui::Modal::new(egui::Id::unique("ferry-quick-log")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.heading("Log it");
            egui::Grid::new("quick-log")
                .num_columns(2)
                .spacing([12.0, 8.0])
                .show(ui, |ui| {
                    let label_id = ui.label("Kind").id;
                    ui.horizontal(|ui| {
                        for kind in LogKind::ALL {
                            ui.selectable_value(&mut form.kind, kind, kind.label());
                        }
                    })
                    .response
                    .labelled_by(label_id);
                    ui.end_row();
                    let r = widgets::text_field(ui, "What", &mut form.text, 420.0);
                    if !form.opened {
                        r.request_focus();
                        form.opened = true;
                    }
                    let enter = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                    ui.end_row();
                    if let Some(owner) = widgets::party_picker(
                        ui,
                        "Owner",
                        "quick-log-owner",
                        plan,
                        form.owner.as_deref(),
                    ) {
                        form.owner = owner;
                    }
                    ui.end_row();
                    widgets::text_field(ui, "Due (YYYY-MM-DD)", &mut form.due, 140.0);
                    ui.end_row();
                    let label_id = ui.label("About").id;
                    let shown = form
                        .about
                        .as_deref()
                        .map_or("— the plan".to_owned(), |id| subject_name(plan, id));
                    let (r, picked) = widgets::subject_combo(
                        ui,
                        "quick-log-about",
                        &shown,
                        plan,
                        "— the plan",
                        form.about.as_deref(),
                    );
                    let _ = r.labelled_by(label_id);
                    if let Some(about) = picked {
                        form.about = about;
                    }
                    ui.end_row();
                    let due_ok = form.due.trim().is_empty() || is_date(form.due.trim());
                    if !due_ok {
                        ui.label("");
                        ui.label(
                            RichText::new("The due date is written YYYY-MM-DD")
                                .color(theme::WARN_COLOR),
                        );
                        ui.end_row();
                    }
                    ui.label("");
                    ui.horizontal(|ui| {
                        let ok = !form.text.trim().is_empty() && due_ok;
                        if (ui
                            .add_enabled(ok, egui::Button::new("Add (Enter)"))
                            .clicked()
                            || enter)
                            && ok
                        {
                            let entry = LogEntry {
                                id: new_id(IdKind::Log),
                                kind: form.kind,
                                text: form.text.trim().to_owned(),
                                owner: form.owner.clone(),
                                date: crate::model::today(),
                                about: form.about.clone(),
                                due: Some(form.due.trim().to_owned()).filter(|d| !d.is_empty()),
                                ..LogEntry::default()
                            };
                            let label = format!(
                                "log {} {}",
                                article(form.kind.label()),
                                form.kind.label().to_lowercase()
                            );
                            actions.edit(Edit::Put(Item::Log(entry)), label);
                            close = true;
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                    ui.end_row();
                });
            if ui.input(|i| i.key_pressed(Key::Escape)) {
                close = true;
            }
        });
        if close {
            self.quick_log = None;
        }
    }

    /// Opens the quick log about what is on screen.
    pub fn open_quick_log(&mut self, about: Option<String>) {
        self.quick_log = Some(QuickLog {
            kind: LogKind::Decision,
            text: String::new(),
            owner: None,
            due: String::new(),
            about,
            opened: false,
        });
    }

    /// The next (or previous) open question, remembering where the walk
    /// is; `None` when the plan has none.
    pub fn step_gap(&mut self, gaps: &[Gap], forward: bool) -> Option<Gap> {
        if gaps.is_empty() {
            self.gap = Some((0, 0));
            return None;
        }
        let n = gaps.len();
        let next = match self.gap {
            Some((i, _)) if forward => (i + 1) % n,
            Some((i, _)) => (i + n - 1) % n,
            None if forward => 0,
            None => n - 1,
        };
        let next = next.min(n - 1);
        self.gap = Some((next, n));
        gaps.get(next).cloned()
    }

    /// "3 of 41", or a word that there are none.
    pub fn gap_text(&self) -> Option<String> {
        match self.gap? {
            (_, 0) => Some("no open questions".to_owned()),
            (i, n) => Some(format!("gap {} of {n}", i + 1)),
        }
    }
}

/// "a" or "an", for undo labels that read well.
pub fn article(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The name of the workload, asset or party with this id.
pub fn subject_name(plan: &Plan, id: &str) -> String {
    if let Some(w) = plan.workload(id) {
        return w.name.clone();
    }
    if let Some(p) = plan.party(id) {
        return p.name.clone();
    }
    plan.asset_name(id).to_owned()
}

/// Presentation mode: the current workload fills the screen, large.
pub fn presentation_ui(
    ui: &mut Ui,
    doc: &Document,
    workload_id: Option<&str>,
    gap_text: Option<String>,
    actions: &mut Actions,
) {
    let plan = &doc.plan;
    let Some(workload) = workload_id.and_then(|id| plan.workload(id)) else {
        widgets::title(ui, "Presentation");
        ui.label("No workload yet: add one, then come back (F11).");
        return;
    };
    let status = doc.derived.workload(&workload.id);
    egui::Panel::bottom("presentation-keys").show(ui, |ui| {
        ui.label(
            RichText::new(format!(
                "F8 next gap{} · Ctrl+L log a decision · Ctrl+K anything · Ctrl+G dependency graph · Esc back",
                gap_text.map(|t| format!(" ({t})")).unwrap_or_default()
            ))
            .size(16.0),
        );
    });
    ui.horizontal(|ui| {
        ui.label(RichText::new(&workload.name).size(30.0).strong());
        ui.with_layout(
            egui::Layout::right_to_left(egui::Align::Center),
            |ui| match status {
                Some(s) if s.done => {
                    ui.label(
                        RichText::new("Definition of done: met ✔")
                            .size(20.0)
                            .color(theme::OK_COLOR),
                    );
                }
                Some(s) => {
                    ui.label(
                        RichText::new(format!(
                            "Definition of done: not met — {} blockers",
                            s.blockers.len()
                        ))
                        .size(20.0)
                        .color(theme::WARN_COLOR),
                    );
                }
                None => {}
            },
        );
    });
    ui.label(
        RichText::new(format!(
            "Criticality {} · promotion model {} · remediation {}",
            workload.criticality.label(),
            workload.promotion_model.label(),
            workload.remediation_timing.label()
        ))
        .size(16.0),
    );
    ui.add_space(6.0);
    // The grid takes the left and the height it needs to show every party
    // without scrolling; what blocks the workload goes beside it.
    let rows = plan.parties.len() as f32 + 2.5;
    let cell_height = ((ui.available_height() - 70.0) / rows).clamp(22.0, theme::RACI_CELL);
    let size = GridSize {
        cell_width: GridSize::LARGE.cell_width,
        cell_height,
        letter: (cell_height * 0.7).min(GridSize::LARGE.letter),
    };
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            if plan.parties.is_empty() {
                ui.label("No parties yet: add the teams on the Parties page.");
            } else {
                raci_grid_ui(ui, plan, workload, size, actions);
            }
        });
        ui.add_space(24.0);
        ui.vertical(|ui| {
            super::workload::team_check_ui(ui, plan, workload, actions);
            if let Some(s) = status
                && !s.done
            {
                ui.add_space(8.0);
                let room = ((ui.available_height() / 26.0) as usize).clamp(3, 14);
                egui::ScrollArea::vertical().show(ui, |ui| {
                    for blocker in s.blockers.iter().take(room) {
                        if widgets::blocker_link(ui, &doc.derived, blocker).clicked() {
                            actions.push(Action::Navigate(blocker.subject.clone()));
                        }
                    }
                    if s.blockers.len() > room {
                        ui.label(format!("… and {} more", s.blockers.len() - room));
                    }
                });
            }
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_matching_prefers_prefixes_then_words_then_letters() {
        let prefix = fuzzy_score("erp-db-01", "erp").expect("match");
        let word = fuzzy_score("sap erp", "erp").expect("match");
        let inside = fuzzy_score("superpower", "erp").expect("match");
        let letters = fuzzy_score("e-r-p", "erp").expect("match");
        assert!(prefix > word && word > inside && inside > letters);
        assert_eq!(fuzzy_score("web", "erp"), None);
    }

    #[test]
    fn articles_read_well() {
        assert_eq!(article("Action"), "an");
        assert_eq!(article("Decision"), "a");
    }
}
