//! The app's UI tests, headless (`egui_kittest`): one file per view, all in
//! one test binary, because every test binary links the whole app and a
//! binary per view would multiply the link time and the disk a build needs.

mod about;
mod assets;
mod common;
mod disk;
mod files;
mod graph;
mod import;
mod parties;
mod planning;
mod problems;
mod text;
mod timeline;
mod versions;
mod workload;
mod workshop;
