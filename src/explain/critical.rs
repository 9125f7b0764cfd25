//! The words and math of `critical`, `taylor` and `tangent`, rendered from their records
//! ([`crate::calculus::critical::Critical`], [`crate::calculus::taylor::Taylor`]): what a
//! point is and why, an exact or algebraic number with its decimals, a set of critical
//! points, the Taylor polynomial term by term — and their derivations for `--steps`. The
//! command's own output and the derivation use these same pieces.

use super::document::{Derivation, StepRule};
use super::math::{Math, Prose, Styled};
use super::verdict;
use crate::calculus::critical::{root_polynomial, Critical, Extreme, HigherOrder, Method, Point, Real, SolutionSet};
use crate::calculus::definiteness::Conclusion;
use crate::calculus::taylor::Taylor;
use crate::expr::{ExprId, Pool, SymId};
use crate::print::values::{matrix_of_cells, subscript, Printers};
use crate::print::{decimal, decimal_layout, Style};

/// Decimal digits an enclosure of the numerical method vouches for.
const ENCLOSED_DIGITS: usize = 12;

/// A number's decimal, correctly rounded for exact ones.
pub fn decimal_of(pool: &Pool, r: &Real, digits: usize) -> String {
    match r.rounded(pool, digits) {
        Some((neg, sig, exp)) => decimal_layout(neg, &sig, exp, digits),
        None => match r {
            Real::Enclosed { mid, .. } => decimal(*mid, digits.min(ENCLOSED_DIGITS)),
            Real::Exact(e) => decimal(pool.approx_const(*e), digits),
            Real::Root(_) => unreachable_decimal(),
        },
    }
}

fn unreachable_decimal() -> String {
    "?".into()
}

/// A number as math: its exact form, or its decimal.
pub fn real(pool: &Pool, r: &Real, digits: usize) -> Math {
    match r {
        Real::Exact(e) => Math::Expr(*e),
        _ => {
            let d = decimal_of(pool, r, digits);
            Math::literal(d.clone(), d.clone(), d)
        }
    }
}

/// A number as math with its decimal when it is exact but not an integer (`√2/2 ≈ 0.7071`).
pub fn real_value(pool: &Pool, r: &Real, digits: usize) -> Math {
    match r {
        Real::Exact(e) => Math::Value(*e),
        _ => real(pool, r, digits),
    }
}

/// Whether every coordinate is exact.
pub fn is_exact(p: &Point) -> bool {
    p.coords.iter().all(|c| matches!(c, Real::Exact(_)))
}

/// `(1, 0)`, or `(-2.805118087, 3.131312518)`.
pub fn point(pool: &Pool, coords: &[Real], digits: usize) -> Math {
    let mut items = vec![Math::literal("(", "(", "(")];
    for (i, c) in coords.iter().enumerate() {
        if i > 0 {
            items.push(Math::literal(", ", ", ", ", "));
        }
        items.push(real(pool, c, digits));
    }
    items.push(Math::literal(")", ")", ")"));
    Math::Row(items)
}

/// The name of a point's kind: `local minimum`, … (without the article).
pub fn kind_name(c: Conclusion) -> &'static str {
    let k = verdict::kind(c);
    k.strip_prefix("a ").unwrap_or(k)
}

/// The JSON `kind`.
pub fn kind_json(c: Conclusion) -> &'static str {
    match c {
        Conclusion::LocalMinimum => "minimum",
        Conclusion::LocalMaximum => "maximum",
        Conclusion::SaddlePoint => "saddle",
        _ => "inconclusive",
    }
}

/// `f(P) − f(0, 0)`-style label for the lowest-order terms.
fn difference(pool: &Pool, p: &Point, digits: usize) -> Math {
    Math::Row(vec![
        Math::literal("f(P + h) − f(P)", "f(P + h) - f(P)", "f(P + h) - f(P)"),
        Math::literal(" at P = ", " at P = ", " \\text{ at } P = "),
        point(pool, &p.coords, digits),
    ])
}

