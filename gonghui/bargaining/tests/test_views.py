"""The staff pages through real HTTP: the contract list, opening a process, its page
with the step bar and the steps the engine offers, a step refused on the field it names
with nothing written, and another union's contract answered 404."""

from datetime import date

import pytest
from django.urls import reverse

from gonghui.bargaining.choices import Status
from gonghui.bargaining.models import Contract
from gonghui.bargaining.tests import fixtures as f
from gonghui.core.testing import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def test_a_union_opens_a_process_and_takes_the_steps_on_its_pages(client, world: World) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("union_a_staff"))

    response = client.post(
        reverse("bargaining:contract_create"),
        {
            "organization": world.union_a.pk,
            "kind": "wage",
            "title": "甲公司工资专项集体合同",
            "employer_name": "甲科技有限公司",
            "opened_on": "2022-01-04",
        },
    )
    contract = Contract.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "bargaining:contract_detail", args=[contract.pk]
    )
    assert list(contract.entities.all()) == [world.entity_a]  # blank: the union's firms

    page = client.get(response["Location"]).content.decode()
    assert 'class="stepbar"' in page and 'aria-current="step"' in page
    assert reverse("bargaining:contract_step", args=[contract.pk, "name_representatives"]) in page
    assert reverse("bargaining:contract_step", args=[contract.pk, "offer"]) not in page

    step = reverse("bargaining:contract_step", args=[contract.pk, "name_representatives"])
    bad = client.post(
        step,
        {
            "workers": "张主席，工会主席\n王代表",
            "employer": "刘总\n陈经理",
            "named_on": "2022-01-05",
        },
    )
    assert bad.status_code == 200 and "每方至少 3 人" in bad.content.decode()
    assert Contract.objects.get().status == Status.OPENED

    good = client.post(
        step,
        {
            "workers": "张主席，工会主席\n王代表\n赵代表",
            "employer": "刘总，总经理\n陈经理\n孙经理",
            "named_on": "2022-01-05",
        },
    )
    assert good.status_code == 302
    contract = Contract.objects.get()
    assert (contract.status, contract.workers_chief, contract.employer_chief) == (
        Status.NAMED,
        "张主席",
        "刘总",
    )


def test_a_step_the_state_does_not_allow_is_not_offered(client, world: World) -> None:  # type: ignore[no-untyped-def]
    contract = f.contract(world)
    client.force_login(world.user("union_a_staff"))

    response = client.post(
        reverse("bargaining:contract_step", args=[contract.pk, "sign"]),
        {
            "signed_on": "2022-03-01",
            "term_start": "2022-03-01",
            "term_end": "2025-02-28",
            "sealed": "on",
        },
    )

    assert response.status_code == 200 and "审议通过后才能签字" in response.content.decode()
    assert Contract.objects.get().signed_on is None


def test_a_report_dated_before_the_signature_is_refused_on_its_field(client, world: World) -> None:  # type: ignore[no-untyped-def]
    contract = f.signed(world)
    client.force_login(world.user("union_a_staff"))
    step = reverse("bargaining:contract_step", args=[contract.pk, "report"])

    refused = client.post(step, {"department": "区人社局", "reported_on": "2022-03-19"})
    assert "不能早于 2022-03-20" in refused.content.decode()
    assert (
        client.post(step, {"department": "区人社局", "reported_on": "2022-03-25"}).status_code
        == 302
    )
    assert Contract.objects.get().review_ends_on == date(2022, 4, 11)  # 9 April: a Saturday


def test_another_union_gets_404(client, world: World) -> None:  # type: ignore[no-untyped-def]
    contract = f.contract(world)
    client.force_login(world.user("union_b_staff"))

    assert client.get(reverse("bargaining:contract_detail", args=[contract.pk])).status_code == 404
    assert (
        client.get(
            reverse("bargaining:contract_step", args=[contract.pk, "name_representatives"])
        ).status_code
        == 404
    )


def test_the_federation_sets_a_new_rule_and_a_bad_one_is_refused(client, world: World) -> None:  # type: ignore[no-untyped-def]
    from gonghui.bargaining.models import Policy

    client.force_login(world.user("fed_staff"))
    url = reverse("bargaining:policy_create")
    form = {
        "effective_from": "2026-01-01",
        "manager_cap": "120",
        "assembly_below": "0",
        "renewal_lead_days": "60",
        "basis": "",
    }

    refused = client.post(url, form).content.decode()
    assert "0 至 100" in refused and "至少为 1" in refused and "请填写依据" in refused
    assert Policy.objects.count() == 1

    saved = client.post(
        url, {**form, "manager_cap": "25", "assembly_below": "100", "basis": "试行"}
    )
    assert saved.status_code == 302 and Policy.objects.count() == 2
    assert "25.00%" in client.get(reverse("bargaining:settings")).content.decode()
