"""A membership change drops that person's cached list of sites on every node."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from clinic.sites.models import MEMBERSHIP_CACHE_KEY, SiteMembership


@receiver(post_save, sender=SiteMembership)
@receiver(post_delete, sender=SiteMembership)
def forget_memberships(sender, instance, **kwargs):
    key = MEMBERSHIP_CACHE_KEY.format(user_id=instance.user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
