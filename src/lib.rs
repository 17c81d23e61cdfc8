//! opsloop: incident, ticket and metric exports plus Markdown postmortems in, a static
//! feedback-report website out.
//!
//! Data flows one way: [`config`] -> [`ingest`] -> [`analyze`] -> [`charts`] and [`site`]
//! (with [`search`]) -> [`output`]. Only `output` writes files.

pub mod analyze;
pub mod build;
pub mod charts;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod ingest;
pub mod linkcheck;
pub mod model;
pub mod output;
pub mod privacy;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod timings;
