//! phoihop: a chat bot that lets the agencies of a Vietnamese province carry out an inter-agency plan
//! together. See `README.md` for running it and `../shared/DESIGN.md` for the shape of the code.

pub mod bot;
pub mod chart;
pub mod chat;
pub mod clock;
pub mod delivery;
pub mod health;
pub mod holidays;
pub mod i18n;
pub mod invite;
pub mod jobs;
pub mod nlu;
pub mod plan;
pub mod progress;
pub mod settings;
pub mod setup;
pub mod signin;
pub mod store;
pub mod synthetic;
pub mod telegram;
pub mod text;
pub mod web;
pub mod webhook;
pub mod zalo;
