//! Whole documents around gradcalc's output (`--standalone`): a LaTeX `article` with amsmath,
//! or a Typst page, that compile as they are. The output of every input goes between
//! [`start`] and [`end`].

use super::Style;

/// What comes before the output in a whole document.
pub fn start(style: Style) -> &'static str {
    match style {
        Style::Latex => "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n",
        Style::Typst => "#set page(paper: \"a4\")\n#set text(size: 11pt)\n\n",
        Style::Text | Style::Plain => "",
    }
}

/// What comes after the output in a whole document.
pub fn end(style: Style) -> &'static str {
    match style {
        Style::Latex => "\\end{document}\n",
        Style::Text | Style::Plain | Style::Typst => "",
    }
}

/// The output of one input as a whole document.
pub fn whole(style: Style, body: &str) -> String {
    if !style.is_typeset() {
        return body.to_string();
    }
    format!("{}{}\n{}", start(style), body.trim_end(), end(style))
}
