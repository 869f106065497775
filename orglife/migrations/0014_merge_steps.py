"""Joins the steps built side by side in session 21 (talks, review, meeting, evaluation, rectification, dashboard)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('orglife', '0013_dashboard'),
        ('orglife', '0013_evaluation'),
        ('orglife', '0013_meeting'),
        ('orglife', '0013_rectification'),
        ('orglife', '0013_review'),
        ('orglife', '0013_talks'),
    ]

    operations = [
    ]
