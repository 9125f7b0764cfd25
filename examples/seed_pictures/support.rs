//! Turning a formula into what `gradcalc::plot` draws, the way the `plot` command will:
//! parse, the variables in their display order, the partial derivatives from the engine,
//! the titles from the printers. Shared by the seed-pictures example and tests/plot.rs.

#![allow(dead_code)]

use gradcalc::calculus::{gradient, Deriver};
use gradcalc::expr::Pool;
use gradcalc::plot::{Function, Label, Labels};
use gradcalc::print::{sort_vars, Printer, Style};
use gradcalc::syntax::{parse, ParseOptions};

/// f compiled for plotting, with its titles.
pub fn function(src: &str) -> Function {
    let mut pool = Pool::default();
    let f = parse(&mut pool, src, &ParseOptions::default()).expect("the formula parses");
    let mut vars = pool.free_vars(f).to_vec();
    sort_vars(&pool, &mut vars);
    let mut deriver = Deriver::new();
    let partials = gradient(&mut deriver, &mut pool, f, &vars);
    let (text, latex) = (Printer::new(&pool, Style::Text), Printer::new(&pool, Style::Latex));
    let names_t: Vec<String> = vars.iter().map(|&v| text.var(v)).collect();
    let names_l: Vec<String> = vars.iter().map(|&v| latex.var(v)).collect();
    let title = Label::new(
        format!("f({}) = {}", names_t.join(", "), text.expr(f)),
        format!("$f({}) = {}$", names_l.join(", "), latex.expr(f)),
    );
    let derivative = (vars.len() == 1).then(|| {
        Label::new(
            format!("f′({}) = {}", names_t[0], text.expr(partials[0])),
            format!("$f'({}) = {}$", names_l[0], latex.expr(partials[0])),
        )
    });
    let labels = Labels {
        title,
        vars: names_t.iter().zip(&names_l).map(|(t, l)| Label::new(t.clone(), format!("${l}$"))).collect(),
        derivative,
    };
    Function::compile(&pool, f, &partials, &vars, labels).expect("one or two variables")
}

/// Plain gradient descent x ← x − η∇f(x), `steps` updates from `from`: the points, for a
/// picture only (the descent methods of gradcalc live in its calculus module).
pub fn descent(f: &Function, from: &[f64], eta: f64, steps: usize) -> Vec<Vec<f64>> {
    let mut x = from.to_vec();
    let mut out = vec![x.clone()];
    for _ in 0..steps {
        let g = f.slope(&x);
        for (xi, gi) in x.iter_mut().zip(&g) {
            *xi -= eta * gi;
        }
        out.push(x.clone());
    }
    out
}

/// Gradient descent with momentum v ← βv − η∇f, x ← x + v (for comparing two paths).
pub fn momentum(f: &Function, from: &[f64], eta: f64, beta: f64, steps: usize) -> Vec<Vec<f64>> {
    let mut x = from.to_vec();
    let mut v = vec![0.0; x.len()];
    let mut out = vec![x.clone()];
    for _ in 0..steps {
        let g = f.slope(&x);
        for ((xi, vi), gi) in x.iter_mut().zip(v.iter_mut()).zip(&g) {
            *vi = beta * *vi - eta * gi;
            *xi += *vi;
        }
        out.push(x.clone());
    }
    out
}
