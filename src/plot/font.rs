//! The one font of the pictures: DejaVu Sans, embedded in the binary and registered with
//! plotters' ab_glyph text renderer, so that a PNG needs no font installed on the machine.
//! The scene measures its labels with it to make room for them.

use plotters::prelude::IntoFont;
use plotters::style::FontStyle;

/// The family name the drawing code asks for (SVG viewers use their own sans-serif).
pub const FAMILY: &str = "sans-serif";

/// Registers the font once.
pub fn register() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // DejaVu Sans is a valid TrueType font; were it refused, text would fail to draw and
        // `render` return that error.
        let _ = plotters::style::register_font(FAMILY, FontStyle::Normal, dejavu::sans::regular());
    });
}

/// How wide and tall a text of `size` pixels is, with a little room around it.
pub fn text_size(text: &str, size: f64) -> (f64, f64) {
    register();
    let width = match (FAMILY, size).into_font().box_size(text) {
        Ok((w, _)) => w as f64,
        Err(_) => text.chars().count() as f64 * 0.6 * size,
    };
    (width + 4.0, size + 4.0)
}
