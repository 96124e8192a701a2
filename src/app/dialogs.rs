//! Native file dialogs behind one small interface: the app asks, the answer
//! arrives later (the dialog runs off the UI thread so the window never
//! freezes), and tests answer with a path of their choosing.

use std::path::PathBuf;
use std::sync::mpsc;

/// What a dialog was asked for; the answer is matched back to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogRequest {
    /// Pick a plan to open.
    Open,
    /// Pick where to save the plan; `suggested` is a file name.
    SaveAs { suggested: String },
    /// Pick an inventory file to import.
    Import,
    /// Pick another copy of the plan to merge into it.
    MergeCopy,
    /// Pick where to write a report.
    Export {
        format: crate::export::ReportFormat,
        suggested: String,
    },
}

impl DialogRequest {
    /// What the dialog is for, as its title.
    pub fn title(&self) -> &'static str {
        match self {
            DialogRequest::Open => "Open a plan",
            DialogRequest::SaveAs { .. } => "Save the plan",
            DialogRequest::Import => "Import an inventory",
            DialogRequest::MergeCopy => "Merge another copy of the plan",
            DialogRequest::Export { .. } => "Export a report",
        }
    }

    /// The file name to start from, for dialogs that write.
    pub fn suggested(&self) -> Option<&str> {
        match self {
            DialogRequest::SaveAs { suggested } | DialogRequest::Export { suggested, .. } => {
                Some(suggested)
            }
            DialogRequest::Open | DialogRequest::Import | DialogRequest::MergeCopy => None,
        }
    }
}

/// How a dialog was answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogAnswer {
    Picked(PathBuf),
    Cancelled,
    /// No dialog could be shown (no desktop portal): the app asks for a
    /// path itself instead of doing nothing.
    Unavailable,
}

/// A source of file-dialog answers.
pub trait FileDialogs {
    /// Starts asking; the answer comes back through [`FileDialogs::poll`].
    fn ask(&mut self, request: DialogRequest, ctx: &egui::Context);
    /// The answer to an earlier question, with the request it answers.
    fn poll(&mut self) -> Option<(DialogRequest, DialogAnswer)>;
}

/// A dialog that answers "nothing" faster than this was never shown: no
/// person cancels a file chooser in under half a second.
const NOT_SHOWN: std::time::Duration = std::time::Duration::from_millis(400);

/// The system's file dialogs (via the desktop portal), each on a thread.
#[derive(Default)]
pub struct NativeDialogs {
    pending: Option<mpsc::Receiver<(DialogRequest, DialogAnswer)>>,
}

impl FileDialogs for NativeDialogs {
    fn ask(&mut self, request: DialogRequest, ctx: &egui::Context) {
        if self.pending.is_some() {
            return;
        }
        let (tx, rx) = mpsc::channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let asked = std::time::Instant::now();
            let dialog = rfd::FileDialog::new();
            let path = match &request {
                DialogRequest::Open => dialog
                    .add_filter("Ferry plan", &["ron"])
                    .set_title("Open a plan")
                    .pick_file(),
                DialogRequest::SaveAs { suggested } => dialog
                    .add_filter("Ferry plan", &["ron"])
                    .set_title("Save the plan")
                    .set_file_name(suggested)
                    .save_file(),
                DialogRequest::Import => dialog
                    .add_filter("Inventory", &["xlsx", "xlsm", "xlsb", "csv", "txt"])
                    .set_title("Import an inventory")
                    .pick_file(),
                DialogRequest::MergeCopy => dialog
                    .add_filter("Ferry plan", &["ron"])
                    .set_title("Merge another copy of the plan")
                    .pick_file(),
                DialogRequest::Export { format, suggested } => dialog
                    .add_filter(format.label(), &[format.extension()])
                    .set_title("Export a report")
                    .set_file_name(suggested)
                    .save_file(),
            };
            let answer = match path {
                Some(p) => DialogAnswer::Picked(p),
                None if asked.elapsed() < NOT_SHOWN => DialogAnswer::Unavailable,
                None => DialogAnswer::Cancelled,
            };
            let _ = tx.send((request, answer));
            ctx.request_repaint();
        });
        self.pending = Some(rx);
    }

    fn poll(&mut self) -> Option<(DialogRequest, DialogAnswer)> {
        let rx = self.pending.as_ref()?;
        match rx.try_recv() {
            Ok(answer) => {
                self.pending = None;
                Some(answer)
            }
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => {
                self.pending = None;
                None
            }
        }
    }
}

/// Answers dialogs with paths given in advance: for tests and scripting.
#[derive(Debug, Default)]
pub struct ScriptedDialogs {
    /// The next answers, in order; an empty queue answers "cancelled".
    pub answers: std::collections::VecDeque<Option<PathBuf>>,
    /// Every request made, for tests to assert on.
    pub asked: Vec<DialogRequest>,
    /// Behave like a desktop without a file-chooser portal.
    pub unavailable: bool,
    ready: Option<(DialogRequest, DialogAnswer)>,
}

impl ScriptedDialogs {
    /// Dialogs as on a desktop without a file-chooser portal.
    pub fn unavailable() -> Self {
        Self {
            unavailable: true,
            ..Self::default()
        }
    }

    pub fn answering(answers: impl IntoIterator<Item = Option<PathBuf>>) -> Self {
        Self {
            answers: answers.into_iter().collect(),
            ..Self::default()
        }
    }
}

impl FileDialogs for ScriptedDialogs {
    fn ask(&mut self, request: DialogRequest, _ctx: &egui::Context) {
        self.asked.push(request.clone());
        let answer = if self.unavailable {
            DialogAnswer::Unavailable
        } else {
            match self.answers.pop_front().flatten() {
                Some(p) => DialogAnswer::Picked(p),
                None => DialogAnswer::Cancelled,
            }
        };
        self.ready = Some((request, answer));
    }

    fn poll(&mut self) -> Option<(DialogRequest, DialogAnswer)> {
        self.ready.take()
    }
}
