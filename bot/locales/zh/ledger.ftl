## The hazard ledger (台账)


ledger-title = 📒 <b>隐患台账</b>（共 { $total } 条）
ledger-filters = 状态：{ $status } · 领域：{ $sector } · 等级：{ $level } · { $overdue } · 区域：{ $area }
ledger-line = <code>{ $ref }</code> { $status } · { $sector } · { $level }{ $marks }
ledger-overdue-mark = ⏰逾期 { $days } 天
ledger-listed-mark = 🔖挂牌督办
ledger-none = 没有符合条件的隐患。
ledger-all = 全部
ledger-all-areas = 全部区域
ledger-overdue-any = 逾期不限
ledger-overdue-only = 仅看逾期
ledger-overdue-not = 未逾期
ledger-btn-status = 状态：{ $value }
ledger-btn-level = 等级：{ $value }
ledger-btn-sector = 领域：{ $value } ▾
ledger-btn-overdue-off = ⏰ 只看逾期
ledger-btn-overdue-on = ✅ 只看逾期
ledger-btn-area = 区域：{ $value } ▾
ledger-btn-reset = ✖️ 清除筛选
ledger-btn-export = 📥 导出 Excel
ledger-btn-back = « 返回台账
ledger-pick-sector = 按行业领域筛选：
ledger-pick-area = 按区域筛选（辖区及其下一级）：
ledger-exporting = 正在生成 Excel…
ledger-export-empty = 没有符合条件的记录，无需导出。
ledger-export-caption = 📒 隐患台账：{ $count } 条（{ $date } 导出）
ledger-export-capped = ⚠️ 符合条件的共 { $total } 条，只导出了最新的 { $max } 条。请先筛选缩小范围再导出。
