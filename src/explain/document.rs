//! The document a derivation is: headings, lines `before = after` with the rule named at the
//! right, notes and tables ([`Derivation`]), and its renderers: text or plain lines with the
//! `=` signs and the rules aligned, a LaTeX `align*` environment, and JSON step objects.
//!
//! A line without a left side continues the one above (`= 2xy   simplify`). Rendering needs
//! only the pool's printers; the one thing left to the caller is how a heading is emphasised
//! in text (the CLI makes it bold on a terminal).

use super::layout;
use super::math::{Math, Prose};
use super::table::Table;
use crate::print::values::Printers;
use crate::print::Style;
use serde_json::{json, Map, Value};

/// How a heading is marked in text: [`no_emphasis`] leaves it as it is; the CLI makes it bold
/// when colour is on.
pub type Emphasis = fn(&str) -> String;

/// Headings as they are.
pub fn no_emphasis(s: &str) -> String {
    s.to_string()
}

/// The rule or reason behind a line of a derivation. [`StepRule::name`] is its short, stable
/// name, the `"rule"` of each step in JSON output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepRule {
    Given,
    Constant,
    Variable,
    AsAbove,
    Simplify,
    Sum,
    ConstantMultiple,
    Product,
    Quotient,
    Power,
    Exponential,
    GeneralPower,
    ZeroPower,
    Chain,
    Trig,
    InverseTrig,
    Hyperbolic,
    InverseHyperbolic,
    Ln,
    Abs,
    Sign,
    Sigmoid,
    Softplus,
    Erf,
    FloorCeil,
    MaxMin,
    Atan2,
    ExactConstants,
    CommonDenominator,
    Identity,
    Cancel,
    FactorOut,
    Expand,
    Shortest,
    Check,
    Schwarz,
    Substitute,
    Result,
    Gradient,
    Norm,
    Stationary,
    LargestRate,
    SmallestRate,
    Direction,
    UnitVector,
    Length,
    DirectionCosine,
    DotProduct,
    Symmetry,
    Hessian,
    Minor,
    Conclusion,
    Jacobian,
    Differential,
    UpdateRule,
    Update,
    Value,
}

impl StepRule {
    pub fn name(self) -> &'static str {
        match self {
            StepRule::Given => "given",
            StepRule::Constant => "constant",
            StepRule::Variable => "variable",
            StepRule::AsAbove => "as above",
            StepRule::Simplify => "simplify",
            StepRule::Sum => "sum",
            StepRule::ConstantMultiple => "constant multiple",
            StepRule::Product => "product",
            StepRule::Quotient => "quotient",
            StepRule::Power => "power",
            StepRule::Exponential => "exp",
            StepRule::GeneralPower => "general power",
            StepRule::ZeroPower => "zero power",
            StepRule::Chain => "chain",
            StepRule::Trig => "trig",
            StepRule::InverseTrig => "inverse trig",
            StepRule::Hyperbolic => "hyperbolic",
            StepRule::InverseHyperbolic => "inverse hyperbolic",
            StepRule::Ln => "ln",
            StepRule::Abs => "abs",
            StepRule::Sign => "sign",
            StepRule::Sigmoid => "sigmoid",
            StepRule::Softplus => "softplus",
            StepRule::Erf => "erf",
            StepRule::FloorCeil => "floor/ceiling",
            StepRule::MaxMin => "max/min",
            StepRule::Atan2 => "atan2",
            StepRule::ExactConstants => "exact constants",
            StepRule::CommonDenominator => "common denominator",
            StepRule::Identity => "identity",
            StepRule::Cancel => "cancel",
            StepRule::FactorOut => "factor out",
            StepRule::Expand => "expand",
            StepRule::Shortest => "shortest",
            StepRule::Check => "check",
            StepRule::Schwarz => "schwarz",
            StepRule::Substitute => "substitute",
            StepRule::Result => "result",
            StepRule::Gradient => "gradient",
            StepRule::Norm => "norm",
            StepRule::Stationary => "stationary",
            StepRule::LargestRate => "largest rate",
            StepRule::SmallestRate => "smallest rate",
            StepRule::Direction => "direction",
            StepRule::UnitVector => "unit vector",
            StepRule::Length => "length",
            StepRule::DirectionCosine => "direction cosine",
            StepRule::DotProduct => "dot product",
            StepRule::Symmetry => "symmetry",
            StepRule::Hessian => "hessian",
            StepRule::Minor => "minor",
            StepRule::Conclusion => "conclusion",
            StepRule::Jacobian => "jacobian",
            StepRule::Differential => "differential",
            StepRule::UpdateRule => "update rule",
            StepRule::Update => "update",
            StepRule::Value => "value",
        }
    }
}

