## Progress: reports, their restatement, undo and confirmation; overdue, roll-up, who has not reported.

status-done = done
status-in-progress = in progress
status-not-started = not started
status-blocked = blocked
state-with-percent = { $status }, { $percent }%
role-lead = lead
role-support = support
category-done-on-time = done on time
category-done-late = done late
category-open-on-time = not done, within the deadline
category-open-overdue = not done, overdue
category-awaiting-review = awaiting review
review-suffix-pending = { $state }, awaiting the coordinator's review
review-suffix-confirmed = { $state } (confirmed)
review-suffix-returned = { $state } — returned: { $reason }

report-recorded = Report recorded:
report-task = • Task { $ref }: { $title }
report-agency = • Agency: { $agency } ({ $role })
report-period = • Reporting period: { $period }
report-status = • Status: { $status }
report-percent = • Completion: { $percent }%
report-awaiting-review = • The result waits for the coordinator ({ $coordinator }) to confirm it; until then the task counts as "awaiting review".
report-expected = • Expected done by: { $day }
report-note = • Note: { $note }
report-as-of = • State as of: { $day }
report-entered-by = • Entered on its behalf by { $agency }
report-undo-hint = If this is wrong, press "Undo" or type "hoàn tác" within { $hours } hours, then send it again.
action-undo = Undo
report-unchanged = This report says nothing new: the current report on task { $ref }, sent at { $when }, already says { $state }; I did not record it again.
confirm-done-below-full = You reported "done" but at { $percent }%. Record it as below?
confirm-lower = Completion goes down from { $before }% to { $percent }%. Record it as below?
confirm-expected-after-plan = The expected date { $expected } is after the plan ends ({ $last }). Record it as below?
confirm-hint = Answer "có" (yes) to record it, "không" (no) to cancel. Nothing has been recorded yet.
choice-confirm = Confirm and record
choice-cancel = Cancel
pending-dropped = Cancelled; nothing was recorded. You can send the corrected report.
nothing-pending = No report is waiting for confirmation.
review-none-waiting = Nor does any result wait for the coordinator's review.
review-waiting-header = { $count ->
    [one] One result waits
   *[other] { $count } results wait
} for the coordinator's review; send the command beside it to confirm, or /tralai <number> <reason> to return it:
review-waiting-line = • { $ref } — { $agency } (as of { $day }): /xacnhan { $id }
nothing-to-cancel = Nothing to cancel: no report is waiting for confirmation, and nothing was recorded.
report-retracted = Undid the report on task { $ref } sent at { $when }: { $state }. It stays in the history, marked as undone.
nothing-to-undo = This chat has no report from the last { $hours } hours to undo.
undo-which = "{ $arg }" is not the number of a report, so nothing was undone. Type "hoàn tác" to undo the group's latest report, or press the "Hoàn tác" button under the report to undo.
not-recorded = Nothing has been recorded.
impossible-percent = { $percent }% is not possible: completion is between 0 and 100%. Nothing was recorded; please send it again.
note-too-long = The note is too long (at most { $max } characters). Nothing was recorded; please shorten it and send it again.
message-too-long = The message is too long (at most { $max } characters), so I did not read or record it. Please send something shorter.
what-to-update = What is the progress on task { $ref }? For example: "cập nhật { $ref }: đạt 50%, đã trình dự thảo". Nothing has been recorded.
update-which-task = Which task is this report about? Write its reference, for example "cập nhật III.2: đạt 80%", or choose:
update-which-section = Task { $number } of which section? Choose:
update-number-missing = No section of the plan has a task { $number }. Write the reference in full, for example "cập nhật III.2: đạt 80%". Nothing has been recorded.
not-assigned = { $agency } has no part in task { $ref }, so it cannot report on it. Task { $ref } is led by { $leads }. Nothing has been recorded.
update-which-topic = Which task are you updating? The tasks nearest what you wrote come first (those your agency leads, then those it supports):
reports-same-task = the message has two reports on task { $ref }; make them one.
unknown-sender = The message names “{ $named }” as the reporting agency, but I do not know that agency in this plan. An agency's report is sent from its own chat (leave the name out if the report is this chat's own), or entered by { $coordinator }.
several-senders = The message has reports of several agencies ({ $agencies }), so none was recorded. Send each agency's reports in a message of their own, from that agency's chat; the coordinator entering them names the agency, for example: "ghi nhận thay { $example }: III.4 đạt 60%".
reports-refused = None of this message's reports was recorded:
reports-refused-line = • { $ref }: { $why }
reports-refused-footer = Mend the reports above and send the whole message again.
reports-recorded = Recorded { $count } reports:
reports-line = • { $ref } — { $agency } ({ $role }): { $state }
reports-line-note = • { $ref } — { $agency } ({ $role }): { $state } — { $note }
reports-unchanged-also = Nothing new, not recorded again: { $refs }.
reports-unchanged = These reports say nothing new about the current state, so I recorded nothing more: { $refs }.
action-undo-ref = Undo { $ref }
doubt-done-below-full = { $ref }: reported "done" at { $percent }%
doubt-lower = { $ref }: the percentage drops from { $before }% to { $percent }%
doubt-expected-after-plan = { $ref }: expected date { $expected } is after the plan ends ({ $last })
confirm-several = Before recording this message's { $count } reports, please confirm:
confirm-several-reports = The reports to be recorded:
other-sender = The message names { $sender } as the agency reporting task { $ref }, but this chat is { $agency }'s. { $sender }'s reports must come from its own chat, or be entered by the coordinator.
on-behalf-coordinator-only = Only the coordinating agency's chat enters reports for other agencies; if needed, ask { $coordinator } to enter it.
on-behalf-which = Which agency are you entering this report for? For example: "ghi nhận thay Sở Y tế: III.8 đạt 50%".
ended-cannot-report = { $agency } ceased on { $since }; task { $ref } is now carried out by { $successors }. Report from that agency's chat, or ask { $coordinator } to enter it. The state before { $since } can still be reported from here with its date, for example: "cập nhật { $ref }: đã hoàn thành ngày 20/12/2024".
ended-cannot-report-entered = { $agency } ceased on { $since }; task { $ref } is now carried out and reported by { $successors }. The state { $agency } reached before { $since } can still be entered on its behalf with its date, for example: "ghi nhận thay { $agency }: { $ref } đã hoàn thành ngày 20/12/2024".
day-invalid = The date in the report does not exist; write it as 20/12/2025.
day-in-future = { $day } has not come yet: a report records what has happened. If it is an expected date, write "dự kiến hoàn thành ngày { $day }".
day-before-plan = { $day } is before the plan was issued ({ $issued }), so it does not count towards this plan.
day-after-plan = { $day } is after Plan { $plan } ended ({ $last }), so it does not count towards this plan. To report the state at the end of the plan, give that date, for example: "cập nhật III.2: đạt 90% tính đến { $last }".

