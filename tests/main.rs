//! foro's integration tests: one test binary, one module per feature.
//! How they are organised and how to add a fixture: tests/README.md.

mod support;

mod after;
mod architecture;
mod build_site;
mod check;
mod cli;
mod copy;
mod example;
mod hostile;
mod i18n;
mod languages;
mod lifecycle;
mod pages;
mod pdf;
mod props;
mod publish;
mod schedule;
mod theme;
mod usb;
mod validation;
mod watch;
