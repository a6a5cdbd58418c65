## The command line: console chat and plan management.

console-banner =
    phoihop — chatting as the focal point of { $agency }.
    Type a question and press Enter; /help for the guide; Ctrl+D to quit.
console-choice = { $number }) { $label }
console-choice-hint = Type a number to choose.
cli-unknown-agency = There is no agency with code “{ $code }”. Closest codes: { $closest }.
cli-agency-ended = Agency “{ $code }” has ceased; issue a code for a successor instead: { $successors }.
cli-seed-created = Loaded plan { $plan }: { $tasks } tasks, { $agencies } agencies.
cli-seed-updated = Updated plan { $plan }: { $tasks } tasks, { $agencies } agencies.
cli-seed-unchanged = Plan { $plan } is already in the database; nothing changed.
cli-plan-header = Plan { $code } of { $issued } by { $issuer } — { $tasks } tasks. Coordinator: { $coordinator }.
cli-plan-task = { $ref } | lead: { $lead } | { $timeframe } (due { $due }) | { $title }
cli-plan-as-of = The plan as in force on { $day }, with these amendments:
cli-plan-amendment = • From { $date }: { $title }
cli-plan-ended = Agencies that have ceased (last day; successors):
console-file = [Attached file: { $name }, { $kb } KB — on the server, get it with: phoihop export --xlsx { $name }]
cli-plan-agencies = Agencies (the codes commands take, e.g. phoihop chat --agency syt):
cli-bench-data-exists = This database already holds synthetic data (plan { $plan }): use an empty database.
cli-bench-data-progress = Province { $n }/{ $of }: { $reports } reports written.
cli-bench-data-done = Made { $plans } plans of { $tasks } tasks and { $agencies } agencies each, and { $reports } reports, in { $seconds } s.
