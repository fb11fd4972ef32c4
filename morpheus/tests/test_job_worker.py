import pytest

from morpheus.job_worker import is_job_inserted


@pytest.mark.parametrize(
    "payload, passed_on",
    [
        ('{"type": "job_inserted", "job_id": 12}', True),
        ('{"type": "abort_job_requested", "job_id": 12}', False),
        ("not json", False),
        ("", False),
        ("[]", False),
        ("null", False),
        ('{"job_id": 12}', False),
        ('"job_inserted"', False),
    ],
)
def test_the_worker_hears_only_a_jobs_insert(payload, passed_on):
    assert is_job_inserted(payload) is passed_on
