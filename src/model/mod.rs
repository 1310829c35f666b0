//! The data model: charters written by teams and the policy files shipped in `policies/`.

pub mod charter;
pub mod config;
pub mod date;
pub mod document;
pub mod lang;
pub mod policy;
pub mod uses;
