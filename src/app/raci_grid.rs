//! The RACI grid: parties as rows, the activities as columns, so every
//! party's full name and every cell fit, even on a projector. A proper
//! keyboard grid: one arrow moves one cell and never leaves the grid,
//! Home/End go to the first and last activity (with Ctrl: the first and
//! last cell), Page Up/Down to the first and last party; R, A, C, I set
//! the focused cell and Delete clears it — an A where someone else is
//! Accountable hands the accountability over (they become R, said in a
//! toast), and a letter for a cell scrolled out of view only brings it
//! into view; a click selects, focuses and cycles the cell (empty, R, A,
//! C, I — never through a second Accountable); a right-click sets a letter
//! from a menu. Each change is one undo step. The grid is one stop of Tab
//! (its cursor's cell), so Tab leaves it for what follows. The cell with
//! the keyboard wears a thick ring, and it keeps the keyboard through
//! menus, dialogs and "next gap": the grid remembers it per workload. Its
//! layout is measured from its text each frame, never remembered.

use egui::{Id, Key, Modifiers, RichText, Sense, Ui};

use super::{Action, Actions, theme};
use crate::change::{Change, WorkloadChange};
use crate::derive::activity_rule;
use crate::model::{ActivityKind, Party, Plan, Raci, Workload};

/// Sizes of the RACI grid: normal, or large for a room (presentation).
#[derive(Clone, Copy, Debug)]
pub struct GridSize {
    pub cell_width: f32,
    pub cell_height: f32,
    pub letter: f32,
}

impl GridSize {
    pub const NORMAL: GridSize = GridSize {
        cell_width: theme::RACI_WIDTH * 1.4,
        cell_height: theme::RACI_CELL,
        letter: 18.0,
    };
    pub const LARGE: GridSize = GridSize {
        cell_width: theme::RACI_WIDTH * 1.7,
        cell_height: theme::RACI_CELL * 0.9,
        letter: 22.0,
    };
}

/// Room between the grid's columns and rows.
const SPACING: egui::Vec2 = egui::vec2(6.0, 4.0);
/// The margin of a column's warning box.
const WARNING_MARGIN: f32 = 4.0;

/// What the grid of a workload needs, measured from its text: the width
/// of the party names, the narrowest a column may be (its header and every
/// word of its warning whole), and each column's warning. The grid's
/// layout is a function of these and the room it is given, never of
/// widths remembered from another frame or zoom.
pub struct GridMeasure {
    pub names: f32,
    pub min_cell: f32,
    columns: usize,
    parties: usize,
    warnings: Vec<Option<String>>,
}

impl GridMeasure {
    pub fn of(ui: &Ui, plan: &Plan, workload: &Workload) -> GridMeasure {
        let kinds = kinds(workload);
        let warnings: Vec<Option<String>> = kinds
            .iter()
            .map(|&kind| {
                activity_rule(workload.activity(kind), |id| plan.party(id).is_some())
                    .map(|(_, reason)| format!("⚠ {reason}"))
            })
            .collect();
        let names = plan
            .parties
            .iter()
            .map(|p| text_width(ui, &p.name))
            .fold(0.0, f32::max);
        let headers = kinds
            .iter()
            .map(|k| text_width(ui, k.label()))
            .fold(0.0, f32::max);
        let words = warnings
            .iter()
            .flatten()
            .flat_map(|w| w.split_whitespace())
            .map(|word| text_width(ui, word))
            .fold(0.0, f32::max);
        GridMeasure {
            names,
            min_cell: headers
                .max(words + 2.0 * WARNING_MARGIN + 4.0)
                .max(48.0)
                .ceil(),
            columns: kinds.len(),
            parties: plan.parties.len(),
            warnings,
        }
    }

    /// The width of the grid with cells `cell_width` wide.
    pub fn width(&self, cell_width: f32) -> f32 {
        self.names + (cell_width + SPACING.x) * self.columns as f32
    }

    /// The narrowest the grid may be: every word whole.
    pub fn min_width(&self) -> f32 {
        self.width(self.min_cell)
    }

