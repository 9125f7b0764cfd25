//! Values of expressions at points: exact (substitute and canonicalize, with the domain
//! checked at every step) and floating-point.

pub mod approx;
pub mod exact;
