//! Keys as a real window sends them, not as a test would like them: a
//! press (with the text winit adds for a letter), a frame, the release, a
//! frame; or press and release in one frame, as fast typing and xdotool
//! do; or a held key's repeats. egui's own arrow-key focus navigation sees
//! these too, so a widget that also moves on arrows moves twice — which is
//! what these helpers catch.

use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use ferry::app::FerryApp;

/// The text a real window adds to a key press, for a letter (lower case)
/// or a digit; none for other keys or with Ctrl.
fn text_of(key: Key, modifiers: Modifiers) -> Option<String> {
    if modifiers.command || modifiers.ctrl {
        return None;
    }
    let name = key.name();
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphanumeric() => Some(if modifiers.shift {
            c.to_ascii_uppercase().to_string()
        } else {
            c.to_ascii_lowercase().to_string()
        }),
        _ => None,
    }
}

fn key_event(key: Key, pressed: bool, repeat: bool, modifiers: Modifiers) -> Event {
    Event::Key {
        key,
        physical_key: Some(key),
        pressed,
        repeat,
        modifiers,
    }
}

/// One key, pressed in one frame and released in the next, with the
/// modifiers held around it.
pub fn press_with(h: &mut Harness<'_, FerryApp>, modifiers: Modifiers, key: Key) {
    if modifiers.any() {
        h.event(Event::ModifiersChanged(modifiers));
    }
    h.event(key_event(key, true, false, modifiers));
    if let Some(text) = text_of(key, modifiers) {
        h.event(Event::Text(text));
    }
    h.step();
    h.event(key_event(key, false, false, modifiers));
    if modifiers.any() {
        h.event(Event::ModifiersChanged(Modifiers::NONE));
    }
    h.step();
    h.run();
}

/// One key, pressed in one frame and released in the next.
pub fn press(h: &mut Harness<'_, FerryApp>, key: Key) {
    press_with(h, Modifiers::NONE, key);
}

/// One key, pressed and released within one frame (fast typing, xdotool).
pub fn tap(h: &mut Harness<'_, FerryApp>, key: Key) {
    h.event(key_event(key, true, false, Modifiers::NONE));
    if let Some(text) = text_of(key, Modifiers::NONE) {
        h.event(Event::Text(text));
    }
    h.event(key_event(key, false, false, Modifiers::NONE));
    h.run();
}

/// A key held down: the press, then `repeats` repeated presses, each in a
/// frame of its own, then the release.
pub fn hold(h: &mut Harness<'_, FerryApp>, key: Key, repeats: usize) {
    h.event(key_event(key, true, false, Modifiers::NONE));
    h.step();
    for _ in 0..repeats {
        h.event(key_event(key, true, true, Modifiers::NONE));
        h.step();
    }
    h.event(key_event(key, false, false, Modifiers::NONE));
    h.step();
    h.run();
}
