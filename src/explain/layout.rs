//! A derivation laid out for a page (LaTeX and Typst): the lines between two headings form a
//! block whose `=` signs are aligned, each rule named beside its line or, where it does not fit,
//! on a line of its own (LaTeX's `\tag*` decides that itself); a right side too wide for the
//! page is broken before an `=` or before a `+`/`-` of a sum and continued on the next line,
//! indented; a block whose left sides are too wide to leave room for the right sides sets each
//! left side on a line of its own with the right sides indented under it, as a textbook sets a
//! long derivation.
//!
//! Widths are estimated from the LaTeX form ([`crate::print::width`]); the decisions are made
//! once and both renderers follow them.

use super::document::Line;
use super::math::{Math, Prose};
use crate::print::values::Printers;
use crate::print::{width, Style};

pub use crate::print::width::PAGE_EMS;

/// Where a left side wider than this share of the page makes its block stacked.
const WIDE_LEFT: f64 = 0.42;

/// A piece right of the alignment point.
#[derive(Clone, Debug)]
pub enum Token {
    /// A right side, written after `=`; `first_term`: the first term of a broken sum.
    Side(Math, bool),
    /// A further term of a broken sum, written with its sign.
    Term(Math),
}

impl Token {
    /// The token as written after what is before it on its line (`at_start`: it begins a
    /// line right of the alignment point).
    pub fn render(&self, printers: &Printers, style: Style, at_start: bool) -> String {
        match self {
            Token::Side(m, first_term) => {
                let body = if *first_term { m.render_term_first(printers, style) } else { m.render(printers, style) };
                if at_start {
                    format!("= {body}")
                } else {
                    format!(" = {body}")
                }
            }
            Token::Term(m) => {
                let t = m.render_term_after(printers, style);
                if at_start {
                    t
                } else {
                    format!(" {t}")
                }
            }
        }
    }

    fn width(&self, printers: &Printers) -> f64 {
        width::latex_math(&self.render(printers, Style::Latex, false))
    }
}

/// One step laid out: its left side, its right side in lines, its rule.
#[derive(Clone, Debug)]
pub struct Row<'a> {
    pub lhs: Option<&'a Math>,
    /// Each line's tokens; a line after the first continues the step.
    pub lines: Vec<Vec<Token>>,
    pub note: &'a Prose,
}

/// Consecutive steps laid out together.
#[derive(Clone, Debug)]
pub struct Block<'a> {
    /// Each left side on a line of its own, the right sides indented under it.
    pub stacked: bool,
    pub rows: Vec<Row<'a>>,
}

/// Lays out consecutive lines of a derivation to fit [`PAGE_EMS`].
pub fn block<'a>(lines: &[&'a Line], printers: &Printers) -> Block<'a> {
    let lhs_w = |l: &Line| l.lhs.as_ref().map_or(0.0, |m| width::latex_math(&m.render(printers, Style::Latex)));
    let widest_left = lines.iter().map(|l| lhs_w(l)).fold(0.0, f64::max);
    let standard_room = PAGE_EMS - widest_left - 0.5;
    let stacked_room = PAGE_EMS - 3.0;
    if widest_left <= WIDE_LEFT * PAGE_EMS {
        if let Some(rows) = rows(lines, printers, standard_room) {
            return Block { stacked: false, rows };
        }
    }
    let rows = rows(lines, printers, stacked_room).unwrap_or_else(|| {
        // Some piece is wider than the page by itself: it runs over, the rest still breaks.
        lines
            .iter()
            .map(|l| Row {
                lhs: l.lhs.as_ref(),
                lines: fill(tokens(l, printers, stacked_room), printers, stacked_room),
                note: &l.note,
            })
            .collect()
    });
    Block { stacked: true, rows }
}

/// The rows, each right side broken to fit `room` ems; `None` when a piece does not fit alone.
fn rows<'a>(lines: &[&'a Line], printers: &Printers, room: f64) -> Option<Vec<Row<'a>>> {
    lines
        .iter()
        .map(|l| {
            let tokens = tokens(l, printers, room);
            if tokens.iter().any(|t| t.width(printers) + 1.34 > room) {
                return None;
            }
            Some(Row { lhs: l.lhs.as_ref(), lines: fill(tokens, printers, room), note: &l.note })
        })
        .collect()
}

/// The right sides of a line as tokens: a side too wide for `room` that is a sum becomes its
/// terms.
fn tokens(l: &Line, printers: &Printers, room: f64) -> Vec<Token> {
    let mut out = Vec::new();
    for side in &l.rhs {
        let whole = Token::Side(side.clone(), false);
        match side.terms(printers) {
            Some(terms) if whole.width(printers) > room => {
                let mut terms = terms.into_iter();
                if let Some(first) = terms.next() {
                    out.push(Token::Side(first, true));
                }
                out.extend(terms.map(Token::Term));
            }
            _ => out.push(whole),
        }
    }
    out
}

/// Tokens packed into lines of at most `room` ems (a line holds at least one token).
fn fill(tokens: Vec<Token>, printers: &Printers, room: f64) -> Vec<Vec<Token>> {
    let mut lines: Vec<Vec<Token>> = Vec::new();
    let mut used = 0.0;
    for t in tokens {
        let w = t.width(printers);
        // A continued sum is indented by a quad.
        let indent = if matches!(t, Token::Term(_)) { 1.0 } else { 0.0 };
        match lines.last_mut() {
            Some(line) if used + w <= room => {
                line.push(t);
                used += w;
            }
            _ => {
                lines.push(vec![t]);
                used = w + indent;
            }
        }
    }
    lines
}

/// A note too wide to stand beside a short line: LaTeX sets it in a box of this share of the
/// line width, flush right, and Typst lets it wrap.
pub fn note_is_long(note_latex_text: &str) -> bool {
    width::latex_text(note_latex_text) > 0.72 * PAGE_EMS
}
