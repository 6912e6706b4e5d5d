"""The operations tests that need the cast (the media-storage journey) use the one people fixture."""

from tests.gabinete.people import people, people_cast  # noqa: F401
