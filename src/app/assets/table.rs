//! The asset table itself: only the rows in view are laid out; it scrolls
//! sideways when its columns are wider than the pane, no column is
//! narrower than its header, and a group's header spans the row with the
//! group's value, its count and the action that selects it.

use egui::{Align, Layout, Rect, UiBuilder};

use super::*;

/// The widest a fact's column makes itself for its values (it can be
/// dragged wider), and how many rows it looks at to know.
const FACT_MOST: f32 = 320.0;
const FACT_SAMPLE: usize = 200;

/// A column of the table: its title, what sorting by it means, its width
/// to start with.
struct ColumnSpec {
    title: String,
    sort: SortColumn,
    initial: f32,
}

impl AssetsView {
    /// A click on a row: alone it selects the row (and opens its form),
    /// with Ctrl it adds or removes the row, with Shift it selects the
    /// range from the last clicked row to this one.
    fn clicked(
        &mut self,
        plan: &Plan,
        position: usize,
        modifiers: Modifiers,
        selected: Option<&str>,
        actions: &mut Actions,
    ) {
        let Some(Entry::Asset(i)) = self.table.entry(position) else {
            return;
        };
        let id = plan.assets[i].id.clone();
        if modifiers.shift {
            let from = self
                .selection
                .anchor()
                .and_then(|a| self.table.position(|j| plan.assets[j].id == a))
                .unwrap_or(position);
            let (lo, hi) = (from.min(position), from.max(position));
            let range: Vec<String> = (lo..=hi)
                .filter_map(|p| match self.table.entry(p) {
                    Some(Entry::Asset(j)) => Some(plan.assets[j].id.clone()),
                    _ => None,
                })
                .collect();
            self.selection.range(range, modifiers.command);
        } else if modifiers.command {
            self.selection.toggle(&id);
        } else {
            let only_this = self.selection.single() == Some(&id);
            if only_this && selected == Some(id.as_str()) {
                self.selection.clear();
                actions.push(Action::SelectAsset(None));
                return;
            }
            self.selection.only(&id);
        }
        // A row half under the pane's edge comes into view; one in view
        // stays where it is.
        self.scroll_to = Some((id, None));
        actions.push(Action::SelectAsset(self.selection.single().cloned()));
    }

    /// How wide a fact's column starts: as wide as its widest value among
    /// the first rows, up to a point (it can be dragged wider). Measured
    /// once per fact.
    fn fact_width(&mut self, ui: &Ui, plan: &Plan, fact: &str) -> f32 {
        if let Some(&width) = self.fact_widths.get(fact) {
            return width;
        }
        let font = egui::TextStyle::Body.resolve(ui.style());
        let widest = self
            .table
            .rows()
            .iter()
            .take(FACT_SAMPLE)
            .filter_map(|&i| plan.assets.get(i)?.source.get(fact))
            .map(|value| {
                ui.fonts_mut(|f| {
                    f.layout_no_wrap(value.to_owned(), font.clone(), egui::Color32::WHITE)
                        .size()
                        .x
                })
            })
            .fold(0.0_f32, f32::max);
        let width = (widest + 2.0 * ui.spacing().item_spacing.x).clamp(80.0, FACT_MOST);
        self.fact_widths.insert(fact.to_owned(), width);
        width
    }

    /// The columns shown, in order.
    fn column_specs(&mut self, ui: &Ui, plan: &Plan) -> Vec<ColumnSpec> {
        let fixed = [
            // The fixed columns fit beside the navigation at 1280 points.
            ("Name", SortColumn::Name, 210.0),
            ("Kind", SortColumn::Kind, 70.0),
            ("Workload", SortColumn::Workload, 110.0),
            ("Assessment", SortColumn::Assessment, 110.0),
            ("Remediation", SortColumn::Remediation, 110.0),
            ("Replication", SortColumn::Replication, 105.0),
            ("Staging", SortColumn::Staging, 90.0),
            ("Stage", SortColumn::Stage, 130.0),
        ];
        let mut specs: Vec<ColumnSpec> = fixed
            .into_iter()
            .map(|(title, sort, initial)| ColumnSpec {
                title: title.to_owned(),
                sort,
                initial,
            })
            .collect();
        for fact in self.columns.clone() {
            let initial = self.fact_width(ui, plan, &fact);
            specs.push(ColumnSpec {
                title: fact.clone(),
                sort: SortColumn::Fact(fact),
                initial,
            });
        }
        specs
    }