/// Why the point is what it is, beyond its name: how the Hessian decided, or what settled
/// it when the Hessian did not, or what is known when nothing did.
pub fn reason(pool: &Pool, p: &Point, constrained: bool, digits: usize) -> Prose {
    if constrained {
        return match p.test {
            Conclusion::Inconclusive => Prose::text("the bordered-Hessian test is inconclusive (a minor is 0)"),
            _ => Prose::text("by the bordered-Hessian test"),
        };
    }
    let Some(h) = &p.higher else {
        let mut r = Prose::text(p.definiteness.describe());
        if p.test == Conclusion::Inconclusive {
            r = r.append(known_from_semidefinite(p));
        }
        return r;
    };
    let test = Prose::text(p.definiteness.describe()).words(", so the second-derivative test is inconclusive; ");
    let _ = difference(pool, p, digits);
    let terms = |t: ExprId, degree: u32| {
        Prose::text(format!("the lowest-order terms of f(P + h) − f(P) (degree {degree}) are ")).math(Math::Expr(t))
    };
    match h {
        HigherOrder::Definite { terms: t, degree, positive } => test.append(terms(*t, *degree)).words(format!(
            ", {} for every direction: a strict local {}",
            if *positive { "positive" } else { "negative" },
            if *positive { "minimum" } else { "maximum" }
        )),
        HigherOrder::Odd { terms: t, degree } => test
            .append(terms(*t, *degree))
            .words(", of odd degree: they change sign between h and −h, so f takes values above and below f(P) arbitrarily close to P"),
        HigherOrder::Indefinite { terms: t, degree } => test
            .append(terms(*t, *degree))
            .words(", which take both signs: f is above f(P) along some lines through P and below along others"),
        HigherOrder::AlongKernel { direction, coefficient, degree, hessian_positive } => {
            let dir = Math::Point(direction.clone());
            let t = Math::Row(vec![
                Math::Expr(*coefficient),
                Math::literal(format!("·t{}", sup(*degree)), format!("*t^{degree}"), format!(" t^{{{degree}}}")),
            ]);
            let along = test
                .words("along the line P + t·")
                .math(dir)
                .words(", where the Hessian vanishes, f(P + t·u) − f(P) begins with ")
                .math(t);
            let (dir_word, other) = if *hessian_positive { ("above", "below") } else { ("below", "above") };
            if p.kind == Conclusion::SaddlePoint {
                along.words(format!(
                    ", so f goes {other} f(P) along that line and {dir_word} it along the others: a saddle point"
                ))
            } else {
                along.words(format!(
                    ", so f ≥ f(P) near P along every line through P{}; this does not prove a local {} (f can still go {other} f(P) along a curve)",
                    if *hessian_positive { "" } else { " (with ≤)" },
                    if *hessian_positive { "minimum" } else { "maximum" }
                ))
            }
        }
        HigherOrder::EvenPowers { terms: t, positive } => test
            .words("f − f(P) = ")
            .math(Math::Expr(*t))
            .words(format!(
                ", a sum of even powers with {} coefficients: {} everywhere but at P, a strict local {}",
                if *positive { "positive" } else { "negative" },
                if *positive { "positive" } else { "negative" },
                if *positive { "minimum" } else { "maximum" }
            )),
        HigherOrder::EveryLine { positive } => test.words(format!(
            "f {} f(P) near P along every line through P, which does not decide it",
            if *positive { "≥" } else { "≤" }
        )),
    }
}

/// What a semidefinite Hessian alone says.
fn known_from_semidefinite(p: &Point) -> Prose {
    use crate::calculus::definiteness::Definiteness::*;
    match p.definiteness {
        PositiveSemidefinite => Prose::text(
            ": f grows along some direction, so P is not a local maximum; whether it is a minimum depends on higher-order terms",
        ),
        NegativeSemidefinite => Prose::text(
            ": f falls along some direction, so P is not a local minimum; whether it is a maximum depends on higher-order terms",
        ),
        _ => Prose::text(": the higher-order terms decide, and gradcalc could not"),
    }
}

