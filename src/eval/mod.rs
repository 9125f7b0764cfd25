//! Values of expressions at points: exact (substitute and canonicalize, with the domain
//! checked at every step, `exact`), compiled for many points in floating point (`tape`), and
//! the conditions under which a result has a value at all — the domain of the input as
//! written and the kinks of what was differentiated (`domain`), checked wherever a value at a
//! point is printed. The floating-point value of one expression is [`crate::expr::approx`]:
//! the pool itself needs it to decide signs.

pub mod domain;
pub mod exact;
pub mod interval;
pub mod tape;
