# The periodic report: a Word draft laid out as Decree 30/2020/ND-CP asks, for the office to complete and
# sign. Capitals are typed, not styled, as the decree asks.

periodic-nation = SOCIALIST REPUBLIC OF VIET NAM
periodic-motto = Independence - Freedom - Happiness
periodic-parent = PEOPLE'S COMMITTEE OF { $province }
periodic-number = No.:        /BC-……
periodic-place-date = { $place }, …… …… { $year }
periodic-kind = REPORT
periodic-subject = Results of carrying out Plan No. { $code } of { $issued } of { $issuer }{ $about } ({ $term })
periodic-about = {" "}on { $topic }
periodic-to = To: { $to }.
periodic-intro = Carrying out Plan No. { $code } of { $issued } of { $issuer }{ $about }, { $body } reports its results for { $term } as follows:

periodic-term-quarter = quarter { $quarter } of { $year }
periodic-term-half-1 = the first half of { $year }
periodic-term-half-2 = the second half of { $year }
periodic-term-year = { $year }
periodic-term-years = the stage { $first }–{ $last }

periodic-part-results = I. RESULTS
periodic-overview = 1. Overview
periodic-overview-plan = The plan has { $tasks } tasks. As of { $day }: { $done_on_time } done on time, { $done_late } done late, { $awaiting } awaiting confirmation, { $open } in progress within their deadline, { $overdue } not done and overdue.
periodic-overview-agency = { $body } is assigned { $tasks } tasks (leading { $lead }, supporting { $support }). As of { $day }, of the tasks it leads: { $done } done, { $awaiting } awaiting confirmation, { $open } in progress, { $blocked } blocked, { $unreported } not reported.
periodic-overview-reports = During the term, { $reports ->
    [0] no progress report was recorded through phoihop.
   *[other] { $reports } progress reports from { $agencies } agencies were recorded through phoihop.
}
periodic-tasks = 2. Results task by task
periodic-section = 2.{ $n }. { $title } (section { $id } of the plan)
periodic-task = - Task { $ref }: { $title } Timeframe: { $timeframe }; state as of { $day }: { $category }.
periodic-line = + { $agency }: { $state }.
periodic-line-dated = + { $agency }: { $state } (reported { $date }).
periodic-line-note = + { $agency }: { $state } (reported { $date }): { $note }
periodic-line-support = { $agency } (supporting)
periodic-line-more = { $count ->
    [one] (One other report in the term.)
   *[other] ({ $count } other reports in the term.)
}
periodic-line-stale = not reported in the term; last report { $date }: { $state }
periodic-not-reported = not reported
periodic-group = + { $group }: { $tally }.
periodic-member = { $agency }

periodic-part-difficulties = II. DIFFICULTIES AND OBSTACLES
periodic-blocked = - Task { $ref } ({ $agency }, { $date }): { $note }
periodic-blocked-no-note = - Task { $ref } ({ $agency }, { $date }): reported blocked without a reason.
periodic-returned = - Task { $ref }: the result { $agency } reported done on { $date } was returned: { $reason }
periodic-no-difficulties = During the term no agency reported an obstacle through phoihop.
periodic-fill-difficulties = [The drafting office adds other difficulties and their causes, if any.]

periodic-part-assessment = III. GENERAL ASSESSMENT
periodic-fill-assessment = [For the drafting office to write: the results achieved, the shortcomings and their causes. phoihop does not write this part.]

periodic-part-next = IV. PRIORITIES AHEAD
periodic-next-overdue = - Tasks not done and overdue: { $refs }.
periodic-next-due = - Tasks due within the next 6 months: { $refs }.
periodic-next-none = - No task is overdue or due within the next 6 months.
periodic-fill-next = [The drafting office adds measures and priorities.]

periodic-part-proposals = V. PROPOSALS
periodic-fill-proposals = [For the drafting office to write: proposals to { $to }. phoihop does not write this part.]

periodic-closing = This is the report of { $body } on the results of Plan No. { $code } for { $term }./.
periodic-recipients = Recipients:
periodic-recipient = - { $to } (for reporting);
periodic-archive = - Archive: VT, …….
periodic-signer = [TITLE OF THE SIGNATORY]
periodic-signer-name = [Full name]

periodic-appendix = Appendix
periodic-appendix-title = STATE OF THE TASKS AS OF { $day }
periodic-appendix-ref = (Attached to Report No.        /BC-…… of …… …… { $year } of { $body })
periodic-col-ref = Task
periodic-col-task = Content
periodic-col-lead = Lead agency
periodic-col-role = Role
periodic-col-state = State
periodic-col-date = Reported

# Asking for the report in a chat, and the command line.
periodic-ready = Draft report on the results of Plan No. { $code } for { $term } (a Word file laid out as Decree 30/2020/ND-CP asks). The assessment and proposals are left in square brackets for the drafting office to write.
periodic-ready-agency = Draft report of { $body } on the results of Plan No. { $code } for { $term }, to send to { $coordinator }. The assessment and proposals are left in square brackets for the agency to write.
periodic-bad-term = Which term is “{ $term }”? For example: /baocao 2026, /baocao 2026-H2, /baocao 2026-Q3, /baocao 2021-2025.
periodic-not-started = The term { $term } has not started: there is nothing to report yet.
periodic-before-plan = The term { $term } ended before Plan No. { $code } was issued ({ $issued }).
periodic-not-assigned = { $body } has no task in Plan No. { $code }.
periodic-unknown-agency = There is no agency with the code “{ $code }” in the catalog.
periodic-failed = The report file could not be made (the error was logged). Please try again in a few minutes.
