//! The slash commands: one table that the parser, the binding code, the help text and each platform's
//! command menu all read, so that a command added here is understood, listed and described everywhere.

/// What a slash command asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Start,
    Help,
    Tasks,
    Report,
    Overdue,
    Summary,
    NotReported,
    Search,
    History,
    Undo,
    Confirm,
    Cancel,
    /// `/tralai N lý do`: return a result to the agency that reported it (coordinator chats).
    Return,
    Export,
    /// `/baocao 2026`: the periodic report of a term as a Word draft.
    PeriodicReport,
    /// `/ketnoi CODE`: bind this chat to an agency.
    Bind,
    /// `/moi AGENCY`: issue a one-time code (coordinator chats).
    Invite,
    /// `/danhsach`: the bound chats (coordinator chats).
    Chats,
    /// `/huyketnoi N`: unbind a chat (coordinator chats).
    Unbind,
    /// `/caidat`: the settings (coordinator chats).
    Settings,
    /// `/web`: a sign-in link to the web page; `/web tat` ends its sessions.
    Web,
}

/// Who may see a command in a menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Listed for everyone.
    Everyone,
    /// Listed in coordinator chats only (others are told it is theirs).
    Coordinator,
    /// Understood, never listed: the answers to the bot's own buttons, `/start`.
    Hidden,
}

/// One command: its canonical name first, then the other names it answers to (folded: no diacritics,
/// lower case), and the message key of its one-line description.
#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    pub command: Command,
    pub names: &'static [&'static str],
    pub about: &'static str,
    pub audience: Audience,
}

impl CommandSpec {
    /// The name users are shown: `/nhiemvu`.
    pub fn name(&self) -> &'static str {
        self.names[0]
    }

    /// Whether the binding code, not the plan's questions, handles it.
    pub fn binds(&self) -> bool {
        matches!(
            self.command,
            Command::Bind | Command::Invite | Command::Chats | Command::Unbind | Command::Settings | Command::Web
        )
    }
}

const fn spec(
    command: Command,
    names: &'static [&'static str],
    about: &'static str,
    audience: Audience,
) -> CommandSpec {
    CommandSpec { command, names, about, audience }
}

/// Every command, in the order menus list them.
pub const COMMANDS: &[CommandSpec] = &[
    spec(Command::Tasks, &["nhiemvu", "nv", "tasks", "task", "mytasks"], "cmd-nhiemvu", Audience::Everyone),
    spec(Command::Report, &["capnhat", "cn", "update", "report", "bc"], "cmd-capnhat", Audience::Everyone),
    spec(Command::Overdue, &["quahan", "overdue", "trehan", "late"], "cmd-quahan", Audience::Everyone),
    spec(Command::Summary, &["tonghop", "summary", "tinhhinh", "thongke"], "cmd-tonghop", Audience::Everyone),
    spec(
        Command::NotReported,
        &["chuabaocao", "notreported", "chuacapnhat", "missing"],
        "cmd-chuabaocao",
        Audience::Everyone,
    ),
    spec(Command::Search, &["tim", "timkiem", "search", "find"], "cmd-tim", Audience::Everyone),
    spec(Command::History, &["lichsu", "history"], "cmd-lichsu", Audience::Everyone),
    spec(Command::Undo, &["hoantac", "undo"], "cmd-hoantac", Audience::Everyone),
    spec(Command::Bind, &["ketnoi", "bind", "connect"], "cmd-ketnoi", Audience::Everyone),
    spec(Command::Help, &["help", "huongdan", "trogiup", "hd", "menu", "lenh"], "cmd-help", Audience::Everyone),
    spec(Command::Export, &["xuat", "export", "excel"], "cmd-xuat", Audience::Coordinator),
    spec(Command::Web, &["web", "trangweb"], "cmd-web", Audience::Everyone),
    spec(Command::PeriodicReport, &["baocao", "baocaodinhky", "soket", "tongket"], "cmd-baocao", Audience::Everyone),
    spec(Command::Invite, &["moi", "invite"], "cmd-moi", Audience::Coordinator),
    spec(Command::Chats, &["danhsach", "chats"], "cmd-danhsach", Audience::Coordinator),
    spec(Command::Unbind, &["huyketnoi", "unbind"], "cmd-huyketnoi", Audience::Coordinator),
    spec(Command::Settings, &["caidat", "settings"], "cmd-caidat", Audience::Coordinator),
    spec(Command::Start, &["start", "batdau"], "cmd-help", Audience::Hidden),
    spec(Command::Confirm, &["xacnhan", "confirm", "yes"], "cmd-xacnhan", Audience::Hidden),
    spec(Command::Cancel, &["huy", "cancel", "no"], "cmd-huy", Audience::Hidden),
    spec(Command::Return, &["tralai", "return"], "cmd-tralai", Audience::Coordinator),
];

/// A slash command and what follows it: "/nhiemvu@phoihop_bot III.2" → (`/nhiemvu`, "III.2"). The name
/// may be typed with diacritics or in capitals ("/Nhiệmvụ"). `None` for text that is not a slash command
/// or names none.
pub fn parse(text: &str) -> Option<(&'static CommandSpec, &str)> {
    let rest = text.trim().strip_prefix('/')?;
    let (head, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let name = crate::text::fold(head.split('@').next().unwrap_or_default());
    let spec = COMMANDS.iter().find(|c| c.names.contains(&name.as_str()))?;
    Some((spec, args.trim()))
}

/// The commands a menu lists for a chat: everyone's, and a coordinator chat's own.
pub fn menu(coordinator: bool) -> impl Iterator<Item = &'static CommandSpec> {
    COMMANDS.iter().filter(move |c| match c.audience {
        Audience::Everyone => true,
        Audience::Coordinator => coordinator,
        Audience::Hidden => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_folded() {
        let mut seen = std::collections::HashSet::new();
        for c in COMMANDS {
            for name in c.names {
                assert!(seen.insert(*name), "/{name} names two commands");
                assert_eq!(crate::text::fold(name), *name, "/{name} is not folded");
                // Telegram's menu takes 1–32 lower-case letters, digits and underscores.
                assert!(name.len() <= 32 && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
            }
        }
        let kinds: std::collections::HashSet<_> = COMMANDS.iter().map(|c| c.command).collect();
        assert_eq!(kinds.len(), COMMANDS.len(), "a command listed twice");
    }

    #[test]
    fn parses_names_with_diacritics_a_bot_mention_and_arguments() {
        for (text, command, args) in [
            ("/nhiemvu III.2", Command::Tasks, "III.2"),
            ("/Nhiệmvụ@phoihop_bot  III.2 ", Command::Tasks, "III.2"),
            ("  /KETNOI abc-123", Command::Bind, "abc-123"),
            ("/huy", Command::Cancel, ""),
            ("/kếtnối", Command::Bind, ""),
        ] {
            let (spec, rest) = parse(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!((spec.command, rest), (command, args), "{text}");
        }
        assert!(parse("/khongcolenhnay").is_none());
        assert!(parse("nhiemvu").is_none());
    }

    #[test]
    fn coordinators_see_their_commands_and_nobody_sees_hidden_ones() {
        let everyone: Vec<_> = menu(false).map(|c| c.name()).collect();
        let coordinator: Vec<_> = menu(true).map(|c| c.name()).collect();
        assert!(everyone.contains(&"nhiemvu") && !everyone.contains(&"moi") && !everyone.contains(&"huy"));
        assert!(coordinator.contains(&"moi") && coordinator.contains(&"caidat") && !coordinator.contains(&"start"));
    }
}
