## Sectors, levels, statuses

sector-road = 道路交通
sector-construction = 建筑施工
sector-fire = 消防
sector-gas = 燃气
sector-hazchem = 危险化学品
sector-fireworks = 烟花爆竹
sector-mining = 非煤矿山
sector-water = 水上交通/渔业船舶
sector-equipment = 特种设备
sector-crowded = 人员密集场所
sector-industry = 工贸/粉尘涉爆/有限空间
sector-other = 其他
level-general = 一般隐患
level-major = 重大隐患
status-reported = 已上报
status-rectifying = 整改中
status-verifying = 待复查
status-closed = 已销号
status-rejected = 不属实
status-merged = 已合并
event-reported = 上报
event-duplicate_report = 补充了照片和说明

## Menu and commands

menu-report = 📝 上报隐患
menu-accident = 🚨 事故直报
menu-mine = 📋 我的上报
menu-hint = 需要时点下方菜单。
cmd-report = 上报隐患
cmd-accident = 事故直报
cmd-mine = 我的上报
cmd-h = 查看隐患（加编号）

## Choosing an area

pick-area = 在哪个区域？
pick-area-under = 「{ $name }」：选这里，或选下级区域。
btn-pick-here = 📍 就是「{ $name }」
btn-go-below = 下级 ›

## The report conversation

report-ask-sector = 属于哪个行业领域？
report-ask-level = 隐患等级？（重大隐患会同时通报领导群）
report-ask-place = 隐患在哪里？点下方按钮发送当前位置，或直接输入地址。
place-placeholder = 或输入地址
btn-send-location = 📍 发送当前位置
report-place-saved = 📍 位置已记录。
report-ask-unit = 涉及哪个单位？请输入单位名称，或点「不涉及具体单位」。
report-ask-unit-recent = 涉及哪个单位？点选最近的单位，或输入名称。
btn-no-unit = 不涉及具体单位
report-ask-description = 请简要描述隐患（也可以直接发一张带说明的照片）。
report-ask-photos = 请发送现场照片（1–{ $max } 张，可一次发多张）。已收到 { $count } 张。
report-photos-received = 📷 已收到 { $count } 张照片（最多 { $max } 张）。继续发送，或点「完成」。
report-photos-full = 最多 { $max } 张照片，多出的没有保存。请点「完成」。
report-photos-needed = 请至少发送一张现场照片。
btn-photos-done = ✅ 完成
report-chose = ✔️ { $value }
report-review =
    <b>请核对隐患信息</b>
    区域：{ $trail }
    行业领域：{ $sector }
    等级：{ $level }
    位置：{ $place }
    单位：{ $unit }
    描述：{ $description }
    照片：{ $photos } 张
btn-edit-area = ✏️ 区域
btn-edit-sector = ✏️ 领域
btn-edit-level = ✏️ 等级
btn-edit-place = ✏️ 位置
btn-edit-unit = ✏️ 单位
btn-edit-description = ✏️ 描述
btn-edit-photos = ✏️ 照片
btn-confirm-report = ✅ 确认上报
report-saved = ✅ 已上报，编号 <b>{ $ref }</b>。{ $told ->
        [0] 本区域还没有监管员，请联系管理员。
       *[other] 已通知 { $told } 位监管员。
    }
report-added-to = ✅ 已把您的照片和说明补充到隐患 <b>{ $ref }</b>。
report-resume-offer = 您有一份没填完的隐患上报。继续填写，还是放弃重新开始？
btn-resume = ▶️ 继续填写
btn-discard = 🗑 放弃
report-discarded = 已放弃。
report-error-incomplete = 还有内容没有填写，请按提示补充。
unit-none = 不涉及具体单位
unit-repeat-offender = ⚠️ 屡查屡犯
unit-error-empty = 请输入单位名称。
unit-error-long = 单位名称最多 { $max } 个字。
input-error-empty = 内容不能为空，请重新输入。
input-error-too-long = 内容太长（{ $length } 字），最多 { $max } 字，请精简后重新发送。
photo-error-not-image = 这个文件不是图片。请发送照片，或以文件形式发送 JPG/PNG 图片。
photo-error-too-big = 图片太大，最多 { $mb } MB。请压缩后重新发送，或直接以照片形式发送。
place-gps = GPS { $lat }, { $lon }

## Duplicates

dup-candidate =
    ⚠️ 可能是同一隐患：<b>{ $ref }</b>（{ $reported }）{ $distance ->
        [-1] {""}
       *[other] · 相距 { $distance } 米
    }{ $same_unit ->
        [yes] · 同一单位
       *[no] {""}
    }
    { $description }
