//! Turning a formula into what `gradcalc::plot` draws, as the `plot` command does: parse, the
//! variables in their display order, the partial derivatives from the engine, the titles from
//! `Labels::written`, and descent paths from `calculus::descent` (the loop `descend` and
//! `plot --path` run). For tests/plot.rs, which tests the library below the command.

#![allow(dead_code)]

use gradcalc::calculus::descent::{descend, Method, Objective, Settings};
use gradcalc::calculus::{gradient, hessian, Deriver};
use gradcalc::expr::{ExprId, Pool, SymId};
use gradcalc::plot::{Function, Labels};
use gradcalc::print::sort_vars;
use gradcalc::syntax::{parse, ParseOptions};

/// The formula parsed, with its variables sorted as gradcalc sorts them.
fn parsed(src: &str) -> (Pool, ExprId, Vec<SymId>) {
    let mut pool = Pool::default();
    let f = parse(&mut pool, src, &ParseOptions::default()).expect("the formula parses");
    let mut vars = pool.free_vars(f).to_vec();
    sort_vars(&pool, &mut vars);
    (pool, f, vars)
}

/// f compiled for plotting, with its titles.
pub fn function(src: &str) -> Function {
    let (mut pool, f, vars) = parsed(src);
    let partials = gradient(&mut Deriver::new(), &mut pool, f, &vars);
    let derivative = (vars.len() == 1).then(|| partials[0]);
    let labels = Labels::written(&pool, f, &vars, derivative);
    Function::compile(&pool, f, &partials, &vars, labels).expect("one or two variables")
}

/// The points `method` visits on `src` in `steps` updates from `from` with rate `eta`.
pub fn path(src: &str, method: Method, from: &[f64], eta: f64, steps: usize) -> Vec<Vec<f64>> {
    let (mut pool, f, vars) = parsed(src);
    let mut deriver = Deriver::new();
    let g = gradient(&mut deriver, &mut pool, f, &vars);
    let h = hessian(&mut deriver, &mut pool, f, &vars);
    let objective = Objective::compile(&pool, f, &g, Some(&h), &vars);
    let settings = Settings { method, rate: eta, steps, tolerance: None, every: 1, max_rows: 100_000 };
    let run = descend(&objective, from, &settings).expect("the objective has the Hessian");
    run.rows.into_iter().map(|r| r.point).collect()
}

/// Plain gradient descent.
pub fn descent(src: &str, from: &[f64], eta: f64, steps: usize) -> Vec<Vec<f64>> {
    path(src, Method::Gradient, from, eta, steps)
}
