//! Values of expressions at points: exact (substitute and canonicalize, with the domain
//! checked at every step, `exact`) and compiled for many points in floating point (`tape`).
//! The floating-point value of one expression is [`crate::expr::approx`]: the pool itself
//! needs it to decide signs.

pub mod exact;
pub mod tape;
