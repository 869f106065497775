"""URLs of the review: a material's review page and its actions, the reviewer's queue,
the branch's personal materials, and the notifications."""

from django.urls import path

from orglife.review import views as review

urlpatterns = [
    path("review/", review.review_queue, name="review_queue"),
    path("review/approve/", review.review_bulk_approve, name="review_bulk_approve"),
    path("materials/<int:material_id>/review/", review.review_material, name="review_material"),
    path("materials/<int:material_id>/review/submit/", review.review_submit, name="review_submit"),
    path("materials/<int:material_id>/review/comment/", review.review_comment, name="review_comment"),
    path("materials/<int:material_id>/review/return/", review.review_return_view, name="review_return"),
    path("materials/<int:material_id>/review/approve/", review.review_approve_view, name="review_approve"),
    path(
        "materials/<int:material_id>/review/comments/<int:comment_id>/resolve/",
        review.review_resolve,
        name="review_resolve",
    ),
    path("materials/<int:material_id>/review/approved.pdf", review.review_approved_pdf, name="review_approved_pdf"),
    path("cycles/<int:cycle_id>/review/personal/", review.review_personal, name="review_personal"),
    path("notifications/", review.notification_list, name="notifications"),
    path("notifications/badge/", review.notification_badge, name="notifications_badge"),
    path("notifications/read/", review.notification_read, name="notifications_read"),
]
