import json
import logging
import threading
import urllib.error
import urllib.request

import pytest
from django.urls import reverse

from morpheus.observability import log_context, redact
from morpheus_testing.factories import UserFactory

SECRETS = [
    "sk_test_51abcDEF0123456789abcdef",
    "pk_live_0123456789abcdefABCDEF",
    "whsec_abc123DEF456",
    "pi_3Abc123_secret_XyZ987",
    "seti_1Abc_secret_Q",
    "mo_" + "Zk3v9QeJ8xP0aLm2Vb7nRt4Ys1Wc6Ud5Hf8Gi0Kj2L",  # outside probe FL-2: in ?token=
]


@pytest.mark.parametrize("secret", SECRETS)
def test_redact_masks_keys_and_client_secrets(secret):
    assert secret not in redact(f"calling stripe with {secret} now")


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        ("/downloads/", "/downloads/"),
        # Outside probe FY-5: 404s, logged whole, whose token downloads at the right path.
        ("/Downloads/", "/Downloads/"),
        ("/downloads//", "/downloads//"),
        ("/DOWNLOADS%2F", "/DOWNLOADS%2F"),
    ],
)
def test_redact_masks_download_tokens_but_keeps_the_path(path, kept):
    line = redact(f"GET {path}Zk3v9QeJ8xP0aLm2Vb7nRt4Ys1Wc6Ud5Hf8Gi0Kj2Lo/ 404")

    assert "Zk3v9QeJ8xP0aLm2Vb7nRt4Ys1Wc6Ud5Hf8Gi0Kj2Lo" not in line
    assert f"{kept}[redacted]" in line


def test_redact_keeps_the_library_path():
    assert redact("GET /downloads/library/12/3/ 200") == "GET /downloads/library/12/3/ 200"


GUEST_ORDER_TOKEN = "eyJvcmRlciI6MTAsImd1ZXN0Ijo4fQ:1xYGYk:AgiN408D52pslVg3vtnzn1j3RmmPl_ic4tuE"
RESET_TOKEN = "diw7ne-919f3c5e0c0b1f7a2e6d4c"
VERIFY_TOKEN = "eJyrVkrOz0vOz0lVslIqzs9NVdJRSs1Lzs9JTQEAZ6UIjQ:1xYGZ2:Qm9vb2xlYW5z"


@pytest.mark.parametrize(
    ("name", "args", "token"),
    [
        ("guest_order", [GUEST_ORDER_TOKEN], GUEST_ORDER_TOKEN),
        ("password_reset_confirm", ["NQ", RESET_TOKEN], RESET_TOKEN),
        ("verify_email", [VERIFY_TOKEN], VERIFY_TOKEN),
    ],
)
def test_redact_masks_the_links_that_are_their_own_credential(name, args, token):
    path = reverse(name, args=args)

    line = redact(f'"GET {path} HTTP/1.1" 302 0')

    assert token not in line
    assert "[redacted]" in line


def test_redact_keeps_the_password_reset_form_after_its_token_went_to_the_session():
    path = reverse("password_reset_confirm", args=["NQ", "set-password"])

    assert redact(f"GET {path}") == f"GET {path}"


def test_log_lines_are_json_with_request_id_and_order_context(log_output):
    with log_context(order_number="MO-2026-000001", stripe_event_id="evt_1"):
        logging.getLogger("morpheus.test").info("paid with %s", "sk_test_51abcDEF0123456789")

    record = json.loads(log_output.getvalue().strip().splitlines()[-1])
    assert record["message"] == "paid with [redacted]"
    assert record["order_number"] == "MO-2026-000001"
    assert record["stripe_event_id"] == "evt_1"
    assert record["level"] == "INFO"
    assert "request_id" in record


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="abcdef0123456789")

    assert response["X-Request-ID"] == "abcdef0123456789"


@pytest.mark.django_db
def test_an_api_refusal_is_logged_with_the_request_id_its_answer_carries(log_output, token_client):
    """Found by an outside probe: Django logs it after the middleware, and it said "-"."""
    client = token_client(UserFactory())

    response = client.post(
        "/api/v1/orders",
        "{}",
        content_type="application/vnd.api+json",
        HTTP_X_REQUEST_ID="abcdef0123456789",
    )

    logged = [json.loads(line) for line in log_output.getvalue().splitlines()]
    refusals = [line for line in logged if line["logger"] == "django.request"]
    assert response.status_code == 400
    assert [line["request_id"] for line in refusals] == ["abcdef0123456789"]


def test_request_details_and_tracebacks_in_logs_are_masked_too(log_output):
    token = "Zk3v9QeJ8xP0aLm2Vb7nRt4Ys1Wc6Ud5Hf8Gi0Kj2Lo"
    try:
        raise ValueError(f"no link for /downloads/{token}/")
    except ValueError:
        logging.getLogger("django.request").exception(
            "Internal Server Error: /downloads/%s/",
            token,
            extra={"request": f"GET /downloads/{token}/"},
        )

    output = log_output.getvalue()
    record = json.loads(output.strip().splitlines()[-1])
    assert token not in output
    assert record["request"] == "GET /downloads/[redacted]/"
    assert "ValueError: no link for /downloads/[redacted]/" in record["exc_info"]


