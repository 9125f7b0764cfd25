//! Results as a reader sees them, in every style: exact values with their decimals
//! (`√5 ≈ 2.236067977`), vectors, matrices, points, signatures `f(x, y)`, the total
//! differential `2x dx + 2y dy`, and the JSON objects `{"plain", "latex", "approx"}` of
//! expressions and values. Built on the three [`Printer`]s of one pool ([`Printers`]); every
//! command, the derivations of [`crate::explain`] and `--points` print through these.

use super::{decimal, Printer, Style};
use crate::expr::approx;
use crate::expr::{number, ExprId, Node, Pool, SymId};
use serde_json::{json, Value};

/// The printers of one pool in every style, and the digits of approximations: everything
/// needed to print its expressions and values.
pub struct Printers<'p> {
    pub pool: &'p Pool,
    pub text: Printer<'p>,
    pub plain: Printer<'p>,
    pub latex: Printer<'p>,
    pub digits: usize,
}

impl<'p> Printers<'p> {
    pub fn new(pool: &'p Pool, digits: usize) -> Printers<'p> {
        Printers {
            pool,
            text: Printer::new(pool, Style::Text),
            plain: Printer::new(pool, Style::Plain),
            latex: Printer::new(pool, Style::Latex),
            digits,
        }
    }

    pub fn printer(&self, style: Style) -> &Printer<'p> {
        match style {
            Style::Text => &self.text,
            Style::Plain => &self.plain,
            Style::Latex => &self.latex,
        }
    }

    /// `{"plain": …, "latex": …}`
    pub fn expr_json(&self, id: ExprId) -> Value {
        json!({"plain": self.plain.expr(id), "latex": self.latex.expr(id)})
    }

    /// `{"plain": …, "latex": …, "approx": …}`
    pub fn value_json(&self, id: ExprId) -> Value {
        json!({"plain": self.plain.expr(id), "latex": self.latex.expr(id), "approx": self.approx_json(id)})
    }

    /// The nearest double, or "inf"/"-inf"/"nan", or a decimal string beyond the double range;
    /// `null` for a value that still holds a parameter (a symbol not in `--vars`): it has no
    /// decimal at all, which is not the same as a number that is not one ("nan").
    pub fn approx_json(&self, id: ExprId) -> Value {
        if !self.pool.is_constant(id) {
            return Value::Null;
        }
        let v = self.approx(id);
        if v.is_finite() {
            return json!(v);
        }
        if let Some(r) = self.pool.as_num(id) {
            return json!(number::huge_decimal(r, 17));
        }
        if let Some((sign, l)) = approx::log10_magnitude(self.pool, id) {
            return json!(approx::log_decimal(sign, l, 17));
        }
        json!(if v.is_nan() {
            "nan"
        } else if v > 0.0 {
            "inf"
        } else {
            "-inf"
        })
    }

    pub fn approx(&self, id: ExprId) -> f64 {
        self.pool.approx_const(id)
    }

    /// True when the exact form says all there is (an integer).
    pub fn is_integer(&self, id: ExprId) -> bool {
        self.pool.as_num(id).is_some_and(|r| r.is_integer())
    }

    /// The decimal of a value as printed after `≈`.
    pub fn decimal(&self, id: ExprId) -> String {
        let v = self.approx(id);
        if !v.is_finite() {
            if let Some(r) = self.pool.as_num(id) {
                return number::huge_decimal(r, self.digits);
            }
        }
        // Beyond the double range either way (e^1000, e^-1000, e^1000 - e^999): by logarithms.
        if !v.is_finite() || (v == 0.0 && !self.pool.is_zero(id)) {
            if let Some((sign, l)) = approx::log10_magnitude(self.pool, id) {
                return approx::log_decimal(sign, l, self.digits);
            }
        }
        decimal(v, self.digits)
    }

    /// `√5 ≈ 2.236067977` (text), `\sqrt{5} \approx 2.236067977` (LaTeX), `sqrt(5)` (plain).
    pub fn value(&self, id: ExprId, style: Style) -> String {
        let exact = self.printer(style).expr(id);
        // A value with parameters in it (symbols not in --vars) has no decimal: not `≈ nan`.
        if self.is_integer(id) || style == Style::Plain || !self.pool.is_constant(id) {
            return exact;
        }
        let approx = self.decimal(id);
        match style {
            Style::Latex => format!("{exact} \\approx {approx}"),
            _ => format!("{exact} ≈ {approx}"),
        }
    }

