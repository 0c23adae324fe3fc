"""The honours register (荣誉): every honour and prize of members and collectives, by
level and rank.
"""

from django.urls import path

from unionhall.honours import views

app_name = "honours"
urlpatterns = [
    path("honours/", views.register, name="register"),
    path("honours/register.xlsx", views.register_xlsx, name="register_xlsx"),
    path("honours/counts/", views.counts, name="counts"),
    path("honours/new/", views.honour_create, name="create"),
    path("honours/import/", views.import_upload, name="import"),
    path("honours/import/template.xlsx", views.import_template, name="import_template"),
    path("honours/import/<int:pk>/", views.import_preview, name="import_preview"),
    path("honours/<int:pk>/", views.honour_detail, name="detail"),
    path("honours/<int:pk>/edit/", views.honour_edit, name="edit"),
    path("honours/<int:pk>/withdraw/", views.honour_withdraw, name="withdraw"),
    path("honours/<int:pk>/evidence/", views.honour_evidence, name="evidence"),
]
