"""A program saved in a transaction gets a new stamp again once the transaction commits: a card made in between, from
the data before the commit, is never read under the stamp after it (core.generation). Its own file: it commits."""

import pytest
from django.db import transaction

from core.generation import record_stamps
from programs.models import Program
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_save_in_a_transaction_moves_the_stamp_again_once_committed():
    first, second = ProgramFactory(), ProgramFactory()
    with transaction.atomic():
        first.save()
        shared, during, _ = record_stamps([(Program, first.pk), (Program, second.pk)])
        assert during[Program, first.pk] != 0
    after_shared, after, _ = record_stamps([(Program, first.pk), (Program, second.pk)])
    assert after[Program, first.pk] not in (0, during[Program, first.pk])
    assert after[Program, second.pk] == during[Program, second.pk] and after_shared == shared  # the other's stays
