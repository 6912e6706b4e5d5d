from tests.gabinete.people import people, people_cast  # noqa: F401
