//! z = f(x, y) as a mesh: the window, the range of z (holes where f has no value or leaves
//! it), the paths lifted onto the surface, P, and matplotlib's viewpoint.

use super::{
    axis_window, include, nothing_to_draw, num, path_entry, point_text, walk, Entry, Label, Panel, Path3, Rect,
    Surface, Swatch,
};
use super::{AT_COLOR, PATH_COLORS, TOP};
use crate::error::{Error, Result};
use crate::plot::contours::Grid;
use crate::plot::window::{self, finite_sorted};
use crate::plot::{Format, Function, Request};
/// The surface panel with its legend entries, and the canvas width and height it needs.
pub(super) fn surface(
    f: &Function,
    r: &Request,
    format: Format,
    legend: &mut Vec<Entry>,
) -> Result<(Vec<Panel>, f64, f64)> {
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