btn-same-hazard = 是同一隐患，补充到此
dup-question = 近 14 天本区域同一领域已有类似上报（见上）。是同一隐患就点其下的「补充到此」；不是的话：
btn-new-hazard = 🆕 不是，作为新隐患上报

## Hazard cards

hazard-ask-ref = 请在命令后加隐患编号，例如 /h 3305-2611-0001
hazard-error-not-found = 没有找到这个隐患编号，或不在您的管辖范围内。
hazard-caption =
    <b>{ $ref }</b> · { $level } · { $sector }
    { $trail }
    单位：{ $unit } { $repeat }
    状态：{ $status } · { $reported }
    { $description }
hazard-card =
    <b>隐患 { $ref }</b>
    { $level } · { $sector } · <b>{ $status }</b>
    区域：{ $trail }
    位置：{ $place }
    单位：{ $unit } { $repeat }
    上报：{ $reporter } · { $reported }
    照片：{ $photos } 张
    描述：{ $description }
timeline-title = <b>经过</b>
timeline-line = • { $at } { $who }（{ $role }）{ $what } { $comment }
btn-view = 🔎 查看详情
notify-new-hazard = 🆕 <b>新隐患上报</b>
notify-major-hazard = 🔴 <b>重大隐患上报</b>
mine-none = 您还没有上报过隐患。
mine-title = 📋 我的上报（共 { $count } 条）
mine-line = <code>{ $ref }</code> { $date } { $sector } · { $level } · <b>{ $status }</b> { $repeat }

## Bad input

bad-input = { $got }{ $expect }
input-text = 收到了文字。
input-command = 收到了命令。
input-photo = 收到了照片。
input-image-file = 收到了图片文件。
input-file = 收到的文件不是图片。
input-sticker = 收到了贴纸。
input-voice = 收到了语音。
input-video = 收到了视频。
input-video-note = 收到了视频消息。
input-audio = 收到了音频。
input-animation = 收到了动图。
input-contact = 收到了联系人。
input-location = 收到了位置。
input-venue = 收到了地点。
input-poll = 收到了投票。
input-dice = 收到了骰子。
input-other = 这种消息无法处理。
expect-area = 请点按钮选择区域。
expect-sector = 请点按钮选择行业领域。
expect-level = 请点按钮选择隐患等级。
expect-place = 请点「发送当前位置」，或输入地址文字。
expect-unit = 请输入单位名称，或点按钮选择。
expect-description = 请用文字描述隐患，或发一张带说明的照片。
expect-photos = 请发送照片（或以文件形式发送的图片），发完点「完成」。
expect-review = 请核对后点「确认上报」，或点按钮修改。
expect-choosing_duplicate = 请点按钮：补充到已有隐患，或作为新隐患上报。

## Accident quick report

accident-ask-time = 🚨 <b>事故直报</b>：事故什么时候发生的？点按钮，或输入时间，如 14:30 或 11-23 14:30。
btn-ago = { $minutes ->
    [0] 刚刚
    [30] 约半小时前
    [60] 约 1 小时前
   *[other] 约 2 小时前
}
}
accident-ask-place = 事故地点？点按钮发送当前位置，或输入地址。
accident-ask-unit = 事故单位？请输入名称，或点「不涉及具体单位」。
accident-ask-casualties = 伤亡情况？请输入死亡和受伤人数，如「0 2」（死亡 0 人、受伤 2 人）。
btn-no-casualties = 无人员伤亡
accident-ask-account = 请简要说明事故经过。
accident-ask-photos = 有现场照片请发送（最多 { $max } 张），没有就点「跳过/完成」。
accident-photo-received = 📷 照片已收到，可继续发送，或点「跳过/完成」。
btn-accident-photos-done = ✅ 跳过/完成
accident-review =
    <b>🚨 请核对事故信息</b>
    区域：{ $trail }
    发生时间：{ $occurred }（距今 { $delay } 分钟）{ $late }
    地点：{ $place }
    单位：{ $unit }
    死亡 { $deaths } 人，受伤 { $injuries } 人
    经过：{ $account }
    照片：{ $photos } 张
btn-accident-send = 🚨 立即报送
accident-late-mark = ⚠️ 迟报
accident-saved = ✅ 事故已报送，编号 <b>{ $ref }</b>（发生后 { $delay } 分钟）。{ $told ->
        [0] ⚠️ 没有送达任何领导群或监管员，请立即电话报告！
       *[other] 已送达 { $told } 处。
    }
