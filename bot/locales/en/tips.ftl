## Public tips (举报): the tipster's side

cmd-tip = Report a safety hazard (anonymous if you wish)
cmd-status = Follow up a tip with its receipt code
cmd-tips = Public tips
cmd-poster = Tip QR poster
btn-tip-start = 📣 Report a hazard
btn-tip-status = 🔎 Follow up with a receipt code
tip-intro =
    📣 <b>Work-safety tip</b>
    No registration. Anonymous by default: the staff handling tips cannot see who you are. Send /cancel at any time to give up.
tip-ask-area = In which area is the hazard?
tip-area-from-link = 📍 Area: { $trail }
tip-link-unknown = The area of this QR code no longer exists; please choose the area.
tip-ask-sector = What kind of problem is it? If unsure, choose “Other”.
tip-ask-place =
    Where exactly? Type an address, send a location, or tap “Skip”.
    Note: “Send my location” sends where your phone is right now.
btn-tip-skip-place = Skip
tip-place-noted = 📍 Noted.
tip-ask-description = Describe what you saw: which business, what is wrong, since when. You can also send a photo with a caption.
tip-ask-photos = Send photos if you have them (up to { $max }; files are fine). Location and phone details are removed from them. No photos? Tap “Done”.
btn-tip-photos-done = ✅ Done
tip-photo-cleaned = 🧹 Location and phone details were removed from this image; this is what the staff will see.
tip-photos-received = 📷 { $count } photo(s) received (up to { $max }). Send more, or tap “Done”.
tip-place-given = given
tip-place-none = not given
tip-review =
    <b>Please check</b>
    Area: { $trail }
    Kind: { $sector }
    Place: { $place }
    Description: { $description }
    Photos: { $photos }

    <b>Anonymous</b>: nobody learns who you are; your receipt code lets you follow up, talk to the staff and claim a reward.
    <b>Named</b>: leave a name and phone, given only to the leader paying the reward when you claim it.
btn-tip-anonymous = 🕶 Send anonymously (recommended)
btn-tip-named = 🙋 Send with my name
tip-consent =
    <b>Named tip</b>
    Your name and phone are stored encrypted and given only to the leader in charge of rewards when you claim one, so they can pay you. The staff handling tips and everyone else cannot see them. Do you agree?
btn-tip-consent = I agree, enter contact
tip-ask-name = Your name, please.
tip-ask-phone = Your mobile number, please.
tip-submitted =
    ✅ <b>Tip sent. Thank you!</b>

    Your receipt code:
    <code>{ $receipt }</code>

    Write it down or take a screenshot and keep it safe. With it you can follow the tip, talk to the staff and claim a reward.
    It is shown only this once and cannot be recovered. To follow up, send /status
tip-bad-input = { $step ->
        [choosing_area] Please choose the area with the buttons above.
        [choosing_sector] Please choose the kind with the buttons above.
        [waiting_for_place] Please type an address, send a location, or tap “Skip”.
        [waiting_for_photos] Please send photos, or tap “Done”.
        [choosing_identity] Please choose anonymous or named with the buttons above.
       *[other] Please answer the question above, or send /cancel to give up.
    }
tip-error-rate = You have sent several tips just now; please wait { $minutes } minutes. Thank you for caring!
tip-error-rate-day = You have sent many tips today; please come back tomorrow. Thank you for caring!
tip-error-rate-area = This area has just received many tips; please wait { $minutes } minutes.
tip-error-incomplete = The tip is not complete yet; please answer the questions.
tip-error-name = The name must not be empty, at most { $max } characters.
tip-error-phone = Please enter a valid phone number (digits).
tip-error-image = This file cannot be opened as a picture, or its format is not supported. Please send another photo.

## Following a tip with the receipt

tip-ask-receipt = Enter your 16-digit receipt code (spaces are fine).
tip-error-receipt = No tip has this receipt code. Please check it and try again.
tip-error-receipt-format = A receipt code has 16 digits; please check it.
tip-error-receipt-wait = Too many tries; please wait { $minutes } minutes.
tip-error-erased = This tip is past its keeping period; its receipt code no longer works.
tip-status-card =
    <b>Your tip</b>
    Sent: { $received }
    Area: { $trail }
    Kind: { $sector }
    State: { $status }
tip-status-new = waiting to be checked
tip-status-accepted = accepted as a hazard, being fixed
tip-status-closed = the hazard was fixed and signed off
tip-status-rejected = found not true on site
tip-status-duplicate = already being handled; joined to that case
tip-status-dismissed = found not true: { $reason }
tip-reward-due = 🎁 The tip was true; a reward can be set.
tip-reward-offered = 🎁 Reward: { $amount } yuan, ready to claim.
tip-reward-claimed = 🎁 Reward of { $amount } yuan claimed, reference { $claim }.
tip-thread-earlier = … { $count } earlier messages not shown
tip-photos-of = Photos of tip { $ref }
tip-error-duplicate-closed = That hazard is finished (signed off, not true or merged) and cannot take a tip; make it a new hazard or dismiss it.
tip-thread-title = <b>Messages</b>
tip-thread-you = You ({ $at }): { $text }
tip-thread-staff = Staff ({ $at }): { $text }
tip-thread-tipster = Tipster ({ $at }): { $text }
btn-tip-reply = ✉️ Reply to the staff
btn-tip-claim = 🎁 Claim the reward
btn-tip-claim-yes = ✅ Confirm the claim
btn-tip-done = Done
tip-ask-reply = Type your message to the staff (they will not learn who you are).
tip-reply-sent = ✅ Passed on to the staff.
tip-claim-confirm = Claim the reward of { $amount } yuan?
tip-claimed-anonymous =
    ✅ Reward of { $amount } yuan claimed. Claim reference: <code>{ $claim }</code>
    Keep it with your receipt code; you collect the reward with them, and this bot will tell you how.