@pytest.mark.parametrize(
    ("status", "level", "traceback"), [(403, "WARNING", False), (500, "ERROR", True)]
)
def test_a_refused_request_is_a_warning_without_traceback_and_a_server_error_keeps_both(
    log_output, status, level, traceback
):
    try:
        raise ValueError("the cause")
    except ValueError:
        logging.getLogger("django.request").error(
            "Refused: /x/", exc_info=True, extra={"status_code": status}
        )

    record = json.loads(log_output.getvalue().strip().splitlines()[-1])
    assert record["level"] == level
    assert ("exc_info" in record) is traceback


@pytest.mark.parametrize("status", [200, 302])
def test_the_development_servers_line_for_an_answered_request_stays_information(log_output, status):
    """Outside probe CO-4: `make run` logged every page it served as a WARNING."""
    logging.getLogger("django.server").info('"GET / HTTP/1.1"', extra={"status_code": status})

    record = json.loads(log_output.getvalue().strip().splitlines()[-1])
    assert record["level"] == "INFO"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "headers", "body", "logger"),
    [
        ("/accounts/password/reset/", {"HTTP_HOST": "evil.example"}, {}, "DisallowedHost"),
        ("/cart/code/", {}, {"code": "A" * 3_000_000}, "RequestDataTooBig"),
    ],
)
def test_a_request_for_another_host_or_too_large_is_a_warning_without_traceback(
    client, log_output, path, headers, body, logger
):
    """Found by an outside probe: anyone could write ERROR lines with tracebacks."""
    response = client.post(path, body, **headers)

    logged = [json.loads(line) for line in log_output.getvalue().splitlines()]
    refusals = [line for line in logged if line["logger"] == f"django.security.{logger}"]
    assert response.status_code == 400
    assert [line["level"] for line in refusals] == ["WARNING"]
    assert "exc_info" not in refusals[0]


@pytest.mark.parametrize("before", ["\x00", "%00", "\\x00", "\\u0000", "%2F%00"])
@pytest.mark.parametrize(
    ("prefix", "token"),
    [
        ("/downloads/", "Zk3v9QeJ8xP0aLm2Vb7nRt4Ys1Wc6Ud5Hf8Gi0Kj2Lo"),
        ("/accounts/guest/order/", GUEST_ORDER_TOKEN),
        ("/accounts/email/verify/", VERIFY_TOKEN),
    ],
)
def test_redact_masks_a_token_a_client_put_junk_before(before, prefix, token):
    """Found by an outside probe: `/downloads/%00<token>/` was logged with a token that
    still worked."""
    line = redact(f"Bad request: {prefix}{before}{token}/")

    assert token[:12] not in line
    assert f"{prefix}[redacted]/" in line


def escaped(text: str, char: str) -> str:
    return text.replace(char, f"%{ord(char):02X}")


DOWNLOAD_TOKEN = "svlBy4lMYNjrB63mqMSIElYWTK6VVw0kzKrEVze18AU"


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        (f"/downloads/{escaped(DOWNLOAD_TOKEN, 'j')}/", "/downloads/"),
        (f"/downloads/{DOWNLOAD_TOKEN.replace('U', '%55')}/", "/downloads/"),
        (f"/down%6coads%2F{DOWNLOAD_TOKEN}/", "/down%6coads%2F"),
        (f"/accounts/guest/order/{escaped(GUEST_ORDER_TOKEN, ':')}/", "/accounts/guest/order/"),
        (f"/accounts/guest%2Forder/{GUEST_ORDER_TOKEN}/", "/accounts/guest%2Forder/"),
        (f"/accounts/email/verify/{escaped(VERIFY_TOKEN, ':')}/", "/accounts/email/verify/"),
        (
            f"/accounts/password/reset/NQ/{escaped(RESET_TOKEN, '-')}/",
            "/accounts/password/reset/NQ/",
        ),
        (f"/accounts/password/reset/NQ%2F{RESET_TOKEN}/", "/accounts/password/reset/NQ%2F"),
    ],
)
def test_redact_masks_a_token_whatever_characters_of_its_link_a_client_escaped(path, kept):
    """Found by an outside probe: `/downloads/svlBy4lMYN%6ArB63…/` was served and logged
    whole, and a guest link's `%3A` separators left its timestamp and signature in clear."""
    line = redact(f'"HEAD {path} HTTP/1.1" 200 0')

    assert line == f'"HEAD {kept}[redacted]/ HTTP/1.1" 200 0'


@pytest.mark.django_db(transaction=True)
def test_the_development_servers_line_carries_the_request_id_its_answer_carries(log_output):
    """Outside probe FY-6: `make run`'s line for each request said `"request_id": "-"` and
    dumped the connection's socket."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer

    server = WSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    server.set_app(WSGIHandler())  # as runserver's, without setting up logging again
    serving = threading.Thread(target=server.serve_forever)
    serving.start()
    try:
        for request_id in ("abcdef0123456789", "0123456789abcdef"):
            asked = urllib.request.Request(
                f"http://127.0.0.1:{server.server_port}/no-such-page/",
                headers={"X-Request-ID": request_id},
            )
            with pytest.raises(urllib.error.HTTPError) as answered:
                urllib.request.urlopen(asked, timeout=10)  # noqa: S310 - our own server
            assert answered.value.headers["X-Request-ID"] == request_id
    finally:
        server.shutdown()
        server.server_close()
        serving.join()

    logged = [json.loads(line) for line in log_output.getvalue().splitlines()]
    served = [line for line in logged if line["logger"] == "django.server"]
    assert [line["request_id"] for line in served] == ["abcdef0123456789", "0123456789abcdef"]
    assert not any("socket" in json.dumps(line) for line in served)
