//! The parts of pages that come from the analysis [`crate::analyze::Report`].

use super::wins::WinRow;
use crate::site::Ctx;

/// Wins the analysis detected (empty until the report carries them).
pub fn detected_wins(ctx: &Ctx) -> Vec<WinRow> {
    let _ = ctx;
    Vec::new()
}

/// Whether reports/ has digests to show.
pub fn has_reports(input: &crate::site::SiteInput) -> bool {
    let _ = input;
    false
}
