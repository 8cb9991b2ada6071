import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.urls import reverse


class Command(BaseCommand):
    help = "Create a local admin account if there is none, and print its password once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("An admin account already exists; its password is unchanged.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(self.style.SUCCESS(f"Admin account created. User name: {username}  Password: {password}"))
        # make run serves on 127.0.0.1:8000; the admin's path follows ADMIN_URL.
        self.stdout.write(f"This password is shown once. Sign in at http://127.0.0.1:8000{reverse('admin:index')}")
