//! Draws a [`Scene`] with plotters: the same drawing code for the SVG and the PNG back-end.
//! plotters draws the axes with their ticks; everything else is drawn in canvas pixels from
//! the scene's own layout, so that text lands where the scene made room for it.
//!
//! plotters' bitmap back-end draws lines without anti-aliasing, so the PNG is drawn at twice
//! its size and averaged down (every pixel length goes through [`Canvas::k`]).

use super::contours::Pt;
use super::font::{self, text_size, FAMILY};
use super::scene::{
    Axes, Entry, Graph, Panel, PathMarks, Plane, Rgb, Scene, Surface, Swatch, TextMark, ARROW_COLOR, AT_COLOR,
    AXIS_COLOR, BOTTOM, LEFT, LEGEND_LINE, LEGEND_SIZE, NAME_SIZE, TANGENT_COLOR, TICK_SIZE, TITLE_SIZE,
};
use crate::error::{Error, Result};
use crate::print::decimal;
use plotters::coord::ranged1d::{BoldPoints, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::element::{Circle, DashedPathElement, PathElement, Polygon, Rectangle, Text};
use plotters::prelude::{
    BitMapBackend, ChartBuilder, DrawingArea, DrawingBackend, IntoDrawingArea, IntoFont, SVGBackend,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, RGBColor, TextStyle, WHITE};

/// A cell of the mesh: its depth on the screen, corners (plotters' coordinates), height in [0, 1].
type Quad = (i32, [(f64, f64, f64); 4], f64);

/// Supersampling of the PNG.
const PNG_SCALE: u32 = 2;

/// About how many ticks on each axis of a surface.
const TICKS_3D: usize = 6;

/// The picture as SVG text.
pub fn svg(scene: &Scene) -> Result<String> {
    font::register();
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (scene.width, scene.height)).into_drawing_area();
        Canvas { root: &root, k: 1.0 }.scene(scene)?;
        root.present().map_err(failed)?;
    }
    Ok(out)
}

/// The picture as a PNG file.
pub fn png(scene: &Scene) -> Result<Vec<u8>> {
    font::register();
    let (w, h) = (scene.width, scene.height);
    let (bw, bh) = (w * PNG_SCALE, h * PNG_SCALE);
    let mut big = vec![255u8; bw as usize * bh as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut big, (bw, bh)).into_drawing_area();
        Canvas { root: &root, k: PNG_SCALE as f64 }.scene(scene)?;
        root.present().map_err(failed)?;
    }
    let rgb = downsample(&big, w as usize, h as usize, PNG_SCALE as usize);
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(failed)?;
    writer.write_image_data(&rgb).map_err(failed)?;
    writer.finish().map_err(failed)?;
    Ok(out)
}

/// Averages `s × s` blocks of an RGB image `w·s` by `h·s`.
fn downsample(big: &[u8], w: usize, h: usize, s: usize) -> Vec<u8> {
    let mut out = vec![0u8; w * h * 3];
    let bw = w * s;
    for y in 0..h {
        for x in 0..w {
            for c in 0..3 {
                let mut sum = 0u32;
                for dy in 0..s {
                    for dx in 0..s {
                        sum += u32::from(big[((y * s + dy) * bw + x * s + dx) * 3 + c]);
                    }
                }
                out[(y * w + x) * 3 + c] = ((sum + (s * s / 2) as u32) / (s * s) as u32) as u8;
            }
        }
    }
    out
}

fn failed<E: std::fmt::Debug>(e: E) -> Error {
    Error::math(format!("internal error while drawing the picture: {e:?}"))
}

fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// A drawing area with the factor from scene pixels to its own.
struct Canvas<'a, DB: DrawingBackend> {
    root: &'a DrawingArea<DB, Shift>,
    k: f64,
}