    /// `(a, b, c)` in text, `[a, b, c]` in plain, `\left(a, b, c\right)` in LaTeX.
    pub fn vector(&self, ids: &[ExprId], style: Style) -> String {
        let (open, close) = match style {
            Style::Text => ("(", ")"),
            Style::Plain => ("[", "]"),
            Style::Latex => ("\\left(", "\\right)"),
        };
        // One session: what the entries share is printed once and copied after that.
        let mut out = String::new();
        let mut s = self.printer(style).session(&mut out);
        s.push_str(open);
        for (i, &id) in ids.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            s.write(id);
        }
        s.push_str(close);
        out
    }

    /// A vector of values with its decimals when any entry is not an integer.
    pub fn value_vector(&self, ids: &[ExprId], style: Style) -> String {
        let exact = self.vector(ids, style);
        if style == Style::Plain
            || ids.iter().all(|&i| self.is_integer(i))
            || ids.iter().any(|&i| !self.pool.is_constant(i))
        {
            return exact;
        }
        let approx: Vec<String> = ids.iter().map(|&i| self.decimal(i)).collect();
        match style {
            Style::Latex => format!("{exact} \\approx \\left({}\\right)", approx.join(", ")),
            _ => format!("{exact} ≈ ({})", approx.join(", ")),
        }
    }

    /// A matrix: rows of `[a, b]` in plain, `pmatrix` in LaTeX, aligned rows in text.
    pub fn matrix(&self, rows: &[Vec<ExprId>], style: Style) -> String {
        let p = self.printer(style);
        match style {
            // One session for the whole matrix: shared subexpressions are printed once.
            Style::Plain | Style::Latex => {
                let plain = style == Style::Plain;
                let mut out = String::new();
                let mut s = p.session(&mut out);
                s.push_str(if plain { "[" } else { "\\begin{pmatrix} " });
                for (i, r) in rows.iter().enumerate() {
                    if i > 0 {
                        s.push_str(if plain { ", " } else { " \\\\ " });
                    }
                    if plain {
                        s.push_str("[");
                    }
                    for (j, &c) in r.iter().enumerate() {
                        if j > 0 {
                            s.push_str(if plain { ", " } else { " & " });
                        }
                        s.write(c);
                    }
                    if plain {
                        s.push_str("]");
                    }
                }
                s.push_str(if plain { "]" } else { " \\end{pmatrix}" });
                out
            }
            Style::Text => {
                let cells: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|&c| p.expr(c)).collect()).collect();
                matrix_of_cells(&cells, style)
            }
        }
    }

    pub fn matrix_json(&self, rows: &[Vec<ExprId>], value: bool) -> Value {
        Value::Array(
            rows.iter()
                .map(|r| {
                    Value::Array(
                        r.iter().map(|&c| if value { self.value_json(c) } else { self.expr_json(c) }).collect(),
                    )
                })
                .collect(),
        )
    }

    pub fn var_names(&self, vars: &[SymId], style: Style) -> Vec<String> {
        vars.iter().map(|&v| self.printer(style).var(v)).collect()
    }

    /// `f(x, y, z)` with the style's variable names.
    pub fn signature(&self, name: &str, vars: &[SymId], style: Style) -> String {
        if vars.is_empty() {
            return name.to_string();
        }
        format!("{name}({})", self.var_names(vars, style).join(", "))
    }

    /// The total differential `2*x*dx - 2*y*dy` (plain), `2x dx - 2y dy` (text),
    /// `2 x \, \mathrm{d}x - …` (LaTeX), from its terms (negative?, magnitude) in the order of
    /// `vars` (see [`crate::calculus::differential`]); terms with a zero coefficient are left
    /// out, and all of them zero is `0`.
    pub fn differential(
        &self,
        terms: impl IntoIterator<Item = (bool, ExprId)>,
        vars: &[SymId],
        style: Style,
    ) -> String {
        let p = self.printer(style);
        let mut s = String::new();
        for ((negative, c), &v) in terms.into_iter().zip(vars) {
            if self.pool.is_zero(c) {
                continue;
            }
            let d = match style {
                Style::Latex => format!("\\mathrm{{d}}{}", p.var(v)),
                _ => format!("d{}", p.var(v)),
            };
            s.push_str(match (s.is_empty(), negative) {
                (true, true) => "-",
                (true, false) => "",
                (false, true) => " - ",
                (false, false) => " + ",
            });
            if self.pool.is_one(c) {
                s.push_str(&d);
                continue;
            }
            let shown = p.expr(c);
            let coeff = match (self.pool.node(c), style) {
                (Node::Add(_), Style::Latex) => format!("\\left({shown}\\right)"),
                (Node::Add(_), _) => format!("({shown})"),
                _ => shown,
            };
            let mul = match style {
                Style::Plain => "*",
                Style::Text => " ",
                Style::Latex => " \\, ",
            };
            s.push_str(&format!("{coeff}{mul}{d}"));
        }
        if s.is_empty() {
            "0".into()
        } else {
            s
        }
    }

    /// `∂²f/∂y∂x` (text), `d2f/dydx` (plain), `\frac{\partial^{2} f}{\partial y \, \partial x}`
    /// (LaTeX) for differentiation of `f` by `wrt` in that order.
    pub fn partial_label(&self, f: &str, wrt: &[SymId], style: Style) -> String {
        let mut groups: Vec<(SymId, usize)> = Vec::new();
        for &v in wrt.iter().rev() {
            match groups.last_mut() {
                Some((g, n)) if *g == v => *n += 1,
                _ => groups.push((v, 1)),
            }
        }
        let n = wrt.len();
        let p = self.printer(style);
        let sup = |k: usize| super::superscript(&k.to_string());
        match style {
            Style::Latex => {
                let num = if n == 1 { format!("\\partial {f}") } else { format!("\\partial^{{{n}}} {f}") };
                let den: Vec<String> = groups
                    .iter()
                    .map(|&(v, k)| {
                        if k == 1 {
                            format!("\\partial {}", p.var(v))
                        } else {
                            format!("\\partial {}^{{{k}}}", p.var(v))
                        }
                    })
                    .collect();
                format!("\\frac{{{num}}}{{{}}}", den.join(" \\, "))
            }
            Style::Text => {
                let num = if n == 1 { format!("∂{f}") } else { format!("∂{}{f}", sup(n)) };
                let den: String = groups
                    .iter()
                    .map(|&(v, k)| if k == 1 { format!("∂{}", p.var(v)) } else { format!("∂{}{}", p.var(v), sup(k)) })
                    .collect();
                format!("{num}/{den}")
            }
            Style::Plain => {
                let num = if n == 1 { format!("d{f}") } else { format!("d{n}{f}") };
                let den: String = groups
                    .iter()
                    .map(|&(v, k)| if k == 1 { format!("d{}", p.var(v)) } else { format!("d{}{k}", p.var(v)) })
                    .collect();
                format!("{num}/{den}")
            }
        }
    }

    /// The point as `(0, 1, -1)`.
    pub fn point(&self, coords: &[ExprId], style: Style) -> String {
        let p = self.printer(style);
        let items: Vec<String> = coords.iter().map(|&c| p.expr(c)).collect();
        match style {
            Style::Latex => format!("\\left({}\\right)", items.join(", ")),
            _ => format!("({})", items.join(", ")),
        }
    }
}

