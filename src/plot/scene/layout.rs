//! Where things go on the canvas: boxes already taken, text placed next to a point or on a
//! line where its box is free, the numbered points of a path, and clipping to the window.

use super::{Axes, PathMarks, Rect, Rgb, TextMark, LABEL_SIZE};
use crate::plot::contours::Pt;
use crate::plot::font::text_size;
use crate::plot::{Interval, Label};
use rustc_hash::FxHashMap;

/// Occupied boxes of the canvas, for placing text where it fits.
#[derive(Default)]
pub(super) struct Boxes {
    all: Vec<Box2>,
    /// The boxes that touch each cell of a grid of [`CELL`]-pixel squares, so that a test
    /// looks at the boxes nearby, not at all of them (a path of many points adds a box per
    /// point, and each of its numbers is tested against them).
    cells: FxHashMap<(i32, i32), Vec<u32>>,
}

/// left, top, right, bottom in pixels.
pub(super) type Box2 = [f64; 4];

/// The side of a cell of [`Boxes`]'s grid, in pixels.
const CELL: f64 = 32.0;

/// The cells a box touches (clamped to ±4096 cells, so that a far box costs no more than a
/// near one; two boxes that overlap still share a cell).
fn cells(b: &Box2) -> impl Iterator<Item = (i32, i32)> {
    let cell = |v: f64| (v / CELL).floor().clamp(-4096.0, 4096.0) as i32;
    let (x0, x1, y0, y1) = (cell(b[0]), cell(b[2]), cell(b[1]), cell(b[3]));
    (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
}

impl Boxes {
    pub(super) fn free(&self, b: &Box2) -> bool {
        let disjoint = |o: &Box2| b[2] <= o[0] || b[0] >= o[2] || b[3] <= o[1] || b[1] >= o[3];
        cells(b).all(|c| self.cells.get(&c).is_none_or(|ids| ids.iter().all(|&i| disjoint(&self.all[i as usize]))))
    }
    pub(super) fn add(&mut self, b: Box2) {
        let id = self.all.len() as u32;
        self.all.push(b);
        for c in cells(&b) {
            self.cells.entry(c).or_default().push(id);
        }
    }
}

pub(super) fn within(area: &Rect, b: &Box2, margin: f64) -> bool {
    b[0] >= area.left + margin
        && b[2] <= area.left + area.width - margin
        && b[1] >= area.top + margin
        && b[3] <= area.top + area.height - margin
}

/// Clips the segment a–b to the window (Liang–Barsky).
pub(super) fn clip_segment(a: Pt, b: Pt, x: Interval, y: Interval) -> Option<(Pt, Pt)> {
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
pub(super) fn clip_polyline(points: &[Pt], x: Interval, y: Interval) -> Vec<Vec<Pt>> {
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

/// The eight directions a text can sit in from a point (x right, y down, in pixels).
pub(super) const AROUND: [(f64, f64); 8] =
    [(1.0, -1.0), (1.0, 1.0), (-1.0, -1.0), (-1.0, 1.0), (0.0, -1.0), (0.0, 1.0), (1.0, 0.0), (-1.0, 0.0)];

/// The centre (pixels) for a text near the canvas point `c`: the first direction of `dirs`
/// where its box is free and inside the area, `gap` pixels off; with `force`, the first
/// direction that stays inside even if taken. The box is added to `boxes`.
#[allow(clippy::too_many_arguments)]
pub(super) fn place_near(
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
pub(super) fn number_points(axes: &Axes, pts: &[Pt], color: Rgb, boxes: &mut Boxes) -> Vec<TextMark> {
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
    let mut tries = 0;
    for (rank, &k) in order.iter().enumerate() {
        // A point on the pixel of the one before it has no room of its own for a number.
        let crowded = rank >= 2 && k > 0 && same_pixel(axes, pts[k - 1], pts[k]);
        if !axes.inside(pts[k]) || crowded {
            continue;
        }
        // Far more points than room for numbers: the picture is full long before this.
        tries += 1;
        if tries > MAX_NUMBER_TRIES {
            break;
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
pub(super) fn occupy_lines(axes: &Axes, lines: &[Vec<Pt>], boxes: &mut Boxes) {
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

/// The points of a path that are tried for a number (each try tests its eight places against
/// the boxes nearby): a picture has room for far fewer.
const MAX_NUMBER_TRIES: usize = 2000;

/// Whether two points are drawn within half a pixel of each other.
fn same_pixel(axes: &Axes, a: Pt, b: Pt) -> bool {
    let (p, q) = (axes.px(a), axes.px(b));
    (p.0 - q.0).hypot(p.1 - q.1) < 0.5
}

/// The marks of a path in a window: polyline, markers, numbers.
pub(super) fn path_marks(axes: &Axes, pts: &[Pt], color: Rgb, boxes: &mut Boxes) -> PathMarks {
    let lines = clip_polyline(pts, axes.x, axes.y);
    // A point within half a pixel of the marker before it would be drawn on top of it: a
    // slow descent of many steps makes one marker per pixel, not one per step.
    let mut markers: Vec<Pt> = Vec::new();
    for &p in pts.iter().filter(|&&p| axes.inside(p)) {
        if markers.last().is_some_and(|&m| same_pixel(axes, m, p)) {
            continue;
        }
        let (cx, cy) = axes.px(p);
        boxes.add([cx - 4.0, cy - 4.0, cx + 4.0, cy + 4.0]);
        markers.push(p);
    }
    let numbers = number_points(axes, pts, color, boxes);
    PathMarks { color, lines, markers, numbers }
}

pub(super) fn add(a: Pt, b: Pt) -> Pt {
    [a[0] + b[0], a[1] + b[1]]
}

pub(super) fn from_px(axes: &Axes, c: (f64, f64)) -> Pt {
    let (sx, sy) = axes.scale();
    [axes.x.lo + (c.0 - axes.area.left) / sx, axes.y.hi - (c.1 - axes.area.top) / sy]
}

/// Where on a line `len` pixels long a label fits: its middle, else a quarter or three
/// quarters along, ….
pub(super) fn label_on(axes: &Axes, points: &[Pt], len: f64, text: &str, boxes: &mut Boxes) -> Option<Pt> {
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

pub(super) fn px_length(axes: &Axes, pts: &[Pt]) -> f64 {
    pts.windows(2)
        .map(|w| {
            let (a, b) = (axes.px(w[0]), axes.px(w[1]));
            ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
        })
        .sum()
}

/// The point `dist` pixels along a polyline.
pub(super) fn point_along(axes: &Axes, pts: &[Pt], dist: f64) -> Pt {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_keeps_what_is_inside() {
        let w = Interval { lo: 0.0, hi: 1.0 };
        assert_eq!(clip_segment([-1.0, 0.5], [2.0, 0.5], w, w), Some(([0.0, 0.5], [1.0, 0.5])));
        assert_eq!(clip_segment([-1.0, 2.0], [-0.5, 3.0], w, w), None);
        let parts = clip_polyline(&[[0.5, 0.5], [1.5, 0.5], [1.5, 0.8], [0.5, 0.8]], w, w);
        assert_eq!(parts, vec![vec![[0.5, 0.5], [1.0, 0.5]], vec![[1.0, 0.8], [0.5, 0.8]]]);
    }
}