    pub(super) fn table_ui(
        &mut self,
        ui: &mut Ui,
        plan: &Plan,
        derived: &Derived,
        (selected, clicks): (Option<&str>, bool),
        actions: &mut Actions,
    ) {
        if self.table.rows().is_empty() && !plan.assets.is_empty() {
            // Said, rather than an empty table with no word why.
            let text = self.filters.text.trim();
            let other = if self.filters.any_choice() {
                " with the other filters"
            } else {
                ""
            };
            ui.label(if text.is_empty() {
                "No asset matches the filters".to_owned()
            } else {
                format!("No asset matches “{text}”{other}")
            });
            return;
        }
        let show_match = !self.table.needle().is_empty();
        let specs = self.column_specs(ui, plan);
        // Every column at least as wide as its header, sort arrow included.
        let header_width = |ui: &Ui, title: &str| {
            let font = egui::TextStyle::Button.resolve(ui.style());
            let text = ui.fonts_mut(|f| {
                f.layout_no_wrap(format!("{title} ⏶"), font, egui::Color32::WHITE)
                    .size()
                    .x
            });
            text + 2.0 * ui.spacing().button_padding.x + 4.0
        };
        let mut clicked: Option<(usize, Modifiers)> = None;
        let mut toggle_group: Option<String> = None;
        let mut select_group: Option<std::ops::Range<usize>> = None;
        let scroll_to = self.scroll_to.take();
        // Group headers: where each is, its value, count and rows.
        let mut group_rows: Vec<(Rect, String, usize, std::ops::Range<usize>)> = Vec::new();
        let mut view = Rect::NOTHING;
        // Sideways when the columns are wider than the pane; the header
        // and the rows move together.
        egui::ScrollArea::horizontal()
            .id_salt("asset-table-sideways")
            .auto_shrink([false; 2])
            .show(ui, |ui| {
                let body_height =
                    (ui.available_height() - theme::ROW_HEIGHT - 2.0 * ui.spacing().item_spacing.y)
                        .max(theme::ROW_HEIGHT);
                let least: Vec<f32> = specs
                    .iter()
                    .map(|spec| header_width(ui, &spec.title).max(60.0))
                    .collect();
                let match_least = header_width(ui, "Matched in");
                let mut table = TableBuilder::new(ui)
                    .striped(true)
                    .resizable(true)
                    .sense(egui::Sense::click())
                    .auto_shrink([false; 2])
                    .min_scrolled_height(0.0)
                    .max_scroll_height(body_height);
                for (spec, &least) in specs.iter().zip(&least) {
                    table = table.column(
                        Column::initial(spec.initial.max(least))
                            .at_least(least)
                            .clip(true),
                    );
                }
                if show_match {
                    table = table.column(
                        Column::initial(200.0_f32.max(match_least))
                            .at_least(match_least)
                            .clip(true),
                    );
                }
                table = table.column(Column::remainder().at_least(10.0));
                if let Some((id, align)) = scroll_to {
                    if let Some(pos) = self.table.position(|i| plan.assets[i].id == id) {
                        table = table.scroll_to_row(pos, align);
                    } else if !derived.asset_positions.contains_key(&id) {
                        // Not in the plan yet (just added: the change is
                        // made after this frame): its row next frame.
                        self.scroll_to = Some((id, align));
                    }
                }
                let columns = specs.len() + usize::from(show_match) + 1;
                table
                    .header(theme::ROW_HEIGHT, |mut header| {
                        for spec in &specs {
                            header.col(|ui| {
                                let arrow = if self.sort == spec.sort {
                                    if self.descending { " ⏷" } else { " ⏶" }
                                } else {
                                    ""
                                };
                                let response = ui.add(
                                    egui::Button::new(
                                        RichText::new(format!("{}{arrow}", spec.title)).strong(),
                                    )
                                    .frame(false),
                                );
                                if response.on_hover_text("Sort by this column").clicked() {
                                    if self.sort == spec.sort {
                                        self.descending = !self.descending;
                                    } else {
                                        self.sort = spec.sort.clone();
                                        self.descending = false;
                                    }
                                }
                            });
                        }
                        if show_match {
                            header.col(|ui| {
                                ui.label(RichText::new("Matched in").strong());
                            });
                        }
                        header.col(|_| {});
                    })
                    .body(|mut body| {
                        // Rows are picked by a click anywhere on them: labels
                        // must not take the click for text selection.
                        body.ui_mut().style_mut().interaction.selectable_labels = false;
                        let spacing = body.ui_mut().spacing().item_spacing.x;
                        let row_width: f32 = body.widths().iter().sum::<f32>()
                            + spacing * body.widths().len().saturating_sub(1) as f32;
                        view = body.ui_mut().clip_rect();
                        body.rows(theme::ROW_HEIGHT, self.table.len(), |mut row| {
                            let position = row.index();
                            let Some(entry) = self.table.entry(position) else {
                                return;
                            };
                            match entry {
                                Entry::Group { key, count, rows } => {
                                    // Drawn over the row once the table is
                                    // done (see below).
                                    let (rect, _) = row.col(|_| {});
                                    for _ in 1..columns {
                                        row.col(|_| {});
                                    }
                                    let span = Rect::from_min_size(
                                        rect.min,
                                        egui::vec2(row_width, theme::ROW_HEIGHT),
                                    );
                                    group_rows.push((span, key.to_owned(), count, rows));
                                }
                                Entry::Asset(i) => {
                                    let asset = &plan.assets[i];
                                    row.set_selected(self.selection.contains(&asset.id));
                                    asset_cells(&mut row, plan, derived, i, &self.columns);
                                    if show_match {
                                        row.col(|ui| {
                                            ui.label(
                                                RichText::new(self.table.matched_in(plan, i))
                                                    .weak(),
                                            );
                                        });
                                    }
                                    row.col(|_| {});
                                    if row.response().clicked() {
                                        let modifiers = row.response().ctx.input(click_modifiers);
                                        clicked = Some((position, modifiers));
                                    }
                                }
                            }
                        });
                    });
                // Group headers go over their rows after the table: the
                // table's column borders take clicks over the whole body,
                // and what is added last takes them first.
                for (span, key, count, rows) in &group_rows {
                    let open = !self.collapsed.contains(key);
                    let (toggle, select) = group_header_ui(ui, *span, view, key, *count, open);
                    if toggle {
                        toggle_group = Some(key.clone());
                    }
                    if select {
                        select_group = Some(rows.clone());
                    }
                }
            });
        if let Some(key) = toggle_group
            && !self.collapsed.remove(&key)
        {
            self.collapsed.insert(key);
        }
        if let Some(range) = select_group {
            self.selection.replace(
                self.table.rows()[range]
                    .iter()
                    .map(|&i| plan.assets[i].id.clone()),
            );
            actions.push(Action::SelectAsset(None));
        }
        // A click that closed a drop-down or a menu is not also a click on
        // the row under it.
        if let Some((position, modifiers)) = clicked.filter(|_| clicks) {
            self.clicked(plan, position, modifiers, selected, actions);
        }
    }
}

