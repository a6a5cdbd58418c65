## Conversation: greeting, guide, and what the bot says when it cannot help.

start-greeting = Hello { $name }!
start-greeting-anonymous = Hello!
help =
    I help agencies follow and report on the implementation of Plan { $plan }. You can type:
    • "nhiệm vụ của tôi" (/nhiemvu) — the tasks your agency leads or supports;
    • "nhiệm vụ III.2" — one task in full, with its progress ("3.2", "III-2", "nv 2 mục III" work too);
    • "cập nhật III.2: đã trình UBND tỉnh, đạt 80%" — report progress; type "hoàn tác" to undo a mistake;
    • "việc nào quá hạn" (/quahan), "việc nào sắp đến hạn", "việc nào đang vướng mắc", "tổng hợp" (/tonghop), "ai chưa báo cáo", "ai đã báo cáo" — the overall picture;
    • "tìm nhiệm vụ về hợp tác xã" — find tasks about a topic;
    • "nhiệm vụ của Sở Y tế" — another agency's tasks; "lịch sử III.2" — the reports on a task.
    Vietnamese without diacritics and common abbreviations work too: "nv cua toi", "cn 3.2 xong".
plans-and = { $first } and { $last }
unknown = Sorry, I did not understand. Type /help to see what I can answer.
unbound =
    This chat is not connected to an agency yet, so I cannot answer.
    Ask { $coordinator } for a connection code, then type: /ketnoi <code>
store-unavailable = The system cannot reach its data right now; nothing was recorded. Please try again in a few minutes.
store-refused = Sorry, this message could not be handled, so nothing was recorded. The error has been logged for checking; sending it again will not help — if it is urgent, tell the coordinator.
store-busy = ⏳ The system has lost its database for a moment. Your message is kept and will be handled as soon as it is back — no need to send it again.
small-talk-thanks = Glad to help! Write any time, or type /help for the guide.
small-talk-greeting = Hello! You can ask "nhiệm vụ của tôi" (my tasks), "việc nào quá hạn" (what is overdue), or type /help for the guide.

## Binding a chat to an agency.

