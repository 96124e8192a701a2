//! "Suggest waves…": the wave rules' proposal
//! ([`crate::derive::suggest_waves`]) beside today's placement — each
//! workload that moves, from where to where and why, new waves marked,
//! the warnings, how many stay — with pins, workloads left out and the
//! limits changed in place and the proposal worked out again at once;
//! "Apply" makes it one undo step through the typed [`Placement`], the
//! change `ferry suggest-waves --apply` makes.
//!
//! Also the workload page's line saying which wave a workload is in and
//! why: worked out again from the rules on the current plan (a suggestion
//! applied is one the rules give again), so nothing beyond format 3 is
//! kept in the file for it.
//!
//! A plan of up to [`SUGGEST_IN_FRAME`] assets is worked out within the
//! frame (a few milliseconds); a larger one on a worker thread, the last
//! proposal shown meanwhile with a spinner and "Apply" held back.

use std::sync::{Arc, Mutex, mpsc};

use egui::{Key, Modifiers, RichText, Ui};

use crate::app::{Action, Actions, UiCommand, settings, theme, widgets};
use crate::change::{Change, Placement, Refused, prepare};
use crate::derive::suggest_waves::{Options, Placed, Suggestion, suggest};
use crate::estimate::{WaveSummary, duration_text, size_text};
use crate::model::{Plan, WaveLimits, Workload};
use crate::words;

/// The most assets a plan may have for its waves to be suggested on the
/// UI thread; a larger plan is worked out on a worker thread (3,000
/// workloads and 100,000 assets take about a second).
pub const SUGGEST_IN_FRAME: usize = 2_000;

/// A suggestion kept for one revision of the plan and one set of options,
/// made again when either changes.
#[derive(Default)]
pub struct Worker {
    /// What was last asked for.
    asked: Option<(u64, Options)>,
    /// The last suggestion made, and what it was made for (older than
    /// `asked` while a worker runs).
    ready: Option<(Arc<Suggestion>, (u64, Options))>,
    /// A suggestion being made on a worker thread.
    running: Option<mpsc::Receiver<Suggestion>>,
}

impl Worker {
    /// The suggestion for this revision of the plan and these options, and
    /// whether it is for them (else it is the last one, while the new one
    /// is worked out on a worker thread).
    pub fn suggestion(
        &mut self,
        plan: &Plan,
        revision: u64,
        options: &Options,
        ctx: &egui::Context,
    ) -> (Option<Arc<Suggestion>>, bool) {
        if let Some(result) = &self.running {
            match result.try_recv() {
                Ok(made) => {
                    if let Some(asked) = self.asked.clone() {
                        self.ready = Some((Arc::new(made), asked));
                    }
                    self.running = None;
                }
                Err(mpsc::TryRecvError::Empty) => {
                    ctx.request_repaint_after(std::time::Duration::from_millis(50));
                }
                // The worker stopped without an answer: asked again below.
                Err(mpsc::TryRecvError::Disconnected) => {
                    self.running = None;
                    self.asked = None;
                }
            }
        }
        let key = (revision, options.clone());
        if self.asked.as_ref() != Some(&key) {
            self.asked = Some(key.clone());
            self.running = None;
            if plan.assets.len() <= SUGGEST_IN_FRAME || !self.spawn(plan, options, ctx) {
                self.ready = Some((Arc::new(suggest(plan, options)), key.clone()));
            }
        }
        match &self.ready {
            Some((s, made_for)) => (Some(s.clone()), *made_for == key),
            None => (None, false),
        }
    }

    /// Starts working the suggestion out on a thread; false when no thread
    /// could be started.
    fn spawn(&mut self, plan: &Plan, options: &Options, ctx: &egui::Context) -> bool {
        let snapshot = plan.clone();
        let options = options.clone();
        let (send, result) = mpsc::channel();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("ferry-suggest-waves".into())
            .spawn(move || {
                let _ = send.send(suggest(&snapshot, &options));
                ctx.request_repaint();
            });
        if spawned.is_err() {
            return false;
        }
        self.running = Some(result);
        true
    }

    /// Whether a suggestion is being worked out on a worker thread.
    pub fn busy(&self) -> bool {
        self.running.is_some()
    }

    /// Forgets what was asked, so the next call works it out again.
    fn again(&mut self) {
        self.asked = None;
    }
}

