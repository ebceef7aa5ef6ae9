## Public tips (举报): the tipster's side

cmd-tip = 举报安全隐患（可匿名）
cmd-status = 凭回执码查询举报
cmd-tips = 群众举报
cmd-poster = 举报二维码海报
btn-tip-start = 📣 我要举报
btn-tip-status = 🔎 凭回执码查询举报
tip-intro =
    📣 <b>安全生产举报</b>
    不用注册。默认匿名：处理举报的工作人员看不到您是谁。随时发 /cancel 可以放弃。
tip-ask-area = 隐患在哪个区域？
tip-area-from-link = 📍 区域：{ $trail }
tip-link-unknown = 这个二维码对应的区域已不存在，请重新选择区域。
tip-ask-sector = 属于哪一类？拿不准就选「其他」。
tip-ask-place =
    具体在哪里？可以输入地址，或发送位置，或点「跳过」。
    提醒：「发送当前位置」发的是您手机此刻的位置。
btn-tip-skip-place = 跳过
tip-place-noted = 📍 已记录。
tip-ask-description = 请描述您发现的问题：哪个单位、什么情况、什么时候。也可以直接发一张带文字说明的照片。
tip-ask-photos = 有照片可以发过来（最多 { $max } 张，可以作为文件发送）。照片里的位置和手机信息会被去除。没有照片就点「完成」。
btn-tip-photos-done = ✅ 完成
tip-photo-cleaned = 🧹 已去除这张图片里的位置和手机信息，工作人员看到的就是这张。
tip-photos-received = 📷 已收到 { $count } 张照片（最多 { $max } 张）。继续发送，或点「完成」。
tip-place-given = 已提供
tip-place-none = 未提供
tip-review =
    <b>请核对</b>
    区域：{ $trail }
    类别：{ $sector }
    位置：{ $place }
    描述：{ $description }
    照片：{ $photos } 张

    <b>匿名</b>提交：谁也不知道您是谁，凭回执码查询进度、和工作人员对话、领取奖励。
    <b>实名</b>提交：留下姓名和电话，只在领取奖励时交给负责奖励的领导。
btn-tip-anonymous = 🕶 匿名提交（推荐）
btn-tip-named = 🙋 实名提交
tip-consent =
    <b>实名举报</b>
    您的姓名和电话会加密保存，只在您领取举报奖励时交给负责奖励的领导，用于联系您发放奖励。处理举报的工作人员和其他任何人都看不到。同意吗？
btn-tip-consent = 同意，填写联系方式
tip-ask-name = 请输入您的姓名。
tip-ask-phone = 请输入您的手机号码。
tip-submitted =
    ✅ <b>举报已提交，谢谢您！</b>

    您的回执码：
    <code>{ $receipt }</code>

    请抄下或截图，妥善保存。凭回执码可以查询处理进度、和工作人员对话、领取奖励。
    回执码只显示这一次，丢了无法找回。查询请发 /status
tip-bad-input = { $step ->
        [choosing_area] 请点上面的按钮选择区域。
        [choosing_sector] 请点上面的按钮选择类别。
        [waiting_for_place] 请输入地址、发送位置，或点「跳过」。
        [waiting_for_photos] 请发送照片，或点「完成」。
        [choosing_identity] 请点上面的按钮，选择匿名或实名提交。
       *[other] 请按上面的提示回答，或发 /cancel 放弃。
    }
tip-error-rate = 您提交得比较频繁，请 { $minutes } 分钟后再提交。感谢您的热心！
tip-error-rate-day = 今天您已经提交了很多举报，请明天再来。感谢您的热心！
tip-error-rate-area = 这个区域刚刚收到很多举报，请 { $minutes } 分钟后再提交。
tip-error-incomplete = 举报还缺少内容，请按提示补全。
tip-error-name = 姓名不能为空，最多 { $max } 个字。
tip-error-phone = 请输入正确的电话号码（数字）。
tip-error-image = 这个文件打不开，不是图片，或者格式不支持。请换一张照片。

## Following a tip with the receipt

tip-ask-receipt = 请输入 16 位回执码（可以带空格）。
tip-error-receipt = 没有找到这个回执码。请核对后再试。
tip-error-receipt-format = 回执码是 16 位数字，请核对后再输入。
tip-error-receipt-wait = 尝试次数太多，请 { $minutes } 分钟后再试。
tip-error-erased = 这条举报已超过保存期限，回执码已失效。
tip-status-card =
    <b>举报进度</b>
    提交时间：{ $received }
    区域：{ $trail }
    类别：{ $sector }
    状态：{ $status }
tip-status-new = 待核查
tip-status-accepted = 已受理，立为隐患，正在整改
tip-status-closed = 隐患已整改完毕并销号
tip-status-rejected = 经现场核查不属实
tip-status-duplicate = 该问题已在处理中，已并入一起处理
tip-status-dismissed = 经核查不属实：{ $reason }
tip-reward-due = 🎁 举报属实，可以设定奖励。
tip-reward-offered = 🎁 举报奖励：{ $amount } 元，待领取。
tip-reward-claimed = 🎁 举报奖励 { $amount } 元已确认领取，凭证 { $claim }。
tip-thread-earlier = ……更早的 { $count } 条留言未显示
tip-photos-of = 举报 { $ref } 的照片
tip-error-duplicate-closed = 这条隐患已经办结（销号、不属实或已合并），不能再关联；请立为新隐患或说明不属实。
tip-thread-title = <b>对话</b>
tip-thread-you = 您（{ $at }）：{ $text }
tip-thread-staff = 工作人员（{ $at }）：{ $text }
tip-thread-tipster = 举报人（{ $at }）：{ $text }
btn-tip-reply = ✉️ 回复工作人员
btn-tip-claim = 🎁 领取奖励
btn-tip-claim-yes = ✅ 确认领取
btn-tip-done = 完成
tip-ask-reply = 请输入要转给工作人员的话（他们不会知道您是谁）。
tip-reply-sent = ✅ 已转给工作人员。
tip-claim-confirm = 确认领取 { $amount } 元举报奖励？
tip-claimed-anonymous =
    ✅ 已确认领取 { $amount } 元。领奖凭证：<code>{ $claim }</code>
    请保存好凭证和回执码，凭它们领取奖励；领取方式会通过本机器人告诉您。
