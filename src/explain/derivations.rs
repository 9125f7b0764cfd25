//! The derivation of each command: what a student writes down, in order, ending with the
//! answer. Each function takes the values the command computed (so the steps cannot
//! disagree with the answer) and the deriver whose trace holds the rules.

use super::descent;
use super::document::{Derivation, StepRule};
use super::math::{latex_typed, Math, Prose, Styled};
use super::partials::PartialSteps;
use super::table::descent_table;
use crate::calculus::definiteness::{Classification, Verdict};
use crate::calculus::descent::{Method, Row, Settings, Stop};
use crate::calculus::differential::Term;
use crate::calculus::directional::{Direction, UnitVector};
use crate::calculus::present::{HessianRow, Order, Partial};
use crate::calculus::Deriver;
use crate::expr::{ExprId, Pool, SymId};
use crate::print::values::Printers;
use crate::print::{Printer, Style};
use crate::simplify::{Stage, StageKind};

/// Text in the three styles, rendered with the pool's printers.
fn styled_with(pool: &Pool, f: impl Fn(&Printer, Style) -> String) -> Styled {
    let t = Printer::new(pool, Style::Text);
    let p = Printer::new(pool, Style::Plain);
    let l = Printer::new(pool, Style::Latex);
    let y = Printer::new(pool, Style::Typst);
    Styled::each(f(&t, Style::Text), f(&p, Style::Plain), f(&l, Style::Latex), f(&y, Style::Typst))
}

/// `f(x, y)`
fn signature(pool: &Pool, name: &str, vars: &[SymId]) -> Math {
    Math::Literal(styled_with(pool, |p, _| {
        format!("{name}({})", vars.iter().map(|&v| p.var(v)).collect::<Vec<_>>().join(", "))
    }))
}

/// Math that is the same in every style (ASCII).
fn ascii(s: &str) -> Math {
    Math::literal(s, s, s)
}

/// `P = (1, 0)`
fn named(name: &str, value: Math) -> Math {
    row(vec![ascii(&format!("{name} = ")), value])
}

fn nabla() -> Math {
    Math::literal("∇f", "grad f", "\\nabla f")
}

fn row(items: Vec<Math>) -> Math {
    Math::Row(items)
}

/// `x = 0, y = 1, z = -1`
fn substitution(vars: &[SymId], c: &[ExprId]) -> Prose {
    let mut r = Prose::text("substitute ");
    for (i, (&v, &x)) in vars.iter().zip(c).enumerate() {
        if i > 0 {
            r = r.words(", ");
        }
        r = r.math(row(vec![Math::Var(v), Math::literal(" = ", " = ", " = "), Math::Expr(x)]));
    }
    r
}

/// The first line: how the input was read.
fn echo(d: &mut Derivation, pool: &Pool, f: ExprId, vars: &[SymId]) {
    d.line(signature(pool, "f", vars), vec![Math::Expr(f)], StepRule::Given, Prose::text("the function, as read"));
}

/// The steps of each first partial derivative ∂f/∂v as the engine computed it (`dir`, which
/// prints no partial derivative of its own).
fn raw_first_partials(d: &mut Derivation, partials: &mut PartialSteps, f: ExprId, vars: &[SymId]) {
    for &v in vars {
        partials.partial(d, f, v, Prose::default().math(Math::partial(&[v])));
    }
}

/// The steps of one differentiation (the engine's rules), then the simplifier's stages to the
/// form printed or carried on, under `heading`.
fn order_lines(d: &mut Derivation, partials: &mut PartialSteps, order: &Order, heading: Prose) {
    partials.partial(d, order.of, order.var, heading);
    stage_lines(d, &order.stages);
}

/// The simplifier's stages, each a line continuing the one above, named by what it did:
/// the record the printed form came from.
fn stage_lines(d: &mut Derivation, stages: &[Stage]) {
    for s in stages {
        let (rule, note) = match s.kind {
            StageKind::ExactConstants => {
                (StepRule::ExactConstants, Prose::text("exact values of roots and logarithms of constants"))
            }
            StageKind::CommonDenominator => (StepRule::CommonDenominator, Prose::text("over a common denominator")),
            StageKind::Identities => (
                StepRule::Identity,
                Prose::text("the identity ")
                    .math(Math::literal(
                        "sin²u + cos²u = 1",
                        "sin(u)^2 + cos(u)^2 = 1",
                        "\\sin^{2} u + \\cos^{2} u = 1",
                    ))
                    .words(" (or ")
                    .math(Math::literal(
                        "cosh²u − sinh²u = 1",
                        "cosh(u)^2 - sinh(u)^2 = 1",
                        "\\cosh^{2} u - \\sinh^{2} u = 1",
                    ))
                    .words(")"),
            ),
            StageKind::Cancel => {
                (StepRule::Cancel, Prose::text("common factors of numerator and denominator cancelled"))
            }
            StageKind::LowestTerms => (
                StepRule::Cancel,
                Prose::text("over a common denominator, common factors of numerator and denominator cancelled"),
            ),
            StageKind::FactorOut => (StepRule::FactorOut, Prose::text("common factors taken out")),
            StageKind::Expand => (StepRule::Expand, Prose::text("multiplied out, like terms collected")),
            StageKind::Group => (StepRule::Expand, Prose::text("multiplied out, the terms grouped by what they share")),
            StageKind::Shortest => (StepRule::Shortest, Prose::text("the shortest of the equal forms")),
        };
        d.continued(Math::Expr(s.expr), rule, note);
    }
}

