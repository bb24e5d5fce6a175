"""The demo logins `make run` prints. Demo only: seed_demo refuses production unless forced."""

from dataclasses import dataclass

DEMO_PASSWORD = "hoctap-2025"  # noqa: S105 - a published demo password, never a real one


@dataclass(frozen=True)
class DemoAccount:
    username: str
    description: str


DEMO_ACCOUNTS = [
    DemoAccount("admin", "quản trị viên / administrator"),
    DemoAccount("trainer", "giảng viên, soạn khoá học / trainer, publishes courses"),
    DemoAccount("hr", "cán bộ tổ chức toàn tỉnh / HR officer, whole province"),
    DemoAccount("hr.tanuyen", "cán bộ tổ chức TP. Tân Uyên / HR officer, Tân Uyên only"),
    DemoAccount("learner", "công chức Sở TT&TT / civil servant, learner"),
    DemoAccount("citizen", "người dân phường Khánh Bình / citizen of Khánh Bình"),
]
