//! What a picture holds, decided once for every format: the window, the sampled curves and
//! level lines, the levels and where their labels go, the arrows, P with its gradient or
//! tangent, the numbered path points and the legend. Positions are in the function's
//! coordinates; the layout (where each panel sits, how large text is) in the pixels of the
//! SVG and PNG canvas, which the pgfplots picture reproduces at the same proportions.
//!
//! Text does not collide: the labels of the levels and the numbers of the path points are
//! placed where their boxes fit (estimated from the font size), most important first, and a
//! grid arrow under a label is left out.
//!
//! Here: the scene's types, the checks of a request, the window and the legend lines
//! shared by all pictures; [`plane`], [`graph`] and [`surface`] build each kind, [`layout`]
//! places text and clips to the window.

mod graph;
mod layout;
mod plane;
mod surface;

use super::contours::{self, Pt, Region};
use super::font::text_size;
use super::window;
use super::{Format, Function, Interval, Label, Path, Request};
use crate::error::{Error, Result};
use crate::print::decimal;
use layout::Box2;

/// An sRGB colour.
pub type Rgb = (u8, u8, u8);

/// Text sizes in canvas pixels.
pub const TITLE_SIZE: f64 = 18.0;
pub const TICK_SIZE: f64 = 13.0;
pub const NAME_SIZE: f64 = 15.0;
pub const LABEL_SIZE: f64 = 14.0;
pub const LEGEND_SIZE: f64 = 14.0;
/// Height of one legend line.
pub const LEGEND_LINE: f64 = 22.0;

/// Room around a panel's plotting area: tick labels and the axis names.
pub const LEFT: f64 = 78.0;
pub const BOTTOM: f64 = 56.0;
const TOP: f64 = 52.0;
const RIGHT: f64 = 34.0;

/// The colours of the paths, in order (chosen apart from the contour colours).
pub const PATH_COLORS: [Rgb; 5] = [(214, 39, 40), (30, 30, 30), (255, 127, 14), (196, 48, 168), (140, 86, 75)];
pub const ARROW_COLOR: Rgb = (125, 125, 125);
pub const AT_COLOR: Rgb = (0, 0, 0);
pub const CURVE_COLOR: Rgb = (31, 119, 180);
pub const TANGENT_COLOR: Rgb = (214, 39, 40);
pub const AXIS_COLOR: Rgb = (170, 170, 170);

/// A rectangle of the canvas, in pixels.
#[derive(Clone, Copy, Debug)]
pub struct Rect {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

/// A plotting area: a window of the plane shown in a rectangle of the canvas.
#[derive(Clone, Debug)]
pub struct Axes {
    pub x: Interval,
    pub y: Interval,
    pub names: [Label; 2],
    pub area: Rect,
}

impl Axes {
    /// Canvas pixels per unit along x and y.
    pub fn scale(&self) -> (f64, f64) {
        (self.area.width / self.x.span(), self.area.height / self.y.span())
    }

    /// Where a point of the plane is on the canvas.
    pub fn px(&self, p: Pt) -> (f64, f64) {
        let (sx, sy) = self.scale();
        (self.area.left + (p[0] - self.x.lo) * sx, self.area.top + (self.y.hi - p[1]) * sy)
    }

    /// A displacement of the plane in pixels (y down) and back.
    fn to_px_vec(&self, v: Pt) -> Pt {
        let (sx, sy) = self.scale();
        [v[0] * sx, -v[1] * sy]
    }

    fn px_vec_back(&self, v: Pt) -> Pt {
        let (sx, sy) = self.scale();
        [v[0] / sx, -v[1] / sy]
    }

    fn inside(&self, p: Pt) -> bool {
        self.x.contains(p[0]) && self.y.contains(p[1])
    }