/// The steps of each first partial derivative ∂f/∂v, to the form printed or carried on.
fn first_partials(d: &mut Derivation, partials: &mut PartialSteps, orders: &[&Order]) {
    for o in orders {
        order_lines(d, partials, o, Prose::default().math(Math::partial(&[o.var])));
    }
}

/// The steps of each second partial derivative ∂²f/∂xᵢ∂xⱼ, i ≤ j, from the forms of the
/// first partials each row of `rows` goes on with (the Hessian `h` gives the mirrored entries).
fn second_partials(d: &mut Derivation, partials: &mut PartialSteps, rows: &[HessianRow], h: &[Vec<ExprId>]) {
    for (i, r) in rows.iter().enumerate() {
        let xi = r.first.var;
        for (k, o) in r.entries.iter().enumerate() {
            let xj = o.var;
            let heading = Prose::default().math(row(vec![
                Math::partial(&[xi, xj]),
                ascii(" = "),
                Math::Derivative(xj, Box::new(Math::partial(&[xi]))),
            ]));
            order_lines(d, partials, o, heading);
            if k > 0 {
                d.line(
                    Math::partial(&[xj, xi]),
                    vec![Math::partial(&[xi, xj]), Math::Expr(h[i][i + k])],
                    StepRule::Symmetry,
                    Prose::text("mixed partials agree (Schwarz's theorem), so the Hessian is symmetric"),
                );
            }
        }
    }
}

fn heading_at(c: &[ExprId]) -> Prose {
    Prose::text("At ").math(Math::Point(c.to_vec())).words(":")
}

// ----- diff -----

#[allow(clippy::too_many_arguments)]
pub fn diff(
    pool: &mut Pool,
    deriver: &mut Deriver,
    f: ExprId,
    vars: &[SymId],
    wrt: &[SymId],
    partial: &Partial,
    points: &[Vec<ExprId>],
    values: &[ExprId],
) -> Derivation {
    let result = partial.result;
    // The order the derivative was taken in (the variables' order, see
    // calculus::present::print_order), and the other one, for the note on mixed partials
    // (computed only with --steps).
    let taken: Vec<SymId> = partial.orders.iter().map(|o| o.var).collect();
    let reversed: Vec<SymId> = taken.iter().rev().copied().collect();
    let mixed = taken.iter().any(|&v| v != taken[0]);
    let mut other = Vec::new();
    if mixed {
        let mut cur = f;
        for &v in &reversed {
            cur = deriver.derive(pool, cur, v);
            other.push(cur);
        }
    }
    let pool: &Pool = pool;
    let Some(trace) = deriver.trace() else { return Derivation::default() };
    let mut d = Derivation::default();
    let mut partials = PartialSteps::new(pool, trace);
    echo(&mut d, pool, f, vars);
    if taken != wrt {
        d.heading(
            Prose::text("Where the mixed partials are continuous the order does not matter (Schwarz's theorem): ")
                .math(Math::partial(wrt))
                .words(" is taken as ")
                .math(Math::partial(&taken))
                .words(", in the order of the variables."),
        );
    }
    for (k, o) in partial.orders.iter().enumerate() {
        let heading = if k == 0 {
            Prose::default().math(Math::partial(&taken[..1]))
        } else {
            Prose::default().math(row(vec![
                Math::partial(&taken[..=k]),
                ascii(" = "),
                Math::Derivative(taken[k], Box::new(Math::partial(&taken[..k]))),
            ]))
        };
        order_lines(&mut d, &mut partials, o, heading);
    }
    if mixed {
        d.heading(
            Prose::text("The other order, as a check (Schwarz's theorem: where the mixed partials are continuous, the order does not matter):"),
        );
        let mut prev = f;
        for (k, &v) in reversed.iter().enumerate() {
            let next = other[k];
            let last = k + 1 == reversed.len();
            let note = if !last {
                Prose::text("by the same rules")
            } else if next == result {
                Prose::text("the same as ").math(Math::partial(&taken))
            } else {
                Prose::text("the same function as ").math(Math::partial(&taken)).words(", written differently")
            };
            let rhs = if k == 0 {
                vec![Math::Expr(next)]
            } else {
                vec![Math::Derivative(v, Box::new(Math::Expr(prev))), Math::Expr(next)]
            };
            d.line(Math::partial(&reversed[..=k]), rhs, if last { StepRule::Schwarz } else { StepRule::Check }, note);
            prev = next;
        }
    }
    if !points.is_empty() {
        d.heading(Prose::text(if points.len() == 1 { "At the point:" } else { "At the points:" }));
        for (c, &v) in points.iter().zip(values) {
            d.line(
                row(vec![Math::partial(wrt), Math::Point(c.clone())]),
                vec![Math::Expr(result).at(c), Math::Value(v)],
                StepRule::Substitute,
                substitution(vars, c),
            );
        }
    }
    let printers = Printers::new(pool, 10);
    match (points, values) {
        ([], _) => d.finish(&printers, Math::partial(wrt), Math::Expr(result)),
        ([c], [v]) => d.finish(&printers, row(vec![Math::partial(wrt), Math::Point(c.clone())]), Math::Value(*v)),
        _ => {}
    }
    d
}

// ----- grad -----

