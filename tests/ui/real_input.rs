//! Keys as a real window sends them (winit through eframe): the
//! modifiers first, then each key pressed and released, with the text a
//! key types as its own event. Tests that pass with these pass in a real
//! window too, where a bare key press would not.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use ferry::app::FerryApp;

/// A key as a real window sends it: pressed, then released, with the
/// modifiers held around it, and the text it types when it types one.
pub fn press(harness: &mut Harness<'_, FerryApp>, modifiers: Modifiers, key: Key) {
    harness.event(egui::Event::ModifiersChanged(modifiers));
    for pressed in [true, false] {
        harness.event(egui::Event::Key {
            key,
            physical_key: Some(key),
            pressed,
            repeat: false,
            modifiers,
        });
        if pressed
            && !modifiers.command
            && !modifiers.ctrl
            && let Some(text) = typed(key, modifiers.shift)
        {
            harness.event(egui::Event::Text(text));
        }
    }
    harness.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    harness.run();
}

/// The text a key types, if it types one.
fn typed(key: Key, shift: bool) -> Option<String> {
    let name = key.name();
    let text = match key {
        Key::Space => " ".to_owned(),
        Key::Minus => "-".to_owned(),
        Key::Period => ".".to_owned(),
        Key::Comma => ",".to_owned(),
        Key::Slash => "/".to_owned(),
        _ if name.chars().count() == 1 && shift => name.to_uppercase(),
        _ if name.chars().count() == 1 => name.to_lowercase(),
        _ => return None,
    };
    Some(text)
}

/// Types `text` key by key, as a real keyboard does.
pub fn type_keys(harness: &mut Harness<'_, FerryApp>, text: &str) {
    for c in text.chars() {
        let key = match c {
            ' ' => Some(Key::Space),
            c => Key::from_name(&c.to_uppercase().to_string()),
        };
        match key {
            Some(key) => {
                let shift = c.is_uppercase();
                let modifiers = if shift {
                    Modifiers::SHIFT
                } else {
                    Modifiers::NONE
                };
                press(harness, modifiers, key);
            }
            // No key of its own (a space, punctuation): the text alone.
            None => {
                harness.event(egui::Event::Text(c.to_string()));
                harness.run();
            }
        }
    }
}
