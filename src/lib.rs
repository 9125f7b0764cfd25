//! gradcalc: exact symbolic differentiation.
//!
//! Data flows one way: text → [`syntax`] → [`expr::Pool`] (interned, canonical) →
//! [`calculus`] (derivatives) → [`eval`] (values at points) → [`print`] (text, plain,
//! LaTeX, JSON). [`cli`] is the only module that sees all of them.

pub mod algebra;
pub mod calculus;
pub mod cli;
pub mod diagnostic;
pub mod error;
pub mod eval;
pub mod expr;
pub mod limits;
pub mod print;
pub mod simplify;
pub mod syntax;