/// An asset's cells, in the order of [`AssetsView::column_specs`].
fn asset_cells(
    row: &mut egui_extras::TableRow<'_, '_>,
    plan: &Plan,
    derived: &Derived,
    i: usize,
    facts: &[String],
) {
    let asset = &plan.assets[i];
    row.col(|ui| {
        ui.label(&asset.name);
    });
    row.col(|ui| {
        ui.label(asset.kind.label());
    });
    row.col(|ui| {
        ui.label(
            asset
                .workload
                .as_deref()
                .map_or("—", |w| plan.workload_name(w)),
        );
    });
    row.col(|ui| {
        ui.label(asset.assessment.label());
    });
    row.col(|ui| {
        ui.label(remediation_text(asset));
    });
    row.col(|ui| {
        ui.label(asset.replication.status.label());
    });
    row.col(|ui| {
        ui.label(asset.staging.label());
    });
    row.col(|ui| {
        widgets::stage_chip(ui, derived.stages[i]);
    });
    for fact in facts {
        row.col(|ui| {
            ui.label(asset.source.get(fact).unwrap_or_default());
        });
    }
}

/// A group's header across the whole row: the fold arrow with the group's
/// value and count ("⏷ USFQ-SANDBOX · 12"), and beside it the button that
/// selects the group. Returns (fold clicked, select clicked).
fn group_header_ui(
    ui: &mut Ui,
    span: Rect,
    view: Rect,
    key: &str,
    count: usize,
    open: bool,
) -> (bool, bool) {
    let mut ui = ui.new_child(
        UiBuilder::new()
            .max_rect(span)
            .layout(Layout::left_to_right(Align::Center)),
    );
    ui.set_clip_rect(span.intersect(view));
    let arrow = if open { "⏷" } else { "⏵" };
    let toggle = ui
        .add(
            egui::Button::new(
                RichText::new(format!("{arrow} {key} · {}", words::thousands(count))).strong(),
            )
            .frame(false),
        )
        .on_hover_text(if open {
            "Fold this group"
        } else {
            "Unfold this group"
        })
        .clicked();
    let select = ui
        .small_button(format!("Select {}", words::grouped(count, "asset")))
        .on_hover_text(format!(
            "Select the {} of {key}",
            words::grouped(count, "asset")
        ))
        .clicked();
    (toggle, select)
}

fn remediation_text(asset: &Asset) -> String {
    let open = asset
        .remediation
        .issues
        .iter()
        .filter(|i| !i.resolved)
        .count();
    match asset.remediation.status {
        RemediationStatus::NotRequired => "—".to_owned(),
        status if open > 0 => format!("{} ({open})", status.label()),
        status => status.label().to_owned(),
    }
}

/// The modifiers of this frame's click: those carried by the button
/// event (the held keys may already be released at the frame's end).
fn click_modifiers(input: &egui::InputState) -> Modifiers {
    input
        .events
        .iter()
        .rev()
        .find_map(|e| match e {
            egui::Event::PointerButton {
                pressed: false,
                modifiers,
                ..
            } => Some(*modifiers),
            _ => None,
        })
        .unwrap_or(input.modifiers)
}
