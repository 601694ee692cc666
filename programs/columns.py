"""The columns of the programs and events data sets, read by the open data files and by the admin's import and
export: one list for both, so a downloaded file can be edited and imported back."""

from core.columns import columns

PROGRAM_COLUMNS = columns(
    ("title_ko", "제목(한국어)", "Title (Korean)"),
    ("title_en", "제목(영어)", "Title (English)"),
    ("summary_ko", "요약(한국어)", "Summary (Korean)"),
    ("summary_en", "요약(영어)", "Summary (English)"),
    ("category__slug", "분야", "Field"),
    ("organizer__slug", "주관 기관", "Organizer"),
    ("co_organizers", "공동 주관 기관", "Co-organizers", True),
    ("audiences", "지원 대상", "Audiences", True),
    ("min_age", "최소 나이", "Minimum age"),
    ("max_age", "최대 나이", "Maximum age"),
    ("min_business_years", "최소 업력(년차)", "Minimum business years"),
    ("max_business_years", "최대 업력(년차)", "Maximum business years"),
    ("application_opens_at", "접수 시작", "Applications open"),
    ("application_closes_at", "접수 마감", "Applications close"),
    ("rolling", "상시 접수", "Rolling"),
    ("expected_opening", "접수 예정 월", "Expected opening month"),
    ("expected_support_ko", "예상 지원 규모", "Expected support"),
    ("expected_places", "예상 선발 규모", "Expected places"),
    ("program_starts_on", "사업 시작일", "Program starts"),
    ("program_ends_on", "사업 종료일", "Program ends"),
    ("benefit_ko", "지원 내용(한국어)", "Benefit (Korean)"),
    ("benefit_en", "지원 내용(영어)", "Benefit (English)"),
    ("apply_url", "신청 링크", "Application link"),
    ("source_url", "출처", "Source"),
    ("published_at", "게시 일시", "Published at"),
    ("updated_at", "수정 일시", "Updated at"),
)

EVENT_COLUMNS = columns(
    ("title_ko", "제목(한국어)", "Title (Korean)"),
    ("title_en", "제목(영어)", "Title (English)"),
    ("summary_ko", "요약(한국어)", "Summary (Korean)"),
    ("summary_en", "요약(영어)", "Summary (English)"),
    ("starts_at", "시작 일시", "Starts at"),
    ("ends_at", "종료 일시", "Ends at"),
    ("venue_name_ko", "장소(한국어)", "Venue (Korean)"),
    ("venue_name_en", "장소(영어)", "Venue (English)"),
    ("venue_address_ko", "주소", "Address"),
    ("directions_ko", "찾아오는 길", "Directions"),
    ("online_url", "온라인 링크", "Online link"),
    ("registration_url", "참가 신청 링크", "Registration link"),
    ("category__slug", "분야", "Field"),
    ("organizer__slug", "주관 기관", "Organizer"),
    ("co_hosts", "공동 주최 기관", "Co-hosts", True),
    ("program__slug", "관련 지원사업", "Program"),
    ("capacity", "정원", "Capacity"),
    ("updated_at", "수정 일시", "Updated at"),
)