    /// The box of a text of `chars` characters centred at `p`, in pixels.
    fn text_box(&self, p: Pt, text: &str, size: f64) -> Box2 {
        let (cx, cy) = self.px(p);
        let (w, h) = text_size(text, size);
        [cx - w / 2.0, cy - h / 2.0, cx + w / 2.0, cy + h / 2.0]
    }
}

/// A text at a point (its centre), in the colour given; `boxed` puts it on white.
#[derive(Clone, Debug)]
pub struct TextMark {
    pub pos: Pt,
    pub text: Label,
    pub color: Rgb,
    pub size: f64,
    pub boxed: bool,
}

/// One contour level.
#[derive(Clone, Debug)]
pub struct Level {
    pub value: f64,
    pub label: String,
    pub color: Rgb,
}

/// A polyline of a level.
#[derive(Clone, Debug)]
pub struct LevelLine {
    pub level: usize,
    pub points: Vec<Pt>,
}

/// The filled region f ≥ a level, drawn over the ones below it.
pub struct Fill {
    pub color: Rgb,
    pub regions: Vec<Region>,
}

/// P on a contour picture: the gradient there, the level line through it and that line's
/// tangent with a right-angle mark.
pub struct AtMark {
    pub p: Pt,
    pub arrow: Option<(Pt, Pt)>,
    pub tangent: Option<(Pt, Pt)>,
    /// The right-angle mark: three corners of a small square at P.
    pub corner: Option<[Pt; 3]>,
    pub level_lines: Vec<Vec<Pt>>,
    pub texts: Vec<TextMark>,
}

/// A path as drawn: the clipped polyline, the markers inside the window and their numbers.
pub struct PathMarks {
    pub color: Rgb,
    pub lines: Vec<Vec<Pt>>,
    pub markers: Vec<Pt>,
    pub numbers: Vec<TextMark>,
}

/// Contours of f(x, y).
pub struct Plane {
    pub axes: Axes,
    pub levels: Vec<Level>,
    pub lines: Vec<LevelLine>,
    pub fills: Vec<Fill>,
    /// Lines of the filled picture drawn over the bands (thin, dark).
    pub filled: bool,
    pub labels: Vec<TextMark>,
    pub arrows: Vec<(Pt, Pt)>,
    pub at: Option<AtMark>,
    pub paths: Vec<PathMarks>,
    /// Marked points inside the window (the critical points), with their colours.
    pub marks: Vec<(Pt, Rgb)>,
}

/// The colour of each kind of marked point: minima blue, maxima red, saddles green.
pub fn mark_color(k: super::MarkKind) -> Rgb {
    match k {
        super::MarkKind::Minimum => (31, 119, 180),
        super::MarkKind::Maximum => (214, 39, 40),
        super::MarkKind::Saddle => (44, 160, 44),
        super::MarkKind::Other => (148, 103, 189),
    }
}

/// The graph of a function of one variable.
pub struct Graph {
    pub axes: Axes,
    pub title: Option<Label>,
    pub curve: Vec<Vec<Pt>>,
    pub color: Rgb,
    /// The x axis (y = 0) when it is in the window, and the vertical line at a.
    pub zero: Option<(Pt, Pt)>,
    pub guide: Option<(Pt, Pt)>,
    pub tangent: Option<(Pt, Pt)>,
    pub point: Option<Pt>,
    pub texts: Vec<TextMark>,
    pub paths: Vec<PathMarks>,
}

/// A path on the surface.
pub struct Path3 {
    pub color: Rgb,
    pub points: Vec<[f64; 3]>,
    /// The numbers of the first and last points.
    pub numbers: Vec<([f64; 3], String)>,
}

/// z = f(x, y) as a mesh seen from a point above the front left corner.
pub struct Surface {
    pub x: Interval,
    pub y: Interval,
    pub z: Interval,
    pub names: [Label; 3],
    pub area: Rect,
    pub nx: usize,
    pub ny: usize,
    /// Row by row (y), NaN where f has no value or leaves the z window.
    pub zs: Vec<f64>,
    pub paths: Vec<Path3>,
    pub point: Option<[f64; 3]>,
    /// The viewpoint: azimuth and elevation in degrees, as pgfplots' `view`.
    pub view: (f64, f64),
}

impl Surface {
    pub fn x_at(&self, i: usize) -> f64 {
        contours::along(self.x, i, self.nx)
    }
    pub fn y_at(&self, j: usize) -> f64 {
        contours::along(self.y, j, self.ny)
    }
    pub fn z_at(&self, i: usize, j: usize) -> f64 {
        self.zs[j * self.nx + i]
    }
}

pub enum Panel {
    Plane(Plane),
    Graph(Graph),
    Surface(Surface),
}

/// How a legend entry is marked.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Swatch {
    /// A line with a dot: a path.
    Path(Rgb),
    Line(Rgb),
    Arrow(Rgb),
    Dot(Rgb),
    /// Text only.
    None,
}