impl<DB: DrawingBackend> Canvas<'_, DB> {
    fn at(&self, p: (f64, f64)) -> (i32, i32) {
        ((p.0 * self.k).round() as i32, (p.1 * self.k).round() as i32)
    }

    fn px(&self, axes: &Axes, p: Pt) -> (i32, i32) {
        self.at(axes.px(p))
    }

    fn width(&self, w: f64) -> u32 {
        (w * self.k).round().max(1.0) as u32
    }

    fn font(&self, size: f64, color: Rgb, h: HPos) -> TextStyle<'static> {
        (FAMILY, size * self.k).into_font().color(&rgb(color)).pos(Pos::new(h, VPos::Center))
    }

    fn line(&self, pts: Vec<(i32, i32)>, color: Rgb, width: f64) -> Result<()> {
        self.root.draw(&PathElement::new(pts, rgb(color).stroke_width(self.width(width)))).map_err(failed)
    }

    fn dot(&self, c: (i32, i32), r: f64, color: Rgb) -> Result<()> {
        self.root.draw(&Circle::new(c, self.width(r), rgb(color).filled())).map_err(failed)
    }

    fn label(&self, text: &str, at: (f64, f64), size: f64, color: Rgb, h: HPos) -> Result<()> {
        self.root.draw(&Text::new(text.to_string(), self.at(at), self.font(size, color, h))).map_err(failed)
    }

    fn scene(&self, scene: &Scene) -> Result<()> {
        self.root.fill(&WHITE).map_err(failed)?;
        self.label(&scene.title.text, (scene.width as f64 / 2.0, 26.0), TITLE_SIZE, (0, 0, 0), HPos::Center)?;
        for panel in &scene.panels {
            match panel {
                Panel::Plane(p) => self.plane(p)?,
                Panel::Graph(g) => self.graph(g)?,
                Panel::Surface(s) => self.surface(s)?,
            }
        }
        self.legend(scene)
    }

    /// The frame, ticks and axis names of a panel (plotters' chart over exactly the
    /// scene's area).
    fn frame(&self, axes: &Axes) -> Result<()> {
        let a = axes.area;
        let sub = self
            .root
            .clone()
            .shrink(self.at((a.left - LEFT, a.top)), (self.width(a.width + LEFT), self.width(a.height + BOTTOM)));
        let mut chart = ChartBuilder::on(&sub)
            .x_label_area_size(self.width(BOTTOM))
            .y_label_area_size(self.width(LEFT))
            .build_cartesian_2d(axes.x.lo..axes.x.hi, axes.y.lo..axes.y.hi)
            .map_err(failed)?;
        let tiny = 1e-12 * (axes.x.span() + axes.y.span());
        let fmt = |v: &f64| decimal(if v.abs() < tiny { 0.0 } else { *v }, 6);
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(9)
            .y_labels(9)
            .x_label_formatter(&fmt)
            .y_label_formatter(&fmt)
            .set_all_tick_mark_size(self.width(5.0))
            .axis_style(rgb(AXIS_COLOR).stroke_width(self.width(1.0)))
            .label_style((FAMILY, TICK_SIZE * self.k))
            .axis_desc_style((FAMILY, NAME_SIZE * self.k))
            .x_desc(axes.names[0].text.clone())
            .y_desc(axes.names[1].text.clone())
            .draw()
            .map_err(failed)?;
        let (l, t) = self.at((a.left, a.top));
        let (r, b) = self.at((a.left + a.width, a.top + a.height));
        self.root.draw(&Rectangle::new([(l, t), (r, b)], rgb(AXIS_COLOR).stroke_width(self.width(1.0)))).map_err(failed)
    }

    fn polyline(&self, axes: &Axes, pts: &[Pt], color: Rgb, width: f64) -> Result<()> {
        let mut px: Vec<(i32, i32)> = Vec::with_capacity(pts.len());
        for &p in pts {
            let q = self.px(axes, p);
            if px.last() != Some(&q) {
                px.push(q);
            }
        }
        if px.len() >= 2 {
            self.line(px, color, width)?;
        }
        Ok(())
    }

    fn dashed(&self, a: (i32, i32), b: (i32, i32), color: Rgb, width: f64) -> Result<()> {
        let (dash, gap) = (self.width(6.0), self.width(4.0));
        let style = rgb(color).stroke_width(self.width(width));
        self.root.draw(&DashedPathElement::new(vec![a, b], dash, gap, style)).map_err(failed)
    }

    /// An arrow from a to b (scene pixels) with a filled head `head` long.
    fn arrow(&self, a: (f64, f64), b: (f64, f64), color: Rgb, width: f64, head: f64) -> Result<()> {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len = dx.hypot(dy);
        if len < 1.0 {
            return Ok(());
        }
        let (ux, uy) = (dx / len, dy / len);
        let hl = head.min(0.45 * len);
        let hw = 0.42 * hl;
        let base = (b.0 - ux * hl, b.1 - uy * hl);
        let shaft_end = (b.0 - ux * hl * 0.7, b.1 - uy * hl * 0.7);
        self.line(vec![self.at(a), self.at(shaft_end)], color, width)?;
        let head = vec![
            self.at(b),
            self.at((base.0 - uy * hw, base.1 + ux * hw)),
            self.at((base.0 + uy * hw, base.1 - ux * hw)),
        ];
        self.root.draw(&Polygon::new(head, rgb(color).filled())).map_err(failed)
    }

    fn text(&self, axes: &Axes, t: &TextMark) -> Result<()> {
        let c = axes.px(t.pos);
        if t.boxed {
            let (w, h) = text_size(&t.text.text, t.size);
            let b = [self.at((c.0 - w / 2.0, c.1 - h / 2.0)), self.at((c.0 + w / 2.0, c.1 + h / 2.0))];
            self.root.draw(&Rectangle::new(b, WHITE.mix(0.85).filled())).map_err(failed)?;
        }
        self.label(&t.text.text, c, t.size, t.color, HPos::Center)
    }

    fn paths(&self, axes: &Axes, paths: &[PathMarks]) -> Result<()> {
        for p in paths {
            for l in &p.lines {
                self.polyline(axes, l, p.color, 2.0)?;
            }
            // A white rim under every dot first, then the dots: where the points crowd (a slow
            // descent), the rims of later points would otherwise paint over earlier dots and
            // the path would vanish in white.
            for &m in &p.markers {
                self.dot(self.px(axes, m), 5.0, (255, 255, 255))?;
            }
            for &m in &p.markers {
                self.dot(self.px(axes, m), 4.0, p.color)?;
            }
            for n in &p.numbers {
                self.text(axes, n)?;
            }
        }
        Ok(())
    }

    fn plane(&self, p: &Plane) -> Result<()> {
        let axes = &p.axes;
        self.frame(axes)?;
        for fill in &p.fills {
            for region in &fill.regions {
                let ring = keyhole(&region.exterior, &region.holes);
                let px: Vec<(i32, i32)> = ring.iter().map(|&q| self.px(axes, q)).collect();
                if px.len() >= 3 {
                    self.root.draw(&Polygon::new(px, rgb(fill.color).filled())).map_err(failed)?;
                }
            }
        }
        for line in &p.lines {
            let (color, width) = if p.filled { ((60, 60, 60), 0.8) } else { (p.levels[line.level].color, 1.6) };
            self.polyline(axes, &line.points, color, width)?;
        }
        for l in &p.labels {
            let mut l = l.clone();
            if p.filled {
                l.color = (40, 40, 40);
            }
            self.text(axes, &l)?;
        }
        for &(a, b) in &p.arrows {
            self.arrow(axes.px(a), axes.px(b), ARROW_COLOR, 1.0, 7.0)?;
        }
        if let Some(at) = &p.at {
            for l in &at.level_lines {
                self.polyline(axes, l, AT_COLOR, 2.0)?;
            }
            if let Some((a, b)) = at.tangent {
                self.dashed(self.px(axes, a), self.px(axes, b), (110, 110, 110), 1.2)?;
            }
            if let Some(c) = at.corner {
                self.line(c.iter().map(|&q| self.px(axes, q)).collect(), AT_COLOR, 1.2)?;
            }
            if let Some((a, b)) = at.arrow {
                self.arrow(axes.px(a), axes.px(b), AT_COLOR, 3.0, 14.0)?;
            }
        }
        self.paths(axes, &p.paths)?;
        for &(m, color) in &p.marks {
            self.dot(self.px(axes, m), 7.0, (255, 255, 255))?;
            self.dot(self.px(axes, m), 5.5, color)?;
        }
        if let Some(at) = &p.at {
            self.dot(self.px(axes, at.p), 5.0, AT_COLOR)?;
            for t in &at.texts {
                self.text(axes, t)?;
            }
        }
        Ok(())
    }

    fn graph(&self, g: &Graph) -> Result<()> {
        let axes = &g.axes;
        self.frame(axes)?;
        if let Some(t) = &g.title {
            let a = axes.area;
            self.label(&t.text, (a.left + a.width / 2.0, a.top - 13.0), NAME_SIZE, (0, 0, 0), HPos::Center)?;
        }
        if let Some((a, b)) = g.zero {
            self.polyline(axes, &[a, b], AXIS_COLOR, 1.0)?;
        }
        if let Some((a, b)) = g.guide {
            self.dashed(self.px(axes, a), self.px(axes, b), AXIS_COLOR, 1.0)?;
        }
        for c in &g.curve {
            self.polyline(axes, c, g.color, 2.0)?;
        }
        if let Some((a, b)) = g.tangent {
            self.polyline(axes, &[a, b], TANGENT_COLOR, 2.0)?;
        }
        self.paths(axes, &g.paths)?;
        if let Some(p) = g.point {
            self.dot(self.px(axes, p), 5.0, TANGENT_COLOR)?;
        }
        for t in &g.texts {
            self.text(axes, t)?;
        }
        Ok(())
    }

    /// The mesh painted back to front (plotters draws in the order given), shaded by height
    /// with viridis, then the paths and P on top.
    fn surface(&self, s: &Surface) -> Result<()> {
        use plotters::coord::CoordTranslate;
        use plotters::style::colors::colormaps::{ColorMap, ViridisRGB};
        let a = s.area;
        let sub = self.root.clone().shrink(self.at((a.left, a.top)), (self.width(a.width), self.width(a.height)));
        // plotters' y axis is the vertical one: (x, y, z) of the picture is (x, z, -y) there
        // (with y itself the axes would be a mirror image).
        let mut chart = ChartBuilder::on(&sub)
            .margin(self.width(20.0))
            .build_cartesian_3d(s.x.lo..s.x.hi, s.z.lo..s.z.hi, -s.y.hi..-s.y.lo)
            .map_err(failed)?;
        let (az, el) = s.view;
        chart.with_projection(|mut pb| {
            // plotters' yaw turns the view about the vertical axis as pgfplots' azimuth does.
            pb.yaw = az.to_radians();
            pb.pitch = el.to_radians();
            pb.scale = 0.75;
            pb.into_matrix()
        });
        // plotters draws the box, its panels and grid; the tick labels go on the front edges
        // (and z on the left), as pgfplots puts them, at plotters' own key points.
        let none = |_: &f64| String::new();
        chart
            .configure_axes()
            .light_grid_style(RGBColor(200, 200, 200).mix(0.4))
            .bold_grid_style(RGBColor(150, 150, 150).mix(0.5))
            .max_light_lines(2)
            .x_labels(TICKS_3D)
            .y_labels(TICKS_3D)
            .z_labels(TICKS_3D)
            .tick_size(0)
            .x_formatter(&none)
            .y_formatter(&none)
            .z_formatter(&none)
            .draw()
            .map_err(failed)?;
        let coord = chart.as_coord_spec().clone();
        let mut quads: Vec<Quad> = Vec::new();
        for j in 0..s.ny - 1 {
            for i in 0..s.nx - 1 {
                let c = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)]
                    .map(|(i, j)| (s.x_at(i), s.z_at(i, j), -s.y_at(j)));
                if c.iter().any(|q| q.1.is_nan()) {
                    continue;
                }
                let mid = |f: fn(&(f64, f64, f64)) -> f64| 0.25 * c.iter().map(f).sum::<f64>();
                let centre = (mid(|q| q.0), mid(|q| q.1), mid(|q| q.2));
                let depth = coord.projected_depth(&centre.0, &centre.1, &centre.2);
                quads.push((depth, c, (centre.1 - s.z.lo) / s.z.span()));
            }
        }
        quads.sort_by_key(|q| q.0);
        let edge = RGBColor(30, 30, 30).mix(0.3).stroke_width(self.width(0.6));
        for (_, c, t) in &quads {
            let col = ViridisRGB.get_color(*t as f32);
            chart.draw_series(std::iter::once(Polygon::new(c.to_vec(), col.filled()))).map_err(failed)?;
            let mut ring = c.to_vec();
            ring.push(c[0]);
            chart.draw_series(std::iter::once(PathElement::new(ring, edge))).map_err(failed)?;
        }
        let px = |q: (f64, f64, f64)| {
            let p = coord.translate(&q);
            (p.0 as f64 / self.k, p.1 as f64 / self.k)
        };
        for p in &s.paths {
            let pts: Vec<(f64, f64, f64)> = p.points.iter().map(|q| (q[0], q[2], -q[1])).collect();
            let style = rgb(p.color).stroke_width(self.width(2.0));
            chart.draw_series(std::iter::once(PathElement::new(pts.clone(), style))).map_err(failed)?;
            for q in &pts {
                chart
                    .draw_series(std::iter::once(Circle::new(*q, self.width(3.0), rgb(p.color).filled())))
                    .map_err(failed)?;
            }
            for (q, n) in &p.numbers {
                let c = px((q[0], q[2], -q[1]));
                self.label(n, (c.0 + 10.0, c.1 - 10.0), LEGEND_SIZE, p.color, HPos::Center)?;
            }
        }
        if let Some(q) = s.point {
            let c = px((q[0], q[2], -q[1]));
            self.dot(self.at(c), 5.0, AT_COLOR)?;
            self.label("P", (c.0 + 10.0, c.1 - 10.0), LEGEND_SIZE, AT_COLOR, HPos::Center)?;
        }
        // Tick labels and axis names beyond the two front edges, z's along the left-most
        // vertical edge.
        let theta = (az - 90.0).to_radians();
        let front_x = if theta.cos() > 0.0 { s.x.hi } else { s.x.lo };
        let front_y = if theta.sin() > 0.0 { s.y.hi } else { s.y.lo };
        let (mid_x, mid_y) = (0.5 * (s.x.lo + s.x.hi), 0.5 * (s.y.lo + s.y.hi));
        let centre = px((mid_x, s.z.lo, -mid_y));
        let outward = |c: (f64, f64), by: f64| {
            let (dx, dy) = (c.0 - centre.0, c.1 - centre.1);
            let d = dx.hypot(dy).max(1.0);
            (c.0 + dx / d * by, c.1 + dy / d * by)
        };
        let ticks = |lo: f64, hi: f64| RangedCoordf64::from(lo..hi).key_points(BoldPoints(TICKS_3D));
        for v in ticks(s.x.lo, s.x.hi) {
            let at = outward(px((v, s.z.lo, -front_y)), 16.0);
            self.label(&decimal(v, 4), at, TICK_SIZE, (0, 0, 0), HPos::Center)?;
        }
        for v in ticks(-s.y.hi, -s.y.lo) {
            let at = outward(px((front_x, s.z.lo, v)), 16.0);
            self.label(&decimal(-v, 4), at, TICK_SIZE, (0, 0, 0), HPos::Center)?;
        }
        let names = [((mid_x, s.z.lo, -front_y), &s.names[0]), ((front_x, s.z.lo, -mid_y), &s.names[1])];
        for (q, name) in names {
            self.label(&name.text, outward(px(q), 46.0), NAME_SIZE, (0, 0, 0), HPos::Center)?;
        }
        let corners = [(s.x.lo, s.y.lo), (s.x.lo, s.y.hi), (s.x.hi, s.y.lo), (s.x.hi, s.y.hi)];
        let left = corners.iter().map(|&(x, y)| (x, y, px((x, s.z.lo, -y)))).fold(
            None,
            |a: Option<(f64, f64, (f64, f64))>, b| match a {
                Some(a) if a.2 .0 <= b.2 .0 => Some(a),
                _ => Some(b),
            },
        );
        if let Some((cx, cy, _)) = left {
            for v in ticks(s.z.lo, s.z.hi) {
                let c = px((cx, v, -cy));
                self.label(&decimal(v, 4), (c.0 - 8.0, c.1), TICK_SIZE, (0, 0, 0), HPos::Right)?;
            }
            let top = px((cx, s.z.hi, -cy));
            self.label(&s.names[2].text, (top.0 - 8.0, top.1 - 24.0), NAME_SIZE, (0, 0, 0), HPos::Right)?;
        }
        Ok(())
    }

    fn legend(&self, scene: &Scene) -> Result<()> {
        let (left, top) = scene.legend_at;
        for (k, Entry { swatch, text }) in scene.legend.iter().enumerate() {
            let y = top + LEGEND_LINE * (k as f64 + 0.5);
            let (a, b) = ((left, y), (left + 26.0, y));
            match *swatch {
                Swatch::Path(c) => {
                    self.line(vec![self.at(a), self.at(b)], c, 2.0)?;
                    self.dot(self.at((left + 13.0, y)), 4.0, c)?;
                }
                Swatch::Line(c) => self.line(vec![self.at(a), self.at(b)], c, 2.0)?,
                Swatch::Arrow(c) if c == AT_COLOR => self.arrow(a, b, c, 3.0, 12.0)?,
                Swatch::Arrow(c) => self.arrow(a, b, c, 1.0, 7.0)?,
                Swatch::Dot(c) => self.dot(self.at((left + 13.0, y)), 5.0, c)?,
                Swatch::None => {}
            }
            self.label(&text.text, (left + 36.0, y), LEGEND_SIZE, (0, 0, 0), HPos::Left)?;
        }
        Ok(())
    }
}

/// One ring for a polygon with holes: each hole joined to the outer ring by a cut walked
/// both ways, which the even-odd and non-zero fills (holes turn the other way) both leave
/// out; plotters draws simple polygons only.
pub fn keyhole(exterior: &[Pt], holes: &[Vec<Pt>]) -> Vec<Pt> {
    let mut ring: Vec<Pt> = exterior.to_vec();
    if ring.is_empty() {
        return ring;
    }
    let anchor = ring[0];
    for h in holes.iter().filter(|h| !h.is_empty()) {
        ring.push(anchor);
        ring.extend_from_slice(h);
        ring.push(h[0]);
        ring.push(anchor);
    }
    ring
}
