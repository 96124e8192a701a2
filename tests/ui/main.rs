//! The app's UI tests, headless (`egui_kittest`): one file per view, all in
//! one test binary, because every test binary links the whole app and a
//! binary per view would multiply the link time and the disk a build needs.

mod about;
mod asset_table;
mod assets;
mod common;
mod data_sync;
mod disk;
mod files;
mod fits_the_window;
mod graph;
mod import;
mod parties;
mod planning;
mod problems;
mod real_input;
mod settings;
mod text;
mod versions;
mod workload;
mod workshop;
