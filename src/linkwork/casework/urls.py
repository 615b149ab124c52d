from django.urls import path

from linkwork.casework.views import agencies, cases, handover, notes, outcomes, plans, sessions

# Included through casefile/urls.py, which adds the case page and closing.
app_name = "casework"
urlpatterns = [
    path("cases/<int:pk>/notes/new/", notes.add_note, name="add_note"),
    path("cases/<int:pk>/needs/new/", cases.add_need, name="add_need"),
    path("cases/<int:pk>/complexity/", cases.set_complexity, name="set_complexity"),
    path("cases/<int:pk>/practice-sharing/", cases.practice_sharing, name="practice_sharing"),
    path("cases/<int:pk>/reopen/", cases.reopen, name="reopen"),
    path("cases/<int:pk>/agencies/new/", agencies.add_agency, name="add_agency"),
    path("cases/<int:pk>/holding/", agencies.hold, name="hold"),
    path("cases/<int:pk>/holding/end/", agencies.end_holding, name="end_holding"),
    path("agencies/<int:pk>/", agencies.edit_agency, name="agency"),
    path("agencies/<int:pk>/end/", agencies.end_agency, name="end_agency"),
    path("cases/<int:pk>/reassign/", handover.reassign, name="reassign"),
    path("cases/<int:pk>/sessions/new/", sessions.new_session, name="new_session"),
    path("cases/<int:pk>/sessions/book/", sessions.book_session, name="book_session"),
    path("cases/<int:pk>/goals/new/", plans.new_goal, name="new_goal"),
    path("cases/<int:pk>/outcomes/new/", outcomes.new_outcome, name="new_social_outcome"),
    path("social-outcomes/<int:pk>/", outcomes.edit_outcome, name="social_outcome"),
    path("workers/<int:pk>/cases/", handover.worker_cases, name="worker_cases"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session"),
    path("sessions/<int:pk>/check-in/", sessions.check_in, name="check_in"),
    path("sessions/<int:pk>/check-out/", sessions.check_out, name="check_out"),
    path("notes/<int:pk>/correct/", notes.correct_note, name="correct_note"),
    path("goals/<int:pk>/", plans.edit_goal, name="goal"),
    path("goals/<int:pk>/actions/new/", plans.new_action, name="new_action"),
    path("actions/<int:pk>/", plans.edit_action, name="action"),
]
