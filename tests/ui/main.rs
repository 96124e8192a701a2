//! The app's UI tests, headless (`egui_kittest`): one file per view, all in
//! one test binary, because every test binary links the whole app and a
//! binary per view would multiply the link time and the disk a build needs.

mod about;
mod asset_table;
mod assets;
mod common;
mod contrast;
mod data_sync;
mod dates;
mod decisions;
mod disk;
mod files;
mod fits_the_window;
mod focus;
mod graph;
mod grid;
mod import;
mod keys;
mod parties;
mod planning;
mod problems;
mod projector;
mod real_input;
mod settings;
mod suggest_waves;
mod text;
mod timeline;
mod together;
mod versions;
mod words;
mod workload;
mod workshop;
