//! The report: every computed figure, serialised as public/data/report.json.

use serde::Serialize;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub schema_version: u32,
}
