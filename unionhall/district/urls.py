from django.urls import path

from unionhall.district import (
    views,
    views_assessment,
    views_calls,
    views_holidays,
    views_returns,
)

app_name = "district"
urlpatterns = [
    # The district's side.
    path("district/", views.home, name="home"),
    path("district/compare/", views.compare, name="compare"),
    path("district/compare.xlsx", views.compare_xlsx, name="compare_xlsx"),
    path("district/summary.docx", views.summary_docx, name="summary_docx"),
    path("district/returns/", views_returns.returns_index, name="returns_index"),
    path("district/returns/<int:year>/", views_returns.returns, name="returns"),
    path("district/returns/<int:year>.xlsx", views_returns.returns_xlsx, name="returns_xlsx"),
    path("district/returns/<int:year>/chase/", views_returns.returns_chase, name="returns_chase"),
    path(
        "district/returns/<int:year>/<slug:school>/",
        views_returns.return_detail,
        name="return_detail",
    ),
    path("district/calls/", views_calls.calls, name="calls"),
    path("district/calls/<int:pk>/", views_calls.call, name="call"),
    path("district/calls/<int:pk>/chase/", views_calls.call_chase, name="call_chase"),
    path("district/calls/<int:pk>/template/", views_calls.call_template, name="call_template"),
    path("district/replies/<int:pk>/file/", views_calls.reply_file, name="reply_file"),
    path("district/holidays/", views_holidays.holidays_page, name="holidays"),
    path("district/congress-reports/", views_calls.congress_reports, name="congress_reports"),
    path("district/assessment/", views_assessment.assessment_index, name="assessment_index"),
    path("district/assessment/<int:year>/", views_assessment.assessment_ranking, name="assessment"),
    path("district/assessment/<int:year>.xlsx", views_assessment.ranking_xlsx, name="ranking_xlsx"),
    path(
        "district/assessment/<int:year>/<slug:school>/",
        views_assessment.assessment_school,
        name="assessment_school",
    ),
    path("district/evidence/<int:pk>/", views_assessment.evidence_file, name="evidence_file"),
    path("district/rubrics/<int:pk>/", views_assessment.rubric, name="rubric"),
    # The school's side.
    path("to-district/", views_returns.my_home, name="my_home"),
    path("to-district/return/<int:year>/", views_returns.my_return, name="my_return"),
    path("to-district/calls/", views_calls.my_calls, name="my_calls"),
    path("to-district/calls/<int:pk>/reply/", views_calls.call_reply, name="call_reply"),
    path(
        "to-district/calls/<int:pk>/template/",
        views_calls.my_call_template,
        name="my_call_template",
    ),
    path(
        "to-district/assessment/<int:year>/", views_assessment.my_assessment, name="my_assessment"
    ),
    path(
        "to-district/evidence/<int:pk>/", views_assessment.my_evidence_file, name="my_evidence_file"
    ),
]
