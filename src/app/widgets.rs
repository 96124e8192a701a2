//! Small widgets shared by the views: stage chips, labelled fields, pickers.

use egui::{Response, RichText, Ui};

use super::theme;
use crate::derive::{Blocker, Derived, Stage, Subject};
use crate::model::Plan;

/// A coloured chip with the stage's name written on it.
pub fn stage_chip(ui: &mut Ui, stage: Stage) -> Response {
    let text = RichText::new(stage.label())
        .color(theme::on_stage_color(stage))
        .strong();
    egui::Frame::new()
        .fill(theme::stage_color(stage))
        .corner_radius(6.0)
        .inner_margin(egui::Margin::symmetric(6, 1))
        .show(ui, |ui| ui.label(text))
        .inner
}

/// A label and the widget it names, with the label linked for screen
/// readers (and tests) to find the widget by it.
pub fn labelled(ui: &mut Ui, label: &str, add: impl FnOnce(&mut Ui) -> Response) -> Response {
    let label_id = ui.label(label).id;
    add(ui).labelled_by(label_id)
}

/// A one-line text field named by `label`; returns its response.
pub fn text_field(ui: &mut Ui, label: &str, value: &mut String, width: f32) -> Response {
    labelled(ui, label, |ui| sized_line(ui, value, width))
}

/// A one-line text field `width` wide wherever it is. Sized, not just
/// desired: in a grid a cell offers only the column's width of the last
/// frame, so a field asking for more would never grow past its first,
/// narrow width.
pub fn sized_line(ui: &mut Ui, value: &mut String, width: f32) -> Response {
    let size = egui::vec2(width, ui.spacing().interact_size.y);
    ui.add_sized(size, egui::TextEdit::singleline(value))
}

/// A drop-down over a fixed list of values; `Some(new)` when the user picked
/// another value.
pub fn choice<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: &str,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    current: T,
    all: &[T],
    name: impl Fn(T) -> &'static str,
) -> Option<T> {
    let label_id = ui.label(label).id;
    let mut picked = None;
    let response = egui::ComboBox::from_id_salt(id_salt)
        .selected_text(name(current))
        .show_ui(ui, |ui| {
            for &value in all {
                if ui.selectable_label(value == current, name(value)).clicked() && value != current
                {
                    picked = Some(value);
                }
            }
        })
        .response;
    let _ = response.labelled_by(label_id);
    picked
}

/// How many rows a [`search_combo`] shows before it scrolls.
const SEARCH_COMBO_ROWS: f32 = 12.0;

/// A drop-down over a list that may be long (a plan's thousands of
/// workloads): a search field on top, the items whose name holds what is
/// typed below it (in any case), drawn a screenful at a time. Enter picks
/// the first match; Escape or a click outside closes it. `items` gives
/// each item's name and whether it is the current one (shown ticked); it
/// is called only while the list is open, so a closed drop-down costs
/// nothing per frame however long the list. Returns the combo box's
/// response (to label it) and the index of the item picked, if any.
pub fn search_combo<'a>(
    ui: &mut Ui,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    selected_text: &str,
    items: impl FnOnce() -> Vec<(&'a str, bool)>,
) -> (Response, Option<usize>) {
    let id = ui.make_persistent_id(id_salt);
    let (query_id, open_id) = (id.with("query"), id.with("open"));
    let width = ui.spacing().combo_width;
    let mut picked = None;
    let inner = egui::ComboBox::from_id_salt(id)
        .selected_text(selected_text)
        .width(width)
        // The list scrolls itself: the combo box's own area never has to.
        .height(f32::INFINITY)
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
        .show_ui(ui, |ui| {
            ui.set_min_width(width.max(240.0));
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
            let opened = !ui.data(|d| d.get_temp::<bool>(open_id).unwrap_or(false));
            let mut query: String = if opened {
                String::new()
            } else {
                ui.data(|d| d.get_temp(query_id).unwrap_or_default())
            };
            let field = ui
                .horizontal(|ui| {
                    let label = ui.label("Search");
                    ui.add(
                        egui::TextEdit::singleline(&mut query)
                            .hint_text("type part of a name")
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(label.id)
                })
                .inner;
            if opened {
                field.request_focus();
            }
            let items = items();
            let needle = query.trim().to_lowercase();
            let matches: Vec<usize> = (0..items.len())
                .filter(|&i| needle.is_empty() || holds(items[i].0, &needle))
                .collect();
            if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                picked = matches.first().copied();
            }
            if matches.is_empty() {
                ui.weak("Nothing matches");
            }
            let spacing = ui.spacing();
            let row_height = spacing.interact_size.y.max(
                ui.text_style_height(&egui::TextStyle::Button) + 2.0 * spacing.button_padding.y,
            );
            egui::ScrollArea::vertical()
                .id_salt(id.with("rows"))
                .max_height(row_height * SEARCH_COMBO_ROWS)
                .auto_shrink([false, true])
                .show_rows(ui, row_height, matches.len(), |ui, rows| {
                    for &i in &matches[rows] {
                        let (name, current) = items[i];
                        if ui.selectable_label(current, name).clicked() {
                            picked = Some(i);
                        }
                    }
                });
            if picked.is_some() {
                ui.close();
            }
            ui.data_mut(|d| {
                d.insert_temp(query_id, query);
                d.insert_temp(open_id, picked.is_none());
            });
        });
    if inner.inner.is_none() {
        ui.data_mut(|d| d.insert_temp(open_id, false));
    }
    (inner.response, picked)
}

