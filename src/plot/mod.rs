//! Pictures of a function of one or two variables: what the tutorials teach with drawings.
//!
//! Two variables: contour lines (or filled bands) with labelled levels, the gradient field as
//! arrows, the gradient at a point P drawn perpendicular to the level line through P, and
//! optimisation paths with their points numbered. One variable: the graph, the tangent line
//! at a, optionally the derivative's graph under it. `surface`: a 3-D view of z = f(x, y)
//! with the paths lifted onto it. Formats: SVG, PNG and a pgfplots picture for LaTeX.
//!
//! The door is [`render`]: a caller compiles the function with its partial derivatives
//! ([`Function::compile`], from the same pool expressions as the rest of gradcalc, so the
//! picture cannot disagree with `grad`), says what to draw ([`Request`]) and gets the bytes
//! of the file. Nothing here parses flags or prints expressions: titles and names come in
//! as [`Label`]s, already written by the printers.
//!
//! Inside, one `scene` decides everything the picture holds (the window, the levels and
//! where their labels go, the arrows, the numbered points, the legend) from samples of the
//! compiled tape; the back-ends only draw it: `draw` with plotters (SVG, PNG) and `pgf`
//! as pgfplots text. So the three formats show the same picture.
//!
//! Where f has no real value (`ln(x)` for x ≤ 0, `1/(x²+y²)` at the origin) the samples are
//! NaN or infinite: contour lines stop at the cells that touch them, bands leave them blank,
//! graphs and meshes break there. Levels and value ranges come from quantiles of the finite
//! samples, so a pole does not squash the rest of the picture.

mod contours;
mod draw;
mod font;
mod function;
mod levels;
mod pgf;
mod scene;
mod window;

pub use function::{Function, Labels};

use crate::error::{Error, Result};

/// A piece of text in the two notations the formats need.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Label {
    /// Unicode text for SVG and PNG: `f(x, y) = x² + y²`.
    pub text: String,
    /// LaTeX in text mode (mathematics inside `$…$`): `$f(x, y) = x^{2} + y^{2}$`.
    pub latex: String,
}

impl Label {
    pub fn new(text: impl Into<String>, latex: impl Into<String>) -> Label {
        Label { text: text.into(), latex: latex.into() }
    }
}

/// A closed interval lo < hi of finite numbers: a range of a variable or of the values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    pub lo: f64,
    pub hi: f64,
}

impl Interval {
    /// Checks that lo..hi can be drawn: finite ends within ±10³⁰⁰, lo < hi, and a width of at
    /// least a billionth of the larger end (narrower, the ticks and samples of a window would
    /// not be distinct numbers). `what` names the interval in the error (`x`, `the values`).
    pub fn new(lo: f64, hi: f64, what: &str) -> Result<Interval> {
        // Shortest round-trip forms, in e-notation when large or small: 1e308, 0.25.
        let (a, b) = (format!("{lo:?}"), format!("{hi:?}"));
        let ends = format!("{}:{}", a.strip_suffix(".0").unwrap_or(&a), b.strip_suffix(".0").unwrap_or(&b));
        if !(lo.is_finite() && hi.is_finite()) {
            return Err(Error::usage(format!("the range of {what} must have finite ends, not {ends}")));
        }
        if lo >= hi {
            return Err(Error::usage(format!("the range of {what} is empty: {ends}"))
                .with_help("write the smaller end first, as in x=-2:2"));
        }
        let w = Interval { lo, hi };
        if lo.abs().max(hi.abs()) > window::LARGEST {
            return Err(Error::usage(format!("the range of {what} is too large to draw: {ends}"))
                .with_help("plot draws windows whose ends lie within ±1e300"));
        }
        if !window::drawable(w) {
            return Err(Error::usage(format!("the range of {what} is too narrow to draw at that size: {ends}"))
                .with_help("a range must be wider than a billionth of its larger end"));
        }
        Ok(w)
    }