/// One step: `lhs = rhs₁ = … = rhsₙ`, by `rule`.
#[derive(Clone, Debug)]
pub struct Line {
    /// `None`: the line continues the one above (`= …`).
    pub lhs: Option<Math>,
    pub rhs: Vec<Math>,
    pub rule: StepRule,
    pub note: Prose,
}

/// One entry of a derivation.
#[derive(Clone, Debug)]
pub enum Item {
    Heading(Prose),
    Line(Line),
    /// A conclusion in words.
    Note(StepRule, Prose),
    /// A table (gradient descent's rows).
    Table(Table),
}

/// The work of one command, ready to print in any format.
#[derive(Clone, Debug, Default)]
pub struct Derivation {
    items: Vec<Item>,
}

impl Derivation {
    pub fn heading(&mut self, r: Prose) {
        self.items.push(Item::Heading(r));
    }

    pub fn line(&mut self, lhs: Math, rhs: Vec<Math>, rule: StepRule, note: Prose) {
        self.items.push(Item::Line(Line { lhs: Some(lhs), rhs, rule, note }));
    }

    pub fn continued(&mut self, rhs: Math, rule: StepRule, note: Prose) {
        self.items.push(Item::Line(Line { lhs: None, rhs: vec![rhs], rule, note }));
    }

    pub fn note(&mut self, rule: StepRule, r: Prose) {
        self.items.push(Item::Note(rule, r));
    }

    pub fn table(&mut self, table: Table) {
        self.items.push(Item::Table(table));
    }

