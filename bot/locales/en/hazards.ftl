## Sectors, levels, statuses

sector-road = Road traffic
sector-construction = Construction
sector-fire = Fire safety
sector-gas = Gas
sector-hazchem = Hazardous chemicals
sector-fireworks = Fireworks
sector-mining = Non-coal mining
sector-water = Waterways / fishing vessels
sector-equipment = Special equipment
sector-crowded = Crowded places
sector-industry = Industry / dust / confined spaces
sector-other = Other
level-general = General hazard
level-major = Major hazard
status-reported = To rectify
status-rectifying = Being rectified
status-verifying = Awaiting verification
status-closed = Signed off
status-rejected = Not a hazard
status-merged = Merged
event-reported = reported it
event-duplicate_report = added photos and a note

## Menu and commands

menu-report = 📝 Report a hazard
menu-accident = 🚨 Accident report
menu-mine = 📋 My reports
menu-hint = Use the menu below when you need it.
cmd-report = Report a hazard
cmd-accident = Accident quick report
cmd-mine = My reports
cmd-h = Show a hazard (add its number)

## Choosing an area

pick-area = In which area?
pick-area-under = “{ $name }”: choose it, or a sub-area.
btn-pick-here = 📍 “{ $name }” itself
btn-go-below = Below ›

## The report conversation

report-ask-sector = Which sector?
report-ask-level = How serious? (A major hazard also alerts the leader group.)
report-ask-place = Where is it? Tap the button to send your location, or type the address.
place-placeholder = or type the address
btn-send-location = 📍 Send my location
report-place-saved = 📍 Place saved.
report-ask-unit = Which business or unit is concerned? Type its name, or tap “No particular unit”.
report-ask-unit-recent = Which unit is concerned? Tap a recent one, or type the name.
btn-no-unit = No particular unit
report-ask-description = Describe the hazard briefly (or send a photo with a caption).
report-ask-photos = Send photos of the spot (1–{ $max }, several at once is fine). Received so far: { $count }.
report-photos-received = 📷 { $count } photo(s) received (at most { $max }). Send more, or tap “Done”.
report-photos-full = At most { $max } photos; the extra ones were not kept. Tap “Done”.
report-photos-needed = Please send at least one photo of the spot.
btn-photos-done = ✅ Done
report-chose = ✔️ { $value }
report-review =
    <b>Please check the report</b>
    Area: { $trail }
    Sector: { $sector }
    Level: { $level }
    Place: { $place }
    Unit: { $unit }
    Description: { $description }
    Photos: { $photos }
btn-edit-area = ✏️ Area
btn-edit-sector = ✏️ Sector
btn-edit-level = ✏️ Level
btn-edit-place = ✏️ Place
btn-edit-unit = ✏️ Unit
btn-edit-description = ✏️ Text
btn-edit-photos = ✏️ Photos
btn-confirm-report = ✅ Submit
report-saved = ✅ Reported as <b>{ $ref }</b>. { $told ->
        [0] This area has no supervisor yet; please tell your administrator.
        [1] 1 supervisor has been told.
       *[other] { $told } supervisors have been told.
    }
report-added-to = ✅ Your photos and note were added to hazard <b>{ $ref }</b>.
report-resume-offer = You have an unfinished hazard report. Continue it, or discard it and start again?
btn-resume = ▶️ Continue
btn-discard = 🗑 Discard
report-discarded = Discarded.
report-error-incomplete = Something is still missing; please follow the prompts.
unit-none = No particular unit
unit-repeat-offender = ⚠️ Repeat offender
unit-error-empty = Please type the unit's name.
unit-error-long = A unit name has at most { $max } characters.
input-error-empty = This cannot be empty; please type it again.
input-error-too-long = That is too long ({ $length } characters, at most { $max }); please shorten it and send again.
photo-error-not-image = This file is not an image. Send a photo, or a JPG/PNG image as a file.
photo-error-too-big = The image is too big: { $mb } MB at most. Compress it, or send it as a photo.
place-gps = GPS { $lat }, { $lon }

## Duplicates

