//! Umbrella: a terminal wargame about a security guarantee for Ukraine
//! modelled on NATO's Article 5, without membership.

#![forbid(unsafe_code)]

pub mod ai;
pub use umbrella_core as core;
pub mod figures;
pub mod lab;
pub mod out;
pub mod report;
pub mod save;
pub mod scenario;
pub mod serve;
pub mod table;
pub mod tui;
pub mod visible;
