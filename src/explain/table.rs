//! Tables of numbers: gradient descent's rows, with the header and every cell written ahead
//! of time in each style. `descend` prints the table itself, and its derivation shows the same
//! table; both lay it out with [`Cells::aligned`] or [`Cells::tabular`].

use crate::calculus::descent::Row;
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

/// The rows of a gradient descent: i, the point, ∂f/∂xᵢ, the step Δxᵢ and f, each number with
/// `digits` significant digits.
pub fn descent_table(printers: &Printers, vars: &[SymId], rows: &[Row], digits: usize) -> Table {
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut cells = vec![r.i.to_string()];
            cells.extend(
                r.point
                    .iter()
                    .chain(&r.gradient)
                    .chain(&r.step)
                    .chain(std::iter::once(&r.value))
                    .map(|&v| decimal(v, digits)),
            );
            cells
        })
        .collect();
    let header = |style: Style| {
        let names = printers.var_names(vars, style);
        let mut header = vec!["i".to_string()];
        match style {
            Style::Latex => {
                header.extend(names.iter().map(|v| format!("${v}$")));
                header.extend(names.iter().map(|v| format!("$\\partial f/\\partial {v}$")));
                header.extend(names.iter().map(|v| format!("$\\Delta {v}$")));
                header.push("$f$".into());
            }
            Style::Text => {
                header.extend(names.iter().cloned());
                header.extend(names.iter().map(|v| format!("∂f/∂{v}")));
                header.extend(names.iter().map(|v| format!("Δ{v}")));
                header.push("f".into());
            }
            Style::Plain => {
                header.extend(names.iter().cloned());
                header.extend(names.iter().map(|v| format!("df/d{v}")));
                header.extend(names.iter().map(|v| format!("step_{v}")));
                header.push("f".into());
            }
        }
        header
    };
    let cells = |style| Cells { header: header(style), rows: body.clone() };
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
