//! The derivation of each command: what a student writes down, in order, ending with the
//! answer. Each function takes the values the command computed (so the steps cannot
//! disagree with the answer) and the deriver whose trace holds the rules.

use super::{Derivation, Layout, Rich, Sh, Tri};
use crate::calculus::descent::Stop;
use crate::calculus::Deriver;
use crate::cli::output::Out;
use crate::expr::{ExprId, Pool, SymId};
use crate::print::{Printer, Style};

/// Text in the three styles, rendered with the pool's printers.
fn tri_with(pool: &Pool, f: impl Fn(&Printer, Style) -> String) -> Tri {
    let t = Printer::new(pool, Style::Text);
    let p = Printer::new(pool, Style::Plain);
    let l = Printer::new(pool, Style::Latex);
    Tri::new(f(&t, Style::Text), f(&p, Style::Plain), f(&l, Style::Latex))
}

/// `f(x, y)`
fn signature(pool: &Pool, name: &str, vars: &[SymId]) -> Sh {
    Sh::Lbl(tri_with(pool, |p, _| format!("{name}({})", vars.iter().map(|&v| p.var(v)).collect::<Vec<_>>().join(", "))))
}

/// Math that is the same in every style (ASCII).
fn m(s: &str) -> Sh {
    Sh::lbl(s, s, s)
}

/// `P = (1, 0)`
fn named(name: &str, value: Sh) -> Sh {
    cat(vec![m(&format!("{name} = ")), value])
}

fn nabla() -> Sh {
    Sh::lbl("∇f", "grad f", "\\nabla f")
}

fn cat(items: Vec<Sh>) -> Sh {
    Sh::Cat(items)
}

/// `x = 0, y = 1, z = -1`
fn substitution(vars: &[SymId], c: &[ExprId]) -> Rich {
    let mut r = Rich::t("substitute ");
    for (i, (&v, &x)) in vars.iter().zip(c).enumerate() {
        if i > 0 {
            r = r.text(", ");
        }
        r = r.math(cat(vec![Sh::Var(v), Sh::lbl(" = ", " = ", " = "), Sh::E(x)]));
    }
    r
}

/// The first line: how the input was read.
fn echo(d: &mut Derivation, pool: &Pool, f: ExprId, vars: &[SymId]) {
    d.line(signature(pool, "f", vars), vec![Sh::E(f)], "given", Rich::t("the function, as read"));
}

/// The steps of each first partial derivative ∂f/∂v.
fn first_partials(d: &mut Derivation, lay: &mut Layout, f: ExprId, vars: &[SymId]) {
    for &v in vars {
        lay.partial(d, f, v, Rich::default().math(Sh::partial(&[v])));
    }
}

fn heading_at(c: &[ExprId]) -> Rich {
    Rich::t("At ").math(Sh::Point(c.to_vec())).text(":")
}

// ----- diff -----

