//! The presentable form of a result: the one place where every expression a command prints
//! (a derivative, a gradient's entry, a value at a point, a simplified input) gets the form
//! it is shown in — its textbook form ([`crate::simplify`]: exact constants, one fraction in
//! lowest terms, identities, common factors taken out, whichever prints shortest).
//!
//! The textbook form may be defined where the result as computed is not (a cancelled factor:
//! `(x² − 4)/(x − 2)` is shown as `x + 2`, and is not defined at 2). It is for printing:
//! every value at a point is computed from the result as computed (the commands keep both).
//!
//! A partial derivative of any order, wherever it is printed (`diff`, an entry of a
//! gradient, a Hessian or a Jacobian, with or without points or steps), is
//! [`derivative`]: each order differentiates the presented form of the one before.

use super::derive::Deriver;
use crate::expr::{ExprId, Pool, SymId};
use crate::simplify::{self, Carried, Simplifier, Stage, StageKind, Textbook};

/// `id` in the form it is printed in.
pub fn presentable(pool: &mut Pool, id: ExprId) -> ExprId {
    simplify::textbook_form(pool, id)
}

/// [`presentable`], with the stages that led there (the same result).
pub fn presentable_recorded(pool: &mut Pool, id: ExprId) -> Textbook {
    Simplifier::new(pool).form_recorded(pool, id)
}

/// [`presentable`] of each.
pub fn presentable_all(pool: &mut Pool, ids: &[ExprId]) -> Vec<ExprId> {
    simplify::textbook_forms(pool, ids)
}

/// [`presentable`] of each entry of a matrix.
pub fn presentable_matrix(pool: &mut Pool, rows: &[Vec<ExprId>]) -> Vec<Vec<ExprId>> {
    simplify::textbook_matrix(pool, rows)
}

/// The order in which a partial derivative of several variables is taken for print: the
/// variables' order (`vars`, stable; one not among them last). Where the mixed partials are
/// continuous the order does not matter (Schwarz's theorem), and the engine's results of
/// either order are the same function; taking them in one order makes ∂²f/∂y∂x print exactly
/// as ∂²f/∂x∂y and as the Hessian's entry (mirrored, i ≤ j) does.
pub fn print_order(wrt: &[SymId], vars: &[SymId]) -> Vec<SymId> {
    let mut order = wrt.to_vec();
    order.sort_by_key(|v| vars.iter().position(|w| w == v).unwrap_or(usize::MAX));
    order
}

/// One differentiation on the way to a printed derivative: ∂`of`/∂`var` as the engine
/// computed it (`derivative`), and the form carried on or printed (`result`), with the
/// simplifier's stages from the one to the other when they were recorded (`--steps` renders
/// them: the same record the result came from).
#[derive(Clone, Debug)]
pub struct Order {
    pub of: ExprId,
    pub var: SymId,
    pub derivative: ExprId,
    pub result: ExprId,
    pub stages: Vec<Stage>,
}

/// A partial derivative as printed, with the orders that led to it: every order when they
/// were recorded; else the ones written out as expressions (the first, and those from the
/// last one taken the usual way on — not an order taken within the rational normal form).
#[derive(Clone, Debug)]
pub struct Partial {
    pub result: ExprId,
    pub orders: Vec<Order>,
}

impl Partial {
    /// The engine's first derivative (of a first partial: the derivative as computed, which
    /// values at points come from).
    pub fn first_derivative(&self) -> ExprId {
        self.orders.first().map_or(self.result, |o| o.derivative)
    }
}

/// The printed forms of a gradient's entries, and the entries as computed.
pub fn printed_and_raw(gradient: &[Partial]) -> (Vec<ExprId>, Vec<ExprId>) {
    gradient.iter().map(|p| (p.result, p.first_derivative())).unzip()
}

/// ∂`of`/∂`var` and its form: the compact one to go on with (`last` false) or the printed
/// one, recording the stages when asked; with the compact form as a fraction ([`Carried`])
/// when there is one and this is not the last order, for the next order to be taken from.
fn differentiate(
    deriver: &mut Deriver,
    pool: &mut Pool,
    s: &mut Simplifier,
    of: ExprId,
    var: SymId,
    last: bool,
    record: bool,
) -> (Order, Option<Carried>) {
    let derivative = deriver.derive(pool, of, var);
    let mut carried = None;
    let Textbook { result, stages } = match (pool.limit_hit().is_some(), last, record) {
        (true, ..) => Textbook { result: derivative, stages: Vec::new() },
        (false, true, true) => s.form_recorded(pool, derivative),
        (false, true, false) => Textbook { result: s.form(pool, derivative), stages: Vec::new() },
        (false, false, record) => {
            let mut stages = Vec::new();
            let (result, c) = s.quick_carry(pool, derivative, record.then_some(&mut stages));
            carried = c;
            Textbook { result, stages }
        }
    };
    (Order { of, var, derivative, result, stages }, carried)
}