pub struct Entry {
    pub swatch: Swatch,
    pub text: Label,
}

pub struct Scene {
    pub width: u32,
    pub height: u32,
    pub title: Label,
    pub panels: Vec<Panel>,
    pub legend: Vec<Entry>,
    /// Where the legend's first line is (its top left), in pixels.
    pub legend_at: (f64, f64),
}

/// The scene for `request` (samples per axis depend on the format).
pub fn build(f: &Function, request: &Request, format: Format) -> Result<Scene> {
    check(f, request)?;
    let mut legend = Vec::new();
    let (panels, width, height) = if f.vars() == 1 {
        graph::graphs(f, request, format, &mut legend)?
    } else if request.surface {
        surface::surface(f, request, format, &mut legend)?
    } else {
        plane::plane(f, request, format, &mut legend)?
    };
    let widest = legend.iter().map(|e| text_size(&e.text.text, LEGEND_SIZE).0 + 36.0).fold(0.0, f64::max);
    let width = width.max(LEFT + widest + 10.0);
    let legend_top = height + 6.0;
    let height = legend_top + LEGEND_LINE * legend.len() as f64 + if legend.is_empty() { 0.0 } else { 12.0 };
    Ok(Scene {
        width: width.ceil() as u32,
        height: height.ceil() as u32,
        title: f.labels.title.clone(),
        panels,
        legend,
        legend_at: (LEFT, legend_top),
    })
}

/// The request fits the function: the right number of coordinates everywhere, options that
/// apply to it.
fn check(f: &Function, r: &Request) -> Result<()> {
    let n = f.vars();
    if r.surface && n != 2 {
        return Err(Error::usage("--surface draws functions of two variables; f has one")
            .with_help("leave out --surface for the graph of f"));
    }
    if r.derivative && n != 1 {
        return Err(Error::usage("--derivative draws the derivative of a function of one variable; f has two")
            .with_help("the arrows of the contour picture show the gradient"));
    }
    let coords = |c: usize| if c == 1 { "1 coordinate".to_string() } else { format!("{c} coordinates") };
    if let Some(p) = &r.at {
        if p.len() != n {
            return Err(Error::usage(format!("the point has {}; f has {} variables", coords(p.len()), n)));
        }
        if p.iter().any(|v| !v.is_finite()) {
            return Err(Error::usage("the point must have finite coordinates"));
        }
    }
    for path in &r.paths {
        if let Some(p) = path.points.iter().find(|p| p.len() != n) {
            return Err(Error::usage(format!(
                "a point of the path '{}' has {}; f has {} variables",
                path.label.text,
                coords(p.len()),
                n
            )));
        }
    }
    if r.ranges.len() > n {
        return Err(Error::usage(format!("{} ranges for a function of {} variables", r.ranges.len(), n)));
    }
    for (w, name) in r.ranges.iter().zip(&f.labels.vars) {
        if let Some(w) = w {
            Interval::new(w.lo, w.hi, &name.text)?;
        }
    }
    if let Some(w) = r.value_range {
        Interval::new(w.lo, w.hi, "the values")?;
    }
    if let Some(s) = r.samples {
        if !(8..=2000).contains(&s) {
            return Err(Error::usage(format!("{s} samples per axis; plot takes 8 to 2000")));
        }
    }
    Ok(())
}

/// The window of axis `k`: as asked, or around P and the paths.
fn axis_window(r: &Request, k: usize) -> (Interval, bool) {
    if let Some(Some(w)) = r.ranges.get(k) {
        return (*w, true);
    }
    let mut coords: Vec<f64> = r.at.iter().map(|p| p[k]).collect();
    for path in &r.paths {
        coords.extend(path.points.iter().map(|p| p[k]));
    }
    coords.extend(r.marks.iter().map(|m| m.point[k.min(1)]));
    (window::around(&coords), false)
}