    /// `preferred` fitted to `width` (cells narrower, never below
    /// [`Self::min_cell`]) and, when given, to `height` (cells lower, never
    /// below a row a letter fits in), so the whole grid shows.
    pub fn fit(&self, ui: &Ui, preferred: GridSize, width: f32, height: Option<f32>) -> GridSize {
        let for_cells = width - self.names;
        let cell_width = (for_cells / self.columns.max(1) as f32 - SPACING.x)
            .min(preferred.cell_width)
            .max(self.min_cell);
        let mut size = GridSize {
            cell_width,
            ..preferred
        };
        if let Some(height) = height {
            let line = ui.text_style_height(&egui::TextStyle::Body);
            let parties = self.parties.max(1) as f32;
            // The header, the warnings, the spacing, and a line to spare
            // for the rounding of wrapped text.
            let fixed =
                2.0 * line + self.warnings_height(ui, cell_width) + SPACING.y * (parties + 2.0);
            let cell_height = ((height - fixed) / parties).clamp(20.0, preferred.cell_height);
            size.cell_height = cell_height;
            size.letter = (cell_height * 0.7).min(preferred.letter);
        }
        size
    }

    /// The height of the row of warnings under columns `cell_width` wide.
    fn warnings_height(&self, ui: &Ui, cell_width: f32) -> f32 {
        let line = ui.text_style_height(&egui::TextStyle::Body);
        self.warnings
            .iter()
            .map(|w| match w {
                Some(text) => {
                    let galley = ui.painter().layout(
                        text.clone(),
                        egui::TextStyle::Body.resolve(ui.style()),
                        egui::Color32::WHITE,
                        // A little narrower than drawn: never fewer
                        // lines than drawn.
                        cell_width - 2.0 * WARNING_MARGIN - 2.0,
                    );
                    galley.size().y + 2.0 * WARNING_MARGIN
                }
                None => line,
            })
            .fold(line, f32::max)
    }
}

/// How wide `text` is in the body font, on one line.
fn text_width(ui: &Ui, text: &str) -> f32 {
    ui.painter()
        .layout_no_wrap(
            text.to_owned(),
            egui::TextStyle::Body.resolve(ui.style()),
            egui::Color32::WHITE,
        )
        .size()
        .x
}

/// Where the grid's keyboard cursor is, kept between frames per workload:
/// `active` while the grid has the keyboard (or had it and nothing else
/// took it since: a menu, a dialog or a jump to a gap gives it back).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Cursor {
    row: usize,
    column: usize,
    active: bool,
    /// Whether the grid had the keys last frame: an Escape that closed a
    /// menu or a dialog is theirs, not a wish to leave the grid.
    owned: bool,
    /// The cursor's cell is to be scrolled into view when next drawn.
    reveal: Reveal,
    /// What had the keyboard while a dialog or a menu borrowed it from
    /// the grid (the dialog's own field): when the dialog is gone and
    /// that is still what has the keyboard, the grid takes it back.
    lent: Option<Id>,
}

/// How the cursor's cell is brought into view.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Reveal {
    #[default]
    No,
    /// As little scrolling as shows it (an arrow).
    Near,
    /// In the middle of the view (arriving from elsewhere: a key, a gap).
    Centre,
}

fn grid_id(workload: &str) -> Id {
    Id::unique(("raci-grid", workload))
}

/// The id of a cell's widget: the same every frame, so the keyboard can
/// be given to it from anywhere (a gap, a command).
pub fn cell_id(workload: &str, party: &str, kind: ActivityKind) -> Id {
    Id::unique(("raci-cell", workload, party, kind))
}

/// The activities a workload's grid shows, in order: the three of the
/// migration, and Promotion once the promotion model is decided.
pub fn kinds(workload: &Workload) -> Vec<ActivityKind> {
    workload.activity_kinds()
}

/// Whether the widget `id` was wholly on screen last frame (not clipped
/// by a scroll area or the window).
fn on_screen(ctx: &egui::Context, id: Id) -> bool {
    ctx.read_response(id)
        .is_some_and(|r| r.rect.is_positive() && r.interact_rect.area() >= 0.9 * r.rect.area())
}