tip-claimed-named = ✅ 已确认领取 { $amount } 元，凭证 { $claim }。负责奖励的领导会按您留下的电话联系您。

## Messages relayed to the tipster

tipster-notify-message =
    📨 关于您的举报，工作人员留言：
    { $text }

    回复请发 /status 并输入回执码。
tipster-notify-accepted = 📣 您的举报已受理，立为隐患，正在整改。谢谢您！发 /status 可以查看进度。
tipster-notify-duplicate = 📣 您举报的问题已经有人报告过，正在处理，已并入一起处理。谢谢您！
tipster-notify-dismissed =
    📣 您的举报经核查不属实：{ $reason }
    如有补充，可以发 /status 输入回执码后回复。
tipster-notify-closed = 📣 您举报的隐患已整改完毕并销号。谢谢您的监督！
tipster-notify-rejected = 📣 您举报的问题经现场核查不属实。如有补充，可以发 /status 输入回执码后回复。
tipster-notify-reward = 🎁 您的举报经查属实，获得举报奖励 { $amount } 元。发 /status 输入回执码即可领取。

## Staff and tips

notify-new-tip = 📣 <b>新的群众举报 { $ref }</b>，请核查。
notify-tip-message =
    📨 举报 { $ref } 的举报人回复：
    { $text }
notify-tip-reward-due = 🎁 举报 { $ref } 反映的隐患 { $hazard } 已销号，举报属实，请设定举报奖励。
notify-tip-claimed-anonymous = 🎁 举报 { $ref } 的奖励 { $amount } 元已由匿名举报人确认领取。领奖凭证：<code>{ $claim }</code>，请凭此凭证发放。
notify-tip-claimed-named =
    🎁 举报 { $ref } 的奖励 { $amount } 元已由举报人确认领取，凭证 { $claim }。
    联系方式（仅用于发放奖励，请妥善保管）：{ $name } { $phone }
tip-card =
    <b>群众举报 { $ref }</b>
    区域：{ $trail }
    类别：{ $sector }
    位置：{ $place }
    收到：{ $received }
    方式：{ $mode }
    状态：{ $status }
    描述：{ $description }
tip-mode-anonymous = 匿名
tip-mode-named = 实名（联系方式在领奖时提供给负责奖励的领导）
tip-erased-note = 已过保存期限：与举报人的联系通道已删除。
btn-tip-general = 立为一般隐患
btn-tip-major = 立为重大隐患
btn-tip-duplicate = 🔗 关联已有隐患
btn-tip-dismiss = ✖️ 不属实
btn-tip-message = ✉️ 给举报人留言
btn-tip-reward = 🎁 设定奖励
tips-title = 待处理的群众举报（{ $count }）：
tips-none = 没有待处理的群众举报。
tip-ask-hazard-ref = 请输入已有隐患的编号（如 3305-2611-0042）。
tip-ask-dismiss-reason = 请说明不属实的理由（举报人会看到）。
tip-ask-message = 请输入给举报人的留言（对方只看到“工作人员”，看不到您的名字）。
tip-ask-amount = 奖励金额（元，整数）：
event-from-tip = （来自群众举报 { $ref }）
tip-converted = ✅ 举报 { $ref } 已立为隐患 <b>{ $hazard }</b>，进入整改流程。举报人已收到通知。
tip-linked = ✅ 举报 { $ref } 已关联隐患 { $hazard }，举报人已收到通知。
tip-dismissed = ✅ 举报 { $ref } 已标记为不属实，举报人已收到理由。
tip-message-sent = ✅ 已转给举报 { $ref } 的举报人。
tip-message-kept = 留言已保存，但暂时送不到举报人（可能屏蔽了机器人）；对方查询时能看到。
tip-reward-set = ✅ 举报 { $ref } 的奖励 { $amount } 元已设定，已通知举报人领取。
tip-error-not-found = 没有找到这条举报，或不在您的辖区。
tip-error-already-triaged = 这条举报已经处理过了。
tip-error-not-eligible = 只有经查属实（隐患已销号）的举报才能设定奖励。
tip-error-claimed = 奖励已经领取了。
tip-error-no-reward = 这条举报还没有可领取的奖励。
tip-error-amount = 请输入 1 到 { $max } 之间的整数金额（元）。

## The QR poster

poster-pick-area = 为哪个区域制作举报二维码海报？
poster-making = 正在生成海报……
poster-title = 安全生产举报
poster-invitation = 发现安全隐患或非法违法生产经营行为？手机扫码即可举报，可以匿名，信息严格保密。
poster-caption = 「{ $name }」举报二维码海报，可打印张贴。扫码打开：{ $link }
