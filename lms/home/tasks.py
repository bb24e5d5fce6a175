import socket

from celery import shared_task

from .services import heartbeat_mark_processed


@shared_task(bind=True, acks_late=True, ignore_result=True)
def heartbeat_record(self, *, heartbeat_id: int) -> None:
    worker = self.request.hostname or socket.gethostname()
    heartbeat_mark_processed(heartbeat_id=heartbeat_id, worker=worker)
