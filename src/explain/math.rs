//! The pieces a derivation is written with: display math ([`Math`]), composed as a student
//! writes it and *not* canonicalised (`y · 2x` before it becomes `2xy`), prose with math in
//! it ([`Prose`]), and text fixed ahead of time in each style ([`Styled`]). Each piece renders
//! itself in text, plain or LaTeX with the pool's [`Printers`].

use crate::expr::{ExprId, Node, SymId};
use crate::print::values::{matrix_of_cells, Printers};
use crate::print::{decimal, Style};

/// Text in each output style: a label such as `∇f`, or anything rendered ahead of time.
#[derive(Clone, Debug, Default)]
pub struct Styled {
    pub text: String,
    pub plain: String,
    pub latex: String,
}

impl Styled {
    pub fn new(text: impl Into<String>, plain: impl Into<String>, latex: impl Into<String>) -> Styled {
        Styled { text: text.into(), plain: plain.into(), latex: latex.into() }
    }

    /// The same in every style (ASCII without LaTeX specials).
    pub fn same(s: impl Into<String>) -> Styled {
        let s = s.into();
        Styled { text: s.clone(), plain: s.clone(), latex: s }
    }

    /// The text in one style.
    pub fn in_style(&self, style: Style) -> &str {
        match style {
            Style::Text => &self.text,
            Style::Plain => &self.plain,
            Style::Latex => &self.latex,
        }
    }
}

/// A piece of display math, composed as a student would write it.
#[derive(Clone, Debug)]
pub enum Math {
    /// An expression, as the printer writes it.
    Expr(ExprId),
    /// An exact value, with its decimal (text and LaTeX) when it is not an integer.
    Value(ExprId),
    /// A floating-point number (gradient descent).
    Decimal(f64, usize),
    /// ∂/∂x applied to what follows.
    Derivative(SymId, Box<Math>),
    /// ∂ⁿf/∂y∂x for differentiation of the named function by these variables in turn.
    Partial(Styled, Vec<SymId>),
    /// Literal math in each style.
    Literal(Styled),
    /// A variable's name.
    Var(SymId),
    /// a · b · c
    Product(Vec<Math>),
    /// a + b - c (a leading minus of a term becomes the operator)
    Sum(Vec<Math>),
    /// -a
    Negative(Box<Math>),
    /// a/b
    Fraction(Box<Math>, Box<Math>),
    /// a²
    Square(Box<Math>),
    /// √a
    SquareRoot(Box<Math>),
    /// |a|, a length
    Abs(Box<Math>),
    /// (a, b, c)
    Vector(Vec<Math>),
    /// A matrix of expressions (or values).
    Matrix(Vec<Vec<ExprId>>),
    /// a evaluated at a point: `a at (0, 1)`, `a|_{(0, 1)}`.
    At(Box<Math>, Box<Math>),
    /// A point `(0, 1, -1)` (in every style, unlike a plain vector `[0, 1, -1]`).
    Point(Vec<ExprId>),
    /// A point of floating-point coordinates.
    DecimalPoint(Vec<f64>, usize),
    /// A matrix of floating-point numbers (the Hessian at a point of Newton's method).
    DecimalMatrix(Vec<Vec<f64>>, usize),
    /// Pieces written next to each other, such as `∇f` and `(1, 0)`.
    Row(Vec<Math>),
}

/// How tightly a rendered piece binds, to decide parentheses.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Prec {
    Sum,
    Neg,
    Prod,
    Atom,
}

impl Math {
    pub fn literal(text: impl Into<String>, plain: impl Into<String>, latex: impl Into<String>) -> Math {
        Math::Literal(Styled::new(text, plain, latex))
    }

    pub fn vector(ids: &[ExprId]) -> Math {
        Math::Vector(ids.iter().map(|&i| Math::Expr(i)).collect())
    }

    pub fn at(self, point: &[ExprId]) -> Math {
        Math::At(Box::new(self), Box::new(Math::Point(point.to_vec())))
    }

    /// `∂f/∂x`
    pub fn partial(wrt: &[SymId]) -> Math {
        Math::Partial(Styled::same("f"), wrt.to_vec())
    }