    /// The entries in order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    fn last_line(&self) -> Option<&Line> {
        self.items.iter().rev().find_map(|i| match i {
            Item::Line(l) => Some(l),
            _ => None,
        })
    }

    /// Ends the derivation with the answer `lhs = answer`, unless its last line already
    /// says exactly that.
    pub fn finish(&mut self, printers: &Printers, lhs: Math, answer: Math) {
        let ends_with_it = matches!(self.items.last(), Some(Item::Line(_)))
            && self.last_line().and_then(|l| l.rhs.last()).map(|r| r.render(printers, Style::Plain))
                == Some(answer.render(printers, Style::Plain));
        if !ends_with_it {
            self.line(lhs, vec![answer], StepRule::Result, Prose::text("the answer"));
        }
    }

    /// Text (Unicode) or plain (ASCII) lines with the rules aligned at the right, or a
    /// LaTeX `align*` environment. `emphasis` marks a heading in text (not in plain).
    pub fn render(&self, printers: &Printers, style: Style, emphasis: Emphasis) -> String {
        match style {
            Style::Latex => self.render_latex(printers),
            Style::Typst => self.render_typst(printers),
            _ => self.render_text(printers, style, emphasis),
        }
    }

    fn render_text(&self, printers: &Printers, style: Style, emphasis: Emphasis) -> String {
        let mut lines: Vec<String> = Vec::new();
        let mut indent = "";
        let mut block: Vec<&Line> = Vec::new();
        let flush = |block: &mut Vec<&Line>, lines: &mut Vec<String>, indent: &str| {
            lines.extend(layout_block(block, printers, style, indent));
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
                                emphasis(&r.render(printers, style))
                            } else {
                                r.render(printers, style)
                            });
                            indent = "  ";
                        }
                        Item::Note(_, r) => lines.push(format!("{indent}{}", r.render(printers, style))),
                        Item::Table(table) => {
                            let cells = table.cells(style);
                            lines.extend(cells.aligned().into_iter().map(|l| format!("{indent}{l}")));
                        }
                        Item::Line(_) => {}
                    }
                }
            }
        }
        flush(&mut block, &mut lines, indent);
        lines.join("\n")
    }

    /// LaTeX: the lines between two headings as one `align*` (amsmath) laid out for the page
    /// ([`super::layout`]), each rule as a `\tag*` that amsmath sets beside the line or, where
    /// it does not fit, under it; headings, notes and tables as text between them.
    fn render_latex(&self, printers: &Printers) -> String {
        let style = Style::Latex;
        let mut parts: Vec<String> = Vec::new();
        let mut block: Vec<&Line> = Vec::new();
        let flush = |block: &mut Vec<&Line>, parts: &mut Vec<String>| {
            if !block.is_empty() {
                parts.push(latex_block(&layout::block(block, printers), printers));
                block.clear();
            }
        };
        // Words right after words start a new paragraph (a blank line), or TeX would run them
        // together and have to break the line inside their math.
        let mut after_words = false;
        let words = |parts: &mut Vec<String>, text: String, after_words: &mut bool| {
            if *after_words {
                // A new paragraph, flush left like the lines after a display.
                parts.push(String::new());
                parts.push(format!("\\noindent {text}"));
            } else {
                parts.push(text);
            }
            *after_words = true;
        };
        for item in &self.items {
            match item {
                Item::Line(l) => {
                    block.push(l);
                    after_words = false;
                }
                Item::Heading(r) => {
                    flush(&mut block, &mut parts);
                    words(&mut parts, latex_prose(&r.render(printers, style)), &mut after_words);
                }
                Item::Note(_, r) => {
                    flush(&mut block, &mut parts);
                    words(&mut parts, as_sentence(&latex_prose(&r.render(printers, style))), &mut after_words);
                }
                Item::Table(table) => {
                    flush(&mut block, &mut parts);
                    parts.push(table.cells(style).tabular());
                    after_words = false;
                }
            }
        }
        flush(&mut block, &mut parts);
        parts.join("\n")
    }

    /// Typst: like [`Derivation::render_latex`], each block a grid whose columns align the `=`
    /// signs, each rule beside its line or, where the estimate says it does not fit, on a row
    /// of its own, flush right.
    fn render_typst(&self, printers: &Printers) -> String {
        let style = Style::Typst;
        let mut parts: Vec<String> = Vec::new();
        let mut block: Vec<&Line> = Vec::new();
        let flush = |block: &mut Vec<&Line>, parts: &mut Vec<String>| {
            if !block.is_empty() {
                parts.push(typst_block(&layout::block(block, printers), printers));
                block.clear();
            }
        };
        for item in &self.items {
            match item {
                Item::Line(l) => block.push(l),
                Item::Heading(r) => {
                    flush(&mut block, &mut parts);
                    parts.push(r.render(printers, style));
                }
                Item::Note(_, r) => {
                    flush(&mut block, &mut parts);
                    parts.push(as_sentence(&r.render(printers, style)));
                }
                Item::Table(table) => {
                    flush(&mut block, &mut parts);
                    parts.push(table.cells(style).typst_table());
                }
            }
        }
        flush(&mut block, &mut parts);
        parts.join("\n\n")
    }

    /// The steps as JSON objects `{"rule", "before", "after", "note"}` (with `"wrt"` for a
    /// rule of differentiation, `"via"` for intermediate forms and `"part"` for the heading
    /// the step is under).
    pub fn json(&self, printers: &Printers) -> Value {
        let mut steps = Vec::new();
        let mut part: Option<String> = None;
        let mut previous: Option<&Math> = None;
        let both =
            |s: &Math| json!({"plain": s.render(printers, Style::Plain), "latex": s.render(printers, Style::Latex)});
        for item in &self.items {
            match item {
                Item::Heading(r) => part = Some(r.render(printers, Style::Text).trim_end_matches(':').to_string()),
                Item::Note(rule, r) => {
                    let mut m = Map::new();
                    m.insert("rule".into(), json!(rule.name()));
                    m.insert("note".into(), json!(r.render(printers, Style::Text)));
                    if let Some(p) = &part {
                        m.insert("part".into(), json!(p));
                    }
                    steps.push(Value::Object(m));
                }
                Item::Line(l) => {
                    let mut m = Map::new();
                    m.insert("rule".into(), json!(l.rule.name()));
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
                    if let Some(Math::Derivative(v, _)) = &l.lhs {
                        m.insert("wrt".into(), json!(printers.plain.var(*v)));
                    }
                    m.insert("note".into(), json!(l.note.render(printers, Style::Text)));
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

/// One block of lines as an `align*`: `lhs &= rhs \tag*{rule}`, or stacked (`&lhs \\
/// &\qquad {}= rhs`), a broken sum continued after `\quad`.
fn latex_block(block: &layout::Block, printers: &Printers) -> String {
    let style = Style::Latex;
    let mut rows: Vec<String> = Vec::new();
    let indent = if block.stacked { "\\qquad " } else { "" };
    for row in &block.rows {
        let lhs = row.lhs.map(|m| m.render(printers, style)).unwrap_or_default();
        if block.stacked && !lhs.is_empty() {
            // A left side wider than the page by itself is broken too.
            let room = layout::PAGE_EMS - 1.0;
            for (k, piece) in crate::print::values::break_side(&lhs, room).into_iter().enumerate() {
                rows.push(if k == 0 { format!("&{piece}") } else { format!("&\\quad {piece}") });
            }
        }
        for (k, line) in row.lines.iter().enumerate() {
            let mut s = String::new();
            if k == 0 && !block.stacked {
                s.push_str(&lhs);
                s.push(' ');
            }
            s.push('&');
            s.push_str(indent);
            for (j, t) in line.iter().enumerate() {
                let at_start = j == 0;
                let piece = t.render(printers, style, at_start);
                match (at_start, t) {
                    // `{}=`: a relation with its space on the left at the start of a column.
                    (true, layout::Token::Side(..)) if block.stacked => s.push_str("{}"),
                    (true, layout::Token::Term(_)) => s.push_str("\\quad "),
                    _ => {}
                }
                // A piece wider than the page by itself (a long number): broken where it can be.
                let room = layout::PAGE_EMS - 3.0;
                let mut broken = crate::print::values::break_side(&piece, room).into_iter();
                s.push_str(&broken.next().unwrap_or_default());
                for more in broken {
                    rows.push(std::mem::take(&mut s));
                    s = format!("&{indent}\\quad {more}");
                }
            }
            if k == 0 && !row.note.is_empty() {
                let note = latex_prose(&row.note.render(printers, style));
                if layout::note_is_long(&note) {
                    s.push_str(&format!(" \\tag*{{\\parbox[t]{{0.72\\linewidth}}{{\\raggedleft {note}}}}}"));
                } else {
                    s.push_str(&format!(" \\tag*{{{note}}}"));
                }
            }
            rows.push(s);
        }
    }
    let align = format!("\\begin{{align*}}\n{}\n\\end{{align*}}", rows.join(" \\\\\n"));
    if rows.len() > BREAKABLE_ROWS {
        // A block this long may be taller than what is left of the page, or than a page:
        // amsmath keeps an align* in one piece unless display breaks are allowed, and then
        // it runs off the bottom. Allowed here only, in a group of its own.
        format!("\\begingroup\\allowdisplaybreaks\n{align}\n\\endgroup")
    } else {
        align
    }
}

/// The most rows of a LaTeX block kept on one page; a longer block may break between rows.
const BREAKABLE_ROWS: usize = 10;

/// One block of lines as a Typst grid, set flush left after an indent as a textbook sets a
/// derivation: a column for the left sides (right-aligned) and one for the right sides, then
/// the rest of the line. A rule goes beside its line, flush right (the right side and the rule
/// in one cell over the right side's column and the rest, the rule `#place`d at the right end
/// so that it widens no column), where the indent, the left sides, this line and the rule fit
/// the page by the estimate, which errs wide; otherwise it gets a row of its own, flush right.
/// Each line is measured by itself, as amsmath places a `\tag*`.
fn typst_block(block: &layout::Block, printers: &Printers) -> String {
    // Typst's default page (A4, 11 pt) has 453 pt of text width, 41 em; the estimate keeps the
    // same tenth of it in reserve as [`layout::PAGE_EMS`] does of the LaTeX article's.
    const TYPST_PAGE_EMS: f64 = 37.0;
    // The grid's first column and its gaps.
    const INDENT: f64 = 2.5;
    let style = Style::Typst;
    let math = |m: &str| format!("$display({m})$");
    let widths = |m: Option<&super::math::Math>| {
        m.map_or(0.0, |m| crate::print::width::latex_math(&m.render(printers, Style::Latex)))
    };
    let line_width = |l: &[layout::Token]| {
        l.iter().map(|t| crate::print::width::latex_math(&t.render(printers, Style::Latex, false))).sum::<f64>()
    };
    let left = if block.stacked { 2.0 } else { block.rows.iter().map(|r| widths(r.lhs)).fold(0.0, f64::max) };
    let mut cells: Vec<String> = Vec::new();
    for row in &block.rows {
        let note = (!row.note.is_empty()).then(|| row.note.render(printers, style));
        // The note's width measured on its LaTeX (words and math, as the page sets them).
        let note_w = if row.note.is_empty() {
            0.0
        } else {
            crate::print::width::latex_text(&latex_prose(&row.note.render(printers, Style::Latex)))
        };
        let first_line = row.lines.first().map_or(0.0, |l| line_width(l));
        let beside = INDENT + left + first_line + 1.0 + note_w <= TYPST_PAGE_EMS;
        let lhs = row.lhs.map(|m| m.render(printers, style));
        if block.stacked {
            if let Some(l) = &lhs {
                // A left side wider than the page by itself is broken too.
                let room = layout::PAGE_EMS - 1.0;
                for (k, piece) in crate::print::values::break_side_in(l, room, style).into_iter().enumerate() {
                    let piece = if k == 0 { piece } else { format!("quad {piece}") };
                    cells.push(format!("[], grid.cell(colspan: 3, align: left)[{}]", math(&piece)));
                }
            }
        }
        for (k, line) in row.lines.iter().enumerate() {
            let mut core = String::new();
            for (j, t) in line.iter().enumerate() {
                core.push_str(&t.render(printers, style, j == 0));
            }
            // `zws` before a leading `=` (a relation needs something on its left to be spaced
            // as one); a continued sum after a quad.
            let lead = if matches!(line.first(), Some(layout::Token::Term(_))) { "quad " } else { "zws " };
            // A piece wider than the page by itself (a long number, a long vector): broken where
            // it can be, the rest on rows of its own.
            let mut broken = crate::print::values::break_side_in(&core, layout::PAGE_EMS - 3.0, style).into_iter();
            let body = format!("{lead}{}", broken.next().unwrap_or_default());
            let rest: Vec<String> = broken.collect();
            let first = if block.stacked {
                "#h(2em)".to_string()
            } else if k == 0 {
                lhs.as_deref().map(math).unwrap_or_default()
            } else {
                String::new()
            };
            match note.as_deref().filter(|_| k == 0 && beside) {
                Some(n) => cells
                    .push(format!("[], [{first}], grid.cell(colspan: 2)[{}#place(right + horizon)[{n}]]", math(&body))),
                None => cells.push(format!("[], [{first}], [{}], []", math(&body))),
            }
            for more in rest {
                cells.push(format!("[], [], [{}], []", math(&format!("quad {more}"))));
            }
        }
        if let Some(n) = note.filter(|_| !beside) {
            cells.push(format!("grid.cell(colspan: 4, align: right)[{n}]"));
        }
    }
    format!(
        // A line of text is measured from the cap height to the baseline unless told
        // otherwise: a display fraction would hang out of its row onto the next.
        "#[#set text(top-edge: \"bounds\", bottom-edge: \"bounds\")\n\
         #grid(columns: (1.5em, auto, auto, 1fr), \
         align: (left, right + horizon, left + horizon, left), \
         row-gutter: 0.5em, column-gutter: 0.3em,\n  {},\n)]",
        cells.join(",\n  ")
    )
}

/// Prose as text: the rendered note is `\text{…}`, for a paragraph or a tag.
/// A note set as a paragraph of a document: a sentence, with a capital and a full stop (the
/// text output keeps it as a line of the derivation, as it is).
fn as_sentence(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 1);
    let mut chars = s.chars();
    if let Some(c) = chars.next() {
        out.extend(c.to_uppercase());
        out.push_str(chars.as_str());
    }
    if !out.ends_with(['.', ':', '!', '?']) && !out.is_empty() {
        out.push('.');
    }
    out
}

fn latex_prose(s: &str) -> String {
    s.strip_prefix("\\text{").and_then(|r| r.strip_suffix('}')).unwrap_or(s).to_string()
}

/// Lays out consecutive lines: the `=` signs aligned (left sides up to 40 columns wide), the
/// rules in a column at the right (after the lines up to 64 columns wide; a longer line has
/// its rule right after it).
fn layout_block(block: &[&Line], printers: &Printers, style: Style, indent: &str) -> Vec<String> {
    const WIDE: usize = 64;
    let w = |s: &str| s.chars().count();
    let rendered: Vec<(String, Vec<String>, String)> = block
        .iter()
        .map(|l| {
            let lhs = l.lhs.as_ref().map(|s| s.render(printers, style)).unwrap_or_default();
            let rhs = l.rhs.iter().map(|s| s.render(printers, style)).collect::<Vec<_>>().join(" = ");
            let rhs_lines: Vec<String> = rhs.lines().map(str::to_string).collect();
            (lhs, rhs_lines, l.note.render(printers, style))
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
