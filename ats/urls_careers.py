"""The public careers site, under /careers/ (no login anywhere here)."""

from django.urls import path

from ats.views import careers, careers_apply, careers_feeds, careers_status, self_schedule

app_name = "careers"
urlpatterns = [
    path("", careers.job_list, name="list"),
    path("brand.css", careers.brand_css, name="brand-css"),
    path("logo", careers.logo, name="logo"),
    path("community/", careers.community_join, name="community"),
    path("feeds/indeed.xml", careers_feeds.indeed_feed, name="feed-indeed"),
    path("feeds/jobs.rss", careers_feeds.rss_feed, name="feed-rss"),
    path("sitemap.xml", careers_feeds.sitemap, name="sitemap"),
    path("status/", careers_status.status_link_request, name="status-link"),
    path("status/<str:token>/", careers_status.status_page, name="status"),
    path("status/<str:token>/withdraw/<int:pk>/", careers_status.withdraw, name="status-withdraw"),
    path("status/<str:token>/resume/", careers_status.resume_update, name="status-resume"),
    path("status/<str:token>/data/", careers_status.data_request, name="status-data"),
    # Self-scheduling: the signed link a candidate gets to pick, move or cancel an interview.
    path("schedule/<str:token>/", self_schedule.schedule_page, name="schedule"),
    path("schedule/<str:token>/book/", self_schedule.book, name="schedule-book"),
    path("schedule/<str:token>/move/", self_schedule.reschedule, name="schedule-reschedule"),
    path("schedule/<str:token>/cancel/", self_schedule.cancel, name="schedule-cancel"),
    path("<slug:slug>/", careers.job_page, name="job"),
    path("<slug:slug>/apply/", careers_apply.apply_start, name="apply"),
    path("<slug:slug>/apply/<str:token>/", careers_apply.apply_finish, name="apply-finish"),
    path("<slug:slug>/thanks/<str:token>/", careers_apply.thanks, name="thanks"),
]