fn sup(k: u32) -> String {
    const S: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    k.to_string().chars().map(|c| S[c.to_digit(10).unwrap_or(0) as usize]).collect()
}

/// `x ≈ -2.805118087 is a root of 4x⁸ − …` for each coordinate (and f) known only as a root.
pub fn roots_of(pool: &mut Pool, p: &Point, vars: &[SymId], digits: usize) -> Vec<(SymId, Math, ExprId)> {
    let mut out = Vec::new();
    for (c, &v) in p.coords.iter().zip(vars) {
        if let Real::Root(r) = c {
            let poly = root_polynomial(pool, r, v);
            out.push((v, real(pool, c, digits), poly));
        }
    }
    out
}

/// A set of critical points in words: `a line of critical points: y = x`.
pub fn set_prose(pool: &Pool, s: &SolutionSet, n: usize) -> Prose {
    let what = match (s.dimension, s.linear, n) {
        (1, true, _) => "a line",
        (2, true, _) => "a plane",
        (1, false, 2) => "a curve",
        (1, false, _) => "a curve",
        (2, false, 3) => "a surface",
        (d, true, _) => {
            return Prose::text(format!("an affine subspace of dimension {d} of critical points: "))
                .append(equations(pool, s))
        }
        (d, false, _) => {
            return Prose::text(format!("a set of dimension {d} of critical points: ")).append(equations(pool, s))
        }
    };
    let mut p = Prose::text(format!("{what} of critical points: ")).append(equations(pool, s));
    if let Some(v) = s.value {
        p = p.words(" (f = ").math(Math::Expr(v)).words(" on it)");
    }
    match s.real {
        Some(true) => p,
        _ => p.words(" — over ℂ; gradcalc did not decide which of its points are real"),
    }
}

fn equations(pool: &Pool, s: &SolutionSet) -> Prose {
    let mut p = Prose::default();
    for (i, &e) in s.equations.iter().enumerate() {
        if i > 0 {
            p = p.words(", ");
        }
        p = p.math(equation_of(pool, e));
    }
    p
}

/// `e = 0` read as a textbook would: solved for the last variable of a linear equation
/// (`y = x`), the constant moved right (`x² + y² = 1`).
fn equation_of(pool: &Pool, e: ExprId) -> Math {
    let _ = pool;
    Math::Row(vec![Math::Expr(e), Math::literal(" = 0", " = 0", " = 0")])
}

