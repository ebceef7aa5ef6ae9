## Invites

invite-ask-role = Invite whom into “{ $name }”?
invite-ask-uses = Inviting a { $role } into “{ $name }”. How many times may the link be used?
invite-uses = { $uses ->
    [0] No limit
    [1] Once
   *[other] { $uses } times
}
invite-ask-ttl = When should the link expire?
invite-ttl = { $days ->
    [1] 1 day
   *[other] { $days } days
}
invite-created =
    🔗 Invite link ready: { $role } · { $trail }
    Uses: { $uses ->
        [0] no limit
       *[other] { $uses }
    } · valid for { $days } day(s)
    <code>{ $link }</code>
    Send it to the person; opening it joins them.
invites-title = 📋 Active invites for “{ $name }” ({ $count })
invites-line = { $n }. { $role } · used { $used }/{ $uses ->
        [0] no limit
       *[other] { $uses }
    } · expires { $expires }
    <code>{ $link }</code>
btn-invite-revoke = Revoke #{ $n }
invite-revoked = Invite revoked.
invite-welcome = Welcome, { $name }! You joined { $trail } as <b>{ $role }</b>.
invite-already-held = You are already a { $role } of { $trail }.
invite-error-unknown = This invite link is not valid. Ask your administrator for a new one.
invite-error-expired = This invite link has expired. Ask your administrator for a new one.
invite-error-used-up = This invite link has been used up. Ask your administrator for a new one.
invite-error-revoked = This invite link was revoked. Ask your administrator for a new one.

## Members

members-title = 👥 People in “{ $name }” and its sub-areas ({ $count })
members-line = { $n }. { $name }{ $handle } — { $role } · { $area }
btn-member-revoke = Revoke { $n }. { $name }
member-revoke-confirm = Revoke this person's role in that area? It takes effect at once; the record is kept.
btn-confirm-revoke = ✅ Revoke
member-revoked = Revoked.
member-you-were-revoked = Your { $role } role in “{ $area }” was revoked by an administrator.
member-error-not-found = That membership was not found.

## Groups

group-welcome-bound = Hello! I am the SafeGrid bot. This group is bound to { $trail }; its digests will arrive here. Send /schedule to see when.
group-welcome = Hello! I am the SafeGrid bot. An administrator or leader of this group, please send /bind to bind it to your area; the dispatch, notice and assessment digests will then arrive here.
group-help = /bind — bind this group to an area (administrators and leaders)
    /unbind — unbind it
bind-not-allowed = Only administrators or leaders can bind this group. Join the bot through your invite link first.
bind-pick = Bind this group to which area?
bind-pick-under = { $trail }: bind here, or pick a sub-area.
btn-bind-here = ✅ Bind to “{ $name }”
btn-bind-below = Below ›
bind-done = ✅ This group is now bound to { $trail } (by { $by }). Digests will arrive here.
unbind-done = This group is unbound and will no longer receive digests.
unbind-not-bound = This group is not bound to an area.