/// The points of a path up to (not including) the first where f has no value, with the
/// values there, and whether it stopped early.
fn walk(f: &Function, path: &Path) -> (Vec<Vec<f64>>, Vec<f64>, bool) {
    let mut pts = Vec::new();
    let mut values = Vec::new();
    for p in &path.points {
        let v = f.value(p);
        if !v.is_finite() || p.iter().any(|c| !c.is_finite()) {
            return (pts, values, true);
        }
        pts.push(p.clone());
        values.push(v);
    }
    (pts, values, false)
}

fn num(v: f64) -> String {
    decimal(v, 4)
}

fn point_text(p: &[f64]) -> String {
    format!("({})", p.iter().map(|&c| num(c)).collect::<Vec<_>>().join(", "))
}

/// The legend line of a path: where it started and ended, with the values there.
fn path_entry(path: &Path, pts: &[Vec<f64>], values: &[f64], stopped: bool, color: Rgb) -> Entry {
    let steps = pts.len().saturating_sub(1);
    let (text, latex) = match (pts.first(), pts.last()) {
        (Some(a), Some(b)) => {
            let (pa, pb) = (point_text(a), point_text(b));
            let (va, vb) = (num(values[0]), num(values[values.len() - 1]));
            let s = if steps == 1 { "step" } else { "steps" };
            (
                format!("{}: {pa}, f = {va} → {pb}, f = {vb} ({steps} {s})", path.label.text),
                format!("{}: ${pa}$, $f = {va}$ $\\to$ ${pb}$, $f = {vb}$ ({steps} {s})", path.label.latex),
            )
        }
        _ => (
            format!("{}: no point where f has a value", path.label.text),
            format!("{}: no point where $f$ has a value", path.label.latex),
        ),
    };
    let mut label = Label::new(text, latex);
    if stopped {
        label.text.push_str(&format!("; f has no value at step {}", pts.len()));
        label.latex.push_str(&format!("; $f$ has no value at step {}", pts.len()));
    }
    if let Some(n) = &path.note {
        label.text.push_str(&format!("; {}", n.text));
        label.latex.push_str(&format!("; {}", n.latex));
    }
    Entry { swatch: Swatch::Path(color), text: label }
}

/// `w` widened to hold `values` (P's value, the paths'), with a little room; values too
/// large to draw are left out.
fn include(w: Interval, values: &[f64]) -> Interval {
    let values: Vec<f64> = values.iter().copied().filter(|v| v.abs() <= 1e-3 * window::LARGEST).collect();
    let lo = values.iter().copied().fold(w.lo, f64::min);
    let hi = values.iter().copied().fold(w.hi, f64::max);
    if lo == w.lo && hi == w.hi {
        return w;
    }
    let pad = 0.05 * (hi - lo);
    window::resolvable(Interval {
        lo: if lo < w.lo { lo - pad } else { lo },
        hi: if hi > w.hi { hi + pad } else { hi },
    })
}

