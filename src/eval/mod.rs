//! Values of expressions at points: exact (substitute and canonicalize, with the domain
//! checked at every step), floating-point (`approx`), and compiled for many points (`tape`).

pub mod approx;
pub mod exact;
pub mod tape;