/// Whether `name` holds `needle`, which is in lower case, in any case.
fn holds(name: &str, needle: &str) -> bool {
    if name.is_ascii() && needle.is_ascii() {
        let (name, needle) = (name.as_bytes(), needle.as_bytes());
        needle.len() <= name.len()
            && name
                .windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle))
    } else {
        name.to_lowercase().contains(needle)
    }
}

/// A drop-down of the plan's workloads, searchable (a plan may have
/// thousands), after the `leading` choices ("— inventory", "All"…, each
/// with whether it is the current choice). `current` is the id of the
/// current workload. Returns the response and the choice picked: `Err(k)`
/// for the `k`th leading choice, `Ok(index)` for a workload.
pub fn workload_combo(
    ui: &mut Ui,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    selected_text: &str,
    plan: &Plan,
    leading: &[(&str, bool)],
    current: Option<&str>,
) -> (Response, Option<Result<usize, usize>>) {
    let (response, picked) = search_combo(ui, id_salt, selected_text, || {
        leading
            .iter()
            .copied()
            .chain(
                plan.workloads
                    .iter()
                    .map(|w| (w.name.as_str(), current == Some(w.id.as_str()))),
            )
            .collect()
    });
    let picked = picked.map(|i| {
        if i < leading.len() {
            Err(i)
        } else {
            Ok(i - leading.len())
        }
    });
    (response, picked)
}

/// A drop-down of what a log entry may be about: `none` (the plan, or
/// anything), the plan's workloads (searchable: maybe thousands) and its
/// parties. Returns the response and, when picked, the id (`None` for
/// `none`).
pub fn subject_combo(
    ui: &mut Ui,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    selected_text: &str,
    plan: &Plan,
    none: &str,
    current: Option<&str>,
) -> (Response, Option<Option<String>>) {
    let (response, picked) = search_combo(ui, id_salt, selected_text, || {
        std::iter::once((none, current.is_none()))
            .chain(
                plan.workloads
                    .iter()
                    .map(|w| (w.name.as_str(), current == Some(w.id.as_str()))),
            )
            .chain(
                plan.parties
                    .iter()
                    .map(|p| (p.name.as_str(), current == Some(p.id.as_str()))),
            )
            .collect()
    });
    let workloads = plan.workloads.len();
    let picked = picked.map(|i| match i.checked_sub(1) {
        None => None,
        Some(k) if k < workloads => Some(plan.workloads[k].id.clone()),
        Some(k) => plan.parties.get(k - workloads).map(|p| p.id.clone()),
    });
    (response, picked)
}

/// A drop-down of the plan's parties (and "nobody"); `Some(new)` on change.
pub fn party_picker(
    ui: &mut Ui,
    label: &str,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    plan: &Plan,
    current: Option<&str>,
) -> Option<Option<String>> {
    let label_id = ui.label(label).id;
    let shown = current.map_or("—", |id| plan.party_name(id));
    let mut picked = None;
    let response = egui::ComboBox::from_id_salt(id_salt)
        .selected_text(shown)
        .width(180.0)
        .show_ui(ui, |ui| {
            if ui.selectable_label(current.is_none(), "— nobody").clicked() && current.is_some() {
                picked = Some(None);
            }
            for party in &plan.parties {
                let selected = current == Some(party.id.as_str());
                if ui.selectable_label(selected, &party.name).clicked() && !selected {
                    picked = Some(Some(party.id.clone()));
                }
            }
        })
        .response;
    let _ = response.labelled_by(label_id);
    picked
}

