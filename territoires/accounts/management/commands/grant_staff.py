"""Give a user the network staff role: ``manage.py grant_staff <e-mail>``."""

from django.core.management.base import BaseCommand, CommandError

from territoires.accounts.models import User
from territoires.accounts.services import user_grant_staff


class Command(BaseCommand):
    help = "Donne le rôle « équipe du réseau » à un utilisateur déjà connecté une fois."

    def add_arguments(self, parser):
        parser.add_argument("email", help="adresse électronique du compte")

    def handle(self, *args, email: str, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(
                f"Aucun compte avec l’adresse {email} : la personne doit d’abord se connecter."
            )
        user_grant_staff(user=user)
        self.stdout.write(f"{user} fait maintenant partie de l’équipe du réseau.")
