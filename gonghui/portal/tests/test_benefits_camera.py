"""The cashier scans the member's voucher with the phone's camera: Chromium's fake camera
films the voucher's QR code (a Y4M video written here from the code, drawn as the portal
draws it), the redemption page's scanner (qr-scanner, from the npm registry) reads
it and the voucher is redeemed."""

from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from gonghui.benefits.choices import Channel
from gonghui.benefits.selectors.portal import voucher_qr
from gonghui.benefits.services import suppliers
from gonghui.benefits.services.claims import voucher_claim
from gonghui.benefits.tests import fixtures as fx
from gonghui.core.testing import PASSWORD, World, build_world
from gonghui.core.testing_browser import BROWSER_MARKS, PHONE_SCREEN, open_page, staff_sign_in

pytestmark = BROWSER_MARKS
WIDTH, HEIGHT = 640, 480


def film(text: str, path: Path, frames: int = 30) -> None:
    """A Y4M video (4:2:0) of ``text``'s QR code on white, still, ``frames`` long."""
    buffer = BytesIO()
    voucher_qr(text).save(buffer, kind="png", scale=10, border=4)
    code = Image.open(buffer).convert("RGB")
    side = min(HEIGHT - 40, code.width)
    canvas = Image.new("RGB", (WIDTH, HEIGHT), "white")
    canvas.paste(code.resize((side, side)), ((WIDTH - side) // 2, (HEIGHT - side) // 2))
    y, cb, cr = canvas.convert("YCbCr").split()
    half = (WIDTH // 2, HEIGHT // 2)
    frame = b"FRAME\n" + y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    header = f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + frame * frames)


@pytest.fixture
def world(tmp_path: Path) -> World:
    world = build_world()
    item = fx.movie(world, stock=5)
    campaign = fx.published(world, items=[item], title="职工观影季")
    suppliers.supplier_account_create(
        actor=world.system, supplier=item["supplier"], username="cashier", password=PASSWORD
    )
    user, _membership = fx.member(world)
    claimed = voucher_claim(
        actor=user,
        campaign=campaign,
        item_id=fx.first_item(campaign).pk,
        idempotency_key="camera",
        channel=Channel.PORTAL,
    )
    world.extra["code"] = claimed.voucher.code
    world.extra["video"] = tmp_path / "voucher.y4m"
    film(claimed.voucher.code, world.extra["video"])
    return world


@pytest.fixture
def phone(world: World) -> Iterator[Any]:
    camera = (
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={world.extra['video']}",
    )
    yield from open_page(PHONE_SCREEN, phone=True, args=camera, permissions=("camera",))


def test_the_cashier_scans_the_vouchers_qr_code_with_the_camera(
    world: World, phone: Any, live_server: Any
) -> None:
    base = live_server.url
    staff_sign_in(phone, base, "cashier", home=False)
    phone.goto(f"{base}/benefits/redeem/")
    phone.locator("[data-scan-start]").click()
    # the scanner submits the code it read; the page comes back with the outcome
    phone.get_by_text("核销成功").wait_for(timeout=30_000)
    assert f"{world.extra['code'][:4]}-" in phone.inner_text("body")
