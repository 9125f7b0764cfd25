//! Gradient descent in double precision: from a start point, repeated updates by a
//! [`Method`], one [`Row`] per point visited, until a number of updates, a tolerance on |∇f|,
//! divergence, or a cap on the rows kept ([`Stop`] says which).
//!
//! f and ∇f are compiled once into tapes ([`Objective`]); the loop is pure arithmetic. `descend`
//! prints the rows, and `plot --path` will draw the same path.

use crate::eval::tape::Tape;
use crate::expr::{ExprId, Pool, SymId};

/// The update rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Method {
    /// Plain gradient descent: Δ = −η∇f.
    #[default]
    Gradient,
}

impl Method {
    /// The step from a point, given the gradient there and the rate η.
    fn step(self, gradient: &[f64], rate: f64) -> Vec<f64> {
        match self {
            Method::Gradient => gradient.iter().map(|d| -rate * d).collect(),
        }
    }
}

/// f and ∇f, compiled for evaluation at many points.
pub struct Objective {
    value: Tape,
    gradient: Tape,
}

impl Objective {
    /// Compiles f and its gradient (in the order of `vars`).
    pub fn compile(pool: &Pool, f: ExprId, gradient: &[ExprId], vars: &[SymId]) -> Objective {
        Objective { value: Tape::compile(pool, &[f], vars), gradient: Tape::compile(pool, gradient, vars) }
    }
}

/// How the descent runs.
#[derive(Clone, Debug)]
pub struct Settings {
    pub method: Method,
    /// The learning rate η.
    pub rate: f64,
    /// The number of updates; the rows are i = 0..=steps.
    pub steps: usize,
    /// Stop at the first row where |∇f| < this.
    pub tolerance: Option<f64>,
    /// Keep at most this many rows (the output they make is bounded).
    pub max_rows: usize,
}

/// One point of the path: where, the gradient and f there, and the step taken from it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub i: usize,
    pub point: Vec<f64>,
    pub gradient: Vec<f64>,
    pub step: Vec<f64>,
    pub value: f64,
}

/// Why the descent stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// After the number of updates asked for.
    Steps,
    /// |∇f| fell below the tolerance.
    Tolerance,
    /// A value became infinite or NaN, or |f| exceeded 1e300.
    Diverged,
    /// [`Settings::max_rows`] rows were kept before the steps were done.
    RowLimit,
}

impl Stop {
    /// The name in JSON output (`"stopped"`).
    pub fn name(self) -> &'static str {
        match self {
            Stop::Steps => "steps",
            Stop::Tolerance => "tol",
            Stop::Diverged => "diverged",
            Stop::RowLimit => "rows",
        }
    }
}

/// The path taken and why it ended.
#[derive(Clone, Debug)]
pub struct Path {
    pub rows: Vec<Row>,
    pub stop: Stop,
}

/// Runs the descent from `start`.
pub fn descend(objective: &Objective, start: &[f64], settings: &Settings) -> Path {
    let mut x = start.to_vec();
    let mut rows = Vec::new();
    let mut fx = [0.0];
    let mut gx = vec![0.0; objective.gradient.outputs()];
    let mut i = 0;
    let stop = loop {
        if rows.len() >= settings.max_rows {
            break Stop::RowLimit;
        }
        objective.value.eval(&x, &mut fx);
        objective.gradient.eval(&x, &mut gx);
        let step = settings.method.step(&gx, settings.rate);
        let gnorm = gx.iter().map(|d| d * d).sum::<f64>().sqrt();
        let finite = fx[0].is_finite() && gx.iter().all(|d| d.is_finite()) && x.iter().all(|d| d.is_finite());
        rows.push(Row { i, point: x.clone(), gradient: gx.clone(), step: step.clone(), value: fx[0] });
        if !finite || fx[0].abs() > 1e300 {
            break Stop::Diverged;
        }
        if settings.tolerance.is_some_and(|t| gnorm < t) {
            break Stop::Tolerance;
        }
        if i == settings.steps {
            break Stop::Steps;
        }
        for (xi, s) in x.iter_mut().zip(&step) {
            *xi += s;
        }
        i += 1;
    };
    Path { rows, stop }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calculus::{gradient, Deriver};
    use crate::syntax::{parse, ParseOptions};

    fn run(f: &str, start: &[f64], rate: f64, steps: usize, tolerance: Option<f64>, max_rows: usize) -> Path {
        let mut pool = Pool::default();
        let f = parse(&mut pool, f, &ParseOptions::default()).unwrap();
        let vars: Vec<SymId> = ["x", "y"].iter().filter_map(|v| pool.find_symbol(v)).collect();
        let g = gradient(&mut Deriver::new(), &mut pool, f, &vars);
        let objective = Objective::compile(&pool, f, &g, &vars);
        let settings = Settings { method: Method::Gradient, rate, steps, tolerance, max_rows };
        descend(&objective, start, &settings)
    }

    #[test]
    fn each_way_of_stopping() {
        // (f, start, rate, steps, tolerance, max rows) → (rows, stop)
        type Case<'a> = (&'a str, &'a [f64], f64, usize, Option<f64>, usize, usize, Stop);
        let cases: &[Case] = &[
            ("x^2+y^2", &[3.0, 2.0], 0.1, 2, None, 100, 3, Stop::Steps),
            ("x^2+y^2", &[3.0, 2.0], 0.1, 0, None, 100, 1, Stop::Steps),
            ("x^2", &[1.0], 0.5, 10, Some(1e-9), 100, 2, Stop::Tolerance),
            ("x^2", &[1.0], 10.0, 1000, None, 2000, 0, Stop::Diverged),
            ("x^2+y^2", &[3.0, 2.0], 0.1, 50, None, 5, 5, Stop::RowLimit),
            ("ln(x)", &[-1.0], 0.1, 5, None, 100, 1, Stop::Diverged),
        ];
        for &(f, start, rate, steps, tol, max_rows, want_rows, want_stop) in cases {
            let path = run(f, start, rate, steps, tol, max_rows);
            assert_eq!(path.stop, want_stop, "{f} from {start:?}");
            if want_rows > 0 {
                assert_eq!(path.rows.len(), want_rows, "{f} from {start:?}");
            }
        }
    }

    #[test]
    fn the_rows_of_the_tutorial() {
        // descend "x^2+y^2" --from 3,2 --rate 0.1 --steps 2: (3, 2) → (2.4, 1.6) → (1.92, 1.28).
        let path = run("x^2+y^2", &[3.0, 2.0], 0.1, 2, None, 100);
        let r0 = &path.rows[0];
        assert_eq!((r0.i, r0.value), (0, 13.0));
        assert_eq!(r0.gradient, [6.0, 4.0]);
        assert!((r0.step[0] + 0.6).abs() < 1e-15 && (r0.step[1] + 0.4).abs() < 1e-15);
        let last = &path.rows[2].point;
        assert!((last[0] - 1.92).abs() < 1e-12 && (last[1] - 1.28).abs() < 1e-12, "{last:?}");
    }

    #[test]
    fn stops_have_their_json_names() {
        let names: Vec<&str> = [Stop::Steps, Stop::Tolerance, Stop::Diverged].iter().map(|s| s.name()).collect();
        assert_eq!(names, ["steps", "tol", "diverged"]);
    }
}
