//! Every user action defined once — label, tooltip, shortcut — so menus,
//! keyboard shortcuts and tests all use the same list.

use egui::{Key, KeyboardShortcut, Modifiers};
use strum::VariantArray as _;

/// A user action. The variants are in menu order: menus, shortcuts, the
/// command palette and the help overlay are all built from
/// [`UiCommand::ALL`], which is every variant, derived, so a command cannot
/// be left out of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::VariantArray)]
pub enum UiCommand {
    New,
    Open,
    Save,
    SaveAs,
    Import,
    RestoreVersion,
    WorkLive,
    MergeCopy,
    ExportMarkdown,
    ExportHtml,
    ExportCsv,
    ExportIcs,
    ExportTasks,
    Quit,
    Undo,
    Redo,
    RedoAlt,
    QuickLog,
    Find,
    PlanSettings,
    SuggestWaves,
    TogglePin,
    RenamePlan,
    SetBandwidth,
    SetWaveLimits,
    GoOverview,
    GoParties,
    GoAssets,
    GoLog,
    GoWaves,
    GoToGrid,
    WaveTimeline,
    ShowGraph,
    NextGap,
    PreviousGap,
    ToggleProblems,
    Presentation,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    Palette,
    PaletteAlt,
    Help,
    About,
}

impl UiCommand {
    /// Every command, in menu order (the order of the variants).
    pub const ALL: &'static [UiCommand] = UiCommand::VARIANTS;

    /// The menu each command lives in.
    pub fn menu(self) -> Menu {
        use UiCommand::*;
        match self {
            New | Open | Save | SaveAs | Import | RestoreVersion | WorkLive | MergeCopy
            | ExportMarkdown | ExportHtml | ExportCsv | ExportIcs | ExportTasks | Quit => {
                Menu::File
            }
            Undo | Redo | RedoAlt | QuickLog | Find | PlanSettings | SuggestWaves | TogglePin
            | RenamePlan | SetBandwidth | SetWaveLimits => Menu::Edit,
            GoOverview | GoParties | GoAssets | GoLog | GoWaves | GoToGrid | WaveTimeline
            | ShowGraph | NextGap | PreviousGap => Menu::Go,
            ToggleProblems | Presentation | ZoomIn | ZoomOut | ZoomReset => Menu::View,
            Palette | PaletteAlt | Help | About => Menu::Help,
        }
    }

    /// A second key for a command shown once (Redo, the palette): listed in
    /// the help, left out of menus and the palette.
    pub fn is_alias(self) -> bool {
        matches!(self, UiCommand::RedoAlt | UiCommand::PaletteAlt)
    }