/// The next order from the carried compact form of the one before (see
/// [`Simplifier::quick_next`]), or `None` when it has to be taken the usual way. Its
/// [`Order`] is made when it is `record`ed (from `of`, the one before as presented: the
/// engine's derivative of it is what the steps show, the carried form what they arrive at).
fn differentiate_within(
    deriver: &mut Deriver,
    pool: &mut Pool,
    s: &mut Simplifier,
    c: &mut Carried,
    of: ExprId,
    var: SymId,
    record: bool,
) -> Option<Option<Order>> {
    let mut derive = |pool: &mut Pool, g: ExprId| deriver.derive(pool, g, var);
    if !s.quick_next(pool, c, var, &mut derive) {
        return None;
    }
    if !record {
        return Some(None);
    }
    let derivative = deriver.derive(pool, of, var);
    let result = s.present(pool, c);
    // The stages are named as converting the engine's derivative names them (on a copy: the
    // work it spends must not change what comes after); the same form is reached either way,
    // and should it not be, the stages say how the carried form was reached.
    let converted = s.clone().quick_recorded(pool, derivative);
    let stages = carried_stages(pool, s, c, derivative, converted, result);
    Some(Some(Order { of, var, derivative, result, stages }))
}

/// The stages from the engine's `derivative` to `result`, the form reached within the carried
/// fraction `c`: those of `converted` (the derivative converted the usual way) when it
/// reaches the same form; else the exact constants, and how the carried form was reached.
fn carried_stages(
    pool: &mut Pool,
    s: &mut Simplifier,
    c: &Carried,
    derivative: ExprId,
    converted: Textbook,
    result: ExprId,
) -> Vec<Stage> {
    if converted.result == result {
        return converted.stages;
    }
    let local = s.exact_constants(pool, derivative);
    let mut stages = Vec::new();
    if local != derivative {
        stages.push(Stage { kind: StageKind::ExactConstants, expr: local });
    }
    if result != local {
        stages.push(Stage { kind: s.carried_stage(pool, c, result), expr: result });
    }
    stages
}

/// The last order of a partial from the carried compact form of the one before (`of` is that
/// form written out): the engine's derivative of `of`, presented as [`Simplifier::form`]
/// presents it, but with its rational normal form taken within the carried fraction
/// ([`Simplifier::quick_next`], [`Simplifier::form_carried`]) instead of converting the
/// derivative, which is several times longer than what it simplifies to. `None` when it has to
/// be taken the usual way. The result, and its [`Order`] when it is `record`ed, with the
/// stages that presenting the derivative the usual way goes through whenever it arrives at the
/// same form.
fn finish_within(
    deriver: &mut Deriver,
    pool: &mut Pool,
    s: &mut Simplifier,
    c: &mut Carried,
    of: ExprId,
    var: SymId,
    record: bool,
) -> Option<(ExprId, Option<Order>)> {
    let mut derive = |pool: &mut Pool, g: ExprId| deriver.derive(pool, g, var);
    if !s.quick_next(pool, c, var, &mut derive) {
        return None;
    }
    let derivative = deriver.derive(pool, of, var);
    // On a copy when recording, as in `differentiate_within`: the work it spends must not
    // change what comes after.
    let converted = record.then(|| s.clone().form_recorded(pool, derivative));
    let result = s.form_carried(pool, derivative, c);
    let Some(converted) = converted else { return Some((result, None)) };
    let stages = carried_stages(pool, s, c, derivative, converted, result);
    Some((result, Some(Order { of, var, derivative, result, stages })))
}

/// ∂ⁿf/∂v₁…∂vₙ in its presentable form: the one form of a partial derivative of any order,
/// wherever it is printed (`diff`, the entries of a gradient, a Hessian or a Jacobian, with
/// or without points or steps).
///
/// Taken in [`print_order`], each derivative of the compact form of the one before
/// ([`Simplifier::quick`]: one fraction in lowest terms, factored), the last one presented: the
/// 12th derivative of `sin(x)·e^(x²)/(x² + 1)` is twelve derivatives of a short collected
/// form, instead of one of 127 terms collected at the end. The orders after the first are
/// taken within that fraction ([`Simplifier::quick_next`]: the chain rule through its
/// generators, whose derivatives the engine gives), so they are neither written out nor
/// converted back unless recorded, and the last is presented from the fraction written out
/// (`finish_within`); the tests below check that this prints exactly what converting each
/// order afresh prints. The same function as
/// [`Deriver::derive_seq`]'s, but possibly defined at more points (a cancelled factor):
/// values at points come from that one.
pub fn derivative(deriver: &mut Deriver, pool: &mut Pool, f: ExprId, wrt: &[SymId], vars: &[SymId]) -> ExprId {
    partial(deriver, pool, f, wrt, vars, false).result
}

