"""What mtl_core says, in Simplified Chinese: the core's English templates and their translations.

Each key is a sentence exactly as the core writes it, with its f-string expressions replaced by ``{fields}``
(simple names: ``{n}`` for a count, ``{column}`` for a column name, ``{subject}`` for "The file 'x.csv'"); each
value is the same sentence for a teacher, with the same fields. ``dashboard/messages/core.py`` matches a text
against these (see its docstring); a field holding a phrase of the core ("The uploaded table", "an input",
"UTF-8 encoding") is translated by the phrase's own entry, a field named in :data:`FIELD_WORDS` with
``messages.word``. One entry per distinct sentence: a message made of several sentences is translated sentence
by sentence, so a sentence shared by many messages (``_EXPORT_FIX``) has one entry.

To add a message: copy the sentence from the core, replace each ``{expression}`` by a simple name, and write
the Chinese with the same names. ``tests/dashboard/test_core_text.py`` runs the core over bad files and
settings and fails on any sentence left in English.
"""

FIELD_WORDS = {  # fields whose value is a code of the core, translated with messages.word(group, value)
    "role": "role",
    "role_used": "role",
    "kind": "kind",
    "vtype": "value_type",
    "severity": "severity",
}

CORE = {
    # ------------------------------------------------------------------ phrases put into sentences
    "The uploaded table": "上传的表格",
    "The file '{name}'": "文件“{name}”",
    "an Excel workbook (.xlsx) or a zip file": "Excel 工作簿(.xlsx)或压缩文件",
    "a Parquet file": "Parquet 文件",
    "a PNG image": "PNG 图片",
    "a JPEG image": "JPEG 图片",
    "a GIF image": "GIF 图片",
    "a PDF document": "PDF 文档",
    "binary data (not text)": "二进制数据(不是文本)",
    "is a folder, not a file": "是一个文件夹,不是文件",
    "was not found": "找不到",
    "comma": "逗号",
    "semicolon": "分号",
    "tab": "制表符",
    "pipe": "竖线",
    "comma-separated": "逗号分隔",
    "semicolon-separated": "分号分隔",
    "tab-separated": "制表符分隔",
    "pipe-separated": "竖线分隔",
    "UTF-8 encoding": "UTF-8 编码",
    "UTF-8 encoding (with BOM)": "UTF-8 编码(带 BOM)",
    "UTF-16 (Unicode text) encoding": "UTF-16(Unicode 文本)编码",
    "UTF-32 (Unicode text) encoding": "UTF-32(Unicode 文本)编码",
    "GB18030 (Chinese) encoding": "GB18030(中文)编码",
    "Windows-1252 (Western European) encoding": "Windows-1252(西欧)编码",
    "Latin-1 (Western European) encoding": "Latin-1(西欧)编码",
    "Windows-1251 (Cyrillic) encoding": "Windows-1251(西里尔文)编码",
    "KOI8-R (Cyrillic) encoding": "KOI8-R(西里尔文)编码",
    "{codec} encoding": "{codec} 编码",
    "line {line} has {seen} values but the header has {width} columns": "第 {line} 行有 {seen} 个值,但表头只有 {width} 列",
    "it is not a well-formed table ({error})": "它不是一个格式正确的表格({error})",
    "line {line} has": "第 {line} 行",
    "lines {lines} have": "第 {lines} 行",
    "an input": "输入列",
    "the target of task '{task}'": "预测目标“{task}”的数据",
    "records": "记录",
    "maps": "映射",
    "lists": "列表",
    "student": "学生",
    "skill": "技能",

    # ------------------------------------------------------------------ how a table was read (describe_format)
    "CSV, {delimiter}, {encoding}": "CSV,{delimiter},{encoding}",
    "CSV, {delimiter}, {encoding}, decimal comma": "CSV,{delimiter},{encoding},小数点为逗号",
    "CSV, {delimiter}, {encoding}; a {system} gradebook export": "CSV,{delimiter},{encoding};{system} 成绩册导出文件",
    "CSV, {delimiter}, {encoding}, decimal comma; a {system} gradebook export":
        "CSV,{delimiter},{encoding},小数点为逗号;{system} 成绩册导出文件",
    "Excel workbook, sheet '{sheet}' ({count} sheet in all)": "Excel 工作簿,工作表“{sheet}”(共 {count} 张)",
    "Excel workbook, sheet '{sheet}' ({count} sheets in all)": "Excel 工作簿,工作表“{sheet}”(共 {count} 张)",
    "Excel workbook, sheet '{sheet}' ({count} sheet in all); a {system} gradebook export":
        "Excel 工作簿,工作表“{sheet}”(共 {count} 张);{system} 成绩册导出文件",
    "Excel workbook, sheet '{sheet}' ({count} sheets in all); a {system} gradebook export":
        "Excel 工作簿,工作表“{sheet}”(共 {count} 张);{system} 成绩册导出文件",
    "Parquet file": "Parquet 文件",
    "Parquet file; a {system} gradebook export": "Parquet 文件;{system} 成绩册导出文件",

    # ------------------------------------------------------------------ reading a file (DataReadError, notes)
    "Export the class list again from your spreadsheet as CSV (UTF-8) or Excel (.xlsx).":
        "请在电子表格软件中把班级名单重新导出为 CSV(UTF-8)或 Excel(.xlsx)文件。",
    "{subject} is an old Excel 97-2003 workbook (.xls) or a password-protected one, which EduMTL cannot read.":
        "{subject}是旧版 Excel 97-2003 工作簿(.xls)或设有密码的工作簿,EduMTL 无法读取。",
    "Open it in Excel or LibreOffice, remove any password, and use 'Save As' > 'Excel Workbook (.xlsx)' or "
    "'CSV UTF-8'.":
        "请用 Excel 或 LibreOffice 打开它,去掉密码,然后用“另存为”保存为“Excel 工作簿(.xlsx)”或“CSV UTF-8”。",
    "{subject} says it is {codec} text but contains bytes that are not valid {codec}; it may be damaged.":
        "{subject}标明是 {codec} 文本,但其中有不符合 {codec} 的字节;文件可能已损坏。",
    "The text encoding of the file was guessed as {codec}; accented or non-Latin letters may look wrong.":
        "文件的文字编码被猜测为 {codec};带重音的字母或非拉丁文字可能显示不正确。",
    "If names look garbled, save the file again as 'CSV UTF-8' in your spreadsheet.":
        "如果姓名显示为乱码,请在电子表格软件中把文件重新保存为“CSV UTF-8”。",
    "{n} row(s) have more values than the header has names ({width}); the extra values are kept in {m} new "
    "column(s): {names}.":
        "有 {n} 行的值比表头的列名多(表头有 {width} 列);多出的值保存在 {m} 个新列中:{names}。",
    "Type a name for each of these columns in the header row of the file.": "请在文件的表头行中为这些列各填一个名称。",
    "{subject} could not be read: {detail}.": "{subject}无法读取:{detail}。",
    "Usually a value contains the separator ({delimiter}) without quotes around it.":
        "通常是某个值中含有分隔符({delimiter}),但没有用引号括起来。",
    "Put that value in double quotes, or export the file again from your spreadsheet.":
        "请给这个值加上双引号,或从电子表格软件中重新导出文件。",
    "{subject} could not be read: {which} more values than the header has names ({width}).":
        "{subject}无法读取:{which}的值比表头的列名多(表头有 {width} 列)。",
    "Usually a value contains the separator ({delimiter}) without quotes around it, which moves the later values "
    "of its row one column to the right.":
        "通常是某个值中含有分隔符({delimiter}),但没有用引号括起来,于是这一行后面的值都向右错了一列。",
    "{subject} has no data in any sheet ({sheets}).": "{subject}的所有工作表({sheets})中都没有数据。",
    "Check that you saved the workbook with the class list in it.": "请确认保存工作簿时里面有班级名单。",
    "{subject} has no sheet {sheet}.": "{subject}中没有工作表 {sheet}。",
    "Available sheets: {sheets} (or an index from 0 to {last}).": "可用的工作表:{sheets}(或 0 到 {last} 的序号)。",
    "Pick one of these.": "请从中选择一张。",
    "Nothing to do; empty rows carry no student data.": "无需处理;空行中没有学生数据。",
    "Nothing to do, unless a column should have values: then fill them in the file.":
        "无需处理;如果某列本应有值,请在文件中填上。",
    "{n} column(s) had no header; named {names}.": "有 {n} 列没有列名,已命名为 {names}。",
    "The column name '{name}' appears {n} times; the later one(s) were renamed {names}.":
        "列名“{name}”出现了 {n} 次;后面的列已改名为 {names}。",
    "If these columns hold different things, rename them in the file so each has its own name.":
        "如果这些列的内容不同,请在文件中为它们各取一个名称。",
    "{rows} and {n} more": "{rows} 等,另有 {n} 行",
    "'{value}' {n} times": "“{value}”{n} 次",
    "{subject} is empty.": "{subject}是空的。",
    "Export the class list again from your spreadsheet, with a header row and one row per student.":
        "请从电子表格软件中重新导出班级名单:带表头行,每名学生一行。",
    "{subject} {what} (looked for '{path}').": "{subject}{what}(查找的是“{path}”)。",
    "Check the file name and folder.": "请检查文件名和文件夹。",
    "{subject} is {size} MB, larger than the limit of {limit} MB.": "{subject}有 {size} MB,超过了 {limit} MB 的上限。",
    "Remove columns you do not use (comments, photos, old terms), or split the class list into several smaller "
    "files.":
        "请删除不用的列(评语、照片、以前学期的数据),或把班级名单拆成几个较小的文件。",
    "{subject} has the extension '{suffix}', which EduMTL cannot read.": "{subject}的扩展名是“{suffix}”,EduMTL 无法读取。",
    "Supported: {supported}.": "支持的格式:{supported}。",
    "Save the class list as CSV or Excel (.xlsx) and load it again.": "请把班级名单保存为 CSV 或 Excel(.xlsx)后重新载入。",
    "{subject} is not a text table: it looks like {what}.": "{subject}不是文本表格:它看起来是{what}。",
    "Check that you picked the right file; if it is a workbook, give it the .xlsx extension.":
        "请确认选对了文件;如果它是工作簿,请把扩展名改为 .xlsx。",
    "{subject} contains zero bytes (on line {line}), which text tables never do: it may be damaged, or be "
    "another kind of file renamed.":
        "{subject}含有零字节(第 {line} 行),文本表格中不会有这种内容:文件可能已损坏,或是改了扩展名的其他文件。",
    "{subject} could not be decoded as text: it is binary data or uses a text encoding EduMTL does not "
    "recognise (it reads UTF-8, UTF-16, UTF-32, GB18030/GBK, Windows-1252/Latin-1 and Windows-1251/KOI8-R).":
        "{subject}无法解码为文本:它是二进制数据,或使用了 EduMTL 不认识的文字编码(EduMTL 能读取 UTF-8、UTF-16、"
        "UTF-32、GB18030/GBK、Windows-1252/Latin-1 和 Windows-1251/KOI8-R)。",
    "In your spreadsheet, save the class list as 'CSV UTF-8'.": "请在电子表格软件中把班级名单保存为“CSV UTF-8”。",
    "{subject} has no header row.": "{subject}没有表头行。",
    "Export the class list again with a header row (the column names) and one row per student.":
        "请重新导出班级名单:带表头行(列名),每名学生一行。",
    "The sheet '{sheet}' of '{name}' is empty.": "“{name}”中的工作表“{sheet}”是空的。",
    "Pick a sheet with the class list: {sheets}.": "请选择有班级名单的工作表:{sheets}。",
    "{subject} is not an Excel workbook: its content is not in the .xlsx format.":
        "{subject}不是 Excel 工作簿:它的内容不是 .xlsx 格式。",
    "If it is a text (CSV) file, rename it to .csv; otherwise open it in Excel and save it again as "
    "'Excel Workbook (.xlsx)'.":
        "如果它是文本(CSV)文件,请把扩展名改为 .csv;否则请用 Excel 打开,再另存为“Excel 工作簿(.xlsx)”。",
    "{subject} has no columns.": "{subject}没有任何列。",
    "Export the class list again with a header row and one row per student.": "请重新导出班级名单:带表头行,每名学生一行。",
    "{subject} has a header row but no student rows.": "{subject}只有表头行,没有学生行。",
    "Export the class list again with one row per student below the header.": "请重新导出班级名单:表头下每名学生一行。",
    "{subject} has a header row but every row below it is empty.": "{subject}有表头行,但下面的每一行都是空的。",
    "{subject} could not be opened ({error}).": "{subject}无法打开({error})。",
    "Close it in other programs, check that you may read it, and try again.": "请在其他程序中关闭它,确认您有权读取,然后重试。",
    "{subject} could not be read ({error}).": "{subject}无法读取({error})。",
    "Upload the file again.": "请重新上传文件。",
    "{subject} is not a valid Excel workbook (.xlsx); it may be damaged or be another kind of file renamed.":
        "{subject}不是有效的 Excel 工作簿(.xlsx);文件可能已损坏,或是改了扩展名的其他文件。",
    "Open it in Excel, check it shows your class list, and save it again as 'Excel Workbook (.xlsx)' or "
    "'CSV UTF-8'.":
        "请用 Excel 打开它,确认显示的是您的班级名单,再另存为“Excel 工作簿(.xlsx)”或“CSV UTF-8”。",
    "The sheet '{sheet}' of '{name}' could not be read ({error}).": "“{name}”中的工作表“{sheet}”无法读取({error})。",
    "Open the workbook in Excel and save it again as 'Excel Workbook (.xlsx)' or 'CSV UTF-8'.":
        "请用 Excel 打开工作簿,再另存为“Excel 工作簿(.xlsx)”或“CSV UTF-8”。",
    "{subject} is not a valid Parquet file; it may be damaged or be another kind of file renamed.":
        "{subject}不是有效的 Parquet 文件;文件可能已损坏,或是改了扩展名的其他文件。",
    "Removed {n} empty row(s).": "已删除 {n} 个空行。",
    "Removed {n} empty column(s): {names}.": "已删除 {n} 个空列:{names}。",
    "load_table expects a path, bytes or a file-like object with .read(). Got {what} instead.":
        "load_table 需要文件路径、字节或带 .read() 的文件对象,但收到的是 {what}。",
    "The column '{column}' holds {what} (several values in one cell), which EduMTL reads as text.":
        "列“{column}”中是{what}(一个单元格里有多个值),EduMTL 会把它当作文本读取。",
    "Nothing to do if the column is not needed; otherwise save one value per cell (one column per value) and "
    "load the file again.":
        "如果不需要这一列,无需处理;否则请每个单元格只保存一个值(每个值一列),再重新载入文件。",
    "The column '{column}' holds dates outside the years 1 to 9999, which no calendar (nor pandas) can show; "
    "EduMTL reads them as text.":
        "列“{column}”中的日期超出了公元 1 年到 9999 年,任何日历都无法显示;EduMTL 会把它们当作文本读取。",
    "Check how the file was made: these dates are most likely damaged.": "请检查文件是怎样生成的:这些日期很可能已损坏。",
    "The workbook has {n} sheets ({sheets}); the sheet '{sheet}' was read.": "这个工作簿有 {n} 张工作表({sheets});读取的是“{sheet}”。",
    "If the class list is on another sheet, choose that sheet.": "如果班级名单在另一张工作表上,请选择那一张。",
    "The column '{column}' holds binary data (bytes, not text), which EduMTL reads as text; bytes that are not "
    "UTF-8 show as '\ufffd'.":
        "列“{column}”中是二进制数据(字节,不是文本),EduMTL 会把它当作文本读取;不是 UTF-8 的字节显示为“\ufffd”。",
    "Nothing to do if the column is not needed (photos, files): mark it 'ignore'.":
        "如果不需要这一列(照片、文件),请把它标为“不使用”。",

    # ------------------------------------------------------------------ LMS gradebook exports (data/lms.py)
    "Recognised a {system} gradebook export.": "已识别为 {system} 成绩册导出文件。",
    "Nothing to do.": "无需处理。",
    "Check the outcomes on the Tasks page: the course total or final score is usually the one to predict.":
        "请在预测目标页面检查要预测的内容:通常要预测的是课程总分或最终成绩。",
    "Removed {n} row(s) that are not students (Canvas's 'Points Possible' row under the header).":
        "已删除 {n} 个不是学生的行(Canvas 在表头下的“Points Possible”满分行)。",
    "Removed Canvas's test student ('Student, Test').": "已删除 Canvas 的测试学生(“Student, Test”)。",
    "Removed Canvas's assignment numbers from {n} column name(s) ('{before}' is now '{after}').":
        "已从 {n} 个列名中去掉 Canvas 的作业编号(“{before}”现在是“{after}”)。",
    "Removed {n} feedback column(s) (teachers' comments, not marks): {names}.":
        "已删除 {n} 个反馈列(教师评语,不是分数):{names}。",
    "Nothing to do; the comments stay in Moodle.": "无需处理;评语仍保存在 Moodle 中。",
    "Removed the column '{column}' (when the file was exported, the same for every student).":
        "已删除列“{column}”(文件的导出时间,每名学生都一样)。",
    "Removed Moodle's '(Real)' from {n} column name(s) ('{before}' is now '{after}').":
        "已从 {n} 个列名中去掉 Moodle 的“(Real)”(“{before}”现在是“{after}”)。",
    "{n} mark(s) excused ('EX') in '{column}' are read as missing.": "“{column}”中有 {n} 个免考(“EX”)成绩,按缺失值读取。",
    "Nothing to do, unless an excused mark should count: then type it in the file.":
        "无需处理;如果免考成绩应该计入,请在文件中填上分数。",

    # ------------------------------------------------------------------ roles: what each means, why it was guessed
    "identifies a student; not used for prediction": "标识学生;不用于预测",
    "a display name; shown, not used for prediction": "显示用的姓名;会显示,不用于预测",
    "used to make predictions": "用来做预测",
    "an outcome that can be predicted; never used as an input": "可以预测的结果;从不作为输入",
    "personal characteristic (e.g. gender, age); not used as an input, used to check fairness":
        "个人特征(如性别、年龄);不作为输入,用来检查公平性",
    "not used": "不使用",
    "set by you": "由您设定",
    "the column is empty": "这一列是空的",
    "its name says it identifies students and its values are unique": "列名表明它用来标识学生,且每个值都不同",
    "its name says it is a student's name": "列名表明它是学生姓名",
    "'{hint}' is a personal characteristic": "“{hint}”是个人特征",
    "free text with almost one value per student": "自由文本,几乎每名学生一个不同的值",
    "every value is different, like an identifier": "每个值都不同,像是编号",
    "whole numbers named like a code ('{hint}'), not quantities: used as categories":
        "列名像编号(“{hint}”)的整数,不是数量:当作类别使用",
    "school years (for example {examples}): a student's level, not an outcome": "年级(例如 {examples}):是学生所在的年级,不是结果",
    "'{hint}' is a student's level, not an outcome": "“{hint}”是学生所在的年级,不是结果",
    "'{hint}' in its name suggests an outcome": "列名中的“{hint}”表明它是一个结果",
    "an earlier step of the same measure as '{latest}' (what a student scored before): used to predict it":
        "与“{latest}”是同一项测量的较早一次(学生以前的成绩):用来预测它",
    "{vtype} values that can help predict": "可以帮助预测的{vtype}值",
    "'{hint}' with values that read like names": "“{hint}”,其值看起来像姓名",
    "'{hint}' with a different value for every student, like an identifier": "“{hint}”,每名学生的值都不同,像是编号",
    "whole numbers that repeat across the table but are unique within each '{group}', like a pupil number: they "
    "identify students, they measure nothing":
        "整数在整张表中重复,但在每个“{group}”内各不相同,像班内学号:它们标识学生,不衡量任何东西",
    "Column '{column}' is not in the table.": "表格中没有列“{column}”。",
    "Unknown role {role} for column '{column}'. Available: {available}.": "列“{column}”的用途 {role} 无法识别。可用的用途:{available}。",
    "Did you mean {names}?": "您是不是指 {names}?",
    "Available columns: {names}.": "可用的列:{names}。",

    # ------------------------------------------------------------------ checking a class table (validation.py)
    "The table has {n} student row(s); training needs at least {min}.": "表格中有 {n} 个学生行;训练至少需要 {min} 行。",
    "Load the whole class: one row per student, with a header row.": "请载入整个班级:每名学生一行,并带表头行。",
    "The file was read as a single column, so there is nothing to predict from.": "文件被读成了只有一列,没有可以用来预测的信息。",
    "If the values are separated by another character (for example ':' or spaces), save the file again as CSV "
    "with commas, semicolons or tabs, or as Excel.":
        "如果值之间用的是其他字符分隔(例如“:”或空格),请把文件重新保存为用逗号、分号或制表符分隔的 CSV,或保存为 Excel。",
    "Several columns are named '{name}' (columns {positions}).": "有几列都叫“{name}”(第 {positions} 列)。",
    "Give each column its own name in the file.": "请在文件中为每一列取一个不同的名称。",
    "No column is marked as an input, so there is nothing to predict from.": "没有任何列标为输入,因此没有可以用来预测的信息。",
    "Mark at least one column (attendance, homework, ...) as 'input'.": "请至少把一列(出勤、作业……)标为“输入”。",
    "The same ID appears more than once ({example}).": "同一个学号出现了不止一次:{example}。",
    "Give every student a unique ID, or remove repeated rows.": "请给每名学生一个唯一的学号,或删除重复的行。",
    "{n} student(s) have no ID.": "有 {n} 名学生没有学号。",
    "Fill in the IDs so you can find these students in the results.": "请填上学号,以便在结果中找到这些学生。",
    "No column identifies the students (an ID or student number), so a student cannot be looked up in the "
    "results, and a saved run recognises them only by their values.":
        "没有标识学生的列(学号或学生编号),因此无法在结果中查找某名学生,保存的运行也只能凭数据值认出学生。",
    "If the file has a student number, mark that column 'id'; otherwise add one (S001, S002, ...) in the file.":
        "如果文件中有学生编号,请把那一列标为“学号”;否则请在文件中添加一列(S001、S002……)。",
    "The table has {n} students for {inputs} input columns: with fewer than {per} students per input, the network "
    "can learn chance patterns of this class that do not hold for the next one.":
        "表格中有 {n} 名学生、{inputs} 个输入列:每个输入不到 {per} 名学生时,网络可能学到这个班偶然的规律,换一个班就不成立。",
    "Mark the inputs that matter least 'ignore' (keep at most one input per {per} students), or add more students.":
        "请把最不重要的输入标为“不使用”(每 {per} 名学生最多保留一个输入),或增加学生。",
    "Infinite values (inf) in {what}.": "{what}中有无穷大的值(inf)。",
    "Replace them with real numbers, or leave the cells empty if unknown.": "请把它们换成实际的数字;如果不知道,就让单元格留空。",
    "Text in a numeric column ({examples}) in {what}.": "{what}是数值列,但其中有文字({examples})。",
    "Correct these cells to numbers, or empty them if unknown.": "请把这些单元格改成数字;如果不知道,就清空它们。",
    "Extremely large numbers (above {huge}) in {what}.": "{what}中有极大的数字(大于 {huge})。",
    "Check these cells for typing mistakes.": "请检查这些单元格是否输错。",
    "The column is empty; it will be ignored.": "这一列是空的,将不被使用。",
    "Fill it in or mark it 'ignore'.": "请填上数据,或把它标为“不使用”。",
    "Every student has a different value here, like an identifier or a comment; it cannot help predictions.":
        "每名学生在这里的值都不同,像是编号或评语;它对预测没有帮助。",
    "Mark it 'id', 'name' or 'ignore'.": "请把它标为“学号”“姓名”或“不使用”。",
    "Every student has the same value ('{value}'); it cannot help predictions.": "每名学生的值都一样(“{value}”);它对预测没有帮助。",
    "Mark it 'ignore', or check that the column was exported correctly.": "请把它标为“不使用”,或检查这一列是否导出正确。",
    "{share} of students have no value here.": "{share} 的学生在这里没有值。",
    "Missing values are filled in automatically, but a mostly empty column helps little; consider marking it "
    "'ignore'.":
        "缺失值会自动填补,但大部分为空的列帮助不大;可以考虑把它标为“不使用”。",
    "Task '{task}' has only {n} labelled student(s); at least {min} are needed.": "预测目标“{task}”只有 {n} 名学生有结果;至少需要 {min} 名。",
    "Fill in more outcomes, or drop this task.": "请填上更多结果,或去掉这个预测目标。",
    "Task '{task}' has only {n} labelled students, so its numbers will be unreliable.":
        "预测目标“{task}”只有 {n} 名学生有结果,它的各项数字不可靠。",
    "Read its results with care, or add more students.": "请谨慎看待它的结果,或增加学生。",
    "Task '{task}' is a {kind} task but lists no classes, so its labels cannot be encoded.":
        "预测目标“{task}”是{kind}目标,但没有列出类别,无法编码它的标签。",
    "Build the task with make_task(frame, column), which reads the classes from the data, or give its classes "
    "(a binary task needs exactly 2).":
        "请用 make_task(frame, column) 创建目标(它会从数据中读出类别),或给出它的类别(二分类目标正好需要 2 个)。",
    "Task '{task}' has one class only ('{only}').": "预测目标“{task}”只有一个类别(“{only}”)。",
    "A classification needs at least two outcomes among labelled students.": "分类至少需要有结果的学生中出现两种结果。",
    "Move the threshold or cut points.": "请调整阈值或分段点。",
    "Task '{task}' has labels it does not know: {labels}.": "预测目标“{task}”中有它不认识的标签:{labels}。",
    "Use only {classes}, or set the task up again on this table.": "请只使用 {classes},或在这张表上重新设置这个目标。",
    "Task '{task}' has very few students in some classes: {listing}.": "预测目标“{task}”的某些类别学生很少:{listing}。",
    "Predictions for these classes will be weak; consider merging them with a neighbour.":
        "这些类别的预测会不准;可以考虑把它们与相邻的类别合并。",
    "Column '{column}' is described but not in the table.": "列“{column}”有设置,但表格中没有这一列。",
    "Check the spelling.": "请检查拼写。",
    "Task '{task}' uses column '{column}', which is not in the table.": "预测目标“{task}”使用列“{column}”,但表格中没有这一列。",
    "Choose another column.": "请选择另一列。",
    "{n} row(s) repeat an earlier row exactly (every value the same): those students count twice, and results "
    "measured on them look better than they are.":
        "有 {n} 行与前面的某行完全相同(每个值都一样):这些学生被算了两次,在他们身上测得的结果会显得比实际好。",
    "Remove the repeated rows, unless they really are different students with the same values.":
        "请删除重复的行,除非他们确实是数据恰好相同的不同学生。",
    "Every labelled student has the same value for '{task}'.": "所有有结果的学生在“{task}”上的值都一样。",
    "There is nothing to predict; drop this task.": "没有可预测的内容;请去掉这个预测目标。",
    "Input '{column}' almost equals the target of task '{task}' (agreement {strength}); the model would copy it "
    "instead of learning.":
        "输入列“{column}”几乎等于预测目标“{task}”(一致程度 {strength});模型会直接照抄它,而不是真正学习。",
    "If this value is only known after the outcome, mark the column 'ignore'.": "如果这个值要在结果出来后才知道,请把这一列标为“不使用”。",
    "{n} problem(s) must be fixed before training:": "有 {n} 个问题必须在训练前解决:",
    "- column '{column}' (rows {rows}): {problem} Fix: {fix}": "- 列“{column}”(第 {rows} 行):{problem} 解决办法:{fix}",
    "- column '{column}': {problem} Fix: {fix}": "- 列“{column}”:{problem} 解决办法:{fix}",
    "- the table (rows {rows}): {problem} Fix: {fix}": "- 表格(第 {rows} 行):{problem} 解决办法:{fix}",
    "- the table: {problem} Fix: {fix}": "- 表格:{problem} 解决办法:{fix}",

    # ------------------------------------------------------------------ outcomes (tasks.py)
    "'{above}' when {column} >= {at}, otherwise '{below}'": "{column} 达到 {at} 为“{above}”,否则为“{below}”",
    "bands of {column} cut at {cuts}": "{column} 按 {cuts} 分段",
    "{task} P({label})": "{task} “{label}”的概率",
    "{task} (actual)": "{task}(实际)",
    "P({label})": "“{label}”的概率",
    "The classes of task '{task}' repeat a label: {classes}. List each class once.":
        "预测目标“{task}”的类别中有重复的标签:{classes}。每个类别只列一次。",
    "Task '{task}' is binary but has {n} classes ({classes}); a binary task needs exactly 2.":
        "预测目标“{task}”是二分类,但有 {n} 个类别({classes});二分类目标正好需要 2 个类别。",
    "Choose 'multiclass', or derive a yes/no outcome with a threshold (for example pass when the value >= 60).":
        "请选择“多分类”,或用阈值得到一个是/否结果(例如分数达到 60 为及格)。",
    "The risk label(s) {labels} of task '{task}' are not among its classes. Available: {classes}.":
        "预测目标“{task}”的风险标签 {labels} 不在它的类别中。可用的类别:{classes}。",
    "Task '{task}' uses column '{column}', which is not in the table. {suggestion}":
        "预测目标“{task}”使用列“{column}”,但表格中没有这一列。{suggestion}",
    "Choose at least one outcome to predict.": "请至少选择一个要预测的结果。",
    "Task names must be different; repeated: {names}. Rename one of them.": "预测目标的名称必须各不相同;重复的有:{names}。请给其中一个改名。",
    "At least one task must be a real outcome, not only training-only (auxiliary) targets.":
        "至少要有一个真正要预测的结果,不能全是仅用于训练的(辅助)目标。",
    "At least one task needs a weight above 0.": "至少要有一个预测目标的权重大于 0。",
    "Band cut points must be increasing numbers. Got {cuts} instead.": "分段点必须是递增的数字,但收到的是 {cuts}。",
    "{n} cut points need {m} different band labels. Got {labels} instead.": "{n} 个分段点需要 {m} 个不同的段标签,但收到的是 {labels}。",
    "A task needs a non-empty name. Got {name} instead.": "预测目标需要一个非空的名称,但收到的是 {name}。",
    "The weight of task '{task}' must be a number >= 0. Got {weight} instead.": "预测目标“{task}”的权重必须是大于或等于 0 的数字,但收到的是 {weight}。",
    "Task '{task}' derives labels from '{column}', so it cannot be a regression.": "预测目标“{task}”的标签由“{column}”派生,因此不能是数值目标。",
    "Unknown task kind {kind} for task '{task}'. Available: {available}.": "预测目标“{task}”的类型 {kind} 无法识别。可用的类型:{available}。",
    "Column '{column}' has {n} different values, too many for a classification task (at most {max}).":
        "列“{column}”有 {n} 种不同的值,作为分类目标太多了(最多 {max} 种)。",
    "Choose 'regression' if it is a number, or group the values.": "如果它是数字,请选择“数值”;否则请把这些值归并成组。",
    "Unknown task '{task}'. Available: {available}.": "无法识别预测目标“{task}”。可用的目标:{available}。",
    "Unknown task(s) in weights: {names}. Available: {available}.": "权重中有无法识别的预测目标:{names}。可用的目标:{available}。",
    "No usable input column: every input is empty or constant. Mark other columns as 'input'.":
        "没有可用的输入列:每个输入都是空的或只有一个值。请把其他列标为“输入”。",
    "The table lacks input column(s) the model was trained with: {names}. Add them (empty cells are allowed).":
        "表格中缺少模型训练时用过的输入列:{names}。请把它们加上(单元格可以为空)。",
    "The 'scaling' of a Preprocessor must be one of {available}. Got {value} instead.":
        "Preprocessor 的“scaling”必须是 {available} 之一,但收到的是 {value}。",
    "This Preprocessor is not fitted yet. Call fit() on the training rows first.": "这个 Preprocessor 还没有拟合。请先在训练行上调用 fit()。",

    # ------------------------------------------------------------------ settings (ConfigError)
    "The '{name}' parameter of {owner} must be an int {bound}. Got {value} instead.":
        "{owner} 的参数“{name}”必须是{bound}的整数,但收到的是 {value}。",
    "between {low} and {high}": "介于 {low} 和 {high} 之间",
    ">= {low}": "大于或等于 {low}",
    "The '{name}' parameter of {owner} must be a number in {interval}. Got {value} instead.":
        "{owner} 的参数“{name}”必须是 {interval} 中的数字,但收到的是 {value}。",
    "The '{name}' parameter of TrainConfig must be one of {listed}. Got {value} instead.":
        "TrainConfig 的参数“{name}”必须是 {listed} 之一,但收到的是 {value}。",
    "The 'hidden_units' parameter of TrainConfig needs at least one width. Got () instead.":
        "TrainConfig 的参数“hidden_units”至少需要一个宽度,但收到的是 ()。",
    "The 'early_stopping' parameter of TrainConfig must be 'per_task' or 'joint'. Got {value} instead.":
        "TrainConfig 的参数“early_stopping”必须是“per_task”或“joint”,但收到的是 {value}。",
    "The 'use_items' parameter of LogConfig must be True or False. Got {value}.": "LogConfig 的参数“use_items”必须是 True 或 False,但收到的是 {value}。",
    "The 'model' parameter of LogConfig must be a model name. Got {value}.": "LogConfig 的参数“model”必须是模型名称,但收到的是 {value}。",
    "The 'test_size' of Holdout must be a number between 0.05 and 0.5. Got {value} instead.":
        "Holdout 的“test_size”必须是 0.05 到 0.5 之间的数字,但收到的是 {value}。",
    "The 'k' of KFold must be an int between 2 and 20. Got {value} instead.": "KFold 的“k”必须是 2 到 20 之间的整数,但收到的是 {value}。",
    "The 'k' of KFold is {k}, but the table has only {n} students, so some folds would have no student to test.":
        "KFold 的“k”是 {k},但表格中只有 {n} 名学生,有些折会没有学生可供检验。",
    "Choose k <= {n}, or use a hold-out test.": "请选择不大于 {n} 的 k,或改用留出检验。",
    "Training needs at least 10 students. Got {n} instead.": "训练至少需要 10 名学生,但只有 {n} 名。",
    "hold-out test on {share} of students": "用 {share} 的学生做留出检验",
    "{k}-fold cross-validation": "{k} 折交叉验证",
    "A {what} class needs a 'name' attribute. Got {cls} instead.": "{what}类需要“name”属性,但收到的是 {cls}。",
    "Two {what} classes are registered as '{name}'.": "有两个{what}类都注册为“{name}”。",
    "Unknown {what} '{name}'. Available: {available}.": "无法识别的{what}“{name}”。可用的有:{available}。",
    "architecture": "网络结构",
    "weighting": "损失加权方法",
    "sequence model": "序列模型",
    "reference model": "参照模型",
    "The fairness audit needs the class table this run was trained on (its out-of-sample predictions are what "
    "is audited). Load that table again.":
        "公平性检查需要训练这次运行所用的班级表格(检查的是它的样本外预测)。请重新载入那张表格。",
    "The direction of action '{column}' must be increase, decrease or set. Got {value} instead.":
        "措施“{column}”的方向必须是 increase、decrease 或 set,但收到的是 {value}。",
    "Action '{column}' sets a value, so it needs a target value.": "措施“{column}”要设定一个值,因此需要目标值。",
    "Unknown column(s) for what-if: {names}.": "假设分析中有无法识别的列:{names}。",

    # ------------------------------------------------------------------ methods (registries) and metrics
    "Ensemble in one network (TabM)": "单个网络内的集成(TabM)",
    "Many small networks sharing most weights, averaged: strong on class tables, about the cost of one network.":
        "许多共享大部分权重的小网络取平均:在班级表格上表现好,计算量约等于一个网络。",
    "Ensemble in one network, minimal (TabM-mini)": "单个网络内的集成,精简版(TabM-mini)",
    "Like TabM, but the sub-networks differ only by a scaling of their inputs: fewer weights.":
        "与 TabM 相同,但各子网络只在输入的缩放上不同:权重更少。",
    "Shared bottom": "共享底层",
    "One shared trunk for all outcomes, one small head per outcome (hard parameter sharing).":
        "所有结果共用一个主干,每个结果一个小的输出头(硬参数共享)。",
    "Mixture of experts (MMoE)": "专家混合(MMoE)",
    "Several shared expert networks; each outcome learns its own mix of experts.": "几个共享的专家网络;每个结果学习自己的专家组合。",
    "Shared + task experts (CGC/PLE)": "共享专家 + 各结果专家(CGC/PLE)",
    "Shared experts plus experts owned by each outcome, mixed by per-outcome gates.": "共享专家加上每个结果自己的专家,由每个结果的门控混合。",
    "Your weights": "您设定的权重",
    "Each outcome counts as much as the weight you give it.": "每个结果的分量等于您给它的权重。",
    "Equal": "同等权重",
    "Every outcome counts the same (weights of 0 still switch an outcome off).": "每个结果分量相同(权重为 0 的结果仍然不参与)。",
    "Learned (uncertainty)": "自动学习(不确定性)",
    "Learns how noisy each outcome is and gives noisier outcomes less weight.": "学习每个结果的噪声大小,噪声越大的结果权重越小。",
    "Dynamic weight average": "动态权重平均",
    "Gives more weight to outcomes whose loss is falling slowest.": "给损失下降最慢的结果更大的权重。",
    "Gradient balancing (GradNorm)": "梯度平衡(GradNorm)",
    "Balances how strongly each outcome pulls on the shared network.": "平衡每个结果对共享网络的拉动强度。",
    "Deep knowledge tracing (LSTM)": "深度知识追踪(LSTM)",
    "A recurrent network reads each student's answers and predicts every skill's next answer.":
        "循环网络读取每名学生的作答,预测每项技能的下一次作答。",
    "Deep knowledge tracing (GRU)": "深度知识追踪(GRU)",
    "As DKT, with a lighter gated recurrent unit.": "与 DKT 相同,但使用更轻的门控循环单元。",
    "Attentive knowledge tracing (AKT-style)": "注意力知识追踪(AKT 式)",
    "The question attends to the student's past answers on similar skills, recent ones weighing more.":
        "题目关注学生过去在相近技能上的作答,越近的作答分量越大。",
    "Random forest (500 trees)": "随机森林(500 棵树)",
    "500 deep decision trees on bootstrap samples, averaged.": "在自助抽样上训练 500 棵深决策树,取平均。",
    "Gradient boosting (HistGradientBoosting)": "梯度提升(HistGradientBoosting)",
    "Boosted trees (LightGBM-style histograms) with native categorical splits; scikit-learn defaults.":
        "提升树(LightGBM 式直方图),原生支持类别划分;使用 scikit-learn 默认设置。",
    "Mean absolute error": "平均绝对误差",
    "Root mean squared error": "均方根误差",
    "R² (share of variation explained)": "R²(解释的变异比例)",
    "Accuracy": "准确率",
    "Balanced accuracy": "平衡准确率",
    "ROC AUC": "ROC AUC",
    "F1 (for the at-risk class)": "F1(针对有风险的类别)",
    "Brier score": "Brier 分数",
    "Macro F1": "宏平均 F1",
    "Calibration error (ECE: 0 = probabilities mean what they say)": "校准误差(ECE:0 表示概率与实际相符)",
    "RMSE": "均方根误差",
    "Recall (share of the at-risk students flagged)": "召回率(真正有风险的学生中被标记出的比例)",
    "Precision (share of the flagged students truly at risk)": "精确率(被标记的学生中真正有风险的比例)",
    "Share of students flagged": "被标记学生的比例",
    "Flagging threshold (chance of the at-risk label)": "标记阈值(有风险标签的概率)",
    "Coverage of the 80 % interval (share of true values inside)": "80% 区间的覆盖率(真实值落在区间内的比例)",
    "Mean width of the 80 % interval": "80% 区间的平均宽度",
    "Log loss": "对数损失",

    # ------------------------------------------------------------------ suggestions for a student (recommend.py)
    "raise {column} from {current} to {target}": "把 {column} 从 {current} 提高到 {target}",
    "lower {column} from {current} to {target}": "把 {column} 从 {current} 降低到 {target}",
    "change {column} from {current} to {target}": "把 {column} 从 {current} 改为 {target}",
    "associated with {task} {change}": "与 {task} {change} 相关",
    "{column} = {value} ({sign}{contribution} {task})": "{column} = {value}({sign}{contribution} {task})",
    "Follow up on attendance with the student and family": "与学生和家长沟通出勤情况",
    "Follow up on absences early": "尽早跟进缺勤",
    "Check in on homework every week": "每周检查作业完成情况",
    "Agree on a weekly study plan": "和学生一起制定每周学习计划",
    "Offer extra support sessions": "安排额外辅导",
    "Talk about sleep and daily routine": "关注睡眠和作息",
    "Offer extra educational support": "提供额外的学习支持",

    # ------------------------------------------------------------------ saved runs (RunLoadError, OutputError)
    "A saved run already exists at '{target}'. Choose another name, or overwrite it.": "“{target}”已经有一个保存的运行。请换一个名称,或覆盖它。",
    "'{folder}' is not a saved EduMTL run (run.json or checksums.json is missing). Choose the folder that "
    "'Save run' created.":
        "“{folder}”不是保存的 EduMTL 运行(缺少 run.json 或 checksums.json)。请选择“保存运行”创建的文件夹。",
    "'{folder}' is not a saved EduMTL run (its run.json cannot be read). Choose the folder that 'Save run' "
    "created.":
        "“{folder}”不是保存的 EduMTL 运行(无法读取其中的 run.json)。请选择“保存运行”创建的文件夹。",
    "Run '{run}' was saved by an earlier version of EduMTL (run format {saved}), whose network this version no "
    "longer builds (it now ensembles inside the network and calibrates its probabilities; format {current}).":
        "运行“{run}”是由早期版本的 EduMTL 保存的(运行格式 {saved}),这个版本已不再构建那种网络(现在在网络内部集成并校准概率;格式 {current})。",
    "Train it again from the same class file and settings, and save it again.": "请用同一个班级文件和设置重新训练,再重新保存。",
    "Run '{run}' was saved in format {saved}; this EduMTL reads format {current}.": "运行“{run}”以格式 {saved} 保存;这个版本的 EduMTL 读取格式 {current}。",
    "Train the run again with this version.": "请用这个版本重新训练。",
    "Run '{run}' was saved with Keras {saved}, which this installation (Keras {current}) cannot read.":
        "运行“{run}”是用 Keras {saved} 保存的,这里安装的 Keras {current} 无法读取。",
    "Train the run again.": "请重新训练。",
    "Run '{run}' was trained on an answer log; open it with load_log_run.": "运行“{run}”是在作答记录上训练的;请用 load_log_run 打开。",
    "Run '{run}' is incomplete: '{name}' has no checksum.": "运行“{run}”不完整:“{name}”没有校验和。",
    "Save the run again.": "请重新保存运行。",
    "Run '{run}' is inconsistent: {detail}.": "运行“{run}”前后不一致:{detail}。",
    "Train and save the run again; do not edit run folders by hand.": "请重新训练并保存运行;不要手动修改运行文件夹。",
    "its task list is empty or repeats a name": "它的预测目标列表为空或有重复的名称",
    "it lists {n} ensemble members (1 to {max} expected)": "它列出了 {n} 个集成成员(应为 1 到 {max} 个)",
    "a member belongs to a fold that has no preprocessing (there are {n})": "有成员属于没有预处理的折(共有 {n} 折)",
    "'copies' is {value}": "“copies”是 {value}",
    "'n_students' is {value}": "“n_students”是 {value}",
    "n_students is {value}": "n_students 是 {value}",
    "'{key}' is given for {given} but the regression tasks are {regression}": "“{key}”给出的是 {given},但数值目标是 {regression}",
    "'{key}' of task '{task}' does not hold one finite number per member": "预测目标“{task}”的“{key}”不是每个成员一个有限的数字",
    "Run '{run}' is inconsistent: row_weights.npy has shape {shape}, not (students, members) = ({students}, "
    "{members}).":
        "运行“{run}”前后不一致:row_weights.npy 的形状是 {shape},而不是 (学生数, 成员数) = ({students}, {members})。",
    "Train and save the run again.": "请重新训练并保存运行。",
    "Run '{run}' is inconsistent: row_keys.npy does not hold one key per student.": "运行“{run}”前后不一致:row_keys.npy 不是每名学生一个键。",
    "Run '{run}' is inconsistent: its predictions table lacks {names}.": "运行“{run}”前后不一致:它的预测表缺少 {names}。",
    "Run '{run}' is inconsistent: the network gives task '{task}' an output of shape {shape}, not {expected}.":
        "运行“{run}”前后不一致:网络给预测目标“{task}”的输出形状是 {shape},而不是 {expected}。",
    "'{name}' cannot be used as a run name. Use letters, digits, spaces, '-' or '_' (no / \\ : * ? \" < > |, "
    "not starting with a dot), at most 80 characters.":
        "“{name}”不能用作运行名称。请使用字母、数字、空格、“-”或“_”(不能有 / \\ : * ? \" < > |,不能以点开头),最多 80 个字符。",
    "Run '{run}' could not be read ({error}: '{name}').": "无法读取运行“{run}”({error}:“{name}”)。",
    "Check that you may read the run folder, or save the run again.": "请确认您有权读取运行文件夹,或重新保存运行。",
    "run.json or model.keras has no checksum": "run.json 或 model.keras 没有校验和",
    "The checksum file of run '{run}' is damaged ({error}).": "运行“{run}”的校验和文件已损坏({error})。",
    "The checksum file of run '{run}' lists '{name}', which is not a file of the run folder.":
        "运行“{run}”的校验和文件列出了“{name}”,但它不是运行文件夹中的文件。",
    "Run '{run}' is incomplete: '{name}' is missing.": "运行“{run}”不完整:缺少“{name}”。",
    "Run '{run}' is damaged or was edited: '{name}' does not match its checksum.": "运行“{run}”已损坏或被修改过:“{name}”与校验和不符。",
    "Save the run again from EduMTL; do not edit run folders by hand.": "请从 EduMTL 重新保存运行;不要手动修改运行文件夹。",
    "The settings file '{file}' of run '{run}' is damaged ({error}).": "运行“{run}”的设置文件“{file}”已损坏({error})。",
    "{file} is {size} MB, more than the {limit} MB EduMTL reads": "{file} 有 {size} MB,超过了 EduMTL 读取的上限 {limit} MB",
    "{file} is nested too deeply to be a file EduMTL wrote": "{file} 的嵌套层数太多,不是 EduMTL 写的文件",
    "Run '{run}' could not be read ({error}).": "无法读取运行“{run}”({error})。",
    "Train and save it again.": "请重新训练并保存。",
    "Run '{run}' was trained on a class table, not on an answer log. Open it as a class-table run.":
        "运行“{run}”是在班级表格上训练的,不是在作答记录上。请把它作为班级表格的运行打开。",
    "Run '{run}' was saved in log format {saved}; this EduMTL reads {current}.": "运行“{run}”以作答记录格式 {saved} 保存;这个版本的 EduMTL 读取 {current}。",
    "'{where}' could not be written ({error}).": "无法写入“{where}”({error})。",
    "Check that the folder exists and that you may write there, or choose another folder.": "请确认文件夹存在、您有权写入,或选择另一个文件夹。",
    "There is not enough free disk space for {what} in '{folder}': about {needed} MB are needed and {free} MB are "
    "free.":
        "“{folder}”所在的磁盘没有足够的空间保存{what}:大约需要 {needed} MB,只剩 {free} MB。",
    "Free some space on that disk, or choose a folder on another disk.": "请在那个磁盘上腾出一些空间,或选择另一个磁盘上的文件夹。",
    "Nothing was written.": "没有写入任何内容。",
    "The disk holding '{where}' is full ({error}).": "“{where}”所在的磁盘已满({error})。",
    "Nothing was written; an earlier output there is unchanged.": "没有写入任何内容;那里原有的输出保持不变。",
    "The output '{target}' exists and is not a folder. Choose a folder name for the output.": "输出位置“{target}”已存在,但不是文件夹。请为输出选择一个文件夹名称。",
    "The output folder '{target}' already holds other files ({names}), which a new {what} would replace.":
        "输出文件夹“{target}”中已有其他文件({names}),新的{what}会替换它们。",
    "Choose an empty or new folder.": "请选择一个空的或新的文件夹。",
    "The output folder '{target}' is being written by another EduMTL command{holder}.": "另一个 EduMTL 命令正在写入输出文件夹“{target}”{holder}。",
    "Wait until it has finished, or choose another output folder.": "请等它完成,或选择另一个输出文件夹。",
    "the saved run '{name}'": "保存的运行“{name}”",

    # ------------------------------------------------------------------ answer logs (data/answer_log.py)
    "who answered (a student ID, repeated on every answer of that student)": "谁作答(学号,这名学生的每次作答都重复)",
    "what the exercise practises; several skills in one cell are separated by ';'": "练习的技能;一个单元格中的多项技能用“;”分隔",
    "whether the answer was right: 0/1, yes/no, true/false, or a score with a pass mark": "作答是否正确:0/1、是/否、true/false,或带及格线的分数",
    "when it was answered: an attempt number or a date and time": "作答的时间:作答序号或日期时间",
    "optional: the exercise or question ID": "可选:练习或题目的编号",
    "{n} answer(s) list more than {max} skills; only the first {max} are used.": "有 {n} 次作答列出了超过 {max} 项技能;只使用前 {max} 项。",
    "Check the separator ('{separator}') and the tags of these rows.": "请检查这些行的分隔符(“{separator}”)和技能标签。",
    "Values that are not right/wrong ({examples}).": "有些值不是对/错({examples})。",
    "Use 1/0, yes/no, true/false or right/wrong, or scores with a pass mark.": "请使用 1/0、是/否、true/false 或对/错,或带及格线的分数。",
    "Scores other than 0 and 1 ({examples}) and no pass mark, so right and wrong are unknown.":
        "有 0 和 1 以外的分数({examples}),但没有及格线,因此不知道哪些对、哪些错。",
    "Give a pass mark (a score at or above it counts as right; on the command line --pass-mark 40), or make the "
    "column 0/1.":
        "请给出及格线(达到它的分数算对;命令行中用 --pass-mark 40),或把这一列改成 0/1。",
    "{n} answer(s) have no right/wrong value; they are left out of training and get no prediction.":
        "有 {n} 次作答没有对/错的值;它们不参与训练,也没有预测。",
    "Fill them in if they were marked.": "如果它们已批改,请填上结果。",
    "Every answer is {outcome}, so there is nothing to predict.": "每次作答都是{outcome},没有可预测的内容。",
    "right": "对",
    "wrong": "错",
    "Check that the right column was chosen; a pass mark may be set too low or too high.": "请确认选对了列;及格线可能设得太低或太高。",
    "Values that are neither attempt numbers nor dates ({examples}).": "有些值既不是作答序号也不是日期({examples})。",
    "Use attempt numbers (1, 2, 3, ...) or dates and times such as 2026-03-01 14:05.": "请使用作答序号(1、2、3……)或日期时间,例如 2026-03-01 14:05。",
    "{n} answer(s) have no order, so it is unknown what came before them.": "有 {n} 次作答没有顺序,因此不知道它们之前有哪些作答。",
    "Fill in the attempt number or time, or delete the rows.": "请填上作答序号或时间,或删除这些行。",
    "{n} student(s) have only one answer: nothing comes before it, so their predictions are the class average.":
        "有 {n} 名学生只有一次作答:之前没有任何作答,因此他们的预测就是全班平均。",
    "Check the student IDs of these rows.": "请检查这些行的学号。",
    "Every student has one row, so there is no history to learn from: this looks like a class table (one row per "
    "student), not an answer log.":
        "每名学生只有一行,没有可学习的作答历史:这看起来是班级表格(每名学生一行),不是作答记录。",
    "Load the log with one row per answer, or open this file as a class table.": "请载入每次作答一行的记录,或把这个文件作为班级表格打开。",
    "{n} skill(s) appear in one answer only ({names}); their predictions rest on almost nothing.":
        "有 {n} 项技能只在一次作答中出现({names});它们的预测几乎没有依据。",
    "Check the spelling of these skill tags, or merge rare skills into broader ones.": "请检查这些技能标签的拼写,或把少见的技能合并到更大的技能中。",
    "{n} answers share their order value with another answer of the same student; they are taken in file order.":
        "有 {n} 次作答与同一名学生的另一次作答顺序值相同;按文件中的顺序处理。",
    "Use an attempt number or a time with seconds if the file order is not the answer order.": "如果文件中的顺序不是作答顺序,请使用作答序号或精确到秒的时间。",
    "The file is not in answer order for {n} student(s); their answers are put in order of '{column}' (outputs "
    "keep the file's row order).":
        "有 {n} 名学生的作答在文件中没有按顺序排列;已按“{column}”排序(输出保持文件的行顺序)。",
    "Nothing to do if '{column}' is right.": "如果“{column}”正确,无需处理。",
    "The log has {n} student(s) with scored answers; training needs at least {min}.": "作答记录中有 {n} 名学生有已评分的作答;训练至少需要 {min} 名。",
    "Load the answers of the whole class.": "请载入全班的作答。",
    "The log has {n} scored answer(s); training needs at least {min}.": "作答记录中有 {n} 次已评分的作答;训练至少需要 {min} 次。",
    "Load more answers.": "请载入更多作答。",
    "The pass mark must be a number, e.g. 40. Got {value} instead.": "及格线必须是数字,例如 40,但收到的是 {value}。",
    "The skill separator must be a character such as ';'. Got {value}.": "技能分隔符必须是“;”这样的字符,但收到的是 {value}。",
    "Unknown log role(s): {names}. Available: {available}, pass_mark, skill_separator.":
        "无法识别作答记录的用途:{names}。可用的有:{available}、pass_mark、skill_separator。",
    "'{hint}' in its name and right/wrong values": "列名中有“{hint}”,值为对/错",
    "its values read as right/wrong": "它的值可读作对/错",
    "'{hint}' in its name": "列名中有“{hint}”",
    "its values are dates and times": "它的值是日期时间",
    "'{hint}' in its name and its values repeat": "列名中有“{hint}”,且值有重复",
    "repeated values, like one ID per student": "值有重复,像每名学生一个学号",
    "Unknown log role '{value}' for column '{column}'. Available: {available}, ignore.":
        "列“{column}”的作答记录用途“{value}”无法识别。可用的有:{available}、ignore。",
    "Two columns are marked '{what}' ('{first}' and '{column}'). Mark one of them 'ignore'.":
        "有两列都标为“{what}”(“{first}”和“{column}”)。请把其中一列标为“不使用”。",
    "{n} answer(s) have no student.": "有 {n} 次作答没有学生。",
    "{n} answer(s) have no skill.": "有 {n} 次作答没有技能。",
    "Fill these cells in, or delete the rows.": "请填上这些单元格,或删除这些行。",
    "Several columns are named '{name}'.": "有几列都叫“{name}”。",
    "No column is chosen as the {what} column ({help}).": "没有选择{what}列({help})。",
    "Choose the {what} column (on the command line: --{option} COLUMN).": "请选择{what}列(命令行中用 --{option} COLUMN)。",
    "The {what} column '{name}' is not in the table.": "表格中没有{what}列“{name}”。",
    "Column '{column}' is chosen both as the {what1} and the {what} column.": "列“{column}”同时被选为{what1}列和{what}列。",
    "Give each role its own column.": "请为每种用途选择不同的列。",
    "correct": "对错",
    "order": "顺序",
    "item": "题目",

    # ------------------------------------------------------------------ scoring a log, mastery, log verdicts
    "{n} skill(s) were not in the training log ({names}).": "有 {n} 项技能不在训练用的作答记录中({names})。",
    "{m} answer(s) on new skills only get the overall rate of the training log; the others are predicted from "
    "their known skills.":
        "只涉及新技能的 {m} 次作答只能得到训练记录的总体正确率;其余作答按已知技能预测。",
    "Train again on a log that includes these skills, or check their spelling.": "请用包含这些技能的作答记录重新训练,或检查它们的拼写。",
    "{n} answer(s) are on items the run did not learn (new, or with few answers in training); they are predicted "
    "from their skills alone.":
        "有 {n} 次作答的题目是这次运行没有学过的(新题,或训练中作答很少);它们只按技能预测。",
    "Nothing to do; train again later to learn these items.": "无需处理;以后重新训练即可学习这些题目。",
    "Training needs at least 10 students. Got {n} students instead.": "训练至少需要 10 名学生,但只有 {n} 名。",
    "Not practised yet: predicted {mastery} from the answers on other skills; the class averages {average}.":
        "还没有练习过:根据其他技能的作答预测为 {mastery};全班平均为 {average}。",
    "Mastery {mastery} after {n} answer(s), {right} right; the class averages {average}; {mastered} counts as "
    "mastered.":
        "作答 {n} 次、答对 {right} 次后,掌握程度为 {mastery};全班平均为 {average};达到 {mastered} 算掌握。",
    "Average mastery {mastery}; {share} of students have mastered it; {rate} of {n} answers were right.":
        "平均掌握程度 {mastery};{share} 的学生已掌握;{n} 次作答中 {rate} 答对。",
    "Average mastery {mastery}; {share} of students have mastered it; nobody has practised it yet.":
        "平均掌握程度 {mastery};{share} 的学生已掌握;还没有人练习过。",
    "no better than guessing: do not rely on these predictions": "不比瞎猜好:不要依赖这些预测",
    "ranks right above wrong answers {share} of the time (50% = guessing)": "有 {share} 的时候把答对排在答错前面(50% 等于瞎猜)",
    "{model} is better than {name}": "{model}比{name}好",
    "{model} is about as good as {name}": "{model}与{name}差不多",
    "{model} is worse than {name}: prefer {name}": "{model}比{name}差:请优先使用{name}",
    "not enough test answers to compare": "用来比较的检验作答太少",
    "next answer right": "下一次作答正确",
}