/// Why nothing can be drawn from `values` sampled in `window`: f has no value there, or
/// only values too large to draw.
fn nothing_to_draw(values: &[f64], window: &str) -> Error {
    let what = if values.iter().any(|v| !v.is_nan()) {
        "the values of f are too large to draw everywhere in"
    } else {
        "f has no real value anywhere in"
    };
    Error::math(format!("{what} the window {window}")).with_help("choose another window with --range")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::Labels;

    fn function(src: &str) -> Function {
        let mut pool = crate::expr::Pool::default();
        let f = crate::syntax::parse(&mut pool, src, &Default::default()).unwrap();
        let mut vars = pool.free_vars(f).to_vec();
        crate::print::sort_vars(&pool, &mut vars);
        let g = crate::calculus::gradient(&mut crate::calculus::Deriver::new(), &mut pool, f, &vars);
        let names = vars.iter().map(|&v| Label::new(pool.name(v), pool.name(v))).collect();
        Function::compile(&pool, f, &g, &vars, Labels { vars: names, ..Labels::default() }).unwrap()
    }

    fn plane_of(src: &str, r: &Request) -> (Function, Plane) {
        let f = function(src);
        let mut scene = build(&f, r, Format::Svg).unwrap();
        match scene.panels.remove(0) {
            Panel::Plane(p) => (f, p),
            _ => panic!("not a contour picture"),
        }
    }

    fn cos(a: Pt, b: Pt) -> f64 {
        (a[0] * b[0] + a[1] * b[1]) / (a[0].hypot(a[1]) * b[0].hypot(b[1]))
    }

    #[test]
    fn the_gradient_at_p_is_perpendicular_to_the_level_line_through_p() {
        for (src, p) in
            [("x^2+xy+y^2", [1.0, 0.5]), ("sin(x)+y^2", [0.5, 1.0]), ("x*exp(y)", [1.0, 0.3]), ("x^2-y^2", [1.0, -0.5])]
        {
            let (f, plane) = plane_of(src, &Request { at: Some(p.to_vec()), ..Request::default() });
            let at = plane.at.unwrap();
            let (fp, g) = (f.value(&p), f.slope(&p));
            let (a, tip) = at.arrow.unwrap();
            assert_eq!(a, p);
            assert!(cos([tip[0] - p[0], tip[1] - p[1]], [g[0], g[1]]) > 0.9999, "{src}: the arrow is not along ∇f");
            // The level line through P: f = f(P) all along it, and it passes P across ∇f.
            let pts: Vec<Pt> = at.level_lines.iter().flatten().copied().collect();
            for q in &pts {
                assert!((f.value(q) - fp).abs() < 1e-3 * fp.abs().max(1.0), "{src}: {q:?} is not on f = {fp}");
            }
            let line =
                at.level_lines.iter().find(|l| l.iter().any(|q| (q[0] - p[0]).hypot(q[1] - p[1]) < 0.02)).unwrap();
            let k = (0..line.len()).min_by(|&i, &j| {
                let d = |q: Pt| (q[0] - p[0]).hypot(q[1] - p[1]);
                d(line[i]).total_cmp(&d(line[j]))
            });
            let k = k.unwrap().clamp(1, line.len() - 2);
            let along = [line[k + 1][0] - line[k - 1][0], line[k + 1][1] - line[k - 1][1]];
            assert!(cos(along, [g[0], g[1]]).abs() < 0.02, "{src}: the level line is not perpendicular to ∇f at P");
            let (t0, t1) = at.tangent.unwrap();
            assert!(cos([t1[0] - t0[0], t1[1] - t0[1]], [g[0], g[1]]).abs() < 1e-9);
        }
    }

    #[test]
    fn the_arrows_point_along_the_gradient() {
        let (f, plane) = plane_of("x^2+3y-xy", &Request::default());
        assert!(plane.arrows.len() > 100);
        for (a, b) in &plane.arrows {
            let m = [0.5 * (a[0] + b[0]), 0.5 * (a[1] + b[1])];
            let g = f.slope(&m);
            assert!(cos([b[0] - a[0], b[1] - a[1]], [g[0], g[1]]) > 0.9999);
        }
    }

    #[test]
    fn the_default_window_holds_p_and_the_paths_with_equal_scales() {
        let path = Path { points: vec![vec![3.0, 2.0], vec![0.1, 0.1]], ..Path::default() };
        let (_, plane) = plane_of("x^2+y^2", &Request { paths: vec![path], ..Request::default() });
        let a = &plane.axes;
        assert!(a.x.contains(3.0) && a.y.contains(2.0) && a.x.contains(-2.0) && a.y.contains(-2.0), "{a:?}");
        let (sx, sy) = a.scale();
        assert!((sx - sy).abs() < 1e-9 * sx);
        let (_, plane) = plane_of("x^2+y^2", &Request::default());
        assert_eq!((plane.axes.x, plane.axes.y), (Interval { lo: -2.0, hi: 2.0 }, Interval { lo: -2.0, hi: 2.0 }));
        // A range given for x only: y follows it for equal scales.
        let r = Request { ranges: vec![Some(Interval { lo: 0.0, hi: 8.0 })], ..Request::default() };
        let (_, plane) = plane_of("x^2+y^2", &r);
        assert_eq!(plane.axes.x, Interval { lo: 0.0, hi: 8.0 });
        assert_eq!(plane.axes.y.span(), 8.0);
    }
}
