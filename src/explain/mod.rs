//! Explanations (`--steps`): each command's work as a derivation a student would write, and
//! its renderers — text, plain, LaTeX (`align*`) and JSON — independent of the command line
//! (only the emphasis of headings on a terminal is left to it).
//!
//! A derivation is built from what the command computed and from the derivative engine's own
//! record of the rules it applied ([`crate::calculus::Trace`]), so the steps cannot tell a
//! different story from the answer: [`partials`] lays that record out as lines,
//! [`derivations`] writes each command's derivation (the second-derivative test's verdict in
//! words is [`verdict`], shared with `hessian --at`), ending with its answer exactly as
//! `--format plain` prints it. The document model is in [`document`] (lines, headings, notes,
//! tables) and [`math`] (display math composed *without* canonicalising, so `y · 2x` can be
//! shown before it becomes `2xy`); [`table`] holds tables of numbers, and [`descent`] the words
//! that describe a descent run (its method, where and why it stopped) for `descend` and `plot`.

pub mod critical;
pub mod derivations;
pub mod descent;
pub mod document;
pub mod layout;
pub mod math;
pub mod partials;
pub mod table;
pub mod verdict;

pub use document::{no_emphasis, Derivation, Emphasis, Item, Line, StepRule};
pub use math::{Math, Prose, ProsePart, Styled};
pub use partials::PartialSteps;
pub use table::{Cells, Table};
