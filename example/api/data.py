"""An in-memory catalogue, so the example needs no models of its own."""

BOOKS = {
    1: {"id": 1, "title": "Two Scoops of Django", "isbn": "9780981467344", "year": 2020},
    2: {
        "id": 2,
        "title": "Designing Data-Intensive Applications",
        "isbn": "9781449373320",
        "year": 2017,
    },
}

# Reading lists created through ``/api/<flavour>/lists/`` (demo data: lost on restart).
READING_LISTS = {
    1: {
        "id": 1,
        "name": "Django classics",
        "owner": {"name": "Ada", "email": "ada@example.test"},
        "entries": [{"isbn": "9780981467344", "finished": True, "rating": 5}],
        "tags": ["django"],
    },
}


def add_reading_list(values):
    """Store a new reading list under the next free id and return it."""
    reading_list = {"id": max(READING_LISTS, default=0) + 1, **values}
    READING_LISTS[reading_list["id"]] = reading_list
    return reading_list