pub fn grad(
    pool: &mut Pool,
    deriver: &Deriver,
    f: ExprId,
    vars: &[SymId],
    gradient: &[Partial],
    points: &[Vec<ExprId>],
    at_values: &[(Vec<ExprId>, ExprId)],
) -> Derivation {
    let negated: Vec<ExprId> = at_values.iter().map(|(_, n)| pool.neg(*n)).collect();
    let pool: &Pool = pool;
    let Some(trace) = deriver.trace() else { return Derivation::default() };
    let mut d = Derivation::default();
    let mut partials = PartialSteps::new(pool, trace);
    echo(&mut d, pool, f, vars);
    let firsts: Vec<&Order> = gradient.iter().flat_map(|p| p.orders.first()).collect();
    first_partials(&mut d, &mut partials, &firsts);
    let g: Vec<ExprId> = gradient.iter().map(|p| p.result).collect();
    let g = &g[..];
    d.heading(Prose::text("The gradient:"));
    let partials = Math::Vector(vars.iter().map(|&v| Math::partial(&[v])).collect());
    d.line(
        nabla(),
        vec![partials, Math::vector(g)],
        StepRule::Gradient,
        Prose::text("the vector of the partial derivatives"),
    );
    for ((c, (vals, norm)), &neg) in points.iter().zip(at_values).zip(&negated) {
        d.heading(heading_at(c));
        let at = row(vec![nabla(), Math::Point(c.clone())]);
        d.line(
            at.clone(),
            vec![Math::vector(g).at(c), Math::vector(vals)],
            StepRule::Substitute,
            substitution(vars, c),
        );
        let length = Math::SquareRoot(Box::new(Math::Sum(
            vals.iter().map(|&v| Math::Square(Box::new(Math::Expr(v)))).collect(),
        )));
        let bars = |s: Math| Math::Abs(Box::new(s));
        d.line(
            bars(at.clone()),
            vec![length, Math::Value(*norm)],
            StepRule::Norm,
            Prose::text("the length of the gradient"),
        );
        if pool.is_zero(*norm) {
            d.note(
                StepRule::Stationary,
                Prose::text("")
                    .math(row(vec![nabla(), Math::literal(" = 0", " = 0", " = 0")]))
                    .words(" here: a stationary point, where no direction changes ")
                    .math(ascii("f"))
                    .words(" to first order"),
            );
            continue;
        }
        d.line(
            Math::literal("max D_u f", "max D_u f", "\\max_{u} D_{u} f"),
            vec![bars(nabla()), Math::Value(*norm)],
            StepRule::LargestRate,
            Prose::text("the largest rate of increase, in the direction ").math(Math::literal(
                "u = ∇f/|∇f|",
                "u = grad f/|grad f|",
                "u = \\nabla f / \\lvert \\nabla f \\rvert",
            )),
        );
        d.line(
            Math::literal("min D_u f", "min D_u f", "\\min_{u} D_{u} f"),
            vec![Math::Negative(Box::new(bars(nabla()))), Math::Value(neg)],
            StepRule::SmallestRate,
            Prose::text("the smallest rate (the steepest descent), in the direction ").math(Math::literal(
                "-∇f/|∇f|",
                "-grad f/|grad f|",
                "-\\nabla f / \\lvert \\nabla f \\rvert",
            )),
        );
    }
    let printers = Printers::new(pool, 10);
    match (points, at_values) {
        ([], _) => d.finish(&printers, nabla(), Math::vector(g)),
        ([c], [(vals, _)]) => d.finish(&printers, row(vec![nabla(), Math::Point(c.clone())]), Math::vector(vals)),
        _ => {}
    }
    d
}

// ----- dir -----

/// Everything `dir` computed.
pub struct DirComputed<'a> {
    pub f: ExprId,
    pub vars: &'a [SymId],
    pub at: &'a [ExprId],
    pub direction: &'a Direction,
    pub unit: &'a UnitVector,
    pub gradient: &'a [ExprId],
    pub derivative: ExprId,
    pub gradient_at: &'a [ExprId],
    pub max_rate: ExprId,
    pub value: ExprId,
}

