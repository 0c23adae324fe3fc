from django.urls import path

from unionhall.reports import views

app_name = "reports"
urlpatterns = [
    path("summary/", views.summary_page, name="summary"),
    path("summary/narrative/", views.narrative_add, name="narrative_add"),
    path("summary/narrative/<int:pk>/", views.narrative_edit, name="narrative_edit"),
    path("summary/narrative/<int:pk>/remove/", views.narrative_remove, name="narrative_remove"),
    path("summary/problem/", views.problem_choose, name="problem_choose"),
    path("summary.docx", views.summary_docx, name="summary_docx"),
    path("summary/chart/<slug:section>/<int:number>.png", views.summary_chart, name="chart"),
    path("indicator/<str:name>/", views.indicator_records, name="records"),
    path("template/", views.template_settings, name="template"),
    path("template/summary.docx", views.template_download, name="template_download"),
    path("template/reset/", views.template_reset, name="template_reset"),
]
