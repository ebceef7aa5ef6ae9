## The hazard ledger (台账)


ledger-title = 📒 <b>Hazard ledger</b> ({ $total } in all)
ledger-filters = Status: { $status } · Sector: { $sector } · Level: { $level } · { $overdue } · Area: { $area }
ledger-line = <code>{ $ref }</code> { $status } · { $sector } · { $level }{ $marks }
ledger-overdue-mark = ⏰{ $days } days overdue
ledger-listed-mark = 🔖listed
ledger-none = No hazards match.
ledger-all = all
ledger-all-areas = all areas
ledger-overdue-any = overdue or not
ledger-overdue-only = overdue only
ledger-overdue-not = not overdue
ledger-btn-status = Status: { $value }
ledger-btn-level = Level: { $value }
ledger-btn-sector = Sector: { $value } ▾
ledger-btn-overdue-off = ⏰ Overdue only
ledger-btn-overdue-on = ✅ Overdue only
ledger-btn-area = Area: { $value } ▾
ledger-btn-reset = ✖️ Clear filters
ledger-btn-export = 📥 Export to Excel
ledger-btn-back = « Back to the ledger
ledger-pick-sector = Filter by sector:
ledger-pick-area = Filter by area (your areas and the level below):
ledger-exporting = Building the Excel file…
ledger-export-empty = Nothing matches: there is nothing to export.
ledger-export-caption = 📒 Hazard ledger: { $count } rows (exported { $date })
ledger-export-capped = ⚠️ { $total } hazards match; only the newest { $max } were exported. Narrow the filter and export again.