    /// The submenu of its menu a command sits in (File › Export), if any.
    pub fn submenu(self) -> Option<&'static str> {
        self.export_format().map(|_| "Export")
    }

    /// The report an export command writes.
    pub fn export_format(self) -> Option<crate::export::ReportFormat> {
        use crate::export::ReportFormat;
        Some(match self {
            UiCommand::ExportMarkdown => ReportFormat::Markdown,
            UiCommand::ExportHtml => ReportFormat::Html,
            UiCommand::ExportCsv => ReportFormat::Csv,
            UiCommand::ExportIcs => ReportFormat::Ics,
            UiCommand::ExportTasks => ReportFormat::Tasks,
            _ => return None,
        })
    }

    /// The label inside its submenu, where the submenu's name says the
    /// rest ("Calendar…" under File › Export); the full label elsewhere.
    pub fn menu_label(self) -> &'static str {
        match self {
            UiCommand::ExportMarkdown => "Report as Markdown…",
            UiCommand::ExportHtml => "Report as HTML…",
            UiCommand::ExportCsv => "Assets as CSV…",
            UiCommand::ExportIcs => "Calendar…",
            UiCommand::ExportTasks => "Open work for a tracker…",
            _ => self.label(),
        }
    }

    /// A way into one field of a page, found by typing in the palette
    /// (the page itself is in a menu): left out of menus.
    pub fn is_palette_only(self) -> bool {
        matches!(
            self,
            UiCommand::RenamePlan | UiCommand::SetBandwidth | UiCommand::SetWaveLimits
        )
    }

    /// Whether the menus list the command.
    pub fn in_menus(self) -> bool {
        !self.is_alias() && !self.is_palette_only()
    }

    /// Other words people type for the command, so the palette finds it
    /// by what it is about, not only by its label.
    pub fn keywords(self) -> &'static str {
        match self {
            UiCommand::PlanSettings => {
                "settings name title bandwidth mbit megabits replication speed network wave limits format"
            }
            UiCommand::RenamePlan => "name title rename plan settings",
            UiCommand::SetBandwidth => {
                "bandwidth mbit mbps megabits speed network link replication estimate settings"
            }
            UiCommand::SetWaveLimits => {
                "wave limits limit maximum most cap size assets hours per wave replication settings"
            }
            UiCommand::GoWaves => "waves schedule dates timeline",
            UiCommand::SuggestWaves => {
                "waves plan place automatic propose proposal limits pilot dependencies order"
            }
            UiCommand::TogglePin => "pin unpin keep lock wave card workload",
            UiCommand::WaveTimeline => "waves schedule calendar dates gantt roadmap",
            UiCommand::ExportIcs => "calendar ics ical icalendar outlook dates events",
            UiCommand::ExportTasks => "jira azure boards tracker tasks actions csv",
            UiCommand::GoLog => "decisions risks actions questions",
            UiCommand::ZoomIn | UiCommand::ZoomOut | UiCommand::ZoomReset => {
                "zoom projector larger smaller font size"
            }
            _ => "",
        }
    }

    /// Whether the command throws away or replaces what is on screen (the
    /// palette never offers one before anything is typed).
    pub fn replaces_the_plan(self) -> bool {
        matches!(
            self,
            UiCommand::New | UiCommand::Open | UiCommand::Quit | UiCommand::RestoreVersion
        )
    }

    pub fn label(self) -> &'static str {
        match self {
            UiCommand::New => "New plan",
            UiCommand::Open => "Open…",
            UiCommand::Save => "Save",
            UiCommand::SaveAs => "Save as…",
            UiCommand::Import => "Import inventory…",
            UiCommand::RestoreVersion => "Restore previous version…",
            UiCommand::WorkLive => "Work live on this file",
            UiCommand::MergeCopy => "Merge another copy…",
            UiCommand::ExportMarkdown => "Export report as Markdown…",
            UiCommand::ExportHtml => "Export report as HTML…",
            UiCommand::ExportCsv => "Export assets as CSV…",
            UiCommand::ExportIcs => "Export calendar…",
            UiCommand::ExportTasks => "Export open work for a tracker…",
            UiCommand::Quit => "Quit",
            UiCommand::Undo => "Undo",
            UiCommand::Redo | UiCommand::RedoAlt => "Redo",
            UiCommand::QuickLog => "Log a decision, risk, action or question…",
            UiCommand::Find => "Find",
            UiCommand::PlanSettings => "Plan settings…",
            UiCommand::SuggestWaves => "Suggest waves…",
            UiCommand::TogglePin => "Pin or unpin the workload to its wave",
            UiCommand::RenamePlan => "Rename the plan…",
            UiCommand::SetBandwidth => "Set the replication bandwidth…",
            UiCommand::SetWaveLimits => "Set the wave limits…",
            UiCommand::GoOverview => "Go to the overview",
            UiCommand::GoParties => "Go to parties",
            UiCommand::GoAssets => "Go to assets",
            UiCommand::GoLog => "Go to the log",
            UiCommand::GoWaves => "Go to the wave board",
            UiCommand::GoToGrid => "Go to who does what (the RACI grid)",
            UiCommand::WaveTimeline => "Wave timeline",
            UiCommand::ShowGraph => "Show dependency graph of this workload",
            UiCommand::NextGap => "Next gap",
            UiCommand::PreviousGap => "Previous gap",
            UiCommand::ToggleProblems => "Problems",
            UiCommand::Presentation => "Presentation",
            UiCommand::ZoomIn => "Zoom in",
            UiCommand::ZoomOut => "Zoom out",
            UiCommand::ZoomReset => "Reset zoom",
            UiCommand::Palette | UiCommand::PaletteAlt => "Command palette…",
            UiCommand::Help => "Keyboard shortcuts and help",
            UiCommand::About => "About Ferry",
        }
    }

    pub fn tooltip(self) -> &'static str {
        match self {
            UiCommand::New => "Start an empty plan",
            UiCommand::Open => "Open a plan file (.ron)",
            UiCommand::Save => "Save the plan to its file",
            UiCommand::SaveAs => "Save the plan to a new file",
            UiCommand::Import => "Bring in assets from RVTools, Azure Migrate or a CSV",
            UiCommand::RestoreVersion => "Bring back a version of the plan from before a save",
            UiCommand::WorkLive => {
                "Save each change within two seconds and merge what others save as it comes (on a shared or synced plan; remembered for this plan)"
            }
            UiCommand::MergeCopy => {
                "Merge another copy of this plan into it (a sync client's conflicted copy, a copy sent by a colleague); undo takes it back"
            }
            UiCommand::ExportMarkdown => "A report for a wiki or a pull request",
            UiCommand::ExportHtml => "A printable report in one file",
            UiCommand::ExportCsv => "One row per asset, for a spreadsheet",
            UiCommand::ExportIcs => {
                "An iCalendar file: dated waves as all-day events, open actions and checklist items with a due date as to-dos"
            }
            UiCommand::ExportTasks => {
                "A CSV that Azure Boards and Jira import: one row per open action, question, checklist item and remediation issue"
            }
            UiCommand::Quit => "Close Ferry",
            UiCommand::Undo => "Undo the last change",
            UiCommand::Redo | UiCommand::RedoAlt => "Redo the change you undid",
            UiCommand::QuickLog => {
                "Record what the room decided, about what is on screen, without leaving it"
            }
            UiCommand::Find => "Put the cursor in the filter or search field of this page",
            UiCommand::PlanSettings => {
                "The plan's name, the replication bandwidth, wave limits and every other plan-wide setting"
            }
            UiCommand::SuggestWaves => {
                "Place every workload that is not pinned into waves by the wave rules, each with why; pin or leave out workloads and change the limits before applying (one undo step)"
            }
            UiCommand::TogglePin => {
                "Pin the workload on screen, or the card with the keyboard or the pointer on the wave board, to its wave (again: unpin): suggested waves leave a pinned workload where it is"
            }
            UiCommand::RenamePlan => "The plan's name, in the title bar and on reports",
            UiCommand::SetBandwidth => {
                "Megabits per second available for replication: the wave board and reports estimate replication times with it"
            }
            UiCommand::SetWaveLimits => {
                "The most assets and hours of replication a wave should hold: the wave board warns above them, suggested waves keep within them"
            }
            UiCommand::GoOverview => "Every workload and how far it is",
            UiCommand::GoParties => "The teams and people of the plan",
            UiCommand::GoAssets => "The asset table",
            UiCommand::GoLog => "Decisions, risks, actions and questions",
            UiCommand::GoWaves => "Waves in order, their workloads and replication estimates",
            UiCommand::GoToGrid => {
                "Put the keyboard on the RACI grid of the workload on screen: arrows move, R, A, C, I set a cell"
            }
            UiCommand::WaveTimeline => {
                "The waves on a calendar by their dates, today and due dates marked (again: back to the columns)"
            }
            UiCommand::ShowGraph => {
                "The workload's assets and what they depend on, coloured by stage, cycles in red (Escape goes back)"
            }
            UiCommand::NextGap => "Go to the next open question of the plan",
            UiCommand::PreviousGap => "Go back to the previous open question",
            UiCommand::ToggleProblems => "Show or hide the list of problems",
            UiCommand::Presentation => {
                "The current workload, large, for a projector (Escape or F11 to leave)"
            }
            UiCommand::ZoomIn => "Make everything larger (for a projector)",
            UiCommand::ZoomOut => "Make everything smaller",
            UiCommand::ZoomReset => "Back to the normal size",
            UiCommand::Palette | UiCommand::PaletteAlt => {
                "Find any action, workload, asset or party by typing"
            }
            UiCommand::Help => "Every shortcut, and how to get started",
            UiCommand::About => {
                "The version, the license, and where plans and their kept versions are stored"
            }
        }
    }

    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = Modifiers::COMMAND;
        let cmd_shift = Modifiers::COMMAND.plus(Modifiers::SHIFT);
        let none = Modifiers::NONE;
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
            UiCommand::QuickLog => KeyboardShortcut::new(cmd, Key::L),
            UiCommand::Find => KeyboardShortcut::new(cmd, Key::F),
            UiCommand::ShowGraph => KeyboardShortcut::new(cmd, Key::G),
            UiCommand::GoToGrid => KeyboardShortcut::new(cmd, Key::R),
            UiCommand::NextGap => KeyboardShortcut::new(none, Key::F8),
            UiCommand::PreviousGap => KeyboardShortcut::new(Modifiers::SHIFT, Key::F8),
            UiCommand::Presentation => KeyboardShortcut::new(none, Key::F11),
            UiCommand::Palette => KeyboardShortcut::new(cmd, Key::K),
            UiCommand::PaletteAlt => KeyboardShortcut::new(cmd_shift, Key::P),
            UiCommand::Help => KeyboardShortcut::new(none, Key::F1),
            UiCommand::TogglePin => KeyboardShortcut::new(cmd, Key::D),
            UiCommand::RestoreVersion
            | UiCommand::WorkLive
            | UiCommand::MergeCopy
            | UiCommand::ExportMarkdown
            | UiCommand::ExportHtml
            | UiCommand::ExportCsv
            | UiCommand::ExportIcs
            | UiCommand::ExportTasks
            | UiCommand::GoOverview
            | UiCommand::GoParties
            | UiCommand::GoAssets
            | UiCommand::GoLog
            | UiCommand::GoWaves
            | UiCommand::WaveTimeline
            | UiCommand::PlanSettings
            | UiCommand::SuggestWaves
            | UiCommand::RenamePlan
            | UiCommand::SetBandwidth
            | UiCommand::SetWaveLimits
            | UiCommand::About => return None,
        })
    }

    /// The shortcut as text for menus, the palette and the help ("Ctrl+K").
    pub fn shortcut_text(self, ctx: &egui::Context) -> String {
        self.shortcut()
            .map(|s| ctx.format_shortcut(&s))
            .unwrap_or_default()
    }

    /// The command whose shortcut was pressed this frame, if any; the key
    /// press is consumed so a text field does not also see it.
    pub fn pressed(ctx: &egui::Context) -> Option<UiCommand> {
        // Most modifiers first, so Ctrl+Shift+S is matched before Ctrl+S.
        let mut ordered: Vec<(KeyboardShortcut, UiCommand)> = Self::ALL
            .iter()
            .filter_map(|c| c.shortcut().map(|s| (s, *c)))
            .collect();
        ordered.sort_by_key(|(s, _)| {
            std::cmp::Reverse(
                u8::from(s.modifiers.shift) + u8::from(s.modifiers.command || s.modifiers.ctrl),
            )
        });
        ctx.input_mut(|input| {
            ordered
                .into_iter()
                .find(|(s, _)| input.consume_shortcut(s))
                .map(|(_, c)| c)
        })
    }

    /// A menu entry for the command under `label`, with its shortcut shown.
    pub fn menu_item_labelled(self, ui: &mut egui::Ui, label: &str, enabled: bool) -> bool {
        let shortcut = self.shortcut_text(ui.ctx());
        let mut button = egui::Button::new(label);
        if !shortcut.is_empty() {
            button = button.shortcut_text(shortcut);
        }
        ui.add_enabled(enabled, button)
            .on_hover_text(self.tooltip())
            .clicked()
    }
}

