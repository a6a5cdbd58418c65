## Tasks of the plan: lists and details.

my-tasks-header = Tasks of { $agency } in Plan { $plan }:
my-tasks-lead = Lead ({ $count ->
        [one] 1 task
       *[other] { $count } tasks
    }):
my-tasks-support = Support ({ $count ->
        [one] 1 task
       *[other] { $count } tasks
    }):
my-tasks-none = { $agency } has no task in Plan { $plan }.
my-tasks-footer = For details, type "nhiệm vụ" and the reference, for example: nhiệm vụ { $example }
task-line = • { $ref } — { $title }
task-line-requested = • { $ref } — { $title } (cooperation requested)

task-header = Task { $ref } — Section { $section }. { $section_title }
task-lead = Lead: { $agencies }
task-support = Support: { $agencies }
task-support-none = Support: none
task-product = Product: { $product }
task-timeframe = Timeframe: { $timeframe }
task-ended = The timeframe ended on { $due }.
period-year = year { $year }
period-span = phase { $from }–{ $to }
task-your-role-lead = Your agency leads this task.
task-your-role-support = Your agency supports this task.
group-with-count = { $name } ({ $count } agencies)
agency-requested = { $name } (cooperation requested)
agency-now = { $agency } (now { $now })
ended-header = { $agency } ceased on { $since }; its work is now done by { $successors }.
ended-tasks-intro = Its tasks in Plan { $plan } now belong to:
ended-successor-tasks = • { $agency } — lead: { $lead }; cooperating: { $support }
ended-successor-lead = • { $agency } — lead: { $lead }
ended-successor-support = • { $agency } — cooperating: { $support }
ended-no-tasks = None of its successors took over a task of it in Plan { $plan }.
ended-footer = To report progress, this chat must be bound to a successor: ask { $coordinator } for a new code, then type /ketnoi <code>. The state before the reorganisation can still be reported from here, with its date.
rebound = Note: { $from } ceased on { $since } and { $to } took over its work. This chat now belongs to { $to }: tasks, reports and reminders follow the new agency.

task-not-found = The plan has no task { $ref }. Section { $section } has: { $refs }.
task-section-not-found = The plan has no task { $ref }: there is no section { $section }. Sections: { $sections }.
task-ambiguous = Task { $number } of which section? The plan has: { $refs }.
task-number-missing = No section of the plan has a task { $number }. Sections: { $sections }. Write it in full, for example "nhiệm vụ III.2".

search-what = What topic should I search for? For example: "tìm nhiệm vụ về hợp tác xã".
search-none = No task about “{ $query }”. Try other words, for example "việc làm", "y tế", "tuyên truyền".
search-header = Tasks about “{ $query }” (best match first):
search-line = • { $ref } — { $title } (lead: { $lead })
