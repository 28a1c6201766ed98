from django.urls import path

from clinic.scheduling.views import appointments, calendar, feeds, reminders, worklist

app_name = "scheduling"

urlpatterns = [
    path("", calendar.day_view, name="day"),
    path("week/", calendar.week_view, name="week"),
    path("book/", appointments.book, name="book"),
    path("book/dogs/", appointments.dog_options, name="dog_options"),
    path("appointments/<int:appointment_id>/", appointments.detail, name="appointment"),
    path("appointments/<int:appointment_id>/action/", appointments.quick_action,
         name="quick_action"),
    path("appointments/<int:appointment_id>/undo/", appointments.undo, name="undo"),
    path("appointments/<int:appointment_id>/cancel/", appointments.cancel, name="cancel"),
    path("appointments/<int:appointment_id>/move/", appointments.move, name="move"),
    path("appointments/<int:appointment_id>/calendar.ics", appointments.ics, name="ics"),
    path("follow-ups/", worklist.follow_ups_due, name="follow_ups"),
    path("follow-ups/<int:follow_up_id>/slots/", worklist.follow_up_proposals,
         name="follow_up_slots"),
    path("change-requests/<int:change_request_id>/handled/", worklist.change_request_handled,
         name="change_request_handled"),
    path("reminders/problems/", reminders.reminder_problems, name="reminder_problems"),
    path("feed/<str:feed_token>.ics", feeds.owner_feed, name="owner_feed"),
]
