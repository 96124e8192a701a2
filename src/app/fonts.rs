//! The fonts the app draws with: egui's bundled fonts, with its bundled
//! monospace font (Hack) as the last fallback of the proportional family,
//! so the arrows and symbols Ferry prints ("→", "✔", "⏶", "•") are drawn
//! on every machine — the proportional font has no arrows. The system's
//! fonts come after these, for names in other scripts.

use egui::{FontDefinitions, FontFamily};

/// The bundled font that covers arrows and symbols.
const SYMBOLS: &str = "Hack";

/// egui's fonts with the symbol fallback added.
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    let proportional = fonts.families.entry(FontFamily::Proportional).or_default();
    if !proportional.iter().any(|f| f == SYMBOLS) {
        proportional.push(SYMBOLS.to_owned());
    }
    fonts
}

/// Installs the fonts (once; egui compares before it rebuilds).
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    /// Every character outside ASCII in the string and character literals
    /// of the sources (comments and tests left out), with a place it is
    /// used.
    fn printed_symbols() -> BTreeMap<char, String> {
        let mut found = BTreeMap::new();
        let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("the sources").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                // Tests print nothing to the user.
                if !name.ends_with(".rs") || name == "tests.rs" || name.ends_with("_tests.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("a source file");
                let code = text.split("#[cfg(test)]").next().unwrap_or("");
                for (n, line) in code.lines().enumerate() {
                    for c in literal_chars(line) {
                        found
                            .entry(c)
                            .or_insert_with(|| format!("{}:{}", path.display(), n + 1));
                    }
                }
            }
        }
        found
    }

    /// The characters beyond ASCII inside quotes on a line of Rust, before
    /// any `//` comment outside quotes.
    fn literal_chars(line: &str) -> Vec<char> {
        let mut out = Vec::new();
        let mut quote: Option<char> = None;
        let mut escaped = false;
        let mut previous = ' ';
        for c in line.chars() {
            match quote {
                None => {
                    if c == '/' && previous == '/' {
                        break;
                    }
                    // A quote that opens a literal (not a lifetime: a
                    // char literal is closed within three characters).
                    if c == '"' {
                        quote = Some('"');
                    } else if c == '\'' && !previous.is_alphanumeric() {
                        quote = Some('\'');
                    }
                }
                Some(q) => {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == q {
                        quote = None;
                    } else if !c.is_ascii() {
                        out.push(c);
                    }
                }
            }
            previous = c;
        }
        out
    }

    #[test]
    fn every_symbol_ferry_prints_has_a_bundled_glyph() {
        let symbols = printed_symbols();
        for expected in ['→', '✔', '⚠', '…', '·', '—', '•'] {
            assert!(
                symbols.contains_key(&expected),
                "{expected} is printed somewhere: the scan finds it"
            );
        }
        let ctx = egui::Context::default();
        super::install(&ctx);
        ctx.run_ui(egui::RawInput::default(), |_| {})
            .textures_delta
            .clear();
        let font = egui::FontId::proportional(14.0);
        let missing: Vec<String> = symbols
            .iter()
            .filter(|(c, _)| !ctx.fonts_mut(|f| f.has_glyph(&font, **c)))
            .map(|(c, at)| format!("{c} (U+{:04X}) at {at}", u32::from(*c)))
            .collect();
        assert!(missing.is_empty(), "no bundled glyph for: {missing:#?}");
    }

    #[test]
    fn the_proportional_font_alone_lacks_the_arrow() {
        // Why the fallback is there: without it "→" cannot be drawn.
        let ctx = egui::Context::default();
        ctx.set_fonts(egui::FontDefinitions::default());
        ctx.run_ui(egui::RawInput::default(), |_| {})
            .textures_delta
            .clear();
        let font = egui::FontId::proportional(14.0);
        assert!(!ctx.fonts_mut(|f| f.has_glyph(&font, '→')));
    }
}