bind-how = To connect this chat to your agency, ask { $coordinator } for a connection code, then type: /ketnoi <code>
bind-done = This chat is now connected to { $agency }. Members can ask "nhiệm vụ của tôi" (my tasks) or send reports such as "cập nhật III.2: đạt 50%". Type /help for the guide.
bind-done-coordinator = This chat is now connected to { $agency } as a coordinator chat: it receives the weekly roll-up and can use /moi, /danhsach and /huyketnoi.
bind-wrong = Wrong code. Check the code { $coordinator } gave you (you have { $left } tries left this hour).
bind-expired = This code has expired. Please ask { $coordinator } for a new one.
bind-used = This code has already been used. Each code works once; please ask { $coordinator } for a new one.
bind-locked-you = You entered too many wrong codes. Please try again in { $minutes } minutes; other members of the group can still enter the right code.
bind-locked-busy = Too many wrong codes have been entered lately, so codes from people who entered a wrong one are not checked for now. Please try again in { $minutes } minutes, or ask another member of the group to enter the code.
bind-no-longer-coordinator = This chat is no longer a coordinator chat; the other coordinator chats keep that role.
bind-last-coordinator = This code was not used: this is the only coordinator chat, and using it would leave the province with none. Connect another coordinator chat first (type /moi with the coordinating agency's code and "điều phối" to issue one), then enter this code again — it is still valid.
coordinator-only = This command works only in a coordinator chat.
coordinator-command = This is the coordinating group's command ({ $coordinator }): the spreadsheet holds every agency's notes and the names of who reported, so it goes to the coordinating group only. Your agency sees its own progress with "nhiệm vụ của tôi".
invite-which = A code for which agency? Type /moi and the agency code, for example: /moi syt (add "điều phối" for a coordinator chat). Close codes: { $closest }.
invite-issued =
    Connection code for { $agency }: { $code }
    In that agency's chat, type: /ketnoi { $code }
    The code works once and expires in { $hours } hours.
chats-none = No chat is connected yet.
chats-header = Connected chats ({ $count }):
chats-line = { $number }. { $agency } — { $platform } { $chat } (since { $since })
chats-line-coordinator = { $number }. { $agency } (coordinator) — { $platform } { $chat } (since { $since })
chats-footer = To disconnect a chat, type /huyketnoi and its number, for example: /huyketnoi 2 (the bot asks you to confirm).
unbind-which = Disconnect which chat? Type /danhsach to see the numbers, then /huyketnoi and the number.
unbind-self = The coordinator chat in use cannot disconnect itself.
unbind-done = Disconnected the { $platform } chat { $chat } of { $agency }.
unbind-confirm =
    Disconnect the { $platform } chat { $chat } of { $agency }? Once disconnected it can no longer ask or report until it gets a new code; the reports it sent are kept.
    To confirm, press the button below or type: { $command }
unbind-confirm-coordinator =
    Disconnect the coordinator chat { $platform } { $chat } of { $agency }? It will no longer receive the roll-up or manage connections.
    To confirm, press the button below or type: { $command }
unbind-last-coordinator = The { $platform } chat { $chat } of { $agency } was not disconnected: it is the last coordinator chat left.
action-unbind = Confirm disconnecting

plan-title = Plan { $code } — { $title }
plan-heading = 📋 { $plan }
plan-which = Task { $refs } is in { $count } plans. Which plan do you mean? (Next time you can put the plan first, for example "KH 16: …".)
## The slash commands, as menus and the guide list them.

help-commands = Commands:

cmd-nhiemvu = My agency's tasks, or /nhiemvu III.2 for one task
cmd-capnhat = Report progress, for example: /capnhat III.2 đạt 80%, đã trình UBND tỉnh
cmd-quahan = Overdue tasks
cmd-tonghop = Progress roll-up of the plan
cmd-chuabaocao = Agencies that have not reported
cmd-tim = Find tasks about a topic, for example: /tim hợp tác xã
cmd-lichsu = The reports on a task, for example: /lichsu III.2
cmd-hoantac = Undo the report just sent
cmd-ketnoi = Connect this chat to an agency: /ketnoi <code>
cmd-help = How to use the bot, and the list of commands
cmd-xuat = Export the progress table as an Excel file
cmd-moi = Issue a connection code for an agency, for example: /moi syt
cmd-danhsach = The connected chats
cmd-huyketnoi = Disconnect a chat, for example: /huyketnoi 2
cmd-caidat = The reminder and weekly report settings
cmd-tralai = Return a result that falls short, for example: /tralai 12 the acceptance record is missing
cmd-xacnhan = Record the report waiting for confirmation
cmd-huy = Drop the report waiting for confirmation
button-expired = This button no longer works. Please type your request again.
zalo-no-file = (Zalo does not take files from bots: { $name } is in the agency's Telegram chat; on the server, the administrator gets the Excel file with "phoihop export" and the Word report with "phoihop report".)
zalo-no-picture = (The progress chart { $name } goes to the coordinating agency's Telegram chat; on the server, the administrator saves it with "phoihop digest --chart { $name }".)
cmd-baocao = Draft periodic report (a Word file), e.g. /baocao 2026 or /baocao 2026-H2
cmd-web = The progress web page (sends a sign-in link; /web tat signs out)
web-link = Sign-in link to the progress web page for { $agency } (works once, within { $minutes } minutes; the session lasts { $days } days, type /web tat to end every session opened from this chat):
    { $link }
web-off = The web page is not served on this server (the administrator runs phoihop serve --web-listen).
web-signed-out = { $count ->
    [0] No web session opened from this chat is open.
   *[other] Signed out { $count } web sessions opened from this chat.
}