pub fn dir(pool: &Pool, deriver: &Deriver, w: &DirComputed) -> Derivation {
    let UnitVector { direction: v, length: len, unit } = w.unit;
    let Some(trace) = deriver.trace() else { return Derivation::default() };
    let mut d = Derivation::default();
    let mut partials = PartialSteps::new(pool, trace);
    echo(&mut d, pool, w.f, w.vars);
    d.heading(Prose::text("The unit vector ").math(ascii("u")).words(" of the direction:"));
    let u_lbl = Math::literal("u", "u", "u");
    let v_lbl = match w.direction {
        Direction::Toward(_) => {
            Math::Sum(vec![Math::literal("Q", "Q", "Q"), Math::Negative(Box::new(Math::literal("P", "P", "P")))])
        }
        _ => Math::literal("v", "v", "v"),
    };
    let len_lbl = Math::Abs(Box::new(v_lbl.clone()));
    match w.direction {
        Direction::Toward(q) => {
            let diffs: Vec<Math> = q
                .iter()
                .zip(w.at)
                .map(|(&qi, &pi)| Math::Sum(vec![Math::Expr(qi), Math::Negative(Box::new(Math::Expr(pi)))]))
                .collect();
            d.line(
                v_lbl.clone(),
                vec![Math::Vector(diffs), Math::vector(v)],
                StepRule::Direction,
                Prose::text("from ")
                    .math(named("P", Math::Point(w.at.to_vec())))
                    .words(" to ")
                    .math(named("Q", Math::Point(q.clone()))),
            );
        }
        Direction::Along(_) => {
            d.line(v_lbl.clone(), vec![Math::vector(v)], StepRule::Direction, Prose::text("the direction given"));
        }
        Direction::Angle(a) => {
            let cs = styled_with(pool, |p, st| {
                let a = p.expr(*a);
                match st {
                    Style::Latex => format!("(\\cos {a}, \\sin {a})"),
                    Style::Typst => format!("(cos {a}, sin {a})"),
                    Style::Plain => format!("[cos({a}), sin({a})]"),
                    Style::Text => format!("(cos({a}), sin({a}))"),
                }
            });
            d.line(
                u_lbl.clone(),
                vec![
                    Math::literal("(cos θ, sin θ)", "[cos(t), sin(t)]", "(\\cos\\theta, \\sin\\theta)"),
                    Math::Literal(cs),
                    Math::vector(unit),
                ],
                StepRule::UnitVector,
                Prose::text("the unit vector at angle ")
                    .math(Math::Expr(*a))
                    .words(" to the ")
                    .math(Math::Var(w.vars[0]))
                    .words(" axis"),
            );
        }
    }
    if !matches!(w.direction, Direction::Angle(_)) {
        let length =
            Math::SquareRoot(Box::new(Math::Sum(v.iter().map(|&v| Math::Square(Box::new(Math::Expr(v)))).collect())));
        d.line(
            len_lbl.clone(),
            vec![length, Math::Expr(*len)],
            StepRule::Length,
            Prose::text("the length of the direction vector"),
        );
        let mut rhs = vec![Math::Fraction(Box::new(v_lbl), Box::new(len_lbl))];
        if !pool.is_one(*len) {
            rhs.push(Math::Vector(
                v.iter().map(|&c| Math::Fraction(Box::new(Math::Expr(c)), Box::new(Math::Expr(*len)))).collect(),
            ));
        }
        rhs.push(Math::vector(unit));
        d.line(
            u_lbl,
            rhs,
            StepRule::UnitVector,
            Prose::text("divide by the length: ").math(ascii("u")).words(" has length 1"),
        );
    }
    let n = w.vars.len();
    for (i, &c) in unit.iter().enumerate() {
        let name = if n <= 3 {
            let [t, l] = [["α", "\\alpha"], ["β", "\\beta"], ["γ", "\\gamma"]][i];
            Math::literal(format!("cos {t}"), format!("cos({})", ["alpha", "beta", "gamma"][i]), format!("\\cos {l}"))
        } else {
            Math::literal(
                format!("cos θ{}", i + 1),
                format!("cos(theta{})", i + 1),
                format!("\\cos \\theta_{{{}}}", i + 1),
            )
        };
        let note = if i == 0 {
            Prose::text("the direction cosines are the components of ").math(ascii("u"))
        } else {
            Prose::default()
        };
        d.line(name, vec![Math::Expr(c)], StepRule::DirectionCosine, note);
    }
    raw_first_partials(&mut d, &mut partials, w.f, w.vars);
    d.heading(Prose::text("The directional derivative:"));
    let du = Math::literal("D_u f", "D_u f", "D_{u} f");
    let dot = Math::literal("∇f·u", "grad f . u", "\\nabla f \\cdot u");
    let terms: Vec<Math> =
        w.gradient.iter().zip(unit).map(|(&g, &u)| Math::Product(vec![Math::Expr(g), Math::Expr(u)])).collect();
    d.line(
        du.clone(),
        vec![dot, Math::Sum(terms), Math::Expr(w.derivative)],
        StepRule::DotProduct,
        Prose::text("the partial derivatives times the direction cosines"),
    );
    d.heading(Prose::text("At ").math(named("P", Math::Point(w.at.to_vec()))).words(":"));
    let grad_at = row(vec![nabla(), Math::Point(w.at.to_vec())]);
    d.line(
        grad_at,
        vec![Math::vector(w.gradient).at(w.at), Math::vector(w.gradient_at)],
        StepRule::Substitute,
        substitution(w.vars, w.at),
    );
    let terms: Vec<Math> =
        w.gradient_at.iter().zip(unit).map(|(&g, &u)| Math::Product(vec![Math::Expr(g), Math::Expr(u)])).collect();
    let at_p = row(vec![du, Math::Point(w.at.to_vec())]);
    d.line(
        at_p.clone(),
        vec![
            Math::literal("∇f(P)·u", "grad f(P) . u", "\\nabla f(P) \\cdot u"),
            Math::Sum(terms),
            Math::Value(w.value),
        ],
        StepRule::DotProduct,
        Prose::text("at most ")
            .math(row(vec![
                Math::literal("|∇f(P)| = ", "|grad f(P)| = ", "\\lvert \\nabla f(P) \\rvert = "),
                Math::Expr(w.max_rate),
            ]))
            .words(", in the direction of the gradient"),
    );
    let printers = Printers::new(pool, 10);
    d.finish(&printers, at_p, Math::Value(w.value));
    d
}

// ----- hessian -----

/// The Hessian at one point and what it says there.
pub struct HessianAt {
    pub point: Vec<ExprId>,
    pub matrix: Vec<Vec<ExprId>>,
    pub classification: Classification,
    pub gradient: Vec<ExprId>,
    pub verdict: Verdict,
}

