import pytest
from django.contrib.staticfiles import finders


@pytest.mark.django_db
def test_favicon_ico_leads_to_the_sites_icon_so_no_page_logs_a_404(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
    assert finders.find("img/favicon.svg")