/// The "Suggest waves…" dialog between frames: the options the room
/// tries, the limits as typed, the suggestion.
pub struct SuggestView {
    /// The limits, bandwidth, pins and workloads left out being tried.
    options: Options,
    /// Assets, hours and bandwidth as typed, while a field has the
    /// keyboard or holds what is not a number.
    typed: [Option<String>; 3],
    worker: Worker,
    /// The rows' heights as last drawn (moves, warnings, those that
    /// stay), for drawing only those in view; per suggestion shown.
    heights: [Vec<f32>; 3],
    heights_for: usize,
    /// Why the last "Apply" was refused.
    refused: Option<String>,
    /// Whether the dialog has been drawn once (its default button then
    /// takes the keyboard).
    shown: bool,
    /// Whether a limit field had the keyboard on the last frame: Escape
    /// then puts the field back (the field has let go of it by the time
    /// the dialog looks), never closes the dialog.
    typing: bool,
}

/// What a row of the dialog asks for.
enum Ask {
    Pin(String, bool),
    LeaveOut(String, bool),
}

impl SuggestView {
    /// The dialog as opened: the plan's own limits and bandwidth.
    pub fn new(plan: &Plan) -> Self {
        SuggestView {
            options: Options::of(plan),
            typed: Default::default(),
            worker: Worker::default(),
            heights: Default::default(),
            heights_for: 0,
            refused: None,
            shown: false,
            typing: false,
        }
    }