/// `g`: the gradient as computed (its value at a point decides whether the point is
/// critical); `rows`: how the Hessian `h` was computed, row by row.
#[allow(clippy::too_many_arguments)]
pub fn hessian(
    pool: &Pool,
    deriver: &Deriver,
    f: ExprId,
    vars: &[SymId],
    g: &[ExprId],
    rows: &[HessianRow],
    h: &[Vec<ExprId>],
    at: &[HessianAt],
) -> Derivation {
    let Some(trace) = deriver.trace() else { return Derivation::default() };
    let mut d = Derivation::default();
    let mut partials = PartialSteps::new(pool, trace);
    echo(&mut d, pool, f, vars);
    let firsts: Vec<&Order> = rows.iter().map(|r| &r.first).collect();
    first_partials(&mut d, &mut partials, &firsts);
    second_partials(&mut d, &mut partials, rows, h);
    let hl = Math::literal("H(f)", "H(f)", "H_f");
    d.heading(Prose::text("The Hessian:"));
    d.line(
        hl.clone(),
        vec![Math::Matrix(h.to_vec())],
        StepRule::Hessian,
        Prose::text("row ")
            .math(ascii("i"))
            .words(", column ")
            .math(ascii("j"))
            .words(": the second partial by the ")
            .math(ascii("i"))
            .words("-th and ")
            .math(ascii("j"))
            .words("-th variables")
            .words(if at.is_empty() { "; give a point with --at for its minors and its character" } else { "" }),
    );
    for a in at {
        d.heading(heading_at(&a.point));
        let hp = row(vec![Math::literal("H", "H", "H_f"), Math::Point(a.point.clone())]);
        d.line(hp, vec![Math::Matrix(a.matrix.clone())], StepRule::Substitute, substitution(vars, &a.point));
        for (k, &m) in a.classification.minors.iter().enumerate() {
            let name = Math::literal(
                format!("D{}", crate::print::values::subscript(k + 1)),
                format!("D{}", k + 1),
                format!("D_{{{}}}", k + 1),
            );
            let mut rhs = Vec::new();
            if k == 1 {
                let e = |r: usize, c: usize| Math::Expr(a.matrix[r][c]);
                rhs.push(Math::Sum(vec![
                    Math::Product(vec![e(0, 0), e(1, 1)]),
                    Math::Negative(Box::new(Math::Product(vec![e(0, 1), e(1, 0)]))),
                ]));
            }
            rhs.push(Math::Expr(m));
            let note = match k {
                0 => Prose::text("leading principal minors: the determinants of the top-left blocks"),
                _ => Prose::text("the determinant of the top-left ")
                    .math(Math::literal(
                        format!("{}×{}", k + 1, k + 1),
                        format!("{}x{}", k + 1, k + 1),
                        format!("{} \\times {}", k + 1, k + 1),
                    ))
                    .words(" block"),
            };
            d.line(name, rhs, StepRule::Minor, note);
        }
        d.line(
            row(vec![nabla(), Math::Point(a.point.clone())]),
            vec![Math::vector(g).at(&a.point), Math::vector(&a.gradient)],
            StepRule::Substitute,
            Prose::text("a critical point needs ").math(Math::literal("∇f = 0", "grad f = 0", "\\nabla f = 0")),
        );
        d.note(StepRule::Conclusion, super::verdict::verdict(&a.verdict, &a.point, &a.gradient));
    }
    let printers = Printers::new(pool, 10);
    match at {
        [] => d.finish(&printers, hl, Math::Matrix(h.to_vec())),
        [a] => d.finish(
            &printers,
            row(vec![Math::literal("H", "H", "H_f"), Math::Point(a.point.clone())]),
            Math::Matrix(a.matrix.clone()),
        ),
        _ => {}
    }
    d
}

// ----- jacobian -----

/// `rows`: each function's gradient as computed and presented, whose results are `j`.
pub fn jacobian(
    pool: &Pool,
    deriver: &Deriver,
    fs: &[ExprId],
    vars: &[SymId],
    rows: &[Vec<Partial>],
    j: &[Vec<ExprId>],
    at: &[(Vec<ExprId>, Vec<Vec<ExprId>>)],
) -> Derivation {
    let Some(trace) = deriver.trace() else { return Derivation::default() };
    let mut d = Derivation::default();
    let mut partials = PartialSteps::new(pool, trace);
    d.line(signature(pool, "F", vars), vec![Math::vector(fs)], StepRule::Given, Prose::text("the functions, as read"));
    for (i, row) in rows.iter().enumerate() {
        let name = Styled::new(
            format!("F{}", crate::print::values::subscript(i + 1)),
            format!("F{}", i + 1),
            format!("F_{{{}}}", i + 1),
        );
        for o in row.iter().flat_map(|p| p.orders.first()) {
            order_lines(&mut d, &mut partials, o, Prose::default().math(Math::Partial(name.clone(), vec![o.var])));
        }
    }
    let jl = Math::literal("J", "J", "J_F");
    d.heading(Prose::text("The Jacobian:"));
    d.line(
        jl.clone(),
        vec![Math::Matrix(j.to_vec())],
        StepRule::Jacobian,
        Prose::text("row ")
            .math(ascii("i"))
            .words(": the partial derivatives of the ")
            .math(ascii("i"))
            .words("-th function"),
    );
    for (c, m) in at {
        d.heading(heading_at(c));
        d.line(
            row(vec![jl.clone(), Math::Point(c.clone())]),
            vec![Math::Matrix(m.clone())],
            StepRule::Substitute,
            substitution(vars, c),
        );
    }
    let printers = Printers::new(pool, 10);
    match at {
        [] => d.finish(&printers, jl, Math::Matrix(j.to_vec())),
        [(c, m)] => d.finish(&printers, row(vec![jl, Math::Point(c.clone())]), Math::Matrix(m.clone())),
        _ => {}
    }
    d
}

