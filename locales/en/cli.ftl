## The command line: console chat and plan management.

console-banner =
    phoihop — chatting as the focal point of { $agency }.
    Type a question and press Enter; /help for the guide; Ctrl+D to quit.
console-choice = { $number }) { $label }
console-choice-hint = Type a number to choose.
cli-unknown-agency = There is no agency with code “{ $code }”. Closest codes: { $closest }.
cli-agency-ended = Agency “{ $code }” has ceased; issue a code for a successor instead: { $successors }.
cli-seed-created = Loaded plan { $plan }: { $tasks } tasks, { $agencies } agencies.
cli-seed-catalog-differs = Warning: { $count } entries of catalog.toml differ from the kept catalog “{ $catalog }”; the kept ones stay (add --update-catalog to take the file's): { $codes }
cli-seed-catalog-updated = Updated { $count } entries of the catalog “{ $catalog }” from catalog.toml: { $codes }
cli-seed-catalog-missing = Note: { $count } entries of the catalog “{ $catalog }” are not in this catalog.toml (an older copy?); they are kept: { $codes }
cli-seed-catalog-added = Added { $count } new entries to the catalog “{ $catalog }”: { $codes }
cli-seed-timeline = Did not load plan { $plan }: { $error }
cli-seed-updated = Updated plan { $plan }: { $tasks } tasks, { $agencies } agencies.
cli-seed-unchanged = Plan { $plan } is already in the database; nothing changed.
cli-plan-header = Plan { $code } of { $issued } by { $issuer } — { $tasks } tasks. Coordinator: { $coordinator }.
cli-plan-task = { $ref } | lead: { $lead } | { $timeframe } (due { $due }) | { $title }
cli-plan-as-of = The plan as in force on { $day }:
cli-plan-as-of-amended = The plan as in force on { $day }, with these amendments:
cli-plan-amendment = • From { $date }: { $title }
cli-plan-ended = Agencies that have ceased (last day; successors):
console-file = [Attached file: { $name }, { $kb } KB — on the server, get the Excel file with phoihop export and the Word report with phoihop report]
cli-plan-agencies = Agencies (the codes commands take, e.g. phoihop chat --agency syt):
cli-which-plan = Several plans are in service; choose one with --plan (see: phoihop plan list): { $plans }
cli-plan-list-header = Plans in the database ({ $count }):
cli-plan-list-line = • { $code } — { $title } ({ $id })
    {"   "}coordinator: { $coordinator } · { $tasks } tasks · { $reports } reports · issued { $issued }, runs to { $ends }
cli-plan-list-retired = • { $code } — { $title } ({ $id }) — retired since { $retired }
    {"   "}coordinator: { $coordinator } · { $tasks } tasks · { $reports } reports · issued { $issued }, runs to { $ends }
cli-plan-unknown = There is no plan “{ $plan }” (plans: { $known }).
cli-plan-retired = Retired Plan { $code } ({ $plan }): its reports are kept; the bot no longer answers, reminds or sends roll-ups for it.
cli-plan-retired-already = Plan { $plan } was already retired; nothing changed.
cli-plan-retire-last = Did not retire { $plan }: it is the only plan in service. Load another one first (phoihop seed DIR).
cli-serve-plan-deprecated = Note: --plan / PHOIHOP_PLAN ({ $plan }) no longer applies to serve — the bot serves every plan in service (see: phoihop plan list). Please remove this setting.
cli-bench-data-exists = This database already holds synthetic data (plan { $plan }): use an empty database.
cli-bench-data-progress = Province { $n }/{ $of }: { $reports } reports written.
cli-bench-data-done = Made { $plans } plans of { $tasks } tasks and { $agencies } agencies each, and { $reports } reports, in { $seconds } s.

import-author = Imported from { $file }
import-row-recorded = Row { $row }: { $summary } — recorded
import-row-would-record = Row { $row }: { $summary } — would be recorded
import-row-skipped = Row { $row }: { $summary } — skipped: { $why }
import-row-bad = Row { $row }: { $summary } — error: { $why }
import-done = Recorded { $recorded } reports from { $file }; skipped { $skipped } rows; { $bad } bad rows not recorded.
import-refused = { $file } has { $bad } bad rows, so nothing was recorded. Mend the rows above and import again, or add --skip-bad-rows to record only the good ones.
import-not-reported = { $count } rows “Not reported”: skipped, nothing to record.
import-why-unchanged = the same as the state already recorded
import-why-older = older than the state already recorded (as of { $day })
import-why-duplicate = the same task and agency as row { $row }
import-why-bad-ref = “{ $value }” is not a task reference (such as III.2)
import-why-unknown-task = the plan has no task { $ref }
import-why-no-task = the plan has no task { $ref } on { $day }
import-why-unknown-agency = no agency “{ $value }”
import-why-not-assigned = { $agency } has no part in task { $ref }
import-why-bad-status = cannot read the status “{ $value }” (done, in progress, not started, blocked)
import-why-bad-percent = the percentage “{ $value }” is not between 0 and 100%
import-why-no-date = no date (column “State as of”)
import-why-bad-date = cannot read the date “{ $value }” (write it as 20/12/2025)
import-why-future = { $day } has not come yet
import-why-before-plan = { $day } is before the plan was issued ({ $issued })
import-why-after-plan = { $day } is after the plan ended ({ $last })
import-why-ended = { $agency } had ceased before { $day }
import-why-period = { $day } falls in { $period }, not in “{ $value }” (change the “Period” column to “{ $period }” or leave it empty)
import-why-note-too-long = the note is longer than { $max } characters
console-picture = [Chart: { $name }, { $kb } KB — on the server, save the week's chart with: phoihop digest --chart { $name }]
cli-web-link = Sign-in link to the web page for { $agency }, usable once within { $minutes } minutes:
cli-web-link-where = The web page's address is unknown: set PHOIHOP_PUBLIC_URL (or --public-url), or --web-listen as for serve.
cli-web-link-revoked = Ended { $count } sessions opened with command-line links; their unused links no longer work either.
