//! Every user action defined once — label, tooltip, shortcut — so menus,
//! keyboard shortcuts and tests all use the same list.

use egui::{Key, KeyboardShortcut, Modifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UiCommand {
    New,
    Open,
    Save,
    SaveAs,
    Undo,
    Redo,
    RedoAlt,
    ToggleProblems,
    Import,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    Quit,
}

impl UiCommand {
    /// Commands with a keyboard shortcut, most specific first (so Ctrl+Shift+S
    /// is matched before Ctrl+S).
    pub const WITH_SHORTCUTS: [UiCommand; 9] = [
        UiCommand::SaveAs,
        UiCommand::Redo,
        UiCommand::New,
        UiCommand::Open,
        UiCommand::Save,
        UiCommand::Undo,
        UiCommand::RedoAlt,
        UiCommand::ToggleProblems,
        UiCommand::Import,
    ];

    pub fn label(self) -> &'static str {
        match self {
            UiCommand::New => "New plan",
            UiCommand::Open => "Open…",
            UiCommand::Save => "Save",
            UiCommand::SaveAs => "Save as…",
            UiCommand::Undo => "Undo",
            UiCommand::Redo | UiCommand::RedoAlt => "Redo",
            UiCommand::ToggleProblems => "Problems",
            UiCommand::Import => "Import inventory…",
            UiCommand::ZoomIn => "Zoom in",
            UiCommand::ZoomOut => "Zoom out",
            UiCommand::ZoomReset => "Reset zoom",
            UiCommand::Quit => "Quit",
        }
    }

    pub fn tooltip(self) -> &'static str {
        match self {
            UiCommand::New => "Start an empty plan",
            UiCommand::Open => "Open a plan file (.ron)",
            UiCommand::Save => "Save the plan to its file",
            UiCommand::SaveAs => "Save the plan to a new file",
            UiCommand::Undo => "Undo the last change",
            UiCommand::Redo | UiCommand::RedoAlt => "Redo the change you undid",
            UiCommand::ToggleProblems => "Show or hide the list of problems",
            UiCommand::Import => "Bring in assets from RVTools, Azure Migrate or a CSV",
            UiCommand::ZoomIn => "Make everything larger (for a projector)",
            UiCommand::ZoomOut => "Make everything smaller",
            UiCommand::ZoomReset => "Back to the normal size",
            UiCommand::Quit => "Close Ferry",
        }
    }

    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = Modifiers::COMMAND;
        let cmd_shift = Modifiers::COMMAND.plus(Modifiers::SHIFT);
        Some(match self {
            UiCommand::New => KeyboardShortcut::new(cmd, Key::N),
            UiCommand::Open => KeyboardShortcut::new(cmd, Key::O),
            UiCommand::Save => KeyboardShortcut::new(cmd, Key::S),
            UiCommand::SaveAs => KeyboardShortcut::new(cmd_shift, Key::S),
            UiCommand::Undo => KeyboardShortcut::new(cmd, Key::Z),
            UiCommand::Redo => KeyboardShortcut::new(cmd_shift, Key::Z),
            UiCommand::RedoAlt => KeyboardShortcut::new(cmd, Key::Y),
            UiCommand::ToggleProblems => KeyboardShortcut::new(cmd, Key::P),
            UiCommand::Import => KeyboardShortcut::new(cmd, Key::I),
            UiCommand::ZoomIn => KeyboardShortcut::new(cmd, Key::Plus),
            UiCommand::ZoomOut => KeyboardShortcut::new(cmd, Key::Minus),
            UiCommand::ZoomReset => KeyboardShortcut::new(cmd, Key::Num0),
            UiCommand::Quit => KeyboardShortcut::new(cmd, Key::Q),
        })
    }

    /// The command whose shortcut was pressed this frame, if any; the key
    /// press is consumed so a text field does not also see it.
    pub fn pressed(ctx: &egui::Context) -> Option<UiCommand> {
        ctx.input_mut(|input| {
            Self::WITH_SHORTCUTS
                .into_iter()
                .chain([UiCommand::Quit])
                .find(|c| c.shortcut().is_some_and(|s| input.consume_shortcut(&s)))
        })
    }

    /// A menu entry for the command, with its shortcut shown.
    pub fn menu_item(self, ui: &mut egui::Ui, enabled: bool) -> bool {
        self.menu_item_labelled(ui, self.label(), enabled)
    }

    pub fn menu_item_labelled(self, ui: &mut egui::Ui, label: &str, enabled: bool) -> bool {
        let shortcut = self
            .shortcut()
            .map(|s| ui.ctx().format_shortcut(&s))
            .unwrap_or_default();
        ui.add_enabled(enabled, egui::Button::new(label).shortcut_text(shortcut))
            .on_hover_text(self.tooltip())
            .clicked()
    }
}