progress-header = Progress in { $period } (due { $due }): { $category }.
progress-leads = Lead agencies:
progress-support = Supporting agencies that reported:
progress-line = • { $agency }: { $state } (as of { $when })
progress-line-note = • { $agency }: { $state } (as of { $when }) — { $note }
expected-by = , expected done by { $day }
expected-passed = , expected done by { $day }, a day that has passed
reported-by-predecessor = {" "}(as reported by { $agency })
progress-not-reported = • { $agency }: not reported
progress-group = • { $group }: { $tally }
tally-done = { $done }/{ $total } done
tally-awaiting = { $count } awaiting review
tally-in-progress = { $count } in progress
tally-blocked = { $count } blocked
tally-not-started = { $count } not started
tally-not-reported = { $count } not reported

scope-agency = {" "}of { $agency }
overdue-none = No task{ $scope } is overdue as of { $today }.
overdue-header = { $count ->
        [one] One task
       *[other] { $count } tasks
    }{ $scope } overdue and not done (as of { $today }):
overdue-line = • { $ref } — { $title }: { $days } days late (due { $due }); lead agencies done: { $done }/{ $total }
overdue-footer = Type "nhiệm vụ" and a reference to see who reported what.
due-soon-header = { $count ->
        [one] One task
       *[other] { $count } tasks
    }{ $scope } not done and due in the next { $days } days (from { $today }):
due-soon-line = • { $ref } — { $title }: due { $due } ({ $left ->
        [0] due today
        [one] 1 day left
       *[other] { $left } days left
    }); lead agencies done: { $done }/{ $total }
due-soon-none = No task{ $scope } falls due in the next { $days } days (from { $today }).
due-soon-next = The nearest deadline is { $due } ({ $left } days left), { $count ->
        [one] one task
       *[other] { $count } tasks
    } not done:
due-soon-nothing-open = No task{ $scope } of the current periods is still open (as of { $today }).
blocked-header = { $count ->
        [one] One report
       *[other] { $count } reports
    }{ $scope } of an obstacle still standing (as of { $today }):
