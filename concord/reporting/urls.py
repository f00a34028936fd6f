from django.urls import path

from concord.reporting import board_pack_views, views

app_name = "reporting"

urlpatterns = [
    path("quarterly/", views.quarterly, name="quarterly"),
    path("partnership/", views.partnership, name="partnership"),
    path("needs-assessment/", views.needs_pack, name="needs_assessment"),
    path("strategy/", views.strategy_targets, name="strategy_targets"),
    path("strategy/<slug:code>/", views.strategy_target, name="strategy_target"),
    path("board-pack/", board_pack_views.board_packs, name="board-packs"),
    path("board-pack/<uuid:pack_id>/", board_pack_views.board_pack, name="board-pack"),
    path(
        "board-pack/<uuid:pack_id>/download.<str:file_format>",
        board_pack_views.board_pack_download,
        name="board-pack-download",
    ),
]
