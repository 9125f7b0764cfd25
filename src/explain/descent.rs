//! The words that describe a descent run, in each style: the method with its parameters, its
//! update rule, and where and why it stopped. `descend` prints them around its table, its
//! derivation ends with them, and `plot --path` writes them in the legend — one wording, so
//! the table, the derivation and the picture cannot tell different stories.

use super::math::{Math, Prose};
use crate::calculus::descent::{Method, Row, Settings, Stop};
use crate::expr::SymId;

/// "gradient descent", "momentum", "Newton's method".
pub fn method_name(method: Method) -> &'static str {
    match method {
        Method::Gradient => "gradient descent",
        Method::Momentum { .. } => "momentum",
        Method::Newton => "Newton's method",
    }
}

fn eta(settings: &Settings, digits: usize) -> Math {
    Math::Row(vec![Math::literal("η = ", "eta = ", "\\eta = "), Math::Decimal(settings.rate, digits)])
}

fn beta(beta: f64, digits: usize) -> Math {
    Math::Row(vec![Math::literal("β = ", "beta = ", "\\beta = "), Math::Decimal(beta, digits)])
}

/// The update rule: `Δ = -η∇f`, `Δ = βv - η∇f`, `Δ = -η H⁻¹∇f`.
pub fn rule(method: Method) -> Math {
    match method {
        Method::Gradient => Math::literal("Δ = -η∇f", "step = -eta*grad f", "\\Delta = -\\eta \\nabla f"),
        Method::Momentum { .. } => {
            Math::literal("Δ = βv - η∇f", "step = beta*v - eta*grad f", "\\Delta = \\beta v - \\eta \\nabla f")
        }
        Method::Newton => Math::literal("Δ = -η H⁻¹∇f", "step = -eta*H^-1*grad f", "\\Delta = -\\eta H^{-1} \\nabla f"),
    }
}

/// The parameters: `η = 0.1`, and `β = 0.9` for momentum.
pub fn parameters(settings: &Settings, digits: usize) -> Prose {
    let p = Prose::default().math(eta(settings, digits));
    match settings.method {
        Method::Momentum { beta: b } => p.words(", ").math(beta(b, digits)),
        _ => p,
    }
}

/// The rule and the parameters, for the header of a table after the method's name:
/// `Δ = βv - η∇f, where v is the previous step (0 at first); η = 0.1, β = 0.9`.
pub fn summary(settings: &Settings, digits: usize) -> Prose {
    let p = Prose::default().math(rule(settings.method));
    let p = match settings.method {
        Method::Gradient => p,
        Method::Momentum { .. } => {
            p.words(", where ").math(Math::literal("v", "v", "v")).words(" is the previous step (0 at first)")
        }
        Method::Newton => p.words(", where ").math(Math::literal("H", "H", "H")).words(" is the Hessian"),
    };
    p.words("; ").append(parameters(settings, digits))
}

/// What a legend calls the run: `gradient descent, η = 0.1`, `momentum, η = 0.1, β = 0.9`,
/// `Newton's method` (η = 1 goes without saying), `Newton's method, η = 0.5`.
pub fn label(settings: &Settings, digits: usize) -> Prose {
    let p = Prose::text(method_name(settings.method));
    if settings.method == Method::Newton && settings.rate == 1.0 {
        return p;
    }
    p.words(", ").append(parameters(settings, digits))
}

/// Why the run stopped at its last row `last`: `2 updates done, as --steps asked`,
/// `|∇f| = 0.06 < 0.1 (--tol)`, `the values diverged`, `the Hessian is singular there, so
/// Newton's step is undefined`.
pub fn reason(stop: Stop, last: &Row, settings: &Settings, digits: usize) -> Prose {
    match stop {
        Stop::Steps => {
            let n = last.i;
            Prose::text(format!("{n} update{} done, as --steps asked", if n == 1 { "" } else { "s" }))
        }
        Stop::Tolerance => {
            let norm = Math::literal("|∇f| = ", "|grad f| = ", "|\\nabla f| = ");
            Prose::default()
                .math(Math::Row(vec![
                    norm,
                    Math::Decimal(last.gradient_norm(), digits),
                    Math::literal(" < ", " < ", " < "),
                    Math::Decimal(settings.tolerance.unwrap_or(f64::NAN), digits),
                ]))
                .words(" (--tol)")
        }
        Stop::Diverged if left_domain(last) => Prose::text("f or its gradient has no value there"),
        Stop::Diverged => Prose::text("the values diverged"),
        Stop::Singular => Prose::text("the Hessian is singular there, so Newton's step is undefined"),
        Stop::RowLimit => Prose::text("the output limit was reached"),
    }
}

/// Whether a run that diverged stopped at a finite point where f or ∇f has no value (it left
/// the domain), rather than growing without bound.
pub fn left_domain(last: &Row) -> bool {
    (last.value.is_nan() || last.gradient.iter().any(|g| g.is_nan())) && last.point.iter().all(|x| x.is_finite())
}

/// Where it stopped and why, after the word "stopped": `at step 2, (x, y) = (1.92, 1.28),
/// f = 5.3248: 2 updates done, as --steps asked`.
pub fn stopped(vars: &[SymId], last: &Row, stop: Stop, settings: &Settings, digits: usize) -> Prose {
    let point = if vars.len() == 1 {
        Math::Row(vec![Math::Var(vars[0]), Math::literal(" = ", " = ", " = "), Math::Decimal(last.point[0], digits)])
    } else {
        let mut names = vec![Math::literal("(", "(", "(")];
        for (k, &v) in vars.iter().enumerate() {
            if k > 0 {
                names.push(Math::literal(", ", ", ", ", "));
            }
            names.push(Math::Var(v));
        }
        names.push(Math::literal(") = ", ") = ", ") = "));
        names.push(Math::DecimalPoint(last.point.clone(), digits));
        Math::Row(names)
    };
    Prose::text(format!("at step {}, ", last.i))
        .math(point)
        .words(", ")
        .math(Math::Row(vec![Math::literal("f = ", "f = ", "f = "), Math::Decimal(last.value, digits)]))
        .words(": ")
        .append(reason(stop, last, settings, digits))
}
