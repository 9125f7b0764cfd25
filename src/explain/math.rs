//! The pieces a derivation is written with: display math ([`Math`]), composed as a student
//! writes it and *not* canonicalised (`y · 2x` before it becomes `2xy`), prose with math in
//! it ([`Prose`]), and text fixed ahead of time in each style ([`Styled`]). Each piece renders
//! itself in text, plain or LaTeX with the pool's [`Printers`].

use crate::expr::{ExprId, Node, SymId};
use crate::print::values::{matrix_of_cells, Printers};
use crate::print::{latex_bars, latex_parens, styled_decimal, Style};

/// Text in each output style: a label such as `∇f`, or anything rendered ahead of time.
#[derive(Clone, Debug, Default)]
pub struct Styled {
    pub text: String,
    pub plain: String,
    pub latex: String,
    pub typst: String,
}

impl Styled {
    /// A label written by hand in text, plain and LaTeX; its Typst is spelled from the LaTeX
    /// ([`typst_of_latex`]: labels use a small vocabulary of symbols, scripts and fractions).
    pub fn new(text: impl Into<String>, plain: impl Into<String>, latex: impl Into<String>) -> Styled {
        let latex = latex.into();
        Styled { text: text.into(), plain: plain.into(), typst: typst_of_latex(&latex), latex }
    }

    /// Rendered in each style.
    pub fn each(text: String, plain: String, latex: String, typst: String) -> Styled {
        Styled { text, plain, latex, typst }
    }

    /// The same in every style (ASCII without LaTeX specials).
    pub fn same(s: impl Into<String>) -> Styled {
        let s = s.into();
        Styled { text: s.clone(), plain: s.clone(), latex: s.clone(), typst: typst_of_latex(&s) }
    }

    /// The text in one style.
    pub fn in_style(&self, style: Style) -> &str {
        match style {
            Style::Text => &self.text,
            Style::Plain => &self.plain,
            Style::Latex => &self.latex,
            Style::Typst => &self.typst,
        }
    }
}

/// A label's LaTeX (`-\eta H^{-1} \nabla f`, `\frac{\partial}{\partial x} \ln u`) in Typst
/// (`-eta H^(-1) nabla f`, `frac(partial, partial x) ln u`): the commands and groups that
/// hand-written labels use. Letters written together are separate symbols in LaTeX and are
/// set apart; a slash is a slash, not a fraction.
pub fn typst_of_latex(latex: &str) -> String {
    let mut r = TypstOfLatex { s: latex.as_bytes(), i: 0, out: String::new() };
    r.seq(None);
    // Spaces inside collapsed; a space at either end kept (labels are joined to others).
    let inner = r.out.split_whitespace().collect::<Vec<_>>().join(" ");
    let lead = if latex.starts_with(' ') { " " } else { "" };
    let trail = if latex.ends_with(' ') { " " } else { "" };
    format!("{lead}{inner}{trail}")
}

struct TypstOfLatex<'a> {
    s: &'a [u8],
    i: usize,
    out: String,
}

