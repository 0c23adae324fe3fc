from django.urls import path

from unionhall.funds import views

app_name = "funds"
urlpatterns = [
    path("funds/", views.entry_list, name="list"),
    path("funds/new/", views.entry_create, name="create"),
    path("funds/ledger.xlsx", views.entry_export, name="export"),
    path("funds/budget/", views.budget, name="budget"),
    path("funds/opening-balance/", views.opening_balance, name="opening"),
    path("funds/disclosure/", views.disclosure, name="disclosure"),
    path("funds/disclosure.xlsx", views.disclosure_export, name="disclosure_export"),
    path("funds/<int:pk>/", views.entry_detail, name="detail"),
    path("funds/<int:pk>/reverse/", views.entry_reverse, name="reverse"),
    path("funds/<int:pk>/receipts/", views.receipt_add, name="receipt_add"),
    path("funds/receipts/<int:pk>/", views.receipt_file, name="receipt"),
    path("funds/receipts/<int:pk>/remove/", views.receipt_remove, name="receipt_remove"),
]
