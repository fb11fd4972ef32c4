from django.urls import path

from invoicing import views

order_pages = [
    path(
        "orders/<order_number:number>/documents/<str:document_number>.pdf",
        views.document_download,
        name="document",
    ),
]