blocked-line = • { $ref } — { $agency } ({ $since }): { $note }
blocked-line-bare = • { $ref } — { $agency } ({ $since })
blocked-none = No report{ $scope } of an obstacle is standing (as of { $today }).
never-reported = { $count } tasks of a period that has ended have no report at all: { $refs }.
earlier-unreported = { $count ->
    [one] One task has
   *[other] { $count } tasks have
} earlier periods with no report at all: { $refs }.
earlier-unreported-brief = { $count ->
    [one] One task has
   *[other] { $count } tasks have
} earlier periods with no report at all: { $refs } (ask “việc nào quá hạn” for each period).
never-reported-ref = { $ref } ({ $period })
never-reported-how = The state before the bot can be brought in: a report with its date, for example "cập nhật III.3: đã hoàn thành ngày 20/12/2025"; the coordinator can write "ghi nhận thay Sở Y tế: III.8 đạt 50%" or import a whole spreadsheet with phoihop import --xlsx.

summary-header = Progress of Plan { $plan }{ $scope } as of { $today } ({ $count } tasks, current reporting periods):
summary-category = • { $category }: { $count }
summary-by-section = By section:
summary-section = • Section { $section }: { $total } tasks — { $done } done, { $overdue } overdue
summary-reporters = { $count ->
    [0] No agency reported in the last { $days } days.
    [one] One agency reported in the last { $days } days.
   *[other] { $count } agencies reported in the last { $days } days.
} Type "việc nào quá hạn" (overdue) or "ai chưa báo cáo" (not reported) for details.

agency-reported = { $agency } has reported; latest at { $when }.
agency-not-reported = { $agency } has sent no report in the last { $days } days.
not-reported-none = Every lead agency has reported in the last { $days } days (or has finished its tasks).
not-reported-header = { $count ->
    [one] One lead agency has
   *[other] { $count } lead agencies have
} sent no report in the last { $days } days:
not-reported-group = • { $kind } ({ $count }): { $names }
reported-none = No agency has sent a report in the last { $days } days. Type "who has not reported" to see the lead agencies to remind.
reported-header = { $count ->
    [one] One agency has
   *[other] { $count } agencies have
} sent a report in the last { $days } days (latest first):
reported-line = • { $agency } — latest at { $when }
kind-departments = Departments
kind-districts = District People's Committees
kind-communes = Commune People's Committees
kind-others = Other bodies

history-which = The history of which task? For example: "lịch sử III.2".
history-none = No report yet on task { $ref }.
history-header = Reports on task { $ref } (newest first):
history-line = • { $when } — { $agency }: { $state } (sent by { $author })
history-note = {" "}— { $note }
history-as-of = {" "}— as of { $day }
history-entered-by = {" "}— entered by { $agency }
history-confirmed-by = {" "}— confirmed by { $name }
confirmed-for-another = { $name } confirmed this report on behalf of its sender ({ $author }).
history-retracted = {" "}[undone]
history-more = … and older reports.

## The weekly digest.

digest-title = WEEKLY ROLL-UP, WEEK { $number }/{ $year } ({ $from } – { $to })
digest-plan = Plan { $plan }: { $title }
digest-headline = 1. Overall ({ $count } tasks, as of the end of { $day }):
digest-category = • { $category }: { $count } ({ $change })
digest-same = same as last week
digest-change = { $delta } from last week
digest-reports = 2. Reports received this week: { $count }
digest-report-line = • { $ref }: { $parts }
digest-report-part = { $agency } — { $state }
digest-awaiting = Awaiting review ({ $count }):
digest-awaiting-line = • { $ref } — { $agency }: reported done on { $since }, { $days ->
    [0] waiting since today
    [one] waiting for 1 day
   *[other] waiting for { $days } days
}
digest-due-ahead = Due in the next { $days } days and not done: { $count }
digest-due-ahead-line = • { $ref } — due { $due } ({ $left ->
    [0] due today
    [one] 1 day left
   *[other] { $left } days left
})
digest-blocked = 3. Blocked: { $count }
digest-blocked-line = • { $ref } — { $agency }: { $note }
digest-overdue = 4. Tasks not done and overdue: { $count }{ $never ->
        [0] {""}
       *[other] {" "}({ $never } of them with no report at all)
    }
