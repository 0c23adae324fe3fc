from django.urls import path

from unionhall.mentoring import views

app_name = "mentoring"
urlpatterns = [
    path("mentoring/", views.contract_list, name="list"),
    path("mentoring/mine/", views.my_contracts, name="mine"),
    path("mentoring/new/", views.contract_create, name="create"),
    path("mentoring/settings/", views.settings_edit, name="settings"),
    path("mentoring/<int:pk>/", views.contract_detail, name="detail"),
    path("mentoring/<int:pk>/contract.docx", views.contract_document, name="docx"),
    path("mentoring/<int:pk>/log/", views.log_create, name="log"),
    path("mentoring/pairs/<int:pk>/assess/", views.pair_assess, name="assess"),
]