#[allow(clippy::too_many_arguments)]
pub fn diff(
    pool: &mut Pool,
    deriver: &mut Deriver,
    f: ExprId,
    vars: &[SymId],
    wrt: &[SymId],
    result: ExprId,
    points: &[Vec<ExprId>],
    values: &[ExprId],
) -> Derivation {
    // The other order, for the note on mixed partials (computed only with --steps).
    let reversed: Vec<SymId> = wrt.iter().rev().copied().collect();
    let mixed = wrt.iter().any(|&v| v != wrt[0]);
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
    let mut lay = Layout::new(pool, trace);
    echo(&mut d, pool, f, vars);
    let mut cur = f;
    for k in 0..wrt.len() {
        let heading = if k == 0 {
            Rich::default().math(Sh::partial(&wrt[..1]))
        } else {
            Rich::default().math(cat(vec![
                Sh::partial(&wrt[..=k]),
                m(" = "),
                Sh::D(wrt[k], Box::new(Sh::partial(&wrt[..k]))),
            ]))
        };
        lay.partial(&mut d, cur, wrt[k], heading);
        cur = lay.result(cur, wrt[k]);
    }
    // `diff` answers with the collected form when it is shorter (calculus::collect).
    let expanded = cur;
    if expanded != result {
        d.line(Sh::partial(wrt), vec![Sh::E(result)], "collect", Rich::t("common factors taken out, the rest grouped"));
    }
    if mixed {
        d.heading(
            Rich::t("The other order, as a check (Schwarz's theorem: where the mixed partials are continuous, the order does not matter):"),
        );
        let mut prev = f;
        for (k, &v) in reversed.iter().enumerate() {
            let next = other[k];
            let last = k + 1 == reversed.len();
            let note = if !last {
                Rich::t("by the same rules")
            } else if next == expanded {
                Rich::t("the same as ").math(Sh::partial(wrt))
            } else {
                Rich::t("the same function as ").math(Sh::partial(wrt)).text(", written differently")
            };
            let rhs = if k == 0 { vec![Sh::E(next)] } else { vec![Sh::D(v, Box::new(Sh::E(prev))), Sh::E(next)] };
            d.line(Sh::partial(&reversed[..=k]), rhs, if last { "schwarz" } else { "check" }, note);
            prev = next;
        }
    }
    if !points.is_empty() {
        d.heading(Rich::t(if points.len() == 1 { "At the point:" } else { "At the points:" }));
        for (c, &v) in points.iter().zip(values) {
            d.line(
                cat(vec![Sh::partial(wrt), Sh::Point(c.clone())]),
                vec![Sh::E(result).at(c), Sh::Val(v)],
                "substitute",
                substitution(vars, c),
            );
        }
    }
    let out = Out::new(pool, 10);
    match (points, values) {
        ([], _) => d.finish(&out, Sh::partial(wrt), Sh::E(result)),
        ([c], [v]) => d.finish(&out, cat(vec![Sh::partial(wrt), Sh::Point(c.clone())]), Sh::Val(*v)),
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
    g: &[ExprId],
    points: &[Vec<ExprId>],
    at_values: &[(Vec<ExprId>, ExprId)],
) -> Derivation {
    let negated: Vec<ExprId> = at_values.iter().map(|(_, n)| pool.neg(*n)).collect();
    let pool: &Pool = pool;
    let Some(trace) = deriver.trace() else { return Derivation::default() };
    let mut d = Derivation::default();
    let mut lay = Layout::new(pool, trace);
    echo(&mut d, pool, f, vars);
    first_partials(&mut d, &mut lay, f, vars);
    d.heading(Rich::t("The gradient:"));
    let partials = Sh::Vector(vars.iter().map(|&v| Sh::partial(&[v])).collect());
    d.line(nabla(), vec![partials, Sh::vector(g)], "gradient", Rich::t("the vector of the partial derivatives"));
    for ((c, (vals, norm)), &neg) in points.iter().zip(at_values).zip(&negated) {
        d.heading(heading_at(c));
        let at = cat(vec![nabla(), Sh::Point(c.clone())]);
        d.line(at.clone(), vec![Sh::vector(g).at(c), Sh::vector(vals)], "substitute", substitution(vars, c));
        let length = Sh::Sqrt(Box::new(Sh::Sum(vals.iter().map(|&v| Sh::Sq(Box::new(Sh::E(v)))).collect())));
        let bars = |s: Sh| Sh::Abs(Box::new(s));
        d.line(bars(at.clone()), vec![length, Sh::Val(*norm)], "norm", Rich::t("the length of the gradient"));
        if pool.is_zero(*norm) {
            d.note(
                "stationary",
                Rich::t("")
                    .math(cat(vec![nabla(), Sh::lbl(" = 0", " = 0", " = 0")]))
                    .text(" here: a stationary point, where no direction changes f to first order"),
            );
            continue;
        }
        d.line(
            Sh::lbl("max D_u f", "max D_u f", "\\max_{u} D_{u} f"),
            vec![bars(nabla()), Sh::Val(*norm)],
            "largest rate",
            Rich::t("the largest rate of increase, in the direction ").math(Sh::lbl(
                "u = ∇f/|∇f|",
                "u = grad f/|grad f|",
                "u = \\nabla f / \\lvert \\nabla f \\rvert",
            )),
        );
        d.line(
            Sh::lbl("min D_u f", "min D_u f", "\\min_{u} D_{u} f"),
            vec![Sh::Neg(Box::new(bars(nabla()))), Sh::Val(neg)],
            "smallest rate",
            Rich::t("the smallest rate (the steepest descent), in the direction ").math(Sh::lbl(
                "-∇f/|∇f|",
                "-grad f/|grad f|",
                "-\\nabla f / \\lvert \\nabla f \\rvert",
            )),
        );
    }
    let out = Out::new(pool, 10);
    match (points, at_values) {
        ([], _) => d.finish(&out, nabla(), Sh::vector(g)),
        ([c], [(vals, _)]) => d.finish(&out, cat(vec![nabla(), Sh::Point(c.clone())]), Sh::vector(vals)),
        _ => {}
    }
    d
}

// ----- dir -----

/// How the direction of `dir` was given.
pub enum Toward {
    Point(Vec<ExprId>),
    Vector,
    Angle(ExprId),
}

/// Everything `dir` computed.
pub struct DirWork<'a> {
    pub f: ExprId,
    pub vars: &'a [SymId],
    pub at: &'a [ExprId],
    pub toward: Toward,
    pub direction: &'a [ExprId],
    pub length: ExprId,
    pub unit: &'a [ExprId],
    pub gradient: &'a [ExprId],
    pub derivative: ExprId,
    pub gradient_at: &'a [ExprId],
    pub max_rate: ExprId,
    pub value: ExprId,
}

