//! Tables of numbers: a descent's rows (gradient descent, momentum, Newton's method), with the header and every cell written ahead
//! of time in each style. `descend` prints the table itself, and its derivation shows the same
//! table; both lay it out with [`Cells::aligned`] or [`Cells::tabular`].

use crate::calculus::descent::{Method, Row};
use crate::expr::SymId;
use crate::print::values::Printers;
use crate::print::{decimal, Style};

/// A header and rows of cells in one style (LaTeX cells are math, written without `$`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cells {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// One table in each style.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub text: Cells,
    pub plain: Cells,
    pub latex: Cells,
}

impl Table {
    pub fn cells(&self, style: Style) -> &Cells {
        match style {
            Style::Text => &self.text,
            Style::Plain => &self.plain,
            Style::Latex => &self.latex,
        }
    }
}

impl Cells {
    /// The header and the rows as lines, each cell right-aligned in its column, the columns two
    /// spaces apart.
    pub fn aligned(&self) -> Vec<String> {
        let all: Vec<&Vec<String>> = std::iter::once(&self.header).chain(&self.rows).collect();
        let widths: Vec<usize> = (0..self.header.len())
            .map(|j| all.iter().map(|r| r.get(j).map_or(0, |c| c.chars().count())).max().unwrap_or(0))
            .collect();
        all.iter()
            .map(|r| {
                r.iter()
                    .enumerate()
                    .map(|(j, c)| format!("{}{c}", " ".repeat(widths[j] - c.chars().count())))
                    .collect::<Vec<_>>()
                    .join("  ")
            })
            .collect()
    }

    /// A LaTeX `tabular`, the cells of the rows in math mode; on lines of their own, or in one
    /// line (for `\intertext`).
    pub fn tabular(&self, on_lines: bool) -> String {
        let (nl, open) = if on_lines { ("\n", "\n") } else { (" ", "") };
        let cols = "r".repeat(self.header.len());
        let mut t =
            format!("\\begin{{tabular}}{{{cols}}}{open}\\hline{nl}{} \\\\{nl}\\hline{nl}", self.header.join(" & "));
        for r in &self.rows {
            let cells: Vec<String> = r.iter().map(|c| format!("${c}$")).collect();
            t.push_str(&format!("{} \\\\{nl}", cells.join(" & ")));
        }
        t.push_str(&format!("\\hline{open}\\end{{tabular}}"));
        t
    }
}

/// The rows of a descent: i, the point, ∂f/∂xᵢ, the velocity vᵢ (momentum), the step Δxᵢ and f,
/// each number with `digits` significant digits. A step that is undefined (Newton's method at
/// a singular Hessian) is `—` in text, `nan` in plain and CSV.
pub fn descent_table(printers: &Printers, vars: &[SymId], rows: &[Row], method: Method, digits: usize) -> Table {
    let momentum = matches!(method, Method::Momentum { .. });
    let n = vars.len();
    // Every number is formatted once; `None` is a step that is undefined.
    let numbers: Vec<Vec<Option<String>>> = rows
        .iter()
        .map(|r| {
            let mut cells = vec![Some(r.i.to_string())];
            let numbers = |v: &[f64]| v.iter().map(|&x| Some(decimal(x, digits))).collect::<Vec<_>>();
            cells.extend(numbers(&r.point));
            cells.extend(numbers(&r.gradient));
            if momentum {
                cells.extend(numbers(r.velocity.as_deref().unwrap_or(&[])));
            }
            match &r.step {
                Some(s) => cells.extend(numbers(s)),
                None => cells.extend(std::iter::repeat_n(None, n)),
            }
            cells.push(Some(decimal(r.value, digits)));
            cells
        })
        .collect();
    let body = |style: Style| -> Vec<Vec<String>> {
        let missing = match style {
            Style::Text => "—",
            Style::Plain => "nan",
            Style::Latex => "\\mbox{---}",
        };
        numbers.iter().map(|r| r.iter().map(|c| c.clone().unwrap_or_else(|| missing.to_string())).collect()).collect()
    };
    let header = |style: Style| {
        let names = printers.var_names(vars, style);
        let mut header = vec!["i".to_string()];
        // How each column names a variable v: the point, ∂f/∂v, the velocity, the step.
        type Namer = fn(&str) -> String;
        let (point, partial, velocity, step): (Namer, Namer, Namer, Namer) = match style {
            Style::Latex => (
                |v| format!("${v}$"),
                |v| format!("$\\partial f/\\partial {v}$"),
                |v| format!("$v_{{{v}}}$"),
                |v| format!("$\\Delta {v}$"),
            ),
            Style::Text => (|v| v.to_string(), |v| format!("∂f/∂{v}"), |v| format!("v_{v}"), |v| format!("Δ{v}")),
            Style::Plain => (|v| v.to_string(), |v| format!("df/d{v}"), |v| format!("v_{v}"), |v| format!("step_{v}")),
        };
        header.extend(names.iter().map(|v| point(v)));
        header.extend(names.iter().map(|v| partial(v)));
        if momentum {
            header.extend(names.iter().map(|v| velocity(v)));
        }
        header.extend(names.iter().map(|v| step(v)));
        header.push(if style == Style::Latex { "$f$".into() } else { "f".into() });
        header
    };
    let cells = |style| Cells { header: header(style), rows: body(style) };
    Table { text: cells(Style::Text), plain: cells(Style::Plain), latex: cells(Style::Latex) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells() -> Cells {
        Cells {
            header: vec!["i".into(), "x".into()],
            rows: vec![vec!["0".into(), "3".into()], vec!["1".into(), "2.4".into()]],
        }
    }

    #[test]
    fn columns_are_right_aligned() {
        assert_eq!(cells().aligned(), ["i    x", "0    3", "1  2.4"]);
    }

    #[test]
    fn tabular_on_lines_and_in_one_line() {
        assert_eq!(
            cells().tabular(true),
            "\\begin{tabular}{rr}\n\\hline\ni & x \\\\\n\\hline\n$0$ & $3$ \\\\\n$1$ & $2.4$ \\\\\n\\hline\n\\end{tabular}"
        );
        assert_eq!(
            cells().tabular(false),
            "\\begin{tabular}{rr}\\hline i & x \\\\ \\hline $0$ & $3$ \\\\ $1$ & $2.4$ \\\\ \\hline\\end{tabular}"
        );
    }
}
