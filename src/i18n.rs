//! Every sentence a person reads, looked up in Fluent files (`locales/<lang>/*.ftl`).
//!
//! The files are compiled into the binary so that `phoihop` runs from any directory.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vi" | "vi-vn" => Some(Lang::Vi),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }
}

/// The Fluent files of each locale: (file name, text).
pub const VI_FILES: &[(&str, &str)] = &[
    ("bot.ftl", include_str!("../locales/vi/bot.ftl")),
    ("cli.ftl", include_str!("../locales/vi/cli.ftl")),
    ("plan.ftl", include_str!("../locales/vi/plan.ftl")),
    ("progress.ftl", include_str!("../locales/vi/progress.ftl")),
    ("periodic.ftl", include_str!("../locales/vi/periodic.ftl")),
    ("web.ftl", include_str!("../locales/vi/web.ftl")),
];
pub const EN_FILES: &[(&str, &str)] = &[
    ("bot.ftl", include_str!("../locales/en/bot.ftl")),
    ("cli.ftl", include_str!("../locales/en/cli.ftl")),
    ("plan.ftl", include_str!("../locales/en/plan.ftl")),
    ("progress.ftl", include_str!("../locales/en/progress.ftl")),
    ("periodic.ftl", include_str!("../locales/en/periodic.ftl")),
    ("web.ftl", include_str!("../locales/en/web.ftl")),
];

pub type Arg<'a> = (&'a str, FluentValue<'a>);

/// A message's argument: `arg("count", 3)`.
pub fn arg<'a>(name: &'a str, value: impl Into<FluentValue<'a>>) -> Arg<'a> {
    (name, value.into())
}

/// A day as messages write it: 15/10/2026.
pub fn date(day: chrono::NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

pub struct Messages {
    vi: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Messages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Messages")
    }
}

#[derive(Debug, thiserror::Error)]
#[error("locale {lang}, {file}: {message}")]
pub struct LocaleError {
    lang: &'static str,
    file: &'static str,
    message: String,
}

impl Messages {
    pub fn load() -> Result<Self, LocaleError> {
        Ok(Self { vi: bundle(Lang::Vi, VI_FILES)?, en: bundle(Lang::En, EN_FILES)? })
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }

    pub fn has(&self, lang: Lang, key: &str) -> bool {
        self.bundle(lang).has_message(key)
    }

    /// The message `key` in `lang`. A missing key (which the locale tests rule out) shows the key itself
    /// rather than failing a reply.
    pub fn tr(&self, lang: Lang, key: &str, args: &[Arg]) -> String {
        let bundle = self.bundle(lang);
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::error!(lang = lang.code(), key, "missing message");
            return key.to_string();
        };
        let fluent_args = (!args.is_empty()).then(|| {
            let mut a = FluentArgs::with_capacity(args.len());
            for (name, value) in args {
                a.set(*name, value.clone());
            }
            a
        });
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, fluent_args.as_ref(), &mut errors);
        if !errors.is_empty() {
            tracing::error!(lang = lang.code(), key, ?errors, "message formatting failed");
        }
        text.into_owned()
    }
}

fn bundle(
    lang: Lang,
    files: &'static [(&'static str, &'static str)],
) -> Result<FluentBundle<FluentResource>, LocaleError> {
    let id: LanguageIdentifier = lang.code().parse().expect("static language tags are valid");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Chat clients show Unicode isolation marks as stray characters.
    bundle.set_use_isolating(false);
    for (file, text) in files {
        let error = |message: String| LocaleError { lang: lang.code(), file, message };
        let resource = FluentResource::try_new(text.to_string()).map_err(|(_, e)| error(format!("{e:?}")))?;
        bundle.add_resource(resource).map_err(|e| error(format!("{e:?}")))?;
    }
    Ok(bundle)
}

/// Every message id defined in a set of Fluent files.
pub fn message_ids(files: &[(&str, &str)]) -> Vec<String> {
    let mut ids = Vec::new();
    for (_, text) in files {
        if let Ok(resource) = FluentResource::try_new(text.to_string()) {
            for entry in resource.entries() {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    ids.push(m.id.name.to_string());
                }
            }
        }
    }
    ids.sort();
    ids
}