pub fn dir(pool: &Pool, deriver: &Deriver, w: &DirWork) -> Derivation {
    let Some(trace) = deriver.trace() else { return Derivation::default() };
    let mut d = Derivation::default();
    let mut lay = Layout::new(pool, trace);
    echo(&mut d, pool, w.f, w.vars);
    d.heading(Rich::t("The unit vector ").math(m("u")).text(" of the direction:"));
    let u_lbl = Sh::lbl("u", "u", "u");
    let v_lbl = match &w.toward {
        Toward::Point(_) => Sh::Sum(vec![Sh::lbl("Q", "Q", "Q"), Sh::Neg(Box::new(Sh::lbl("P", "P", "P")))]),
        _ => Sh::lbl("v", "v", "v"),
    };
    let len_lbl = Sh::Abs(Box::new(v_lbl.clone()));
    match &w.toward {
        Toward::Point(q) => {
            let diffs: Vec<Sh> =
                q.iter().zip(w.at).map(|(&qi, &pi)| Sh::Sum(vec![Sh::E(qi), Sh::Neg(Box::new(Sh::E(pi)))])).collect();
            d.line(
                v_lbl.clone(),
                vec![Sh::Vector(diffs), Sh::vector(w.direction)],
                "direction",
                Rich::t("from ")
                    .math(named("P", Sh::Point(w.at.to_vec())))
                    .text(" to ")
                    .math(named("Q", Sh::Point(q.clone()))),
            );
        }
        Toward::Vector => {
            d.line(v_lbl.clone(), vec![Sh::vector(w.direction)], "direction", Rich::t("the direction given"));
        }
        Toward::Angle(a) => {
            let cs = tri_with(pool, |p, st| {
                let a = p.expr(*a);
                match st {
                    Style::Latex => format!("\\left(\\cos {a}, \\sin {a}\\right)"),
                    Style::Plain => format!("[cos({a}), sin({a})]"),
                    Style::Text => format!("(cos({a}), sin({a}))"),
                }
            });
            d.line(
                u_lbl.clone(),
                vec![
                    Sh::lbl("(cos θ, sin θ)", "[cos(t), sin(t)]", "\\left(\\cos\\theta, \\sin\\theta\\right)"),
                    Sh::Lbl(cs),
                    Sh::vector(w.unit),
                ],
                "unit vector",
                Rich::t("the unit vector at angle ").math(Sh::E(*a)).text(" to the x axis"),
            );
        }
    }
    if !matches!(w.toward, Toward::Angle(_)) {
        let length = Sh::Sqrt(Box::new(Sh::Sum(w.direction.iter().map(|&v| Sh::Sq(Box::new(Sh::E(v)))).collect())));
        d.line(len_lbl.clone(), vec![length, Sh::E(w.length)], "length", Rich::t("the length of the direction vector"));
        let mut rhs = vec![Sh::Frac(Box::new(v_lbl), Box::new(len_lbl))];
        if !pool.is_one(w.length) {
            rhs.push(Sh::Vector(
                w.direction.iter().map(|&c| Sh::Frac(Box::new(Sh::E(c)), Box::new(Sh::E(w.length)))).collect(),
            ));
        }
        rhs.push(Sh::vector(w.unit));
        d.line(u_lbl, rhs, "unit vector", Rich::t("divide by the length: ").math(m("u")).text(" has length 1"));
    }
    let n = w.vars.len();
    for (i, &c) in w.unit.iter().enumerate() {
        let name = if n <= 3 {
            let [t, l] = [["α", "\\alpha"], ["β", "\\beta"], ["γ", "\\gamma"]][i];
            Sh::lbl(format!("cos {t}"), format!("cos({})", ["alpha", "beta", "gamma"][i]), format!("\\cos {l}"))
        } else {
            Sh::lbl(format!("cos θ{}", i + 1), format!("cos(theta{})", i + 1), format!("\\cos \\theta_{{{}}}", i + 1))
        };
        let note =
            if i == 0 { Rich::t("the direction cosines are the components of ").math(m("u")) } else { Rich::default() };
        d.line(name, vec![Sh::E(c)], "direction cosine", note);
    }
    first_partials(&mut d, &mut lay, w.f, w.vars);
    d.heading(Rich::t("The directional derivative:"));
    let du = Sh::lbl("D_u f", "D_u f", "D_{u} f");
    let dot = Sh::lbl("∇f·u", "grad f . u", "\\nabla f \\cdot u");
    let terms: Vec<Sh> = w.gradient.iter().zip(w.unit).map(|(&g, &u)| Sh::Prod(vec![Sh::E(g), Sh::E(u)])).collect();
    d.line(
        du.clone(),
        vec![dot, Sh::Sum(terms), Sh::E(w.derivative)],
        "dot product",
        Rich::t("the partial derivatives times the direction cosines"),
    );
    d.heading(Rich::t("At ").math(named("P", Sh::Point(w.at.to_vec()))).text(":"));
    let grad_at = cat(vec![nabla(), Sh::Point(w.at.to_vec())]);
    d.line(
        grad_at,
        vec![Sh::vector(w.gradient).at(w.at), Sh::vector(w.gradient_at)],
        "substitute",
        substitution(w.vars, w.at),
    );
    let terms: Vec<Sh> = w.gradient_at.iter().zip(w.unit).map(|(&g, &u)| Sh::Prod(vec![Sh::E(g), Sh::E(u)])).collect();
    let at_p = cat(vec![du, Sh::Point(w.at.to_vec())]);
    d.line(
        at_p.clone(),
        vec![Sh::lbl("∇f(P)·u", "grad f(P) . u", "\\nabla f(P) \\cdot u"), Sh::Sum(terms), Sh::Val(w.value)],
        "dot product",
        Rich::t("at most ")
            .math(cat(vec![
                Sh::lbl("|∇f(P)| = ", "|grad f(P)| = ", "\\lvert \\nabla f(P) \\rvert = "),
                Sh::E(w.max_rate),
            ]))
            .text(", in the direction of the gradient"),
    );
    let out = Out::new(pool, 10);
    d.finish(&out, at_p, Sh::Val(w.value));
    d
}