    pub fn span(&self) -> f64 {
        self.hi - self.lo
    }

    pub fn contains(&self, v: f64) -> bool {
        self.lo <= v && v <= self.hi
    }
}

/// An optimisation path to draw: the points one method visited, in order.
#[derive(Clone, Debug, Default)]
pub struct Path {
    /// What the legend calls it: `gradient descent, η = 0.1`.
    pub label: Label,
    /// The points, one coordinate per variable each. A point where f has no value ends
    /// the drawn path (a diverged run).
    pub points: Vec<Vec<f64>>,
    /// How the run ended, for the legend (`|∇f| fell below 1e-6`), if the caller knows.
    pub note: Option<Label>,
}

/// What to draw. `Request::default()` is the plain picture: contours and arrows (two
/// variables) or the graph (one variable) over the default window.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// The point P (`--at`): the gradient there (two variables) or the tangent line (one).
    pub at: Option<Vec<f64>>,
    /// Paths to overlay, each in its own colour.
    pub paths: Vec<Path>,
    /// The window, one entry per variable in the function's order; `None` (or a missing
    /// entry) chooses it: around P and the paths, or −2..2.
    pub ranges: Vec<Option<Interval>>,
    /// The range of the values (the vertical axis of a graph, z of a surface); `None`
    /// chooses it from the finite samples.
    pub value_range: Option<Interval>,
    /// A 3-D view of z = f(x, y) instead of contours (two variables only).
    pub surface: bool,
    /// The derivative's graph under the function's (one variable only).
    pub derivative: bool,
    /// Filled contour bands instead of contour lines.
    pub filled: bool,
    /// Samples per axis of the grid (contours: 400; the pgfplots picture: 100; graphs:
    /// 1200; surfaces: 48 and 30). Mostly for tests.
    pub samples: Option<usize>,
    /// Points to mark on a contour picture (the critical points of f), by kind.
    pub marks: Vec<Mark>,
}

/// A marked point of a contour picture.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mark {
    pub point: [f64; 2],
    pub kind: MarkKind,
}

/// What a marked point is; each kind has its colour and legend entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    Minimum,
    Maximum,
    Saddle,
    /// A critical point the second-derivative test left open.
    Other,
}

impl MarkKind {
    pub const ALL: [MarkKind; 4] = [MarkKind::Minimum, MarkKind::Maximum, MarkKind::Saddle, MarkKind::Other];

    /// The legend's words.
    pub fn name(self) -> &'static str {
        match self {
            MarkKind::Minimum => "local minimum",
            MarkKind::Maximum => "local maximum",
            MarkKind::Saddle => "saddle point",
            MarkKind::Other => "critical point, test inconclusive",
        }
    }
}

/// The file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Svg,
    Png,
    /// A pgfplots `tikzpicture` for `\input` in a document with `\usepackage{pgfplots}`.
    Tex,
}

impl Format {
    /// The format a file name asks for by its extension (`-` is standard output: SVG).
    pub fn from_file_name(name: &str) -> Result<Format> {
        if name == "-" {
            return Ok(Format::Svg);
        }
        let ext = std::path::Path::new(name).extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("svg") => Ok(Format::Svg),
            Some("png") => Ok(Format::Png),
            Some("tex") => Ok(Format::Tex),
            _ => Err(Error::usage(format!("cannot tell the picture format of '{name}'"))
                .with_help("name the file .svg, .png or .tex (or - for SVG on standard output)")),
        }
    }
}

/// Draws `f` as `request` asks, in `format`: the bytes of the file.
pub fn render(f: &Function, request: &Request, format: Format) -> Result<Vec<u8>> {
    let scene = scene::build(f, request, format)?;
    match format {
        Format::Svg => draw::svg(&scene).map(String::into_bytes),
        Format::Png => draw::png(&scene),
        Format::Tex => Ok(pgf::picture(&scene).into_bytes()),
    }
}
