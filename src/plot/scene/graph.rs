//! The graph of f(x): broken where f has no value or jumps across the window, the tangent
//! line at a with the point, and the derivative's graph under it.

use super::layout::{clip_polyline, clip_segment, from_px, occupy_lines, path_marks, place_near, Boxes, AROUND};
use super::{
    axis_window, include, nothing_to_draw, num, path_entry, walk, Axes, Entry, Graph, Label, Panel, Rect, Rgb, Swatch,
    TextMark, BOTTOM, CURVE_COLOR, LABEL_SIZE, LEFT, PATH_COLORS, RIGHT, TANGENT_COLOR, TOP,
};
use crate::error::{Error, Result};
use crate::plot::contours::{self, Pt};
use crate::plot::window::{self, finite_sorted};
use crate::plot::{Format, Function, Interval, Request};
/// The graph of f(x) (and of f′ under it) with the legend entries, and the canvas width
/// and height they need.
pub(super) fn graphs(
    f: &Function,
    r: &Request,
    format: Format,
    legend: &mut Vec<Entry>,
) -> Result<(Vec<Panel>, f64, f64)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tangent_equations_read_like_a_textbook() {
        assert_eq!(tangent_text(1.0, 1.0, 2.0).0, "y = 2x - 1");
        assert_eq!(tangent_text(0.0, 0.0, 1.0).0, "y = x");
        assert_eq!(tangent_text(0.0, 3.0, 0.0).0, "y = 3");
        assert_eq!(tangent_text(2.0, 1.0, -0.5).0, "y = -0.5x + 2");
    }
}