/// A heading-sized title line.
pub fn title(ui: &mut Ui, text: &str) {
    ui.heading(RichText::new(text).strong());
}

/// A stacked bar of stage shares, with the stage names in its tooltip.
pub fn stage_bar(ui: &mut Ui, counts: &[usize; crate::derive::STAGES], width: f32) -> Response {
    let total: usize = counts.iter().sum();
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, 16.0), egui::Sense::hover());
    let painter = ui.painter();
    painter.rect_filled(rect, 3.0, ui.visuals().extreme_bg_color);
    if total > 0 {
        let mut x = rect.left();
        // Staged first, so the bar fills from the left as work is done.
        for stage in Stage::ALL.iter().rev() {
            let n = counts[stage.index()];
            if n == 0 {
                continue;
            }
            let w = rect.width() * n as f32 / total as f32;
            let part =
                egui::Rect::from_min_size(egui::pos2(x, rect.top()), egui::vec2(w, rect.height()));
            painter.rect_filled(part, 0.0, theme::stage_color(*stage));
            x += w;
        }
    }
    let text: Vec<String> = Stage::ALL
        .iter()
        .rev()
        .filter(|s| counts[s.index()] > 0)
        .map(|s| format!("{} {}", s.label(), counts[s.index()]))
        .collect();
    response.on_hover_text(text.join(" · "))
}

/// The stage counts as coloured words: "■ Staged 3  ■ Blocked 1".
pub fn stage_counts(ui: &mut Ui, counts: &[usize; crate::derive::STAGES]) {
    ui.horizontal_wrapped(|ui| {
        for stage in Stage::ALL.iter().rev() {
            let n = counts[stage.index()];
            if n > 0 {
                stage_key(
                    ui,
                    *stage,
                    &format!("{} {}", stage.label(), crate::words::thousands(n)),
                );
            }
        }
    });
}

/// A stage's coloured square and `text`, in one piece that never breaks:
/// a line too full moves it whole to the next.
pub fn stage_key(ui: &mut Ui, stage: Stage, text: &str) {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let mut job = egui::text::LayoutJob::default();
    job.append(
        "■ ",
        0.0,
        egui::TextFormat::simple(font.clone(), theme::stage_color(stage)),
    );
    job.append(
        text,
        0.0,
        egui::TextFormat::simple(font, ui.visuals().text_color()),
    );
    ui.add(egui::Label::new(job).extend());
}

/// A blocker as a link to the thing to fix, its square coloured by the
/// stage of the asset it is about (warning colour for other blockers).
/// A long message wraps rather than being cut at the edge.
pub fn blocker_link(ui: &mut Ui, derived: &Derived, blocker: &Blocker) -> Response {
    let color = match &blocker.subject {
        Subject::Asset(id) => derived
            .stage_of(id)
            .map_or(theme::WARN_COLOR, theme::stage_color),
        _ => theme::WARN_COLOR,
    };
    ui.horizontal_top(|ui| {
        ui.label(RichText::new("■").color(color));
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
        ui.link(&blocker.message)
    })
    .inner
}

/// Blockers as links, many of a kind summed up in one line ("50 assets
/// Unassessed: app-00, app-01, app-02, … and 47 more", as reports say
/// it), at most `most` lines; the blocker to fix when one was clicked (for
/// a summed-up line, the first of them), and how many blockers the lines
/// left out stand for.
pub fn blocker_list<'a>(
    ui: &mut Ui,
    (plan, derived): (&Plan, &Derived),
    blockers: impl IntoIterator<Item = &'a Blocker>,
    most: usize,
) -> (Option<&'a Blocker>, usize) {
    use crate::derive::{BlockerLine, blocker_lines};
    let mut clicked = None;
    let mut lines = blocker_lines(plan, derived, blockers);
    let left_out = lines
        .drain(lines.len().min(most)..)
        .map(|line| match line {
            BlockerLine::One(_) => 1,
            BlockerLine::Many(_, members) => members.len(),
        })
        .sum();
    for line in lines {
        match line {
            BlockerLine::One(blocker) => {
                if blocker_link(ui, derived, blocker).clicked() {
                    clicked = Some(blocker);
                }
            }
            BlockerLine::Many(text, members) => {
                let first = members[0];
                let summed = Blocker {
                    message: text,
                    ..first.clone()
                };
                if blocker_link(ui, derived, &summed)
                    .on_hover_text(format!(
                        "Opens the first of the {}; the Assets page lists them all",
                        members.len()
                    ))
                    .clicked()
                {
                    clicked = Some(first);
                }
            }
        }
    }
    (clicked, left_out)
}

