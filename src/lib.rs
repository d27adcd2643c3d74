//! spanbench: a desktop workbench where analysts tag who (ACTOR) said what (CLAIM)
//! about where (LOCATION) in news articles.
//!
//! The library holds everything but the window: the data model ([`model`]), offsets
//! ([`text`]), article loading ([`corpus`]), the RON store ([`store`]), import and
//! export ([`export`], [`import`]), the suggestion engine ([`suggest`]), evaluation
//! ([`eval`], SAID_BY links in [`eval_links`]), agreement and adjudication between
//! analysts ([`agree`], [`adjudicate`]), the command-line commands ([`commands`]) and
//! the annotation session the workbench drives ([`session`]: corpus, article, actions,
//! undo, workers). Only [`app`] knows egui.

// Only text.rs slices strings by byte offset (DESIGN.md): everywhere else a slice goes
// through `text::sub` / `TextIndex::slice`, which cannot split a char.
#![deny(clippy::string_slice)]

pub mod adjudicate;
pub mod agree;
#[cfg(feature = "gui")]
pub mod app;
pub mod commands;
pub mod corpus;
pub mod eval;
pub mod eval_links;
pub mod export;
pub mod fsio;
pub mod import;
pub mod lock;
pub mod model;
pub mod progress;
pub mod session;
pub mod store;
pub mod suggest;
#[allow(clippy::string_slice)]
pub mod text;