// ----- hessian -----

/// The Hessian at one point and what it says there.
pub struct HessianAt {
    pub point: Vec<ExprId>,
    pub matrix: Vec<Vec<ExprId>>,
    pub minors: Vec<ExprId>,
    pub gradient: Vec<ExprId>,
    pub verdict: String,
}

pub fn hessian(
    pool: &Pool,
    deriver: &Deriver,
    f: ExprId,
    vars: &[SymId],
    g: &[ExprId],
    h: &[Vec<ExprId>],
    at: &[HessianAt],
) -> Derivation {
    let Some(trace) = deriver.trace() else { return Derivation::default() };
    let mut d = Derivation::default();
    let mut lay = Layout::new(pool, trace);
    echo(&mut d, pool, f, vars);
    first_partials(&mut d, &mut lay, f, vars);
    let n = vars.len();
    for i in 0..n {
        for j in i..n {
            let heading = Rich::default().math(cat(vec![
                Sh::partial(&[vars[i], vars[j]]),
                m(" = "),
                Sh::D(vars[j], Box::new(Sh::partial(&[vars[i]]))),
            ]));
            lay.partial(&mut d, g[i], vars[j], heading);
            if j > i {
                d.line(
                    Sh::partial(&[vars[j], vars[i]]),
                    vec![Sh::partial(&[vars[i], vars[j]]), Sh::E(h[i][j])],
                    "symmetry",
                    Rich::t("mixed partials agree (Schwarz's theorem), so the Hessian is symmetric"),
                );
            }
        }
    }
    let hl = Sh::lbl("H(f)", "H(f)", "H_f");
    d.heading(Rich::t("The Hessian:"));
    d.line(
        hl.clone(),
        vec![Sh::Matrix(h.to_vec())],
        "hessian",
        Rich::t("row ")
            .math(m("i"))
            .text(", column ")
            .math(m("j"))
            .text(": the second partial by the ")
            .math(m("i"))
            .text("-th and ")
            .math(m("j"))
            .text("-th variables")
            .text(if at.is_empty() { "; give a point with --at for its minors and its character" } else { "" }),
    );
    for a in at {
        d.heading(heading_at(&a.point));
        let hp = cat(vec![Sh::lbl("H", "H", "H_f"), Sh::Point(a.point.clone())]);
        d.line(hp, vec![Sh::Matrix(a.matrix.clone())], "substitute", substitution(vars, &a.point));
        for (k, &m) in a.minors.iter().enumerate() {
            let name = Sh::lbl(format!("D{}", subscript(k + 1)), format!("D{}", k + 1), format!("D_{{{}}}", k + 1));
            let mut rhs = Vec::new();
            if k == 1 {
                let e = |r: usize, c: usize| Sh::E(a.matrix[r][c]);
                rhs.push(Sh::Sum(vec![
                    Sh::Prod(vec![e(0, 0), e(1, 1)]),
                    Sh::Neg(Box::new(Sh::Prod(vec![e(0, 1), e(1, 0)]))),
                ]));
            }
            rhs.push(Sh::E(m));
            let note = match k {
                0 => Rich::t("leading principal minors: the determinants of the top-left blocks"),
                _ => Rich::t("the determinant of the top-left ")
                    .math(Sh::lbl(
                        format!("{}×{}", k + 1, k + 1),
                        format!("{}x{}", k + 1, k + 1),
                        format!("{} \\times {}", k + 1, k + 1),
                    ))
                    .text(" block"),
            };
            d.line(name, rhs, "minor", note);
        }
        d.line(
            cat(vec![nabla(), Sh::Point(a.point.clone())]),
            vec![Sh::vector(g).at(&a.point), Sh::vector(&a.gradient)],
            "substitute",
            Rich::t("a critical point needs ").math(Sh::lbl("∇f = 0", "grad f = 0", "\\nabla f = 0")),
        );
        d.note("conclusion", Rich::t(a.verdict.clone()));
    }
    let out = Out::new(pool, 10);
    match at {
        [] => d.finish(&out, hl, Sh::Matrix(h.to_vec())),
        [a] => d.finish(
            &out,
            cat(vec![Sh::lbl("H", "H", "H_f"), Sh::Point(a.point.clone())]),
            Sh::Matrix(a.matrix.clone()),
        ),
        _ => {}
    }
    d
}

