from django.urls import path

from unionhall.plans import views

app_name = "plans"
urlpatterns = [
    path("plans/", views.home, name="home"),
    path("plans/<int:year>/", views.plan_page, name="plan"),
    path("plans/<int:year>/start/", views.plan_create, name="create"),
    path("plans/<int:year>/goals/", views.goals_edit, name="goals"),
    path("plans/<int:year>/areas/new/", views.area_add, name="area_add"),
    path("plans/<int:year>/tasks/new/", views.task_add, name="task_add"),
    path("plans/<int:year>/check/", views.midyear_check, name="check"),
    path("plans/<int:year>/next/", views.draft_next, name="draft_next"),
    path("plans/<int:year>/plan.docx", views.plan_docx, name="docx"),
    path("plans/areas/<int:pk>/", views.area_edit, name="area_edit"),
    path("plans/tasks/<int:pk>/", views.task_edit, name="task_edit"),
    path("plans/tasks/<int:pk>/done/", views.task_tick, name="task_tick"),
]
