## Digests to leader groups

period-monthly = { $month }/{ $year }
period-bimonthly = { $month }–{ $next }/{ $year }
period-quarterly = Q{ $quarter } { $year }
period-halfyear = { $half ->
        [1] first half
       *[2] second half
    } of { $year }
period-annual = year { $year }
digest-kind-monthly = Monthly dispatch
digest-kind-bimonthly = Two-month action
digest-kind-quarterly = Quarterly notice
digest-kind-halfyear = Half-year review
digest-kind-annual = Annual assessment
digest-title = <b>{ $kind } | { $area } { $period }</b>
digest-summary =
    New hazards <b>{ $new }</b> ({ $major } major), signed off <b>{ $closed }</b>
    Closure rate <b>{ $closure }</b>, on time <b>{ $on_time }</b>
    Overdue <b>{ $overdue }</b>, under listed supervision { $listed }
    Public tips { $tips }, handled { $handled }
digest-warnings-title = <b>⚠️ Early warning</b>
digest-warning-line = • { $name }: { $count } new this month, { $average } a month in the three before
digest-ranking-title = <b>Areas by closure rate</b>
digest-ranking-line = • { $name }: new { $new }, signed off { $closed }, closure { $closure }, overdue { $overdue }
digest-overdue-title = <b>Overdue ({ $count } in all; the longest)</b>
digest-overdue-line = • { $ref } { $area } { $sector }, { $days } days overdue
digest-listed-title = <b>Major hazards under listed supervision ({ $count })</b>
digest-listed-line = • { $ref } { $sector }, { $status }, deadline { $deadline }
digest-definitions = <i>Closure rate: of the period's new hazards, the share signed off by its end. On time: of those signed off in the period, the share signed off by their deadline.</i>
digest-ledger-caption = The period's hazard ledger ({ $count })
digest-ledger-caption-capped = The period's hazard ledger: the newest { $count } of { $total }
chart-trend = { $where }: new and signed off, 12 months
chart-new = New
chart-closed = Signed off
chart-trend-caption = New and signed-off hazards, last 12 months
chart-sectors = { $where }: by sector
chart-sectors-caption = New hazards by sector
chart-closure = { $where }: closure rate by area
chart-closure-caption = Closure rate by area
digest-plan-missing = No focus has been set for this action yet. A leader can send /plan to set the sectors and the notice.
digest-plan-all-sectors = all sectors
digest-plan-focus = <b>Focus sectors</b>: { $sectors }
digest-plan-text = <b>Action notice</b>: { $text }
digest-last-two-months = <b>The two months before ({ $period }) in these sectors</b>
digest-sector-line = • { $sector }: { $count } new
digest-last-summary = In all { $new } new, { $closed } signed off, closure rate { $closure }
digest-report-due = 📌 <b>Two-month report</b>: township supervisors, please report on this action by { $due }.
remind-two-month-report = 📌 Two-month report reminder: the action in { $area } for { $period } is due by { $due }.
notice-counts = This quarter: { $new } new hazards ({ $major } major), { $closed } signed off, closure rate { $closure }.
notice-no-listed = No major hazard is under listed supervision this quarter.
notice-closed-title = <b>Signed off this quarter ({ $count })</b>
notice-closed-line = • { $ref } { $area } { $sector } ({ $level })
notice-closed-more = … and { $count } more, see the ledger.
score-no-sub-areas = This area has no sub-areas to rank.
score-table-title = <b>Scores by area</b>
score-table-header = # Area Score New Closed OnTime AvgDays Overdue Tips
score-table = <pre>{ $table }</pre>
score-weights = <i>Weights: { $weights } (out of 100)</i>
weight-closure = closure
weight-on_time = on time
weight-overdue = overdue
weight-speed = speed
weight-reports = reports
weight-tips = tips
chart-score = { $where }: scores
chart-score-caption = Scores by area

## /digest, /schedule, /plan

cmd-digest = Preview and send digests
cmd-schedule = This group's digest times
cmd-plan = Set the two-month action focus
digest-pick-kind = Which digest of “{ $area }” to preview? Or send /digest monthly 2026-10
digest-building = Building the digest…
digest-previewed-privately = The preview was sent to you in private.
digest-need-private = Please send /start to the bot in private first, then preview digests.
digest-send-offer = Send this digest ({ $period }) to the group now?
btn-digest-send = 📤 Send to “{ $title }”
digest-sent-to-group = ✅ Sent to “{ $title }”.
digest-error-kind = Digest kinds: monthly, bimonthly, quarterly, halfyear, annual.
period-error-format = The period should look like { $example }.
schedule-title = <b>This group's digests</b>
schedule-line = • { $name }: { $when } ({ $state })
schedule-on = on
schedule-off = off
schedule-when-monthly = every month, day { $day } at { $at }
schedule-when-bimonthly = odd months, day { $day } at { $at }
schedule-when-quarterly = quarter starts, day { $day } at { $at }
schedule-when-halfyear = January and July, day { $day } at { $at }
schedule-when-annual = January, day { $day } at { $at }
btn-schedule-off = Turn off { $name }
btn-schedule-on = Turn on { $name }
schedule-hint = Change day and time: /schedule monthly 2 08:30 (kind day hh:mm); on/off: /schedule quarterly off
schedule-error-day = The day must be from 1 to { $max }.
schedule-error-time = The time looks like 09:00.
schedule-error-unbound = This group is not bound to an area yet. A leader or admin can send /bind here.
schedule-error-usage = Usage: /schedule monthly 2 08:30, or /schedule monthly off
plan-ask-sectors = Two-month action for “{ $area }”, { $period }: tap the focus sectors (several, or none for all), then “Next”.
btn-plan-next = Next ›
plan-ask-text = Type the action notice (it appears in the two-month digest).
plan-saved = ✅ Two-month action for “{ $area }”, { $period } set: focus { $sectors }.