accident-saved-late = ✅ 事故已报送，编号 <b>{ $ref }</b>。⚠️ 距发生已 { $delay } 分钟，已标记为迟报。{ $told ->
        [0] ⚠️ 没有送达任何领导群或监管员，请立即电话报告！
       *[other] 已送达 { $told } 处。
    }
accident-error-time = 没看懂这个时间。请输入如 14:30 或 11-23 14:30。
accident-error-future = 发生时间不能晚于现在。
accident-error-too-old = 时间太早了（超过 30 天）。请检查日期。
accident-error-casualties = 请输入两个数字：死亡人数和受伤人数，如「0 2」。
notify-accident =
    🚨 <b>事故直报 { $ref }</b> { $late }
    区域：{ $trail }
    发生：{ $occurred }（{ $delay } 分钟后报告）
    地点：{ $place }
    单位：{ $unit }
    死亡 { $deaths } 人，受伤 { $injuries } 人
    { $account }
expect-a-area = 请点按钮选择区域。
expect-a-time = 请点按钮，或输入时间，如 14:30。
expect-a-place = 请点「发送当前位置」，或输入地址。
expect-a-unit = 请输入单位名称，或点「不涉及具体单位」。
expect-a-casualties = 请输入死亡和受伤人数，如「0 2」。
expect-a-account = 请用文字说明事故经过。
expect-a-photos = 请发送照片，或点「跳过/完成」。
expect-a-review = 请点「立即报送」，或发送 /cancel 取消。

## Units

btn-unit-history = 🏭 该单位隐患记录
unit-history-title = 🏭 <b>{ $name }</b> { $repeat }
    最近 { $count } 条隐患：
## Life-cycle refusals

lifecycle-error-not-now = 这个隐患现在是「{ $status ->
        [reported] 待整改
        [rectifying] 整改中
        [verifying] 待复查
        [closed] 已销号
        [rejected] 不属实
       *[merged] 已合并
    }」，不能进行这个操作。可能别人刚处理过，请刷新后再看。
lifecycle-error-reason-needed = 请写明原因。
lifecycle-error-after-photo-needed = 请至少上传一张整改后的照片。
lifecycle-error-county-signoff = 挂牌督办隐患需要县级再次签字销号。
report-ask-photos-first = 请发送现场照片（1–{ $max } 张，可一次选多张发送）。
accident-in-progress = 正在填写事故直报，请先完成它，或发送 /cancel 取消。
accident-report-parked = 没填完的隐患上报已暂存，事故报送后继续。
report-unparked = 继续刚才的隐患上报：
accident-resume-offer = 有一份没报完的事故直报。继续报送，还是放弃？
report-error-no-right = 您在该区域的上报权限已被撤销，这份上报已作废。如有疑问请联系管理员。
hazard-open-private = 请先私聊机器人发送 /start，再点「查看详情」。

## Rectification events and refusals

event-assigned = 交办整改
event-progress = 报告整改进展
event-completed = 报告整改完成
event-fixed_on_spot = 边查边改，已当场整改
event-signed_township = 乡镇复查签字
event-closed = 复查验收，销号
event-returned = 退回重改
event-extended = 延长整改期限
event-rejected = 认定不属实
event-merged = 合并到
event-listed = 挂牌督办
event-rectifier_joined = 整改责任人加入
rectify-error-deadline-past = 整改期限不能早于今天。
rectify-error-who = 请指定整改责任人：选择已注册的整改责任人，或填写姓名和电话。
rectify-error-not-a-rectifier = 这个人不是该区域的整改责任人。
rectify-error-not-a-supervisor = 督办责任人必须是该区域的监管员。
rectify-error-extend-later = 新期限必须晚于原期限，且不早于今天。
rectify-error-merge-target = 只能合并到另一条未销号的隐患。
rectify-error-cannot-list = 只有未销号的重大隐患可以挂牌督办（且尚未挂牌）。

## Rectification in chat