/// [`derivative`] with each order it took (their stages recorded when `record`): the result
/// is the same either way.
pub fn partial(
    deriver: &mut Deriver,
    pool: &mut Pool,
    f: ExprId,
    wrt: &[SymId],
    vars: &[SymId],
    record: bool,
) -> Partial {
    partial_from(Simplifier::new(pool), deriver, pool, f, wrt, vars, record)
}

/// [`partial`] with `s`, a fresh simplifier (a copy of one made once for many results: making
/// one sorts the pool's variables).
fn partial_from(
    mut s: Simplifier,
    deriver: &mut Deriver,
    pool: &mut Pool,
    f: ExprId,
    wrt: &[SymId],
    vars: &[SymId],
    record: bool,
) -> Partial {
    let order = print_order(wrt, vars);
    let mut orders: Vec<Order> = Vec::with_capacity(order.len());
    // The last order as presented, and its compact form as a fraction when it has one. An
    // intermediate order taken within the fraction is written out only when it is needed: to
    // be recorded, or as the expression the last order is taken from.
    let mut cur = f;
    let mut carried: Option<Carried> = None;
    // Whether the carried form is ahead of `cur` (orders taken within it, not written out).
    let mut ahead = false;
    for (i, &v) in order.iter().enumerate() {
        let last = i + 1 == order.len();
        if let Some(c) = carried.as_mut() {
            if !last {
                match differentiate_within(deriver, pool, &mut s, c, cur, v, record) {
                    Some(Some(o)) => {
                        cur = o.result;
                        orders.push(o);
                        continue;
                    }
                    Some(None) => {
                        ahead = true;
                        continue;
                    }
                    None => {}
                }
            }
            if ahead {
                // Written out only now: the expression this order is the derivative of.
                cur = s.present(pool, c);
                ahead = false;
            }
            if last {
                if let Some((result, o)) = finish_within(deriver, pool, &mut s, c, cur, v, record) {
                    cur = result;
                    orders.extend(o);
                    break;
                }
            }
        }
        let (o, c) = differentiate(deriver, pool, &mut s, cur, v, last, record);
        cur = o.result;
        carried = c;
        orders.push(o);
        if pool.limit_hit().is_some() {
            break;
        }
    }
    Partial { result: cur, orders }
}

/// The gradient, each entry [`partial`] by one variable (exactly what `diff f vᵢ` prints);
/// each `orders[0].derivative` is the engine's ∂f/∂vᵢ.
pub fn gradient(deriver: &mut Deriver, pool: &mut Pool, f: ExprId, vars: &[SymId], record: bool) -> Vec<Partial> {
    let fresh = Simplifier::new(pool);
    vars.iter().map(|&v| partial_from(fresh.clone(), deriver, pool, f, &[v], vars, record)).collect()
}

/// One row i of the Hessian as [`hessian_recorded`] computes it: ∂f/∂vᵢ in the compact form
/// the row goes on with, and the entries j ≥ i differentiated from it.
#[derive(Clone, Debug)]
pub struct HessianRow {
    pub first: Order,
    pub entries: Vec<Order>,
}

/// The Hessian in its presentable form: entry (i, j), i ≤ j, is [`derivative`] by vᵢ then vⱼ
/// (exactly what `diff f vᵢ vⱼ` prints, in either order), mirrored below the diagonal.
pub fn hessian(deriver: &mut Deriver, pool: &mut Pool, f: ExprId, vars: &[SymId]) -> Vec<Vec<ExprId>> {
    hessian_recorded(deriver, pool, f, vars, false).0
}

