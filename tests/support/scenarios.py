"""A small scenario in our JSON format: two parties, a venue and a start date."""

SCENARIO = {
    "format": "pourparler-scenario/1",
    "name": "Venue and timing",
    "issues": [
        {"name": "venue", "kind": "options", "options": ["Geneva", "Oslo", "Doha"]},
        {"name": "start", "kind": "range", "min": 0, "max": 30, "step": 10, "unit": "days"},
    ],
    "parties": [
        {
            "name": "North",
            "kind": "additive",
            "weights": {"venue": 2, "start": 1},
            "ratings": {"venue": {"Geneva": 3, "Oslo": 2, "Doha": 1}},
            "curves": {"start": {"shape": "falling"}},
            "reservation": 0.2,
        },
        {
            "name": "South",
            "kind": "additive",
            "weights": {"venue": 1, "start": 1},
            "ratings": {"venue": {"Geneva": 1, "Oslo": 2, "Doha": 3}},
            "curves": {"start": {"shape": "rising"}},
            "red_lines": {"venue": ["Geneva"]},
        },
    ],
}