/// Gives the keyboard to a cell of the workload's grid, scrolled into
/// the middle of the view: the party's row and the activity's column when
/// given; with neither, the cell last used when it is on screen now (the
/// user sees where the keyboard goes), else the first cell.
pub fn focus_cell(
    ctx: &egui::Context,
    plan: &Plan,
    workload: &Workload,
    party: Option<&str>,
    kind: Option<ActivityKind>,
) {
    let kinds = kinds(workload);
    if plan.parties.is_empty() || kinds.is_empty() {
        return;
    }
    let id = grid_id(&workload.id);
    let mut cursor: Cursor = ctx.data(|d| d.get_temp(id)).unwrap_or_default();
    cursor.row = cursor.row.min(plan.parties.len() - 1);
    cursor.column = cursor.column.min(kinds.len() - 1);
    if party.is_none() && kind.is_none() {
        let last = cell_id(
            &workload.id,
            &plan.parties[cursor.row].id,
            kinds[cursor.column],
        );
        if !on_screen(ctx, last) {
            (cursor.row, cursor.column) = (0, 0);
        }
    }
    if let Some(row) = party.and_then(|p| plan.parties.iter().position(|x| x.id == p)) {
        cursor.row = row;
    }
    if let Some(column) = kind.and_then(|k| kinds.iter().position(|x| *x == k)) {
        cursor.column = column;
    }
    cursor.active = true;
    cursor.reveal = Reveal::Centre;
    ctx.data_mut(|d| d.insert_temp(id, cursor));
    let cell = cell_id(
        &workload.id,
        &plan.parties[cursor.row].id,
        kinds[cursor.column],
    );
    ctx.memory_mut(|m| m.request_focus(cell));
}

/// What a key does in the grid.
enum GridKey {
    Move(usize, usize),
    Set(Option<Raci>),
}

/// The keys pressed this frame that the grid acts on, consumed so nothing
/// else sees them; arrows count each press (a held key repeats).
fn grid_keys(
    ui: &Ui,
    (row, column): (usize, usize),
    (rows, columns): (usize, usize),
) -> Vec<GridKey> {
    let last_row = rows - 1;
    let last_column = columns - 1;
    ui.input_mut(|i| {
        let mut keys = Vec::new();
        let (mut r, mut c) = (row, column);
        let moves = [
            (
                Key::ArrowUp,
                i.count_and_consume_key(Modifiers::NONE, Key::ArrowUp),
            ),
            (
                Key::ArrowDown,
                i.count_and_consume_key(Modifiers::NONE, Key::ArrowDown),
            ),
            (
                Key::ArrowLeft,
                i.count_and_consume_key(Modifiers::NONE, Key::ArrowLeft),
            ),
            (
                Key::ArrowRight,
                i.count_and_consume_key(Modifiers::NONE, Key::ArrowRight),
            ),
        ];
        for (key, n) in moves {
            match key {
                Key::ArrowUp => r = r.saturating_sub(n),
                Key::ArrowDown => r = (r + n).min(last_row),
                Key::ArrowLeft => c = c.saturating_sub(n),
                _ => c = (c + n).min(last_column),
            }
        }
        if i.consume_key(Modifiers::COMMAND, Key::Home) {
            (r, c) = (0, 0);
        }
        if i.consume_key(Modifiers::COMMAND, Key::End) {
            (r, c) = (last_row, last_column);
        }
        if i.consume_key(Modifiers::NONE, Key::Home) {
            c = 0;
        }
        if i.consume_key(Modifiers::NONE, Key::End) {
            c = last_column;
        }
        if i.consume_key(Modifiers::NONE, Key::PageUp) {
            r = 0;
        }
        if i.consume_key(Modifiers::NONE, Key::PageDown) {
            r = last_row;
        }
        if (r, c) != (row, column) || moves.iter().any(|(_, n)| *n > 0) {
            keys.push(GridKey::Move(r, c));
        }
        for (key, letter) in [
            (Key::R, Some(Raci::Responsible)),
            (Key::A, Some(Raci::Accountable)),
            (Key::C, Some(Raci::Consulted)),
            (Key::I, Some(Raci::Informed)),
            (Key::Delete, None),
            (Key::Backspace, None),
        ] {
            if i.consume_key(Modifiers::NONE, key) {
                keys.push(GridKey::Set(letter));
            }
        }
        keys
    })
}

