## Roles and commands

role-admin = 管理员
role-leader = 领导
role-supervisor = 监管员
role-rectifier = 整改责任人
role-coordinator = 网格员

cmd-start = 开始
cmd-help = 帮助
cmd-cancel = 取消当前操作
cmd-me = 我的角色与区域
cmd-areas = 区域与人员
cmd-bind = 把本群绑定到区域
cmd-unbind = 解除本群绑定
cmd-ledger = 隐患台账

## First contact

start-stranger =
    这是「安全网格」机器人，网格员和安全协管员用它上报安全生产隐患，并跟踪整改直到销号。
    <b>群众举报</b>：不用注册，可以匿名，点「我要举报」；已经举报过的，凭回执码查询进度。
    如果您收到了邀请链接，请直接点开它加入。
start-staff = 您好，{ $name }！
help-stranger = 发 /tip 举报安全隐患（不用注册，可匿名），发 /status 凭回执码查询进度、和工作人员对话、领取奖励。工作人员请点开管理员发给您的邀请链接加入。
help-title = <b>可用功能</b>
help-admin = <b>管理员</b>：/areas 建立区域树（新建、改名、移动、批量导入），创建邀请链接，查看和撤销人员；/poster 为区域制作举报二维码海报。
help-leader = <b>领导</b>：在群里发送 /bind 把群绑定到区域，接收调度、公告和考核简报；/ledger 查看隐患台账；县级可对重大隐患挂牌督办；/tips 为属实的群众举报设定奖励。
help-supervisor = <b>监管员</b>：新隐患和群众举报会推送给您（/tips 待处理的举报：立为隐患、关联、不属实、给举报人留言）；在隐患卡片上交办整改、验收销号或退回；/ledger 隐患台账（筛选、导出 Excel）；/areas 查看辖区人员，邀请网格员和整改责任人。
help-rectifier = <b>整改责任人</b>：收到整改任务后，在卡片上「报告进展」，完成后点「整改完成」并上传整改后照片。/mine 查看我的上报。
help-coordinator = <b>网格员</b>：/report 上报隐患（拍照、定位，几步完成），/accident 事故直报，/mine 查看我的上报，/h 编号 查看隐患。
help-areas = /areas — 区域与人员
help-common = /me — 我的角色与区域
    /cancel — 取消当前操作
    /help — 本帮助

## /me

me-stranger = 您还没有加入任何区域。请点开管理员发给您的邀请链接。
me-title = <b>{ $name }</b>{ $handle }（ID { $id }）
me-global-admin = • 系统管理员（全部区域）
me-role-line = • { $role } — { $trail }
me-since = 加入时间：{ $date }

## Conversations

cancelled = 已取消。
nothing-to-cancel = 当前没有进行中的操作。
hint-send-text = 请直接发送文字。
hint-in-conversation = 请按上一条消息的提示操作，或发送 /cancel 取消。
hint-unknown-staff = 没有看懂这条消息。发送 /help 查看可用功能。
page-of = { $page }/{ $pages }

## Buttons

btn-cancel = ✖️ 取消
btn-back = « 返回
btn-up = ⬆️ 上一级

## Errors

error-generic = 操作没有完成，请重试。
error-not-allowed = 您没有权限进行这个操作。
error-not-found = 没有找到相关记录，可能已被删除或移动。
error-invalid-input = 输入不正确，请检查后重试。
error-conflict = 情况已有变化（可能别人刚处理过），请刷新后再看。
error-stale-button = 这个按钮已经失效，请重新打开菜单。
error-unexpected = 出了点问题，我们已经记录下来。请稍后重试。
