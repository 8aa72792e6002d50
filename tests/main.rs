//! Umbrella's integration tests: one binary, one module per concern.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::unnecessary_unwrap)]

mod common;

mod baselines;
mod cli;
mod crisis;
mod diplomacy;
mod domain;
mod hidden;
mod lab;
mod model;
mod negotiation;
mod properties;
mod pty;
mod safety;
mod saves;
mod scenarios;
mod scoring;
mod seminar;
mod serve;
mod tournament;
mod tui;
