## Invites

invite-ask-role = 邀请什么角色加入「{ $name }」？
invite-ask-uses = 邀请{ $role }加入「{ $name }」。这个链接可以用几次？
invite-uses = { $uses ->
    [0] 不限次数
    [1] 仅一次
   *[other] { $uses } 次
}
invite-ask-ttl = 链接多久后失效？
invite-ttl = { $days } 天
invite-created =
    🔗 邀请链接已生成：{ $role } · { $trail }
    可用次数：{ $uses ->
        [0] 不限
       *[other] { $uses }
    } · 有效期：{ $days } 天
    <code>{ $link }</code>
    把链接发给对方，对方点开即可加入。
invites-title = 📋 「{ $name }」的有效邀请（{ $count } 个）
invites-line = { $n }. { $role } · 已用 { $used }/{ $uses ->
        [0] 不限
       *[other] { $uses }
    } · { $expires } 到期
    <code>{ $link }</code>
btn-invite-revoke = 作废第 { $n } 个
invite-revoked = 邀请已作废。
invite-welcome = 欢迎，{ $name }！您已作为<b>{ $role }</b>加入 { $trail }。
invite-already-held = 您已经是 { $trail } 的{ $role }了。
invite-error-unknown = 这个邀请链接无效。请向管理员索取新的链接。
invite-error-expired = 这个邀请链接已过期。请向管理员索取新的链接。
invite-error-used-up = 这个邀请链接已经用完了。请向管理员索取新的链接。
invite-error-revoked = 这个邀请链接已被作废。请向管理员索取新的链接。

## Members

members-title = 👥 「{ $name }」及下级区域的人员（{ $count } 人）
members-line = { $n }. { $name }{ $handle } — { $role } · { $area }
btn-member-revoke = 撤销 { $n }. { $name }
member-revoke-confirm = 确定撤销这个人在该区域的角色吗？撤销后立即生效，记录会保留。
btn-confirm-revoke = ✅ 确定撤销
member-revoked = 已撤销。
member-you-were-revoked = 您在「{ $area }」的{ $role }角色已被管理员撤销。
member-error-not-found = 没有找到这条人员记录。

## Groups

group-welcome-bound = 大家好！我是「安全网格」机器人。本群已绑定到 { $trail }，这里会收到该区域的调度、公告和考核简报；发 /schedule 查看时间。
group-welcome = 大家好！我是「安全网格」机器人。请本群的管理员或领导发送 /bind，把本群绑定到所管辖的区域，之后这里会收到调度、公告和考核简报。
group-help = /bind — 把本群绑定到区域（管理员或领导）
    /unbind — 解除绑定
bind-not-allowed = 只有管理员或领导可以绑定本群。请先通过邀请链接加入机器人。
bind-pick = 把本群绑定到哪个区域？
bind-pick-under = { $trail }：绑定到这里，或选择下级区域。
btn-bind-here = ✅ 绑定到「{ $name }」
btn-bind-below = 下级 ›
bind-done = ✅ 本群已绑定到 { $trail }（由 { $by } 操作）。简报将发到这里。
unbind-done = 本群已解除绑定，不再接收简报。
unbind-not-bound = 本群还没有绑定区域。