/// A matrix of cells written ahead of time: rows of `[a, b]` in plain, a `pmatrix` in LaTeX,
/// rows aligned in columns between tall brackets in text.
pub fn matrix_of_cells(cells: &[Vec<String>], style: Style) -> String {
    match style {
        Style::Plain => {
            let rows: Vec<String> = cells.iter().map(|r| format!("[{}]", r.join(", "))).collect();
            format!("[{}]", rows.join(", "))
        }
        Style::Latex => {
            let rows: Vec<String> = cells.iter().map(|r| r.join(" & ")).collect();
            format!("\\begin{{pmatrix}} {} \\end{{pmatrix}}", rows.join(" \\\\ "))
        }
        Style::Text => {
            let ncols = cells.iter().map(Vec::len).max().unwrap_or(0);
            let widths: Vec<usize> = (0..ncols)
                .map(|j| cells.iter().map(|r| r.get(j).map_or(0, |c| c.chars().count())).max().unwrap_or(0))
                .collect();
            let n = cells.len();
            let mut out = String::new();
            for (i, r) in cells.iter().enumerate() {
                let (l, rt) = match (n, i) {
                    (1, _) => ('[', ']'),
                    (_, 0) => ('⎡', '⎤'),
                    (_, i) if i == n - 1 => ('⎣', '⎦'),
                    _ => ('⎢', '⎥'),
                };
                let row: Vec<String> = r
                    .iter()
                    .enumerate()
                    .map(|(j, c)| format!("{c}{}", " ".repeat(widths[j] - c.chars().count())))
                    .collect();
                out.push_str(&format!("{l} {} {rt}", row.join("   ")));
                if i + 1 < n {
                    out.push('\n');
                }
            }
            out
        }
    }
}

/// One display-math line for LaTeX output.
pub fn display_math(s: &str) -> String {
    format!("\\[ {s} \\]")
}

/// `12` → `₁₂`: a number written in subscript digits (`D₂`, `F₁`).
pub fn subscript(k: usize) -> String {
    k.to_string().chars().map(super::subscript_digit).collect()
}