/// The RACI grid of `workload` (see the module's header). `keys`: whether
/// the grid may take the keyboard (no dialog or overlay is open). Its
/// layout is fixed by `size` and the text it shows (see [`GridMeasure`]).
pub fn raci_grid_ui(
    ui: &mut Ui,
    plan: &Plan,
    workload: &Workload,
    size: GridSize,
    keys: bool,
    actions: &mut Actions,
) {
    let kinds = kinds(workload);
    let (rows, columns) = (plan.parties.len(), kinds.len());
    if rows == 0 || columns == 0 {
        return;
    }
    let measure = GridMeasure::of(ui, plan, workload);
    let ctx = ui.ctx().clone();
    let undo = super::UiCommand::Undo.shortcut_text(&ctx);
    let current = |kind: ActivityKind, party: &Party| {
        workload
            .activity(kind)
            .and_then(|a| a.raci.get(&party.id))
            .copied()
    };
    // A letter for a cell: an A where someone else is Accountable hands
    // the accountability over (they become R), said in a toast.
    let set = |actions: &mut Actions, kind: ActivityKind, party: &Party, letter: Option<Raci>| {
        let others: Vec<&str> = workload
            .activity(kind)
            .into_iter()
            .flat_map(|a| &a.raci)
            .filter(|(p, l)| **l == Raci::Accountable && **p != party.id)
            .map(|(p, _)| plan.party_name(p))
            .collect();
        let change = if letter == Some(Raci::Accountable) && !others.is_empty() {
            actions.push(Action::Toast(format!(
                "{} is Accountable for {} now; {} Responsible — {undo} to undo",
                party.name,
                kind.label(),
                match others.as_slice() {
                    [one] => format!("{one} becomes"),
                    many => format!("{} become", many.join(" and ")),
                }
            )));
            WorkloadChange::HandAccountable(kind, party.id.clone())
        } else {
            WorkloadChange::Raci(kind, party.id.clone(), letter)
        };
        actions.change(Change::workload(&workload.id, change));
    };
    let cell =
        |row: usize, column: usize| cell_id(&workload.id, &plan.parties[row].id, kinds[column]);

    // Who has the keyboard: a cell of this grid, something else, or no
    // one (a menu, a dialog or a jump just took it and gave it back).
    let state_id = grid_id(&workload.id);
    let mut cursor: Cursor = ctx.data(|d| d.get_temp(state_id)).unwrap_or_default();
    cursor.row = cursor.row.min(rows - 1);
    cursor.column = cursor.column.min(columns - 1);
    let focused = ctx.memory(|m| m.focused());
    let focused_cell = focused.and_then(|f| {
        (0..rows)
            .flat_map(|r| (0..columns).map(move |c| (r, c)))
            .find(|&(r, c)| cell(r, c) == f)
    });
    let popup = egui::Popup::is_any_open(&ctx);
    if let Some((row, column)) = focused_cell {
        (cursor.row, cursor.column, cursor.active) = (row, column, true);
        cursor.lent = None;
    } else if !keys || popup {
        // A dialog or a menu has the keyboard for now; it comes back.
        if cursor.active && focused.is_some() {
            cursor.lent = focused;
        }
    } else if focused.is_some() && focused == cursor.lent {
        // The dialog that borrowed the keyboard is gone (its field still
        // held it for a frame): the grid takes it back.
        cursor.lent = None;
    } else if focused.is_some() {
        // A text field or another widget took the keyboard.
        cursor.active = false;
        cursor.lent = None;
    } else if cursor.active && cursor.owned && ctx.input(|i| i.key_pressed(Key::Escape)) {
        // Escape lets go of the grid.
        cursor.active = false;
    }
    let owns_keys = keys && !popup && cursor.active;
    cursor.owned = owns_keys;
    if owns_keys {
        if focused_cell.is_none() {
            ctx.memory_mut(|m| m.request_focus(cell(cursor.row, cursor.column)));
        }
        // The arrows are the grid's: egui's own arrow navigation must not
        // move the keyboard a second cell.
        ctx.memory_mut(|m| {
            m.set_focus_lock_filter(
                cell(cursor.row, cursor.column),
                egui::EventFilter {
                    horizontal_arrows: true,
                    vertical_arrows: true,
                    tab: false,
                    escape: false,
                },
            );
        });
        for key in grid_keys(ui, (cursor.row, cursor.column), (rows, columns)) {
            match key {
                GridKey::Move(row, column) => {
                    ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
                    (cursor.row, cursor.column) = (row, column);
                    cursor.reveal = cursor.reveal.max_with(Reveal::Near);
                    ctx.memory_mut(|m| m.request_focus(cell(row, column)));
                }
                GridKey::Set(letter) => {
                    let (kind, party) = (kinds[cursor.column], &plan.parties[cursor.row]);
                    if !on_screen(&ctx, cell(cursor.row, cursor.column)) {
                        // Never a change no one sees: the cell comes into
                        // view first.
                        cursor.reveal = Reveal::Centre;
                        actions.push(Action::Toast(format!(
                            "{} / {} was off screen: it is in view now — press the letter again",
                            kind.label(),
                            party.name
                        )));
                    } else if current(kind, party) != letter {
                        set(actions, kind, party, letter);
                    }
                }
            }
        }
    }

    let tabbing = ctx.input(|i| i.key_pressed(Key::Tab));
    let col_width = size.cell_width.max(measure.min_cell);
    let names = measure.names;
    ui.scope(|ui| {
        ui.spacing_mut().item_spacing = SPACING;
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
        // A box of fixed width at the left of a row.
        let fixed = |ui: &mut Ui, width: f32, align: egui::Align, add: &mut dyn FnMut(&mut Ui)| {
            ui.allocate_ui_with_layout(
                egui::vec2(width, 0.0),
                egui::Layout::top_down(align),
                |ui| {
                    ui.set_width(width);
                    add(ui);
                },
            );
        };
        ui.horizontal_top(|ui| {
            ui.add_space(names + SPACING.x);
            for kind in &kinds {
                fixed(ui, col_width, egui::Align::Center, &mut |ui| {
                    ui.label(RichText::new(kind.label()).strong());
                });
            }
        });
        for (row, party) in plan.parties.iter().enumerate() {
            ui.horizontal(|ui| {
                ui.allocate_ui_with_layout(
                    egui::vec2(names, size.cell_height),
                    egui::Layout::left_to_right(egui::Align::Center),
                    |ui| {
                        ui.set_width(names);
                        ui.set_min_height(size.cell_height);
                        ui.label(RichText::new(&party.name).strong());
                    },
                );
                for (column, &kind) in kinds.iter().enumerate() {
                    let letter = current(kind, party);
                    let id = cell(row, column);
                    // Only the cursor's cell is a stop of Tab: Tab leaves
                    // the grid for what follows it (and Shift+Tab comes
                    // back to the cursor). Any cell takes the keyboard
                    // otherwise (a click, a screen reader).
                    let is_cursor = (row, column) == (cursor.row, cursor.column);
                    let focusable = is_cursor || !tabbing;
                    let response = cell_ui(ui, id, letter, (size, col_width), focusable);
                    let name = format!(
                        "{} / {}: {}",
                        kind.label(),
                        party.name,
                        letter.map_or("none", Raci::letter)
                    );
                    response
                        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                    let response = response.accessible_name(name.clone());
                    if is_cursor && cursor.reveal != Reveal::No {
                        response.scroll_to_me(match cursor.reveal {
                            Reveal::Centre => Some(egui::Align::Center),
                            _ => None,
                        });
                        cursor.reveal = Reveal::No;
                    } else if response.gained_focus() {
                        response.scroll_to_me(None);
                    }
                    if response.clicked() || response.secondary_clicked() {
                        // A click selects and focuses the cell.
                        (cursor.row, cursor.column, cursor.active) = (row, column, true);
                        response.request_focus();
                    }
                    if response.clicked() {
                        let other_accountable = workload.activity(kind).is_some_and(|a| {
                            a.raci
                                .iter()
                                .any(|(p, l)| *l == Raci::Accountable && *p != party.id)
                        });
                        actions.change(Change::workload(
                            &workload.id,
                            WorkloadChange::Raci(
                                kind,
                                party.id.clone(),
                                Raci::cycle_keeping_one_accountable(letter, other_accountable),
                            ),
                        ));
                    }
                    response.context_menu(|ui| {
                        for choice in Raci::ALL.map(Some).into_iter().chain([None]) {
                            let text = match choice {
                                Some(l) => format!("{} — {}", l.letter(), l.label()),
                                None => "Clear".to_owned(),
                            };
                            if ui
                                .add_enabled(choice != letter, egui::Button::new(text))
                                .clicked()
                            {
                                set(actions, kind, party, choice);
                                ui.close();
                            }
                        }
                    });
                }
            });
        }
        ui.horizontal_top(|ui| {
            ui.add_space(names + SPACING.x);
            for warning in &measure.warnings {
                // The box fills the column; its text is centred in it.
                let align = match warning {
                    Some(_) => egui::Align::Min,
                    None => egui::Align::Center,
                };
                fixed(ui, col_width, align, &mut |ui| match warning {
                    Some(text) => {
                        egui::Frame::new()
                            .fill(theme::WARN_COLOR.gamma_multiply(0.25))
                            .inner_margin(WARNING_MARGIN)
                            .corner_radius(3.0)
                            .show(ui, |ui| {
                                ui.set_width(col_width - 2.0 * WARNING_MARGIN);
                                ui.vertical_centered(|ui| {
                                    ui.label(
                                        RichText::new(text).color(theme::warn_text(ui.visuals())),
                                    )
                                });
                            });
                    }
                    None => {
                        ui.label(RichText::new("✔").color(theme::ok_text(ui.visuals())));
                    }
                });
            }
        });
    });
    ctx.data_mut(|d| d.insert_temp(state_id, cursor));
}

