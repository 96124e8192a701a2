//! Toasts: a short line that says what just happened ("Logged a decision
//! about Payments — Ctrl+Z to undo"), floating in the bottom right corner
//! of the window for a few seconds (at the top when the widget with the
//! keyboard is there: a toast never covers what is being edited). It takes
//! no space, so nothing moves under the pointer, and it needs no click to
//! go away. One repaint is asked for when it expires: an idle window stays
//! idle.

use egui::{Color32, RichText};

use super::theme;

/// How long a short toast stays, in seconds.
pub const TOAST_SECONDS: f64 = 4.0;

/// The longest a toast stays, however long its text.
const LONGEST_SECONDS: f64 = 10.0;

/// How long `text` stays: long enough to read (about fifteen letters a
/// second: what came in from someone else's save is longer than "Saved").
fn seconds_for(text: &str) -> f64 {
    (text.chars().count() as f64 / 15.0).clamp(TOAST_SECONDS, LONGEST_SECONDS)
}

/// The widest a toast gets; a longer text wraps.
const TOAST_WIDTH: f32 = 460.0;

/// The toasts on screen (the newest last; at most [`Toasts::MAX`]).
#[derive(Default)]
pub struct Toasts {
    shown: Vec<Toast>,
}

struct Toast {
    text: String,
    /// Toasts of one kind (the zoom) replace each other.
    kind: Option<&'static str>,
    /// When it was first drawn (egui time, seconds); `None` until then
    /// (a window that is hidden shows it when it is shown again).
    since: Option<f64>,
    /// How long it stays.
    seconds: f64,
}

impl Toasts {
    /// How many toasts are shown at once; older ones give way.
    pub const MAX: usize = 3;

    /// Shows `text` for a few seconds. The same text again restarts its
    /// time instead of showing it twice.
    pub fn say(&mut self, text: impl Into<String>) {
        self.push(text.into(), None);
    }

    /// Shows `text` in place of the toast of the same `kind` (one zoom
    /// toast, however often the zoom changes).
    pub fn replace(&mut self, kind: &'static str, text: impl Into<String>) {
        self.push(text.into(), Some(kind));
    }

    fn push(&mut self, text: String, kind: Option<&'static str>) {
        self.shown
            .retain(|t| t.text != text && (kind.is_none() || t.kind != kind));
        self.shown.push(Toast {
            seconds: seconds_for(&text),
            text,
            kind,
            since: None,
        });
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

    /// Draws the toasts over everything in the bottom right corner,
    /// `bottom_gap` points up (clear of a status bar or a footer), or in
    /// the top right corner when the widget with the keyboard is down
    /// there; drops the ones whose time is up.
    pub fn ui(&mut self, ctx: &egui::Context, bottom_gap: f32) {
        let now = ctx.input(|i| i.time);
        for toast in &mut self.shown {
            toast.since.get_or_insert(now);
        }
        self.shown
            .retain(|t| t.since.is_none_or(|s| now - s < t.seconds));
        let Some(first_end) = self
            .shown
            .iter()
            .filter_map(|t| t.since.map(|s| s + t.seconds))
            .reduce(f64::min)
        else {
            return;
        };
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(
            (first_end - now).max(0.05),
        ));
        let screen = ctx.content_rect();
        let width = TOAST_WIDTH.min(screen.width() - 32.0).max(120.0);
        let height = (self.shown.len() as f32) * 44.0;
        let corner = egui::Rect::from_min_max(
            egui::pos2(
                screen.right() - 16.0 - width,
                screen.bottom() - bottom_gap - 8.0 - height,
            ),
            egui::pos2(screen.right() - 16.0, screen.bottom() - bottom_gap - 8.0),
        );
        let editing = ctx
            .memory(|m| m.focused())
            .and_then(|id| ctx.read_response(id))
            .map(|r| r.rect);
        let (pivot, at) = if editing.is_some_and(|r| r.intersects(corner)) {
            (
                egui::Align2::RIGHT_TOP,
                egui::pos2(screen.right() - 16.0, screen.top() + 40.0),
            )
        } else {
            (egui::Align2::RIGHT_BOTTOM, corner.right_bottom())
        };
        egui::Area::new(egui::Id::unique("ferry-toasts"))
            .order(egui::Order::Tooltip)
            .interactable(false)
            .pivot(pivot)
            .fixed_pos(at)
            .show(ctx, |ui| {
                ui.set_max_width(width);
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
        toasts.replace("zoom", "Zoom 110 %");
        toasts.replace("zoom", "Zoom 120 %");
        assert_eq!(
            toasts
                .texts()
                .iter()
                .filter(|t| t.starts_with("Zoom"))
                .count(),
            1
        );
        assert_eq!(toasts.last(), Some("Zoom 120 %"));
    }

    /// One frame of `toasts` at `time` seconds.
    fn draw_at(ctx: &egui::Context, time: f64, toasts: &mut Toasts) {
        let input = egui::RawInput {
            time: Some(time),
            ..Default::default()
        };
        ctx.run_ui(input, |ui| toasts.ui(ui.ctx(), 0.0))
            .textures_delta
            .clear();
    }

    #[test]
    fn a_toast_goes_away_after_its_time() {
        let ctx = egui::Context::default();
        let mut toasts = Toasts::default();
        toasts.say("Logged a decision");
        let frame = |time, toasts: &mut Toasts| draw_at(&ctx, time, toasts);
        frame(1.0, &mut toasts);
        frame(1.0 + TOAST_SECONDS - 0.5, &mut toasts);
        assert_eq!(toasts.last(), Some("Logged a decision"));
        frame(1.0 + TOAST_SECONDS + 0.1, &mut toasts);
        assert_eq!(toasts.last(), None);
    }

    #[test]
    fn what_came_in_stays_long_enough_to_read_from_when_it_is_seen() {
        let ctx = egui::Context::default();
        let mut toasts = Toasts::default();
        let came_in = "Alice saved 3 changes at 10:42: log: new Decision 'Keep the DNS \
                       names'; ERP: renamed to 'ERP (core)'; pay-db-01: notes. Undo \
                       (Ctrl+Z) takes the merge back.";
        toasts.say(came_in);
        let frame = |time, toasts: &mut Toasts| draw_at(&ctx, time, toasts);
        // Said while the window was hidden: its time starts when drawn.
        frame(100.0, &mut toasts);
        frame(100.0 + TOAST_SECONDS + 2.0, &mut toasts);
        assert_eq!(toasts.last(), Some(came_in), "a long text stays longer");
        frame(100.0 + LONGEST_SECONDS + 0.1, &mut toasts);
        assert_eq!(toasts.last(), None, "but not for ever");
    }
}