fn subscript(k: usize) -> String {
    k.to_string().chars().map(|c| "₀₁₂₃₄₅₆₇₈₉".chars().nth(c.to_digit(10).unwrap_or(0) as usize).unwrap_or(c)).collect()
}

// ----- jacobian -----

pub fn jacobian(
    pool: &Pool,
    deriver: &Deriver,
    fs: &[ExprId],
    vars: &[SymId],
    j: &[Vec<ExprId>],
    at: &[(Vec<ExprId>, Vec<Vec<ExprId>>)],
) -> Derivation {
    let Some(trace) = deriver.trace() else { return Derivation::default() };
    let mut d = Derivation::default();
    let mut lay = Layout::new(pool, trace);
    d.line(signature(pool, "F", vars), vec![Sh::vector(fs)], "given", Rich::t("the functions, as read"));
    for (i, &f) in fs.iter().enumerate() {
        let name = Tri::new(format!("F{}", subscript(i + 1)), format!("F{}", i + 1), format!("F_{{{}}}", i + 1));
        for &v in vars {
            lay.partial(&mut d, f, v, Rich::default().math(Sh::Partial(name.clone(), vec![v])));
        }
    }
    let jl = Sh::lbl("J", "J", "J_F");
    d.heading(Rich::t("The Jacobian:"));
    d.line(
        jl.clone(),
        vec![Sh::Matrix(j.to_vec())],
        "jacobian",
        Rich::t("row ").math(m("i")).text(": the partial derivatives of the ").math(m("i")).text("-th function"),
    );
    for (c, m) in at {
        d.heading(heading_at(c));
        d.line(
            cat(vec![jl.clone(), Sh::Point(c.clone())]),
            vec![Sh::Matrix(m.clone())],
            "substitute",
            substitution(vars, c),
        );
    }
    let out = Out::new(pool, 10);
    match at {
        [] => d.finish(&out, jl, Sh::Matrix(j.to_vec())),
        [(c, m)] => d.finish(&out, cat(vec![jl, Sh::Point(c.clone())]), Sh::Matrix(m.clone())),
        _ => {}
    }
    d
}

