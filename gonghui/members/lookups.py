"""The type-ahead kind ``person`` (``core.lookups``): workers in the actor's scope, found
by name and labelled with their employer (never an ID number or a phone)."""

from django.db.models import QuerySet

from gonghui.accounts.roles import MEMBERS_VIEW
from gonghui.core.lookups import Kind, register
from gonghui.core.scoping import Actor
from gonghui.members.models import Person


def _people(actor: Actor, action: str) -> QuerySet[Person]:
    return Person.objects.for_actor(actor, action).select_related("employer").order_by("name", "pk")


def _label(person: Person) -> str:
    employer = person.employer.name if person.employer else person.employer_name
    return f"{person.name}（{employer}）" if employer else person.name


register(
    "person",
    Kind(MEMBERS_VIEW, _people, lambda rows, text: rows.filter(name__icontains=text), _label),
)
