"""What each kind of download-links event of an order did (its `data["action"]`), in
staff's words: the admin's timeline titles them so, and a stale page's refusal names the
order's last change so. Lifting a suspension writes the lift and, once the job has issued
them, the fresh links, both with staff's reason."""

LINK_EVENT_TITLES = {
    "issued": "Download links issued",
    "issued_one": "Download link issued",
    "library": "Download link issued",
    "reissued": "Download links replaced by fresh ones",
    "resend_asked": "Fresh download links asked for",
    "revoked": "Download links revoked",
    "unsuspended": "Downloads given back",
    "alert_dismissed": "Download links kept",
    "file_missing": "Download unavailable: the file is missing",
}
