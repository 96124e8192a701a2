//! The quick log (Ctrl+L): a decision, risk, action or question recorded
//! about what is on screen, without leaving it. It never loses what was
//! typed: Escape in an open list closes only the list, Enter adds from any
//! field, and a date that is not on the calendar is said before anything
//! is added.

use egui::{Key, Modifiers, RichText};

use super::{Workshop, article, subject_name};
use crate::app::{Action, Actions, UiCommand, theme, widgets};
use crate::edit::{Edit, Item};
use crate::model::{IdKind, LogEntry, LogKind, Plan, new_id};

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

impl QuickLog {
    /// Why the form cannot be added yet, if it cannot.
    fn problem(&self) -> Option<String> {
        if self.text.trim().is_empty() {
            return Some("say what was decided, seen or asked first".to_owned());
        }
        let due = self.due.trim();
        (!due.is_empty())
            .then(|| crate::model::date_error("due date", due))
            .flatten()
    }

    /// The entry the form makes.
    fn entry(&self) -> LogEntry {
        LogEntry {
            id: new_id(IdKind::Log),
            kind: self.kind,
            text: self.text.trim().to_owned(),
            owner: self.owner.clone(),
            date: crate::model::today(),
            about: self.about.clone(),
            due: Some(self.due.trim().to_owned()).filter(|d| !d.is_empty()),
            ..LogEntry::default()
        }
    }
}

impl Workshop {
    /// The quick-log form over the current view; Enter adds the entry as
    /// one undo step and a toast says so.
    pub fn quick_log_ui(&mut self, ctx: &egui::Context, plan: &Plan, actions: &mut Actions) {
        let Some(form) = &mut self.quick_log else {
            return;
        };
        // A list open when the frame began takes Escape and Enter for
        // itself: they close it or pick from it, never the whole form.
        let list_open = egui::Popup::is_any_open(ctx);
        let enter = !list_open
            && ctx
                .input(|i| i.key_pressed(Key::Enter) && !i.modifiers.shift && !i.modifiers.command);
        let escape = !list_open && ctx.input(|i| i.key_pressed(Key::Escape));
        let problem = form.problem();
        let (_, (add, cancel)) = widgets::dialog(
            ctx,
            egui::Id::unique("ferry-quick-log"),
            "Log it",
            560.0,
            |ui| {
                // The fields take what the labels leave of the dialog.
                let field_width = (ui.available_width() - LABEL_WIDTH - 12.0).clamp(160.0, 420.0);
                egui::Grid::new("quick-log")
                    .num_columns(2)
                    .spacing([12.0, 8.0])
                    .min_col_width(LABEL_WIDTH)
                    .show(ui, |ui| form_ui(ui, form, plan, field_width));
                if let Some(why) = &problem
                    && (!form.text.trim().is_empty() || !form.due.trim().is_empty())
                {
                    ui.label(
                        RichText::new(format!("Not added yet: {why}"))
                            .color(theme::warn_text(ui.visuals())),
                    );
                }
            },
            |ui| {
                let add = ui
                    .add_enabled(problem.is_none(), egui::Button::new("Add (Enter)"))
                    .clicked();
                let cancel = ui.button("Cancel (Escape)").clicked();
                (add, cancel)
            },
        );
        if (add || enter) && problem.is_none() {
            let entry = form.entry();
            let kind = form.kind.label().to_lowercase();
            let about = form
                .about
                .as_deref()
                .map(|id| format!(" about {}", subject_name(plan, id)))
                .unwrap_or_default();
            actions.edit(
                Edit::Put(Item::Log(entry)),
                format!("log {} {kind}{about}", article(&kind)),
            );
            let undo = UiCommand::Undo.shortcut_text(ctx);
            actions.push(Action::Toast(format!(
                "Logged {} {kind}{about} — {undo} to undo",
                article(&kind)
            )));
            self.quick_log = None;
        } else if cancel || escape {
            ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape));
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
}

/// The width of the form's labels ("Due (YYYY-MM-DD)").
const LABEL_WIDTH: f32 = 130.0;

/// The form's fields, in a grid of label and field.
fn form_ui(ui: &mut egui::Ui, form: &mut QuickLog, plan: &Plan, width: f32) {
    let label_id = ui.label("Kind").id;
    ui.horizontal_wrapped(|ui| {
        for kind in LogKind::ALL {
            let r = ui.selectable_value(&mut form.kind, kind, kind.label());
            widgets::focus_ring(ui, &r);
        }
    })
    .response
    .labelled_by(label_id);
    ui.end_row();
    let r = widgets::text_field(ui, "What", &mut form.text, width);
    if !form.opened {
        r.request_focus();
        form.opened = true;
    }
    ui.end_row();
    if let Some(owner) =
        widgets::party_picker(ui, "Owner", "quick-log-owner", plan, form.owner.as_deref())
    {
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
}