tip-claimed-named = ✅ Reward of { $amount } yuan claimed, reference { $claim }. The leader in charge will call you on the number you gave.

## Messages relayed to the tipster

tipster-notify-message =
    📨 A message from the staff about your tip:
    { $text }

    To reply, send /status and your receipt code.
tipster-notify-accepted = 📣 Your tip was accepted as a hazard and is being fixed. Thank you! Send /status to follow it.
tipster-notify-duplicate = 📣 What you reported was already known and is being handled; your tip joins that case. Thank you!
tipster-notify-dismissed =
    📣 Your tip was found not true: { $reason }
    To add something, send /status with your receipt code and reply.
tipster-notify-closed = 📣 The hazard you reported has been fixed and signed off. Thank you for watching out!
tipster-notify-rejected = 📣 What you reported was found not true on site. To add something, send /status with your receipt code and reply.
tipster-notify-reward = 🎁 Your tip was true: you earned a reward of { $amount } yuan. Send /status with your receipt code to claim it.

## Staff and tips

notify-new-tip = 📣 <b>New public tip { $ref }</b>: please check it.
notify-tip-message =
    📨 The tipster of { $ref } replied:
    { $text }
notify-tip-reward-due = 🎁 Hazard { $hazard } from tip { $ref } was signed off: the tip was true. Please set a reward.
notify-tip-claimed-anonymous = 🎁 The reward of { $amount } yuan for tip { $ref } was claimed by its anonymous tipster. Claim reference: <code>{ $claim }</code>; pay against it.
notify-tip-claimed-named =
    🎁 The reward of { $amount } yuan for tip { $ref } was claimed, reference { $claim }.
    Contact (only for paying the reward; keep it safe): { $name } { $phone }
tip-card =
    <b>Public tip { $ref }</b>
    Area: { $trail }
    Kind: { $sector }
    Place: { $place }
    Received: { $received }
    Sent: { $mode }
    State: { $status }
    Description: { $description }
tip-mode-anonymous = anonymously
tip-mode-named = with a name (given to the reward leader at claim)
tip-erased-note = Past its keeping period: the way to reach the tipster has been erased.
btn-tip-general = Make it a general hazard
btn-tip-major = Make it a major hazard
btn-tip-duplicate = 🔗 Link to a hazard
btn-tip-dismiss = ✖️ Not true
btn-tip-message = ✉️ Write to the tipster
btn-tip-reward = 🎁 Set a reward
tips-title = Public tips waiting for you ({ $count }):
tips-none = No public tips are waiting for you.
tip-ask-hazard-ref = Enter the number of the existing hazard (e.g. 3305-2611-0042).
tip-ask-dismiss-reason = Why is it not true? (The tipster will read this.)
tip-ask-message = Type your message to the tipster (they see “Staff”, not your name).
tip-ask-amount = Reward in yuan (a whole number):
event-from-tip = (from public tip { $ref })
tip-converted = ✅ Tip { $ref } is now hazard <b>{ $hazard }</b> in the rectification loop. The tipster was told.
tip-linked = ✅ Tip { $ref } is linked to hazard { $hazard }. The tipster was told.
tip-dismissed = ✅ Tip { $ref } marked not true; the tipster got the reason.
tip-message-sent = ✅ Passed on to the tipster of { $ref }.
tip-message-kept = Message saved, but the tipster cannot be reached now (they may have blocked the bot); they will see it when they follow up.
tip-reward-set = ✅ Reward of { $amount } yuan set for tip { $ref }; the tipster was told to claim it.
tip-error-not-found = No such tip, or it is outside your areas.
tip-error-already-triaged = This tip has already been handled.
tip-error-not-eligible = Only tips found true (their hazard signed off) can be rewarded.
tip-error-claimed = The reward has already been claimed.
tip-error-no-reward = There is no reward to claim for this tip yet.
tip-error-amount = Enter a whole number of yuan from 1 to { $max }.

## The QR poster

poster-pick-area = Which area is the tip QR poster for?
poster-making = Making the poster…
poster-title = 安全生产举报
poster-invitation = 发现安全隐患或非法违法生产经营行为？手机扫码即可举报，可以匿名，信息严格保密。
poster-caption = Tip QR poster for “{ $name }”, ready to print. The code opens: { $link }
