//! Okabe–Ito colours: distinguishable with the common colour-vision deficiencies, and
//! dark enough on the white chart background (yellow is left out for that reason).

use super::spec::Rgb;

pub const BLUE: Rgb = (0, 114, 178);
pub const VERMILLION: Rgb = (213, 94, 0);
pub const GREEN: Rgb = (0, 158, 115);
pub const ORANGE: Rgb = (230, 159, 0);
pub const PURPLE: Rgb = (204, 121, 167);
pub const SKY: Rgb = (86, 180, 233);
pub const BLACK: Rgb = (0, 0, 0);
pub const GREY: Rgb = (120, 120, 120);

/// Series colours in the order they are handed out.
pub const SERIES: [Rgb; 7] = [BLUE, VERMILLION, GREEN, ORANGE, PURPLE, SKY, BLACK];

/// The colour for the `i`-th series (wraps around after seven).
pub fn series(i: usize) -> Rgb {
    SERIES[i % SERIES.len()]
}

/// Severity colours, most severe first (sev1..sev5, then unknown).
pub fn severity(rank: usize) -> Rgb {
    [VERMILLION, ORANGE, BLUE, SKY, GREEN, GREY][rank.min(5)]
}
