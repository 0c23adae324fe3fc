from django.urls import path

from unionhall.voice import views, views_themes

app_name = "voice"
urlpatterns = [
    path("voice/", views.submit, name="submit"),
    path("voice/thanks/", views.thanks, name="thanks"),
    path("voice/paper/", views.paper_batch, name="paper_batch"),
    path("voice/mine/", views.mine, name="mine"),
    path("voice/board/", views.board, name="board"),
    path("voice/inbox/", views.inbox, name="inbox"),
    path("voice/all/", views.suggestion_list, name="list"),
    path("voice/all/bulk/", views.bulk, name="bulk"),
    path("voice/settings/", views.settings_page, name="settings"),
    path("voice/public-qr.svg", views.public_qr, name="public_qr"),
    path("voice/grouping/", views_themes.grouping, name="grouping"),
    path("voice/themes/", views_themes.themes, name="themes"),
    path("voice/themes/<int:pk>/", views_themes.theme_detail, name="theme"),
    path("voice/<int:pk>/", views.suggestion_detail, name="detail"),
    path("voice/<int:pk>/category/", views.categorise, name="categorise"),
    path("voice/<int:pk>/merge/", views.merge, name="merge"),
    path("voice/<int:pk>/route/", views.route, name="route"),
    path("voice/<int:pk>/publish/", views.publish, name="publish"),
    path("voice/<int:pk>/answer/", views.answer, name="answer"),
]
