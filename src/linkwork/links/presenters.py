"""Display logic for links: the status tag."""

LINK_TAGS = {
    "signposted": "nhsuk-tag--white",
    "draft": "nhsuk-tag--grey",
    "sent": "nhsuk-tag--blue",
    "acknowledged": "nhsuk-tag--aqua-green",
    "accepted": "nhsuk-tag--green",
    "declined": "nhsuk-tag--red",
    "first_attended": "nhsuk-tag--purple",
    "finished": "nhsuk-tag--white",
    "stopped": "nhsuk-tag--orange",
}


def link_status(link) -> dict:
    return {"text": link.get_status_display(), "classes": LINK_TAGS[link.status]}
