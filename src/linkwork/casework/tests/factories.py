import random
from datetime import date, timedelta

import factory

from linkwork.casework.models import Case, Person, Sex
from linkwork.core.chi import generate_chi
from linkwork.organisations.tests.factories import PracticeFactory

_rng = random.Random(7)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = "Jim"
    family_name = factory.Sequence(lambda n: f"McLean{n}")
    # A different birth date per person keeps the generated CHI numbers unique.
    date_of_birth = factory.Sequence(lambda n: date(1940, 1, 1) + timedelta(days=n * 7))
    sex = Sex.MALE
    chi = factory.LazyAttribute(lambda p: generate_chi(p.date_of_birth, p.sex, _rng))
    postcode = "G51 2AB"
    practice = factory.SubFactory(PracticeFactory)
    hscp = factory.LazyAttribute(lambda p: p.practice.cluster.hscp)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    person = factory.SubFactory(PersonFactory)
    link_worker = None
    practice = factory.SelfAttribute("person.practice")
    opened_on = date(2026, 10, 1)
