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
    /// Pick where to write a report.
    Export {
        format: crate::export::ReportFormat,
        suggested: String,
    },
}

/// A source of file-dialog answers.
pub trait FileDialogs {
    /// Starts asking; the answer comes back through [`FileDialogs::poll`].
    fn ask(&mut self, request: DialogRequest, ctx: &egui::Context);
    /// The answer to an earlier question: the request and the path, or
    /// `None` when the user cancelled.
    fn poll(&mut self) -> Option<(DialogRequest, Option<PathBuf>)>;
}

/// The system's file dialogs (via the desktop portal), each on a thread.
#[derive(Default)]
pub struct NativeDialogs {
    pending: Option<mpsc::Receiver<(DialogRequest, Option<PathBuf>)>>,
}

impl FileDialogs for NativeDialogs {
    fn ask(&mut self, request: DialogRequest, ctx: &egui::Context) {
        if self.pending.is_some() {
            return;
        }
        let (tx, rx) = mpsc::channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
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
                    .add_filter("Inventory", &["xlsx", "xlsm", "xls", "ods", "csv", "txt"])
                    .set_title("Import an inventory")
                    .pick_file(),
                DialogRequest::Export { format, suggested } => dialog
                    .add_filter(format.label(), &[format.extension()])
                    .set_title("Export a report")
                    .set_file_name(suggested)
                    .save_file(),
            };
            let _ = tx.send((request, path));
            ctx.request_repaint();
        });
        self.pending = Some(rx);
    }

    fn poll(&mut self) -> Option<(DialogRequest, Option<PathBuf>)> {
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
    ready: Option<(DialogRequest, Option<PathBuf>)>,
}

impl ScriptedDialogs {
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
        self.ready = Some((request, self.answers.pop_front().flatten()));
    }

    fn poll(&mut self) -> Option<(DialogRequest, Option<PathBuf>)> {
        self.ready.take()
    }
}
