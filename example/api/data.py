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