// ----- differential -----

/// `forms[0]` is df itself, the others df at each point, in each style.
pub fn differential(
    pool: &Pool,
    deriver: &Deriver,
    f: ExprId,
    vars: &[SymId],
    points: &[Vec<ExprId>],
    forms: &[Tri],
) -> Derivation {
    let Some(trace) = deriver.trace() else { return Derivation::default() };
    let mut d = Derivation::default();
    let mut lay = Layout::new(pool, trace);
    echo(&mut d, pool, f, vars);
    first_partials(&mut d, &mut lay, f, vars);
    d.heading(Rich::t("The total differential:"));
    let general = tri_with(pool, |p, st| {
        vars.iter()
            .map(|&v| {
                let x = p.var(v);
                match st {
                    Style::Text => format!("∂f/∂{x} d{x}"),
                    Style::Plain => format!("df/d{x}*d{x}"),
                    Style::Latex => format!("\\frac{{\\partial f}}{{\\partial {x}}} \\, \\mathrm{{d}}{x}"),
                }
            })
            .collect::<Vec<_>>()
            .join(" + ")
    });
    let df = Sh::lbl("df", "df", "\\mathrm{d}f");
    d.line(
        df.clone(),
        vec![Sh::Lbl(general), Sh::Lbl(forms[0].clone())],
        "differential",
        Rich::t("each partial derivative times the change of its variable"),
    );
    for (c, form) in points.iter().zip(&forms[1..]) {
        d.heading(heading_at(c));
        d.line(
            cat(vec![df.clone(), Sh::Point(c.clone())]),
            vec![Sh::Lbl(form.clone())],
            "substitute",
            substitution(vars, c),
        );
    }
    let out = Out::new(pool, 10);
    match points {
        [] => d.finish(&out, df, Sh::Lbl(forms[0].clone())),
        [c] => d.finish(&out, cat(vec![df, Sh::Point(c.clone())]), Sh::Lbl(forms[1].clone())),
        _ => {}
    }
    d
}