/// Where a wish for the keyboard waits until its widget is drawn.
fn wanted_focus_key() -> egui::Id {
    egui::Id::unique("ferry-wanted-focus")
}

/// Asks that the widget known as `target` take the keyboard when it is
/// next drawn (it may be on a page not shown yet): how a gap or a blocker
/// puts the cursor on the field that fixes it.
pub fn want_focus(ctx: &egui::Context, target: egui::Id) {
    ctx.data_mut(|d| d.insert_temp(wanted_focus_key(), target));
}

/// Whether the keyboard is wanted for `target` and not given yet.
pub fn focus_wanted(ctx: &egui::Context, target: egui::Id) -> bool {
    ctx.data(|d| d.get_temp::<egui::Id>(wanted_focus_key())) == Some(target)
}

/// Gives the keyboard to `response` when it was wished for as `target`
/// ([`want_focus`]), scrolled into view; draws the focus ring when it has
/// the keyboard. Returns the response.
pub fn focus_target(ui: &Ui, response: Response, target: egui::Id) -> Response {
    if focus_wanted(ui.ctx(), target) {
        response.request_focus();
        response.scroll_to_me(Some(egui::Align::Center));
        ui.ctx()
            .data_mut(|d| d.remove::<egui::Id>(wanted_focus_key()));
    }
    focus_ring(ui, &response);
    response
}

/// [`focus_target`] for a text field that was just made with a name to
/// replace ("Party 10", "New item"): its whole text is selected, so typing
/// replaces it.
pub fn focus_new_text(ui: &Ui, response: Response, target: egui::Id, text: &str) -> Response {
    if focus_wanted(ui.ctx(), target) {
        let ctx = ui.ctx();
        let mut state = egui::TextEdit::load_state(ctx, response.id).unwrap_or_default();
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::two(
                egui::text::CCursor::new(0),
                egui::text::CCursor::new(text.chars().count()),
            )));
        state.store(ctx, response.id);
    }
    focus_target(ui, response, target)
}

/// A thick ring around a widget that has the keyboard: egui's own hint is
/// faint on a projector.
pub fn focus_ring(ui: &Ui, response: &Response) {
    if response.has_focus() {
        let ring = theme::focus_ring(ui.visuals());
        ui.painter().rect_stroke(
            response.rect.expand(2.0),
            4.0,
            ring,
            egui::StrokeKind::Outside,
        );
    }
}

/// The room a dialog may take: the window less a margin on every side.
pub fn dialog_room(ctx: &egui::Context) -> egui::Vec2 {
    let screen = ctx.content_rect().size();
    egui::vec2(
        (screen.x - 2.0 * theme::DIALOG_MARGIN).max(200.0),
        (screen.y - 2.0 * theme::DIALOG_MARGIN).max(160.0),
    )
}

/// A modal dialog that fits the window at any zoom: its title at the top
/// and its buttons at the bottom always show, and the body between them
/// scrolls when the window is too small for it (a projector at 150 %).
/// `width` is the width it would like. Returns what the body and the
/// buttons returned.
pub fn dialog<B, F>(
    ctx: &egui::Context,
    id: egui::Id,
    title: &str,
    width: f32,
    body: impl FnOnce(&mut Ui) -> B,
    buttons: impl FnOnce(&mut Ui) -> F,
) -> (B, F) {
    let room = dialog_room(ctx);
    egui::Modal::new(id)
        .show(ctx, |ui| {
            let margin = ui.style().spacing.menu_margin;
            let width = width.min(room.x - margin.sum().x);
            ui.set_width(width);
            ui.set_max_width(width);
            ui.heading(title);
            let spacing = ui.spacing();
            let button_row = spacing.interact_size.y.max(
                ui.text_style_height(&egui::TextStyle::Button) + 2.0 * spacing.button_padding.y,
            ) + 2.0 * spacing.item_spacing.y
                + 8.0;
            let used = ui.min_rect().height();
            let body_height = (room.y - margin.sum().y - used - button_row - 8.0).max(48.0);
            // A body wider than the dialog (long names at 150 %) scrolls
            // sideways rather than pushing the dialog off the window.
            let b = egui::ScrollArea::both()
                .id_salt(id.with("body"))
                .max_height(body_height)
                // As tall as it may be from the first frame: else the
                // window grows a button row's height a frame.
                .min_scrolled_height(body_height)
                .auto_shrink([false, true])
                .show(ui, body)
                .inner;
            ui.add_space(8.0);
            let f = ui.horizontal_wrapped(buttons).inner;
            (b, f)
        })
        .inner
}