    /// Draws the dialog; false once it is closed (applied or not).
    /// `today` is the board's waves as they are; `keys` whether the
    /// keyboard is the dialog's (no overlay above it).
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        (plan, revision): (&Plan, u64),
        today: &[WaveSummary],
        keys: bool,
        actions: &mut Actions,
    ) -> bool {
        let (suggestion, current) = self.worker.suggestion(plan, revision, &self.options, ctx);
        let list_open = egui::Popup::is_any_open(ctx);
        let escape = keys
            && !list_open
            && !self.typing
            && !ctx.text_edit_focused()
            && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape));
        // Enter on a focused button clicks it; with nothing focused it
        // applies.
        let enter = keys
            && !list_open
            && ctx.memory(|m| m.focused().is_none())
            && ctx.input(|i| i.key_pressed(Key::Enter) && i.modifiers.is_none());
        let changes = suggestion
            .as_deref()
            .map(|s| self.placement(plan, s))
            .filter(|_| current);
        let can_apply = changes
            .as_ref()
            .is_some_and(|p| prepare(plan, &Change::Placement(p.clone())).is_ok());
        let take_keys = !self.shown || (keys && ctx.memory(|m| m.focused().is_none()));
        self.shown = true;
        let mut asks = Vec::new();
        let refused = self.refused.clone();
        let ((), (apply, close)) = widgets::dialog(
            ctx,
            egui::Id::unique("ferry-suggest-waves"),
            "Suggest waves",
            920.0,
            |ui| {
                self.limits_ui(ui);
                ui.add_space(6.0);
                match &suggestion {
                    Some(s) => self.proposal_ui(ui, plan, s, today, current, &mut asks),
                    None => {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label("Working out the waves…");
                        });
                    }
                }
            },
            |ui| {
                let apply = ui
                    .add_enabled(can_apply, egui::Button::new("Apply (Enter)"))
                    .on_hover_text(
                        "Move the workloads, add the new waves and keep the pins, limits and bandwidth chosen here: one step you can undo",
                    )
                    .on_disabled_hover_text(if current {
                        "Nothing to apply: the plan already has these waves"
                    } else {
                        "Still working out the waves"
                    });
                if take_keys && can_apply {
                    apply.request_focus();
                }
                widgets::focus_ring(ui, &apply);
                let close = ui.button("Close (Escape)");
                widgets::focus_ring(ui, &close);
                if !current {
                    ui.spinner();
                }
                if let Some(why) = &refused {
                    ui.label(RichText::new(why).color(theme::error_text(ui.visuals())));
                }
                (apply.clicked(), close.clicked())
            },
        );
        for ask in asks {
            match ask {
                Ask::Pin(id, pin) => self.set_pin(plan, &id, pin),
                Ask::LeaveOut(id, out) => {
                    if out {
                        self.options.held.insert(id);
                    } else {
                        self.options.held.remove(&id);
                    }
                }
            }
        }
        if (apply || (enter && can_apply))
            && let Some(placement) = changes
        {
            let change = Change::Placement(placement);
            match prepare(plan, &change) {
                Ok(prepared) => {
                    let undo = UiCommand::Undo.shortcut_text(ctx);
                    actions.push(Action::Toast(format!(
                        "{} — {undo} to undo",
                        prepared.label
                    )));
                    actions.change(change);
                    return false;
                }
                Err(Refused::Nothing) => {}
                Err(e) => self.refused = Some(e.to_string()),
            }
        }
        !(close || escape)
    }

    /// The typed change that applies the suggestion with the choices made
    /// here: the moves and new waves, the pins that differ from the
    /// plan's, the limits and the bandwidth.
    fn placement(&self, plan: &Plan, s: &Suggestion) -> Placement {
        Placement {
            add_waves: s.new_waves(),
            moves: s.moves(),
            pins: self
                .options
                .pins
                .iter()
                .filter(|(id, pin)| plan.workload(id).is_some_and(|w| w.wave_pinned != **pin))
                .map(|(id, pin)| (id.clone(), *pin))
                .collect(),
            limits: Some(WaveLimits {
                assets: self.options.max_assets,
                replication_hours: self.options.max_hours,
            }),
            bandwidth: Some(self.options.bandwidth_mbps),
        }
    }

    /// Pins or unpins a workload for this suggestion (kept with the plan
    /// when applied); back to the plan's own pin forgets the choice.
    fn set_pin(&mut self, plan: &Plan, id: &str, pin: bool) {
        if plan.workload(id).is_some_and(|w| w.wave_pinned == pin) {
            self.options.pins.remove(id);
        } else {
            self.options.pins.insert(id.to_owned(), pin);
        }
    }

    /// The limits and the bandwidth, each tried when its field is left or
    /// Enter is pressed; "Suggest again" reads the plan afresh.
    fn limits_ui(&mut self, ui: &mut Ui) {
        let mut problem = None;
        self.typing = false;
        ui.horizontal_wrapped(|ui| {
            let fields = [
                ("Assets per wave", self.options.max_assets, "assets"),
                (
                    "Hours of replication per wave",
                    self.options.max_hours,
                    "hours",
                ),
                ("Bandwidth", self.options.bandwidth_mbps, "Mbit/s"),
            ];
            for (k, (name, value, unit)) in fields.into_iter().enumerate() {
                let shown = value.map(|v| v.to_string()).unwrap_or_default();
                let mut text = self.typed[k].clone().unwrap_or(shown);
                let name_id = ui.label(name).id;
                let r = widgets::sized_line(ui, &mut text, 70.0).labelled_by(name_id);
                self.typing |= r.has_focus();
                ui.label(unit);
                ui.add_space(8.0);
                let parsed = if k == 2 {
                    settings::parse_mbps(&text)
                } else {
                    settings::parse_limit(&text, unit)
                };
                let escape = ui.input(|i| i.key_pressed(Key::Escape));
                if r.lost_focus() {
                    self.typed[k] = None;
                    if escape {
                        continue;
                    }
                    match parsed {
                        Ok(new) => match k {
                            0 => self.options.max_assets = new,
                            1 => self.options.max_hours = new,
                            _ => self.options.bandwidth_mbps = new,
                        },
                        Err(_) => self.typed[k] = Some(text),
                    }
                } else if r.has_focus() {
                    self.typed[k] = Some(text);
                } else if let Err(why) = parsed {
                    problem = Some(why);
                }
            }
            if ui
                .button("Suggest again")
                .on_hover_text("Work the waves out again from the plan as it is now")
                .clicked()
            {
                self.worker.again();
            }
        });
        if let Some(why) = problem {
            ui.label(RichText::new(why).color(theme::error_text(ui.visuals())));
        }
        let hours_unknown =
            self.options.max_hours.is_some() && self.options.bandwidth_mbps.is_none();
        ui.label(
            RichText::new(if hours_unknown {
                "An hours limit needs a bandwidth: without one, only the assets limit is kept."
            } else {
                "Try other limits here: the waves are worked out again at once. Apply keeps them with the plan; Plan settings has them too."
            })
            .weak(),
        );
    }

    /// The proposal: what it changes in a sentence, the waves today and
    /// suggested, the moves with their reasons, the choices made here,
    /// the warnings, and the workloads that stay.
    fn proposal_ui(
        &mut self,
        ui: &mut Ui,
        plan: &Plan,
        s: &Suggestion,
        today: &[WaveSummary],
        current: bool,
        asks: &mut Vec<Ask>,
    ) {
        let shown = std::ptr::from_ref(s) as usize;
        if self.heights_for != shown {
            self.heights_for = shown;
            self.heights = Default::default();
        }
        let placed: Vec<(&str, bool, &Placed)> = s
            .waves
            .iter()
            .flat_map(|w| w.workloads.iter().map(move |p| (w.name.as_str(), w.new, p)))
            .collect();
        let (moves, stays): (Vec<_>, Vec<_>) = placed
            .into_iter()
            .partition(|(_, _, p)| p.moved_from.is_some());
        if !current {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Working out the waves again…");
            });
        }
        let stay_words = format!(
            "{} {}",
            words::grouped(stays.len(), "workload"),
            if stays.len() == 1 {
                "stays where it is"
            } else {
                "stay where they are"
            },
        );
        let headline = if s.is_nothing() {
            format!("Nothing to move: the plan already has these waves · {stay_words}")
        } else {
            format!(
                "Moves {}, adds {} · {stay_words}",
                words::grouped(moves.len(), "workload"),
                words::count(s.new_waves().len(), "wave"),
            )
        };
        ui.label(RichText::new(headline).strong());
        ui.add_space(4.0);
        waves_ui(ui, s, today);
        ui.add_space(8.0);
        ui.label(RichText::new(format!("Moves ({})", words::thousands(moves.len()))).strong());
        if moves.is_empty() {
            ui.label(RichText::new("No workload moves.").weak());
        }
        let reasons = |k: usize| moves[k].2.reasons.len();
        lazy_rows(ui, &mut self.heights[0], moves.len(), reasons, |ui, k| {
            let (wave, new, p) = moves[k];
            ui.push_id(("move", &p.id), |ui| move_ui(ui, p, wave, new, asks));
        });
        self.choices_ui(ui, plan, s, asks);
        if !s.warnings.is_empty() {
            ui.add_space(8.0);
            ui.label(
                RichText::new(format!("Warnings ({})", words::thousands(s.warnings.len())))
                    .strong(),
            );
            let color = theme::warn_text(ui.visuals());
            lazy_rows(
                ui,
                &mut self.heights[1],
                s.warnings.len(),
                |_| 0,
                |ui, k| {
                    ui.label(RichText::new(format!("⚠ {}", s.warnings[k].message)).color(color));
                },
            );
        }
        ui.add_space(8.0);
        egui::CollapsingHeader::new(RichText::new(&stay_words).strong())
            .id_salt("suggest-stays")
            .show(ui, |ui| {
                lazy_rows(
                    ui,
                    &mut self.heights[2],
                    stays.len(),
                    |_| 0,
                    |ui, k| {
                        let (wave, _, p) = stays[k];
                        ui.push_id(("stay", &p.id), |ui| stay_ui(ui, p, wave, asks));
                    },
                );
            });
    }

    /// The workloads pinned, unpinned or left out here, each with the way
    /// back.
    fn choices_ui(&self, ui: &mut Ui, plan: &Plan, s: &Suggestion, asks: &mut Vec<Ask>) {
        let pins = self.options.pins.iter().map(|(id, pin)| (id, Some(*pin)));
        let held = self.options.held.iter().map(|id| (id, None));
        let chosen: Vec<_> = pins.chain(held).collect();
        if chosen.is_empty() {
            return;
        }
        ui.add_space(8.0);
        ui.label(RichText::new("Chosen here").strong());
        for (id, pin) in chosen {
            let Some(workload) = plan.workload(id) else {
                continue;
            };
            let wave = s
                .placed(id)
                .map(|(w, _)| wave_words(&w.name))
                .unwrap_or_default();
            ui.horizontal_wrapped(|ui| {
                let (what, button, tip, ask) = match pin {
                    Some(true) => (
                        format!("{} pinned to {wave}", workload.name),
                        "Unpin",
                        format!("Let suggested waves move {} again", workload.name),
                        Ask::Pin(id.clone(), false),
                    ),
                    Some(false) => (
                        format!("{} unpinned: suggested waves may move it", workload.name),
                        "Pin again",
                        format!("Keep {} in {wave} again", workload.name),
                        Ask::Pin(id.clone(), true),
                    ),
                    None => (
                        format!("{} left out: stays in {wave}", workload.name),
                        "Include",
                        format!("Let this suggestion place {} again", workload.name),
                        Ask::LeaveOut(id.clone(), false),
                    ),
                };
                ui.label(what);
                if ui
                    .button(button)
                    .on_hover_text(&tip)
                    .accessible_name(tip.clone())
                    .clicked()
                {
                    asks.push(ask);
                }
            });
        }
    }
}