// ----- descend -----

/// One row of the gradient-descent table.
pub struct DescentRow {
    pub point: Vec<f64>,
    pub gradient: Vec<f64>,
    pub step: Vec<f64>,
    pub value: f64,
}

/// Everything `descend` computed.
pub struct DescentWork<'a> {
    pub f: ExprId,
    pub vars: &'a [SymId],
    pub gradient: &'a [ExprId],
    pub eta: f64,
    /// −η·∂f/∂xᵢ, exact.
    pub update: &'a [ExprId],
    pub rows: &'a [DescentRow],
    pub stopped: Stop,
    pub digits: usize,
    /// The table as the command prints it: header and cells, per style.
    pub table: [(Vec<String>, Vec<Vec<String>>); 3],
}

/// Rows written out in full before the table.
const WRITTEN_OUT: usize = 3;

pub fn descend(pool: &Pool, deriver: &Deriver, w: &DescentWork) -> Derivation {
    let Some(trace) = deriver.trace() else { return Derivation::default() };
    let mut d = Derivation::default();
    let mut lay = Layout::new(pool, trace);
    echo(&mut d, pool, w.f, w.vars);
    first_partials(&mut d, &mut lay, w.f, w.vars);
    let digits = w.digits;
    let deltas = tri_with(pool, |p, st| {
        let items: Vec<String> = w
            .vars
            .iter()
            .map(|&v| match st {
                Style::Text => format!("Δ{}", p.var(v)),
                Style::Plain => format!("step_{}", p.var(v)),
                Style::Latex => format!("\\Delta {}", p.var(v)),
            })
            .collect();
        match st {
            Style::Latex => format!("\\left({}\\right)", items.join(", ")),
            _ => format!("({})", items.join(", ")),
        }
    });
    let point_name = tri_with(pool, |p, st| {
        let items: Vec<String> = w.vars.iter().map(|&v| p.var(v)).collect();
        match st {
            Style::Latex => format!("\\left({}\\right)", items.join(", ")),
            _ => format!("({})", items.join(", ")),
        }
    });
    let eta = Sh::Dec(w.eta, digits);
    d.heading(
        Rich::t("The update rule, with learning rate ")
            .math(cat(vec![Sh::lbl("η = ", "eta = ", "\\eta = "), eta.clone()]))
            .text(":"),
    );
    let minus_eta = Sh::Neg(Box::new(eta));
    d.line(
        Sh::Lbl(deltas.clone()),
        vec![
            Sh::lbl("-η∇f", "-eta*grad f", "-\\eta \\nabla f"),
            Sh::Prod(vec![minus_eta, Sh::vector(w.gradient)]),
            Sh::vector(w.update),
        ],
        "update rule",
        Rich::t("a step against the gradient, the direction of steepest descent"),
    );
    let next = Tri::new(
        format!("{}ᵢ₊₁", point_name.text),
        format!("{}[i+1]", point_name.plain),
        format!("{}_{{i+1}}", point_name.latex),
    );
    let now = Tri::new(
        format!("{}ᵢ + {}ᵢ", point_name.text, deltas.text),
        format!("{}[i] + {}[i]", point_name.plain, deltas.plain),
        format!("{}_{{i}} + {}_{{i}}", point_name.latex, deltas.latex),
    );
    d.line(Sh::Lbl(next), vec![Sh::Lbl(now)], "update", Rich::t("move to the next point"));
    let updates = w.rows.len().saturating_sub(1);
    for (i, row) in w.rows.iter().enumerate().take(updates.min(WRITTEN_OUT)) {
        let p = Sh::DecPoint(row.point.clone(), digits);
        d.heading(Rich::default().math(m(&format!("i = {i}"))).text(", at ").math(p.clone()).text(":"));
        let decs = |v: &[f64]| Sh::Vector(v.iter().map(|&x| Sh::Dec(x, digits)).collect());
        d.line(
            cat(vec![nabla(), p.clone()]),
            vec![Sh::At(Box::new(Sh::vector(w.gradient)), Box::new(p.clone())), decs(&row.gradient)],
            "substitute",
            Rich::default(),
        );
        d.line(
            Sh::Lbl(deltas.clone()),
            vec![Sh::Prod(vec![Sh::Dec(-w.eta, digits), decs(&row.gradient)]), decs(&row.step)],
            "update rule",
            Rich::default(),
        );
        d.line(
            cat(vec![Sh::lbl("f", "f", "f"), p.clone()]),
            vec![Sh::Dec(row.value, digits)],
            "value",
            Rich::t("the value of ").math(m("f")).text(" here"),
        );
        if let Some(following) = w.rows.get(i + 1) {
            d.line(
                Sh::lbl("next point", "next point", "\\text{next point}"),
                vec![Sh::Sum(vec![p.clone(), decs(&row.step)]), Sh::DecPoint(following.point.clone(), digits)],
                "update",
                Rich::default(),
            );
        }
    }
    d.heading(Rich::t("Every row (as in the table of the source tutorial):"));
    d.table_styled(w.table.clone());
    if let Some(last) = w.rows.last() {
        let why = match w.stopped {
            Stop::Tolerance => "the gradient fell below --tol",
            Stop::Diverged => "the values diverged",
            Stop::Steps | Stop::RowLimit => "the number of --steps was reached",
        };
        let n = w.rows.len() - 1;
        let reached = Tri::new(
            format!("{}{}", point_name.text, subscript(n)),
            format!("{}[{n}]", point_name.plain),
            format!("{}_{{{n}}}", point_name.latex),
        );
        d.line(
            Sh::Lbl(reached),
            vec![Sh::Vector(last.point.iter().map(|&v| Sh::Dec(v, digits)).collect())],
            "result",
            Rich::t(format!("the point reached after {n} update{}, where ", if n == 1 { "" } else { "s" }))
                .math(cat(vec![Sh::lbl("f = ", "f = ", "f = "), Sh::Dec(last.value, digits)]))
                .text(format!("; stopped: {why}")),
        );
    }
    d
}

// ----- eval, simplify -----

pub fn eval(pool: &Pool, f: ExprId, vars: &[SymId], points: &[Vec<ExprId>], values: &[ExprId]) -> Derivation {
    let mut d = Derivation::default();
    echo(&mut d, pool, f, vars);
    for (c, &v) in points.iter().zip(values) {
        let lhs = cat(vec![Sh::lbl("f", "f", "f"), Sh::Point(c.clone())]);
        if c.is_empty() {
            d.line(lhs, vec![Sh::Val(v)], "value", Rich::t("a constant"));
        } else {
            d.line(lhs, vec![Sh::E(f).at(c), Sh::Val(v)], "substitute", substitution(vars, c));
        }
    }
    d
}

pub fn simplify(f: ExprId, src: &str) -> Derivation {
    let mut d = Derivation::default();
    let typed = Tri::new(src.trim(), src.trim(), format!("\\texttt{{{}}}", super::latex_escape(src.trim())));
    d.line(
        Sh::Lbl(typed),
        vec![Sh::E(f)],
        "simplify",
        Rich::t("the canonical form: like terms and powers collected, constants folded"),
    );
    d
}
