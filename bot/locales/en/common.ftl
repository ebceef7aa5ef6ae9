## Roles and commands

role-admin = administrator
role-leader = leader
role-supervisor = supervisor
role-rectifier = rectifier
role-coordinator = grid coordinator

cmd-start = Start
cmd-help = Help
cmd-cancel = Cancel what you are doing
cmd-me = My roles and areas
cmd-areas = Areas and people
cmd-bind = Bind this group to an area
cmd-unbind = Unbind this group
cmd-ledger = Hazard ledger

## First contact

start-stranger =
    This is the SafeGrid bot: grid safety coordinators use it to report work-safety hazards and follow each one through rectification to sign-off.
    <b>Public tips</b>: no registration, anonymous if you wish: tap “Report a hazard”; if you already sent one, follow it up with your receipt code.
    If you were given an invite link, just open it to join.
start-staff = Hello, { $name }!
help-stranger = Send /tip to report a safety hazard (no registration, anonymous if you wish); /status with your receipt code to follow it up, talk to the staff and claim a reward. Staff: open the invite link your administrator sent you.
help-title = <b>What you can do</b>
help-admin = <b>Administrator</b>: /areas builds the area tree (create, rename, move, import), creates invite links, lists and revokes members; /poster makes a printable tip QR poster for an area.
help-leader = <b>Leader</b>: send /bind in a group to bind it to an area and receive the digests there; /ledger for the ledger; at county level, list major hazards for supervision; /tips to set rewards for tips found true.
help-supervisor = <b>Supervisor</b>: new hazards and public tips come to you (/tips: make a tip a hazard, link it, dismiss it, write to the tipster); on a hazard's card assign it, verify and sign it off, or send it back; /ledger for the ledger (filters, Excel export); /areas for your people and invites.
help-rectifier = <b>Rectifier</b>: when a task reaches you, use “Report progress” on its card, then “Done” with after-photos.
help-coordinator = <b>Grid coordinator</b>: /report a hazard (photos and location, a few taps), /accident for an accident quick report, /mine for your reports, /h with a number to see a hazard.
help-areas = /areas — areas and people
help-common = /me — my roles and areas
    /cancel — cancel what you are doing
    /help — this help

## /me

me-stranger = You have not joined any area yet. Open the invite link your administrator sent you.
me-title = <b>{ $name }</b>{ $handle } (ID { $id })
me-global-admin = • System administrator (all areas)
me-role-line = • { $role } — { $trail }
me-since = Joined: { $date }

## Conversations

cancelled = Cancelled.
nothing-to-cancel = Nothing is in progress.
hint-send-text = Please send text.
hint-in-conversation = Please follow the last message, or send /cancel to stop.
hint-unknown-staff = I did not understand that. Send /help to see what you can do.
page-of = { $page }/{ $pages }

## Buttons

btn-cancel = ✖️ Cancel
btn-back = « Back
btn-up = ⬆️ Up

## Errors

error-generic = That did not work; please try again.
error-not-allowed = You are not allowed to do that.
error-not-found = Not found: it may have been removed or moved.
error-invalid-input = That input is not valid; please check and try again.
error-conflict = Things changed meanwhile (someone may have just acted); please look again.
error-stale-button = This button no longer works; please open the menu again.
error-unexpected = Something went wrong and it has been logged. Please try again later.
