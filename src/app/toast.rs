//! Toasts: a short line that says what just happened ("Logged a decision
//! about Payments — Ctrl+Z to undo"), floating above the bottom of the
//! window for a few seconds. It takes no space, so nothing moves under the
//! pointer, and it needs no click to go away. One repaint is asked for when
//! it expires: an idle window stays idle.

use egui::{Color32, RichText};

use super::theme;

/// How long a toast stays, in seconds.
pub const TOAST_SECONDS: f64 = 4.0;

/// The toasts on screen (the newest last; at most [`Toasts::MAX`]).
#[derive(Default)]
pub struct Toasts {
    shown: Vec<Toast>,
}

struct Toast {
    text: String,
    /// When it was first drawn (egui time, seconds); `None` until then.
    since: Option<f64>,
}

impl Toasts {
    /// How many toasts are shown at once; older ones give way.
    pub const MAX: usize = 3;

    /// Shows `text` for a few seconds. The same text again restarts its
    /// time instead of showing it twice.
    pub fn say(&mut self, text: impl Into<String>) {
        let text = text.into();
        self.shown.retain(|t| t.text != text);
        self.shown.push(Toast { text, since: None });
        if self.shown.len() > Self::MAX {
            self.shown.remove(0);
        }
    }

    /// The texts on screen, oldest first (for tests and screen readers).
    pub fn texts(&self) -> Vec<&str> {
        self.shown.iter().map(|t| t.text.as_str()).collect()
    }

    /// The newest toast's text, if any.
    pub fn last(&self) -> Option<&str> {
        self.shown.last().map(|t| t.text.as_str())
    }

    /// Draws the toasts over everything, centred above the bottom of the
    /// window, `bottom_gap` points up (clear of a status bar or a footer),
    /// and drops the ones whose time is up.
    pub fn ui(&mut self, ctx: &egui::Context, bottom_gap: f32) {
        let now = ctx.input(|i| i.time);
        for toast in &mut self.shown {
            toast.since.get_or_insert(now);
        }
        self.shown
            .retain(|t| t.since.is_none_or(|s| now - s < TOAST_SECONDS));
        let Some(first_end) = self
            .shown
            .iter()
            .filter_map(|t| t.since)
            .map(|s| s + TOAST_SECONDS)
            .reduce(f64::min)
        else {
            return;
        };
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(
            (first_end - now).max(0.05),
        ));
        let screen = ctx.content_rect();
        egui::Area::new(egui::Id::unique("ferry-toasts"))
            .order(egui::Order::Tooltip)
            .interactable(false)
            .pivot(egui::Align2::CENTER_BOTTOM)
            .fixed_pos(egui::pos2(
                screen.center().x,
                screen.bottom() - bottom_gap - 8.0,
            ))
            .show(ctx, |ui| {
                ui.set_max_width((screen.width() - 32.0).max(120.0));
                for toast in &self.shown {
                    egui::Frame::new()
                        .fill(theme::TOAST_FILL)
                        .inner_margin(egui::Margin::symmetric(14, 8))
                        .corner_radius(6.0)
                        .show(ui, |ui| {
                            ui.label(RichText::new(&toast.text).color(Color32::WHITE));
                        });
                    ui.add_space(4.0);
                }
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_toast_says_once_and_the_oldest_gives_way() {
        let mut toasts = Toasts::default();
        toasts.say("Saved plan.ron");
        toasts.say("Saved plan.ron");
        assert_eq!(toasts.texts(), ["Saved plan.ron"]);
        for k in 0..4 {
            toasts.say(format!("Undid step {k}"));
        }
        assert_eq!(toasts.texts().len(), Toasts::MAX);
        assert_eq!(toasts.last(), Some("Undid step 3"));
        assert!(!toasts.texts().contains(&"Saved plan.ron"));
    }

    #[test]
    fn a_toast_goes_away_after_its_time() {
        let ctx = egui::Context::default();
        let mut toasts = Toasts::default();
        toasts.say("Logged a decision");
        let frame = |time: f64, toasts: &mut Toasts| {
            let input = egui::RawInput {
                time: Some(time),
                ..Default::default()
            };
            ctx.run_ui(input, |ui| toasts.ui(ui.ctx(), 0.0))
                .textures_delta
                .clear();
        };
        frame(1.0, &mut toasts);
        frame(1.0 + TOAST_SECONDS - 0.5, &mut toasts);
        assert_eq!(toasts.last(), Some("Logged a decision"));
        frame(1.0 + TOAST_SECONDS + 0.1, &mut toasts);
        assert_eq!(toasts.last(), None);
    }
}
