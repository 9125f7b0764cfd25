//! Derivatives and what is built from them: partials of any order, gradients.
//! Everything works on ids of one [`crate::expr::Pool`] and returns ids in it.

pub mod derive;

pub use derive::Deriver;
