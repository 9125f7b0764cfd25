//! `plot EXPR [-o FILE]`: a picture of f ([`crate::plot`]) — contour lines and the gradient
//! field of f(x, y) (with `--at P` the gradient at P), the graph of f(x) (with `--at a` its
//! tangent, `--derivative` f′ under it), or `--surface`; `--path` overlays the runs of
//! `descend` ([`super::descend::prepare`], so the picture shows the table's points).
//!
//! The format is the file's extension (`.svg`, `.png`, `.tex`); without `-o`, SVG goes to
//! standard output when that is not a terminal (`cli::request` refuses a terminal). A path that
//! could not go on (it diverged, or met a singular Hessian) is drawn up to where it stopped,
//! says so in the legend, and is warned about; the picture is still made (exit 0).

use super::descend;
use super::{Context, Report};
use crate::calculus;
use crate::calculus::descent::Stop;
use crate::cli::checks;
use crate::cli::coordinates::{self, split_top};
use crate::cli::request::{normalize_var, Output, PlotFlags, MAX_PATH_POINTS};
use crate::error::{Error, Result};
use crate::explain::descent::{label, method_name, reason};
use crate::expr::{Pool, SymId};
use crate::plot::{self, Format, Function, Interval, Labels, Request};
use crate::print::values::Printers;
use crate::print::Style;

/// Significant digits of the numbers in the legend (the library writes its own with as many).
const LEGEND_DIGITS: usize = 4;

pub fn run(ctx: &Context, flags: &PlotFlags) -> Result<Report> {
    let mut problem = ctx.problem()?;
    // A picture is drawn in double precision: every parameter needs its value.
    problem.require_values()?;
    let vars = problem.vars.clone();
    if vars.is_empty() {
        return Err(Error::usage("plot draws a function of one or two variables, and f is a constant")
            .with_help("name its variable with --vars x to draw its graph"));
    }
    if vars.len() > 2 {
        return Err(Error::usage(format!(
            "plot draws a function of one or two variables, and f has {} ({})",
            vars.len(),
            coordinates::var_list(&problem.pool, &vars)
        ))
        .with_help("substitute numbers for the variables you want to hold fixed"));
    }
    let pool = &mut problem.pool;
    let f = problem.f;
    let mut deriver = ctx.deriver();
    // The labels print the partials presented; the picture samples them as computed (`raw`),
    // undefined where a factor the printed form cancelled is.
    let raw = calculus::gradient(&mut deriver, pool, f, &vars);
    let partials = calculus::present::presentable_all(pool, &raw);
    checks::printable(pool, &partials)?;
    let (ranges, value_range) = match &flags.range {
        Some(typed) => ranges(pool, typed, &vars, flags.surface)?,
        None => (Vec::new(), None),
    };
    let at = problem.points.first().map(|c| c.iter().map(|&x| pool.approx_const(x)).collect());
    let digits = LEGEND_DIGITS;
    let mut paths = Vec::new();
    let mut warnings = Vec::new();
    for run in &flags.paths {
        let prepared = descend::prepare(pool, &mut deriver, f, &vars, run, 1, |_| MAX_PATH_POINTS, false)?;
        // The path descend would print: it ends where f or its gradient has no value.
        let (path, failed) =
            descend::walk(pool, &mut deriver, &problem.domain, f, &vars, &prepared, ctx.options.digits)?;
        let name = method_name(prepared.settings.method);
        if path.stop == Stop::RowLimit {
            // Not reached: the request refuses --steps that make more points.
            return Err(Error::usage(format!(
                "a path of more than {MAX_PATH_POINTS} points is more than a picture shows"
            )));
        }
        let Some(last) = path.rows.last() else { continue };
        if let Some(e) = failed {
            warnings.push(format!("{}; the picture shows the path of {name} up to there", e.message));
        }
        let printers = Printers::new(pool, digits);
        let both = |p: &crate::explain::Prose| {
            plot::Label::new(p.render_inline(&printers, Style::Text), p.render_inline(&printers, Style::Latex))
        };
        paths.push(plot::Path {
            label: both(&label(&prepared.settings, ctx.options.digits)),
            points: path.rows.iter().map(|r| r.point.clone()).collect(),
            // The legend says itself where f has no value; the other ends need the reason.
            note: (path.stop != Stop::Steps && last.value.is_finite() && last.point.iter().all(|x| x.is_finite()))
                .then(|| both(&reason(path.stop, last, &prepared.settings, digits))),
        });
    }
    let marks =
        if flags.critical { critical_marks(pool, &mut deriver, f, &vars, &ranges, flags.surface)? } else { Vec::new() };
    let derivative = (vars.len() == 1).then(|| partials[0]);
    let labels = Labels::written(pool, f, &vars, derivative);
    let function = Function::compile(pool, f, &raw, &vars, labels)?;
    let request = Request {
        at,
        paths,
        ranges,
        value_range,
        surface: flags.surface,
        derivative: flags.derivative,
        filled: flags.filled,
        samples: None,
        marks,
    };
    let report = match &flags.output {
        Output::File(name, format) => {
            let bytes = plot::render(&function, &request, *format)?;
            std::fs::write(name, bytes).map_err(|e| Error::usage(format!("cannot write {name}: {e}")))?;
            Report::silent()
        }
        Output::Stdout | Output::Unnamed => {
            let bytes = plot::render(&function, &request, Format::Svg)?;
            // SVG is text; the report adds the last newline.
            let svg = String::from_utf8_lossy(&bytes);
            Report::text(svg.trim_end_matches('\n').to_string())
        }
    };
    Ok(warnings.into_iter().fold(report, |r, w| r.with_warning(Some(w))))
}

