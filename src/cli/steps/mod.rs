//! `--steps`: the work shown line by line, in text, plain, LaTeX (`align*`) and JSON.
//!
//! A [`Derivation`] is built in two phases. The command first computes, with the pool
//! mutable, every value a step shows (the derivative engine records its own rules in a
//! [`crate::calculus::Trace`]); then the layout reads the trace and arranges lines of display math ([`Sh`]),
//! which are composed *without* canonicalising, so `y · 2x` can be shown before it becomes
//! `2xy`. Rendering happens last, with the printers, in the format asked for.
//!
//! Every line is one step `before = after` with its rule named at the right; a line without
//! a left side continues the one above (`= 2xy   simplify`). The last line of a derivation
//! is always the command's answer, exactly as `--format plain` prints it.

mod layout;
mod work;

pub use layout::Layout;
pub use work::*;

use super::output::{label, Out};
use crate::expr::{ExprId, Node, SymId};
use crate::print::{decimal, Style};
use serde_json::{json, Map, Value};

/// Text in each output style: a label such as `∇f`, or anything rendered ahead of time.
#[derive(Clone, Debug, Default)]
pub struct Tri {
    pub text: String,
    pub plain: String,
    pub latex: String,
}

impl Tri {
    pub fn new(text: impl Into<String>, plain: impl Into<String>, latex: impl Into<String>) -> Tri {
        Tri { text: text.into(), plain: plain.into(), latex: latex.into() }
    }

    /// The same in every style (ASCII without LaTeX specials).
    pub fn same(s: impl Into<String>) -> Tri {
        let s = s.into();
        Tri { text: s.clone(), plain: s.clone(), latex: s }
    }

    fn get(&self, style: Style) -> &str {
        match style {
            Style::Text => &self.text,
            Style::Plain => &self.plain,
            Style::Latex => &self.latex,
        }
    }
}

/// A piece of display math, composed as a student would write it.
#[derive(Clone, Debug)]
pub enum Sh {
    /// An expression, as the printer writes it.
    E(ExprId),
    /// An exact value, with its decimal (text and LaTeX) when it is not an integer.
    Val(ExprId),
    /// A floating-point number (gradient descent).
    Dec(f64, usize),
    /// ∂/∂x applied to what follows.
    D(SymId, Box<Sh>),
    /// ∂ⁿf/∂y∂x for differentiation of the named function by these variables in turn.
    Partial(Tri, Vec<SymId>),
    /// Literal math in each style.
    Lbl(Tri),
    /// A variable's name.
    Var(SymId),
    /// a · b · c
    Prod(Vec<Sh>),
    /// a + b - c (a leading minus of a term becomes the operator)
    Sum(Vec<Sh>),
    /// -a
    Neg(Box<Sh>),
    /// a/b
    Frac(Box<Sh>, Box<Sh>),
    /// a²
    Sq(Box<Sh>),
    /// √a
    Sqrt(Box<Sh>),
    /// |a|, a length
    Abs(Box<Sh>),
    /// (a, b, c)
    Vector(Vec<Sh>),
    /// A matrix of expressions (or values).
    Matrix(Vec<Vec<ExprId>>),
    /// a evaluated at a point: `a at (0, 1)`, `a|_{(0, 1)}`.
    At(Box<Sh>, Box<Sh>),
    /// A point `(0, 1, -1)` (in every style, unlike a plain vector `[0, 1, -1]`).
    Point(Vec<ExprId>),
    /// A point of floating-point coordinates.
    DecPoint(Vec<f64>, usize),
    /// Pieces written next to each other, such as `∇f` and `(1, 0)`.
    Cat(Vec<Sh>),
}

/// How tightly a rendered piece binds, to decide parentheses.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Prec {
    Sum,
    Neg,
    Prod,
    Atom,
}

impl Sh {
    pub fn lbl(text: impl Into<String>, plain: impl Into<String>, latex: impl Into<String>) -> Sh {
        Sh::Lbl(Tri::new(text, plain, latex))
    }