/// The derivation of `critical --steps`.
pub fn derivation(pool: &mut Pool, c: &Critical, f: ExprId, digits: usize) -> Derivation {
    let mut d = Derivation::default();
    let n = c.vars.len();
    let constrained = !c.lambdas.is_empty();
    d.line(signature(pool, &c.vars), vec![Math::Expr(f)], StepRule::Given, Prose::text("the function"));
    d.heading(if constrained {
        Prose::text("The Lagrange conditions: ")
            .math(Math::literal("∇f = λ∇G", "∇f = λ∇G", "\\nabla f = \\lambda \\nabla G"))
            .words(" for each constraint ")
            .math(Math::literal("G = c", "G = c", "G = c"))
            .words(", and the constraints")
    } else {
        Prose::text("Critical points: where every first partial derivative is 0")
    });
    let names: Vec<Math> = if constrained {
        (0..c.system.len())
            .map(|i| Math::literal(format!("e{}", subscript(i + 1)), format!("e{}", i + 1), format!("e_{{{}}}", i + 1)))
            .collect()
    } else {
        c.vars.iter().map(|&v| Math::partial(&[v])).collect()
    };
    for (name, &eq) in names.into_iter().zip(&c.system) {
        d.line(name, vec![Math::Expr(eq), Math::literal("0", "0", "0")], StepRule::Stationary, Prose::text("set to 0"));
    }
    match &c.method {
        Method::Exact { eliminants, complex_count } => {
            d.heading(Prose::text(format!(
                "Elimination (a Gröbner basis of the system): each variable's eliminant, a polynomial in it alone that is 0 at every solution; the system has {complex_count} solution{} over ℂ",
                if *complex_count == 1 { "" } else { "s" }
            )));
            for &(v, e) in eliminants {
                d.line(
                    Math::Expr(e),
                    vec![Math::literal("0", "0", "0")],
                    StepRule::Substitute,
                    Prose::text("eliminating all but ").math(Math::Var(v)),
                );
            }
            d.note(
                StepRule::Check,
                Prose::text("the real roots of the eliminants, matched where every equation holds, are exactly the real solutions (isolated exactly, no root missed)"),
            );
        }
        Method::Interval { range, boxes, unresolved } => {
            let b: Vec<String> =
                range.iter().map(|(a, b)| format!("[{}, {}]", decimal(*a, 6), decimal(*b, 6))).collect();
            d.heading(Prose::text(format!(
                "The box {} searched by halving: {boxes} boxes; a box is kept only where the Krawczyk test proves exactly one solution in it{}",
                b.join(" × "),
                if *unresolved > 0 { format!(" ({} not decided)", regions(*unresolved)) } else { String::new() }
            )));
        }
    }
    for s in &c.sets {
        d.note(StepRule::Conclusion, set_prose(pool, s, n));
    }
    for (k, p) in c.points.iter().enumerate() {
        let pt = point(pool, &p.coords, digits);
        d.heading(Prose::text(format!("Point {}: ", k + 1)).math(pt.clone()));
        for (v, dec, poly) in roots_of(pool, p, &c.vars, digits) {
            d.note(
                StepRule::Value,
                Prose::default().math(Math::Var(v)).words(" ≈ ").math(dec).words(", a root of ").math(Math::Expr(poly)),
            );
        }
        for (j, (l, &name)) in p.multipliers.iter().zip(&c.lambdas).enumerate() {
            let _ = j;
            d.line(Math::Var(name), vec![real_value(pool, l, digits)], StepRule::Value, Prose::text("the multiplier"));
        }
        d.line(
            Math::Row(vec![Math::literal("f", "f", "f"), pt.clone()]),
            vec![real_value(pool, &p.value, digits)],
            StepRule::Value,
            Prose::text("the value there"),
        );
        let h: Vec<Vec<Math>> = p.hessian.iter().map(|r| r.iter().map(|x| real(pool, x, digits)).collect()).collect();
        let exact_h: Option<Vec<Vec<ExprId>>> = p
            .hessian
            .iter()
            .map(|r| r.iter().map(|x| if let Real::Exact(e) = x { Some(*e) } else { None }).collect())
            .collect();
        let hm = match exact_h {
            Some(m) => Math::Matrix(m),
            // Decimals (a correctly rounded algebraic number, an enclosure's estimate): each
            // entry written out, then set as a matrix in each style.
            None => {
                let printers = Printers::new(pool, digits);
                let in_style = |style: Style| {
                    let cells: Vec<Vec<String>> =
                        h.iter().map(|r| r.iter().map(|m| m.render(&printers, style)).collect()).collect();
                    matrix_of_cells(&cells, style)
                };
                Math::Literal(Styled::each(
                    in_style(Style::Text),
                    in_style(Style::Plain),
                    in_style(Style::Latex),
                    in_style(Style::Typst),
                ))
            }
        };
        d.line(
            Math::Row(vec![
                Math::literal(
                    if constrained { "H_L" } else { "H" },
                    if constrained { "H_L" } else { "H" },
                    if constrained { "H_L" } else { "H_f" },
                ),
                pt.clone(),
            ]),
            vec![hm],
            StepRule::Hessian,
            if constrained {
                Prose::text("the Hessian of the Lagrangian ")
                    .math(Math::literal("L = f − λ(G − c)", "L = f − λ(G − c)", "L = f - \\lambda (G - c)"))
                    .words(" in the variables")
            } else {
                Prose::text("the Hessian there")
            },
        );
        for (i, m) in p.minors.iter().enumerate() {
            let k = if constrained { 2 * c.lambdas.len() + i + 1 } else { i + 1 };
            let name = Math::literal(format!("D{}", subscript(k)), format!("D{k}"), format!("D_{{{k}}}"));
            d.line(
                name,
                vec![real_value(pool, m, digits)],
                StepRule::Minor,
                Prose::text(if constrained {
                    "a leading principal minor of the bordered Hessian"
                } else {
                    "a leading principal minor"
                }),
            );
        }
        let mut concl =
            Prose::text(format!("{}: ", capital(kind_name(p.kind)))).append(reason(pool, p, constrained, digits));
        if let Some(e) = p.extreme {
            concl = concl.words(match e {
                Extreme::Maximum => "; the largest value of f on the constraint set",
                Extreme::Minimum => "; the smallest value of f on the constraint set",
            });
        }
        d.note(StepRule::Conclusion, concl);
    }
    d.note(StepRule::Conclusion, completeness(c));
    d
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn signature(pool: &Pool, vars: &[SymId]) -> Math {
    let names: Vec<String> = vars.iter().map(|&v| pool.name(v).to_string()).collect();
    let _ = names;
    Math::Row(vec![
        Math::literal("f", "f", "f"),
        Math::literal("(", "(", "("),
        Math::Row(
            vars.iter()
                .enumerate()
                .flat_map(|(i, &v)| {
                    let mut items = Vec::new();
                    if i > 0 {
                        items.push(Math::literal(", ", ", ", ", "));
                    }
                    items.push(Math::Var(v));
                    items
                })
                .collect(),
        ),
        Math::literal(")", ")", ")"),
    ])
}

/// Whether the list is complete, in words.
pub fn completeness(c: &Critical) -> Prose {
    let count = c.points.len();
    let pts = format!("{count} critical point{}", if count == 1 { "" } else { "s" });
    match &c.method {
        Method::Exact { .. } if c.complete => {
            let all = Prose::text(format!(
                "{pts}{}: all the real solutions{}",
                if c.sets.is_empty() { "" } else { " besides the sets above" },
                if c.lambdas.is_empty() { " of ∇f = 0" } else { " of the Lagrange system" }
            ));
            if c.lambdas.is_empty() {
                return all;
            }
            all.words(match c.bounded {
                Some(true) if count > 0 => "; the constraint set is closed and bounded, so f has a largest and a smallest value on it, among these points",
                Some(true) => "; the constraint set is closed and bounded",
                Some(false) => "; the constraint set is not bounded, so f need not have a largest or smallest value on it",
                None => "; gradcalc did not decide whether the constraint set is bounded, so these are candidates for the extremes, not proved ones",
            })
        }
        Method::Exact { .. } => {
            Prose::text(format!("{pts}; not complete: the real points of the sets above were not all decided"))
        }
        Method::Interval { range, unresolved, .. } => {
            let b: Vec<String> =
                range.iter().map(|(a, b)| format!("[{}, {}]", decimal(*a, 6), decimal(*b, 6))).collect();
            if *unresolved == 0 {
                Prose::text(format!(
                    "{pts} in the box {}: the list is complete for that box (each point proved to be the only solution in a box around it)",
                    b.join(" × ")
                ))
            } else {
                Prose::text(format!(
                    "{pts} in the box {}, each proved; not complete: in {} the search could not decide — the Jacobian of ∇f is singular there (critical points that are not isolated, such as a curve of them, or a degenerate one), or f is not differentiable there",
                    b.join(" × "),
                    regions(*unresolved)
                ))
            }
        }
    }
}

/// The terms of a Taylor polynomial joined in one style, lowest degree first, with the
/// placeholders written as the (xᵢ − aᵢ) they stand for.
pub fn taylor_polynomial(printers: &Printers, t: &Taylor, style: Style) -> String {
    let p = printers.printer(style);
    let mut out = String::new();
    for (i, &term) in t.nonzero.iter().enumerate() {
        let s = p.expr(term);
        let (neg, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest.to_string()),
            None => (false, s),
        };
        if i == 0 {
            if neg {
                out.push('-');
            }
        } else {
            // The printers' own minus sign (a hyphen in every style).
            out.push_str(if neg { " - " } else { " + " });
        }
        out.push_str(&body);
    }
    if out.is_empty() {
        out.push('0');
    }
    // Each placeholder as this style prints it (Typst quotes a long name), longest first so
    // that no name is replaced inside a longer one.
    let mut shifts: Vec<(String, ExprId)> = t.shifts.iter().map(|&(ph, shift)| (p.var(ph), shift)).collect();
    shifts.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
    for (name, shift) in shifts {
        // Plain parentheses in every style, as the printers write a factor x − a.
        out = out.replace(&name, &format!("({})", p.expr(shift)));
    }
    out
}