/// `--critical`: the critical points of f(x, y) as `critical` finds them — all of them for a
/// polynomial, else those in the window (or −10..10 where the window is not given) — marked
/// by kind.
fn critical_marks(
    pool: &mut Pool,
    deriver: &mut crate::calculus::Deriver,
    f: crate::expr::ExprId,
    vars: &[SymId],
    ranges: &[Option<Interval>],
    surface: bool,
) -> Result<Vec<plot::Mark>> {
    use crate::calculus::critical::{exact, numeric};
    use crate::calculus::definiteness::Conclusion;
    if vars.len() != 2 || surface {
        return Err(Error::usage("--critical marks the critical points on a contour picture of f(x, y)")
            .with_help("for a function of one variable or a surface, list them with: gradcalc critical EXPR"));
    }
    let found = match exact::find(pool, deriver, f, vars, &[]) {
        Some(c) => c?,
        None => {
            let w: Vec<(f64, f64)> =
                (0..2).map(|k| ranges.get(k).copied().flatten().map_or((-10.0, 10.0), |i| (i.lo, i.hi))).collect();
            numeric::find(pool, deriver, f, vars, &w)?
        }
    };
    Ok(found
        .points
        .iter()
        .map(|p| plot::Mark {
            point: [p.coords[0].approx(pool), p.coords[1].approx(pool)],
            kind: match p.kind {
                Conclusion::LocalMinimum => plot::MarkKind::Minimum,
                Conclusion::LocalMaximum => plot::MarkKind::Maximum,
                Conclusion::SaddlePoint => plot::MarkKind::Saddle,
                _ => plot::MarkKind::Other,
            },
        })
        .collect())
}

/// `--range x=-2:2,y=-1:3` (or `-2:2,-1:3` in the variables' order): the window of each
/// variable; `f=0:4` (or `y=` for the graph of f(x), `z=` for a surface, where that letter is
/// not a variable) the range of the values.
pub(super) fn ranges(
    pool: &mut Pool,
    typed: &str,
    vars: &[SymId],
    surface: bool,
) -> Result<(Vec<Option<Interval>>, Option<Interval>)> {
    let parts = split_top(typed);
    let named = parts.iter().any(|p| p.contains('='));
    let mut windows: Vec<Option<Interval>> = vec![None; vars.len()];
    let mut values = None;
    let example = if vars.len() == 1 { "x=-2:2" } else { "x=-2:2,y=-1:3" };
    for (k, part) in parts.iter().enumerate() {
        let (name, bounds) = match (named, part.split_once('=')) {
            (true, Some((name, bounds))) => (Some(name.trim()), bounds),
            (true, None) => {
                return Err(Error::usage(format!(
                    "--range '{typed}': either name every range ({example}) or none (-2:2,-1:3)"
                )))
            }
            (false, _) => (None, *part),
        };
        let axis = match name {
            Some(name) => {
                let stored = normalize_var(name)
                    .map_err(|e| Error { message: format!("--range '{typed}': {}", e.message), ..e })?;
                match vars.iter().position(|&v| pool.name(v) == stored) {
                    Some(i) => Some(i),
                    None if stored == "f"
                        || (stored == "y" && vars.len() == 1 && !surface)
                        || (stored == "z" && surface) =>
                    {
                        None
                    }
                    None => {
                        return Err(Error::usage(format!(
                            "--range names '{stored}', which is not a variable here ({})",
                            coordinates::var_list(pool, vars)
                        ))
                        .with_help("f=LO:HI sets the range of the values"))
                    }
                }
            }
            None if k < vars.len() => Some(k),
            None => {
                return Err(Error::usage(format!(
                    "--range '{typed}' has {} ranges but there {} {} variable{} ({})",
                    parts.len(),
                    if vars.len() == 1 { "is" } else { "are" },
                    vars.len(),
                    if vars.len() == 1 { "" } else { "s" },
                    coordinates::var_list(pool, vars)
                ))
                .with_help("give one LO:HI per variable, and f=LO:HI for the values"))
            }
        };
        let what = match axis {
            Some(i) => pool.name(vars[i]).to_string(),
            None => "the values".to_string(),
        };
        let Some((lo, hi)) = bounds.split_once(':') else {
            return Err(Error::usage(format!("--range '{typed}': the range of {what} needs LO:HI, like {example}")));
        };
        let lo = coordinates::constant(pool, lo, &format!("the lower end of the range of {what}"))?;
        let hi = coordinates::constant(pool, hi, &format!("the upper end of the range of {what}"))?;
        let w = Interval::new(pool.approx_const(lo), pool.approx_const(hi), &what)?;
        let slot = match axis {
            Some(i) => &mut windows[i],
            None => &mut values,
        };
        if slot.is_some() {
            return Err(Error::usage(format!("--range gives the range of {what} twice")));
        }
        *slot = Some(w);
    }
    if values.is_some() && vars.len() == 2 && !surface {
        return Err(Error::usage("a range of the values has no effect on a contour picture, whose levels follow f")
            .with_help("it sets the vertical axis of a graph, or z of a --surface"));
    }
    Ok((windows, values))
}