dup-candidate =
    ⚠️ Possibly the same hazard: <b>{ $ref }</b> ({ $reported }){ $distance ->
        [-1] {""}
       *[other] · { $distance } m away
    }{ $same_unit ->
        [yes] · same unit
       *[no] {""}
    }
    { $description }
btn-same-hazard = Same hazard: add to it
dup-question = Similar reports were made in this area and sector in the last 14 days (above). If yours is one of them, tap “add to it” under it; if not:
btn-new-hazard = 🆕 No, report a new hazard

## Hazard cards

hazard-ask-ref = Add the hazard number after the command, e.g. /h 3305-2611-0001
hazard-error-not-found = No hazard with that number in your areas.
hazard-caption =
    <b>{ $ref }</b> · { $level } · { $sector }
    { $trail }
    Unit: { $unit } { $repeat }
    Status: { $status } · { $reported }
    { $description }
hazard-card =
    <b>Hazard { $ref }</b>
    { $level } · { $sector } · <b>{ $status }</b>
    Area: { $trail }
    Place: { $place }
    Unit: { $unit } { $repeat }
    Reported by { $reporter } · { $reported }
    Photos: { $photos }
    Description: { $description }
timeline-title = <b>History</b>
timeline-line = • { $at } { $who } ({ $role }) { $what } { $comment }
btn-view = 🔎 View
notify-new-hazard = 🆕 <b>New hazard reported</b>
notify-major-hazard = 🔴 <b>Major hazard reported</b>
mine-none = You have not reported any hazard yet.
mine-title = 📋 My reports ({ $count })
mine-line = <code>{ $ref }</code> { $date } { $sector } · { $level } · <b>{ $status }</b> { $repeat }

## Bad input

bad-input = { $got } { $expect }
input-text = That was text.
input-command = That was a command.
input-photo = That was a photo.
input-image-file = That was an image file.
input-file = That file is not an image.
input-sticker = That was a sticker.
input-voice = That was a voice message.
input-video = That was a video.
input-video-note = That was a video message.
input-audio = That was audio.
input-animation = That was an animation.
input-contact = That was a contact.
input-location = That was a location.
input-venue = That was a venue.
input-poll = That was a poll.
input-dice = That was a dice roll.
input-other = That kind of message cannot be used here.
expect-area = Please tap a button to choose the area.
expect-sector = Please tap a button to choose the sector.
expect-level = Please tap a button to choose the level.
expect-place = Please tap “Send my location”, or type the address.
expect-unit = Please type the unit's name, or tap a button.
expect-description = Please describe the hazard in text, or send a photo with a caption.
expect-photos = Please send photos (or images as files), then tap “Done”.
expect-review = Please check and tap “Submit”, or a button to change something.
expect-choosing_duplicate = Please tap a button: add to an existing hazard, or report a new one.

## Accident quick report

accident-ask-time = 🚨 <b>Accident report</b>: when did it happen? Tap a button, or type the time, e.g. 14:30 or 11-23 14:30.
btn-ago = { $minutes ->
    [0] Just now
    [30] About 30 min ago
    [60] About 1 hour ago
   *[other] About 2 hours ago
}
}
accident-ask-place = Where? Tap the button to send your location, or type the address.
accident-ask-unit = Which unit? Type its name, or tap “No particular unit”.
accident-ask-casualties = Casualties? Type the number of deaths and of injured, e.g. “0 2”.
btn-no-casualties = No casualties
accident-ask-account = Briefly, what happened?
accident-ask-photos = Send photos of the scene if you have them (at most { $max }), or tap “Skip/Done”.
accident-photo-received = 📷 Photo received. Send more, or tap “Skip/Done”.
btn-accident-photos-done = ✅ Skip/Done
accident-review =
    <b>🚨 Please check the accident report</b>
    Area: { $trail }
    Happened: { $occurred } ({ $delay } min ago) { $late }
    Place: { $place }
    Unit: { $unit }
    { $deaths } dead, { $injuries } injured
    Account: { $account }
    Photos: { $photos }
btn-accident-send = 🚨 Send now
accident-late-mark = ⚠️ Late
accident-saved = ✅ Accident reported as <b>{ $ref }</b> ({ $delay } min after it happened). { $told ->
        [0] ⚠️ It reached no leader group or supervisor: phone it in now!
       *[other] Delivered to { $told }.
    }
