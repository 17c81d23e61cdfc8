//! Spec -> SVG text and PNG bytes.

use plotters::prelude::*;

use super::draw::draw;
use super::spec::ChartSpec;
use super::svg::make_accessible;

/// Web size: 16:9, crisp at typical column widths.
pub const SVG_SIZE: (u32, u32) = (960, 540);
/// Slide size: 16:9 full HD-ish with large type.
pub const PNG_SIZE: (u32, u32) = (1600, 900);

/// Draws the chart as an accessible SVG document.
pub fn svg(spec: &ChartSpec) -> Result<String, String> {
    super::font::ensure_registered();
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, SVG_SIZE).into_drawing_area();
        draw(&root, spec)?;
    }
    Ok(make_accessible(&out, &spec.id, &spec.title, &spec.caption))
}

/// Draws the chart into an RGB buffer and encodes it as PNG in memory.
pub fn png(spec: &ChartSpec) -> Result<Vec<u8>, String> {
    super::font::ensure_registered();
    let (w, h) = PNG_SIZE;
    let mut rgb = vec![255u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, PNG_SIZE).into_drawing_area();
        draw(&root, spec)?;
    }
    encode_png(&rgb, w, h)
}

/// Fixed encoder settings, no timestamps or text chunks: same pixels -> same bytes.
fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        enc.set_filter(png::FilterType::Sub);
        let mut writer = enc.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(rgb).map_err(|e| e.to_string())?;
    }
    Ok(out)
}