// ----- differential -----

/// `terms[0]` are the terms of df itself, the others those of df at each point.
pub fn differential(
    pool: &Pool,
    deriver: &Deriver,
    f: ExprId,
    vars: &[SymId],
    gradient: &[Partial],
    points: &[Vec<ExprId>],
    terms: &[Vec<Term>],
) -> Derivation {
    let printers = Printers::new(pool, 10);
    let form = |ts: &[Term]| {
        let [text, plain, latex] = [Style::Text, Style::Plain, Style::Latex]
            .map(|st| printers.differential(ts.iter().map(|t| (t.negative, t.magnitude)), vars, st));
        Styled::new(text, plain, latex)
    };
    let forms: Vec<Styled> = terms.iter().map(|ts| form(ts)).collect();
    let Some(trace) = deriver.trace() else { return Derivation::default() };
    let mut d = Derivation::default();
    let mut partials = PartialSteps::new(pool, trace);
    echo(&mut d, pool, f, vars);
    let firsts: Vec<&Order> = gradient.iter().flat_map(|p| p.orders.first()).collect();
    first_partials(&mut d, &mut partials, &firsts);
    d.heading(Prose::text("The total differential:"));
    let general = styled_with(pool, |p, st| {
        vars.iter()
            .map(|&v| {
                let x = p.var(v);
                match st {
                    Style::Text => format!("∂f/∂{x} d{x}"),
                    Style::Plain => format!("df/d{x}*d{x}"),
                    Style::Latex => format!("\\frac{{\\partial f}}{{\\partial {x}}} \\, \\mathrm{{d}}{x}"),
                    Style::Typst => format!("frac(partial f, partial {x}) dif {x}"),
                }
            })
            .collect::<Vec<_>>()
            .join(" + ")
    });
    let df = Math::literal("df", "df", "\\mathrm{d}f");
    d.line(
        df.clone(),
        vec![Math::Literal(general), Math::Literal(forms[0].clone())],
        StepRule::Differential,
        Prose::text("each partial derivative times the change of its variable"),
    );
    for (c, form) in points.iter().zip(&forms[1..]) {
        d.heading(heading_at(c));
        d.line(
            row(vec![df.clone(), Math::Point(c.clone())]),
            vec![Math::Literal(form.clone())],
            StepRule::Substitute,
            substitution(vars, c),
        );
    }
    let printers = Printers::new(pool, 10);
    match points {
        [] => d.finish(&printers, df, Math::Literal(forms[0].clone())),
        [c] => d.finish(&printers, row(vec![df, Math::Point(c.clone())]), Math::Literal(forms[1].clone())),
        _ => {}
    }
    d
}

// ----- descend -----

/// Everything `descend` computed.
pub struct DescentComputed<'a> {
    pub f: ExprId,
    pub vars: &'a [SymId],
    /// The gradient as printed, and how each entry was found.
    pub gradient: &'a [ExprId],
    pub partials: &'a [Partial],
    /// Newton's method: the Hessian, and how its rows were found (the steps are in the
    /// deriver's trace).
    pub hessian: Option<(&'a [Vec<ExprId>], &'a [HessianRow])>,
    pub settings: &'a Settings,
    /// −η·∂f/∂xᵢ, exact: the update of gradient descent, the gradient's part of momentum's.
    pub update: &'a [ExprId],
    pub rows: &'a [Row],
    pub stopped: Stop,
    pub digits: usize,
}

/// Rows written out in full before the table.
const WRITTEN_OUT: usize = 3;

/// `(a, b)` in text and plain, `\left(a, b\right)` in LaTeX, of each variable's name through
/// `name` (`Δx`, `v_x`).
fn tuple_of(pool: &Pool, vars: &[SymId], name: impl Fn(&str, Style) -> String) -> Styled {
    styled_with(pool, |p, st| {
        let items: Vec<String> = vars.iter().map(|&v| name(&p.var(v), st)).collect();
        match st {
            Style::Latex => format!("({})", items.join(", ")),
            _ => format!("({})", items.join(", ")),
        }
    })
}

