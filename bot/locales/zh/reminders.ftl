## The overdue ladder (逾期提醒): sent by the daily job, one message per rung

remind-before =
    ⏰ <b>整改即将到期</b>
    隐患 <b>{ $ref }</b>（{ $trail }）
    { $description }
    整改期限：{ $deadline }（{ $days_left ->
        [0] 今天到期
       *[other] 还剩 { $days_left } 天
    }）
    整改责任人：{ $rectifier }
    请按期完成整改，完成后上传整改后照片。
remind-after =
    ⚠️ <b>整改已逾期 { $days } 天</b>
    隐患 <b>{ $ref }</b>（{ $trail }）
    { $description }
    整改期限：{ $deadline }
    整改责任人：{ $rectifier }
    督办责任人：{ $supervisor }
    请尽快完成整改；确需延期的，由督办责任人说明原因后延期。
remind-leader =
    🚨 <b>隐患整改逾期 { $days } 天，请督办</b>
    隐患 <b>{ $ref }</b>（{ $trail }）
    { $description }
    整改期限：{ $deadline }
    整改责任人：{ $rectifier }
    督办责任人：{ $supervisor }
