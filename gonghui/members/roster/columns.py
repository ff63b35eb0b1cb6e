"""The roster's columns. The headers are part of the file format: they are the same
Chinese words whatever the language of the interface, so they are not translated."""

from dataclasses import dataclass

MAX_ROWS = 300_000
# columns a file may use (the template's 7, the ignored ones, room for blank ones)
MAX_COLUMNS = 16
# rows scanned for the header row (a roster may have a title above it)
HEADER_SCAN_ROWS = 10
PROGRESS_EVERY = 2_000

NAME = "姓名"
ID_NUMBER = "身份证号"
PHONE = "手机号"
STARTED_ON = "入会日期"
EMPLOYER = "所在单位"
EMPLOYMENT_KIND = "用工形式"
PLATFORM = "平台类别"

# columns the error report adds; a corrected report can be uploaded again as it is
ROW_NUMBER = "行号"
ERRORS = "错误说明"


@dataclass(frozen=True)
class Column:
    header: str
    required: bool
    example: str


# the template's example row: valid, so that it shows every column right, and refused if
# it is left in a file (it is nobody's ID number)
EXAMPLE_ID_NUMBER = "110101199003071233"

COLUMNS = (
    Column(NAME, True, "张伟"),
    Column(ID_NUMBER, True, EXAMPLE_ID_NUMBER),
    Column(PHONE, True, "13812345678"),
    Column(STARTED_ON, True, "2024-03-01"),
    Column(EMPLOYER, False, "甲科技有限公司"),
    Column(EMPLOYMENT_KIND, False, "单位职工"),
    Column(PLATFORM, False, ""),
)
HEADERS = tuple(column.header for column in COLUMNS)
REQUIRED = tuple(column.header for column in COLUMNS if column.required)
# the error report's own columns, left out when a corrected report is uploaded again
REPORT_COLUMNS = (ROW_NUMBER, ERRORS)
# columns a file may have besides the template's, which the import does not read
IGNORED = (*REPORT_COLUMNS, "序号", "备注")