impl Reveal {
    /// The stronger of two wishes to scroll.
    fn max_with(self, other: Reveal) -> Reveal {
        if self == Reveal::Centre || other == Reveal::Centre {
            Reveal::Centre
        } else if self == Reveal::Near || other == Reveal::Near {
            Reveal::Near
        } else {
            Reveal::No
        }
    }
}

/// One cell, `width` wide (its column): a big target with its letter, a
/// ring when it has the keyboard; `focusable`: whether it may take the
/// keyboard this frame.
fn cell_ui(
    ui: &mut Ui,
    id: Id,
    letter: Option<Raci>,
    (size, width): (GridSize, f32),
    focusable: bool,
) -> egui::Response {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, size.cell_height), Sense::hover());
    let sense = if focusable {
        Sense::click()
    } else {
        Sense::CLICK
    };
    let response = ui.interact(rect, id, sense);
    if ui.is_rect_visible(rect) {
        let visuals = ui.visuals().clone();
        let painter = ui.painter();
        let fill = theme::raci_cell_fill(&visuals, response.hovered());
        painter.rect_filled(rect, 4.0, fill);
        if let Some(letter) = letter {
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                letter.letter(),
                egui::FontId::proportional(size.letter),
                theme::raci_letter(&visuals, letter),
            );
        }
        if response.has_focus() {
            let ring = theme::focus_ring(&visuals);
            painter.rect_stroke(
                rect.shrink(ring.width / 2.0),
                4.0,
                ring,
                egui::StrokeKind::Inside,
            );
        }
    }
    response
}