/// A wave's name as a sentence says it.
fn wave_words(name: &str) -> String {
    if name.is_empty() {
        "no wave".to_owned()
    } else {
        name.to_owned()
    }
}

/// Each wave of the suggestion beside what it holds today: workloads,
/// assets, storage and, at a bandwidth, replication time.
fn waves_ui(ui: &mut Ui, s: &Suggestion, today: &[WaveSummary]) {
    let bandwidth = s.options.bandwidth_mbps.filter(|b| *b > 0);
    egui::Grid::new("suggest-waves-grid")
        .num_columns(3)
        .spacing([24.0, 4.0])
        .striped(true)
        .show(ui, |ui| {
            ui.label(RichText::new("Wave").strong());
            ui.label(RichText::new("Today").strong());
            ui.label(RichText::new("Suggested").strong());
            ui.end_row();
            for wave in &s.waves {
                let name = if wave.name.is_empty() {
                    "In no wave".to_owned()
                } else if wave.new {
                    format!("{} (new)", wave.name)
                } else {
                    wave.name.clone()
                };
                ui.label(RichText::new(name).strong());
                match today.iter().find(|t| t.group.name == wave.name) {
                    Some(t) if !wave.new => ui.label(format!(
                        "{}, {}",
                        words::grouped(t.group.workloads.len(), "workload"),
                        words::grouped(t.assets, "asset")
                    )),
                    _ => ui.label(RichText::new("—").weak()),
                };
                let hours = wave
                    .hours(bandwidth)
                    .map(|h| format!(", replication ≈ {}", duration_text(h)))
                    .unwrap_or_default();
                ui.label(format!(
                    "{}, {}, {}{hours}",
                    words::grouped(wave.workloads.len(), "workload"),
                    words::grouped(wave.assets, "asset"),
                    size_text(wave.bytes)
                ));
                ui.end_row();
            }
        });
}