impl TypstOfLatex<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    /// A braced group (or one character) converted on its own.
    fn group(&mut self) -> String {
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
        let saved = std::mem::take(&mut self.out);
        match self.peek() {
            Some(b'{') => {
                self.i += 1;
                self.seq(Some(b'}'));
            }
            Some(_) => self.one(),
            None => {}
        }
        let g = std::mem::replace(&mut self.out, saved);
        g.trim().to_string()
    }

    fn seq(&mut self, end: Option<u8>) {
        while let Some(c) = self.peek() {
            if Some(c) == end {
                self.i += 1;
                return;
            }
            self.one();
        }
    }

    fn push_word(&mut self, w: &str) {
        if self.out.ends_with(|c: char| c.is_alphanumeric() || c == '"' || c == ')') {
            self.out.push(' ');
        }
        self.out.push_str(w);
        self.out.push(' ');
    }

    fn one(&mut self) {
        let Some(c) = self.peek() else { return };
        match c {
            b'\\' => {
                self.i += 1;
                let start = self.i;
                while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                    self.i += 1;
                }
                if self.i == start {
                    let sym = self.peek().unwrap_or(b' ');
                    self.i += 1;
                    self.out.push_str(match sym {
                        b',' => " thin ",
                        b';' | b':' => " med ",
                        b'{' => "{",
                        b'}' => "}",
                        b'|' => "|",
                        _ => " ",
                    });
                    return;
                }
                let name = String::from_utf8_lossy(&self.s[start..self.i]).into_owned();
                self.command(&name);
            }
            b'{' => {
                let g = self.group();
                self.out.push_str(&g);
            }
            b'^' | b'_' => {
                self.i += 1;
                let g = self.group();
                // The script attaches to what is just before it.
                while self.out.ends_with(' ') {
                    self.out.pop();
                }
                // In parentheses always: `H_f(P)` would take `f(P)` as the subscript.
                self.out.push(c as char);
                self.out.push('(');
                self.out.push_str(&g);
                self.out.push(')');
                self.out.push(' ');
            }
            b'/' => {
                self.i += 1;
                self.out.push_str(" \\/ ");
            }
            c if c.is_ascii_alphabetic() => {
                self.i += 1;
                self.push_word(&(c as char).to_string());
            }
            _ => {
                let ch = crate::print::width::char_at(self.s, self.i).unwrap_or(' ');
                self.i += ch.len_utf8();
                self.out.push(ch);
            }
        }
    }

    fn command(&mut self, name: &str) {
        match name {
            "frac" | "dfrac" | "tfrac" => {
                let a = self.group();
                let b = self.group();
                self.push_word(&format!("frac({a}, {b})"));
            }
            "sqrt" => {
                if self.peek() == Some(b'[') {
                    self.i += 1;
                    let start = self.i;
                    while self.peek().is_some_and(|c| c != b']') {
                        self.i += 1;
                    }
                    let n = String::from_utf8_lossy(&self.s[start..self.i]).into_owned();
                    self.i += 1;
                    let a = self.group();
                    self.push_word(&format!("root({n}, {a})"));
                } else {
                    let a = self.group();
                    self.push_word(&format!("sqrt({a})"));
                }
            }
            "left" | "right" => {
                // The delimiter that follows, as itself (Typst sizes delimiters).
                match self.peek() {
                    Some(b'.') => self.i += 1,
                    Some(b'\\') => {}
                    Some(d) => {
                        self.i += 1;
                        self.out.push(d as char);
                    }
                    None => {}
                }
            }
            "mathopen" | "mathclose" => {
                self.group();
            }
            "text" | "textrm" | "mbox" => {
                let t = self.group();
                self.push_word(&format!("\"{t}\""));
            }
            "texttt" => {
                let t = self.group();
                self.push_word(&format!("#raw({t:?})"));
            }
            "operatorname" => {
                let t = self.group();
                self.push_word(&format!("op(\"{}\")", t.replace(' ', "")));
            }
            "mathrm" => {
                let t = self.group();
                if t == "d" {
                    self.push_word("dif");
                } else {
                    self.push_word(&format!("upright({t})"));
                }
            }
            "lvert" | "rvert" | "vert" => self.out.push('|'),
            // As the characters (Typst's `floor` is a function of what follows).
            "lfloor" => self.out.push('⌊'),
            "rfloor" => self.out.push('⌋'),
            "lceil" => self.out.push('⌈'),
            "rceil" => self.out.push('⌉'),
            "cdot" => self.push_word("dot"),
            "neq" | "ne" => self.push_word("!="),
            "leq" | "le" => self.push_word("<="),
            "geq" | "ge" => self.push_word(">="),
            "to" | "rightarrow" => self.push_word("->"),
            "infty" => self.push_word("infinity"),
            "varphi" => self.push_word("phi"),
            "varepsilon" => self.push_word("epsilon"),
            "phi" => self.push_word("phi.alt"),
            "epsilon" => self.push_word("epsilon.alt"),
            "qquad" => self.push_word("wide"),
            // nabla, partial, Greek letters, quad, approx, times, sin, ln, max…: the same word.
            other => self.push_word(other),
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

    /// The piece within a line of text: as [`Math::render`], but a partial derivative with a
    /// slash (`\partial f/\partial x`), as running text writes it, not as a small stacked
    /// fraction.
    pub fn render_in_text(&self, printers: &Printers, style: Style) -> String {
        if !style.is_typeset() {
            return self.render(printers, style);
        }
        let slash = if style == Style::Latex { "/" } else { " \\/ " };
        match self {
            Math::Partial(f, wrt) => printers.partial_label_in_text(f.in_style(style), wrt, style),
            Math::Derivative(v, inner) => {
                let x = printers.printer(style).var(*v);
                let d = if style == Style::Latex { "\\partial" } else { "partial" };
                format!("{d}{slash}{d} {x} {}", paren(&inner.render_in_text(printers, style), style))
            }
            Math::Row(items) => items.iter().map(|i| i.render_in_text(printers, style)).collect(),
            // Long decimals in running LaTeX: a line may break after a comma.
            Math::DecimalPoint(c, digits) if style == Style::Latex => {
                let items: Vec<String> = c.iter().map(|&v| styled_decimal(v, *digits, style)).collect();
                paren(&items.join(",\\allowbreak "), style)
            }
            _ => self.render(printers, style),
        }
    }

    /// The piece as a term after others in a sum, with its operator: `+ x`, `- 3y`, `+ (a + b)`.
    pub fn render_term_after(&self, printers: &Printers, style: Style) -> String {
        let r = self.render(printers, style);
        if self.prec(printers, style) == Prec::Sum {
            format!("+ {}", paren(&r, style))
        } else if let Some(rest) = r.strip_prefix('-') {
            format!("- {rest}")
        } else {
            format!("+ {r}")
        }
    }

    /// The piece as the first term of a sum: in parentheses if it is a sum itself.
    pub fn render_term_first(&self, printers: &Printers, style: Style) -> String {
        let r = self.render(printers, style);
        if self.prec(printers, style) == Prec::Sum {
            paren(&r, style)
        } else {
            r
        }
    }

    /// The terms of a sum, for a layout that breaks a long sum across lines: the items of a
    /// [`Math::Sum`], or the terms of a sum expression in printed order. `None` when this is
    /// not a sum. The first renders with [`Math::render_term_first`], the others with
    /// [`Math::render_term_after`].
    pub fn terms(&self, printers: &Printers) -> Option<Vec<Math>> {
        match self {
            Math::Sum(items) if items.len() > 1 => Some(items.clone()),
            Math::Expr(id) => Some(printers.latex.sum_terms(*id)?.into_iter().map(Math::Expr).collect()),
            _ => None,
        }
    }

    /// The piece in one style.
    pub fn render(&self, printers: &Printers, style: Style) -> String {
        let latex = style == Style::Latex;
        match self {
            Math::Expr(id) => printers.printer(style).expr(*id),
            Math::Value(id) => printers.value(*id, style),
            Math::Decimal(v, digits) => styled_decimal(*v, *digits, style),
            Math::Derivative(v, inner) => {
                let x = printers.printer(style).var(*v);
                let arg = inner.render(printers, style);
                let call = matches!(&**inner, Math::Expr(id) if matches!(printers.pool.node(*id), Node::Func(..) | Node::Call(..))
                    || printers.text.expr(*id).starts_with(['√', '∛']));
                match style {
                    Style::Latex if call => format!("\\frac{{\\partial}}{{\\partial {x}}} {arg}"),
                    Style::Latex => format!("\\frac{{\\partial}}{{\\partial {x}}}{}", latex_parens(&arg)),
                    Style::Typst if call => format!("frac(partial, partial {x}) {arg}"),
                    Style::Typst => format!("frac(partial, partial {x}) ({arg})"),
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
                    Style::Typst => " dot ",
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
                    if i == 0 {
                        let r = it.render(printers, style);
                        let p = it.prec(printers, style);
                        s.push_str(&if p == Prec::Sum && items.len() > 1 { paren(&r, style) } else { r });
                    } else {
                        s.push(' ');
                        s.push_str(&it.render_term_after(printers, style));
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
                if style == Style::Typst {
                    return format!("frac({ra}, {rb})");
                }
                let ra = if a.prec(printers, style) < Prec::Neg { paren(&ra, style) } else { ra };
                let rb = if b.prec(printers, style) < Prec::Atom { paren(&rb, style) } else { rb };
                format!("{ra}/{rb}")
            }
            Math::Square(inner) => {
                let r = inner.render(printers, style);
                let busy = match style {
                    Style::Latex => r.contains('^') || r.contains("\\frac"),
                    Style::Typst => r.contains('^') || r.contains("frac("),
                    _ => r.contains(['/', '^', '√']),
                };
                let r = if inner.prec(printers, style) < Prec::Atom || busy { paren(&r, style) } else { r };
                match style {
                    Style::Text => format!("{r}²"),
                    Style::Plain | Style::Typst => format!("{r}^2"),
                    Style::Latex => format!("{{{r}}}^{{2}}"),
                }
            }
            Math::Abs(inner) => {
                let r = inner.render(printers, style);
                match style {
                    Style::Latex => latex_bars(&r),
                    Style::Typst => format!("abs({r})"),
                    _ => format!("|{r}|"),
                }
            }
            Math::SquareRoot(inner) => {
                let r = inner.render(printers, style);
                match style {
                    Style::Text => format!("√({r})"),
                    Style::Plain | Style::Typst => format!("sqrt({r})"),
                    Style::Latex => format!("\\sqrt{{{r}}}"),
                }
            }
            Math::Vector(items) => {
                let parts: Vec<String> = items.iter().map(|i| i.render(printers, style)).collect();
                match style {
                    Style::Text | Style::Typst => format!("({})", parts.join(", ")),
                    Style::Plain => format!("[{}]", parts.join(", ")),
                    Style::Latex => latex_parens(&parts.join(", ")),
                }
            }
            Math::Matrix(rows) => printers.matrix(rows, style),
            Math::Point(c) => printers.point(c, style),
            Math::DecimalPoint(c, digits) => {
                let items: Vec<String> = c.iter().map(|&v| styled_decimal(v, *digits, style)).collect();
                paren(&items.join(", "), style)
            }
            Math::DecimalMatrix(rows, digits) => {
                let cells: Vec<Vec<String>> =
                    rows.iter().map(|r| r.iter().map(|&v| styled_decimal(v, *digits, style)).collect()).collect();
                matrix_of_cells(&cells, style)
            }
            Math::At(inner, point) => {
                let r = inner.render(printers, style);
                let pt = point.render(printers, style);
                match style {
                    Style::Latex => format!("\\left. {r} \\right|_{{{pt}}}"),
                    // The bar of "evaluated at", as tall as what it follows.
                    Style::Typst => format!("lr(zws {r} |)_({pt})"),
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
        latex_parens(s)
    } else {
        // Typst sizes parentheses to what they hold.
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
    /// written as LaTeX by `latex_words`.
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
                            s.push_str(&m.render_in_text(printers, style));
                            s.push('$');
                        }
                    }
                }
                s
            }
            // Typst markup: the words escaped, the math in `$…$`.
            Style::Typst => {
                let mut s = String::new();
                for seg in &self.0 {
                    match seg {
                        ProsePart::Words(t) => s.push_str(&typst_escape(t)),
                        ProsePart::Math(m) => {
                            s.push('$');
                            s.push_str(&m.render_in_text(printers, style));
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

/// Words for Typst markup: its special characters escaped (`--steps` is not a dash).
/// The option named at the start of `rest` (`--steps` in `--steps asked`), where `before`
/// (the character ahead of it) does not make it part of a word: its length in bytes.
fn option_at(before: Option<char>, rest: &str) -> Option<usize> {
    if before.is_some_and(|c| c.is_alphanumeric() || c == '-') || !rest.starts_with("--") {
        return None;
    }
    let name =
        rest[2..].find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')).unwrap_or(rest.len() - 2);
    (name > 0 && rest[2..].starts_with(|c: char| c.is_ascii_lowercase())).then_some(2 + name)
}

/// Text for Typst markup, an option name (`--steps`) as code in a box, which neither breaks
/// at its hyphens nor turns them into a dash.
pub(crate) fn typst_escape(s: &str) -> String {
    let mut escaped = String::with_capacity(s.len());
    let mut before = None;
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        if let Some(n) = option_at(before, &s[i..]) {
            escaped.push_str(&format!("#box(raw(\"{}\"))", &s[i..i + n]));
            before = Some('-');
            chars.nth(n - 2);
            continue;
        }
        before = Some(c);
        match c {
            '\\' | '#' | '$' | '*' | '_' | '`' | '<' | '>' | '@' | '[' | ']' | '~' | '=' | '+' | '/' | '"' => {
                escaped.push('\\');
                escaped.push(c);
            }
            '-' if escaped.ends_with('-') => escaped.push_str("\\-"),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// Text for LaTeX, an option name (`--steps`) as code (`\texttt`, whose font LaTeX never
/// breaks at a hyphen).
pub(crate) fn latex_escape(s: &str) -> String {
    let mut escaped = String::with_capacity(s.len());
    let mut before = None;
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        if let Some(n) = option_at(before, &s[i..]) {
            escaped.push_str(&format!("\\texttt{{{}}}", s[i..i + n].replace("--", "-{}-")));
            before = Some('-');
            chars.nth(n - 2);
            continue;
        }
        before = Some(c);
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
    fn option_names_in_text_are_code_that_does_not_break() {
        assert_eq!(
            latex_escape("as --steps asked (--max-depth)"),
            "as \\texttt{-{}-steps} asked (\\texttt{-{}-max-depth})"
        );
        assert_eq!(typst_escape("as --steps asked"), "as #box(raw(\"--steps\")) asked");
        // Not an option: a dash between words, a lone `--`, a hyphen inside a word.
        assert_eq!(latex_escape("a -- b, x--y, 2--3"), "a -{}- b, x-{}-y, 2-{}-3");
        assert_eq!(typst_escape("a -- b"), "a -\\- b");
    }

    #[test]
    fn converting_to_typst_is_linear_in_the_text() {
        // Each character that is copied as it is was decoded with the whole rest of the text
        // (quadratic: minutes for this); a hang guard, not a benchmark.
        let term = "2 + 3 \\cdot θ - ";
        let long = term.repeat(150_000);
        let start = std::time::Instant::now();
        let t = typst_of_latex(&long);
        assert_eq!(t.matches('θ').count(), 150_000);
        assert!(start.elapsed() < std::time::Duration::from_secs(10), "took {:?}", start.elapsed());
    }

    #[test]
    fn floor_and_ceiling_brackets_in_typst_are_the_characters() {
        assert_eq!(typst_of_latex("\\lfloor u \\rfloor + \\lceil v \\rceil"), "⌊ u ⌋ + ⌈ v ⌉");
    }

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
        assert_eq!(all(&pool, &sq), ["√((-1)² + 2²)", "sqrt((-1)^2 + 2^2)", "\\sqrt{{(-1)}^{2} + {2}^{2}}"]);
        let q = Math::Fraction(Box::new(Math::Expr(e[0])), Box::new(Math::Expr(e[1])));
        assert_eq!(all(&pool, &q), ["-1/√2", "-1/sqrt(2)", "\\frac{-1}{\\sqrt{2}}"]);
    }

    #[test]
    fn latex_prose_is_escaped() {
        assert_eq!(latex_escape("--steps & 50% of x_1"), "\\texttt{-{}-steps} \\& 50\\% of x\\_1");
    }
}
