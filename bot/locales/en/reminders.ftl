## The overdue ladder: sent by the daily job, one message per rung

remind-before =
    ⏰ <b>Rectification due soon</b>
    Hazard <b>{ $ref }</b> ({ $trail })
    { $description }
    Deadline: { $deadline } ({ $days_left ->
        [0] due today
        [one] 1 day left
       *[other] { $days_left } days left
    })
    Rectifier: { $rectifier }
    Please finish the rectification on time and send the after-photos when done.
remind-after =
    ⚠️ <b>Rectification overdue by { $days ->
        [one] 1 day
       *[other] { $days } days
    }</b>
    Hazard <b>{ $ref }</b> ({ $trail })
    { $description }
    Deadline: { $deadline }
    Rectifier: { $rectifier }
    Supervisor: { $supervisor }
    Please finish it as soon as possible; if more time is truly needed, the supervisor can extend the deadline with a reason.
remind-leader =
    🚨 <b>Rectification overdue by { $days ->
        [one] 1 day
       *[other] { $days } days
    }: please follow up</b>
    Hazard <b>{ $ref }</b> ({ $trail })
    { $description }
    Deadline: { $deadline }
    Rectifier: { $rectifier }
    Supervisor: { $supervisor }