pub fn descend(pool: &Pool, deriver: &Deriver, w: &DescentComputed) -> Derivation {
    let Some(trace) = deriver.trace() else { return Derivation::default() };
    let mut d = Derivation::default();
    let mut partials = PartialSteps::new(pool, trace);
    echo(&mut d, pool, w.f, w.vars);
    let method = w.settings.method;
    let hl = Math::literal("H(f)", "H(f)", "H_f");
    let firsts: Vec<&Order> = match w.hessian {
        // Newton's method goes on from the Hessian's rows (the gradient's entries are their
        // first orders' results presented).
        Some((_, rows)) => rows.iter().map(|r| &r.first).collect(),
        None => w.partials.iter().flat_map(|p| p.orders.first()).collect(),
    };
    first_partials(&mut d, &mut partials, &firsts);
    if let Some((h, rows)) = w.hessian {
        second_partials(&mut d, &mut partials, rows, h);
        d.heading(Prose::text("The Hessian:"));
        d.line(hl.clone(), vec![Math::Matrix(h.to_vec())], StepRule::Hessian, Prose::default());
    }
    let digits = w.digits;
    let deltas = tuple_of(pool, w.vars, |v, st| match st {
        Style::Text => format!("Δ{v}"),
        Style::Plain => format!("step_{v}"),
        Style::Latex => format!("\\Delta {v}"),
        Style::Typst => format!("Delta {v}"),
    });
    let velocities = tuple_of(pool, w.vars, |v, st| match st {
        Style::Latex => format!("v_{{{v}}}"),
        Style::Typst => format!("v_({v})"),
        _ => format!("v_{v}"),
    });
    let point_name = tuple_of(pool, w.vars, |v, _| v.to_string());
    let eta = Math::Decimal(w.settings.rate, digits);
    let minus_eta = Math::Negative(Box::new(eta.clone()));
    let name = descent::method_name(method);
    let eta_is = Math::Row(vec![Math::literal("η = ", "eta = ", "\\eta = "), eta.clone()]);
    let heading = Prose::text(format!("The update rule of {name}, with "));
    d.heading(match method {
        Method::Gradient => heading.words("learning rate ").math(eta_is).words(":"),
        Method::Momentum { beta } => heading
            .words("learning rate ")
            .math(eta_is)
            .words(" and momentum ")
            .math(Math::Row(vec![Math::literal("β = ", "beta = ", "\\beta = "), Math::Decimal(beta, digits)]))
            .words(":"),
        Method::Newton => heading.words("step factor ").math(eta_is).words(":"),
    });
    match method {
        Method::Gradient => d.line(
            Math::Literal(deltas.clone()),
            vec![
                Math::literal("-η∇f", "-eta*grad f", "-\\eta \\nabla f"),
                Math::Product(vec![minus_eta.clone(), Math::vector(w.gradient)]),
                Math::vector(w.update),
            ],
            StepRule::UpdateRule,
            Prose::text("a step against the gradient, the direction of steepest descent"),
        ),
        Method::Momentum { beta } => {
            d.line(
                Math::Literal(deltas.clone()),
                vec![
                    Math::literal("βv - η∇f", "beta*v - eta*grad f", "\\beta v - \\eta \\nabla f"),
                    Math::Sum(vec![
                        Math::Product(vec![Math::Decimal(beta, digits), Math::Literal(velocities.clone())]),
                        Math::vector(w.update),
                    ]),
                ],
                StepRule::UpdateRule,
                Prose::text("a step against the gradient plus ")
                    .math(Math::literal("β", "beta", "\\beta"))
                    .words(" of the previous step (the velocity ")
                    .math(Math::literal("v", "v", "v"))
                    .words(")"),
            );
        }
        Method::Newton => d.line(
            Math::Literal(deltas.clone()),
            vec![
                Math::literal("-η H⁻¹∇f", "-eta*H^-1*grad f", "-\\eta H^{-1} \\nabla f"),
                Math::Product(vec![
                    minus_eta.clone(),
                    Math::literal("H(f)⁻¹", "H(f)^-1", "H_f^{-1}"),
                    Math::vector(w.gradient),
                ]),
            ],
            StepRule::UpdateRule,
            if w.settings.rate == 1.0 {
                Prose::text("the step to the critical point of the quadratic model at the current point")
            } else {
                Prose::text("the step to the critical point of the quadratic model at the current point, times ")
                    .math(Math::literal("η", "eta", "\\eta"))
            },
        ),
    }
    let next = Styled::new(
        format!("{}ᵢ₊₁", point_name.text),
        format!("{}[i+1]", point_name.plain),
        format!("{}_{{i+1}}", point_name.latex),
    );
    let now = Styled::new(
        format!("{}ᵢ + {}ᵢ", point_name.text, deltas.text),
        format!("{}[i] + {}[i]", point_name.plain, deltas.plain),
        format!("{}_{{i}} + {}_{{i}}", point_name.latex, deltas.latex),
    );
    d.line(Math::Literal(next), vec![Math::Literal(now)], StepRule::Update, Prose::text("move to the next point"));
    if let Method::Momentum { .. } = method {
        let v_next = Styled::new(
            format!("vᵢ₊₁ = {}ᵢ", deltas.text),
            format!("v[i+1] = {}[i]", deltas.plain),
            format!("v_{{i+1}} = {}_{{i}}", deltas.latex),
        );
        d.line(
            Math::literal("v₀", "v[0]", "v_{0}"),
            vec![Math::DecimalPoint(vec![0.0; w.vars.len()], digits)],
            StepRule::Update,
            Prose::text("the velocity starts at rest, and then ").math(Math::Literal(v_next)),
        );
    }
    let decs = |v: &[f64]| Math::Vector(v.iter().map(|&x| Math::Decimal(x, digits)).collect());
    // The first updates, and the last row when it could not move on (a singular Hessian).
    let (last, moved) = w.rows.split_last().map_or((None, &[][..]), |(l, m)| (Some(l), m));
    let stuck = last.filter(|_| w.stopped == Stop::Singular);
    for at_row in moved.iter().take(WRITTEN_OUT).chain(stuck) {
        let p = Math::DecimalPoint(at_row.point.clone(), digits);
        d.heading(Prose::default().math(ascii(&format!("i = {}", at_row.i))).words(", at ").math(p.clone()).words(":"));
        d.line(
            row(vec![nabla(), p.clone()]),
            vec![Math::At(Box::new(Math::vector(w.gradient)), Box::new(p.clone())), decs(&at_row.gradient)],
            StepRule::Substitute,
            Prose::default(),
        );
        if let Some(hp) = &at_row.hessian {
            d.line(
                row(vec![Math::literal("H", "H", "H_f"), p.clone()]),
                vec![Math::DecimalMatrix(hp.clone(), digits)],
                StepRule::Substitute,
                Prose::default(),
            );
        }
        match (&at_row.step, method) {
            (Some(step), Method::Gradient) => d.line(
                Math::Literal(deltas.clone()),
                vec![Math::Product(vec![Math::Decimal(-w.settings.rate, digits), decs(&at_row.gradient)]), decs(step)],
                StepRule::UpdateRule,
                Prose::default(),
            ),
            (Some(step), Method::Momentum { beta }) => d.line(
                Math::Literal(deltas.clone()),
                vec![
                    Math::Sum(vec![
                        Math::Product(vec![
                            Math::Decimal(beta, digits),
                            decs(at_row.velocity.as_deref().unwrap_or(&[])),
                        ]),
                        Math::Product(vec![Math::Decimal(-w.settings.rate, digits), decs(&at_row.gradient)]),
                    ]),
                    decs(step),
                ],
                StepRule::UpdateRule,
                Prose::text("with ").math(row(vec![
                    Math::literal("v = ", "v = ", "v = "),
                    decs(at_row.velocity.as_deref().unwrap_or(&[])),
                ])),
            ),
            (Some(step), Method::Newton) => d.line(
                Math::Literal(deltas.clone()),
                vec![
                    Math::Product(vec![
                        Math::Decimal(-w.settings.rate, digits),
                        row(vec![Math::literal("H", "H", "H_f"), p.clone(), Math::literal("⁻¹", "^-1", "^{-1}")]),
                        decs(&at_row.gradient),
                    ]),
                    decs(step),
                ],
                StepRule::UpdateRule,
                Prose::text("solving ")
                    .math(Math::literal("H·s = ∇f", "H*s = grad f", "H_f s = \\nabla f"))
                    .words(" for ")
                    .math(Math::literal("s", "s", "s")),
            ),
            (None, _) => d.note(
                StepRule::UpdateRule,
                Prose::default()
                    .math(row(vec![Math::literal("H", "H", "H_f"), p.clone()]))
                    .words(" is singular (not invertible): Newton's step is undefined here"),
            ),
        }
        d.line(
            row(vec![Math::literal("f", "f", "f"), p.clone()]),
            vec![Math::Decimal(at_row.value, digits)],
            StepRule::Value,
            Prose::text("the value of ").math(ascii("f")).words(" here"),
        );
        if let (Some(step), Some(following)) = (&at_row.step, at_row.next_point()) {
            d.line(
                Math::literal("next point", "next point", "\\text{next point}"),
                vec![Math::Sum(vec![p.clone(), decs(step)]), Math::DecimalPoint(following, digits)],
                StepRule::Update,
                Prose::default(),
            );
        }
    }
    d.heading(Prose::text(match (w.settings.every, method) {
        (1, Method::Gradient) => "Every row (as in the table of the source tutorial):".to_string(),
        (1, _) => "Every row:".to_string(),
        (k, _) => format!("Every row i = 0, {k}, {}, … and the last:", 2 * k),
    }));
    d.table(descent_table(&Printers::new(pool, digits), w.vars, w.rows, method, digits));
    if let Some(last) = w.rows.last() {
        let n = last.i;
        let reached = Styled::new(
            format!("{}{}", point_name.text, crate::print::values::subscript(n)),
            format!("{}[{n}]", point_name.plain),
            format!("{}_{{{n}}}", point_name.latex),
        );
        d.line(
            Math::Literal(reached),
            vec![Math::Vector(last.point.iter().map(|&v| Math::Decimal(v, digits)).collect())],
            StepRule::Result,
            Prose::text(format!("the point reached after {n} update{}, where ", if n == 1 { "" } else { "s" }))
                .math(row(vec![Math::literal("f = ", "f = ", "f = "), Math::Decimal(last.value, digits)]))
                .words("; stopped: ")
                .append(descent::reason(w.stopped, last, w.settings, digits)),
        );
    }
    d
}