/// One workload that moves: from where to where, its reasons, and its
/// pin and "leave out".
fn move_ui(ui: &mut Ui, p: &Placed, wave: &str, new: bool, asks: &mut Vec<Ask>) {
    let from = wave_words(p.moved_from.as_deref().unwrap_or_default());
    let to = if new {
        format!("{} (new)", wave_words(wave))
    } else {
        wave_words(wave)
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&p.name).strong());
        ui.label(format!("{from} → {to}"));
        let pin = format!("Pin {} to {from}", p.name);
        if ui
            .button(format!("Pin to {from}"))
            .on_hover_text(
                "Keep it where it is, in this suggestion and later ones: pinned when you apply",
            )
            .accessible_name(pin)
            .clicked()
        {
            asks.push(Ask::Pin(p.id.clone(), true));
        }
        let out = format!("Leave {} out", p.name);
        if ui
            .button("Leave out")
            .on_hover_text("Leave it where it is for this suggestion only, without pinning it")
            .accessible_name(out)
            .clicked()
        {
            asks.push(Ask::LeaveOut(p.id.clone(), true));
        }
    });
    ui.indent(("reasons", &p.id), |ui| {
        for reason in &p.reasons {
            ui.label(format!("• {reason}"));
        }
    });
    ui.add_space(4.0);
}

