## Area browser

areas-none = There are no areas yet. Create a county first.
areas-top = <b>Areas</b> ({ $count }): choose one.
areas-panel =
    📍 <b>{ $name }</b> <code>{ $code }</code>
    { $trail }
    Sub-areas: { $children }
areas-tree-title = 🌳 <b>{ $name }</b> area tree ({ $count } in all)
btn-area-add-top = ➕ New county
btn-area-add = ➕ New sub-area
btn-area-rename = ✏️ Rename
btn-area-move = ↔️ Move
btn-area-import = 📥 Import
btn-area-members = 👥 People
btn-area-invite = 🔗 Invite
btn-area-invites = 📋 Active invites
btn-area-tree = 🌳 Tree
btn-use-code = Use { $code }
btn-move-top = ⬆️ Make it top-level

area-ask-name-top = Name of the new county:
area-ask-name-child = Name of the new area under “{ $parent }”:
area-ask-code = Code for “{ $name }” (2–16 capital letters or digits, e.g. the division code), or tap to use the suggested one:
area-created = ✅ Created <b>{ $name }</b> <code>{ $code }</code>.
area-ask-rename = New name for “{ $name }”:
area-renamed = ✅ Renamed “{ $old }” to “{ $name }”.
area-ask-move = Move “{ $name }” under which area?
area-move-none = There is nowhere to move it.
area-moved = Moved “{ $name }”.

area-error-name-empty = The name cannot be empty; please type it again.
area-error-name-long = Names have at most { $max } characters; please type it again.
area-error-code-format = A code is 2–16 capital letters or digits; please type it again.
area-error-code-taken = Code { $code } is used by another area; please choose another.
area-error-not-found = That area was not found.
area-error-move-into-itself = An area cannot move under itself or one of its sub-areas.

## Import

import-ask-file =
    Send a CSV or Excel (.xlsx) file to import under “{ $name }”.
    First row is the header: <code>township,township_code,village,village_code</code> (codes may be blank and are generated).
import-hint-send-file = Please send the CSV or .xlsx table as a file, or /cancel.
import-error-file-type = Only .csv or .xlsx files can be imported.
import-error-file-size = The file is too big: { $mb } MB at most.
import-error-encoding = The file's text encoding is not recognised; save it as UTF-8 CSV.
import-error-not-a-table = This spreadsheet cannot be read; please check it and send it again.
import-error-empty = The file is empty.
import-error-header = The first row must be a header with at least a “township” column.
import-error-too-many = At most { $max } rows at a time.
import-row = Line { $line }: { $problem }
import-row-township-empty = the township name is empty
import-row-village-empty = a village code is given but the village name is empty
import-row-name-long = the name “{ $name }” is longer than { $max } characters
import-row-code-format = the code “{ $code }” is not 2–16 capital letters or digits
import-row-township-code-differs = township “{ $name }” has a different code on line { $other }
import-row-code-repeated = code { $code } is also used on line { $other }
import-row-duplicate = repeats line { $other }
import-row-code-taken = code { $code } is already used by “{ $name }”
import-row-code-mismatch = “{ $name }” exists with code { $code }, which differs from the file
import-failed = ❌ The file has { $count } problem(s); nothing was imported. Please fix and send it again:
import-done = ✅ Imported under “{ $parent }”: { $created } area(s) created, { $existing } already there.
