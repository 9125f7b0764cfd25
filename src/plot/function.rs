//! The function being drawn, compiled once to f64 tapes: f alone (for the grids of
//! contours and meshes, where only values are needed) and its partial derivatives (for the
//! arrows, the gradient at P, the tangent line and the derivative's graph).

use super::Label;
use crate::error::{Error, Result};
use crate::eval::tape::Tape;
use crate::expr::{ExprId, Pool, SymId};
use crate::print::values::Printers;
use crate::print::Style;

/// The names the picture writes.
#[derive(Clone, Debug, Default)]
pub struct Labels {
    /// The title: `f(x, y) = x² + y²` (the echo line of the other commands).
    pub title: Label,
    /// The axis names, one per variable: `x`, `y`.
    pub vars: Vec<Label>,
    /// The title of the derivative's graph (`f′(x) = 2x`); `f′` when absent.
    pub derivative: Option<Label>,
}

impl Labels {
    /// The names as gradcalc's printers write them: the title is the echo line of the other
    /// commands (`f(x, y) = x² + y²`, `$f(x, y) = x^{2} + y^{2}$`), the axes are the
    /// variables, and `derivative` (f′ of a function of one variable) titles its graph.
    pub fn written(pool: &Pool, f: ExprId, vars: &[SymId], derivative: Option<ExprId>) -> Labels {
        let printers = Printers::new(pool, 10);
        let both = |text: String, latex: String| Label::new(text, format!("${latex}$"));
        let title = both(
            format!("{} = {}", printers.signature("f", vars, Style::Text), printers.text.expr(f)),
            format!("{} = {}", printers.signature("f", vars, Style::Latex), printers.latex.expr(f)),
        );
        let derivative = derivative.filter(|_| vars.len() == 1).map(|d| {
            both(
                format!("{} = {}", printers.signature("f′", vars, Style::Text), printers.text.expr(d)),
                format!("{} = {}", printers.signature("f'", vars, Style::Latex), printers.latex.expr(d)),
            )
        });
        let vars = vars.iter().map(|&v| both(printers.text.var(v), printers.latex.var(v))).collect();
        Labels { title, vars, derivative }
    }
}

/// f of one or two variables with its partial derivatives, ready to evaluate anywhere.
pub struct Function {
    value: Tape,
    slope: Tape,
    pub(super) labels: Labels,
}

impl Function {
    /// Compiles `f` and `partials` (∂f/∂v for each v of `vars`, in that order, as the
    /// derivative engine gave them) over `vars`.
    pub fn compile(pool: &Pool, f: ExprId, partials: &[ExprId], vars: &[SymId], labels: Labels) -> Result<Function> {
        if vars.is_empty() || vars.len() > 2 {
            let names: Vec<&str> = vars.iter().map(|&v| pool.name(v)).collect();
            let what = if vars.is_empty() {
                "f is a constant".to_string()
            } else {
                format!("f has {} variables ({})", vars.len(), names.join(", "))
            };
            return Err(Error::usage(format!("plot draws functions of one or two variables; {what}"))
                .with_help("substitute numbers for the variables you want to hold fixed"));
        }
        if partials.len() != vars.len() || labels.vars.len() != vars.len() {
            return Err(Error::usage(format!(
                "plot needs one partial derivative and one axis name per variable: {} variables, {} partials, {} names",
                vars.len(),
                partials.len(),
                labels.vars.len()
            )));
        }
        Ok(Function { value: Tape::compile(pool, &[f], vars), slope: Tape::compile(pool, partials, vars), labels })
    }

    /// The number of variables: 1 or 2.
    pub fn vars(&self) -> usize {
        self.value.inputs()
    }

    /// f at one point.
    pub fn value(&self, p: &[f64]) -> f64 {
        let mut out = [0.0];
        self.value.eval(p, &mut out);
        out[0]
    }

    /// The partial derivatives at one point.
    pub fn slope(&self, p: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; self.slope.outputs()];
        self.slope.eval(p, &mut out);
        out
    }

    /// f at many points (`xs` holds [`Function::vars`] coordinates per point).
    pub fn values(&self, xs: &[f64]) -> Vec<f64> {
        let n = xs.len() / self.vars();
        let mut out = vec![0.0; n];
        self.value.eval_many(xs, n, &mut out);
        out
    }

    /// The partial derivatives at many points, [`Function::vars`] values per point.
    pub fn slopes(&self, xs: &[f64]) -> Vec<f64> {
        let n = xs.len() / self.vars();
        let mut out = vec![0.0; n * self.slope.outputs()];
        self.slope.eval_many(xs, n, &mut out);
        out
    }
}
