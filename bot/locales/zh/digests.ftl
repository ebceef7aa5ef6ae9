## Digests to leader groups

period-monthly = { $year }年{ $month }月
period-bimonthly = { $year }年{ $month }—{ $next }月
period-quarterly = { $year }年第{ $quarter }季度
period-halfyear = { $year }年{ $half ->
        [1] 上半年
       *[2] 下半年
    }
period-annual = { $year }年度
digest-kind-monthly = 一月一调度
digest-kind-bimonthly = 两月一行动
digest-kind-quarterly = 三月一公告
digest-kind-halfyear = 半年一讲评
digest-kind-annual = 一年一考核
digest-title = <b>{ $kind }｜{ $area } { $period }</b>
digest-summary =
    新发现隐患 <b>{ $new }</b> 条（重大 { $major }），销号 <b>{ $closed }</b> 条
    整改率 <b>{ $closure }</b>，按期整改率 <b>{ $on_time }</b>
    逾期未改 <b>{ $overdue }</b> 条，挂牌督办中 { $listed } 条
    群众举报 { $tips } 件，已处理 { $handled } 件
digest-warnings-title = <b>⚠️ 预警</b>
digest-warning-line = • { $name }：本月新发现 { $count } 条，前三个月平均 { $average } 条
digest-ranking-title = <b>各地排名（按整改率）</b>
digest-ranking-line = • { $name }：新发现 { $new }，销号 { $closed }，整改率 { $closure }，逾期 { $overdue }
digest-overdue-title = <b>逾期未整改（共 { $count } 条，列出最久的）</b>
digest-overdue-line = • { $ref } { $area } { $sector }，逾期 { $days } 天
digest-listed-title = <b>挂牌督办的重大隐患（{ $count } 条）</b>
digest-listed-line = • { $ref } { $sector }，{ $status }，期限 { $deadline }
digest-definitions = <i>整改率：本期新发现的隐患中到期末已销号的比例；按期整改率：本期销号的隐患中在整改期限内销号的比例。</i>
digest-ledger-caption = 本期隐患台账（{ $count } 条）
digest-ledger-caption-capped = 本期隐患台账：共 { $total } 条，文件中为最新的 { $count } 条
chart-trend = { $where } 近12个月 新发现与销号
chart-new = 新发现
chart-closed = 已销号
chart-trend-caption = 近12个月新发现与销号
chart-sectors = { $where } 按行业领域
chart-sectors-caption = 本期新发现隐患按行业领域
chart-closure = { $where } 各地整改率
chart-closure-caption = 各地整改率
digest-plan-missing = 本期行动重点尚未设定。领导可以发送 /plan 设定重点领域和行动要求。
digest-plan-all-sectors = 全部领域
digest-plan-focus = <b>重点领域</b>：{ $sectors }
digest-plan-text = <b>行动要求</b>：{ $text }
digest-last-two-months = <b>前两个月（{ $period }）相关领域情况</b>
digest-sector-line = • { $sector }：新发现 { $count } 条
digest-last-summary = 合计新发现 { $new } 条，销号 { $closed } 条，整改率 { $closure }
digest-report-due = 📌 <b>两月一报</b>：请各乡镇（街道）监管员于 { $due } 前报送本期行动情况。
remind-two-month-report = 📌 两月一报提醒：{ $area } { $period } 的专项行动情况，请于 { $due } 前报送。
notice-counts = 本季度新发现隐患 { $new } 条（重大 { $major }），销号 { $closed } 条，整改率 { $closure }。
notice-no-listed = 本季度没有挂牌督办中的重大隐患。
notice-closed-title = <b>本季度销号的隐患（{ $count } 条）</b>
notice-closed-line = • { $ref } { $area } { $sector }（{ $level }）
notice-closed-more = ……另有 { $count } 条，见台账。
score-no-sub-areas = 本区域没有下级区域，不排名。
score-table-title = <b>各地考核得分</b>
score-table-header = 名次 地区 得分 上报 整改率 按期 平均天 逾期 举报
score-table = <pre>{ $table }</pre>
score-weights = <i>权重：{ $weights }（满分 100）</i>
weight-closure = 整改率
weight-on_time = 按期整改率
weight-overdue = 逾期
weight-speed = 整改速度
weight-reports = 上报数
weight-tips = 举报处理
chart-score = { $where } 考核得分
chart-score-caption = 各地考核得分

## /digest, /schedule, /plan

cmd-digest = 简报预览与发送
cmd-schedule = 本群简报时间
cmd-plan = 设定两月一行动重点
digest-pick-kind = 预览「{ $area }」的哪种简报？也可以发 /digest monthly 2026-10
digest-building = 正在生成简报……
digest-previewed-privately = 预览已私聊发给您。
digest-need-private = 请先私聊机器人发送 /start，再预览简报。
digest-send-offer = 要把这份简报（{ $period }）现在发到群里吗？
btn-digest-send = 📤 发送到「{ $title }」
digest-sent-to-group = ✅ 已发送到「{ $title }」。
digest-error-kind = 简报类型有：monthly（一月一调度）、bimonthly（两月一行动）、quarterly（三月一公告）、halfyear（半年一讲评）、annual（一年一考核）。
period-error-format = 期间格式不对，例如 { $example }。
schedule-title = <b>本群简报时间</b>
schedule-line = • { $name }：{ $when }（{ $state }）
schedule-on = 开启
schedule-off = 已关闭
schedule-when-monthly = 每月 { $day } 日 { $at }
schedule-when-bimonthly = 单月 { $day } 日 { $at }
schedule-when-quarterly = 每季度首月 { $day } 日 { $at }
schedule-when-halfyear = 1月、7月 { $day } 日 { $at }
schedule-when-annual = 1月 { $day } 日 { $at }
btn-schedule-off = 关闭 { $name }
btn-schedule-on = 开启 { $name }
schedule-hint = 改日期和时间：/schedule monthly 2 08:30（类型 日 时:分）；开关：/schedule quarterly off
schedule-error-day = 日期请填 1 到 { $max }。
schedule-error-time = 时间格式如 09:00。
schedule-error-unbound = 这个群还没有绑定区域。领导或管理员可以在群里发 /bind 绑定。
schedule-error-usage = 用法：/schedule monthly 2 08:30，或 /schedule monthly off
plan-ask-sectors = 「{ $area }」{ $period } 两月一行动：点选重点领域（可多选，不选即全部领域），然后点「下一步」。
btn-plan-next = 下一步 ›
plan-ask-text = 请输入本期行动要求（会出现在两月一行动简报中）。
plan-saved = ✅ 已设定「{ $area }」{ $period } 两月一行动：重点领域 { $sectors }。
