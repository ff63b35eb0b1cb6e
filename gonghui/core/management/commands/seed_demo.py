"""``manage.py seed_demo [--scale small|full] [--seed N] [--if-empty]``: load the demo
district (see ``gonghui.core.demo``) and print the demo users."""

import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gonghui.core import demo


def _quiet(line: str) -> None:
    pass


class Command(BaseCommand):
    help = (
        "Load demo data (a federation, stations, unions, legal entities, users of every "
        "role) through the services; the same seed gives the same data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=demo.SCALES,
            default=demo.SMALL,
            help="small: 3 stations, ~36 unions (seconds); full: 10 stations, the 2021 "
            "district (1,313 unions on 30 Nov 2021)",
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="when the database already holds data, only print the demo users",
        )

    def handle(self, *args: Any, scale: str, seed: int, if_empty: bool, **options: Any) -> None:
        if demo.is_populated():
            if not if_empty:
                raise CommandError(
                    "数据库中已有总工会数据，不再生成演示数据。"
                    "请使用 --if-empty，或先清空数据库（manage.py flush）。"
                )
            self.stdout.write("数据库中已有数据，跳过生成。")
            self._print_users()
            return
        started = time.monotonic()
        self.stdout.write(f"生成演示数据：scale={scale} seed={seed}")
        try:
            log = self.stdout.write if options["verbosity"] > 0 else _quiet
            ctx = demo.seed(scale=scale, seed=seed, log=log)
        except (demo.DemoError, ValidationError) as exc:
            raise CommandError(f"演示数据生成失败，未写入任何数据：{exc}") from exc
        for line in ctx.summary:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"完成，用时 {time.monotonic() - started:.1f} 秒"))
        self._print_users()

    def _print_users(self) -> None:
        rows = demo.user_rows(demo.demo_usernames())
        self.stdout.write("")
        self.stdout.write(demo.format_table(("用户名", "姓名", "角色", "范围"), rows))
        self.stdout.write(f"演示密码（所有账户）：{demo.DEMO_PASSWORD}")
        phone = demo.member_phone()
        if phone:
            self.stdout.write(
                f"会员门户 /portal/：用手机号 {phone} 获取验证码登录；"
                "开发环境不发短信，验证码打印在运行服务的终端中。"
            )