accident-saved-late = ✅ Accident reported as <b>{ $ref }</b>. ⚠️ { $delay } min after it happened: flagged as late. { $told ->
        [0] ⚠️ It reached no leader group or supervisor: phone it in now!
       *[other] Delivered to { $told }.
    }
accident-error-time = I did not understand that time. Type e.g. 14:30 or 11-23 14:30.
accident-error-future = It cannot have happened in the future.
accident-error-too-old = That is more than 30 days ago; please check the date.
accident-error-casualties = Please type two numbers: deaths, then injured, e.g. “0 2”.
notify-accident =
    🚨 <b>Accident report { $ref }</b> { $late }
    Area: { $trail }
    Happened: { $occurred } (reported { $delay } min later)
    Place: { $place }
    Unit: { $unit }
    { $deaths } dead, { $injuries } injured
    { $account }
expect-a-area = Please tap a button to choose the area.
expect-a-time = Please tap a button, or type the time, e.g. 14:30.
expect-a-place = Please tap “Send my location”, or type the address.
expect-a-unit = Please type the unit's name, or tap “No particular unit”.
expect-a-casualties = Please type deaths and injured, e.g. “0 2”.
expect-a-account = Please describe what happened in text.
expect-a-photos = Please send photos, or tap “Skip/Done”.
expect-a-review = Please tap “Send now”, or /cancel.

## Units

btn-unit-history = 🏭 This unit's hazards
unit-history-title = 🏭 <b>{ $name }</b> { $repeat }
    Latest { $count } hazards:
## Life-cycle refusals

lifecycle-error-not-now = This hazard is now “{ $status ->
        [reported] to rectify
        [rectifying] being rectified
        [verifying] awaiting verification
        [closed] signed off
        [rejected] not a hazard
       *[merged] merged
    }”, so this cannot be done. Someone may have just acted; please look again.
lifecycle-error-reason-needed = Please give the reason.
lifecycle-error-after-photo-needed = Please send at least one photo after the rectification.
lifecycle-error-county-signoff = A listed hazard needs a second sign-off at county level.
report-ask-photos-first = Send photos of the spot (1–{ $max }; you may pick several at once).
accident-in-progress = An accident report is being filled in; finish it first, or /cancel it.
accident-report-parked = Your unfinished hazard report is kept; it continues after the accident report.
report-unparked = Back to your hazard report:
accident-resume-offer = You have an unfinished accident report. Continue it, or discard it?
report-error-no-right = Your right to report in that area was revoked, so this report was discarded. Ask your administrator if unsure.
hazard-open-private = Open a private chat with the bot and send /start first, then tap “View” again.

## Rectification events and refusals

event-assigned = assigned the rectification
event-progress = reported progress
event-completed = reported the rectification done
event-fixed_on_spot = fixed it on the spot
event-signed_township = signed the township check
event-closed = verified and signed it off
event-returned = sent it back for rework
event-extended = extended the deadline
event-rejected = found it is not a hazard
event-merged = merged it into
event-listed = put it under listed supervision
event-rectifier_joined = joined as the rectifier
rectify-error-deadline-past = The deadline cannot be before today.
rectify-error-who = Name the rectifier: a registered one, or a name and phone number.
rectify-error-not-a-rectifier = That person is not a rectifier of this area.
rectify-error-not-a-supervisor = The supervising person must be a supervisor of this area.
rectify-error-extend-later = The new deadline must be later than the old one, and not before today.
rectify-error-merge-target = It can only be merged into another hazard that is still open.
rectify-error-cannot-list = Only an open major hazard can be listed (once).

## Rectification in chat