digest-overdue-line = • { $ref }: { $days } days late (due { $due })
digest-expected-passed = Expected done by a day that has passed, not reported done: { $count }
digest-expected-line = • { $ref } — { $agency }: expected by { $day }
digest-silent = 5. Lead agencies without a report this week: { $count }
digest-and-more = {" "}and { $count } more
digest-more = … and { $count } more (see the attached file).
digest-footer = Every task and every report is in the attached Excel file.
digest-before-plan = Week { $week } is before the plan was issued: there is no roll-up for it.
digest-after-plan = Week { $week } is after the plan ends: there is no roll-up for it.
digest-future = Week { $week } has not started yet.

## The spreadsheet.

xlsx-title = PROGRESS OF PLAN { $plan } — AS OF { $day }
xlsx-sheet-progress = Progress
xlsx-leads = Lead agencies and where they stand
xlsx-sheet-tasks = By agency
xlsx-sheet-reports = Reports
xlsx-ref = Ref
xlsx-task = Task
xlsx-period = Period
xlsx-due = Due
xlsx-category = State
xlsx-agency = Agency
xlsx-role = Role
xlsx-status = Status
xlsx-percent = Done
xlsx-note = Note
xlsx-agency-code = Agency code
xlsx-as-of = State as of
xlsx-entered-by = Entered by
xlsx-time = Time
xlsx-author = Sent by
xlsx-retracted = Undone
xlsx-yes = Yes
xlsx-not-reported = Not reported
xlsx-no-reports = No report in this period.
export-ready = The progress spreadsheet (Excel) is attached: one sheet of tasks with each agency's state, one of every report.

## Reminders and settings.

reminder-header = Reminder for week { $number }: { $agency } has sent no progress report this week (the week ends on { $to }). The tasks it leads:
reminder-example = One line is enough, for example: "cập nhật { $ref }: đạt 50%, đã trình dự thảo kế hoạch".
reminder-expected-passed = These were expected done by a day that has passed, and are not reported done:
reminder-expected-line = • { $ref }: expected by { $day }
settings-header = Current settings:
settings-digest = • Weekly roll-up: { $day } at { $time }
settings-reminder = • Reminder to agencies without a report: { $day } at { $time }
settings-window = • "Not reported" after: { $days } days
settings-digest-per-plan = • A chat coordinating several plans gets: { $mode ->
    [separate] one digest per plan
   *[together] one digest with a part per plan
}
settings-coordinator = • Coordinating agency: { $agency }
settings-how = Change them on the server: phoihop settings set digest_time 07:30 (keys: digest_day, digest_time, reminder_day, reminder_time, report_window_days, digest_per_plan).
day-mon = Monday
day-tue = Tuesday
day-wed = Wednesday
day-thu = Thursday
day-fri = Friday
day-sat = Saturday
day-sun = Sunday

## The coordinator's review of results reported done.

review-which = Confirm or return which result? Add the report number from the review request, for example: /xacnhan 12 or /tralai 12 the acceptance record is missing.
review-reason = A returned result needs a reason, so the agency knows what to add. Type: /tralai { $id } <reason>
review-none = Report { $id } is not waiting for review (already decided, undone, or not in a plan this chat coordinates).
review-confirmed = Confirmed the result of task { $ref } from { $agency }: the task counts as done.
review-returned = Returned the result of task { $ref } to { $agency }, with the reason: { $reason }. The task counts as in progress; the agency will get the reason.
review-request = 🔎 A result to review (report { $id }): task { $ref } — { $title }
review-request-who = • Agency: { $agency } (sent by { $name }), as of { $day }
review-request-state = • Reported: { $state }
review-request-note = • Note: { $note }
review-request-evidence = • A document came with it.
evidence-elsewhere = (The document is in the reporting agency's chat.)
review-request-how = Press a button below, or type /xacnhan { $id } to confirm, /tralai { $id } <reason> to return it.
review-returned-notice = ↩️ { $coordinator } returned the result of task { $ref }, with the reason: { $reason }. The task counts as in progress; once it is complete, report it again, for example: "cập nhật { $ref }: đã hoàn thành, đã bổ sung …".
action-review-confirm = Confirm
action-review-return = Return

## Alerts before deadlines.

deadline-header = ⏰ Due soon — tasks { $agency } leads that are not done:
deadline-line = • { $ref } — { $title }: due { $due } ({ $left ->
    [0] due today
    [one] 1 day left
   *[other] { $left } days left
})

# The digest's chart.
chart-title = Plan { $plan } — as of { $day }
chart-bars = Tasks by state, section by section
chart-section = { $id }. { $title }
chart-trend = Tasks done, last { $weeks } weeks (as of each Sunday)
