"""`hamdel run` is one process: the web server, jobs and live events share it."""

from pathlib import Path

from hamdel.server.tests.processes import (
    api_post,
    env_for,
    free_port,
    live_socket,
    next_event,
    seed_people,
    start,
    stop,
    wait_until_up,
)

NEW_CONVERSATION = {
    "subject": "Parcel never came",
    "channel": "email",
    "customer": {"name": "Cyrus Farahani", "email": "cyrus@example.com"},
    "message": {"body": "Where is my parcel?"},
}


def test_in_one_process_a_notice_sent_from_a_background_job_reaches_a_websocket(
    tmp_path: Path,
) -> None:
    env = env_for(tmp_path)
    env.pop("HAMDEL_DATABASE_URL", None)
    env.pop("HAMDEL_REDIS_URL", None)
    port = free_port()
    log = tmp_path / "run.log"
    server = start(["run", "--port", str(port)], env, log)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", server, log, 90)
        people = seed_people(env)
        with live_socket(port, people["session"]) as live:
            created = api_post(port, people["token"], "/conversations", NEW_CONVERSATION)
            arrived = next_event(live, "live.conversation", 2)
            assert arrived["number"] == created["number"]
            api_post(
                port,
                people["token"],
                f"/conversations/{created['id']}/notes",
                {"body": "@alice please call the courier"},
            )
            # The notification is pushed by a job that the Huey threads of this process run;
            # an idle SQLite consumer polls at most every 10 s (Huey's max_delay).
            notification = next_event(live, "live.notification", 15)
            assert notification["unread"] == 1
            assert notification["notification"]["kind"] == "mention"
    finally:
        stop(server)
