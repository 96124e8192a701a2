//! The RACI grid: parties as rows, the activities as columns, so every
//! party's full name and every cell fit, even on a projector. A proper
//! keyboard grid: one arrow moves one cell and never leaves the grid,
//! Home/End go to the first and last activity (with Ctrl: the first and
//! last cell), Page Up/Down to the first and last party; R, A, C, I set
//! the focused cell and Delete clears it; a click selects, focuses and
//! cycles the cell (empty, R, A, C, I — never through a second
//! Accountable); a right-click sets a letter from a menu. Each change is
//! one undo step. The cell with the keyboard wears a thick ring, and it
//! keeps the keyboard through menus, dialogs and "next gap": the grid
//! remembers it per workload.

use egui::{Id, Key, Modifiers, RichText, Sense, Ui};

use super::{Actions, theme};
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

impl GridSize {
    /// `self` narrowed so the party names and `columns` cells fit in
    /// `width` (never below a cell a letter and a pointer fit in).
    pub fn fitted(self, ui: &Ui, plan: &Plan, columns: usize, width: f32) -> GridSize {
        let font = egui::TextStyle::Body.resolve(ui.style());
        let names = plan
            .parties
            .iter()
            .map(|p| {
                ui.painter()
                    .layout_no_wrap(p.name.clone(), font.clone(), egui::Color32::WHITE)
                    .size()
                    .x
            })
            .fold(0.0, f32::max);
        let spacing = 6.0;
        let for_cells = width - names - spacing - 4.0;
        let cell_width = (for_cells / columns.max(1) as f32 - spacing).clamp(48.0, self.cell_width);
        GridSize { cell_width, ..self }
    }
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

/// Gives the keyboard to a cell of the workload's grid: the party's row
/// and the activity's column, each kept where the cursor was when `None`
/// (the first cell for a grid never used).
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
    if let Some(row) = party.and_then(|p| plan.parties.iter().position(|x| x.id == p)) {
        cursor.row = row;
    }
    if let Some(column) = kind.and_then(|k| kinds.iter().position(|x| *x == k)) {
        cursor.column = column;
    }
    cursor.row = cursor.row.min(plan.parties.len() - 1);
    cursor.column = cursor.column.min(kinds.len() - 1);
    cursor.active = true;
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
/// the grid may take the keyboard (no dialog or overlay is open).
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
    let set = |actions: &mut Actions, kind: ActivityKind, party: &Party, letter: Option<Raci>| {
        actions.change(Change::workload(
            &workload.id,
            WorkloadChange::Raci(kind, party.id.clone(), letter),
        ));
    };
    let current = |kind: ActivityKind, party: &Party| {
        workload
            .activity(kind)
            .and_then(|a| a.raci.get(&party.id))
            .copied()
    };
    let cell =
        |row: usize, column: usize| cell_id(&workload.id, &plan.parties[row].id, kinds[column]);

    // Who has the keyboard: a cell of this grid, something else, or no
    // one (a menu, a dialog or a jump just took it and gave it back).
    let ctx = ui.ctx().clone();
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
    } else if !keys || popup {
        // A dialog or a menu has the keyboard for now; it comes back.
    } else if focused.is_some() {
        // A text field or another widget took the keyboard.
        cursor.active = false;
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
                    ctx.memory_mut(|m| m.request_focus(cell(row, column)));
                }
                GridKey::Set(letter) => {
                    let (kind, party) = (kinds[cursor.column], &plan.parties[cursor.row]);
                    if current(kind, party) != letter {
                        set(actions, kind, party, letter);
                    }
                }
            }
        }
    }

    egui::Grid::new(("raci", &workload.id))
        .spacing([6.0, 4.0])
        .min_col_width(size.cell_width)
        .show(ui, |ui| {
            ui.label("");
            for kind in &kinds {
                ui.vertical_centered(|ui| ui.label(RichText::new(kind.label()).strong()));
            }
            ui.end_row();
            for (row, party) in plan.parties.iter().enumerate() {
                ui.label(RichText::new(&party.name).strong());
                for (column, &kind) in kinds.iter().enumerate() {
                    let letter = current(kind, party);
                    let id = cell(row, column);
                    let response = cell_ui(ui, id, letter, size);
                    let name = format!(
                        "{} / {}: {}",
                        kind.label(),
                        party.name,
                        letter.map_or("none", Raci::letter)
                    );
                    response
                        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                    let response = response.accessible_name(name.clone());
                    if response.gained_focus() {
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
                        set(
                            actions,
                            kind,
                            party,
                            Raci::cycle_keeping_one_accountable(letter, other_accountable),
                        );
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
                ui.end_row();
            }
            ui.label("");
            for &kind in &kinds {
                let broken = activity_rule(workload.activity(kind), |id| plan.party(id).is_some());
                ui.vertical_centered(|ui| {
                    ui.set_max_width(size.cell_width + 40.0);
                    match broken {
                        Some((_, reason)) => {
                            egui::Frame::new()
                                .fill(theme::WARN_COLOR.gamma_multiply(0.25))
                                .inner_margin(4.0)
                                .corner_radius(3.0)
                                .show(ui, |ui| {
                                    ui.label(
                                        RichText::new(format!("⚠ {reason}"))
                                            .color(theme::warn_text(ui.visuals())),
                                    )
                                });
                        }
                        None => {
                            ui.label(RichText::new("✔").color(theme::ok_text(ui.visuals())));
                        }
                    }
                });
            }
            ui.end_row();
        });
    ctx.data_mut(|d| d.insert_temp(state_id, cursor));
}

/// One cell: a big target with its letter, a ring when it has the keyboard.
fn cell_ui(ui: &mut Ui, id: Id, letter: Option<Raci>, size: GridSize) -> egui::Response {
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(size.cell_width, size.cell_height),
        Sense::hover(),
    );
    let response = ui.interact(rect, id, Sense::click());
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