photos-before = Before
photos-progress = During the work
photos-after = After
btn-assign = 📋 Assign
btn-reject = ❌ Not a hazard
btn-fix-on-spot = 🛠 Fixed on the spot
btn-progress = 📝 Report progress
btn-complete = ✅ Done
btn-extend = ⏰ Extend the deadline
btn-accept = ✅ Verify and sign off
btn-return = ↩️ Send back
btn-list = 📌 List for supervision
btn-person = { $name }
btn-outside-person = ➕ Someone outside (name and phone)
btn-supervisor-me = 👤 I supervise it
btn-days = { $days } days
btn-submit = 📤 Submit
assign-ask-rectifier = Assigning <b>{ $ref }</b>: who fixes it (the rectifier)?
assign-ask-outside-name = The rectifier's name:
assign-ask-outside-phone = The rectifier's mobile number:
assign-error-phone = That is not a phone number; please type it again.
assign-ask-supervisor = Who supervises it?
assign-ask-deadline = Deadline? Tap a button, or type a date such as 2026-03-20.
assign-error-date = I did not understand that date; type e.g. 2026-03-20 or 3-20.
assign-ask-measures = Deadline { $deadline }. What are the measures?
assign-done = ✅ <b>{ $ref }</b> assigned, deadline { $deadline }.
assign-outside-link = Send this link to { $name }; opening it hands them the task:
    <code>{ $link }</code>
report-ask-progress = Progress on <b>{ $ref }</b>: send a note and photos, then tap “Submit”.
report-ask-complete = <b>{ $ref }</b> done: send photos after the work (at least 1, at most { $max }) and a note, then tap “Submit”.
report-ask-fix = <b>{ $ref }</b> fixed on the spot: send photos after the fix (at least 1) and a note, then tap “Submit”.
report-note-saved = ✔️ Note saved.
report-after-photo = 📷 { $count } photo(s) received.
submitted-pg = ✅ Progress on <b>{ $ref }</b> reported.
submitted-cp = ✅ <b>{ $ref }</b> reported done; waiting for verification.
submitted-fx = ✅ <b>{ $ref }</b> recorded as fixed on the spot; waiting for verification.
accept-first-signature = ✍️ You signed the check of <b>{ $ref }</b>. A listed hazard also needs the county's sign-off.
accept-closed = ✅ <b>{ $ref }</b> signed off.
list-done = 📌 <b>{ $ref }</b> is under listed supervision.
ask-reason-rt = Why is <b>{ $ref }</b> sent back?
ask-reason-rj = Why is <b>{ $ref }</b> not a hazard?
ask-reason-ex = Why is the deadline extended?
extend-ask-date = <b>{ $ref }</b> is due { $deadline }. The new deadline? (e.g. 2026-03-20)
done-rt = ↩️ <b>{ $ref }</b> sent back.
done-rj = ❌ <b>{ $ref }</b> recorded as not a hazard.
done-ex = ⏰ Deadline of <b>{ $ref }</b> extended.
rectify-hint = Please follow the last message, or send /cancel.
notify-assigned-rectifier = 📋 New rectification task <b>{ $ref }</b>, due { $deadline }.
    Measures: { $measures }
notify-reporter-assigned = 📋 Your report <b>{ $ref }</b> has been assigned for rectification.
notify-verify = 🔍 <b>{ $ref }</b> has been rectified; please verify it.
notify-reporter-done = 🔧 Your report <b>{ $ref }</b> has been rectified and awaits verification.
notify-closed = ✅ <b>{ $ref }</b> verified and signed off.
notify-county-signoff = ✍️ Listed hazard <b>{ $ref }</b> was signed by the township; it needs the county's sign-off.
notify-returned = ↩️ <b>{ $ref }</b> was sent back: { $reason }
notify-rejected = ❌ Your report <b>{ $ref }</b> was found not to be a hazard: { $reason }
notify-extended = ⏰ The deadline of <b>{ $ref }</b> is now { $deadline }: { $reason }
notify-listed = 📌 <b>Listed supervision</b>: major hazard <b>{ $ref }</b> ({ $area })
    { $description }
btn-merge = 🔗 Merge as duplicate
merge-ask-target = Merge <b>{ $ref }</b> into which hazard? Type its number:
merge-done = 🔗 <b>{ $ref }</b> merged into <b>{ $into }</b>.
btn-accept-comment = ✍️ Sign off with a comment
ask-reason-acc = Your verification comment on <b>{ $ref }</b>:
lifecycle-error-township-first = A listed hazard is checked and signed by the township first, then signed off by the county.