/// [`hessian`] with the orders of each row (their stages recorded when `record`).
pub fn hessian_recorded(
    deriver: &mut Deriver,
    pool: &mut Pool,
    f: ExprId,
    vars: &[SymId],
    record: bool,
) -> (Vec<Vec<ExprId>>, Vec<HessianRow>) {
    let fresh = Simplifier::new(pool);
    let n = vars.len();
    let mut h = vec![vec![pool.zero(); n]; n];
    let mut rows = Vec::with_capacity(if record { n } else { 0 });
    for i in 0..n {
        // The state `partial` is in after its first order, for each entry of the row.
        let mut row = fresh.clone();
        let (first, carried) = differentiate(deriver, pool, &mut row, f, vars[i], false, record);
        let mut entries = Vec::new();
        for j in i..n {
            let second = deriver.derive(pool, first.result, vars[j]);
            let of = first.result;
            let unpresented = Order { of, var: vars[j], derivative: second, result: second, stages: Vec::new() };
            // Most entries of a large Hessian are 0: no state to copy for a number.
            let o = if pool.as_num(second).is_some() {
                unpresented
            } else {
                // The second order exactly as `partial` takes it.
                let mut s = row.clone();
                let within =
                    carried.clone().and_then(|mut c| finish_within(deriver, pool, &mut s, &mut c, of, vars[j], record));
                match within {
                    Some((_, Some(o))) => o,
                    Some((result, None)) => Order { result, ..unpresented },
                    None => differentiate(deriver, pool, &mut s, of, vars[j], true, record).0,
                }
            };
            h[i][j] = o.result;
            h[j][i] = o.result;
            if record {
                entries.push(o);
            }
        }
        if record {
            rows.push(HessianRow { first, entries });
        }
        if pool.limit_hit().is_some() {
            break;
        }
    }
    (h, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::approx::approx;
    use crate::syntax::{parse, ParseOptions};

    /// Functions whose third and higher derivatives are taken within the rational normal form
    /// (no roots), and a few that are not (roots, polynomials, kinks).
    const FUNCTIONS: &[&str] = &[
        "sin(x)*exp(x^2)/(1+x^2)",
        "(x+2)/(x-3)",
        "x^3/(x^2-1)",
        "x^3 e^(2x)",
        "e^(3x)/(1+e^(3x))",
        "ln((2+x)/(2-x))",
        "ln(sin(2x))",
        "atan(2x) + atan(1/(2x))",
        "x/(x^2+y^2)",
        "e^(x^2 y)",
        "x^x",
        "tan(x)",
        "tanh(x)",
        "e^(sin x)",
        "x^3 ln(x)",
        "sin(x)/x",
        "x^2 e^(3x) sin(2x)",
        "sin(x+y) cos(x-y)",
        "e^(2x) + e^(-2x)",
        "atan(x) e^x",
        "asin(x) e^x",
        "cos(sqrt(x))",
        "x^5 - 3x^3 + 2",
        "f(x) g(x)",
        "sigmoid(x)",
    ];

    fn options() -> ParseOptions {
        ParseOptions { funcs: vec!["f".into(), "g".into()], ..Default::default() }
    }

    /// The same partial taken the usual way: each order the engine's derivative of the form
    /// before, converted afresh ([`Simplifier::quick`]), the last one presented.
    fn order_by_order(deriver: &mut Deriver, pool: &mut Pool, f: ExprId, wrt: &[SymId]) -> ExprId {
        let mut s = Simplifier::new(pool);
        let mut cur = f;
        for (i, &v) in wrt.iter().enumerate() {
            let d = deriver.derive(pool, cur, v);
            cur = if i + 1 == wrt.len() { s.form(pool, d) } else { s.quick(pool, d) };
        }
        cur
    }

    #[test]
    fn orders_taken_within_the_fraction_print_as_orders_taken_one_by_one() {
        for src in FUNCTIONS {
            for wrt in
                [&["x", "x"][..], &["x", "y"], &["x", "x", "x"], &["x"; 5], &["x", "x", "y"], &["x", "y", "y", "x"]]
            {
                let mut pool = Pool::default();
                let f = parse(&mut pool, src, &options()).unwrap();
                let wrt: Vec<SymId> = wrt.iter().map(|v| pool.symbol(v)).collect();
                let vars = wrt.clone();
                let mut deriver = Deriver::new();
                let carried = derivative(&mut deriver, &mut pool, f, &wrt, &vars);
                let usual = order_by_order(&mut deriver, &mut pool, f, &print_order(&wrt, &vars));
                assert_eq!(carried, usual, "{src} by {wrt:?}");
            }
        }
    }

    #[test]
    fn every_recorded_order_is_the_derivative_of_the_one_before() {
        // With the orders recorded (--steps), each carried order is written out: it must be
        // the engine's derivative of the order before, at points where both are defined.
        for src in FUNCTIONS {
            let mut pool = Pool::default();
            let f = parse(&mut pool, src, &options()).unwrap();
            let x = pool.symbol("x");
            let y = pool.symbol("y");
            let mut deriver = Deriver::new();
            let p = partial(&mut deriver, &mut pool, f, &[x, x, x, x], &[x, y], true);
            assert_eq!(p.orders.len(), 4, "{src}");
            for o in &p.orders {
                for (px, py) in [(0.37, 0.61), (0.83, -0.29), (-0.45, 1.3)] {
                    let at = |v: SymId| if v == x { px } else { py };
                    let (a, b) = (approx(&pool, o.derivative, &at), approx(&pool, o.result, &at));
                    if a.is_finite() && b.is_finite() {
                        assert!((a - b).abs() <= 1e-9 * (1.0 + a.abs()), "{src} at ({px}, {py}): {a} ≠ {b}");
                    }
                }
            }
            let unrecorded = derivative(&mut deriver, &mut pool, f, &[x, x, x, x], &[x, y]);
            assert_eq!(p.result, unrecorded, "{src}: the steps arrive where diff does");
        }
    }
}