    pub fn vector(ids: &[ExprId]) -> Sh {
        Sh::Vector(ids.iter().map(|&i| Sh::E(i)).collect())
    }

    pub fn at(self, point: &[ExprId]) -> Sh {
        Sh::At(Box::new(self), Box::new(Sh::Point(point.to_vec())))
    }

    /// `∂f/∂x`
    pub fn partial(wrt: &[SymId]) -> Sh {
        Sh::Partial(Tri::same("f"), wrt.to_vec())
    }

    fn prec(&self, out: &Out, style: Style) -> Prec {
        match self {
            Sh::E(id) | Sh::Val(id) => {
                let pool = out.pool;
                let s = out.printer(style).expr(*id);
                if matches!(self, Sh::Val(_)) && !out.is_integer(*id) && style != Style::Plain {
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
            Sh::Dec(v, _) => {
                if *v < 0.0 {
                    Prec::Neg
                } else {
                    Prec::Atom
                }
            }
            Sh::Sum(items) if items.len() > 1 => Prec::Sum,
            Sh::Sum(items) => items.first().map_or(Prec::Atom, |i| i.prec(out, style)),
            Sh::Prod(items) if items.len() > 1 => {
                if items[0].prec(out, style) == Prec::Neg {
                    Prec::Neg
                } else {
                    Prec::Prod
                }
            }
            Sh::Prod(items) => items.first().map_or(Prec::Atom, |i| i.prec(out, style)),
            Sh::Neg(_) => Prec::Neg,
            Sh::Frac(..) if style == Style::Latex => Prec::Atom,
            Sh::Frac(..) => Prec::Prod,
            Sh::D(..) | Sh::Partial(..) => Prec::Prod,
            Sh::At(..) => Prec::Sum,
            Sh::Lbl(t) if !t.text.contains(' ') => Prec::Atom,
            Sh::Lbl(_) | Sh::Cat(_) => Prec::Prod,
            Sh::Abs(_) => Prec::Atom,
            Sh::Sq(_) | Sh::Sqrt(_) | Sh::Vector(_) | Sh::Matrix(_) | Sh::Var(_) => Prec::Atom,
            Sh::Point(_) | Sh::DecPoint(..) => Prec::Atom,
        }
    }

    /// The piece in one style.
    pub fn render(&self, out: &Out, style: Style) -> String {
        let latex = style == Style::Latex;
        match self {
            Sh::E(id) => out.printer(style).expr(*id),
            Sh::Val(id) => out.value(*id, style),
            Sh::Dec(v, digits) => decimal(*v, *digits),
            Sh::D(v, inner) => {
                let x = out.printer(style).var(*v);
                let arg = inner.render(out, style);
                let call = matches!(&**inner, Sh::E(id) if matches!(out.pool.node(*id), Node::Func(..))
                    || out.text.expr(*id).starts_with(['√', '∛']));
                match style {
                    Style::Latex if call => format!("\\frac{{\\partial}}{{\\partial {x}}} {arg}"),
                    Style::Latex => format!("\\frac{{\\partial}}{{\\partial {x}}}\\left({arg}\\right)"),
                    Style::Text if call => format!("∂/∂{x} {arg}"),
                    Style::Text => format!("∂/∂{x} ({arg})"),
                    Style::Plain if call => format!("d/d{x} {arg}"),
                    Style::Plain => format!("d/d{x} ({arg})"),
                }
            }
            Sh::Partial(f, wrt) => partial_label(out, f.get(style), wrt, style),
            Sh::Lbl(t) => t.get(style).to_string(),
            Sh::Var(v) => out.printer(style).var(*v),
            Sh::Prod(items) => {
                let sep = match style {
                    Style::Text => " · ",
                    Style::Plain => "*",
                    Style::Latex => " \\cdot ",
                };
                items
                    .iter()
                    .enumerate()
                    .map(|(i, it)| {
                        let p = it.prec(out, style);
                        if p == Prec::Sum || (p == Prec::Neg && i > 0) {
                            paren(&it.render(out, style), style)
                        } else {
                            it.render(out, style)
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(sep)
            }
            Sh::Sum(items) => {
                let mut s = String::new();
                for (i, it) in items.iter().enumerate() {
                    let r = it.render(out, style);
                    let p = it.prec(out, style);
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
            Sh::Neg(inner) => {
                let r = inner.render(out, style);
                if inner.prec(out, style) <= Prec::Neg {
                    format!("-{}", paren(&r, style))
                } else {
                    format!("-{r}")
                }
            }
            Sh::Frac(a, b) => {
                let (ra, rb) = (a.render(out, style), b.render(out, style));
                if latex {
                    return format!("\\frac{{{ra}}}{{{rb}}}");
                }
                let ra = if a.prec(out, style) < Prec::Neg { paren(&ra, style) } else { ra };
                let rb = if b.prec(out, style) < Prec::Atom { paren(&rb, style) } else { rb };
                format!("{ra}/{rb}")
            }
            Sh::Sq(inner) => {
                let r = inner.render(out, style);
                let busy = if latex { r.contains('^') || r.contains("\\frac") } else { r.contains(['/', '^', '√']) };
                let r = if inner.prec(out, style) < Prec::Atom || busy { paren(&r, style) } else { r };
                match style {
                    Style::Text => format!("{r}²"),
                    Style::Plain => format!("{r}^2"),
                    Style::Latex => format!("{{{r}}}^{{2}}"),
                }
            }
            Sh::Abs(inner) => {
                let r = inner.render(out, style);
                if latex {
                    format!("\\left\\lvert {r} \\right\\rvert")
                } else {
                    format!("|{r}|")
                }
            }
            Sh::Sqrt(inner) => {
                let r = inner.render(out, style);
                match style {
                    Style::Text => format!("√({r})"),
                    Style::Plain => format!("sqrt({r})"),
                    Style::Latex => format!("\\sqrt{{{r}}}"),
                }
            }
            Sh::Vector(items) => {
                let parts: Vec<String> = items.iter().map(|i| i.render(out, style)).collect();
                match style {
                    Style::Text => format!("({})", parts.join(", ")),
                    Style::Plain => format!("[{}]", parts.join(", ")),
                    Style::Latex => format!("\\left({}\\right)", parts.join(", ")),
                }
            }
            Sh::Matrix(rows) => out.matrix(rows, style),
            Sh::Point(c) => out.point(c, style),
            Sh::DecPoint(c, digits) => {
                let items: Vec<String> = c.iter().map(|&v| decimal(v, *digits)).collect();
                paren(&items.join(", "), style)
            }
            Sh::At(inner, point) => {
                let r = inner.render(out, style);
                let pt = point.render(out, style);
                match style {
                    Style::Latex => format!("\\left. {r} \\right|_{{{pt}}}"),
                    _ => {
                        let r = if inner.prec(out, style) == Prec::Sum && !matches!(&**inner, Sh::Vector(_)) {
                            paren(&r, style)
                        } else {
                            r
                        };
                        format!("{r} at {pt}")
                    }
                }
            }
            Sh::Cat(items) => items.iter().map(|i| i.render(out, style)).collect(),
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

/// `∂²f/∂y∂x` (text), `d2f/dydx` (plain), `\frac{\partial^{2} f}{\partial y \, \partial x}`
/// (LaTeX) for differentiation of `f` by `wrt` in that order.
pub(crate) fn partial_label(out: &Out, f: &str, wrt: &[SymId], style: Style) -> String {
    let mut groups: Vec<(SymId, usize)> = Vec::new();
    for &v in wrt.iter().rev() {
        match groups.last_mut() {
            Some((g, n)) if *g == v => *n += 1,
            _ => groups.push((v, 1)),
        }
    }
    let n = wrt.len();
    let p = out.printer(style);
    let sup = |k: usize| crate::print::superscript(&k.to_string());
    match style {
        Style::Latex => {
            let num = if n == 1 { format!("\\partial {f}") } else { format!("\\partial^{{{n}}} {f}") };
            let den: Vec<String> =
                groups
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

/// A note: prose with math in it.
#[derive(Clone, Debug, Default)]
pub struct Rich(Vec<Seg>);

#[derive(Clone, Debug)]
enum Seg {
    /// Prose: plain ASCII, without LaTeX specials.
    T(String),
    M(Sh),
}

impl Rich {
    pub fn t(s: impl Into<String>) -> Rich {
        Rich(vec![Seg::T(s.into())])
    }

    pub fn text(mut self, s: impl Into<String>) -> Rich {
        self.0.push(Seg::T(s.into()));
        self
    }

    pub fn math(mut self, m: Sh) -> Rich {
        self.0.push(Seg::M(m));
        self
    }

    pub fn and(mut self, other: Rich) -> Rich {
        self.0.extend(other.0);
        self
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn render(&self, out: &Out, style: Style) -> String {
        match style {
            Style::Latex => {
                let mut s = String::from("\\text{");
                for seg in &self.0 {
                    match seg {
                        Seg::T(t) => s.push_str(&latex_escape(t)),
                        Seg::M(m) => {
                            s.push('$');
                            s.push_str(&m.render(out, style));
                            s.push('$');
                        }
                    }
                }
                s.push('}');
                s
            }
            _ => self
                .0
                .iter()
                .map(|seg| match seg {
                    Seg::T(t) => t.clone(),
                    Seg::M(m) => m.render(out, style),
                })
                .collect(),
        }
    }
}

pub(super) fn latex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '$' | '&' | '%' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '^' => out.push_str("\\^{}"),
            '~' => out.push_str("\\~{}"),
            // `--steps` must not become an en dash.
            '-' if out.ends_with('-') => out.push_str("{}-"),
            _ => out.push(c),
        }
    }
    out
}

/// One step: `lhs = rhs₁ = … = rhsₙ`, by `rule`.
#[derive(Clone, Debug)]
pub struct Line {
    /// `None`: the line continues the one above (`= …`).
    pub lhs: Option<Sh>,
    pub rhs: Vec<Sh>,
    /// A short, stable name of the rule (`sum`, `chain`, `simplify`, …), for JSON.
    pub rule: &'static str,
    pub note: Rich,
}

#[derive(Clone, Debug)]
enum Item {
    Heading(Rich),
    Line(Line),
    /// A conclusion in words.
    Note(&'static str, Rich),
    /// A table (gradient descent): header and rows, already rendered, in text, plain and
    /// LaTeX.
    Table([(Vec<String>, Vec<Vec<String>>); 3]),
}

/// The work of one command, ready to print in any format.
#[derive(Clone, Debug, Default)]
pub struct Derivation {
    items: Vec<Item>,
}

impl Derivation {
    pub fn heading(&mut self, r: Rich) {
        self.items.push(Item::Heading(r));
    }

    pub fn line(&mut self, lhs: Sh, rhs: Vec<Sh>, rule: &'static str, note: Rich) {
        self.items.push(Item::Line(Line { lhs: Some(lhs), rhs, rule, note }));
    }

    pub fn cont(&mut self, rhs: Sh, rule: &'static str, note: Rich) {
        self.items.push(Item::Line(Line { lhs: None, rhs: vec![rhs], rule, note }));
    }

    pub fn note(&mut self, rule: &'static str, r: Rich) {
        self.items.push(Item::Note(rule, r));
    }

    pub fn table_styled(&mut self, tables: [(Vec<String>, Vec<Vec<String>>); 3]) {
        self.items.push(Item::Table(tables));
    }

    fn last_line(&self) -> Option<&Line> {
        self.items.iter().rev().find_map(|i| match i {
            Item::Line(l) => Some(l),
            _ => None,
        })
    }

    /// Ends the derivation with the answer `lhs = answer`, unless its last line already
    /// says exactly that.
    pub fn finish(&mut self, out: &Out, lhs: Sh, answer: Sh) {
        let ends_with_it = matches!(self.items.last(), Some(Item::Line(_)))
            && self.last_line().and_then(|l| l.rhs.last()).map(|r| r.render(out, Style::Plain))
                == Some(answer.render(out, Style::Plain));
        if !ends_with_it {
            self.line(lhs, vec![answer], "result", Rich::t("the answer"));
        }
    }

    /// Text (Unicode) or plain (ASCII) lines with the rules aligned at the right, or a
    /// LaTeX `align*` environment.
    pub fn render(&self, out: &Out, style: Style) -> String {
        match style {
            Style::Latex => self.render_latex(out),
            _ => self.render_text(out, style),
        }
    }

    fn render_text(&self, out: &Out, style: Style) -> String {
        let mut lines: Vec<String> = Vec::new();
        let mut indent = "";
        let mut block: Vec<&Line> = Vec::new();
        let flush = |block: &mut Vec<&Line>, lines: &mut Vec<String>, indent: &str| {
            lines.extend(layout_block(block, out, style, indent));
            block.clear();
        };
        for item in &self.items {
            match item {
                Item::Line(l) => block.push(l),
                other => {
                    flush(&mut block, &mut lines, indent);
                    match other {
                        Item::Heading(r) => {
                            lines.push(String::new());
                            lines.push(if style == Style::Text {
                                label(&r.render(out, style))
                            } else {
                                r.render(out, style)
                            });
                            indent = "  ";
                        }
                        Item::Note(_, r) => lines.push(format!("{indent}{}", r.render(out, style))),
                        Item::Table(tables) => {
                            let (header, rows) = &tables[if style == Style::Text { 0 } else { 1 }];
                            let mut table = vec![header.clone()];
                            table.extend(rows.iter().cloned());
                            let widths: Vec<usize> = (0..header.len())
                                .map(|j| {
                                    table.iter().map(|r| r.get(j).map_or(0, |c| c.chars().count())).max().unwrap_or(0)
                                })
                                .collect();
                            for r in &table {
                                let cells: Vec<String> = r
                                    .iter()
                                    .enumerate()
                                    .map(|(j, c)| format!("{}{c}", " ".repeat(widths[j] - c.chars().count())))
                                    .collect();
                                lines.push(format!("{indent}{}", cells.join("  ")));
                            }
                        }
                        Item::Line(_) => {}
                    }
                }
            }
        }
        flush(&mut block, &mut lines, indent);
        lines.join("\n")
    }

    fn render_latex(&self, out: &Out) -> String {
        let style = Style::Latex;
        let mut rows: Vec<String> = Vec::new();
        for item in &self.items {
            match item {
                Item::Heading(r) => rows.push(format!("\\intertext{{{}}}", latex_prose(&r.render(out, style)))),
                Item::Note(_, r) => rows.push(format!("\\intertext{{{}}}", latex_prose(&r.render(out, style)))),
                Item::Line(l) => {
                    let lhs = l.lhs.as_ref().map(|s| s.render(out, style)).unwrap_or_default();
                    let rhs: Vec<String> = l.rhs.iter().map(|s| s.render(out, style)).collect();
                    let note = if l.note.is_empty() { String::new() } else { l.note.render(out, style) };
                    rows.push(format!("{lhs} &= {} && {note}", rhs.join(" = ")));
                }
                Item::Table(tables) => {
                    let (header, body) = &tables[2];
                    let cols = "r".repeat(header.len());
                    let mut t = format!("\\begin{{tabular}}{{{cols}}}\\hline {} \\\\ \\hline ", header.join(" & "));
                    for r in body {
                        t.push_str(&format!("{} \\\\ ", r.join(" & ")));
                    }
                    t.push_str("\\hline\\end{tabular}");
                    rows.push(format!("\\intertext{{{t}}}"));
                }
            }
        }
        // `\intertext` comes after a `\\`; a line before it needs one, and so does each line
        // before the next line.
        let mut s = String::from("\\begin{align*}\n");
        for (i, r) in rows.iter().enumerate() {
            s.push_str(r);
            let next_is_row = rows.get(i + 1).is_some();
            let is_intertext = r.starts_with("\\intertext");
            if next_is_row && !is_intertext {
                s.push_str(" \\\\");
            }
            s.push('\n');
        }
        s.push_str("\\end{align*}");
        s
    }

    /// The steps as JSON objects `{"rule", "before", "after", "note"}` (with `"wrt"` for a
    /// rule of differentiation, `"via"` for intermediate forms and `"part"` for the heading
    /// the step is under).
    pub fn json(&self, out: &Out) -> Value {
        let mut steps = Vec::new();
        let mut part: Option<String> = None;
        let mut previous: Option<&Sh> = None;
        let both = |s: &Sh| json!({"plain": s.render(out, Style::Plain), "latex": s.render(out, Style::Latex)});
        for item in &self.items {
            match item {
                Item::Heading(r) => part = Some(r.render(out, Style::Text).trim_end_matches(':').to_string()),
                Item::Note(rule, r) => {
                    let mut m = Map::new();
                    m.insert("rule".into(), json!(rule));
                    m.insert("note".into(), json!(r.render(out, Style::Text)));
                    if let Some(p) = &part {
                        m.insert("part".into(), json!(p));
                    }
                    steps.push(Value::Object(m));
                }
                Item::Line(l) => {
                    let mut m = Map::new();
                    m.insert("rule".into(), json!(l.rule));
                    let before = l.lhs.as_ref().or(previous);
                    if let Some(b) = before {
                        m.insert("before".into(), both(b));
                    }
                    if let Some(last) = l.rhs.last() {
                        m.insert("after".into(), both(last));
                    }
                    if l.rhs.len() > 1 {
                        m.insert("via".into(), Value::Array(l.rhs[..l.rhs.len() - 1].iter().map(both).collect()));
                    }
                    if let Some(Sh::D(v, _)) = &l.lhs {
                        m.insert("wrt".into(), json!(out.plain.var(*v)));
                    }
                    m.insert("note".into(), json!(l.note.render(out, Style::Text)));
                    if let Some(p) = &part {
                        m.insert("part".into(), json!(p));
                    }
                    steps.push(Value::Object(m));
                    previous = l.rhs.last();
                }
                Item::Table(..) => {}
            }
        }
        Value::Array(steps)
    }
}

/// Prose for `\intertext`: the rendered note is `\text{…}`; intertext is already text.
fn latex_prose(s: &str) -> String {
    s.strip_prefix("\\text{").and_then(|r| r.strip_suffix('}')).unwrap_or(s).to_string()
}

/// Lays out consecutive lines: the `=` signs aligned (left sides up to 40 columns wide), the
/// rules in a column at the right (after the lines up to 64 columns wide; a longer line has
/// its rule right after it).
fn layout_block(block: &[&Line], out: &Out, style: Style, indent: &str) -> Vec<String> {
    const WIDE: usize = 64;
    let w = |s: &str| s.chars().count();
    let rendered: Vec<(String, Vec<String>, String)> = block
        .iter()
        .map(|l| {
            let lhs = l.lhs.as_ref().map(|s| s.render(out, style)).unwrap_or_default();
            let rhs = l.rhs.iter().map(|s| s.render(out, style)).collect::<Vec<_>>().join(" = ");
            let rhs_lines: Vec<String> = rhs.lines().map(str::to_string).collect();
            (lhs, rhs_lines, l.note.render(out, style))
        })
        .collect();
    let lhs_w = rendered.iter().map(|(l, _, _)| w(l)).filter(|&n| n <= 40).max().unwrap_or(0);
    let body_w =
        |(l, r, _): &(String, Vec<String>, String)| lhs_w.max(w(l)) + 3 + r.iter().map(|x| w(x)).max().unwrap_or(0);
    let note_col = rendered.iter().map(body_w).filter(|&n| n <= WIDE).max().unwrap_or(0);
    let mut lines = Vec::new();
    for item in &rendered {
        let (lhs, rhs, note) = item;
        let pad = lhs_w.saturating_sub(w(lhs));
        let head = format!("{indent}{lhs}{} = ", " ".repeat(pad));
        let first = rhs.first().cloned().unwrap_or_default();
        let mut s = format!("{head}{first}");
        if !note.is_empty() {
            let first_w = w(&head) - w(indent) + w(&first);
            let gap = if body_w(item) <= WIDE { note_col.saturating_sub(first_w) } else { 0 };
            s.push_str(&" ".repeat(gap + 4));
            s.push_str(note);
        }
        lines.push(s.trim_end().to_string());
        for more in rhs.iter().skip(1) {
            lines.push(format!("{}{more}", " ".repeat(w(&head))));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::Pool;
    use crate::syntax::{parse, ParseOptions};

    fn ids(pool: &mut Pool, srcs: &[&str]) -> Vec<ExprId> {
        srcs.iter().map(|s| parse(pool, s, &ParseOptions::default()).unwrap()).collect()
    }

    /// (text, plain, latex) of a piece.
    fn all(pool: &Pool, sh: &Sh) -> [String; 3] {
        let out = Out::new(pool, 10);
        [Style::Text, Style::Plain, Style::Latex].map(|st| sh.render(&out, st))
    }

    #[test]
    fn products_and_sums_get_the_parentheses_they_need() {
        let mut pool = Pool::default();
        let e = ids(&mut pool, &["1/(x+y^2)", "2y", "-y", "x+1", "-3y^3"]);
        let prod = Sh::Prod(vec![Sh::E(e[0]), Sh::E(e[1])]);
        assert_eq!(all(&pool, &prod), ["1/(x + y²) · 2y", "1/(x + y^2)*2*y", "\\frac{1}{x + y^{2}} \\cdot 2 y"]);
        let neg = Sh::Prod(vec![Sh::E(e[1]), Sh::E(e[2])]);
        assert_eq!(all(&pool, &neg)[0], "2y · (-y)");
        assert_eq!(all(&pool, &neg)[1], "2*y*(-y)");
        let sum = Sh::Sum(vec![Sh::E(e[3]), Sh::E(e[4]), Sh::E(pool.zero())]);
        assert_eq!(all(&pool, &sum)[0], "(x + 1) - 3y³ + 0");
        let diff = Sh::Sum(vec![Sh::E(e[1]), Sh::Neg(Box::new(Sh::E(e[2])))]);
        assert_eq!(all(&pool, &diff)[1], "2*y - (-y)");
    }

    #[test]
    fn squares_roots_and_quotients() {
        let mut pool = Pool::default();
        let e = ids(&mut pool, &["-1", "sqrt(2)", "2"]);
        let sq = Sh::Sqrt(Box::new(Sh::Sum(vec![Sh::Sq(Box::new(Sh::E(e[0]))), Sh::Sq(Box::new(Sh::E(e[2])))])));
        assert_eq!(
            all(&pool, &sq),
            ["√((-1)² + 2²)", "sqrt((-1)^2 + 2^2)", "\\sqrt{{\\left(-1\\right)}^{2} + {2}^{2}}"]
        );
        let q = Sh::Frac(Box::new(Sh::E(e[0])), Box::new(Sh::E(e[1])));
        assert_eq!(all(&pool, &q), ["-1/√2", "-1/sqrt(2)", "\\frac{-1}{\\sqrt{2}}"]);
    }

    #[test]
    fn latex_prose_is_escaped() {
        assert_eq!(latex_escape("--steps & 50% of x_1"), "-{}-steps \\& 50\\% of x\\_1");
    }
}