// ----- eval, simplify -----

pub fn eval(pool: &Pool, f: ExprId, vars: &[SymId], points: &[Vec<ExprId>], values: &[ExprId]) -> Derivation {
    let mut d = Derivation::default();
    echo(&mut d, pool, f, vars);
    for (c, &v) in points.iter().zip(values) {
        let lhs = row(vec![Math::literal("f", "f", "f"), Math::Point(c.clone())]);
        if c.is_empty() {
            d.line(lhs, vec![Math::Value(v)], StepRule::Value, Prose::text("a constant"));
        } else {
            d.line(lhs, vec![Math::Expr(f).at(c), Math::Value(v)], StepRule::Substitute, substitution(vars, c));
        }
    }
    d
}

/// `f` as read (the canonical form), then the simplifier's stages to the textbook form.
pub fn simplify(f: ExprId, stages: &[Stage], src: &str) -> Derivation {
    let mut d = Derivation::default();
    let typed = Styled::each(
        src.trim().to_string(),
        src.trim().to_string(),
        format!("\\texttt{{{}}}", latex_typed(src.trim())),
        // Typst's raw text holds any character; a string literal escapes `"` and `\`.
        format!("#raw(\"{}\")", src.trim().replace('\\', "\\\\").replace('"', "\\\"")),
    );
    d.line(
        Math::Literal(typed),
        vec![Math::Expr(f)],
        StepRule::Simplify,
        Prose::text("the canonical form: like terms and powers collected, constants folded"),
    );
    stage_lines(&mut d, stages);
    d
}