/// The menus of the menu bar, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::VariantArray)]
pub enum Menu {
    File,
    Edit,
    Go,
    View,
    Help,
}

impl Menu {
    pub const ALL: &'static [Menu] = Menu::VARIANTS;

    pub fn label(self) -> &'static str {
        match self {
            Menu::File => "File",
            Menu::Edit => "Edit",
            Menu::Go => "Go",
            Menu::View => "View",
            Menu::Help => "Help",
        }
    }

    /// The commands of this menu, in order (aliases and palette-only
    /// commands left out).
    pub fn commands(self) -> impl Iterator<Item = UiCommand> {
        UiCommand::ALL
            .iter()
            .copied()
            .filter(move |c| c.menu() == self && c.in_menus())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_is_listed_once_with_a_label_and_its_own_keys() {
        let mut seen = std::collections::HashSet::new();
        let mut keys = std::collections::HashSet::new();
        for &command in UiCommand::ALL {
            assert!(seen.insert(command), "{command:?} listed twice");
            assert!(!command.label().is_empty() && !command.tooltip().is_empty());
            if let Some(shortcut) = command.shortcut() {
                assert!(
                    keys.insert((shortcut.modifiers, shortcut.logical_key)),
                    "{command:?} shares its keys with another command"
                );
            }
        }
        // Each menu has commands, and every command that is not a second
        // key for another is in one.
        for &menu in Menu::ALL {
            assert!(menu.commands().next().is_some(), "{menu:?} is empty");
        }
        let in_menus: usize = Menu::ALL.iter().map(|m| m.commands().count()).sum();
        let aliases = UiCommand::ALL.iter().filter(|c| c.is_alias()).count();
        let palette_only = UiCommand::ALL
            .iter()
            .filter(|c| c.is_palette_only())
            .count();
        assert_eq!(in_menus + aliases + palette_only, UiCommand::ALL.len());
    }
}
