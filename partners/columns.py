"""The columns of the institutes and agreements data sets (open data)."""

from core.columns import columns

PARTNER_COLUMNS = columns(
    ("name_ko", "이름(한국어)", "Name (Korean)"),
    ("name_en", "이름(영어)", "Name (English)"),
    ("short_name_ko", "약칭(한국어)", "Short name (Korean)"),
    ("short_name_en", "약칭(영어)", "Short name (English)"),
    ("kind", "유형", "Kind"),
    ("summary_ko", "요약(한국어)", "Summary (Korean)"),
    ("summary_en", "요약(영어)", "Summary (English)"),
    ("website", "웹사이트", "Website"),
    ("updated_at", "수정 일시", "Updated at"),
)

AGREEMENT_COLUMNS = columns(
    ("title_ko", "제목(한국어)", "Title (Korean)"),
    ("title_en", "제목(영어)", "Title (English)"),
    ("signed_on", "체결일", "Signed on"),
    ("place_ko", "장소(한국어)", "Place (Korean)"),
    ("place_en", "장소(영어)", "Place (English)"),
    ("parties", "참여 기관", "Parties", True),
    ("areas_ko", "협력 분야(한국어)", "Areas of cooperation (Korean)"),
    ("areas_en", "협력 분야(영어)", "Areas of cooperation (English)"),
    ("source_url", "출처", "Source"),
    ("updated_at", "수정 일시", "Updated at"),
)
