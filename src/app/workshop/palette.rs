//! The command palette: every action, workload, party and asset found by
//! typing (Ctrl+K).

use egui::{Key, Modifiers};

use super::Workshop;
use crate::app::commands::UiCommand;
use crate::app::{Document, widgets};
use crate::derive::Subject;
use crate::model::{PromotionModel, RemediationTiming, Workload};

/// A place the palette can go to: where, its label, its name in lower case.
pub(super) type Searchable = (Subject, String, String);

/// The open command palette.
#[derive(Default)]
pub struct Palette {
    pub query: String,
    /// The line Enter takes; none until something is typed or an arrow
    /// pressed, so Enter on an empty palette does nothing.
    selected: Option<usize>,
    opened: bool,
    /// The line scrolled into view last: scrolled again only when the
    /// selection moves.
    shown: Option<usize>,
}

/// One line of the palette: an action, a place to go, or a decision about
/// the workload on screen.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    Command(UiCommand),
    Go(Subject, String),
    /// A decision about a workload (by id), and its label.
    Decide(String, Decision, String),
}

/// A decision the palette takes about the workload on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    PromotionModel(PromotionModel),
    RemediationTiming(RemediationTiming),
    /// Puts the keyboard on the team check.
    TeamCheck,
}

/// The decisions about `workload` the palette offers, with their labels.
fn decisions(workload: &Workload) -> Vec<(Decision, String)> {
    let name = &workload.name;
    let mut out = Vec::new();
    for model in PromotionModel::ALL {
        let current = if model == workload.promotion_model {
            " (current)"
        } else {
            ""
        };
        out.push((
            Decision::PromotionModel(model),
            format!("Promotion model of {name}: {}{current}", model.label()),
        ));
    }
    for timing in RemediationTiming::ALL {
        let current = if timing == workload.remediation_timing {
            " (current)"
        } else {
            ""
        };
        out.push((
            Decision::RemediationTiming(timing),
            format!("Remediation timing of {name}: {}{current}", timing.label()),
        ));
    }
    out.push((
        Decision::TeamCheck,
        format!("Team check of {name}: who knows how remediation is done…"),
    ));
    out
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
    /// The palette's matches for its query, best first (at most `limit`);
    /// the decisions about the workload on screen (by id) are among them.
    pub fn matches(
        &mut self,
        doc: &Document,
        query: &str,
        current: Option<&str>,
        limit: usize,
    ) -> Vec<Entry> {
        let plan = &doc.plan;
        if self.names.as_ref().is_none_or(|(r, _)| *r != doc.revision) {
            let mut names = Vec::with_capacity(plan.assets.len() + 64);
            for w in &plan.workloads {
                names.push((
                    Subject::Workload(w.id.clone()),
                    format!("workload {}", w.name),
                    w.name.to_lowercase(),
                ));
            }
            for p in &plan.parties {
                names.push((
                    Subject::Party(p.id.clone()),
                    format!("party {}", p.name),
                    p.name.to_lowercase(),
                ));
            }
            for a in &plan.assets {
                names.push((
                    Subject::Asset(a.id.clone()),
                    format!("asset {}", a.name),
                    a.name.to_lowercase(),
                ));
            }
            self.names = Some((doc.revision, names));
        }
        let needle = query.trim().to_lowercase();
        let words: Vec<&str> = needle.split_whitespace().collect();
        let mut scored: Vec<(u32, Entry)> = UiCommand::ALL
            .iter()
            .copied()
            .filter(|c| !c.is_alias())
            .filter_map(|c| {
                let label = c.label().to_lowercase();
                let by_label = fuzzy_score(&label, &needle);
                // A word the command is about, typed or begun: a little
                // below a match in its label; its first words count most.
                let by_word = c
                    .keywords()
                    .split(' ')
                    .position(|w| !needle.is_empty() && w.starts_with(needle.as_str()))
                    .map(|k| 760 - k.min(50) as u32);
                // Several words ("wave limit", "limits wave"): each in its
                // label or begun in its words, the earlier the better.
                let by_words = (words.len() > 1)
                    .then(|| {
                        words.iter().try_fold(0usize, |sum, word| {
                            let at = if label.contains(word) {
                                Some(0)
                            } else {
                                c.keywords().split(' ').position(|k| k.starts_with(word))
                            };
                            at.map(|at| sum + at)
                        })
                    })
                    .flatten()
                    .map(|sum| 760 - sum.min(50) as u32);
                let score = by_label.max(by_word).max(by_words)?;
                // Before anything is typed, what would replace the plan
                // comes last.
                let last = needle.is_empty() && c.replaces_the_plan();
                Some((if last { 0 } else { score + 50 }, Entry::Command(c)))
            })
            .collect();
        // Decisions are found by their words ("promotion", "timing"),
        // never listed for an empty query.
        if !needle.is_empty()
            && let Some(workload) = current.and_then(|id| plan.workload(id))
        {
            for (decision, label) in decisions(workload) {
                if let Some(score) = fuzzy_score(&label.to_lowercase(), &needle) {
                    scored.push((
                        score + 40,
                        Entry::Decide(workload.id.clone(), decision, label),
                    ));
                }
            }
        }
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

    /// The palette window; returns what was picked. `current` is the
    /// workload on screen, whose decisions it offers.
    pub fn palette_ui(
        &mut self,
        ctx: &egui::Context,
        doc: &Document,
        current: Option<&str>,
    ) -> Option<Entry> {
        let mut palette = self.palette.take()?;
        // Every command fits the list before anything is typed.
        let limit = UiCommand::ALL.len().max(40);
        let entries = self.matches(doc, &palette.query, current, limit);
        let mut picked = None;
        let mut close = false;
        // It fits the window at any zoom: the list takes what is left.
        let room = widgets::dialog_room(ctx);
        egui::Modal::new(egui::Id::unique("ferry-palette")).show(ctx, |ui| {
            let width = (room.x - 16.0).min(560.0);
            ui.set_width(width);
            ui.heading("Go to anything");
            let r = widgets::text_field(
                ui,
                "Search actions, workloads, assets, parties",
                &mut palette.query,
                width - 8.0,
            );
            if !palette.opened {
                r.request_focus();
                palette.opened = true;
            }
            if r.changed() {
                palette.selected = (!palette.query.trim().is_empty()).then_some(0);
            }
            ui.input_mut(|i| {
                if i.consume_key(Modifiers::NONE, Key::ArrowDown) {
                    palette.selected = Some(
                        palette
                            .selected
                            .map_or(0, |k| k + 1)
                            .min(entries.len().saturating_sub(1)),
                    );
                }
                if i.consume_key(Modifiers::NONE, Key::ArrowUp) {
                    palette.selected = palette.selected.map(|k| k.saturating_sub(1));
                }
                if i.consume_key(Modifiers::NONE, Key::Escape) {
                    close = true;
                }
                if i.consume_key(Modifiers::NONE, Key::Enter) {
                    picked = palette.selected.and_then(|k| entries.get(k)).cloned();
                }
            });
            let list_height = (room.y - ui.min_rect().height() - 24.0).clamp(80.0, 420.0);
            let scroll = palette.shown != palette.selected;
            palette.shown = palette.selected;
            egui::ScrollArea::vertical()
                .max_height(list_height)
                .show(ui, |ui| {
                    for (k, entry) in entries.iter().enumerate() {
                        let (text, shortcut) = match entry {
                            Entry::Command(c) => (c.label().to_owned(), c.shortcut_text(ctx)),
                            Entry::Go(_, label) => (format!("Go to {label}"), String::new()),
                            Entry::Decide(_, _, label) => (label.clone(), String::new()),
                        };
                        let r = ui.add(
                            egui::Button::selectable(palette.selected == Some(k), text)
                                .shortcut_text(shortcut)
                                .min_size(egui::vec2(width - 8.0, 0.0)),
                        );
                        if palette.selected == Some(k) && scroll {
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
}
