//! What a picture holds, decided once for every format: the window, the sampled curves and
//! level lines, the levels and where their labels go, the arrows, P with its gradient or
//! tangent, the numbered path points and the legend. Positions are in the function's
//! coordinates; the layout (where each panel sits, how large text is) in the pixels of the
//! SVG and PNG canvas, which the pgfplots picture reproduces at the same proportions.
//!
//! Text does not collide: the labels of the levels and the numbers of the path points are
//! placed where their boxes fit (estimated from the font size), most important first, and a
//! grid arrow under a label is left out.

use super::contours::{self, Grid, Pt, Region};
use super::font::text_size;
use super::levels;
use super::window::{self, finite_sorted};
use super::{Format, Function, Interval, Label, Path, Request};
use crate::error::{Error, Result};
use crate::print::decimal;

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
        graphs(f, request, format, &mut legend)?
    } else if request.surface {
        surface(f, request, format, &mut legend)?
    } else {
        plane(f, request, format, &mut legend)?
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

/// Occupied boxes of the canvas, for placing text where it fits.
#[derive(Default)]
struct Boxes(Vec<Box2>);

/// left, top, right, bottom in pixels.
type Box2 = [f64; 4];

impl Boxes {
    fn free(&self, b: &Box2) -> bool {
        self.0.iter().all(|o| b[2] <= o[0] || b[0] >= o[2] || b[3] <= o[1] || b[1] >= o[3])
    }
    fn add(&mut self, b: Box2) {
        self.0.push(b);
    }
}

fn within(area: &Rect, b: &Box2, margin: f64) -> bool {
    b[0] >= area.left + margin
        && b[2] <= area.left + area.width - margin
        && b[1] >= area.top + margin
        && b[3] <= area.top + area.height - margin
}

/// Clips the segment a–b to the window (Liang–Barsky).
pub fn clip_segment(a: Pt, b: Pt, x: Interval, y: Interval) -> Option<(Pt, Pt)> {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [(-dx, a[0] - x.lo), (dx, x.hi - a[0]), (-dy, a[1] - y.lo), (dy, y.hi - a[1])] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    Some(([a[0] + t0 * dx, a[1] + t0 * dy], [a[0] + t1 * dx, a[1] + t1 * dy]))
}

/// The parts of a polyline inside the window.
pub fn clip_polyline(points: &[Pt], x: Interval, y: Interval) -> Vec<Vec<Pt>> {
    let mut out: Vec<Vec<Pt>> = Vec::new();
    let mut run: Vec<Pt> = Vec::new();
    for w in points.windows(2) {
        match clip_segment(w[0], w[1], x, y) {
            Some((a, b)) => {
                if run.last() != Some(&a) {
                    if run.len() >= 2 {
                        out.push(std::mem::take(&mut run));
                    }
                    run.clear();
                    run.push(a);
                }
                run.push(b);
            }
            None => {
                if run.len() >= 2 {
                    out.push(std::mem::take(&mut run));
                }
                run.clear();
            }
        }
    }
    if run.len() >= 2 {
        out.push(run);
    }
    out
}

/// The colour of contour level `t` ∈ [0, 1] (viridis, without its palest end).
pub fn level_color(t: f64) -> Rgb {
    use plotters::style::colors::colormaps::{ColorMap, ViridisRGB};
    let c = ViridisRGB.get_color((0.05 + 0.8 * t.clamp(0.0, 1.0)) as f32);
    (c.0, c.1, c.2)
}

/// The colour of a filled band at `t` ∈ [0, 1]: viridis, lightened so that lines and
/// arrows read on it.
pub fn band_color(t: f64) -> Rgb {
    use plotters::style::colors::colormaps::{ColorMap, ViridisRGB};
    let c = ViridisRGB.get_color(t.clamp(0.0, 1.0) as f32);
    let light = |v: u8| (f64::from(v) * 0.55 + 255.0 * 0.45).round() as u8;
    (light(c.0), light(c.1), light(c.2))
}

/// The eight directions a text can sit in from a point (x right, y down, in pixels).
const AROUND: [(f64, f64); 8] =
    [(1.0, -1.0), (1.0, 1.0), (-1.0, -1.0), (-1.0, 1.0), (0.0, -1.0), (0.0, 1.0), (1.0, 0.0), (-1.0, 0.0)];

/// The centre (pixels) for a text near the canvas point `c`: the first direction of `dirs`
/// where its box is free and inside the area, `gap` pixels off; with `force`, the first
/// direction that stays inside even if taken. The box is added to `boxes`.
#[allow(clippy::too_many_arguments)]
fn place_near(
    area: &Rect,
    c: (f64, f64),
    text: &str,
    size: f64,
    dirs: &[(f64, f64)],
    gap: f64,
    boxes: &mut Boxes,
    force: bool,
) -> Option<(f64, f64)> {
    let (w, h) = text_size(text, size);
    let candidate = |d: &(f64, f64)| {
        let m = (c.0 + d.0 * (w / 2.0 + gap), c.1 + d.1 * (h / 2.0 + gap));
        (m, [m.0 - w / 2.0, m.1 - h / 2.0, m.0 + w / 2.0, m.1 + h / 2.0])
    };
    let found = dirs.iter().map(candidate).find(|(_, b)| within(area, b, 1.0) && boxes.free(b));
    let found =
        found.or_else(|| if force { dirs.iter().map(candidate).find(|(_, b)| within(area, b, 1.0)) } else { None });
    let (m, b) = found?;
    boxes.add(b);
    Some(m)
}

/// The numbers of a path's points, next to them where they fit: the first and the last
/// always, the others unless they would cover a number already placed. A number goes
/// across the path (before the first point and beyond the last one: along it).
fn number_points(axes: &Axes, pts: &[Pt], color: Rgb, boxes: &mut Boxes) -> Vec<TextMark> {
    let n = pts.len();
    let mut order: Vec<usize> = Vec::with_capacity(n);
    if n > 0 {
        order.push(0);
    }
    if n > 1 {
        order.push(n - 1);
    }
    order.extend(1..n.saturating_sub(1));
    let px: Vec<(f64, f64)> = pts.iter().map(|&p| axes.px(p)).collect();
    let mut out = Vec::new();
    for (rank, &k) in order.iter().enumerate() {
        if !axes.inside(pts[k]) {
            continue;
        }
        let (prev, next) = (px[k.saturating_sub(1)], px[(k + 1).min(n - 1)]);
        let v = (next.0 - prev.0, next.1 - prev.1);
        let vl = v.0.hypot(v.1);
        let cos = |d: &(f64, f64)| if vl > 0.0 { (d.0 * v.0 + d.1 * v.1) / (vl * d.0.hypot(d.1)) } else { 0.0 };
        let score = |d: &(f64, f64)| {
            if n == 1 {
                0.0
            } else if k == 0 {
                cos(d)
            } else if k == n - 1 {
                -cos(d)
            } else {
                cos(d).abs()
            }
        };
        let mut dirs = AROUND.to_vec();
        dirs.sort_by(|a, b| score(a).total_cmp(&score(b)));
        let text = k.to_string();
        if let Some(m) = place_near(&axes.area, px[k], &text, LABEL_SIZE, &dirs, 5.0, boxes, rank < 2) {
            let label = Label::new(text.clone(), text);
            out.push(TextMark { pos: from_px(axes, m), text: label, color, size: LABEL_SIZE, boxed: false });
        }
    }
    out
}

/// Boxes along polylines (pixels), so that text keeps off them.
fn occupy_lines(axes: &Axes, lines: &[Vec<Pt>], boxes: &mut Boxes) {
    for l in lines {
        for w in l.windows(2) {
            let (a, b) = (axes.px(w[0]), axes.px(w[1]));
            let steps = ((a.0 - b.0).hypot(a.1 - b.1) / 4.0).ceil().max(1.0) as usize;
            for s in 0..=steps {
                let t = s as f64 / steps as f64;
                let q = (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
                boxes.add([q.0 - 2.0, q.1 - 2.0, q.0 + 2.0, q.1 + 2.0]);
            }
        }
    }
}

/// The marks of a path in a window: polyline, markers, numbers.
fn path_marks(axes: &Axes, pts: &[Pt], color: Rgb, boxes: &mut Boxes) -> PathMarks {
    let lines = clip_polyline(pts, axes.x, axes.y);
    let markers: Vec<Pt> = pts.iter().copied().filter(|&p| axes.inside(p)).collect();
    for &p in &markers {
        let (cx, cy) = axes.px(p);
        boxes.add([cx - 4.0, cy - 4.0, cx + 4.0, cy + 4.0]);
    }
    let numbers = number_points(axes, pts, color, boxes);
    PathMarks { color, lines, markers, numbers }
}

// ----- two variables: contours -----

fn plane(f: &Function, r: &Request, format: Format, legend: &mut Vec<Entry>) -> Result<(Vec<Panel>, f64, f64)> {
    let (mut x, fixed_x) = axis_window(r, 0);
    let (mut y, fixed_y) = axis_window(r, 1);
    // Equal scales, so that the gradient is seen perpendicular to the level lines, unless
    // the window is too long and thin for it.
    let ratio = x.span() / y.span();
    let equal = (0.25..=4.0).contains(&ratio) || fixed_x && fixed_y;
    if equal && !(fixed_x && fixed_y) {
        let span = x.span().max(y.span());
        if !fixed_x && (fixed_y || x.span() < span) {
            x = window::widened(x, if fixed_y { y.span() } else { span });
        }
        if !fixed_y && (fixed_x || y.span() < span) {
            y = window::widened(y, if fixed_x { x.span() } else { span });
        }
    }
    let ratio = x.span() / y.span();
    let (pw, ph) = if !equal {
        (600.0, 450.0)
    } else if ratio >= 1.0 {
        (600.0, (600.0 / ratio).max(150.0))
    } else {
        ((600.0 * ratio).max(150.0), 600.0)
    };
    let area = Rect { left: LEFT, top: TOP, width: pw, height: ph };
    let names = [f.labels.vars[0].clone(), f.labels.vars[1].clone()];
    let axes = Axes { x, y, names, area };

    let n = r.samples.unwrap_or(if format == Format::Tex { 100 } else { 400 });
    let (nx, ny) = if pw >= ph {
        (n, ((n as f64 * ph / pw).round() as usize).max(8))
    } else {
        (((n as f64 * pw / ph).round() as usize).max(8), n)
    };
    let grid = Grid::sample(f, x, y, nx, ny);
    let sorted = finite_sorted(&grid.values);
    if sorted.is_empty() {
        return Err(nothing_to_draw(
            &grid.values,
            &format!("x = {}..{}, y = {}..{}", num(x.lo), num(x.hi), num(y.lo), num(y.hi)),
        ));
    }
    let gaps = sorted.len() < grid.values.len();

    // P first: it must be defined there, and its marks take their room before any label.
    let mut boxes = Boxes::default();
    let at = match &r.at {
        Some(p) => Some(at_mark(f, &axes, &grid, [p[0], p[1]], &mut boxes, legend)?),
        None => None,
    };

    let mut paths = Vec::new();
    for (k, path) in r.paths.iter().enumerate() {
        let color = PATH_COLORS[k % PATH_COLORS.len()];
        let (pts, values, stopped) = walk(f, path);
        let pts2: Vec<Pt> = pts.iter().map(|p| [p[0], p[1]]).collect();
        paths.push(path_marks(&axes, &pts2, color, &mut boxes));
        legend.push(path_entry(path, &pts, &values, stopped, color));
    }

    let values = levels::choose(&sorted);
    let texts = levels::labels(&values);
    let count = values.len().max(2) - 1;
    let levels: Vec<Level> = values
        .iter()
        .zip(texts)
        .enumerate()
        .map(|(k, (&value, label))| Level { value, label, color: level_color(k as f64 / count as f64) })
        .collect();
    let mut lines = Vec::new();
    for (k, l) in levels.iter().enumerate() {
        for points in contours::lines(&grid, l.value)? {
            lines.push(LevelLine { level: k, points });
        }
    }
    let mut fills = Vec::new();
    if r.filled {
        // f ≥ the smallest sample covers where f has a value; each level paints over it.
        let bands = levels.len() + 1;
        let base = std::iter::once(sorted[0]).chain(levels.iter().map(|l| l.value));
        for (k, v) in base.enumerate() {
            let regions = contours::regions(&grid, v)?;
            fills.push(Fill { color: band_color(k as f64 / (bands - 1).max(1) as f64), regions });
        }
    }

    let labels = level_labels(&axes, &levels, &lines, &mut boxes);
    let arrows = gradient_arrows(f, &axes, &boxes);

    if !arrows.is_empty() {
        legend.push(Entry {
            swatch: Swatch::Arrow(ARROW_COLOR),
            text: Label::new(
                "∇f: the direction of steepest ascent (longer where |∇f| is larger)",
                "$\\nabla f$: the direction of steepest ascent (longer where $|\\nabla f|$ is larger)",
            ),
        });
    }
    if levels.is_empty() {
        legend.push(Entry {
            swatch: Swatch::None,
            text: Label::new(
                "f is constant in this window: no level lines",
                "$f$ is constant in this window: no level lines",
            ),
        });
    }
    if gaps {
        let (t, l) = if r.filled {
            ("blank: f has no real value there", "blank: $f$ has no real value there")
        } else {
            ("the level lines stop where f has no real value", "the level lines stop where $f$ has no real value")
        };
        legend.push(Entry { swatch: Swatch::None, text: Label::new(t, l) });
    }

    let plane = Plane { axes, levels, lines, fills, filled: r.filled, labels, arrows, at, paths };
    Ok((vec![Panel::Plane(plane)], LEFT + pw + RIGHT, TOP + ph + BOTTOM))
}

/// P, ∇f(P), the level line f = f(P) through P and its tangent there.
fn at_mark(
    f: &Function,
    axes: &Axes,
    grid: &Grid,
    p: Pt,
    boxes: &mut Boxes,
    legend: &mut Vec<Entry>,
) -> Result<AtMark> {
    let value = f.value(&p);
    if !value.is_finite() {
        return Err(Error::math(format!("f has no real value at P = {}", point_text(&p)))
            .with_help("choose a point where f is defined"));
    }
    let g = f.slope(&p);
    let (g, defined) = ([g[0], g[1]], g.iter().all(|v| v.is_finite()));
    let side = axes.area.width.min(axes.area.height);
    let mut texts = Vec::new();
    let (mut arrow, mut tangent, mut corner) = (None, None, None);
    let gp = axes.to_px_vec(g);
    let glen = (gp[0] * gp[0] + gp[1] * gp[1]).sqrt();
    let (cx, cy) = axes.px(p);
    boxes.add([cx - 6.0, cy - 6.0, cx + 6.0, cy + 6.0]);
    let ptext = point_text(&p);
    let gtext = point_text(&g);
    if defined && glen > 0.0 {
        let u = [gp[0] / glen, gp[1] / glen]; // unit, pixels
        let t = [-u[1], u[0]];
        let len = 0.2 * side;
        let tip = add(p, axes.px_vec_back([u[0] * len, u[1] * len]));
        arrow = Some((p, tip));
        let half = 0.13 * side;
        tangent = Some((
            add(p, axes.px_vec_back([-t[0] * half, -t[1] * half])),
            add(p, axes.px_vec_back([t[0] * half, t[1] * half])),
        ));
        let s = 9.0;
        corner = Some([
            add(p, axes.px_vec_back([t[0] * s, t[1] * s])),
            add(p, axes.px_vec_back([t[0] * s + u[0] * s, t[1] * s + u[1] * s])),
            add(p, axes.px_vec_back([u[0] * s, u[1] * s])),
        ]);
        // Along the arrow's line, in pixels: boxes for the labels to avoid.
        for k in 1..=8 {
            let q = [cx + u[0] * len * k as f64 / 8.0, cy + u[1] * len * k as f64 / 8.0];
            boxes.add([q[0] - 4.0, q[1] - 4.0, q[0] + 4.0, q[1] + 4.0]);
        }
        let text = format!("∇f(P) = {gtext}");
        let along = |w: (f64, f64)| {
            let mut dirs = AROUND.to_vec();
            dirs.sort_by(|a, b| {
                let c = |d: &(f64, f64)| -(d.0 * w.0 + d.1 * w.1) / d.0.hypot(d.1);
                c(a).total_cmp(&c(b))
            });
            dirs
        };
        let tip_px = axes.px(tip);
        if let Some(c) = place_near(&axes.area, tip_px, &text, LABEL_SIZE, &along((u[0], u[1])), 4.0, boxes, true) {
            texts.push(TextMark {
                pos: from_px(axes, c),
                text: Label::new(text, format!("$\\nabla f(P) = {gtext}$")),
                color: AT_COLOR,
                size: LABEL_SIZE,
                boxed: true,
            });
        }
        // P's name on the side away from the arrow.
        if let Some(c) = place_near(&axes.area, (cx, cy), "P", LABEL_SIZE, &along((-u[0], -u[1])), 7.0, boxes, true) {
            texts.push(TextMark {
                pos: from_px(axes, c),
                text: Label::new("P", "$P$"),
                color: AT_COLOR,
                size: LABEL_SIZE,
                boxed: false,
            });
        }
        legend.push(Entry {
            swatch: Swatch::Arrow(AT_COLOR),
            text: Label::new(
                format!("∇f(P) = {gtext} at P = {ptext}, perpendicular to the level line f = {}", num(value)),
                format!(
                    "$\\nabla f(P) = {gtext}$ at $P = {ptext}$, perpendicular to the level line $f = {}$",
                    num(value)
                ),
            ),
        });
    } else {
        if let Some(c) = place_near(&axes.area, (cx, cy), "P", LABEL_SIZE, &AROUND, 7.0, boxes, true) {
            texts.push(TextMark {
                pos: from_px(axes, c),
                text: Label::new("P", "$P$"),
                color: AT_COLOR,
                size: LABEL_SIZE,
                boxed: false,
            });
        }
        let (t, l) = if defined {
            (
                format!("P = {ptext}, f = {}: ∇f(P) = (0, 0), a critical point", num(value)),
                format!("$P = {ptext}$, $f = {}$: $\\nabla f(P) = (0, 0)$, a critical point", num(value)),
            )
        } else {
            (
                format!("P = {ptext}, f = {}: ∇f is not defined there", num(value)),
                format!("$P = {ptext}$, $f = {}$: $\\nabla f$ is not defined there", num(value)),
            )
        };
        legend.push(Entry { swatch: Swatch::Dot(AT_COLOR), text: Label::new(t, l) });
    }
    let level_lines = contours::lines(grid, value)?;
    // The value of that level on its longest piece.
    let label = format!("f = {}", num(value));
    let longest = level_lines.iter().map(|l| (px_length(axes, l), l)).max_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((len, line)) = longest {
        if let Some(p) = label_on(axes, line, len, &label, boxes) {
            let latex = format!("$f = {}$", num(value));
            texts.push(TextMark {
                pos: p,
                text: Label::new(label, latex),
                color: AT_COLOR,
                size: LABEL_SIZE,
                boxed: true,
            });
        }
    }
    Ok(AtMark { p, arrow, tangent, corner, level_lines, texts })
}

fn add(a: Pt, b: Pt) -> Pt {
    [a[0] + b[0], a[1] + b[1]]
}

fn from_px(axes: &Axes, c: (f64, f64)) -> Pt {
    let (sx, sy) = axes.scale();
    [axes.x.lo + (c.0 - axes.area.left) / sx, axes.y.hi - (c.1 - axes.area.top) / sy]
}

/// One label per level line long enough to carry one (at most two per level), where its
/// box fits: at the middle of the line, else a quarter or three quarters along, ….
fn level_labels(axes: &Axes, levels: &[Level], lines: &[LevelLine], boxes: &mut Boxes) -> Vec<TextMark> {
    let mut out = Vec::new();
    let mut per_level = vec![0usize; levels.len()];
    // Longest lines first: they have the most room.
    let mut order: Vec<(usize, f64)> = lines.iter().enumerate().map(|(i, l)| (i, px_length(axes, &l.points))).collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (i, len) in order {
        let line = &lines[i];
        let level = &levels[line.level];
        let (w, _) = text_size(&level.label, LABEL_SIZE);
        if len < 3.0 * w || per_level[line.level] >= 2 {
            continue;
        }
        if let Some(p) = label_on(axes, &line.points, len, &level.label, boxes) {
            per_level[line.level] += 1;
            out.push(TextMark {
                pos: p,
                text: Label::new(level.label.clone(), format!("${}$", level.label)),
                color: level.color,
                size: LABEL_SIZE,
                boxed: true,
            });
        }
    }
    out
}

/// Where on a line `len` pixels long a label fits: its middle, else a quarter or three
/// quarters along, ….
fn label_on(axes: &Axes, points: &[Pt], len: f64, text: &str, boxes: &mut Boxes) -> Option<Pt> {
    for frac in [0.5, 0.25, 0.75, 0.375, 0.625, 0.125, 0.875, 0.0625, 0.9375] {
        let p = point_along(axes, points, frac * len);
        let b = axes.text_box(p, text, LABEL_SIZE);
        let b = [b[0] - 2.0, b[1], b[2] + 2.0, b[3]];
        if within(&axes.area, &b, 2.0) && boxes.free(&b) {
            boxes.add(b);
            return Some(p);
        }
    }
    None
}

fn px_length(axes: &Axes, pts: &[Pt]) -> f64 {
    pts.windows(2)
        .map(|w| {
            let (a, b) = (axes.px(w[0]), axes.px(w[1]));
            ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
        })
        .sum()
}

/// The point `dist` pixels along a polyline.
fn point_along(axes: &Axes, pts: &[Pt], dist: f64) -> Pt {
    let mut left = dist;
    for w in pts.windows(2) {
        let (a, b) = (axes.px(w[0]), axes.px(w[1]));
        let d = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
        if d >= left && d > 0.0 {
            let t = left / d;
            return [w[0][0] + t * (w[1][0] - w[0][0]), w[0][1] + t * (w[1][1] - w[0][1])];
        }
        left -= d;
    }
    pts[pts.len() - 1]
}

/// The gradient field: an arrow centred in each cell of a grid about 40 pixels apart,
/// pointing along ∇f, its length growing with |∇f| up to the 90th percentile (longer
/// ones are capped, so that one steep place does not shrink the rest to dots). Arrows that
/// would run under a label are left out.
fn gradient_arrows(f: &Function, axes: &Axes, boxes: &Boxes) -> Vec<(Pt, Pt)> {
    let area = axes.area;
    let cols = ((area.width / 40.0).round() as usize).clamp(5, 20);
    let rows = ((area.height / 40.0).round() as usize).clamp(5, 20);
    let (cw, ch) = (area.width / cols as f64, area.height / rows as f64);
    let mut centres = Vec::with_capacity(2 * cols * rows);
    for j in 0..rows {
        for i in 0..cols {
            let c = from_px(axes, (area.left + (i as f64 + 0.5) * cw, area.top + (j as f64 + 0.5) * ch));
            centres.extend_from_slice(&c);
        }
    }
    let g = f.slopes(&centres);
    let px: Vec<Option<Pt>> = g
        .chunks(2)
        .map(|d| if d[0].is_finite() && d[1].is_finite() { Some(axes.to_px_vec([d[0], d[1]])) } else { None })
        .collect();
    let mut mags: Vec<f64> = px.iter().flatten().map(|v| v[0].hypot(v[1])).filter(|m| *m > 0.0).collect();
    if mags.is_empty() {
        return Vec::new();
    }
    mags.sort_unstable_by(f64::total_cmp);
    let reference = window::quantile(&mags, 0.9);
    let cell = cw.min(ch);
    let mut out = Vec::new();
    for (k, v) in px.iter().enumerate() {
        let Some(v) = v else { continue };
        let m = v[0].hypot(v[1]);
        if m.is_nan() || m <= 0.0 {
            continue;
        }
        let len = cell * (0.25 + 0.6 * (m / reference).min(1.0));
        let d = axes.px_vec_back([v[0] / m * len / 2.0, v[1] / m * len / 2.0]);
        let c = [centres[2 * k], centres[2 * k + 1]];
        let (a, b) = ([c[0] - d[0], c[1] - d[1]], [c[0] + d[0], c[1] + d[1]]);
        let (pa, pb) = (axes.px(a), axes.px(b));
        let bbox = [pa.0.min(pb.0) - 2.0, pa.1.min(pb.1) - 2.0, pa.0.max(pb.0) + 2.0, pa.1.max(pb.1) + 2.0];
        if boxes.free(&bbox) {
            out.push((a, b));
        }
    }
    out
}

// ----- one variable: graphs -----

fn graphs(f: &Function, r: &Request, format: Format, legend: &mut Vec<Entry>) -> Result<(Vec<Panel>, f64, f64)> {
    let (x, _) = axis_window(r, 0);
    let n = r.samples.unwrap_or(if format == Format::Tex { 400 } else { 1200 });
    let xs: Vec<f64> = (0..n).map(|i| contours::along(x, i, n)).collect();
    let ys = f.values(&xs);
    let a = r.at.as_ref().map(|p| p[0]);
    let fa = a.map(|a| f.value(&[a]));
    if let (Some(a), Some(fa)) = (a, fa) {
        if !fa.is_finite() {
            return Err(Error::math(format!("f has no real value at a = {}", num(a)))
                .with_help("choose a point where f is defined"));
        }
    }
    let slope_a = a.map(|a| f.slope(&[a])[0]);
    let walked: Vec<(Vec<Vec<f64>>, Vec<f64>, bool)> = r.paths.iter().map(|p| walk(f, p)).collect();
    let mut extra: Vec<f64> = fa.into_iter().collect();
    for (_, values, _) in &walked {
        extra.extend(values);
    }
    let y = match r.value_range {
        Some(w) => w,
        None => {
            let sorted = finite_sorted(&ys);
            let Some(w) = window::value_range(&sorted) else {
                return Err(nothing_to_draw(&ys, &format!("x = {}..{}", num(x.lo), num(x.hi))));
            };
            include(w, &extra)
        }
    };
    let (pw, ph) = if r.derivative { (600.0, 320.0) } else { (600.0, 400.0) };
    let top_name = if r.derivative { Label::new("f", "$f$") } else { Label::new("y", "$y$") };
    let axes = Axes {
        x,
        y,
        names: [f.labels.vars[0].clone(), top_name],
        area: Rect { left: LEFT, top: TOP, width: pw, height: ph },
    };
    let mut boxes = Boxes::default();
    let mut graph = graph_panel(&axes, &xs, &ys, None, CURVE_COLOR);
    if ys.iter().any(|v| !v.is_finite()) {
        legend.push(Entry {
            swatch: Swatch::None,
            text: Label::new(
                "the graph breaks where f has no real value",
                "the graph breaks where $f$ has no real value",
            ),
        });
    }
    if let (Some(a), Some(fa), Some(s)) = (a, fa, slope_a) {
        let p = [a, fa];
        graph.point = Some(p);
        let (cx, cy) = axes.px(p);
        boxes.add([cx - 6.0, cy - 6.0, cx + 6.0, cy + 6.0]);
        graph.guide = vertical(&axes, a);
        let (an, fan) = (num(a), num(fa));
        if s.is_finite() {
            let ends = ([x.lo, fa + s * (x.lo - a)], [x.hi, fa + s * (x.hi - a)]);
            graph.tangent = clip_segment(ends.0, ends.1, x, y);
            let (line_t, line_l) = tangent_text(a, fa, s);
            legend.push(Entry {
                swatch: Swatch::Line(TANGENT_COLOR),
                text: Label::new(
                    format!("tangent at a = {an}: {line_t} (f({an}) = {fan}, f′({an}) = {})", num(s)),
                    format!("tangent at $a = {an}$: ${line_l}$ ($f({an}) = {fan}$, $f'({an}) = {}$)", num(s)),
                ),
            });
        } else {
            legend.push(Entry {
                swatch: Swatch::Dot(TANGENT_COLOR),
                text: Label::new(
                    format!("f({an}) = {fan}; f′({an}) is not defined: no tangent line"),
                    format!("$f({an}) = {fan}$; $f'({an})$ is not defined: no tangent line"),
                ),
            });
        }
        occupy_lines(&axes, &graph.curve, &mut boxes);
        if let Some((a, b)) = graph.tangent {
            occupy_lines(&axes, &[vec![a, b]], &mut boxes);
        }
        let label = format!("({an}, {fan})");
        if let Some(c) = place_near(&axes.area, (cx, cy), &label, LABEL_SIZE, &AROUND, 6.0, &mut boxes, true) {
            graph.texts.push(TextMark {
                pos: from_px(&axes, c),
                text: Label::new(label.clone(), format!("${label}$")),
                color: TANGENT_COLOR,
                size: LABEL_SIZE,
                boxed: true,
            });
        }
    }
    for (k, (path, (pts, values, stopped))) in r.paths.iter().zip(&walked).enumerate() {
        let color = PATH_COLORS[k % PATH_COLORS.len()];
        let on_curve: Vec<Pt> = pts.iter().zip(values).map(|(p, &v)| [p[0], v]).collect();
        graph.paths.push(path_marks(&axes, &on_curve, color, &mut boxes));
        legend.push(path_entry(path, pts, values, *stopped, color));
    }
    let mut panels = vec![Panel::Graph(graph)];
    let mut height = TOP + ph + BOTTOM;
    if r.derivative {
        let ds = f.slopes(&xs);
        let dy = match window::value_range(&finite_sorted(&ds)) {
            Some(w) => include(w, &slope_a.into_iter().filter(|v| v.is_finite()).collect::<Vec<_>>()),
            None => Interval { lo: -1.0, hi: 1.0 },
        };
        let top = height + 28.0;
        let title = f.labels.derivative.clone().unwrap_or_else(|| Label::new("f′", "$f'$"));
        let axes2 = Axes {
            x,
            y: dy,
            names: [f.labels.vars[0].clone(), Label::new("f′", "$f'$")],
            area: Rect { left: LEFT, top, width: pw, height: ph },
        };
        let mut g2 = graph_panel(&axes2, &xs, &ds, Some(title), CURVE_COLOR);
        if let (Some(a), Some(s)) = (a, slope_a) {
            g2.guide = vertical(&axes2, a);
            if s.is_finite() {
                let p = [a, s];
                g2.point = Some(p);
                let label = format!("f′({}) = {}", num(a), num(s));
                let mut boxes2 = Boxes::default();
                occupy_lines(&axes2, &g2.curve, &mut boxes2);
                if let Some(c) =
                    place_near(&axes2.area, axes2.px(p), &label, LABEL_SIZE, &AROUND, 6.0, &mut boxes2, true)
                {
                    g2.texts.push(TextMark {
                        pos: from_px(&axes2, c),
                        text: Label::new(label, format!("$f'({}) = {}$", num(a), num(s))),
                        color: TANGENT_COLOR,
                        size: LABEL_SIZE,
                        boxed: true,
                    });
                }
            }
        }
        panels.push(Panel::Graph(g2));
        height = top + ph + BOTTOM;
    }
    Ok((panels, LEFT + pw + RIGHT, height))
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

fn vertical(axes: &Axes, a: f64) -> Option<(Pt, Pt)> {
    axes.x.contains(a).then_some(([a, axes.y.lo], [a, axes.y.hi]))
}

/// `y = 2x - 1`: the tangent line's equation with the numbers rounded.
fn tangent_text(a: f64, fa: f64, s: f64) -> (String, String) {
    let b = fa - s * a;
    let slope = if s == 0.0 {
        String::new()
    } else if s == 1.0 {
        "x".into()
    } else if s == -1.0 {
        "-x".into()
    } else {
        format!("{}x", num(s))
    };
    let text = match (slope.is_empty(), b == 0.0 || num(b) == "0") {
        (true, _) => format!("y = {}", num(b)),
        (false, true) => format!("y = {slope}"),
        (false, false) if b < 0.0 => format!("y = {slope} - {}", num(-b)),
        (false, false) => format!("y = {slope} + {}", num(b)),
    };
    (text.clone(), text)
}

/// A graph panel of samples `ys` at `xs`: broken where there is no value, and where it
/// jumps across the whole window between two samples (a pole, as of tan or 1/x).
fn graph_panel(axes: &Axes, xs: &[f64], ys: &[f64], title: Option<Label>, color: Rgb) -> Graph {
    let (x, y) = (axes.x, axes.y);
    let mut runs: Vec<Vec<Pt>> = Vec::new();
    let mut run: Vec<Pt> = Vec::new();
    for i in 0..xs.len() {
        let v = ys[i];
        let jump = i > 0 && run.last().is_some_and(|p| (p[1] > y.hi && v < y.lo) || (p[1] < y.lo && v > y.hi));
        if !v.is_finite() || jump {
            if run.len() >= 2 {
                runs.push(std::mem::take(&mut run));
            }
            run.clear();
            if !v.is_finite() {
                continue;
            }
        }
        run.push([xs[i], v]);
    }
    if run.len() >= 2 {
        runs.push(run);
    }
    let curve: Vec<Vec<Pt>> = runs.iter().flat_map(|r| clip_polyline(r, x, y)).collect();
    let zero = y.contains(0.0).then_some(([x.lo, 0.0], [x.hi, 0.0]));
    Graph {
        axes: axes.clone(),
        title,
        curve,
        color,
        zero,
        guide: None,
        tangent: None,
        point: None,
        texts: Vec::new(),
        paths: Vec::new(),
    }
}

// ----- two variables: the surface -----

fn surface(f: &Function, r: &Request, format: Format, legend: &mut Vec<Entry>) -> Result<(Vec<Panel>, f64, f64)> {
    let (x, _) = axis_window(r, 0);
    let (y, _) = axis_window(r, 1);
    let n = r.samples.unwrap_or(if format == Format::Tex { 30 } else { 48 });
    let grid = Grid::sample(f, x, y, n, n);
    let sorted = finite_sorted(&grid.values);
    let walked: Vec<(Vec<Vec<f64>>, Vec<f64>, bool)> = r.paths.iter().map(|p| walk(f, p)).collect();
    let at = r.at.as_ref().map(|p| (p.clone(), f.value(p)));
    if let Some((p, v)) = &at {
        if !v.is_finite() {
            return Err(Error::math(format!("f has no real value at P = {}", point_text(p)))
                .with_help("choose a point where f is defined"));
        }
    }
    let z = match r.value_range {
        Some(w) => w,
        None => {
            let Some(w) = window::value_range(&sorted) else {
                let window = format!("x = {}..{}, y = {}..{}", num(x.lo), num(x.hi), num(y.lo), num(y.hi));
                return Err(nothing_to_draw(&grid.values, &window));
            };
            let mut extra: Vec<f64> = at.iter().map(|(_, v)| *v).collect();
            for ((pts, values, _), _) in walked.iter().zip(&r.paths) {
                extra.extend(
                    pts.iter().zip(values).filter(|(p, _)| x.contains(p[0]) && y.contains(p[1])).map(|(_, v)| *v),
                );
            }
            include(w, &extra)
        }
    };
    let zs: Vec<f64> = grid.values.iter().map(|&v| if v.is_finite() && z.contains(v) { v } else { f64::NAN }).collect();
    if zs.iter().any(|v| v.is_nan()) {
        legend.push(Entry {
            swatch: Swatch::None,
            text: Label::new(
                "holes: f has no real value there, or leaves the range of z",
                "holes: $f$ has no real value there, or leaves the range of $z$",
            ),
        });
    }
    let mut paths = Vec::new();
    for (k, (path, (pts, values, stopped))) in r.paths.iter().zip(&walked).enumerate() {
        let color = PATH_COLORS[k % PATH_COLORS.len()];
        let lifted: Vec<[f64; 3]> = pts
            .iter()
            .zip(values)
            .map(|(p, &v)| [p[0], p[1], v])
            .filter(|q| x.contains(q[0]) && y.contains(q[1]) && z.contains(q[2]))
            .collect();
        let mut numbers = Vec::new();
        if let Some(first) = lifted.first() {
            numbers.push((*first, "0".to_string()));
        }
        if lifted.len() > 1 && pts.len() == lifted.len() {
            numbers.push((lifted[lifted.len() - 1], (pts.len() - 1).to_string()));
        }
        paths.push(Path3 { color, points: lifted, numbers });
        legend.push(path_entry(path, pts, values, *stopped, color));
    }
    let point = at.as_ref().map(|(p, v)| [p[0], p[1], *v]);
    if let Some((p, v)) = &at {
        let t = format!("P = {}, f(P) = {}", point_text(p), num(*v));
        let l = format!("$P = {}$, $f(P) = {}$", point_text(p), num(*v));
        legend.push(Entry { swatch: Swatch::Dot(AT_COLOR), text: Label::new(t, l) });
    }
    let names = [f.labels.vars[0].clone(), f.labels.vars[1].clone(), Label::new("z", "$z$")];
    let (pw, ph) = (640.0, 560.0);
    let s = Surface {
        x,
        y,
        z,
        names,
        area: Rect { left: 20.0, top: TOP, width: pw, height: ph },
        nx: n,
        ny: n,
        zs,
        paths,
        point,
        // matplotlib's default viewpoint (azimuth −60° from the x axis).
        view: (30.0, 30.0),
    };
    Ok((vec![Panel::Surface(s)], 20.0 + pw + 20.0, TOP + ph + 10.0))
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

    #[test]
    fn clipping_keeps_what_is_inside() {
        let w = Interval { lo: 0.0, hi: 1.0 };
        assert_eq!(clip_segment([-1.0, 0.5], [2.0, 0.5], w, w), Some(([0.0, 0.5], [1.0, 0.5])));
        assert_eq!(clip_segment([-1.0, 2.0], [-0.5, 3.0], w, w), None);
        let parts = clip_polyline(&[[0.5, 0.5], [1.5, 0.5], [1.5, 0.8], [0.5, 0.8]], w, w);
        assert_eq!(parts, vec![vec![[0.5, 0.5], [1.0, 0.5]], vec![[1.0, 0.8], [0.5, 0.8]]]);
    }

    #[test]
    fn tangent_equations_read_like_a_textbook() {
        assert_eq!(tangent_text(1.0, 1.0, 2.0).0, "y = 2x - 1");
        assert_eq!(tangent_text(0.0, 0.0, 1.0).0, "y = x");
        assert_eq!(tangent_text(0.0, 3.0, 0.0).0, "y = 3");
        assert_eq!(tangent_text(2.0, 1.0, -0.5).0, "y = -0.5x + 2");
    }
}
