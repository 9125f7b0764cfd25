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
    pub typst: Printer<'p>,
    pub digits: usize,
}

impl<'p> Printers<'p> {
    pub fn new(pool: &'p Pool, digits: usize) -> Printers<'p> {
        Printers {
            pool,
            text: Printer::new(pool, Style::Text),
            plain: Printer::new(pool, Style::Plain),
            latex: Printer::new(pool, Style::Latex),
            typst: Printer::new(pool, Style::Typst),
            digits,
        }
    }

    pub fn printer(&self, style: Style) -> &Printer<'p> {
        match style {
            Style::Text => &self.text,
            Style::Plain => &self.plain,
            Style::Latex => &self.latex,
            Style::Typst => &self.typst,
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
        if !self.pool.is_numeric(id) {
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
        // A value with parameters in it (symbols not in --vars) or an unknown function has no
        // decimal: not `≈ nan`.
        if self.is_integer(id) || style == Style::Plain || !self.pool.is_numeric(id) {
            return exact;
        }
        let approx = self.decimal(id);
        match style {
            Style::Latex => format!("{exact} \\approx {}", super::latex_scientific(&approx)),
            Style::Typst => format!("{exact} approx {}", super::typst_scientific(&approx)),
            _ => format!("{exact} ≈ {approx}"),
        }
    }

    /// `(a, b, c)` in text and LaTeX (parentheses that grow around fractions), `[a, b, c]` in
    /// plain.
    pub fn vector(&self, ids: &[ExprId], style: Style) -> String {
        let (open, close) = match style {
            Style::Plain => ("[", "]"),
            _ => ("(", ")"),
        };
        // One session: what the entries share is printed once and copied after that.
        let mut out = String::new();
        let mut s = self.printer(style).session(&mut out);
        for (i, &id) in ids.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            s.write(id);
        }
        match style {
            Style::Latex => super::latex_parens(&out),
            _ => format!("{open}{out}{close}"),
        }
    }

    /// A vector of values with its decimals when any entry is not an integer.
    pub fn value_vector(&self, ids: &[ExprId], style: Style) -> String {
        let exact = self.vector(ids, style);
        if style == Style::Plain
            || ids.iter().all(|&i| self.is_integer(i))
            || ids.iter().any(|&i| !self.pool.is_numeric(i))
        {
            return exact;
        }
        let approx: Vec<String> = ids.iter().map(|&i| super::styled_scientific(&self.decimal(i), style)).collect();
        match style {
            Style::Latex => format!("{exact} \\approx ({})", approx.join(", ")),
            Style::Typst => format!("{exact} approx ({})", approx.join(", ")),
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
                // Rows of fractions would nearly touch: room between a tall row and the next.
                let tall = |row: &Vec<ExprId>| row.iter().any(|&c| p.is_tall(c));
                for (i, r) in rows.iter().enumerate() {
                    if i > 0 {
                        s.push_str(match plain {
                            true => ", ",
                            false if tall(&rows[i - 1]) || tall(r) => " \\\\[1ex] ",
                            false => " \\\\ ",
                        });
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
            Style::Typst => {
                let mut out = String::new();
                let mut s = p.session(&mut out);
                for (i, r) in rows.iter().enumerate() {
                    if i > 0 {
                        s.push_str("; ");
                    }
                    for (j, &c) in r.iter().enumerate() {
                        if j > 0 {
                            s.push_str(", ");
                        }
                        s.write(c);
                    }
                }
                let tall = rows.iter().flatten().any(|&c| self.latex.is_tall(c));
                typst_matrix(&out, tall)
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
                Style::Typst => format!("dif {}", p.var(v)),
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
                (Node::Add(_), Style::Latex) => super::latex_parens(&shown),
                (Node::Add(_), _) => format!("({shown})"),
                _ => shown,
            };
            let mul = match style {
                Style::Plain => "*",
                Style::Text | Style::Typst => " ",
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
        self.partial_label_in(f, wrt, style, false)
    }

    /// [`Printers::partial_label`] for a line of text: in LaTeX and Typst with a slash
    /// (`\partial f/\partial x`), not as a small stacked fraction.
    pub fn partial_label_in_text(&self, f: &str, wrt: &[SymId], style: Style) -> String {
        self.partial_label_in(f, wrt, style, true)
    }

    fn partial_label_in(&self, f: &str, wrt: &[SymId], style: Style, slashed: bool) -> String {
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
                if slashed {
                    return format!("{num}/{}", den.join(" \\, "));
                }
                format!("\\frac{{{num}}}{{{}}}", den.join(" \\, "))
            }
            Style::Typst => {
                let num = if n == 1 { format!("partial {f}") } else { format!("partial^{n} {f}") };
                let den: Vec<String> = groups
                    .iter()
                    .map(
                        |&(v, k)| {
                            if k == 1 {
                                format!("partial {}", p.var(v))
                            } else {
                                format!("partial {}^{k}", p.var(v))
                            }
                        },
                    )
                    .collect();
                if slashed {
                    return format!("{num} \\/ {}", den.join(" "));
                }
                format!("frac({num}, {})", den.join(" "))
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
            Style::Latex => super::latex_parens(&items.join(", ")),
            _ => format!("({})", items.join(", ")),
        }
    }
}

/// A matrix of cells written ahead of time: rows of `[a, b]` in plain, a `pmatrix` in LaTeX,
/// rows aligned in columns between tall brackets in text.
pub fn matrix_of_cells(cells: &[Vec<String>], style: Style) -> String {
    match style {
        Style::Typst => {
            let rows: Vec<String> = cells.iter().map(|r| r.join(", ")).collect();
            typst_matrix(&rows.join("; "), cells.iter().flatten().any(|c| c.contains("frac(")))
        }
        Style::Plain => {
            let rows: Vec<String> = cells.iter().map(|r| format!("[{}]", r.join(", "))).collect();
            format!("[{}]", rows.join(", "))
        }
        Style::Latex => {
            // Room between rows holding fractions, as in [`Printers::matrix`].
            let tall = |r: &Vec<String>| r.iter().any(|c| super::latex_is_tall(c));
            let mut out = String::from("\\begin{pmatrix} ");
            for (i, r) in cells.iter().enumerate() {
                if i > 0 {
                    out.push_str(if tall(&cells[i - 1]) || tall(r) { " \\\\[1ex] " } else { " \\\\ " });
                }
                out.push_str(&r.join(" & "));
            }
            out.push_str(" \\end{pmatrix}");
            out
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

/// A Typst matrix of rows written `a, b; c, d`, with room between rows of fractions.
fn typst_matrix(rows: &str, tall: bool) -> String {
    if tall {
        format!("mat(delim: \"(\", row-gap: #0.9em, {rows})")
    } else {
        format!("mat(delim: \"(\", {rows})")
    }
}

/// `lhs` evaluated at `at`, in typeset math: `\left. lhs \right|_{at}` (LaTeX), a bar as tall
/// as `lhs` with `at` below it (Typst).
pub fn evaluated_at(lhs: &str, at: &str, style: Style) -> String {
    match style {
        Style::Typst => format!("lr(zws {lhs} |)_({at})"),
        _ => format!("\\left. {lhs} \\right|_{{{at}}}"),
    }
}

/// One display-math line for LaTeX output (see [`display`]).
pub fn display_math(s: &str) -> String {
    display(s, Style::Latex)
}

/// The spelling of a broken display in LaTeX or Typst.
struct Notation {
    open: &'static str,
    close: &'static str,
    /// Between two rows.
    row: &'static str,
    /// Before a continued side.
    quad: &'static str,
    statements: [&'static str; 2],
    relations: [&'static str; 2],
    signs: [&'static str; 2],
}

fn notation(style: Style) -> Notation {
    match style {
        Style::Typst => Notation {
            open: "$ ",
            close: " $",
            row: " \\\n",
            quad: "quad ",
            statements: [", quad ", " quad "],
            relations: [" = ", " approx "],
            signs: [" + ", " - "],
        },
        _ => Notation {
            open: "\\begin{align*}\n",
            close: "\n\\end{align*}",
            row: " \\\\\n",
            quad: "\\quad ",
            statements: [", \\quad ", " \\quad "],
            relations: [" = ", " \\approx "],
            signs: [" + ", " - "],
        },
    }
}

/// One display-math line: `\[ … \]` in LaTeX, `$ … $` in Typst; where it is wider than the
/// page ([`super::width::PAGE_EMS`]) it is broken at its top level and aligned (an `align*`
/// in LaTeX): a statement per line (at `\quad`), each statement at its relations (`&= …`,
/// `&\approx …`), a side that is still too wide before its `+` and `-` signs, a long number in
/// pieces, long words in a box.
pub fn display(s: &str, style: Style) -> String {
    use super::width::{math_width, wider_than, PAGE_EMS};
    let width = |t: &str| math_width(t, style);
    if !wider_than(s, style, PAGE_EMS) {
        return match style {
            Style::Typst => format!("$ {s} $"),
            _ => format!("\\[ {s} \\]"),
        };
    }
    let n = notation(style);
    let mut rows: Vec<String> = Vec::new();
    for statement in split_top_level_keep(s, &n.statements, style) {
        let statement = statement.0.trim();
        let words = match style {
            Style::Typst => statement.strip_prefix('"').and_then(|t| t.strip_suffix('"')),
            _ => statement.strip_prefix("\\text{").and_then(|t| t.strip_suffix('}')),
        };
        if let Some(words) = words.filter(|_| wider_than(statement, style, PAGE_EMS)) {
            // Words too long for a line: a paragraph box.
            rows.push(match style {
                Style::Typst => format!("& #box(width: 80%)[{words}]"),
                _ => format!("&\\parbox[t]{{0.8\\linewidth}}{{{words}}}"),
            });
            continue;
        }
        let parts = split_top_level_keep(statement, &n.relations, style);
        // What stands left of the first relation, then pieces: each relation's side (broken
        // where it is too wide), the pieces after the first continuing it.
        let (lhs, sides) = match parts.split_first() {
            Some((first, rest)) if !rest.is_empty() => (first.0.clone(), rest.to_vec()),
            _ => (String::new(), parts),
        };
        let mut row = format!("{lhs} &");
        // Every row's right side starts after the widest left side (here the only one).
        let left = width(&lhs);
        let mut used = left;
        let mut empty = true;
        for (text, rel) in sides {
            let side = format!("{}{text}", rel.trim_start());
            for (k, piece) in break_side_in(&side, PAGE_EMS - used, style).into_iter().enumerate() {
                let w = width(&piece);
                if !empty && used + w > PAGE_EMS {
                    rows.push(std::mem::take(&mut row));
                    row.push('&');
                    used = left;
                    empty = true;
                }
                if !empty {
                    row.push(' ');
                } else if k > 0 {
                    row.push_str(n.quad);
                    used += 1.0;
                }
                row.push_str(&piece);
                used += w;
                empty = false;
            }
        }
        rows.push(row);
    }
    format!("{}{}{}", n.open, rows.join(n.row), n.close)
}

/// `= a + b - c` in LaTeX broken before its top-level `+` and `-` (and a long number in
/// pieces) into lines of at most `room` ems.
pub fn break_side(side: &str, room: f64) -> Vec<String> {
    break_side_in(side, room, Style::Latex)
}

/// [`break_side`] in LaTeX or Typst.
pub fn break_side_in(side: &str, room: f64, style: Style) -> Vec<String> {
    let width = |t: &str| super::width::math_width(t, style);
    let mut pieces: Vec<String> = Vec::new();
    split_pieces(side, room, style, 0, &mut pieces);
    let mut lines: Vec<String> = Vec::new();
    let mut used = 0.0;
    let mut room = room;
    for p in pieces {
        let w = width(&p);
        match lines.last_mut() {
            Some(line) if used + w <= room => {
                line.push(' ');
                line.push_str(&p);
                used += w;
            }
            _ => {
                if lines.len() == 1 {
                    // Lines after the first are indented by a quad.
                    room -= 1.0;
                }
                lines.push(p);
                used = w;
            }
        }
    }
    lines
}

/// The pieces a side may break between: its top-level terms; a term still wider than `room`
/// opened up where it can be — a vector into its entries (between fixed-size parentheses that
/// may stand on different lines), a fraction of a long sum as `1/D` times the sum in such
/// parentheses, a long number into pieces of 40 digits.
fn split_pieces(side: &str, room: f64, style: Style, depth: usize, pieces: &mut Vec<String>) {
    use super::width::wider_than;
    let n = notation(style);
    // A side that is a whole vector (or fraction) too wide: opened up before its terms.
    let whole = [(side.to_string(), "")];
    let terms = if wider_than(side, style, room) && depth <= 3 && open_up(side, style).is_some() {
        whole.to_vec()
    } else {
        split_top_level_keep(side, &n.signs, style)
    };
    for (text, op) in terms {
        let piece = format!("{}{text}", op.trim_start());
        if !wider_than(&piece, style, room) || depth > 3 {
            pieces.push(piece);
            continue;
        }
        if let Some(opened) = open_up(&piece, style) {
            // A vector breaks between its entries first, an entry within itself only if it
            // is too wide alone.
            let (sep, comma): (&[&str], &str) = if style == Style::Typst { (&["\\, "], "\\,") } else { (&[", "], ",") };
            let entries = split_top_level_keep(&opened, sep, style);
            if entries.len() > 1 {
                let last = entries.len() - 1;
                for (k, (entry, _)) in entries.into_iter().enumerate() {
                    let entry = if k < last { format!("{entry}{comma}") } else { entry };
                    split_pieces(&entry, room, style, depth + 1, pieces);
                }
            } else {
                split_pieces(&opened, room, style, depth + 1, pieces);
            }
            continue;
        }
        // A number of many digits: pieces of 40 digits.
        if piece.chars().filter(|c| c.is_ascii_digit()).count() > 40 {
            let (head, digits) = piece.split_at(piece.find(|c: char| c.is_ascii_digit()).unwrap_or(0));
            let cut: Vec<String> =
                digits.as_bytes().chunks(40).map(|c| String::from_utf8_lossy(c).into_owned()).collect();
            pieces.push(format!("{head}{}", cut[0]));
            pieces.extend(cut[1..].iter().cloned());
            continue;
        }
        // The entries of a vector opened up, each with its comma.
        let entries = split_top_level_keep(&piece, if style == Style::Typst { &["\\, "] } else { &[", "] }, style);
        if entries.len() > 1 {
            let last = entries.len() - 1;
            // In Typst the vector's parentheses are escaped: its commas are then those of a
            // call (`display(…)`) unless escaped too.
            let comma = if style == Style::Typst { "\\," } else { "," };
            for (k, (entry, _)) in entries.into_iter().enumerate() {
                pieces.push(if k < last { format!("{entry}{comma}") } else { entry });
            }
            continue;
        }
        pieces.push(piece);
    }
}

/// A term opened up so that its inside can break: `(a, b)` (grown or not) with parentheses of
/// a fixed size, whose entries are then at the top level; `\frac{N}{D}` of a sum N as
/// `\frac{1}{D} \bigl(N\bigr)` (Typst: `frac(1, D) \(N\)`). `None` when it is neither.
fn open_up(piece: &str, style: Style) -> Option<String> {
    // What stands before the term: a relation or a sign.
    let body_at = piece.find(|c: char| !matches!(c, '=' | '+' | '-' | ' ')).unwrap_or(0);
    let (head, body) = piece.split_at(body_at);
    let (head, body) = match body.strip_prefix("\\approx ") {
        Some(rest) => (format!("{head}\\approx "), rest),
        None => (head.to_string(), body),
    };
    let inside = |open: &str, close: &str| -> Option<String> {
        let inner = body.strip_prefix(open)?.strip_suffix(close)?;
        // The parentheses must be one pair around the whole term.
        let paren = open.len() - 1;
        (matching_paren(body, paren) == Some(body.len() - close.len())).then(|| inner.to_string())
    };
    match style {
        Style::Typst => {
            // `lr(zws X |)_(P)`: the bar as it is, and X opened up.
            if let Some(rest) = body.strip_prefix("lr(zws ") {
                let at = rest.rfind(" |)_(")?;
                let (x, point) = (&rest[..at], &rest[at + 3..]);
                let x = match x.strip_prefix('(').and_then(|i| i.strip_suffix(')')) {
                    Some(inner) if matching_paren(x, 0) == Some(x.len() - 1) => {
                        format!("\\({}\\)", typst_commas(inner))
                    }
                    _ => x.to_string(),
                };
                return Some(format!("{head}{x} |{point}"));
            }
            if let Some(inner) = inside("(", ")") {
                return Some(format!("{head}\\({}\\)", typst_commas(&inner)));
            }
            // `frac(partial, partial x) (…)`: what follows an operator, in parentheses.
            if let Some(at) = body.rfind(" (").filter(|_| body.ends_with(')')) {
                if matching_paren(body, at + 1) == Some(body.len() - 1) {
                    let inner = &body[at + 2..body.len() - 1];
                    return Some(format!("{head}{} \\({}\\)", &body[..at], typst_commas(inner)));
                }
            }
            let inner = inside("frac(", ")")?;
            let parts = super::width::split_top_level_in(&inner, &[", "], style);
            let [(num, _), (den, _)] = parts.as_slice() else { return None };
            (split_top_level_keep(num, &[" + ", " - "], style).len() > 1)
                .then(|| format!("{head}frac(1, {den}) \\({num}\\)"))
        }
        _ => {
            // `\\left. X \\right|_{P}`: the bar of a fixed size, and X opened up.
            if let Some(rest) = body.strip_prefix("\\left. ") {
                let at = rest.rfind(" \\right|_{")?;
                return Some(format!("{head}{} \\bigr|{}", &rest[..at], &rest[at + 8..]));
            }
            for (open, close) in [("\\mathopen{}\\left(", "\\right)\\mathclose{}"), ("(", ")")] {
                if let Some(inner) = inside(open, close) {
                    return Some(format!("{head}\\bigl({inner}\\bigr)"));
                }
            }
            // `\frac{\partial}{\partial x}\mathopen{}\left(…\right)\mathclose{}`: the
            // parentheses after an operator, of a fixed size.
            const OPEN: &str = "\\mathopen{}\\left(";
            const CLOSE: &str = "\\right)\\mathclose{}";
            if let (Some(at), Some(inner)) = (body.find(OPEN), body.strip_suffix(CLOSE)) {
                let paren = at + OPEN.len() - 1;
                if matching_paren(body, paren) == Some(body.len() - CLOSE.len() + 6) {
                    return Some(format!("{head}{}\\bigl({}\\bigr)", &body[..at], &inner[at + OPEN.len()..]));
                }
            }
            let (num, rest) = brace_group(body.strip_prefix("\\frac")?)?;
            let (den, rest) = brace_group(rest)?;
            (rest.is_empty() && split_top_level_keep(num, &[" + ", " - "], style).len() > 1)
                .then(|| format!("{head}\\frac{{1}}{{{den}}} \\bigl({num}\\bigr)"))
        }
    }
}

/// The top-level commas of what escaped parentheses hold, escaped too: inside a call such as
/// `display(…)` they would otherwise separate its arguments.
fn typst_commas(inner: &str) -> String {
    let parts = super::width::split_top_level_in(inner, &[", "], Style::Typst);
    parts.iter().map(|(t, _)| *t).collect::<Vec<_>>().join("\\, ")
}

/// Where the parenthesis that opens at byte `open` of `s` closes: plain parentheses matched,
/// escaped ones (`\(`) and LaTeX's `\left(`/`\right)` counted like plain ones, text in `"…"`
/// skipped.
fn matching_paren(s: &str, open: usize) -> Option<usize> {
    let b = s.as_bytes();
    if b.get(open) != Some(&b'(') {
        return None;
    }
    let (mut depth, mut i, mut quoted) = (0usize, open, false);
    while i < b.len() {
        match b[i] {
            b'"' => quoted = !quoted,
            b'\\' if b.get(i + 1).is_some_and(|c| *c == b'(' || *c == b')') => i += 1,
            b'(' if !quoted => depth += 1,
            b')' if !quoted => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// `{a}rest` → (`a`, `rest`), braces matched (escaped ones skipped).
fn brace_group(s: &str) -> Option<(&str, &str)> {
    let b = s.as_bytes();
    if b.first() != Some(&b'{') {
        return None;
    }
    let (mut depth, mut i) = (0usize, 0);
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some((&s[1..i], &s[i + 1..]));
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The parts of `s` between the separators at its top level, each with the separator that
/// came before it (`""` for the first).
fn split_top_level_keep<'s>(s: &'s str, seps: &[&'s str], style: Style) -> Vec<(String, &'s str)> {
    super::width::split_top_level_in(s, seps, style).into_iter().map(|(t, sep)| (t.to_string(), sep)).collect()
}

/// `12` → `₁₂`: a number written in subscript digits (`D₂`, `F₁`).
pub fn subscript(k: usize) -> String {
    k.to_string().chars().map(super::subscript_digit).collect()
}
