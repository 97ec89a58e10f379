//! foro: a static-site generator for forum publications.
//!
//! One pipeline, read from left to right:
//! `content` (files → [`model`]) → `render` (Markdown, templates) → `output`
//! (staging folder, atomic swap). [`build::build`] runs it all.

pub mod build;
pub mod check;
pub mod cli;
pub mod content;
pub mod copy;
pub mod diagnostics;
pub mod fat;
#[doc(hidden)]
pub mod fuzz;
pub mod highlight;
pub mod html;
pub mod i18n;
pub mod links;
pub mod manifest;
pub mod markdown;
pub mod model;
pub mod output;
pub mod publish;
pub mod render;
pub mod safe_path;
pub mod serve;
pub mod slug;
pub mod starter;
pub mod steps;
pub mod templates;
pub mod theme;
pub mod urls;
pub mod watch;
pub mod yaml;