    fn prec(&self, printers: &Printers, style: Style) -> Prec {
        match self {
            Math::Expr(id) | Math::Value(id) => {
                let pool = printers.pool;
                let s = printers.printer(style).expr(*id);
                if matches!(self, Math::Value(_)) && !printers.is_integer(*id) && style != Style::Plain {
                    return Prec::Sum; // `√2 ≈ 1.41` must not be multiplied without parentheses
                }
                match pool.node(*id) {
                    Node::Add(_) => Prec::Sum,
                    _ if s.starts_with('-') => Prec::Neg,
                    Node::Mul(_) => Prec::Prod,
                    Node::Num(r) if !r.is_integer() => Prec::Prod,
                    Node::Pow(_, e) if pool.as_num(*e).is_some_and(|r| r < &crate::expr::number::int(0)) => Prec::Prod,
                    _ => Prec::Atom,
                }
            }
            Math::Decimal(v, _) => {
                if *v < 0.0 {
                    Prec::Neg
                } else {
                    Prec::Atom
                }
            }
            Math::Sum(items) if items.len() > 1 => Prec::Sum,
            Math::Sum(items) => items.first().map_or(Prec::Atom, |i| i.prec(printers, style)),
            Math::Product(items) if items.len() > 1 => {
                if items[0].prec(printers, style) == Prec::Neg {
                    Prec::Neg
                } else {
                    Prec::Prod
                }
            }
            Math::Product(items) => items.first().map_or(Prec::Atom, |i| i.prec(printers, style)),
            Math::Negative(_) => Prec::Neg,
            Math::Fraction(..) if style == Style::Latex => Prec::Atom,
            Math::Fraction(..) => Prec::Prod,
            Math::Derivative(..) | Math::Partial(..) => Prec::Prod,
            Math::At(..) => Prec::Sum,
            Math::Literal(t) if !t.text.contains(' ') => Prec::Atom,
            Math::Literal(_) | Math::Row(_) => Prec::Prod,
            Math::Abs(_) => Prec::Atom,
            Math::Square(_) | Math::SquareRoot(_) | Math::Vector(_) | Math::Matrix(_) | Math::Var(_) => Prec::Atom,
            Math::Point(_) | Math::DecimalPoint(..) | Math::DecimalMatrix(..) => Prec::Atom,
        }
    }