/// One workload that stays: where, pinned or not, and its pin.
fn stay_ui(ui: &mut Ui, p: &Placed, wave: &str, asks: &mut Vec<Ask>) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(&p.name).strong());
        let mut what = format!("stays in {}", wave_words(wave));
        if p.pinned {
            what.push_str(" · pinned");
        } else if p.held {
            what.push_str(" · left out");
        }
        ui.label(what);
        if !p.held {
            let (text, name, ask) = if p.pinned {
                ("Unpin", format!("Unpin {}", p.name), false)
            } else {
                (
                    "Pin",
                    format!("Pin {} to {}", p.name, wave_words(wave)),
                    true,
                )
            };
            if ui.small_button(text).accessible_name(name).clicked() {
                asks.push(Ask::Pin(p.id.clone(), ask));
            }
        }
    });
}

/// `count` rows one under another, drawing only those in view: the others
/// take the height they had when last drawn (`heights`, kept by the
/// caller), or one of buttons and `lines(k)` lines of text before they
/// are, so thousands of workloads cost a screenful. A row that comes out
/// another height than counted has the frame laid out again.
fn lazy_rows(
    ui: &mut Ui,
    heights: &mut Vec<f32>,
    count: usize,
    lines: impl Fn(usize) -> usize,
    mut row: impl FnMut(&mut Ui, usize),
) {
    let spacing = ui.spacing().item_spacing.y;
    let line = ui.text_style_height(&egui::TextStyle::Body) + spacing;
    let first = ui.spacing().interact_size.y + spacing;
    if heights.len() != count {
        *heights = (0..count).map(|k| first + line * lines(k) as f32).collect();
    }
    let clip = ui.clip_rect();
    let mut skipped = 0.0;
    let mut moved = false;
    for (k, height) in heights.iter_mut().enumerate() {
        let top = ui.cursor().top() + skipped;
        if top > clip.bottom() || top + *height < clip.top() {
            skipped += *height;
            continue;
        }
        if skipped > 0.0 {
            ui.add_space(skipped);
            skipped = 0.0;
        }
        let before = ui.cursor().top();
        row(ui, k);
        let drawn = ui.cursor().top() - before;
        moved |= (drawn - *height).abs() > 0.5;
        *height = drawn;
    }
    if skipped > 0.0 {
        ui.add_space(skipped);
    }
    if moved {
        ui.ctx().request_discard("rows measured");
    }
}

/// Which wave a workload is in and why, as a row of its page's form
/// (nothing when there is nothing to say): when its wave is the one the
/// rules give it ("In Wave 2 because: after Data platform: needs
/// dp-lake-01"), else where they would put it. Worked out from the plan
/// as it is, kept per revision (on a worker thread for a large plan).
pub fn why_ui(ui: &mut Ui, plan: &Plan, revision: u64, workload: &Workload) {
    let kept = ui.data_mut(|d| {
        d.get_temp_mut_or_default::<Arc<Mutex<Worker>>>(egui::Id::unique("ferry-why-this-wave"))
            .clone()
    });
    let Ok(mut worker) = kept.lock() else {
        return;
    };
    let (suggestion, _) = worker.suggestion(plan, revision, &Options::of(plan), ui.ctx());
    let said = match suggestion.as_deref().and_then(|s| s.placed(&workload.id)) {
        None if worker.busy() => RichText::new("Working out why it is in this wave…").weak(),
        None => return,
        Some((wave, placed)) if placed.moved_from.is_none() => {
            if wave.name.is_empty() {
                return;
            }
            RichText::new(format!(
                "In {} because: {}",
                wave.name,
                placed.reasons.join("; ")
            ))
        }
        Some((wave, placed)) => {
            let new = if wave.new { " (a new wave)" } else { "" };
            let now = if workload.wave.trim().is_empty() {
                "In no wave yet".to_owned()
            } else {
                format!("In {}, placed by hand", workload.wave.trim())
            };
            RichText::new(format!(
                "{now}: suggested waves would put it in {}{new} ({})",
                wave_words(&wave.name),
                placed.reasons.join("; ")
            ))
            .weak()
        }
    };
    drop(worker);
    ui.label("Why this wave");
    // As wide as the form's fields from the first frame: a grid's cell
    // offers only the column's width of the last frame.
    ui.scope(|ui| {
        ui.set_width(420.0);
        ui.add(egui::Label::new(said).wrap()).on_hover_text(
            "From the wave rules on the plan as it is now; Suggest waves… on the wave board shows every workload's",
        );
    });
    ui.end_row();
}
