//! The quick log (Ctrl+L): a decision, risk, action or question recorded
//! about what is on screen, without leaving it. It never loses what was
//! typed: Escape in an open list closes only the list, Enter adds from any
//! field, and a date that is not on the calendar is said before anything
//! is added.

use egui::{Key, Modifiers, RichText};

use super::{Workshop, subject_name};
use crate::app::{Action, Actions, UiCommand, theme, widgets};
use crate::change::{Change, NewLogEntry, article};
use crate::model::{LogKind, Plan};

/// The open quick-log form: the entry as filled in so far.
pub struct QuickLog {
    pub entry: NewLogEntry,
    opened: bool,
}

impl Workshop {
    /// The quick-log form over the current view; Enter adds the entry as
    /// one undo step and a toast says so.
    pub fn quick_log_ui(&mut self, ctx: &egui::Context, plan: &Plan, actions: &mut Actions) {
        let Some(QuickLog {
            entry: form,
            opened,
        }) = &mut self.quick_log
        else {
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
                    .show(ui, |ui| form_ui(ui, form, opened, plan, field_width));
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
            let kind = form.kind.label().to_lowercase();
            let about = form
                .about
                .as_deref()
                .map(|id| format!(" about {}", subject_name(plan, id)))
                .unwrap_or_default();
            actions.change(Change::NewLog(form.clone()));
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

    /// Opens the quick log about what is on screen, its What field taking
    /// the keyboard from the first frame it is drawn: a letter typed right
    /// after Ctrl+L lands in it.
    pub fn open_quick_log(&mut self, about: Option<String>, ctx: &egui::Context) {
        self.quick_log = Some(QuickLog {
            entry: NewLogEntry::new(LogKind::Decision, about),
            opened: false,
        });
        // Letters typed in the same frame as Ctrl+L, before the field
        // existed, are its first letters.
        entry_typed_ahead(ctx, &mut self.quick_log);
        ctx.memory_mut(|m| m.request_focus(what_id()));
    }
}

/// Puts the text typed after the key that opened the quick log, in the
/// same frame, into its What field.
fn entry_typed_ahead(ctx: &egui::Context, form: &mut Option<QuickLog>) {
    let Some(form) = form else {
        return;
    };
    let shortcut = UiCommand::QuickLog.shortcut();
    ctx.input(|i| {
        // The frame's events as they came (the shortcut itself has been
        // consumed from `i.events`).
        let events = &i.raw.events;
        let after = events.iter().position(|e| {
            matches!(e, egui::Event::Key { key, pressed: true, modifiers, .. }
                if shortcut.is_some_and(|s| s.logical_key == *key && modifiers.matches_logically(s.modifiers)))
        });
        if let Some(after) = after {
            for e in &events[after + 1..] {
                if let egui::Event::Text(text) = e {
                    form.entry.text.push_str(text);
                }
            }
        }
    });
}

/// The What field's id, known before the field is first drawn.
fn what_id() -> egui::Id {
    egui::Id::unique("ferry-quick-log-what")
}

/// The width of the form's labels ("Due (YYYY-MM-DD)").
const LABEL_WIDTH: f32 = 130.0;

/// The form's fields, in a grid of label and field.
fn form_ui(ui: &mut egui::Ui, form: &mut NewLogEntry, opened: &mut bool, plan: &Plan, width: f32) {
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
    let r = widgets::labelled(ui, "What", |ui| {
        let size = egui::vec2(width, ui.spacing().interact_size.y);
        ui.add_sized(
            size,
            egui::TextEdit::singleline(&mut form.text).id(what_id()),
        )
    });
    if !*opened {
        r.request_focus();
        *opened = true;
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