    /// The piece in one style.
    pub fn render(&self, printers: &Printers, style: Style) -> String {
        let latex = style == Style::Latex;
        match self {
            Math::Expr(id) => printers.printer(style).expr(*id),
            Math::Value(id) => printers.value(*id, style),
            Math::Decimal(v, digits) => decimal(*v, *digits),
            Math::Derivative(v, inner) => {
                let x = printers.printer(style).var(*v);
                let arg = inner.render(printers, style);
                let call = matches!(&**inner, Math::Expr(id) if matches!(printers.pool.node(*id), Node::Func(..))
                    || printers.text.expr(*id).starts_with(['√', '∛']));
                match style {
                    Style::Latex if call => format!("\\frac{{\\partial}}{{\\partial {x}}} {arg}"),
                    Style::Latex => format!("\\frac{{\\partial}}{{\\partial {x}}}\\left({arg}\\right)"),
                    Style::Text if call => format!("∂/∂{x} {arg}"),
                    Style::Text => format!("∂/∂{x} ({arg})"),
                    Style::Plain if call => format!("d/d{x} {arg}"),
                    Style::Plain => format!("d/d{x} ({arg})"),
                }
            }
            Math::Partial(f, wrt) => printers.partial_label(f.in_style(style), wrt, style),
            Math::Literal(t) => t.in_style(style).to_string(),
            Math::Var(v) => printers.printer(style).var(*v),
            Math::Product(items) => {
                let sep = match style {
                    Style::Text => " · ",
                    Style::Plain => "*",
                    Style::Latex => " \\cdot ",
                };
                items
                    .iter()
                    .enumerate()
                    .map(|(i, it)| {
                        let p = it.prec(printers, style);
                        if p == Prec::Sum || (p == Prec::Neg && i > 0) {
                            paren(&it.render(printers, style), style)
                        } else {
                            it.render(printers, style)
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(sep)
            }
            Math::Sum(items) => {
                let mut s = String::new();
                for (i, it) in items.iter().enumerate() {
                    let r = it.render(printers, style);
                    let p = it.prec(printers, style);
                    if i == 0 {
                        s.push_str(&if p == Prec::Sum && items.len() > 1 { paren(&r, style) } else { r });
                    } else if p == Prec::Sum {
                        s.push_str(" + ");
                        s.push_str(&paren(&r, style));
                    } else if let Some(rest) = r.strip_prefix('-') {
                        s.push_str(" - ");
                        s.push_str(rest);
                    } else {
                        s.push_str(" + ");
                        s.push_str(&r);
                    }
                }
                s
            }
            Math::Negative(inner) => {
                let r = inner.render(printers, style);
                if inner.prec(printers, style) <= Prec::Neg {
                    format!("-{}", paren(&r, style))
                } else {
                    format!("-{r}")
                }
            }
            Math::Fraction(a, b) => {
                let (ra, rb) = (a.render(printers, style), b.render(printers, style));
                if latex {
                    return format!("\\frac{{{ra}}}{{{rb}}}");
                }
                let ra = if a.prec(printers, style) < Prec::Neg { paren(&ra, style) } else { ra };
                let rb = if b.prec(printers, style) < Prec::Atom { paren(&rb, style) } else { rb };
                format!("{ra}/{rb}")
            }
            Math::Square(inner) => {
                let r = inner.render(printers, style);
                let busy = if latex { r.contains('^') || r.contains("\\frac") } else { r.contains(['/', '^', '√']) };
                let r = if inner.prec(printers, style) < Prec::Atom || busy { paren(&r, style) } else { r };
                match style {
                    Style::Text => format!("{r}²"),
                    Style::Plain => format!("{r}^2"),
                    Style::Latex => format!("{{{r}}}^{{2}}"),
                }
            }
            Math::Abs(inner) => {
                let r = inner.render(printers, style);
                if latex {
                    format!("\\left\\lvert {r} \\right\\rvert")
                } else {
                    format!("|{r}|")
                }
            }
            Math::SquareRoot(inner) => {
                let r = inner.render(printers, style);
                match style {
                    Style::Text => format!("√({r})"),
                    Style::Plain => format!("sqrt({r})"),
                    Style::Latex => format!("\\sqrt{{{r}}}"),
                }
            }
            Math::Vector(items) => {
                let parts: Vec<String> = items.iter().map(|i| i.render(printers, style)).collect();
                match style {
                    Style::Text => format!("({})", parts.join(", ")),
                    Style::Plain => format!("[{}]", parts.join(", ")),
                    Style::Latex => format!("\\left({}\\right)", parts.join(", ")),
                }
            }
            Math::Matrix(rows) => printers.matrix(rows, style),
            Math::Point(c) => printers.point(c, style),
            Math::DecimalPoint(c, digits) => {
                let items: Vec<String> = c.iter().map(|&v| decimal(v, *digits)).collect();
                paren(&items.join(", "), style)
            }
            Math::DecimalMatrix(rows, digits) => {
                let cells: Vec<Vec<String>> =
                    rows.iter().map(|r| r.iter().map(|&v| decimal(v, *digits)).collect()).collect();
                matrix_of_cells(&cells, style)
            }
            Math::At(inner, point) => {
                let r = inner.render(printers, style);
                let pt = point.render(printers, style);
                match style {
                    Style::Latex => format!("\\left. {r} \\right|_{{{pt}}}"),
                    _ => {
                        let r = if inner.prec(printers, style) == Prec::Sum && !matches!(&**inner, Math::Vector(_)) {
                            paren(&r, style)
                        } else {
                            r
                        };
                        format!("{r} at {pt}")
                    }
                }
            }
            Math::Row(items) => items.iter().map(|i| i.render(printers, style)).collect(),
        }
    }
}

fn paren(s: &str, style: Style) -> String {
    if style == Style::Latex {
        format!("\\left({s}\\right)")
    } else {
        format!("({s})")
    }
}

/// A note: prose with math in it.
#[derive(Clone, Debug, Default)]
pub struct Prose(pub Vec<ProsePart>);

/// A run of words or a piece of math within [`Prose`].
#[derive(Clone, Debug)]
pub enum ProsePart {
    /// Words: text, in LaTeX escaped and with the math symbols in it (∇, λ, ≈, ≥, ∂, xᵢ …)
    /// written as LaTeX by [`latex_words`].
    Words(String),
    Math(Math),
}

impl Prose {
    /// Prose that starts with these words.
    pub fn text(s: impl Into<String>) -> Prose {
        Prose(vec![ProsePart::Words(s.into())])
    }

    /// … followed by these words.
    pub fn words(mut self, s: impl Into<String>) -> Prose {
        self.0.push(ProsePart::Words(s.into()));
        self
    }

    /// … followed by this math.
    pub fn math(mut self, m: Math) -> Prose {
        self.0.push(ProsePart::Math(m));
        self
    }

    /// … followed by other prose.
    pub fn append(mut self, other: Prose) -> Prose {
        self.0.extend(other.0);
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Words and math in one style; in LaTeX a `\text{…}` with the math in `$…$`.
    pub fn render(&self, printers: &Printers, style: Style) -> String {
        match style {
            Style::Latex => format!("\\text{{{}}}", self.render_inline(printers, style)),
            _ => self.render_inline(printers, style),
        }
    }

    /// Words and math in one style, for running text: in LaTeX, text-mode words with the math
    /// in `$…$` (a sentence of a document, a legend of a picture).
    pub fn render_inline(&self, printers: &Printers, style: Style) -> String {
        match style {
            Style::Latex => {
                let mut s = String::new();
                for seg in &self.0 {
                    match seg {
                        ProsePart::Words(t) => s.push_str(&latex_words(t)),
                        ProsePart::Math(m) => {
                            s.push('$');
                            s.push_str(&m.render(printers, style));
                            s.push('$');
                        }
                    }
                }
                s
            }
            _ => self
                .0
                .iter()
                .map(|seg| match seg {
                    ProsePart::Words(t) => t.clone(),
                    ProsePart::Math(m) => m.render(printers, style),
                })
                .collect(),
        }
    }
}

pub(crate) fn latex_escape(s: &str) -> String {
    let mut escaped = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => escaped.push_str("\\textbackslash{}"),
            '{' | '}' | '$' | '&' | '%' | '#' | '_' => {
                escaped.push('\\');
                escaped.push(c);
            }
            '^' => escaped.push_str("\\^{}"),
            '~' => escaped.push_str("\\~{}"),
            // `--steps` must not become an en dash.
            '-' if escaped.ends_with('-') => escaped.push_str("{}-"),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// The input as typed, for `\texttt{…}`: [`latex_escape`]d, and each character outside
/// ASCII (which pdflatex's default set-up refuses) written as LaTeX: Greek letters and the
/// operators the grammar reads as math (`\ensuremath{\theta}`, `\ensuremath{\cdot}`),
/// superscript and subscript digits raised or lowered, anything else as its code point.
pub(crate) fn latex_typed(s: &str) -> String {
    latex_unicode(s, false)
}

/// Words for LaTeX text mode: like [`latex_typed`], except that letters with accents and
/// typographic dashes and quotes (which pdflatex's UTF-8 input reads) are kept as they are.
pub(crate) fn latex_words(s: &str) -> String {
    latex_unicode(s, true)
}

fn latex_unicode(s: &str, keep_text: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut buf = [0u8; 4];
    // ASCII runs are escaped whole (`--` must not become an en dash).
    let mut run = String::new();
    for c in s.chars() {
        if c.is_ascii() || c == '−' {
            run.push(if c == '−' { '-' } else { c });
            continue;
        }
        out.push_str(&latex_escape(&run));
        run.clear();
        let sup = "⁰¹²³⁴⁵⁶⁷⁸⁹".chars().position(|d| d == c);
        let sub = "₀₁₂₃₄₅₆₇₈₉".chars().position(|d| d == c);
        let math = match c {
            'π' => Some("\\pi"),
            '·' | '⋅' => Some("\\cdot"),
            '×' => Some("\\times"),
            '÷' => Some("\\div"),
            '√' => Some("\\surd"),
            '∂' => Some("\\partial"),
            '∇' => Some("\\nabla"),
            '≈' => Some("\\approx"),
            '≥' => Some("\\geq"),
            '≤' => Some("\\leq"),
            '≠' => Some("\\neq"),
            '∞' => Some("\\infty"),
            '∈' => Some("\\in"),
            '→' => Some("\\to"),
            'Π' => Some("\\Pi"),
            'Σ' => Some("\\Sigma"),
            'ℂ' => Some("\\mathbf{C}"),
            'ℝ' => Some("\\mathbf{R}"),
            _ => None,
        };
        match (sup, sub, math, crate::expr::greek_by_symbol(c.encode_utf8(&mut buf))) {
            (Some(d), ..) => out.push_str(&format!("\\textsuperscript{{{d}}}")),
            (_, Some(d), ..) => out.push_str(&format!("\\textsubscript{{{d}}}")),
            (_, _, Some(m), _) => out.push_str(&format!("\\ensuremath{{{m}}}")),
            (_, _, _, Some(name)) => out.push_str(&format!("\\ensuremath{{\\{name}}}")),
            _ if c == '⁻' => out.push_str("\\textsuperscript{-}"),
            _ if c == 'ᵢ' || c == 'ⱼ' => {
                out.push_str(&format!("\\textsubscript{{{}}}", if c == 'ᵢ' { 'i' } else { 'j' }))
            }
            _ if keep_text && ((c.is_alphabetic() && (c as u32) < 0x250) || "—–‘’“”…".contains(c)) => {
                out.push(c)
            }
            _ => out.push_str(&format!("[U+{:04X}]", c as u32)),
        }
    }
    out.push_str(&latex_escape(&run));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_input_in_latex_is_ascii() {
        assert_eq!(latex_typed("θ/alpha + x₁² · π"), "\\ensuremath{\\theta}/alpha + x\\textsubscript{1}\\textsuperscript{2} \\ensuremath{\\cdot} \\ensuremath{\\pi}");
        assert_eq!(latex_typed("x^2 − y⁻¹ ★"), "x\\^{}2 - y\\textsuperscript{-}\\textsuperscript{1} [U+2605]");
        assert!(latex_typed("α β γ δ ε ζ η θ ι κ λ μ ν ξ ρ σ τ υ φ χ ψ ω √∂∇×÷").is_ascii());
    }

    #[test]
    fn words_in_latex_keep_accents_and_write_symbols_as_math() {
        assert_eq!(
            latex_words("Gröbner — ∇f = 0, λ ≈ 0.5"),
            "Gröbner — \\ensuremath{\\nabla}f = 0, \\ensuremath{\\lambda} \\ensuremath{\\approx} 0.5"
        );
        assert_eq!(
            latex_words("(xᵢ − aᵢ) ≥ 0 over ℂ"),
            "(x\\textsubscript{i} - a\\textsubscript{i}) \\ensuremath{\\geq} 0 over \\ensuremath{\\mathbf{C}}"
        );
        assert_eq!(latex_typed("ö"), "[U+00F6]");
    }
    use crate::expr::Pool;
    use crate::syntax::{parse, ParseOptions};

    fn ids(pool: &mut Pool, srcs: &[&str]) -> Vec<ExprId> {
        srcs.iter().map(|s| parse(pool, s, &ParseOptions::default()).unwrap()).collect()
    }

    /// (text, plain, latex) of a piece.
    fn all(pool: &Pool, sh: &Math) -> [String; 3] {
        let printers = Printers::new(pool, 10);
        [Style::Text, Style::Plain, Style::Latex].map(|st| sh.render(&printers, st))
    }

    #[test]
    fn products_and_sums_get_the_parentheses_they_need() {
        let mut pool = Pool::default();
        let e = ids(&mut pool, &["1/(x+y^2)", "2y", "-y", "x+1", "-3y^3"]);
        let prod = Math::Product(vec![Math::Expr(e[0]), Math::Expr(e[1])]);
        assert_eq!(all(&pool, &prod), ["1/(x + y²) · 2y", "1/(x + y^2)*2*y", "\\frac{1}{x + y^{2}} \\cdot 2 y"]);
        let neg = Math::Product(vec![Math::Expr(e[1]), Math::Expr(e[2])]);
        assert_eq!(all(&pool, &neg)[0], "2y · (-y)");
        assert_eq!(all(&pool, &neg)[1], "2*y*(-y)");
        let sum = Math::Sum(vec![Math::Expr(e[3]), Math::Expr(e[4]), Math::Expr(pool.zero())]);
        assert_eq!(all(&pool, &sum)[0], "(x + 1) - 3y³ + 0");
        let diff = Math::Sum(vec![Math::Expr(e[1]), Math::Negative(Box::new(Math::Expr(e[2])))]);
        assert_eq!(all(&pool, &diff)[1], "2*y - (-y)");
    }

    #[test]
    fn squares_roots_and_quotients() {
        let mut pool = Pool::default();
        let e = ids(&mut pool, &["-1", "sqrt(2)", "2"]);
        let sq = Math::SquareRoot(Box::new(Math::Sum(vec![
            Math::Square(Box::new(Math::Expr(e[0]))),
            Math::Square(Box::new(Math::Expr(e[2]))),
        ])));
        assert_eq!(
            all(&pool, &sq),
            ["√((-1)² + 2²)", "sqrt((-1)^2 + 2^2)", "\\sqrt{{\\left(-1\\right)}^{2} + {2}^{2}}"]
        );
        let q = Math::Fraction(Box::new(Math::Expr(e[0])), Box::new(Math::Expr(e[1])));
        assert_eq!(all(&pool, &q), ["-1/√2", "-1/sqrt(2)", "\\frac{-1}{\\sqrt{2}}"]);
    }

    #[test]
    fn latex_prose_is_escaped() {
        assert_eq!(latex_escape("--steps & 50% of x_1"), "-{}-steps \\& 50\\% of x\\_1");
    }
}
