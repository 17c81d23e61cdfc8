//! The chart font, compiled into the binary so PNGs look the same on every machine.
//!
//! DejaVu Sans (assets/fonts/, Bitstream Vera licence) is registered under plotters'
//! generic family name "sans-serif": the PNG renderer (ab_glyph) then draws with it, and
//! the SVG keeps `font-family="sans-serif"`, which every browser can resolve.

use std::sync::Once;

use plotters::style::{FontStyle, register_font};

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The family every chart text uses.
pub const FAMILY: &str = "sans-serif";

/// Registers the embedded font once per process; safe to call from every thread.
pub fn ensure_registered() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The bytes are fixed, known-good TTFs (a test checks text reaches the PNG), so a
        // failure here is a build defect, not a user error.
        let regular = register_font(FAMILY, FontStyle::Normal, REGULAR).is_ok();
        let bold = register_font(FAMILY, FontStyle::Bold, BOLD).is_ok();
        debug_assert!(regular && bold, "embedded DejaVu fonts must parse");
    });
}