photos-before = 整改前
photos-progress = 整改过程
photos-after = 整改后
btn-assign = 📋 交办整改
btn-reject = ❌ 不属实
btn-fix-on-spot = 🛠 已当场整改（边查边改）
btn-progress = 📝 报告进展
btn-complete = ✅ 整改完成
btn-extend = ⏰ 延长期限
btn-accept = ✅ 验收销号
btn-return = ↩️ 退回重改
btn-list = 📌 挂牌督办
btn-person = { $name }
btn-outside-person = ➕ 外部人员（填写姓名电话）
btn-supervisor-me = 👤 我来督办
btn-days = { $days } 天
btn-submit = 📤 提交
assign-ask-rectifier = 交办 <b>{ $ref }</b>：谁来整改（整改责任人）？
assign-ask-outside-name = 请输入整改责任人的姓名：
assign-ask-outside-phone = 请输入整改责任人的手机号：
assign-error-phone = 手机号格式不对，请重新输入。
assign-ask-supervisor = 谁来督办（督办责任人）？
assign-ask-deadline = 整改期限？点按钮，或输入日期如 2026-03-20。
assign-error-date = 没看懂这个日期，请输入如 2026-03-20 或 3-20。
assign-ask-measures = 期限 { $deadline }。请输入整改措施：
assign-done = ✅ 已交办 <b>{ $ref }</b>，整改期限 { $deadline }。
assign-outside-link = 请把这个链接发给 { $name }，对方点开即可接收整改任务：
    <code>{ $link }</code>
report-ask-progress = 报告 <b>{ $ref }</b> 的整改进展：发送文字说明和照片，然后点「提交」。
report-ask-complete = <b>{ $ref }</b> 整改完成：请发送整改后的照片（至少 1 张，最多 { $max } 张）和说明，然后点「提交」。
report-ask-fix = <b>{ $ref }</b> 已当场整改：请发送整改后的照片（至少 1 张）和说明，然后点「提交」。
report-note-saved = ✔️ 说明已记录。
report-after-photo = 📷 已收到 { $count } 张照片。
submitted-pg = ✅ 已报告 <b>{ $ref }</b> 的进展。
submitted-cp = ✅ 已报告 <b>{ $ref }</b> 整改完成，等待复查验收。
submitted-fx = ✅ 已记录 <b>{ $ref }</b> 当场整改，等待复查验收。
accept-first-signature = ✍️ 已签字复查 <b>{ $ref }</b>。挂牌督办隐患还需县级验收销号。
accept-closed = ✅ <b>{ $ref }</b> 已销号。
list-done = 📌 <b>{ $ref }</b> 已挂牌督办。
ask-reason-rt = 请输入退回 <b>{ $ref }</b> 的原因：
ask-reason-rj = 请输入认定 <b>{ $ref }</b> 不属实的原因：
ask-reason-ex = 请输入延期原因：
extend-ask-date = <b>{ $ref }</b> 现期限 { $deadline }。新的整改期限？（如 2026-03-20）
done-rt = ↩️ 已退回 <b>{ $ref }</b>。
done-rj = ❌ 已认定 <b>{ $ref }</b> 不属实。
done-ex = ⏰ 已延长 <b>{ $ref }</b> 的期限。
rectify-hint = 请按上一条消息的提示操作，或发送 /cancel 取消。
notify-assigned-rectifier = 📋 您有新的整改任务 <b>{ $ref }</b>，期限 { $deadline }。
    措施：{ $measures }
notify-reporter-assigned = 📋 您上报的 <b>{ $ref }</b> 已交办整改。
notify-verify = 🔍 <b>{ $ref }</b> 已整改，请复查验收。
notify-reporter-done = 🔧 您上报的 <b>{ $ref }</b> 已整改完成，等待验收。
notify-closed = ✅ <b>{ $ref }</b> 已验收销号。
notify-county-signoff = ✍️ 挂牌督办隐患 <b>{ $ref }</b> 乡镇已复查签字，请县级验收销号。
notify-returned = ↩️ <b>{ $ref }</b> 被退回重改：{ $reason }
notify-rejected = ❌ 您上报的 <b>{ $ref }</b> 经核查不属实：{ $reason }
notify-extended = ⏰ <b>{ $ref }</b> 整改期限延至 { $deadline }：{ $reason }
notify-listed = 📌 <b>挂牌督办</b>：重大隐患 <b>{ $ref }</b>（{ $area }）
    { $description }
btn-merge = 🔗 合并为重复
merge-ask-target = 把 <b>{ $ref }</b> 合并到哪条隐患？请输入它的编号：
merge-done = 🔗 已把 <b>{ $ref }</b> 合并到 <b>{ $into }</b>。
btn-accept-comment = ✍️ 验收销号（附意见）
ask-reason-acc = 请输入对 <b>{ $ref }</b> 的验收意见：
lifecycle-error-township-first = 挂牌督办隐患需先由乡镇复查签字，再由县级验收销号。