/// The name of the new coordinate of a tangent: y for a curve y = f(x), z for a surface
/// z = f(x, y), w for a graph in more dimensions — the first of these (then u, v) that is
/// not a variable of f.
pub fn tangent_name(pool: &Pool, vars: &[SymId]) -> &'static str {
    let preferred: &[&'static str] = match vars.len() {
        1 => &["y", "z", "w", "u", "v"],
        2 => &["z", "w", "u", "v"],
        _ => &["w", "u", "v", "z"],
    };
    let taken = |n: &str| vars.iter().any(|&v| pool.name(v) == n);
    preferred.iter().copied().find(|n| !taken(n)).unwrap_or("f")
}

/// The derivation of `taylor --steps` (and `tangent`, order 1).
pub fn taylor_derivation(pool: &Pool, t: &Taylor, f: ExprId, tangent: bool) -> Derivation {
    let mut d = Derivation::default();
    d.line(signature(pool, &t.vars), vec![Math::Expr(f)], StepRule::Given, Prose::text("the function"));
    d.heading(
        Prose::text(format!("Every partial derivative up to order {}, its value at ", t.order))
            .math(Math::Point(t.point.clone()))
            .words(" and its coefficient ∂^α f(P)/α!"),
    );
    for term in &t.terms {
        let wrt: Vec<SymId> =
            term.alpha.iter().enumerate().flat_map(|(i, &k)| std::iter::repeat_n(t.vars[i], k as usize)).collect();
        let lhs = if wrt.is_empty() { Math::literal("f", "f", "f") } else { Math::partial(&wrt) };
        d.line(
            lhs.at(&t.point),
            vec![Math::Expr(term.derivative).at(&t.point), Math::Expr(term.value)],
            StepRule::Substitute,
            Prose::text("coefficient ").math(Math::Expr(term.coefficient)),
        );
    }
    let name = if tangent { tangent_name(pool, &t.vars) } else { "T" };
    d.heading(Prose::text(if tangent {
        format!("The tangent: {name} = f(P) + ∇f(P)·(x − P)")
    } else {
        "The Taylor polynomial: the sum of coefficient · Π (xᵢ − aᵢ)^αᵢ".to_string()
    }));
    d.line(Math::literal(name, name, name), vec![taylor_math(pool, t)], StepRule::Result, Prose::text("the answer"));
    d
}

/// The Taylor polynomial as math, written out in each style.
pub fn taylor_math(pool: &Pool, t: &Taylor) -> Math {
    let printers = Printers::new(pool, 10);
    Math::Literal(Styled::each(
        taylor_polynomial(&printers, t, Style::Text),
        taylor_polynomial(&printers, t, Style::Plain),
        taylor_polynomial(&printers, t, Style::Latex),
        taylor_polynomial(&printers, t, Style::Typst),
    ))
}

/// "1 region", "3 regions".
fn regions(n: usize) -> String {
    if n == 1 {
        "1 region".to_string()
    } else {
        format!("{n} regions")
    }
}
