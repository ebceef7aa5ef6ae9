## Area browser

areas-none = 还没有任何区域。请先新建一个县级区域。
areas-top = <b>区域</b>（{ $count } 个）：选择一个区域查看。
areas-panel =
    📍 <b>{ $name }</b> <code>{ $code }</code>
    { $trail }
    下级区域：{ $children } 个
areas-tree-title = 🌳 <b>{ $name }</b> 区域树（共 { $count } 个）
btn-area-add-top = ➕ 新建县级区域
btn-area-add = ➕ 新建下级
btn-area-rename = ✏️ 改名
btn-area-move = ↔️ 移动
btn-area-import = 📥 批量导入
btn-area-members = 👥 人员
btn-area-invite = 🔗 邀请
btn-area-invites = 📋 有效邀请
btn-area-tree = 🌳 树形列表
btn-use-code = 使用 { $code }
btn-move-top = ⬆️ 设为顶级区域

area-ask-name-top = 请输入新县级区域的名称：
area-ask-name-child = 请输入「{ $parent }」下级区域的名称：
area-ask-code = 请输入「{ $name }」的代码（2–16 位大写字母或数字，如行政区划代码），或点按钮使用建议代码：
area-created = ✅ 已新建区域 <b>{ $name }</b> <code>{ $code }</code>。
area-ask-rename = 请输入「{ $name }」的新名称：
area-renamed = ✅ 已将「{ $old }」改名为「{ $name }」。
area-ask-move = 把「{ $name }」移到哪个区域下面？
area-move-none = 没有可以移到的区域。
area-moved = 已移动「{ $name }」。

area-error-name-empty = 名称不能为空，请重新输入。
area-error-name-long = 名称最多 { $max } 个字，请重新输入。
area-error-code-format = 代码只能是 2–16 位大写字母或数字，请重新输入。
area-error-code-taken = 代码 { $code } 已被其他区域使用，请换一个。
area-error-not-found = 没有找到这个区域。
area-error-move-into-itself = 不能把区域移到它自己或它的下级区域下面。

## Import

import-ask-file =
    请发送要导入到「{ $name }」下的 CSV 或 Excel（.xlsx）文件。
    第一行为表头：<code>乡镇,乡镇代码,村社区,村社区代码</code>（代码可留空，自动生成）。
import-hint-send-file = 请以文件形式发送 CSV 或 .xlsx 表格，或发送 /cancel 取消。
import-error-file-type = 只能导入 .csv 或 .xlsx 文件。
import-error-file-size = 文件太大，最多 { $mb } MB。
import-error-encoding = 无法识别文件编码，请另存为 UTF-8 编码的 CSV。
import-error-not-a-table = 无法读取这个表格文件，请检查后重新发送。
import-error-empty = 文件是空的。
import-error-header = 第一行必须是表头，至少包含「乡镇」列。
import-error-too-many = 一次最多导入 { $max } 行。
import-row = 第 { $line } 行：{ $problem }
import-row-township-empty = 乡镇名称为空
import-row-village-empty = 填了村社区代码，但村社区名称为空
import-row-name-long = 名称「{ $name }」超过 { $max } 个字
import-row-code-format = 代码「{ $code }」格式不对（2–16 位大写字母或数字）
import-row-township-code-differs = 乡镇「{ $name }」的代码与第 { $other } 行不一致
import-row-code-repeated = 代码 { $code } 与第 { $other } 行重复
import-row-duplicate = 与第 { $other } 行重复
import-row-code-taken = 代码 { $code } 已被区域「{ $name }」使用
import-row-code-mismatch = 「{ $name }」已存在，代码是 { $code }，与表中不一致
import-failed = ❌ 文件中有 { $count } 处问题，没有导入任何区域。请修改后重新发送：
import-done = ✅ 已导入到「{ $parent }」：新建 { $created } 个区域，{ $existing } 个已存在。
