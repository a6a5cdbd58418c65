## Conversation: greeting, guide, and what the bot says when it cannot help.

start-greeting = Hello { $name }!
start-greeting-anonymous = Hello!
help =
    I help agencies follow the implementation of Plan { $plan }. You can ask:
    • "my tasks" or /nhiemvu — the tasks your agency leads or supports;
    • "nhiệm vụ III.2" — one task in full ("3.2", "III-2" or "nv 2 mục III" work too);
    • /help — this guide again.
    Vietnamese without diacritics works too: "nhiem vu cua toi".
unknown = Sorry, I did not understand. Type /help to see what I can answer.
unbound =
    This chat is not connected to an agency yet, so I cannot answer.
    Ask { $coordinator } for a connection code, then type: /ketnoi <code>
store-unavailable = The system cannot reach its data right now; nothing was recorded. Please try again in a few minutes.
small-talk-thanks = Glad to help! Write any time, or type /help for the guide.
small-talk-greeting = Hello! You can ask "nhiệm vụ của tôi" (my tasks), "việc nào quá hạn" (what is overdue), or type /help for the guide.
