## Conversation: greeting, guide, and what the bot says when it cannot help.

start-greeting = Hello { $name }!
start-greeting-anonymous = Hello!
help =
    I help agencies follow and report on the implementation of Plan { $plan }. You can type:
    • "nhiệm vụ của tôi" (/nhiemvu) — the tasks your agency leads or supports;
    • "nhiệm vụ III.2" — one task in full, with its progress ("3.2", "III-2", "nv 2 mục III" work too);
    • "cập nhật III.2: đã trình UBND tỉnh, đạt 80%" — report progress; type "hoàn tác" to undo a mistake;
    • "việc nào quá hạn" (/quahan), "tổng hợp" (/tonghop), "ai chưa báo cáo" — the overall picture;
    • "tìm nhiệm vụ về hợp tác xã" — find tasks about a topic;
    • "nhiệm vụ của Sở Y tế" — another agency's tasks; "lịch sử III.2" — the reports on a task.
    Vietnamese without diacritics and common abbreviations work too: "nv cua toi", "cn 3.2 xong".
unknown = Sorry, I did not understand. Type /help to see what I can answer.
unbound =
    This chat is not connected to an agency yet, so I cannot answer.
    Ask { $coordinator } for a connection code, then type: /ketnoi <code>
store-unavailable = The system cannot reach its data right now; nothing was recorded. Please try again in a few minutes.
small-talk-thanks = Glad to help! Write any time, or type /help for the guide.
small-talk-greeting = Hello! You can ask "nhiệm vụ của tôi" (my tasks), "việc nào quá hạn" (what is overdue), or type /help for the guide.
