//! The contour picture of f(x, y): levels and their lines (or filled bands), labels on the
//! lines, the gradient field, P with ∇f(P) across the level line through it, the paths.

use super::layout::{add, from_px, label_on, path_marks, place_near, px_length, Boxes, AROUND};
use super::{
    axis_window, nothing_to_draw, num, path_entry, point_text, walk, AtMark, Axes, Entry, Fill, Label, Level,
    LevelLine, Panel, Plane, Rect, Rgb, Swatch, TextMark, ARROW_COLOR, AT_COLOR, BOTTOM, LABEL_SIZE, LEFT, PATH_COLORS,
    RIGHT, TOP,
};
use crate::error::{Error, Result};
use crate::plot::contours::{self, Grid, Pt};
use crate::plot::font::text_size;
use crate::plot::levels;
use crate::plot::window::{self, finite_sorted};
use crate::plot::{Format, Function, Request};

/// The colour of contour level `t` ∈ [0, 1] (viridis, without its palest end).
pub(super) fn level_color(t: f64) -> Rgb {
    use plotters::style::colors::colormaps::{ColorMap, ViridisRGB};
    let c = ViridisRGB.get_color((0.05 + 0.8 * t.clamp(0.0, 1.0)) as f32);
    (c.0, c.1, c.2)
}

/// The colour of a filled band at `t` ∈ [0, 1]: viridis, lightened so that lines and
/// arrows read on it.
pub(super) fn band_color(t: f64) -> Rgb {
    use plotters::style::colors::colormaps::{ColorMap, ViridisRGB};
    let c = ViridisRGB.get_color(t.clamp(0.0, 1.0) as f32);
    let light = |v: u8| (f64::from(v) * 0.55 + 255.0 * 0.45).round() as u8;
    (light(c.0), light(c.1), light(c.2))
}

/// The contour panel of f(x, y) with its legend entries, and the canvas width and height
/// it needs.
pub(super) fn plane(
    f: &Function,
    r: &Request,
    format: Format,
    legend: &mut Vec<Entry>,
) -> Result<(Vec<Panel>, f64, f64)> {
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

    // The marked points inside the window, and one legend entry per kind shown.
    let inside = |p: &[f64; 2]| axes.x.lo <= p[0] && p[0] <= axes.x.hi && axes.y.lo <= p[1] && p[1] <= axes.y.hi;
    let marks: Vec<(Pt, super::Rgb)> =
        r.marks.iter().filter(|m| inside(&m.point)).map(|m| (m.point, super::mark_color(m.kind))).collect();
    for kind in crate::plot::MarkKind::ALL {
        let n = r.marks.iter().filter(|m| m.kind == kind && inside(&m.point)).count();
        if n > 0 {
            let words = format!("{} ({n})", kind.name());
            legend.push(Entry { swatch: Swatch::Dot(super::mark_color(kind)), text: Label::new(words.clone(), words) });
        }
    }
    let plane = Plane { axes, levels, lines, fills, filled: r.filled, labels, arrows, at, paths, marks };
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
