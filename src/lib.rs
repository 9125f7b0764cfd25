//! gradcalc: exact symbolic differentiation, as a library with a thin command line.
//!
//! Data flows one way:
//!
//! ```text
//! text ─syntax─▶ expr::Pool ─calculus─▶ derivatives, gradients, … ─eval─▶ values ─print─▶ text
//!                                          └─ the engine's record ─explain─▶ derivations (--steps)
//! ```
//!
//! - [`syntax`]: the grammar and a Pratt parser, text → canonical expressions in a pool.
//! - [`expr`]: the expression core — interned, canonical nodes in one [`expr::Pool`], exact
//!   numbers, the names of variables (Greek letters, their order), f64 values of constants.
//! - [`algebra`]: sparse multivariate polynomials over ℚ — arithmetic, gcd, square-free parts —
//!   and the conversion of pool expressions to and from them.
//! - [`simplify`]: the textbook form of a result (exact constants, one fraction in lowest
//!   terms, identities, common factors taken out), with the stages it went through.
//! - [`calculus`]: every piece of mathematics — the derivative engine (which records the rule
//!   it applies), gradient, Hessian, Jacobian, the second-derivative test, directional
//!   derivatives, the differential, gradient descent, the presentable form of a result.
//! - [`eval`]: exact values at a point (the domain checked at every node), an f64 tape for
//!   many points, and the domain of a result: the input as written and the kinks of what was
//!   differentiated, checked wherever a value at a point is printed.
//! - [`print`](mod@print): expressions and values as text, plain (parses back), LaTeX and JSON.
//! - [`explain`]: derivations — each command's work as a document of lines, from the engine's
//!   own record — and their renderers.
//! - [`error`], [`diagnostic`], [`limits`]: one error type with spans and exit codes, its one
//!   renderer, the resource limits.
//! - [`cli`]: flags → one validated request → a library call → a report. It is the only
//!   module that sees all the others, and none of them imports it.
//!
//! Imports run one way, down these layers (no module imports one above it):
//!
//! ```text
//! cli ▶ explain ▶ calculus, syntax ▶ simplify, eval ▶ algebra, print ▶ expr ▶ limits
//!                                                       (error, diagnostic: beside)
//! ```
//!
//! (syntax evaluates a constant part where it is written, to refuse `0*ln(0)` there;
//! calculus runs gradient descent on eval's tape and compares printed lengths.)
pub mod algebra;
pub mod calculus;
pub mod cli;
pub mod diagnostic;
pub mod error;
pub mod eval;
pub mod explain;
pub mod expr;
pub mod limits;
pub mod plot;
pub mod print;
pub mod simplify;
pub mod syntax;
