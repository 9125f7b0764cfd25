//! Text → expression: the grammar in `grammar/gradcalc.pest`, a Pratt parser over its
//! tokens (`parser`), and the table of known names and how letter runs split (`names`).

pub mod names;
mod parser;

pub use parser::{parse, parse_list, parse_number, parse_written, quote, ParseOptions, Parsed};
