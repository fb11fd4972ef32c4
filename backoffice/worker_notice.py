"""What staff are told, on the dashboard and the order page, while no job worker runs: the
emails, fulfilment, invoice numbers and refunds to Stripe that its jobs do all wait."""

from django.utils.html import format_html

from morpheus.health import job_worker_silence


def worker_silent_notice() -> str:
    silence = job_worker_silence()
    if silence is None:
        return ""
    if silence.last_heartbeat is None:  # a worker stopping removes its row
        since = "No job worker is running"
    else:
        since = format_html(
            'No job worker has reported since <span class="bo-when">{} UTC</span>',
            f"{silence.last_heartbeat:%Y-%m-%d %H:%M}",
        )
    return format_html(
        "{} ({} job{} due): customers' emails, fulfilment, invoice numbers and refunds to "
        "Stripe wait until one runs. Start the worker (README: Running in production) and "
        "watch the Jobs list.",
        since,
        silence.jobs_due,
        "" if silence.jobs_due == 1 else "s",
    )
